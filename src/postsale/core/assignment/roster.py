"""The roster: positions that can own accounts, as columns.

A position is a person (``name`` set) or an open requisition (``name`` None). ``tiers`` is an
``(m, 3)`` mask in ``TIER_KEYS`` order; ``region`` None serves every region; empty ``languages``
means not stated (no language restriction); ``capacity`` 1.0 is a full-time book.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from postsale.core.msg import Msg
from postsale.core.org.chart import seat_ids
from postsale.keys import CSM_ROLE_BY_TIER, TIER_KEYS

_ROSTER = Msg("assignment.source.roster")

__all__ = ["Member", "Roster", "Seating", "roster_from_chart", "seat_cover", "seat_names", "seat_people",
           "seat_team",
           "with_covered_tiers"]


@dataclass(frozen=True, eq=False)
class Roster:
    person_id: tuple[str, ...]
    name: tuple[str | None, ...]
    role: tuple[str, ...]
    tiers: npt.NDArray[np.bool_]
    region: tuple[str | None, ...]
    languages: tuple[frozenset[str], ...]
    timezone: tuple[str | None, ...]
    capacity: npt.NDArray[np.float64]
    source: str | Msg = _ROSTER  # a file name, or what the roster was built from

    def __len__(self) -> int:
        return len(self.person_id)

    def label(self, j: int) -> str | Msg:
        """A position's name: the person's, or its open requisition (a message)."""
        name = self.name[j]
        return name if name else Msg("assignment.label.open_requisition", id=self.person_id[j])


def roster_from_chart(chart: dict[str, Any], model: str = "recommended") -> Roster:
    """Positions that can own accounts (seats with a tier: the CSMs) from an org chart's
    ``to_graph()`` dict — every seat an open requisition until a team file names people.

    A chart node may stand for ``count`` identical seats; assignment gives accounts to seats, so
    each group is expanded into its seats (``<role>-<n>`` ids, :func:`seat_ids`). Seats come in
    the order of a chart drawn seat by seat (level, unit, id), so the assignment does not depend
    on how the chart grouped them.

    Open requisitions carry no language restriction: whom to hire follows from the book they are
    given (the per-person summary lists each book's languages as the hiring profile), while the
    chart's own language coverage is reported by the org design.
    """
    nodes = [n for n in chart["nodes"] if n.get("tier")]
    ids, node_of = _seats(nodes)
    tier_index = {str(t): k for k, t in enumerate(TIER_KEYS)}
    node_tier = np.array([tier_index[n["tier"]] for n in nodes], dtype=np.intp)
    tiers = np.zeros((len(ids), len(TIER_KEYS)), dtype=bool)
    tiers[np.arange(len(ids)), node_tier[node_of]] = True
    region = [(n["regions"][0] if len(n["regions"]) == 1 else None) for n in nodes]
    picks = node_of.tolist()
    return Roster(
        person_id=tuple(ids),
        name=(None,) * len(ids),
        role=tuple(str(nodes[k]["role"]) for k in picks),
        tiers=tiers,
        region=tuple(region[k] for k in picks),
        languages=(frozenset(),) * len(ids),
        timezone=tuple(nodes[k]["timezone"] for k in picks),
        capacity=np.ones(len(ids)),
        source=Msg("assignment.source.chart", model=model),
    )


def _unit(node: Mapping[str, Any]) -> str:
    """A node's unit key (the same in every language; older graphs carry only the unit)."""
    return str(node.get("unit_key", node.get("unit")))


def _seats(nodes: Sequence[Mapping[str, Any]]) -> tuple[list[str], npt.NDArray[np.intp]]:
    """Every seat of ``nodes`` (a group node expanded, :func:`seat_ids`) in the order of a chart
    drawn seat by seat — the node's (level, unit), then the seat id as text — and each seat's
    node index."""
    counts = np.array([int(n.get("count", 1)) for n in nodes], dtype=np.intp)
    ids = [i for n, c in zip(nodes, counts.tolist(), strict=True)
           for i in seat_ids(str(n["id"]), c)]
    node_of = np.repeat(np.arange(len(nodes)), counts)
    rank = {key: r for r, key in enumerate(sorted({(int(n.get("level", 0)), _unit(n))
                                                   for n in nodes}))}
    node_rank = np.array([rank[(int(n.get("level", 0)), _unit(n))] for n in nodes],
                         dtype=np.intp)
    order = np.lexsort((np.array(ids, dtype=str), node_rank[node_of])) if ids else node_of
    return [ids[i] for i in order.tolist()], node_of[order]


@dataclass(frozen=True)
class Seating:
    """Who sits where on a chart: ``seat`` maps every seat id to the index of the person in it
    (None: an open requisition); ``unseated`` lists the people the chart has no seat of their
    role for (more people of a role than the plan's seats)."""

    seat: dict[str, int | None]
    unseated: tuple[int, ...]


def seat_people(chart: Mapping[str, Any], roles: Sequence[str], named: Sequence[bool],
                regions: Sequence[str | None] | None = None,
                languages: Sequence[frozenset[str]] | None = None) -> Seating:
    """Places a team's people on a chart's seats (``to_graph()`` dict): per role, the named people
    (``named``; a row without a name is an open requisition, as in the team file) fill that
    role's seats; every seat left is an open requisition. ``roles[k]`` is person ``k``'s role key.

    Without ``regions``/``languages`` (or on a chart whose seats state neither), people fill the
    seats in the order :func:`roster_from_chart` gives assignment its positions, in the team's
    order. With them, each role's people go where they fit: a seat of their region (the team
    file's ``region`` in the node's ``regions``) counts most, then each language of the seat they
    speak — an optimal assignment per role (``scipy.optimize.linear_sum_assignment``), ties kept in
    seat and team order, so a Tokyo Japanese speaker sits in the APAC Japanese seat, not the
    first open one. With more people than seats, those who fit least stay unseated.
    """
    ids, node_of = _seats(list(chart.get("nodes", ())))
    nodes = list(chart.get("nodes", ()))
    queue: dict[str, list[int]] = {}
    for k, (role, has_name) in enumerate(zip(roles, named, strict=True)):
        if has_name:
            queue.setdefault(role, []).append(k)
    seats_of: dict[str, list[int]] = {}
    for position, node in enumerate(node_of.tolist()):
        seats_of.setdefault(str(nodes[node].get("role")), []).append(position)
    placed: dict[int, int] = {}  # seat position → person
    unseated: list[int] = []
    for role, people in queue.items():
        seats = seats_of.get(role, [])
        fit = _fit(people, [nodes[int(node_of[p])] for p in seats], regions, languages)
        for person, seat in _match(len(people), len(seats), fit):
            if seat is None:
                unseated.append(people[person])
            else:
                placed[seats[seat]] = people[person]
    return Seating({sid: placed.get(p) for p, sid in enumerate(ids)}, tuple(sorted(unseated)))


#: one person of a team: (person_id, name or None for an open requisition, role key)
Member = tuple[str, str | None, str]


def seat_team(chart: Mapping[str, Any], members: Sequence[Member],
              profiles: Sequence[tuple[str | None, frozenset[str]]] | None = None) -> Seating:
    """:func:`seat_people` for a team given as members (a team file's rows, or the people of a
    saved assignment) with their (region, languages) ``profiles`` when known."""
    return seat_people(chart, [role for _, _, role in members],
                       [name is not None for _, name, _ in members],
                       [region for region, _ in profiles] if profiles else None,
                       [langs for _, langs in profiles] if profiles else None)


def seat_names(members: Sequence[Member], seating: Seating
               ) -> tuple[dict[str, str | None], list[str]]:
    """Each seat's name (None: an open requisition) and the names (else ids) of the people left
    without a seat — what the org chart pages draw."""
    return ({sid: None if k is None else members[k][1] for sid, k in seating.seat.items()},
            [members[k][1] or members[k][0] for k in seating.unseated])


def _fit(people: Sequence[int], seats: Sequence[Mapping[str, Any]],
         regions: Sequence[str | None] | None, languages: Sequence[frozenset[str]] | None
         ) -> npt.NDArray[np.float64] | None:
    """Person × seat fit (region match 2, each shared language 1); None when nothing is known."""
    if (regions is None and languages is None) or not people or not seats:
        return None
    fit = np.zeros((len(people), len(seats)), dtype=np.float64)
    seat_regions = [{str(r).casefold() for r in (n.get("regions") or ())} for n in seats]
    seat_langs = [{str(x).casefold() for x in (n.get("languages") or ())} for n in seats]
    for i, k in enumerate(people):
        region = (regions[k] or "").casefold() if regions is not None else ""
        spoken = {x.casefold() for x in languages[k]} if languages is not None else set()
        for j in range(len(seats)):
            fit[i, j] = 2.0 * (bool(region) and region in seat_regions[j]) \
                + len(spoken & seat_langs[j])
    return fit if fit.any() else None


def _match(n_people: int, n_seats: int, fit: npt.NDArray[np.float64] | None
           ) -> list[tuple[int, int | None]]:
    """(person, seat or None) pairs: in order without a fit; else the best total fit, ties
    broken towards earlier seats for earlier people (the order-only answer when all fit alike)."""
    if fit is None:
        return [(i, i if i < n_seats else None) for i in range(n_people)]
    from scipy.optimize import linear_sum_assignment

    order = np.add.outer(np.arange(n_people), np.arange(n_seats)).astype(np.float64)
    # tiny tie-breakers: an earlier person takes an earlier seat, an earlier person gets a seat
    score = fit - 1e-6 * np.abs(np.subtract.outer(np.arange(n_people), np.arange(n_seats))) \
        - 1e-9 * order
    rows, cols = linear_sum_assignment(score, maximize=True)
    chosen = dict(zip(rows.tolist(), cols.tolist(), strict=True))
    return [(i, chosen.get(i)) for i in range(n_people)]


def seat_cover(required: Mapping[str, int]) -> dict[str, str | None]:
    """For each tier key, the tier whose CSMs serve it (``required``: the plan's CSMs per role).

    CSM seats are fungible (:func:`postsale.core.capacity.csm_seats`): a tier too small for a seat
    of its own gets none and is covered by another tier's CSMs — here the nearest tier by touch
    that has seats (the higher-touch one on a tie). A tier with seats covers itself; None when
    the plan has no CSM at all.
    """
    seats = [int(required.get(str(CSM_ROLE_BY_TIER[t]), 0)) for t in TIER_KEYS]
    cover: dict[str, str | None] = {}
    for k, t in enumerate(TIER_KEYS):
        nearest = sorted((abs(k - j), j) for j in range(len(TIER_KEYS)) if seats[j])
        cover[str(t)] = str(TIER_KEYS[nearest[0][1]]) if nearest else None
    return cover


def with_covered_tiers(roster: Roster, cover: Mapping[str, str | None]) -> Roster:
    """The roster with each seat also serving the tiers its tier covers (:func:`seat_cover`), so
    a tier the plan staffs through another tier's CSMs is assigned to them without relaxing the
    tier rule."""
    tiers = roster.tiers.copy()
    index = {str(t): k for k, t in enumerate(TIER_KEYS)}
    for tier, by in cover.items():
        if by is not None and by != tier:
            tiers[:, index[tier]] |= roster.tiers[:, index[by]]
    return replace(roster, tiers=tiers)
