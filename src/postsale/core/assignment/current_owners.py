"""The roster when no team file is given: who owns what today, plus the plan's gap (issue 10, C7).

The book's ``owner`` column names the current owners. Each distinct owner of a live account becomes
a named person on the roster, described by the accounts they own (a team file states it exactly):

* role and tier: the plan's tier most of their live accounts have (``csm_<tier>``), an account
  of a tier the plan staffs through another tier's CSMs counting for that tier
  (:func:`roster.seat_cover`);
* region and time zone: the most common value among those accounts (ties: the first in
  alphabetical order), so the rules keep the accounts that match it and move the ones that do not;
* languages: not stated (no language restriction). The book says which languages someone's
  accounts speak, not which ones they do: taking the most common as the only one would move every
  other-language account off its owner and pile each language on whoever happened to own most of
  it (a 100,000-account sample: 34,000 accounts relaxed, one book at 16 full books, against none
  and 3 when not stated). A team file states languages; the summary lists each book's languages.
* capacity 1.0: one full book, which the workload weights price at the plan's accounts per CSM of
  the account's tier.

Then, per CSM tier, the plan's required CSMs less the named owners of that tier are opened as
requisitions, taken from the recommended org chart's seats of that tier (seats an earlier run gave
accounts to first, so their accounts stay put). More owners than the plan needs: every owner stays
and the tier opens no requisition (overstaffed). Owner values that name a chart seat
(``csm_low_touch-2``, from an owners file written without a team) or a pool (``pool:tech_touch``)
are positions, not people. With no named owner at all the roster is the chart's seats, as before.

Owners are matched case-insensitively on trimmed text, as :func:`assign.assign_book` matches them,
so the person id and name are the owner value as the book spells it and a rerun keeps every account.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from postsale.core.assignment.roster import Roster, seat_cover
from postsale.core.book import AccountBook
from postsale.core.categorical import group_modes
from postsale.core.msg import Msg
from postsale.keys import CSM_ROLE_BY_TIER, ROLE_KEYS, TIER_KEYS, Role, Tier

__all__ = [
    "OwnerRoster",
    "TierStaffing",
    "owners_team",
    "roster_from_owners",
]


@dataclass(frozen=True)
class TierStaffing:
    """One CSM tier: named current owners against the plan's required CSMs."""

    tier: str
    owners: int
    required: int
    requisitions: int

    @property
    def overstaffed(self) -> int:
        """Owners beyond the plan's need (0 when the plan needs them all)."""
        return max(0, self.owners - self.required)


@dataclass(frozen=True, eq=False)
class OwnerRoster:
    """The roster built from the owner column, and how each tier compares with the plan."""

    roster: Roster
    staffing: tuple[TierStaffing, ...]  # TIER_KEYS order

    @property
    def owners(self) -> int:
        return sum(s.owners for s in self.staffing)

    @property
    def requisitions(self) -> int:
        return sum(s.requisitions for s in self.staffing)

    def notes(self) -> tuple[Msg, ...]:
        """What the roster is made of, tier by tier, for the summary."""
        lines = [Msg("assignment.owners.from_book", owners=self.owners)]
        for s in self.staffing:
            if not (s.owners or s.required):
                continue
            if s.overstaffed:
                lines.append(Msg("assignment.owners.overstaffed", tier=str(s.tier), owners=s.owners,
                                 required=s.required, over=s.overstaffed))
            else:
                lines.append(Msg("assignment.owners.staffing", tier=str(s.tier), owners=s.owners,
                                 required=s.required, requisitions=s.requisitions))
        return tuple(lines)


_POSITION = re.compile("(?:" + "|".join(re.escape(str(r)) for r in ROLE_KEYS) + r")-\d+|pool:.*")


def _position(owner: str) -> bool:
    """An owner value that names a position, not a person: a chart seat (``csm_low_touch-2``, as
    an owners file written without a team names it) or a pool (``pool:tech_touch``)."""
    return _POSITION.fullmatch(owner) is not None


def _live_owners(book: AccountBook) -> tuple[list[str], list[str], npt.NDArray[np.intp]]:
    """The book's owner keys (stripped, case-folded), the people among them (sorted; positions and
    pools are not people), and each account's person index (-1: none, a position, or a churned
    account)."""
    labels, codes = book.codes("owner")
    keys = [label.strip().lower() for label in labels]
    people = sorted({key for key in keys if key and not _position(key)})
    index = {key: p for p, key in enumerate(people)}
    person_of_label = np.array([index.get(key, -1) for key in keys] + [-1], dtype=np.intp)
    person = np.where(np.asarray(book.active, dtype=bool), person_of_label[codes], -1)
    return keys, people, person


def owners_team(book: AccountBook, tier: npt.NDArray[np.int8]) -> dict[Role, int]:
    """Today's CSMs as the book names them: each distinct person owning a live account, as a CSM
    of the tier most of their accounts are in (positions and pools are not people). Empty when the
    book names nobody. The plan takes it as ``[team]`` when the company file gives none."""
    if "owner" not in book.present:
        return {}
    _, people, person = _live_owners(book)
    has = person >= 0
    t = len(TIER_KEYS)
    per_tier = np.bincount(person[has].astype(np.int64) * t + tier[has].astype(np.int64),
                           minlength=len(people) * t).reshape(len(people), t)
    owning = per_tier.sum(axis=1) > 0
    counts = np.bincount(np.argmax(per_tier[owning], axis=1), minlength=t)
    return {CSM_ROLE_BY_TIER[TIER_KEYS[k]]: int(counts[k]) for k in range(t) if counts[k]}


def roster_from_owners(book: AccountBook, tier: npt.NDArray[np.int8],
                       required: dict[str, int], chart: Roster) -> OwnerRoster | None:
    """The current owners of live accounts as named people, plus requisitions from ``chart`` (the
    recommended org chart's seats, :func:`roster.roster_from_chart`) for each tier's gap to
    ``required`` (the plan's CSMs per tier key). None when no live account has a named owner."""
    keys, people_keys, person = _live_owners(book)
    seat_keys = {s.strip().lower(): j for j, s in enumerate(chart.person_id)}
    if not people_keys:
        return None
    owns = np.bincount(person[person >= 0], minlength=len(people_keys)) > 0
    if not owns.any():
        return None
    # Renumber to the owners of live accounts only (an owner of churned accounts alone has left).
    kept = np.flatnonzero(owns)
    renumber = np.full(len(people_keys) + 1, -1, dtype=np.intp)
    renumber[kept] = np.arange(kept.size)
    person = renumber[person]
    n = int(kept.size)

    spelled = [None if v is None else v.strip()
               for v in group_modes(person, np.asarray(book.owner, dtype=object), n)]
    t = len(TIER_KEYS)
    # an account of a tier the plan staffs through another tier's CSMs counts for that tier
    cover = seat_cover(required)
    seat_tier = np.array([TIER_KEYS.index(Tier(cover[str(x)] or x)) for x in TIER_KEYS],
                         dtype=np.int64)
    has = person >= 0
    per_tier = np.bincount(person[has].astype(np.int64) * t + seat_tier[tier[has]],
                           minlength=n * t).reshape(n, t)
    owner_tier = np.argmax(per_tier, axis=1)  # ties: the higher-touch tier
    region, zone = (
        [None if v is None else v.strip() for v in group_modes(person, np.asarray(c, dtype=object), n)]
        for c in (book.region, book.timezone))
    order = sorted(range(n), key=lambda p: (int(owner_tier[p]), str(spelled[p]).lower()))

    # Requisitions: per tier, the chart's seats of that tier, seats the book already names first.
    named_seats = {seat_keys[key] for key in keys if key in seat_keys}
    staffing: list[TierStaffing] = []
    seats: list[int] = []
    extra: list[tuple[str, int]] = []  # (seat id, tier) beyond the chart's seats of a tier
    for k, tier_key in enumerate(TIER_KEYS):
        owners = int((owner_tier == k).sum())
        need = int(required.get(str(CSM_ROLE_BY_TIER[tier_key]), 0))
        gap = max(0, need - owners)
        mine = sorted(np.flatnonzero(chart.tiers[:, k]).tolist(),
                      key=lambda j: j not in named_seats)  # stable: chart order otherwise
        seats.extend(mine[:gap])
        if gap > len(mine):  # a chart with fewer seats than the plan's CSMs: number on
            taken = {s.lower() for s in chart.person_id}
            role = str(CSM_ROLE_BY_TIER[tier_key])
            fresh = (f"{role}-{i}" for i in range(1, len(chart) + gap + 1))
            extra.extend((s, k) for s in [s for s in fresh if s.lower() not in taken]
                         [:gap - len(mine)])
        staffing.append(TierStaffing(str(tier_key), owners, need, gap))

    m = n + len(seats) + len(extra)
    tiers = np.zeros((m, t), dtype=bool)
    tiers[np.arange(n), owner_tier[order]] = True
    tiers[n:n + len(seats)] = chart.tiers[seats]
    tiers[np.arange(n + len(seats), m), [k for _, k in extra]] = True
    roster = Roster(
        person_id=(*(str(spelled[p]) for p in order), *(chart.person_id[j] for j in seats),
                   *(s for s, _ in extra)),
        name=(*(str(spelled[p]) for p in order), *(None for _ in range(m - n))),
        role=(*(str(CSM_ROLE_BY_TIER[TIER_KEYS[int(owner_tier[p])]]) for p in order),
              *(chart.role[j] for j in seats),
              *(str(CSM_ROLE_BY_TIER[TIER_KEYS[k]]) for _, k in extra)),
        tiers=tiers,
        region=(*(region[p] for p in order), *(chart.region[j] for j in seats),
                *(None for _ in extra)),
        languages=(*(frozenset[str]() for _ in order), *(chart.languages[j] for j in seats),
                   *(frozenset[str]() for _ in extra)),
        timezone=(*(zone[p] for p in order), *(chart.timezone[j] for j in seats),
                  *(None for _ in extra)),
        capacity=np.ones(m),
        source=(Msg("assignment.source.owners_and", chart=chart.source) if m > n
                else Msg("assignment.source.owners")),
    )
    return OwnerRoster(roster=roster, staffing=tuple(staffing))
