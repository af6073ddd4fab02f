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


def _regional(i: str, region: str, langs: list[str]) -> dict[str, Any]:
    node = _node(i, "head-1", "csm_high_touch", unit=f"{region} team", tier="high_touch")
    return {**node, "regions": [region], "languages": langs}


GEO = {"nodes": [
    _node("head-1", None, "head_of_cs", unit="CS", level=0),
    _regional("csm_high_touch-1", "AMER", ["English"]),
    _regional("csm_high_touch-2", "APAC", ["English", "Japanese"]),
    _regional("csm_high_touch-3", "EMEA", ["English", "French"]),
]}


def test_people_sit_where_their_region_and_languages_fit() -> None:
    roles = ["csm_high_touch"] * 3
    # listed against the seat order: a Tokyo Japanese speaker first, a Paris French speaker second
    seating = seat_people(GEO, roles, [True] * 3, ["APAC", "EMEA", "AMER"],
                          [frozenset({"Japanese", "English"}), frozenset({"French"}),
                           frozenset({"English"})])
    assert seating.seat == {"head-1": None, "csm_high_touch-1": 2, "csm_high_touch-2": 0,
                            "csm_high_touch-3": 1}
    # by order alone (no profile) the first person would take the AMER seat
    assert seat_people(GEO, roles, [True] * 3).seat["csm_high_touch-1"] == 0


def test_language_alone_places_a_person_and_the_least_fitting_stay_unseated() -> None:
    roles = ["csm_high_touch"] * 4
    seating = seat_people(GEO, roles, [True] * 4, [None] * 4,
                          [frozenset(), frozenset({"French"}), frozenset({"Japanese"}),
                           frozenset({"english"})])  # case does not matter
    assert seating.seat["csm_high_touch-3"] == 1
    assert seating.seat["csm_high_touch-2"] == 2
    assert seating.seat["csm_high_touch-1"] == 3
    assert seating.unseated == (0,)  # the one who fits no seat better than the others
