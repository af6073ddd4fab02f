"""Coverage of the geographic model (DOMAIN.md §2, model 4): languages and local business hours.

S0 organizes the regional model "by time zone, language, local market" and lists time-zone
alignment, language and culture fit and follow-the-sun among its pros. This module answers, for a
drawn chart, the two questions behind those pros:

* languages — does every language the accounts of a region speak have a CSM seat in that region
  that speaks it? (:func:`assign_languages` places languages on seats, :func:`language_coverage`
  checks the result);
* hours — do the support seats' working hours (local business hours at their hub time zone) cover
  the UTC hours in which accounts work (:func:`time_zone_coverage`); ``follow_the_sun`` when they
  cover all 24.

Everything is pure. UTC offsets come from ``zoneinfo`` at a caller-given reference date (daylight
saving time depends on it), never from the clock. Accounts are grouped by unique time zone and
language first (few unique values, many accounts), so the work over accounts is numpy only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import numpy.typing as npt

from postsale.core.categorical import factorize
from postsale.core.msg import Msg

__all__ = [
    "GLOBAL",
    "UNASSIGNED",
    "apportion",
    "assign_languages",
    "coverage_summary",
    "factorize",
    "hour_masks",
    "language_coverage",
    "region_name",
    "time_zone_coverage",
    "utc_offset_hours",
]

HOURS = 24
UNASSIGNED = "Unassigned"  # the region key of accounts without a region (named in the catalogs)
GLOBAL = "Global"  # the region key of the one region of a book without a region column


def region_name(region: str) -> Msg:
    """A region's name in sentences: the user's own, or Unassigned / Global in the reader's
    language (the keys stay as they are in the data)."""
    if region == UNASSIGNED:
        return Msg("org_chart.unit.unassigned")
    if region == GLOBAL:
        return Msg("org_chart.unit.global")
    return Msg("org_chart.unit.named", name=region)


def _names(regions: Sequence[str]) -> Msg:
    """Region names joined with commas ("Americas, EMEA")."""
    out = region_name(regions[-1])
    for region in reversed(regions[:-1]):
        out = Msg("org_chart.join", head=region_name(region), tail=out)
    return out

StrArray = npt.NDArray[np.object_]
Codes = npt.NDArray[np.intp]
# A column already factorized: ``(labels, codes)`` as :func:`factorize` returns them.
Categorical = tuple[list[str], Codes]
BoolMatrix = npt.NDArray[np.bool_]


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` whole seats in proportion to ``weights`` (largest remainder, ties to the
    earlier weight). Zero weights get nothing unless every weight is zero (then the first gets all).
    """
    if not weights or total <= 0:
        return [0] * len(weights)
    w = np.asarray(weights, dtype=np.float64)
    s = float(w.sum())
    if s <= 0:
        return [total] + [0] * (len(weights) - 1)
    quota = total * w / s
    base = np.floor(quota + 1e-9).astype(np.int64)
    rest = total - int(base.sum())
    if rest > 0:
        order = np.argsort(-(quota - base), kind="stable")
        base[order[:rest]] += 1
    return [int(x) for x in base]


@lru_cache(maxsize=4096)
def utc_offset_hours(zone: str | None, reference_date: dt.date) -> float | None:
    """UTC offset of an IANA zone at noon local time on ``reference_date``; None when unknown.

    Cached: a plan asks for the same few zones hundreds of times (every chart, every what-if),
    and ``ZoneInfo`` keeps only 8 zones, re-reading the tz database for the rest."""
    if not zone:
        return None
    try:
        tz = ZoneInfo(str(zone))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    offset = dt.datetime.combine(reference_date, dt.time(12), tzinfo=tz).utcoffset()
    return None if offset is None else offset.total_seconds() / 3600.0


def hour_masks(offsets: npt.NDArray[np.float64], start_hour: float,
               end_hour: float) -> BoolMatrix:
    """``(n, 24)`` mask: UTC hour ``h`` ([h, h+1)) overlaps local ``start_hour``–``end_hour``.

    An overnight window (end ≤ start) wraps past midnight. NaN offsets give an all-False row.
    """
    offsets = np.asarray(offsets, dtype=np.float64).reshape(-1)
    length = (end_hour - start_hour) % HOURS or float(HOURS)
    start_utc = np.mod(start_hour - offsets, HOURS)[:, None]
    hours = np.arange(HOURS, dtype=np.float64)[None, :]
    inside = np.mod(hours - start_utc, HOURS) < length  # the hour starts inside the window
    starts_here = np.mod(start_utc - hours, HOURS) < 1.0  # the window starts inside the hour
    mask: BoolMatrix = (inside | starts_here) & np.isfinite(offsets)[:, None]
    return mask


# ------------------------------------------------------------------ languages


def assign_languages(teams: Sequence[tuple[Sequence[tuple[str, int]], int]],
                     max_per_position: int) -> tuple[list[list[tuple[str, ...]]], list[str]]:
    """Place the languages of one region's teams on their CSM seats.

    ``teams`` holds, per team, its languages with account counts and its number of CSM seats.
    Within a team, languages sorted by account count become primary languages (the busiest
    language gets the most seats, every seat one primary); the languages beyond get a second
    (third …) slot on the seats of the busiest languages, so each team speaks
    ``min(languages, max_per_position × seats)`` of its languages. Languages a team cannot place
    go to free slots in the region's other teams; what is still left is a coverage gap.
    Returns the languages of each seat, per team, and the unplaced languages.
    """
    cap = max(1, int(max_per_position))
    seats: list[list[list[str]]] = []
    overflow: list[tuple[str, int]] = []
    for counts, positions in teams:
        langs = sorted(((lang, n) for lang, n in counts if n > 0), key=lambda x: (-x[1], x[0]))
        team: list[list[str]] = [[] for _ in range(positions)]
        seats.append(team)
        if not positions:
            overflow.extend(langs)
            continue
        fair = sum(1 for q in apportion(positions, [n for _, n in langs]) if q > 0)
        distinct = min(positions, len(langs), max(len(langs) - positions * (cap - 1), fair))
        primaries = [1] * distinct
        for i, extra in enumerate(apportion(positions - distinct,
                                            [n for _, n in langs[:distinct]])):
            primaries[i] += extra
        k = 0
        for (lang, _), n in zip(langs[:distinct], primaries, strict=True):
            for _ in range(n):
                team[k].append(lang)
                k += 1
        rest = langs[distinct:]
        # Secondaries go first to the seats whose primary language has the most seats.
        group = {lang: n for (lang, _), n in zip(langs[:distinct], primaries, strict=True)}
        order = sorted(range(positions), key=lambda i: (-group.get(team[i][0], 0), i)) \
            if langs else []
        for _round in range(cap - 1):
            for i in order:
                if rest:
                    team[i].append(rest.pop(0)[0])
        overflow.extend(rest)
    gaps: list[str] = []
    placed = {lang for team in seats for seat in team for lang in seat}
    for lang, _ in sorted(overflow, key=lambda x: (-x[1], x[0])):
        if lang in placed:
            continue
        free = next((seat for team in seats for seat in team if len(seat) < cap), None)
        if free is None:
            gaps.append(lang)
            continue
        free.append(lang)
        placed.add(lang)
    return [[tuple(seat) for seat in team] for team in seats], gaps


def _categories(values: StrArray | Categorical) -> Categorical:
    """``(labels, codes)`` of a column, factorizing it unless it already is."""
    return values if isinstance(values, tuple) else factorize(values)


def language_coverage(account_region: StrArray | Categorical,
                      account_language: StrArray | Categorical,
                      speakers: Sequence[tuple[str, Sequence[str]]
                                     | tuple[str, Sequence[str], int]], *,
                      counts: npt.NDArray[np.int64] | None = None) -> dict[str, Any]:
    """Which languages of each region's accounts a CSM seat in that region speaks.

    ``speakers`` holds one ``(region, languages)`` pair per CSM seat, or ``(region, languages,
    seats)`` for a group of seats speaking the same languages. Returns
    ``{"languages": [{language, region, accounts, positions, covered}], "language_gaps": [str]}``
    (rows by region, then accounts descending); accounts without a language are not counted.
    Either account column may be given already factorized, as ``(labels, codes)``; ``counts``,
    when the caller has them, are the accounts per region (label order, then ``Unassigned``) and
    language (label order) — the same figures without another pass over the accounts.
    """
    regions, rcodes = _categories(account_region)
    languages, lcodes = _categories(account_language)
    regions = [*regions, UNASSIGNED]
    if counts is None:
        rcodes = np.where(rcodes < 0, len(regions) - 1, rcodes)
        known = lcodes >= 0
        counts = np.bincount(rcodes[known] * max(1, len(languages)) + lcodes[known],
                             minlength=len(regions) * max(1, len(languages)))
        counts = counts.reshape(len(regions), max(1, len(languages)))
    spoken: dict[tuple[str, str], int] = {}
    for speaker in speakers:
        region, langs = speaker[0], speaker[1]
        seats = speaker[2] if len(speaker) > 2 else 1
        for lang in set(langs):
            spoken[(region, lang)] = spoken.get((region, lang), 0) + seats
    rows: list[dict[str, Any]] = []
    gaps: list[Msg] = []
    for r, region in enumerate(regions):
        order = sorted((int(-counts[r, li]), languages[li]) for li in range(len(languages))
                       if counts[r, li] > 0)
        for neg, lang in order:
            seats = spoken.get((region, lang), 0)
            rows.append({"language": lang, "region": region, "accounts": -neg,
                         "positions": seats, "covered": seats > 0})
            if not seats:
                gaps.append(Msg("org.coverage.language_gap", language=lang,
                                region=region_name(region),
                                accounts=-neg))
    return {"languages": rows, "language_gaps": gaps}


# ------------------------------------------------------------------ hours


def _runs(hours: Sequence[int]) -> list[list[int]]:
    """Contiguous runs of UTC hours, joined across midnight (23 → 0)."""
    present = sorted(set(hours))
    if not present:
        return []
    if len(present) == HOURS:
        return [present]
    runs: list[list[int]] = []
    for h in present:
        if runs and runs[-1][-1] == h - 1:
            runs[-1].append(h)
        else:
            runs.append([h])
    if len(runs) > 1 and runs[0][0] == 0 and runs[-1][-1] == HOURS - 1:
        runs[0] = runs.pop() + runs[0]
    return runs


def _label(run: Sequence[int]) -> str:
    return f"{run[0]:02d}–{(run[-1] + 1) % HOURS:02d}"


def time_zone_coverage(account_timezone: StrArray | Categorical,
                       account_region: StrArray | Categorical,
                       support_timezones: Sequence[str | None], reference_date: dt.date, *,
                       start_hour: float = 9.0, end_hour: float = 17.0,
                       counts: tuple[npt.NDArray[np.int64], int] | None = None) -> dict[str, Any]:
    """Support hours against the accounts' business hours, in UTC hours.

    An account needs the UTC hours its local ``start_hour``–``end_hour`` overlaps (offset of its
    time zone at ``reference_date``); a support seat covers the same window at its hub time zone.
    Returns ``{"covered_utc_hours", "needed_utc_hours", "gaps": [{"utc_hours": "13–16", "hours",
    "accounts", "regions"}], "follow_the_sun", "accounts_without_time_zone", "support_time_zones"}``
    where a gap's ``accounts`` counts the accounts whose business hours fall in it and
    ``utc_hours`` "13–16" means 13:00–16:00 UTC. Either account column may be given already
    factorized, as ``(labels, codes)``; ``counts``, when the caller has them, are the accounts
    per zone (label order) and region (label order, then ``Unassigned``) with the number of
    accounts without a zone — the same figures without another pass over the accounts.
    """
    zones, zcodes = _categories(account_timezone)
    regions, rcodes = _categories(account_region)
    regions = [*regions, UNASSIGNED]
    offsets = np.array([utc_offset_hours(z, reference_date) for z in zones], dtype=np.float64) \
        if zones else np.zeros(0)
    zone_masks = hour_masks(offsets, start_hour, end_hour)
    if counts is None:
        rcodes = np.where(rcodes < 0, len(regions) - 1, rcodes)
        known = zcodes >= 0
        no_zone = int((~known).sum())
        by_zone = np.bincount(zcodes[known] * len(regions) + rcodes[known],
                              minlength=len(zones) * len(regions)
                              ).reshape(len(zones), len(regions))
    else:
        by_zone, no_zone = counts
    zone_known = np.isfinite(offsets)
    needed = (zone_masks & (by_zone.sum(axis=1) > 0)[:, None]).any(axis=0) if zones \
        else np.zeros(HOURS, dtype=bool)
    hubs = sorted({z for z in support_timezones if z})
    hub_offsets = np.array([utc_offset_hours(z, reference_date) for z in hubs],
                           dtype=np.float64) if hubs else np.zeros(0)
    covered = hour_masks(hub_offsets, start_hour, end_hour).any(axis=0) if hubs \
        else np.zeros(HOURS, dtype=bool)
    gaps: list[dict[str, Any]] = []
    for run in _runs([int(h) for h in np.flatnonzero(needed & ~covered)]):
        hit = zone_masks[:, run].any(axis=1)
        in_run = by_zone[hit].sum(axis=0)
        gaps.append({"utc_hours": _label(run), "hours": run, "accounts": int(in_run.sum()),
                     "regions": [regions[r] for r in np.flatnonzero(in_run)]})
    without = no_zone + (int(by_zone[~zone_known].sum()) if zones else 0)
    return {
        "covered_utc_hours": [int(h) for h in np.flatnonzero(covered)],
        "needed_utc_hours": [int(h) for h in np.flatnonzero(needed)],
        "gaps": gaps,
        "follow_the_sun": bool(covered.all()),
        "accounts_without_time_zone": without,
        "support_time_zones": hubs,
    }


def coverage_summary(languages: dict[str, Any], hours: dict[str, Any]) -> Msg:
    """One sentence on language and hours coverage, naming the gaps."""
    rows = languages["languages"]
    covered = sum(1 for r in rows if r["covered"])
    gaps = _semicolons(languages["language_gaps"])
    spoken = (Msg("org.coverage.languages_gaps", covered=covered, pairs=len(rows), gaps=gaps)
              if gaps is not None else
              Msg("org.coverage.languages", covered=covered, pairs=len(rows)))
    need, have = len(hours["needed_utc_hours"]), len(hours["covered_utc_hours"])
    uncovered = _semicolons([Msg("org.coverage.hour_gap", hours=g["utc_hours"],
                                 accounts=g["accounts"],
                                 regions=_names(g["regions"]) if g["regions"] else "")
                             for g in hours["gaps"]])
    support = (Msg("org.coverage.support_gaps", have=have, need=need, gaps=uncovered)
               if uncovered is not None else Msg("org.coverage.support", have=have, need=need))
    sun = Msg("org.coverage.follow_the_sun") if hours["follow_the_sun"] \
        else Msg("org.coverage.not_follow_the_sun")
    if hours.get("accounts_without_time_zone"):
        return Msg("org.coverage.summary_no_zone", languages=spoken, support=support, sun=sun,
                   no_zone=Msg("org.coverage.no_zone",
                               accounts=int(hours["accounts_without_time_zone"])))
    return Msg("org.coverage.summary", languages=spoken, support=support, sun=sun)


def _semicolons(items: Sequence[Msg]) -> Msg | None:
    """``a; b; c`` as nested messages (the list join of the catalogs says "a, b and c")."""
    if not items:
        return None
    out = items[-1]
    for item in reversed(items[:-1]):
        out = Msg("org.coverage.semicolon", first=item, rest=out)
    return out
