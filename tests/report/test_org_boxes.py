"""The box chart's embedded data: one box per leader and one per manager's team, seats conserved,
leaders expanded and teams collapsed, a search index over every box, script-safe JSON."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from postsale.api import demo_inputs, run_plan
from postsale.report.org_boxes import chart_boxes, script_json
from postsale.report.org_html import boxes_js, render_org_html, vendor_js
from postsale.results import PlanResult

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def plan() -> PlanResult:
    book, company = demo_inputs(TODAY)
    return run_plan(book, company, today=TODAY).result


def _node(i: str, up: str | None, role: str, title: str, count: int = 1, cost: float = 100.0,
          unit: str = "Pod A", tier: str | None = None) -> dict[str, Any]:
    return {"id": i, "reports_to": up, "role": role, "title": title, "count": count, "cost": cost,
            "unit": unit, "tier": tier, "accounts": 10 * count, "level": 0 if up is None else 1}


GRAPH = {"nodes": [
    _node("head-1", None, "head_of_cs", "Head of CS", unit="Customer Success"),
    _node("mgr-1", "head-1", "cs_manager", "CS Manager", unit="Pod A"),
    _node("mgr-2", "head-1", "cs_manager", "CS Manager", unit="Pod B"),
    _node("csm_high_touch-1..3", "mgr-1", "csm_high_touch", "Enterprise CSM", 3, 300.0,
          tier="high_touch"),
    _node("csm_low_touch-1..4", "mgr-1", "csm_low_touch", "CSM", 4, 400.0, tier="low_touch"),
    _node("csm_low_touch-5..9", "mgr-2", "csm_low_touch", "CSM", 5, 500.0, unit="Pod B",
          tier="low_touch"),
    _node("support_engineer-1", "mgr-2", "support_engineer", "Support Engineer", unit="Pod B"),
]}


def test_one_box_per_leader_and_one_per_team_seats_conserved() -> None:
    data = chart_boxes(GRAPH, "USD", {"csm_low_touch": 2, "tam": 0})
    boxes = {b["id"]: b for b in data["boxes"]}
    assert list(boxes) == ["head-1", "mgr-1", "mgr-1/team", "mgr-2", "mgr-2/team"]
    team = boxes["mgr-1/team"]
    assert (team["count"], team["lines"], team["tiers"]) == (
        7, [[4, "CSM"], [3, "Enterprise CSM"]], ["high touch", "low touch"])
    assert team["parentId"] == "mgr-1"
    assert team["cost"] == 700.0
    assert team["accounts"] == 70
    assert boxes["mgr-2/team"]["units"] == ["Pod B"]
    assert boxes["head-1"]["headcount"] == data["seats"] == 3 + 7 + 6
    assert boxes["head-1"]["cost"] == pytest.approx(300 + 700 + 600)
    assert boxes["mgr-2"]["headcount"] == 7
    assert boxes["mgr-2"]["manager"]
    assert not boxes["head-1"]["manager"]
    # open requisitions: the role's plan-wide count on every team with that role, never invented
    assert (boxes["mgr-1/team"]["open"], data["open"], data["open_by_role"]) == (
        2, 2, {"csm_low_touch": 2})
    assert chart_boxes(GRAPH)["open"] == 0
    # the plan's hires carry their total: counted once, not as a role
    assert chart_boxes(GRAPH, "USD", {"csm_low_touch": 2, "total": 2})["open"] == 2
    assert data["people"] is False


def test_leaders_start_expanded_and_teams_collapsed() -> None:
    boxes = chart_boxes(GRAPH)["boxes"]
    assert all(b["_expanded"] for b in boxes if b["kind"] == "leader")
    assert not any(b.get("_expanded") for b in boxes if b["kind"] == "team")
    assert sum(1 for b in boxes if b["parentId"] is None) == 1


def test_several_tops_hang_under_one_box() -> None:
    graph = {"nodes": [_node("a", None, "head_of_cs", "A"), _node("b", None, "head_of_cs", "B"),
                       _node("x-1", "b", "tam", "TAM")]}
    boxes = chart_boxes(graph)["boxes"]
    assert [b["parentId"] for b in boxes] == [None, "__org__", "__org__", "b"]
    assert boxes[0]["headcount"] == 3


def test_search_index_covers_every_box_by_unit_title_and_tier() -> None:
    data = chart_boxes(GRAPH)
    index = {s["id"]: s["text"] for s in data["search"]}
    assert set(index) == {b["id"] for b in data["boxes"]}
    assert "pod b" in index["mgr-2/team"]
    assert "support engineer" in index["mgr-2/team"]
    assert "high touch" in index["mgr-1/team"]
    assert index["head-1"] == "head of cs customer success"


def test_embedded_json_cannot_close_the_script() -> None:
    evil = "</script><script>alert(1)</script><!-- & \u2028"
    graph = {"nodes": [_node("h", None, "head_of_cs", evil, unit=evil)]}
    text = script_json(chart_boxes(graph))
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text
    assert json.loads(text)["boxes"][0]["title"] == evil


def test_the_demo_page_embeds_every_seat_and_the_libraries_offline(plan: PlanResult) -> None:
    graph = plan.org.charts[plan.org.recommended]
    data = chart_boxes(graph, plan.currency, plan.headcount.hires)
    assert data["seats"] == graph["seats"] == plan.headcount.required["total"]
    assert data["open"] == sum(n for role, n in plan.headcount.hires.items()
                               if n > 0 and role != "total")
    page = render_org_html(plan)
    assert "</script" not in vendor_js().lower()
    assert "</script" not in boxes_js().lower()
    assert page.count('<script type="application/json" id="boxes-') == len(plan.org.charts)
    assert "new d3.OrgChart()" in page
    assert "<script src=" not in page
    assert page.count("https://d3js.org v7") == 1  # the libraries inlined once, not per model


def test_a_team_files_people_sit_in_their_boxes_and_open_seats_are_counted_per_box() -> None:
    from postsale.core.assignment.roster import seat_people

    team = [("Ana <b>Lima</b>", "csm_high_touch"), ("Bo", "csm_low_touch"),
            (None, "csm_low_touch"), ("Cy", "cs_manager"), ("Di", "csm_low_touch"),
            ("Ed", "head_of_cs"), ("Fa", "csm_tech_touch")]
    seating = seat_people(GRAPH, [r for _, r in team], [n is not None for n, _ in team])
    seated = {sid: None if k is None else team[k][0] for sid, k in seating.seat.items()}
    data = chart_boxes(GRAPH, "USD", {"csm_low_touch": 2}, seated)
    boxes = {b["id"]: b for b in data["boxes"]}
    assert data["people"] is True
    # Pod A's team: 3 enterprise seats (Ana, two open) and 4 CSM seats (Bo, Di, two open)
    assert boxes["mgr-1/team"]["people"] == [["Ana <b>Lima</b>", "Enterprise CSM"],
                                             ["Bo", "CSM"], ["Di", "CSM"]]
    assert boxes["mgr-1/team"]["open"] == 7 - 3
    # Pod B's 5 CSMs and its support engineer: nobody left for them
    assert boxes["mgr-2/team"]["people"] == []
    assert boxes["mgr-2/team"]["open"] == 6
    assert boxes["head-1"]["people"] == [["Ed", "Head of CS"]]
    assert boxes["head-1"]["open"] == 0
    assert (boxes["mgr-1"]["people"], boxes["mgr-1"]["open"]) == ([["Cy", "CS Manager"]], 0)
    assert (boxes["mgr-2"]["people"], boxes["mgr-2"]["open"]) == ([], 1)
    # seat counts per box, not the plan-wide hires, and every seat is a person or open
    assert data["open"] == 4 + 6 + 1 == data["seats"] - 5  # 5 people seated
    assert data["open_by_role"] == {}
    assert seating.unseated == (6,)  # no tech-touch seat
    assert "ana <b>lima</b>" in next(s["text"] for s in data["search"]
                                      if s["id"] == "mgr-1/team")
    # the name reaches the page only as script-safe JSON
    assert "<b>" not in script_json(data)


def test_without_a_team_file_boxes_carry_no_people() -> None:
    data = chart_boxes(GRAPH, "USD", {"csm_low_touch": 2})
    assert data["people"] is False
    assert all("people" not in b for b in data["boxes"])
    assert data["open"] == 2
