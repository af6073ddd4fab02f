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
4. Target: the best maximum load a fresh assignment reaches (``solve.balanced``: fluid split, LPT,
   local search; on a small book that leaves someone over capacity although the bound allows all
   within, HiGHS looks for an assignment that fits), or ``tolerance`` over the mean load when that
   is higher — but never over a full book (1.0) when the fresh assignment fits within capacity.
   Current owners are kept where eligible; orphans (new accounts, owners who left) go where they
   end least loaded (most constrained groups first, heaviest first); then overloaded positions
   hand off their largest movable accounts until they are under the target (repeated until nothing
   more can move). If a position is still over, a small book asks HiGHS for the assignment under
   the target (else within capacity) that keeps the most current owners; a large one keeps the
   local search of ``solve.improve`` when it gets everyone under. So a rerun with unchanged inputs
   moves nothing, and a rebalance moves little more than it must.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from postsale.core.assignment.roster import Roster
from postsale.core.assignment.solve import (
    Problem,
    balanced,
    fits,
    fluid_bound,
    improve,
    loads_of,
    lower_bound,
    lpt,
    round_robin,
)
from postsale.core.assignment.workload import Weights
from postsale.core.book import AccountBook
from postsale.core.categorical import factorize
from postsale.core.msg import Msg
from postsale.core.org.coverage import utc_offset_hours
from postsale.keys import TIER_KEYS

__all__ = ["REASONS", "RULES", "Assignment", "AssignmentRules", "assign_book"]

RULES = ("tier", "region", "language", "timezone")
#: Why an account has its owner: ``Assignment.reason_code`` indexes ``Assignment.reasons``, built
#: in this order (−1: no reason). Per-account text stays a small integer; a reason is rendered once.
REASONS = ("placed", "kept", "locked", "pinned", "rebalanced", "owner_left", "owner_unfit",
           "pooled", "churned")
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
    reason_code: npt.NDArray[np.int8]  # index into ``reasons`` (order of REASONS); −1: none
    reasons: tuple[Msg, ...]
    violations: npt.NDArray[np.object_]  # "" or "language; timezone"
    load: npt.NDArray[np.float64]  # per position, normalized
    lower_bound: float
    target: float
    round_robin_max: float
    round_robin_mean: float
    explanations: tuple[Msg, ...]
    capacity_note: Msg | None
    weights: Weights
    fixed: npt.NDArray[np.bool_] = field(repr=False)
    # ARR 0: no longer (or not yet) a customer — in no book and no pool, never given an owner
    churned: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=np.bool_),
                                           repr=False)

    def __post_init__(self) -> None:
        if self.churned.shape[0] != self.owner.shape[0]:
            object.__setattr__(self, "churned", np.zeros(self.owner.shape[0], dtype=np.bool_))

    @property
    def reason(self) -> npt.NDArray[np.object_]:
        """Each account's reason as a sentence in the active language (``postsale.i18n``): every
        distinct reason is rendered once and broadcast by code, so 1M accounts cost one lookup."""
        table = np.array([*(str(m) for m in self.reasons), ""], dtype=object)
        return table[self.reason_code]  # code −1 picks the trailing ""

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


def _norm(values: tuple[str | None, ...] | npt.NDArray[np.object_] | list[str]) -> list[str | None]:
    return [None if v is None or str(v).strip() == "" else str(v).strip().lower() for v in values]


def _factorize_norm(values: npt.NDArray[np.object_]) -> tuple[list[str], npt.NDArray[np.intp]]:
    """``factorize`` of the trimmed, lower-cased values (blank → −1), normalizing only the
    distinct labels: a million accounts hold a few dozen regions or languages."""
    raw, codes = factorize(values)
    normed = _norm(raw)
    labels = sorted({x for x in normed if x is not None})
    index = {x: k for k, x in enumerate(labels)}
    table = np.array([-1 if x is None else index[x] for x in normed] + [-1], dtype=np.intp)
    return labels, table[codes]  # code −1 picks the trailing −1


def _groups(book: AccountBook, tier: npt.NDArray[np.int8], when: dt.date
            ) -> tuple[npt.NDArray[np.intp], list[tuple[int, str | None, str | None, float]]]:
    """Group accounts by (tier, region, language, UTC offset): few groups, many accounts."""
    regions, rcode = _factorize_norm(np.asarray(book.region, dtype=object))
    languages, lcode = _factorize_norm(np.asarray(book.language, dtype=object))
    offset = _offsets(book.timezone, when)
    # quarter hours, shifted to be ≥ 0 (UTC−12…+14 → 16…120); unknown → the last slot
    ocode = np.where(np.isfinite(offset), np.round(offset * 4) + 64, 255).astype(np.int64)
    dims = (len(TIER_KEYS) + 1, len(regions) + 1, len(languages) + 1, 256)
    key = np.ravel_multi_index((tier.astype(np.int64) + 1, rcode + 1, lcode + 1, ocode), dims)
    uniq, group = np.unique(key, return_inverse=True)
    t, r, lang, o = np.unravel_index(uniq, dims)
    info = [(int(ti) - 1, regions[ri - 1] if ri else None, languages[li - 1] if li else None,
             (float(oi) - 64) / 4 if oi != 255 else float("nan"))
            for ti, ri, li, oi in zip(t.tolist(), r.tolist(), lang.tolist(), o.tolist(),
                                      strict=True)]
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
             counts: npt.NDArray[np.int64]) -> list[Msg]:
    """One message per (tier, region, language, relaxed rules): who, what is missing, the fix."""
    merged: dict[tuple[int, str | None, str | None, tuple[str, ...]], int] = {}
    for g, dropped in enumerate(relaxed):
        if dropped and counts[g]:
            tier, region, language, _ = info[g]
            key = (tier, region, language, dropped)
            merged[key] = merged.get(key, 0) + int(counts[g])
    out = []
    for (tier, region, language, dropped), count in sorted(merged.items(),
                                                           key=lambda kv: -kv[1]):
        where = _region_name(region)
        spoken = language.title() if language and "language" in dropped else None
        tier_key = str(TIER_KEYS[tier])
        missing, fix = _missing(dropped[-1], tier_key, spoken, where)
        who = _who(count, tier_key, spoken, where)
        rules = ", ".join(dropped)  # the rule keys, as assignment.* settings name them
        out.append(Msg("assignment.relaxed_many", who=who, missing=missing, fix=fix, rules=rules)
                   if len(dropped) > 1 else
                   Msg("assignment.relaxed_one", who=who, missing=missing, fix=fix, rules=rules))
    return out


def _missing(rule: str, tier: str, language: str | None, region: str | None) -> tuple[Msg, Msg]:
    """What the last relaxed ``rule`` found missing, and its fix."""
    if rule == "timezone":
        return (Msg("assignment.missing.timezone_in", tier=tier, region=region) if region
                else Msg("assignment.missing.timezone", tier=tier)), Msg("assignment.fix.timezone")
    if rule == "tier":
        return Msg("assignment.missing.tier", tier=tier), Msg("assignment.fix.tier")
    fix = Msg("assignment.fix.language") if rule == "language" else Msg("assignment.fix.region")
    language = language if rule == "language" else None  # the region rule names no language
    if language and region:
        return Msg("assignment.missing.language_in", tier=tier, language=language,
                   region=region), fix
    if language:
        return Msg("assignment.missing.language", tier=tier, language=language), fix
    if region:
        return Msg("assignment.missing.region_in", tier=tier, region=region), fix
    return Msg("assignment.missing.region", tier=tier), fix


def _who(count: int, tier: str, language: str | None, region: str | None) -> Msg:
    """``3 French-speaking high-touch accounts in EMEA``: one code per shape and number (the
    adjectives sit between the count and the noun, so a plural noun alone cannot say it)."""
    if count == 1:
        if language and region:
            return Msg("assignment.who.one_language_in", tier=tier, language=language,
                       region=region)
        if language:
            return Msg("assignment.who.one_language", tier=tier, language=language)
        if region:
            return Msg("assignment.who.one_in", tier=tier, region=region)
        return Msg("assignment.who.one", tier=tier)
    if language and region:
        return Msg("assignment.who.many_language_in", count=count, tier=tier, language=language,
                   region=region)
    if language:
        return Msg("assignment.who.many_language", count=count, tier=tier, language=language)
    if region:
        return Msg("assignment.who.many_in", count=count, tier=tier, region=region)
    return Msg("assignment.who.many", count=count, tier=tier)


def _region_name(region: str | None) -> str | None:
    """A region as the reader knows it: ``EMEA`` for short codes, else title case."""
    if not region:
        return None
    return region.upper() if len(region) <= 4 else region.title()


def assign_book(book: AccountBook, tier: npt.NDArray[np.int8], weights: Weights, roster: Roster,
                rules: AssignmentRules, today: dt.date,
                pinned: npt.NDArray[np.bool_] | None = None) -> Assignment:
    """Assign every live account to exactly one position (or its tier's pool). Churned accounts
    (ARR 0, ``book.active`` false) are left out, as the plan leaves them out of its books: no
    owner, no pool, listed apart. ``pinned`` defaults to the book's ``pinned`` column."""
    n = len(book)
    w = weights.weight
    live = np.asarray(book.active, dtype=bool)
    pooled_codes = [k for k, t in enumerate(TIER_KEYS) if str(t) in rules.pooled_tiers]
    in_pool = (np.isin(tier, pooled_codes) if pooled_codes else np.zeros(n, bool)) & live
    tier_names = np.array([str(t) for t in TIER_KEYS], dtype=object)
    pool = np.full(n, None, dtype=object)
    pool[in_pool] = tier_names[tier[in_pool]]
    named = ~in_pool & live
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
    keep = named & (previous >= 0)
    keep &= eligible[group, np.maximum(previous, 0)] if n else keep
    left = named & (codes >= 0) & (previous < 0)
    unfit = named & (previous >= 0) & ~keep
    days = (book.renewal_date - np.datetime64(today, "D")).astype("timedelta64[D]").astype(float)
    days[np.isnat(book.renewal_date)] = np.nan
    with np.errstate(invalid="ignore"):
        locked = keep & (days >= 0) & (days <= rules.lock_days)
    pin = keep & (pinned if pinned is not None else book.pinned)
    fixed = locked | pin
    owner[keep] = previous[keep]

    sub = Problem(w, group, eligible, roster.capacity)
    named_problem = Problem(w[named], group[named], eligible, roster.capacity)
    fresh = np.full(n, -1, dtype=np.intp)
    if len(roster):
        fresh[named] = _fresh(named_problem)
    best = float(loads_of(sub, fresh).max()) if len(roster) else 0.0
    serving = person_roster.any(axis=1)  # seats of pooled tiers only serve the pool
    serving_capacity = float(roster.capacity[serving].sum())
    mean = float(w[named].sum() / serving_capacity) if serving_capacity > 0 else 0.0
    over_mean = (1.0 + rules.tolerance) * mean
    # The tolerance never lets a book run over capacity when the fresh assignment fits everyone.
    target = max(best, over_mean if best > 1.0 else min(over_mean, 1.0))

    if not keep.any():
        owner = np.where(named, fresh, -1)
    else:
        owner = lpt(sub, owner=owner, only=named)
        owner = _shed(sub, owner, fixed | ~named, target)
        if loads_of(sub, owner).max() > target + 1e-12:  # shedding alone got stuck
            owner[named] = _unstick(named_problem, owner[named], np.where(keep, previous, -1)[named],
                                    fixed[named], target)
    owner[~named] = -1

    moved = named & (previous_label != "") & (owner != previous)
    placed = named & (previous_label == "")
    reason = np.full(n, -1, dtype=np.int8)  # index into REASONS / the reasons table below
    reason[placed] = 0
    reason[named & keep & (owner == previous)] = 1
    reason[locked & (owner == previous)] = 2
    reason[pin & (owner == previous)] = 3
    reason[moved & keep] = 4
    reason[moved & left] = 5
    reason[moved & unfit] = 6
    reason[in_pool] = 7
    reason[~live] = 8
    reasons = (Msg("assignment.reason.placed"), Msg("assignment.reason.kept"),
               Msg("assignment.reason.locked", days=rules.lock_days),
               Msg("assignment.reason.pinned"), Msg("assignment.reason.rebalanced", target=target),
               Msg("assignment.reason.owner_left"), Msg("assignment.reason.owner_unfit"),
               Msg("assignment.reason.pooled"), Msg("assignment.reason.churned"))

    relaxed_arr = np.array(["; ".join(r) for r in relaxed] + [""], dtype=object)
    violations = np.where(named, relaxed_arr[group], "").astype(object)
    loads = loads_of(sub, np.where(named, owner, -1))
    rr = round_robin(sub)
    rr_loads = loads_of(sub, np.where(named, rr, -1))
    lb = fluid_bound(named_problem) if named.any() and len(roster) else 0.0
    capacity_note = _capacity_note(named_problem, info, lb, serving_capacity)
    return Assignment(
        owner=owner, pool=pool, previous=previous, previous_label=previous_label, moved=moved,
        reason_code=reason, reasons=reasons, violations=violations, load=loads, lower_bound=lb,
        target=target,
        round_robin_max=float(rr_loads.max()) if rr_loads.size else 0.0,
        round_robin_mean=float(rr_loads.mean()) if rr_loads.size else 0.0,
        explanations=tuple(_explain(info, relaxed, counts)), capacity_note=capacity_note,
        weights=weights, fixed=fixed, churned=~live,
    )


def _pairs(problem: Problem) -> int:
    """Account × eligible position pairs (the size of an exact model), counted per group."""
    per_group = np.bincount(problem.group, minlength=problem.eligible.shape[0])
    return int(per_group @ problem.eligible.sum(axis=1))


def _fresh(problem: Problem, max_pairs: int = 20_000) -> npt.NDArray[np.intp]:
    """:func:`balanced`; on a small book it leaves someone over capacity (load 1.0) although the
    bound allows everyone within, HiGHS looks for an assignment that fits (2 s at most)."""
    owner = balanced(problem)
    if (problem.weight.size and loads_of(problem, owner).max() > 1.0 >= lower_bound(problem)
            and _pairs(problem) <= max_pairs):
        found = fits(problem, 1.0, time_limit=2.0)
        if found is not None:
            owner = improve(problem, found)  # balances it; the maximum only falls
    return owner


def _unstick(problem: Problem, owner: npt.NDArray[np.intp], current: npt.NDArray[np.intp],
             fixed: npt.NDArray[np.bool_], target: float, max_pairs: int = 20_000
             ) -> npt.NDArray[np.intp]:
    """When shedding leaves a position over ``target``: on a small book, HiGHS finds the
    assignment under the target (else within capacity) that keeps the most accounts with their
    ``current`` owner; on a larger one, the local search of :func:`improve` is kept if it gets
    everyone under. Shedding the result again makes it a fixed point, so a rerun moves nothing."""
    found: npt.NDArray[np.intp] | None = None
    if _pairs(problem) <= max_pairs:
        held = np.where(fixed, owner, -1)
        for limit in (target, 1.0) if target < 1.0 else (target,):
            found = fits(problem, limit, time_limit=2.0, fixed_owner=held, prefer=current)
            if found is not None:
                break
    else:
        searched = improve(problem, owner, fixed=fixed, goal=target)
        if loads_of(problem, searched).max() <= target + 1e-12:  # as _shed measures it
            found = searched
    return owner if found is None else _shed(problem, found, fixed, target)


def _capacity_note(problem: Problem, info: list[tuple[int, str | None, str | None, float]],
                   bound: float, serving_capacity: float) -> Msg | None:
    """Say where demand exceeds capacity: overall, or in the group that binds the bound."""
    if bound <= 1.0 or problem.weight.size == 0:
        return None
    total = float(problem.weight.sum())
    if total > serving_capacity:
        return Msg("assignment.capacity.overall", work=total, capacity=serving_capacity,
                   add=int(np.ceil(total - serving_capacity)), bound=bound)
    group_weight = np.bincount(problem.group, weights=problem.weight,
                               minlength=problem.eligible.shape[0])
    group_cap = (problem.eligible * problem.capacity[None, :]).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(group_cap > 0, group_weight / group_cap, 0.0)
    g = int(np.argmax(ratio))
    tier, region, language, _ = info[g]
    tier_key, spoken = str(TIER_KEYS[tier]), language.title() if language else None
    where = region.title() if region else None
    who = (Msg("assignment.capacity.who_language_in", tier=tier_key, language=spoken, region=where)
           if spoken and where
           else Msg("assignment.capacity.who_language", tier=tier_key, language=spoken) if spoken
           else Msg("assignment.capacity.who_in", tier=tier_key, region=where) if where
           else Msg("assignment.capacity.who", tier=tier_key))
    return Msg("assignment.capacity.binding", bound=bound, who=who,
               work=float(group_weight[g]), capacity=float(group_cap[g]))


def _shed(problem: Problem, owner: npt.NDArray[np.intp], fixed: npt.NDArray[np.bool_],
          target: float) -> npt.NDArray[np.intp]:
    """Move the largest movable accounts off positions over ``target`` to eligible positions that
    stay under it (fewest moves: a position sheds its biggest accounts first). Passes repeat until
    nothing more can move, so the result is a fixed point: shedding it again moves nothing."""
    owner = owner.copy()
    load = loads_of(problem, owner)
    cap = problem.capacity
    moved = True
    while moved:
        moved = False
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
                moved = True
    return owner
