"""Org-chart data model: positions, reporting lines, units, and what a chart costs.

A chart is a tree: every position but the top reports to exactly one position. Individual
contributors carry the accounts, tier, languages and time zone of their book; leaders carry their
span. ``to_graph()`` gives the ``{nodes, edges}`` JSON of ``org.charts.<model>``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel, ConfigDict

from postsale.keys import LEADERSHIP_ROLES, ROLE_KEYS, OrgModel, Role, Tier

__all__ = ["FunctionalLink", "OrgChart", "Position", "Unit"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


@dataclass(frozen=True, slots=True)
class Position:
    """One seat in the chart (filled or an open requisition — the chart does not know people).

    A plain slotted dataclass, not a pydantic model: a million-account book has ~50,000 seats per
    chart, and the builder is the only producer.
    """

    id: str
    title: str
    role: Role
    level: int  # 0 = top; depth in the tree
    unit: str  # function, pod or region the seat belongs to
    reports_to: str | None
    tier: Tier | None = None
    accounts: int = 0
    languages: tuple[str, ...] = ()
    timezone: str | None = None
    regions: tuple[str, ...] = ()  # regions this seat serves; empty = every region
    cost: float = 0.0

    @property
    def is_leader(self) -> bool:
        return self.role in LEADERSHIP_ROLES


class Unit(BaseModel):
    """A pod, region or function: what it serves and how many seats it has."""

    model_config = _FROZEN

    name: str
    kind: str  # "function" | "pod" | "region" | "shared"
    accounts: int
    arr: float
    positions: int
    detail: str


class FunctionalLink(BaseModel):
    """A dotted line (functional leadership across pods or regions), not a reporting line."""

    model_config = _FROZEN

    leader: str
    member: str
    label: str


@dataclass(frozen=True)
class OrgChart:
    """One organization model drawn for this company."""

    model: OrgModel
    positions: tuple[Position, ...]
    units: tuple[Unit, ...]
    functional_links: tuple[FunctionalLink, ...] = ()
    differences: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    coverage: dict[str, Any] | None = None

    def with_differences(self, differences: tuple[str, ...]) -> OrgChart:
        """The same chart with its explanation of how it differs from the role-based plan."""
        return replace(self, differences=differences)

    @property
    def top(self) -> Position | None:
        """The one position that reports to nobody (None for an empty chart)."""
        return next((p for p in self.positions if p.reports_to is None), None)

    @property
    def headcount(self) -> dict[str, int]:
        counts = Counter(str(p.role) for p in self.positions)
        out = {str(r): counts.get(str(r), 0) for r in ROLE_KEYS}
        out["total"] = len(self.positions)
        return out

    @property
    def cost(self) -> float:
        return float(sum(p.cost for p in self.positions))

    def direct_reports(self) -> dict[str, list[Position]]:
        reports: dict[str, list[Position]] = {p.id: [] for p in self.positions}
        for p in self.positions:
            if p.reports_to is not None:
                reports[p.reports_to].append(p)
        return reports

    def to_graph(self) -> dict[str, Any]:
        """``{nodes, edges, headcount, cost, units, differences, notes, coverage}`` for JSON."""
        return {
            "nodes": [{"id": p.id, "title": p.title, "role": str(p.role), "level": p.level,
                       "unit": p.unit, "reports_to": p.reports_to,
                       "tier": None if p.tier is None else str(p.tier), "accounts": p.accounts,
                       "languages": list(p.languages), "timezone": p.timezone,
                       "regions": list(p.regions), "cost": p.cost} for p in self.positions],
            "edges": [{"from": p.reports_to, "to": p.id} for p in self.positions
                      if p.reports_to is not None],
            "functional_links": [f.model_dump(mode="json") for f in self.functional_links],
            "headcount": self.headcount,
            "cost": self.cost,
            "units": [u.model_dump(mode="json") for u in self.units],
            "differences": list(self.differences),
            "notes": list(self.notes),
            "coverage": self.coverage,
        }
