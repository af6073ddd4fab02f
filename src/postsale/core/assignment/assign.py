"""Assign a book to a roster (issue 4): eligibility, pools, pins, the renewal lock, continuity,
balance, and an explanation for every move and every rule that could not hold.

Order of work:

1. Weights (``workload``); pooled tiers (``[company] pooled_tiers``) go to their pool, not a person.
2. Eligibility per account group: tier, region, spoken language, time-zone distance. A group with no
   eligible position relaxes rules in the order time zone → language → region → neighbouring tier
   (never high-touch to tech-touch) → any position, and every relaxed rule is listed as a violation
   with the fix.
3. Fixed accounts keep their owner: pinned ones, and those renewing within the lock window
   (``assignment.lock_days``) unless the owner has left or no longer fits.
4. Target: the best maximum load a fresh assignment reaches (LPT + local search), or ``tolerance``
   over the mean load when that is higher. Current owners are kept where eligible; orphans (new
   accounts, owners who left) go heaviest first to the least-loaded eligible position; then
   overloaded positions hand off their largest movable accounts until they are under the target.
   So a rerun with unchanged inputs moves nothing, and a rebalance moves little more than it must.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from postsale.core.assignment.roster import Roster
from postsale.core.assignment.solve import Problem, improve, loads_of, lower_bound, lpt, round_robin
from postsale.core.assignment.workload import Weights
from postsale.core.book import AccountBook
from postsale.core.categorical import factorize
from postsale.core.org.coverage import utc_offset_hours
from postsale.keys import TIER_KEYS

__all__ = ["RULES", "Assignment", "AssignmentRules", "assign_book"]

RULES = ("tier", "region", "language", "timezone")
_HIGH, _LOW, _TECH = 0, 1, 2


@dataclass(frozen=True)
class AssignmentRules:
    """Which rules bind, and the continuity settings."""

    require_region: bool = True
    require_language: bool = True
    max_timezone_hours: float | None = 5.0
    lock_days: int = 60
    tolerance: float = 0.05
    pooled_tiers: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Assignment:
    """``owner[i]`` = roster index, or −1 for a pooled account (``pool[i]`` names the tier)."""

    owner: npt.NDArray[np.intp]
    pool: npt.NDArray[np.object_]
    previous: npt.NDArray[np.intp]  # −1: none or not on the roster
    previous_label: npt.NDArray[np.object_]
    moved: npt.NDArray[np.bool_]
    reason: npt.NDArray[np.object_]
    violations: npt.NDArray[np.object_]  # "" or "language; timezone"
    load: npt.NDArray[np.float64]  # per position, normalized
    lower_bound: float
    target: float
    round_robin_max: float
    round_robin_mean: float
    explanations: tuple[str, ...]
    capacity_note: str | None
    weights: Weights
    fixed: npt.NDArray[np.bool_] = field(repr=False)

    @property
    def max_load(self) -> float:
        return float(self.load.max()) if self.load.size else 0.0

    @property
    def mean_load(self) -> float:
        return float(self.load.mean()) if self.load.size else 0.0

    @property
    def moves(self) -> int:
        return int(self.moved.sum())


def _offsets(zones: npt.NDArray[np.object_], when: dt.date) -> npt.NDArray[np.float64]:
    labels, codes = factorize(zones)
    table = np.array([np.nan if (o := utc_offset_hours(z, when)) is None else o for z in labels]
                     + [np.nan])
    return table[codes]  # code −1 picks the trailing NaN


def _norm(values: tuple[str | None, ...] | npt.NDArray[np.object_]) -> list[str | None]:
    return [None if v is None or str(v).strip() == "" else str(v).strip().lower() for v in values]


def _groups(book: AccountBook, tier: npt.NDArray[np.int8], when: dt.date
            ) -> tuple[npt.NDArray[np.intp], list[tuple[int, str | None, str | None, float]]]:
    """Group accounts by (tier, region, language, UTC offset): few groups, many accounts."""
    regions, rcode = factorize(np.array(_norm(book.region), dtype=object))
    languages, lcode = factorize(np.array(_norm(book.language), dtype=object))
    offset = _offsets(book.timezone, when)
    ocode = np.where(np.isfinite(offset), np.round(offset * 4), 999).astype(np.int64)
    key = np.stack([tier.astype(np.int64), rcode, lcode, ocode], axis=1)
    uniq, group = np.unique(key, axis=0, return_inverse=True)
    info = [(int(t), regions[r] if r >= 0 else None, languages[lang] if lang >= 0 else None,
             float(o) / 4 if o != 999 else float("nan")) for t, r, lang, o in uniq.tolist()]
    return group.reshape(-1).astype(np.intp), info


def _eligibility(info: list[tuple[int, str | None, str | None, float]], roster: Roster,
                 rules: AssignmentRules, when: dt.date
                 ) -> tuple[npt.NDArray[np.bool_], list[tuple[str, ...]]]:
    """Eligible positions per group, relaxing rules where none fits; returns the relaxed rules."""
    m = len(roster)
    regions = np.array(_norm(roster.region), dtype=object)
    langs = [frozenset(x.lower() for x in s) for s in roster.languages]
    tz = np.array([np.nan if (o := utc_offset_hours(z, when)) is None else o
                   for z in roster.timezone], dtype=np.float64)
    eligible = np.zeros((len(info), m), dtype=bool)
    relaxed: list[tuple[str, ...]] = []
    for g, (tier, region, language, offset) in enumerate(info):
        tier_ok = roster.tiers[:, tier]
        region_ok = np.ones(m, bool) if (region is None or not rules.require_region) else \
            np.array([r is None or r == region for r in regions], dtype=bool)
        lang_ok = np.ones(m, bool) if (language is None or not rules.require_language) else \
            np.array([not s or language in s for s in langs], dtype=bool)
        if rules.max_timezone_hours is None or not np.isfinite(offset):
            tz_ok = np.ones(m, bool)
        else:
            gap = np.abs(((tz - offset) + 12) % 24 - 12)
            tz_ok = ~(gap > rules.max_timezone_hours)  # unknown position zones pass
        steps: list[tuple[tuple[str, ...], npt.NDArray[np.bool_]]] = [
            ((), tier_ok & region_ok & lang_ok & tz_ok),
            (("timezone",), tier_ok & region_ok & lang_ok),
            (("timezone", "language"), tier_ok & region_ok),
            (("timezone", "language", "region"), tier_ok),
        ]
        neighbours = {_HIGH: [_LOW], _LOW: [_HIGH, _TECH], _TECH: [_LOW]}[tier]
        near = np.zeros(m, bool)
        for t in neighbours:
            near |= roster.tiers[:, t]
        steps.append((("timezone", "language", "region", "tier"), near))
        steps.append((("timezone", "language", "region", "tier"), np.ones(m, bool)))
        for dropped, mask in steps:
            if mask.any():
                eligible[g] = mask
                relaxed.append(dropped)
                break
        else:  # an empty roster: nothing can hold
            relaxed.append(RULES)
    return eligible, relaxed


def _explain(info: list[tuple[int, str | None, str | None, float]], relaxed: list[tuple[str, ...]],
             counts: npt.NDArray[np.int64]) -> list[str]:
    """One line per (tier, region, language, relaxed rules): who, what is missing, the fix."""
    merged: dict[tuple[int, str | None, str | None, tuple[str, ...]], int] = {}
    for g, dropped in enumerate(relaxed):
        if dropped and counts[g]:
            tier, region, language, _ = info[g]
            key = (tier, region, language, dropped)
            merged[key] = merged.get(key, 0) + int(counts[g])
    out = []
    for (tier, region, language, dropped), count in sorted(merged.items(),
                                                           key=lambda kv: -kv[1]):
        where = f" in {region.upper() if len(region) <= 4 else region.title()}" if region else ""
        speaking = f"{language.title()}-speaking " if language and "language" in dropped else ""
        tier_name = TIER_KEYS[tier].replace("_", "-")
        missing = {"timezone": f"no {tier_name} CSM{where} within the time-zone limit",
                   "language": f"no {speaking}{tier_name} CSM{where}",
                   "region": f"no {tier_name} CSM{where}",
                   "tier": f"no {tier_name} CSM at all"}[dropped[-1]]
        fix = {"timezone": "widen assignment.max_timezone_hours or hire in that time zone",
               "language": "open a requisition or relax the language rule",
               "region": "open a requisition in the region or relax the region rule",
               "tier": "open a requisition for that tier"}[dropped[-1]]
        out.append(f"{count} {speaking}{tier_name} account{'s' if count > 1 else ''}{where}: "
                   f"{missing} — {fix} (assigned with the {', '.join(dropped)} "
                   f"rule{'s' if len(dropped) > 1 else ''} relaxed)")
    return out


def assign_book(book: AccountBook, tier: npt.NDArray[np.int8], weights: Weights, roster: Roster,
                rules: AssignmentRules, today: dt.date,
                pinned: npt.NDArray[np.bool_] | None = None) -> Assignment:
    """Assign every account to exactly one position (or its tier's pool)."""
    n = len(book)
    w = weights.weight
    pooled_codes = [k for k, t in enumerate(TIER_KEYS) if str(t) in rules.pooled_tiers]
    in_pool = np.isin(tier, pooled_codes) if pooled_codes else np.zeros(n, bool)
    tier_names = np.array([str(t) for t in TIER_KEYS], dtype=object)
    pool = np.full(n, None, dtype=object)
    pool[in_pool] = tier_names[tier[in_pool]]
    named = ~in_pool
    person_roster = roster.tiers.copy()
    for t in pooled_codes:  # pooled tiers' CSMs serve the pool, not named books
        person_roster[:, t] = False

    # Current owners: match the owner column to person_id, then to name (case-insensitive).
    by_id = {str(p).strip().lower(): j for j, p in enumerate(roster.person_id)}
    by_name = {str(p).strip().lower(): j for j, p in enumerate(roster.name) if p}
    labels, codes = factorize(book.owner)
    label_index = np.array([by_id.get(lab.strip().lower(), by_name.get(lab.strip().lower(), -1))
                            for lab in labels] + [-1], dtype=np.intp)
    previous = label_index[codes]
    previous_label = np.where(codes >= 0, np.array([*labels, ""], dtype=object)[codes], "")

    group, info = _groups(book, tier, today)
    sub_roster = Roster(roster.person_id, roster.name, roster.role, person_roster, roster.region,
                        roster.languages, roster.timezone, roster.capacity, roster.source)
    eligible, relaxed = _eligibility(info, sub_roster, rules, today)
    counts = np.bincount(group[named], minlength=len(info))

    owner = np.full(n, -1, dtype=np.intp)
    reason = np.full(n, "", dtype=object)
    keep = named & (previous >= 0)
    keep &= eligible[group, np.maximum(previous, 0)] if n else keep
    left = named & (codes >= 0) & (previous < 0)
    unfit = named & (previous >= 0) & ~keep
    days = (book.renewal_date - np.datetime64(today, "D")).astype("timedelta64[D]").astype(float)
    days[np.isnat(book.renewal_date)] = np.nan
    with np.errstate(invalid="ignore"):
        locked = keep & (days >= 0) & (days <= rules.lock_days)
    pin = keep & (pinned if pinned is not None else np.zeros(n, bool))
    fixed = locked | pin
    owner[keep] = previous[keep]

    sub = Problem(w, group, eligible, roster.capacity)
    fresh = improve(sub, lpt(sub, only=named), max_rounds=300 if n <= 200_000 else 50)
    best = float(loads_of(sub, np.where(named, fresh, -1)).max()) if len(roster) else 0.0
    mean = float(w[named].sum() / roster.capacity.sum()) if len(roster) else 0.0
    target = max(best, (1.0 + rules.tolerance) * mean)

    if not keep.any():
        owner = np.where(named, fresh, -1)
    else:
        owner = lpt(sub, owner=owner, only=named)
        owner = _shed(sub, owner, fixed | ~named, target)
    owner[~named] = -1

    moved = named & (previous_label != "") & (owner != previous)
    placed = named & (previous_label == "")
    reason[placed] = "new account: placed with the least-loaded eligible position"
    reason[named & keep & (owner == previous)] = "kept: continuity with the current owner"
    reason[locked & (owner == previous)] = f"kept: renews within {rules.lock_days} days (locked)"
    reason[pin & (owner == previous)] = "kept: pinned owner"
    reason[moved & keep] = f"moved to rebalance: its owner was over the target load ({target:.0%})"
    reason[moved & left] = "moved: the previous owner is not on the roster (left)"
    reason[moved & unfit] = "moved: the previous owner no longer fits the account's tier, region, " \
        "language or time zone"
    reason[in_pool] = "pooled tier: served by the pool"

    relaxed_arr = np.array(["; ".join(r) for r in relaxed] + [""], dtype=object)
    violations = np.where(named, relaxed_arr[group], "").astype(object)
    loads = loads_of(sub, np.where(named, owner, -1))
    rr = round_robin(sub)
    rr_loads = loads_of(sub, np.where(named, rr, -1))
    lb = lower_bound(Problem(w[named], group[named], eligible, roster.capacity)) if named.any() \
        and len(roster) else 0.0
    capacity_note = None
    if lb > 1.0:
        capacity_note = (f"demand exceeds capacity: the lightest possible maximum load is "
                         f"{lb:.0%} of a full book; add about "
                         f"{np.ceil(w[named].sum() - roster.capacity.sum()):.0f} CSM(s) "
                         "or accept heavier books")
    return Assignment(
        owner=owner, pool=pool, previous=previous, previous_label=previous_label, moved=moved,
        reason=reason, violations=violations, load=loads, lower_bound=lb, target=target,
        round_robin_max=float(rr_loads.max()) if rr_loads.size else 0.0,
        round_robin_mean=float(rr_loads.mean()) if rr_loads.size else 0.0,
        explanations=tuple(_explain(info, relaxed, counts)), capacity_note=capacity_note,
        weights=weights, fixed=fixed,
    )


def _shed(problem: Problem, owner: npt.NDArray[np.intp], fixed: npt.NDArray[np.bool_],
          target: float) -> npt.NDArray[np.intp]:
    """Move the largest movable accounts off positions over ``target`` to eligible positions that
    stay under it (fewest moves: a position sheds its biggest accounts first)."""
    owner = owner.copy()
    load = loads_of(problem, owner)
    cap = problem.capacity
    for p in np.flatnonzero(load > target + 1e-12).tolist():
        mine = np.flatnonzero((owner == p) & ~fixed)
        for i in mine[np.argsort(-problem.weight[mine], kind="stable")].tolist():
            if load[p] <= target + 1e-12:
                break
            w = problem.weight[i]
            candidates = np.flatnonzero(problem.eligible[problem.group[i]])
            candidates = candidates[candidates != p]
            if candidates.size == 0:
                continue
            q = int(candidates[np.argmin(load[candidates] + w / cap[candidates])])
            if load[q] + w / cap[q] > target + 1e-12:
                continue
            owner[i] = q
            load[p] -= w / cap[p]
            load[q] += w / cap[q]
    return owner
