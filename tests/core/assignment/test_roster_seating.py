"""``seat_people``: a team file's people on an org chart's seats (``postsale org --team``)."""

from __future__ import annotations

from typing import Any

from postsale.core.assignment.roster import roster_from_chart, seat_people


def _node(i: str, up: str | None, role: str, count: int = 1, unit: str = "Pod A",
          tier: str | None = None, level: int = 1) -> dict[str, Any]:
    return {"id": i, "reports_to": up, "role": role, "title": role, "count": count, "unit": unit,
            "tier": tier, "level": level, "regions": [], "timezone": None}


CHART = {"nodes": [
    _node("head-1", None, "head_of_cs", unit="CS", level=0),
    # listed Pod B first: seats still go in (level, unit, id) order, as assignment numbers them
    _node("csm_low_touch-3..4", "head-1", "csm_low_touch", 2, unit="Pod B", tier="low_touch"),
    _node("csm_low_touch-1..2", "head-1", "csm_low_touch", 2, unit="Pod A", tier="low_touch"),
    _node("support_engineer-1", "head-1", "support_engineer", unit="Pod A"),
]}


def test_people_fill_their_roles_seats_in_assignment_order_the_rest_open() -> None:
    roles = ["csm_low_touch", "csm_low_touch", "head_of_cs", "csm_low_touch", "csm_high_touch",
             "csm_low_touch"]
    named = [True, False, True, True, True, True]  # person 1 is an open requisition row
    seating = seat_people(CHART, roles, named)
    assert seating.seat == {
        "head-1": 2,
        "csm_low_touch-1": 0, "csm_low_touch-2": 3,  # Pod A first, the requisition row skipped
        "support_engineer-1": None,
        "csm_low_touch-3": 5, "csm_low_touch-4": None,
    }
    assert seating.unseated == (4,)  # no high-touch seat in this chart
    # the seats, in order, are the positions assignment uses for the chart's CSMs
    csm_seats = [s for s in seating.seat if s.startswith("csm")]
    assert csm_seats == list(roster_from_chart(CHART).person_id)


def test_more_people_than_seats_are_unseated_in_team_order() -> None:
    seating = seat_people(CHART, ["support_engineer"] * 3, [True] * 3)
    assert seating.seat["support_engineer-1"] == 0
    assert seating.unseated == (1, 2)
    assert sum(v is None for v in seating.seat.values()) == 5
