"""The roster: positions that can own accounts, as columns.

A position is a person (``name`` set) or an open requisition (``name`` None). ``tiers`` is an
``(m, 3)`` mask in ``TIER_KEYS`` order; ``region`` None serves every region; empty ``languages``
means not stated (no language restriction); ``capacity`` 1.0 is a full-time book.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from postsale.keys import TIER_KEYS

__all__ = ["Roster", "roster_from_chart"]


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
    source: str = "roster"

    def __len__(self) -> int:
        return len(self.person_id)

    def label(self, j: int) -> str:
        name = self.name[j]
        return name if name else f"Open requisition {self.person_id[j]}"


def roster_from_chart(chart: dict[str, Any], model: str = "recommended") -> Roster:
    """Positions that can own accounts (seats with a tier: the CSMs) from an org chart's
    ``to_graph()`` dict — every seat an open requisition until a team file names people.

    Open requisitions carry no language restriction: whom to hire follows from the book they are
    given (the per-person summary lists each book's languages as the hiring profile), while the
    chart's own language coverage is reported by the org design.
    """
    seats = [n for n in chart["nodes"] if n.get("tier")]
    tiers = np.zeros((len(seats), len(TIER_KEYS)), dtype=bool)
    for k, seat in enumerate(seats):
        tiers[k, [str(t) for t in TIER_KEYS].index(seat["tier"])] = True
    return Roster(
        person_id=tuple(str(s["id"]) for s in seats),
        name=tuple(None for _ in seats),
        role=tuple(str(s["role"]) for s in seats),
        tiers=tiers,
        region=tuple((s["regions"][0] if len(s["regions"]) == 1 else None) for s in seats),
        languages=tuple(frozenset() for _ in seats),
        timezone=tuple(s["timezone"] for s in seats),
        capacity=np.ones(len(seats)),
        source=f"{model} org chart (open requisitions)",
    )
