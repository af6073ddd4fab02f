"""What an assignment means for people (issue 4): per-person books, the diff against the current
owners, and the imbalance figures beside the round-robin baseline.

Pure numpy over the account columns; Python loops run over positions or distinct values (a few
thousand at most), never over accounts.

* A **book** is what one position owns: accounts, ARR, workload (Σ weights, 1.0 = a full benchmark
  book), load (workload ÷ capacity), the languages its accounts speak (and which of them the person
  does not), and the time-zone spread of its accounts in hours, measured around the clock (Tokyo and
  Los Angeles are 7 hours apart across the Pacific, not 17).
* The **diff** counts moves per position (in and out), and the moved accounts by reason. An account
  that goes from a named owner to its tier's pool is a move too: the CRM record changes.
* **Imbalance**: the maximum load over the balanced load (total workload ÷ the capacity of the
  positions that own named books — what a perfectly even split would give) and over the lower bound
  (no assignment can do better: the assignment's bound, or the tier bound when that is higher —
  four high-touch CSMs for 39 high-touch accounts cannot do better than 39 ÷ 12 ÷ 4 however light
  the other books are), for postsale and for CRM-style round robin.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from postsale.core.assignment.assign import Assignment
from postsale.core.assignment.roster import Roster, seat_cover
from postsale.core.book import AccountBook
from postsale.core.categorical import factorize, group_modes
from postsale.core.msg import Msg
from postsale.core.org.coverage import utc_offset_hours
from postsale.keys import CSM_ROLE_BY_TIER, TIER_KEYS

__all__ = ["Books", "Diff", "Imbalance", "PoolBooks", "PoolStaff", "book_positions", "changed",
           "diff", "imbalance", "person_books", "pool_books", "pool_id", "pool_label",
           "pool_staffing", "roster_mismatches", "tier_bound", "timezone_spread"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
_HOURS = 24.0


@dataclass(frozen=True, eq=False)
class Books:
    """Per position ``j`` (roster order)."""

    accounts: IntArray
    arr: FloatArray
    workload: FloatArray
    load: FloatArray
    capacity: FloatArray
    owns_book: BoolArray  # False: every tier of the position is pooled
    book_languages: tuple[tuple[str, ...], ...]  # most accounts first
    missing_languages: tuple[tuple[str, ...], ...]  # spoken by the book, not by the person
    timezone_spread: FloatArray  # hours around the clock; NaN when no account zone is known
    farthest_hours: FloatArray  # farthest account from the person's own zone; NaN when unknown
    book_timezone: tuple[str | None, ...]  # the most common account time zone; None when unknown


@dataclass(frozen=True, eq=False)
class PoolBooks:
    """Per tier (``TIER_KEYS`` order): accounts, ARR and workload of the tier's pool."""

    accounts: IntArray
    arr: FloatArray
    workload: FloatArray


@dataclass(frozen=True, eq=False)
class Diff:
    """Moves against the current owners."""

    moved: BoolArray  # per account: the owner on file changes (to a person or a pool)
    moves_in: IntArray  # per position
    moves_out: IntArray  # per position
    by_reason: tuple[tuple[Msg, int], ...]  # most frequent first
    from_departed: tuple[tuple[str, int], ...]  # owners on file who are not on the roster
    kept: int
    placed: int  # accounts without an owner on file
    to_pool: int
    churned: int = 0  # accounts left out: ARR 0
    churned_owned: int = 0  # of which had an owner on file (the CRM record may be cleared)

    @property
    def moves(self) -> int:
        return int(self.moved.sum())


@dataclass(frozen=True)
class Imbalance:
    """Maximum loads of postsale and of round robin against the balanced load and lower bound."""

    max_load: float
    round_robin_max: float
    balanced_load: float
    lower_bound: float
    target: float

    @staticmethod
    def _ratio(value: float, base: float) -> float:
        return value / base if base > 0 else 1.0

    @property
    def max_over_balanced(self) -> float:
        return self._ratio(self.max_load, self.balanced_load)

    @property
    def max_over_lower_bound(self) -> float:
        return self._ratio(self.max_load, self.lower_bound)

    @property
    def round_robin_over_balanced(self) -> float:
        return self._ratio(self.round_robin_max, self.balanced_load)

    @property
    def round_robin_over_lower_bound(self) -> float:
        return self._ratio(self.round_robin_max, self.lower_bound)


def book_positions(roster: Roster, pooled_tiers: tuple[str, ...]) -> BoolArray:
    """Positions that own named books: at least one of their tiers is not pooled."""
    named = np.array([str(t) not in pooled_tiers for t in TIER_KEYS], dtype=bool)
    return np.asarray((roster.tiers & named[None, :]).any(axis=1), dtype=bool)


def _offsets(zones: npt.NDArray[np.object_], when: dt.date) -> FloatArray:
    labels, codes = factorize(np.asarray(zones, dtype=object))
    table = np.array([np.nan if (o := utc_offset_hours(z, when)) is None else o for z in labels]
                     + [np.nan], dtype=np.float64)
    return np.asarray(table[codes], dtype=np.float64)


def timezone_spread(owner: npt.NDArray[np.intp], offset: FloatArray, positions: int
                    ) -> FloatArray:
    """Per position, the shortest arc of the 24-hour clock holding every account's UTC offset
    (24 − the largest gap between neighbouring offsets); NaN for a book without known zones."""
    spread = np.full(positions, np.nan)
    ok = (owner >= 0) & np.isfinite(offset)
    if not ok.any():
        return spread
    quarter = np.round(np.mod(offset[ok], _HOURS) * 4).astype(np.int64) % 96  # 15-minute steps
    pairs = np.unique(owner[ok].astype(np.int64) * 97 + quarter)
    who, hours = pairs // 97, (pairs % 97) / 4.0
    starts = np.flatnonzero(np.r_[True, who[1:] != who[:-1]])
    ends = np.r_[starts[1:], who.size] - 1
    gaps = np.diff(hours, append=np.nan)
    gaps[ends] = hours[starts] + _HOURS - hours[ends]  # wrap round the clock to the first offset
    largest = np.maximum.reduceat(gaps, starts)
    spread[who[starts]] = _HOURS - largest
    return spread


def _farthest(owner: npt.NDArray[np.intp], offset: FloatArray, own: FloatArray) -> FloatArray:
    far = np.full(own.size, np.nan)
    ok = (owner >= 0) & np.isfinite(offset)
    ok[ok] &= np.isfinite(own[owner[ok]])
    if ok.any():
        gap = np.abs(np.mod(offset[ok] - own[owner[ok]] + 12.0, _HOURS) - 12.0)
        far[np.unique(owner[ok])] = 0.0
        np.maximum.at(far, owner[ok], gap)
    return far


def _languages(owner: npt.NDArray[np.intp], language: npt.NDArray[np.object_], roster: Roster
               ) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    m = len(roster)
    labels, codes = factorize(np.asarray(language, dtype=object))
    ok = (owner >= 0) & (codes >= 0)
    books: list[list[tuple[int, str]]] = [[] for _ in range(m)]
    if ok.any() and labels:
        k = len(labels)
        pairs, counts = np.unique(owner[ok].astype(np.int64) * k + codes[ok], return_counts=True)
        for pair, count in zip(pairs.tolist(), counts.tolist(), strict=True):
            books[pair // k].append((-count, labels[pair % k]))
    spoken = [{s.strip().lower() for s in langs} for langs in roster.languages]
    ordered = tuple(tuple(lang for _, lang in sorted(b)) for b in books)
    missing = tuple(tuple(lang for lang in langs if spoken[j] and lang.lower() not in spoken[j])
                    for j, langs in enumerate(ordered))
    return ordered, missing


def _sums(index: npt.NDArray[np.intp], values: FloatArray, size: int) -> FloatArray:
    return np.asarray(np.bincount(index, weights=values, minlength=size), dtype=np.float64)


def person_books(book: AccountBook, assignment: Assignment, roster: Roster,
                 pooled_tiers: tuple[str, ...], when: dt.date) -> Books:
    """Every position's book (see the module docstring)."""
    m = len(roster)
    owner = assignment.owner
    mine = owner >= 0
    accounts = np.bincount(owner[mine], minlength=m).astype(np.int64)
    arr = _sums(owner[mine], np.nan_to_num(book.arr[mine]), m)
    workload = _sums(owner[mine], assignment.weights.weight[mine], m)
    offset = _offsets(book.timezone, when)
    own = np.array([np.nan if (o := utc_offset_hours(z, when)) is None else o
                    for z in roster.timezone], dtype=np.float64)
    languages, missing = _languages(owner, book.language, roster)
    return Books(
        accounts=accounts, arr=arr, workload=workload,
        load=np.asarray(assignment.load, dtype=np.float64), capacity=roster.capacity.copy(),
        owns_book=book_positions(roster, pooled_tiers), book_languages=languages,
        missing_languages=missing, timezone_spread=timezone_spread(owner, offset, m),
        farthest_hours=_farthest(owner, offset, own),
        book_timezone=tuple(group_modes(owner, np.asarray(book.timezone, dtype=object), m)),
    )


def pool_books(book: AccountBook, assignment: Assignment, tier: npt.NDArray[np.int8]) -> PoolBooks:
    """Accounts, ARR and workload per tier pool (zero for tiers that are not pooled)."""
    pooled = (assignment.owner < 0) & (assignment.pool != None)  # noqa: E711 (elementwise)
    t = tier[pooled].astype(np.intp)
    k = len(TIER_KEYS)
    return PoolBooks(
        accounts=np.bincount(t, minlength=k).astype(np.int64),
        arr=_sums(t, np.nan_to_num(book.arr[pooled]), k),
        workload=_sums(t, assignment.weights.weight[pooled], k),
    )


def pool_id(tier: str) -> str:
    """The owner id of a tier's pool in the owners file (``pool:tech_touch``)."""
    return f"pool:{tier}"


@dataclass(frozen=True)
class PoolStaff:
    """A pooled tier's staff in the plan: its own CSMs, or (none) the tier whose CSMs cover it."""

    csms: int
    covered_by: str | None = None  # a tier key; None with csms > 0 or when the plan has no CSM


def pool_staffing(required: dict[str, int], pooled_tiers: tuple[str, ...]) -> dict[str, PoolStaff]:
    """Each pooled tier's CSMs as the plan counts them (``required``: CSMs per role key); a tier
    with no seat of its own names the tier whose CSMs cover it (:func:`roster.seat_cover`)."""
    cover = seat_cover(required)
    out = {}
    for t in TIER_KEYS:
        if str(t) in pooled_tiers:
            n = int(required.get(str(CSM_ROLE_BY_TIER[t]), 0))
            out[str(t)] = PoolStaff(n, None if n else cover[str(t)])
    return out


_POOL_NAME = {"high_touch": Msg("label.high_touch"), "low_touch": Msg("label.low_touch"),
              "tech_touch": Msg("label.tech_touch")}


def pool_label(tier: str, staff: PoolStaff) -> Msg:
    """The owner name of a tier's pool in the owners file, agreeing with the plan's CSM count:
    ``Tech touch pool (2 CSMs)``, ``Tech touch pool (covered by the low-touch CSMs)``."""
    name = _POOL_NAME[str(tier)]
    if staff.csms:
        return Msg("assignment.pool.staffed", name=name, csms=staff.csms)
    if staff.covered_by:
        return Msg("assignment.pool.covered", name=name, tier=staff.covered_by)
    return Msg("assignment.pool.unstaffed", name=name)


def changed(assignment: Assignment, tier: npt.NDArray[np.int8]) -> BoolArray:
    """Accounts whose owner on file changes: the assignment's moves plus accounts that go from a
    named owner (or another pool) to their tier's pool."""
    pooled = (assignment.owner < 0) & (assignment.pool != None)  # noqa: E711 (elementwise)
    labels, codes = factorize(np.asarray(assignment.previous_label, dtype=object))
    pool_tier = np.array([next((k for k, t in enumerate(TIER_KEYS)
                                if label.strip().lower() == pool_id(str(t))), -2)
                          for label in labels] + [-1], dtype=np.int64)
    same_pool = pool_tier[codes] == tier
    to_pool = pooled & (codes >= 0) & ~same_pool
    return np.asarray(assignment.moved | to_pool, dtype=bool)


def diff(assignment: Assignment, tier: npt.NDArray[np.int8], positions: int) -> Diff:
    """Moves per position and by reason (see the module docstring)."""
    moved = changed(assignment, tier)
    owner, previous = assignment.owner, assignment.previous
    into = moved & (owner >= 0)
    out = moved & (previous >= 0)
    codes = assignment.reason_code[moved].astype(np.intp)
    counts = np.bincount(codes[codes >= 0], minlength=len(assignment.reasons)).tolist()
    by_reason = tuple(sorted(((assignment.reasons[k], c) for k, c in enumerate(counts) if c),
                             key=lambda rc: (-rc[1], str(rc[0]))))
    departed = moved & (previous < 0)
    labels, codes = factorize(np.asarray(assignment.previous_label[departed], dtype=object))
    per_label = np.bincount(codes[codes >= 0], minlength=len(labels))
    from_departed = tuple(sorted(((lab, int(c)) for lab, c in zip(labels, per_label, strict=True)
                                  if c and not lab.lower().startswith("pool:")),
                                 key=lambda lc: (-lc[1], lc[0])))
    has_owner = assignment.previous_label != ""
    pooled = (owner < 0) & (assignment.pool != None)  # noqa: E711 (elementwise)
    gone = assignment.churned
    return Diff(
        moved=moved,
        moves_in=np.bincount(owner[into], minlength=positions).astype(np.int64),
        moves_out=np.bincount(previous[out], minlength=positions).astype(np.int64),
        by_reason=by_reason, from_departed=from_departed,
        kept=int((has_owner & ~moved & ~gone).sum()),
        placed=int((~has_owner & ~pooled & ~gone).sum()),
        to_pool=int((moved & pooled).sum()), churned=int(gone.sum()),
        churned_owned=int((gone & has_owner).sum()),
    )


def tier_bound(assignment: Assignment, roster: Roster, tier: npt.NDArray[np.int8],
               pooled_tiers: tuple[str, ...]) -> float:
    """A lower bound from tiers (Hall's condition): accounts assigned without relaxing the tier
    rule can only go to positions serving their tier, so for every set of tiers the workload of
    those accounts ÷ the capacity of the positions serving any of them bounds the maximum load."""
    named = assignment.owner >= 0
    labels, codes = factorize(np.asarray(assignment.violations, dtype=object))
    tier_relaxed = np.array(["tier" in label.split("; ") for label in labels] + [False])
    free = named & ~tier_relaxed[codes]
    serving = roster.tiers & ~np.isin(np.arange(len(TIER_KEYS)),
                                      [k for k, t in enumerate(TIER_KEYS)
                                       if str(t) in pooled_tiers])[None, :]
    per_tier = _sums(tier[free].astype(np.intp), assignment.weights.weight[free], len(TIER_KEYS))
    bound = 0.0
    for subset in range(1, 1 << len(TIER_KEYS)):
        chosen = [(subset >> k) & 1 == 1 for k in range(len(TIER_KEYS))]
        work = float(per_tier[chosen].sum())
        capacity = float(roster.capacity[serving[:, chosen].any(axis=1)].sum())
        if work > 0 and capacity > 0:
            bound = max(bound, work / capacity)
    return bound


def imbalance(assignment: Assignment, roster: Roster, pooled_tiers: tuple[str, ...],
              tier: npt.NDArray[np.int8] | None = None) -> Imbalance:
    """Postsale's and round robin's maximum load against the balanced load and the lower bound
    (the assignment's, raised to :func:`tier_bound` when ``tier`` is given)."""
    named = assignment.owner >= 0
    capacity = float(roster.capacity[book_positions(roster, pooled_tiers)].sum())
    total = float(assignment.weights.weight[named].sum())
    bound = assignment.lower_bound
    if tier is not None:
        bound = max(bound, tier_bound(assignment, roster, tier, pooled_tiers))
    return Imbalance(
        max_load=assignment.max_load, round_robin_max=assignment.round_robin_max,
        balanced_load=total / capacity if capacity > 0 else 0.0,
        lower_bound=bound, target=assignment.target,
    )


def roster_mismatches(book: AccountBook, roster: Roster) -> tuple[Msg, ...]:
    """Regions and languages the roster names but no account has (``DACH`` in a book without it,
    ``en`` vs ``English``): the rule then never matches, and every account relaxes it. (Aliases of
    one region — ``Europe`` and ``EMEA`` — are aligned before: ``core.assignment.regions``.)"""
    out = []
    for what, book_values, stated in (
            ("region", book.region, [r for r in roster.region if r]),
            ("language", book.language, [lang for s in roster.languages for lang in s])):
        labels, _ = factorize(np.asarray(book_values, dtype=object))
        known = {label.strip().lower() for label in labels}
        unknown = sorted({v for v in stated if v.strip().lower() not in known})
        if known and unknown:
            # the user's own values, quoted as they wrote them: names, not words to translate
            shown = ", ".join(sorted(labels)[:8]) + (" …" if len(labels) > 8 else "")
            values = ", ".join(repr(v) for v in unknown)
            many = len(unknown) > 1
            if what == "region":
                out.append(Msg("assignment.mismatch.region_many", values=values, known=shown)
                           if many else
                           Msg("assignment.mismatch.region_one", values=values, known=shown))
            else:
                out.append(Msg("assignment.mismatch.language_many", values=values, known=shown)
                           if many else
                           Msg("assignment.mismatch.language_one", values=values, known=shown))
    return tuple(out)
