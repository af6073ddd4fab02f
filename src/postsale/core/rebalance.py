"""The team in seat against the plan, as workload rather than titles (issue 10 item 4).

A plan that needs 14 high-touch CSMs and 2 low-touch ones, for a team of 12 and 9, does not need
2 requisitions and 7 departures: 2 of the low-touch CSMs take high-touch books (a retitle), and
the team still carries 5 more CSMs than the plan needs. Capacity is fungible inside a family of
roles — the CSM seats of every tier (and TAMs, the enterprise pod's technical CSMs), and the
leadership layers (a Head of CS who is a director can lead at manager level) — so surplus in one
title covers a deficit in another of its family before any requisition opens. Specialist roles
(implementation, support, renewals, CS Ops) are separate crafts: their surplus is reported, never
retitled into another craft. In the leadership family a leader may take any junior leadership
seat but move up at most one layer (a promotion: team lead to manager, manager to director), and
never into an executive seat (VP of CS, CCO): those are hires, not retitles — no team lead becomes
the CCO by rebalancing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from postsale.keys import LEADERSHIP_ROLES, ROLE_KEYS, Role

__all__ = ["FAMILIES", "Rebalance", "Retitle", "may_retitle", "rebalance"]

FAMILIES: tuple[tuple[Role, ...], ...] = (
    (Role.CSM_HIGH_TOUCH, Role.CSM_LOW_TOUCH, Role.CSM_TECH_TOUCH, Role.TAM),
    tuple(reversed(LEADERSHIP_ROLES)),  # CCO, VP, director, manager, team lead: nearest first
)


@dataclass(frozen=True)
class Retitle:
    """``count`` people in seat as ``from_role`` take ``to_role`` seats of the plan."""

    from_role: Role
    to_role: Role
    count: int


@dataclass(frozen=True)
class Rebalance:
    """The team in seat after retitling, the requisitions still to open and the surplus."""

    retitles: tuple[Retitle, ...]
    after: dict[Role, int]  # the team in seat by the plan's titles
    hires: dict[Role, int]  # requisitions: the plan's seats nobody in seat can take
    surplus: dict[Role, int]  # people in seat beyond the plan's seats of their family

    @property
    def overstaffed(self) -> bool:
        """More people in seat than the plan needs, and nobody to hire."""
        return sum(self.hires.values()) == 0 and sum(self.surplus.values()) > 0


_LEADERS = FAMILIES[1]
_EXECUTIVES = frozenset({Role.VP, Role.CCO})


def may_retitle(donor: Role, seat: Role) -> bool:
    """Whether a person titled ``donor`` can take a ``seat`` of the plan by retitling: any seat of
    the CSM family; in leadership, any junior seat, one layer up, and no executive seat."""
    if donor not in _LEADERS or seat not in _LEADERS:
        return True
    up = _LEADERS.index(donor) - _LEADERS.index(seat)  # > 0: the seat is senior to the donor
    return up <= 0 or (up == 1 and seat not in _EXECUTIVES)


def rebalance(current: Mapping[Role, int], required: Mapping[Role, int]) -> Rebalance:
    """Cover each family's deficits from its surpluses (nearest role of the family first), then
    count the requisitions and the surplus left. Deterministic: roles in family order."""
    after = {r: int(current.get(r, 0)) for r in ROLE_KEYS}
    need = {r: int(required.get(r, 0)) for r in ROLE_KEYS}
    moves: list[Retitle] = []
    for family in FAMILIES:
        for short in family:
            missing = need[short] - after[short]
            if missing <= 0:
                continue
            # nearest first: the family's order is its distance (tiers, or layers)
            donors = sorted((r for r in family if r is not short and may_retitle(r, short)),
                            key=lambda r: abs(family.index(r) - family.index(short)))
            for donor in donors:
                spare = after[donor] - need[donor]
                if spare <= 0 or missing <= 0:
                    continue
                n = min(spare, missing)
                after[donor] -= n
                after[short] += n
                missing -= n
                moves.append(Retitle(from_role=donor, to_role=short, count=n))
    hires = {r: max(0, need[r] - after[r]) for r in ROLE_KEYS}
    surplus = {r: max(0, after[r] - need[r]) for r in ROLE_KEYS}
    return Rebalance(retitles=tuple(moves), after=after, hires=hires, surplus=surplus)
