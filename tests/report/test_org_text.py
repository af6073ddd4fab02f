"""The org design in the terminal: trees, aggregated counts, escaping, and the recommended model."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from rich.console import Console

from postsale.api import demo_inputs, run_plan
from postsale.keys import OrgModel
from postsale.report.org_text import (
    MAX_SAME_TITLE,
    chart_tree,
    hour_runs,
    model_order,
    org_tree,
    render_org_text,
)
from postsale.results import PlanResult

TODAY = dt.date(2026, 11, 25)
_LEADERS = {"team_lead", "manager", "director", "vp", "cco"}


@pytest.fixture(scope="module")
def plan() -> PlanResult:
    book, company = demo_inputs(TODAY)
    return run_plan(book, company, today=TODAY).result


def _render(plan: PlanResult, model: OrgModel | None = None, width: int = 240) -> str:
    console = Console(width=width, record=True, force_terminal=False, color_system=None)
    render_org_text(plan, console, model)
    return console.export_text()


def _tree_part(text: str) -> str:
    """The tree of a single-model rendering: from the top seat to the headcount line."""
    return text[:text.index("Headcount ")]


def test_every_model_is_drawn_recommended_first_and_marked(plan: PlanResult) -> None:
    text = _render(plan)
    order = model_order(plan)
    assert order[0] == plan.org.recommended
    assert sorted(order) == sorted(OrgModel)
    positions = [text.index(f"{m.value.capitalize()} model") for m in order]
    assert positions == sorted(positions)
    assert text.count("— recommended") == 1
    assert f"{plan.org.recommended.value.capitalize()} model — recommended" in text


@pytest.mark.parametrize("model", list(OrgModel))
def test_tree_has_the_top_title_and_counts_that_add_up_to_the_chart(plan: PlanResult,
                                                                     model: OrgModel) -> None:
    graph = plan.org.charts[model]
    tree = _tree_part(_render(plan, model))
    top = next(n for n in graph["nodes"] if n["reports_to"] is None)
    lines = tree.splitlines()
    border = next(i for i, line in enumerate(lines) if line.startswith("╭"))
    first = lines[border + 1]  # company and budget lines, panel border, then the top seat
    assert first.strip("│ ").startswith(top["title"])
    ics = sum(int(n) for n in re.findall(r"(\d+) × ", tree))
    leaders = sum(1 for n in graph["nodes"] if n["role"] in _LEADERS)
    assert ics + leaders == graph["headcount"]["total"]
    assert f"{graph['headcount']['total']} people" in first


def test_individual_contributors_are_aggregated_by_title(plan: PlanResult) -> None:
    graph = plan.org.charts[OrgModel.SPECIALIST]
    root = org_tree(graph)
    assert root.headcount == graph["headcount"]["total"]
    tree = _tree_part(_render(plan, OrgModel.SPECIALIST))
    leader_ids = {n["id"] for n in graph["nodes"] if n["role"] in _LEADERS}
    for leader in leader_ids:
        under = [n for n in graph["nodes"] if n["reports_to"] == leader and n["id"] not in leader_ids]
        for title in {n["title"] for n in under}:
            count = sum(n["count"] for n in under if n["title"] == title)
            assert f"{count} × {title}" in tree
    # one line per group, never one line per seat (the funded demo team is small: 9 individual
    # contributors in 5 groups under the head of CS, so count the group lines, not all lines)
    ics = [n for n in graph["nodes"] if n["role"] not in _LEADERS]  # a node may be a group
    groups = {(n["reports_to"], n["title"]) for n in ics}
    group_lines = [line for line in tree.splitlines() if re.search(r"\d+ × ", line)]
    assert len(group_lines) == len(groups) < sum(n["count"] for n in ics)


def test_data_strings_are_never_read_as_markup(plan: PlanResult) -> None:
    graph = dict(plan.org.charts[OrgModel.SPECIALIST])
    nodes = [dict(n) for n in graph["nodes"]]
    nodes[0]["title"] = "[bold red]Head[/bold red] of [[growth]]"
    graph["nodes"] = nodes
    graph["differences"] = ["[[growth]] plan [link=http://x]y[/link]"]
    org = plan.org.model_copy(update={
        "charts": {**plan.org.charts, OrgModel.SPECIALIST: graph},
        "reasons": {**plan.org.reasons, OrgModel.SPECIALIST: ("[[growth]] +5: [i]x[/i]",)},
    })
    hostile = plan.model_copy(update={"company": "[[growth]] Co [/]", "org": org})
    text = _render(hostile, OrgModel.SPECIALIST)
    assert "[[growth]] Co [/]" in text
    assert "[bold red]Head[/bold red] of [[growth]]" in text
    assert "[[growth]] plan [link=http://x]y[/link]" in text
    assert "[[growth]] +5: [i]x[/i]" in text


def test_recommended_model_carries_the_design(plan: PlanResult) -> None:
    text = _render(plan, plan.org.recommended)
    for heading in ("Runner-up:", "CS system architecture (S2)", "Handoffs", "Career paths",
                    "Variable pay", "Why it differs from the plan", "Pros", "Cons", "Make it work"):
        assert heading in text, heading
    assert "intervention point:" in text
    other = next(m for m in OrgModel if m != plan.org.recommended)
    assert "Runner-up:" not in _render(plan, other)


def test_geographic_shows_languages_time_zones_and_coverage(plan: PlanResult) -> None:
    graph = plan.org.charts[OrgModel.GEOGRAPHIC]
    text = _render(plan, OrgModel.GEOGRAPHIC)
    assert "Coverage (languages, time zones, follow-the-sun)" in text
    assert "follow-the-sun:" in text
    zones = {n["timezone"] for n in graph["nodes"] if n.get("timezone")}
    assert any(z in _tree_part(text) for z in zones)
    languages = {lang for n in graph["nodes"] for lang in n.get("languages") or ()}
    assert any(lang in _tree_part(text) for lang in languages)


def _wide_graph(pods: int) -> dict[str, Any]:
    nodes: list[dict[str, Any]] = [{"id": "vp", "title": "VP Customer Success", "role": "vp",
                                    "reports_to": None, "cost": 300.0}]
    for p in range(pods):
        nodes.append({"id": f"m{p}", "title": f"Pod Lead — Enterprise pod {p + 1}",
                      "role": "manager", "reports_to": "vp", "cost": 175.0})
        nodes += [{"id": f"c{p}-{k}", "title": "Enterprise CSM (high touch)",
                   "role": "csm_high_touch", "reports_to": f"m{p}", "accounts": 12, "cost": 150.0}
                  for k in range(3)]
    return {"nodes": nodes, "headcount": {"total": len(nodes)}, "cost": 0.0}


def test_many_same_title_leaders_fold_into_and_n_more() -> None:
    pods = MAX_SAME_TITLE + 8
    console = Console(width=160, record=True, color_system=None)
    console.print(chart_tree(_wide_graph(pods)))
    text = console.export_text()
    assert "Pod Lead — Enterprise pod 1 " in text
    assert "Pod Lead — Enterprise pod 20" not in text
    assert "… and 17 more Pod Lead — Enterprise pod (68 people" in text
    assert "3 × Enterprise CSM (high touch) — 36 accounts (~12 each)" in text


def test_a_few_same_title_leaders_are_all_shown() -> None:
    console = Console(width=160, record=True, color_system=None)
    console.print(chart_tree(_wide_graph(MAX_SAME_TITLE)))
    text = console.export_text()
    assert "more" not in text
    assert text.count("Pod Lead — Enterprise pod") == MAX_SAME_TITLE


def test_hour_runs_wrap_midnight() -> None:
    assert hour_runs([22, 23, 0, 1, 9, 10]) == "09–11, 22–02"
    assert hour_runs(range(24)) == "all 24 hours"
    assert hour_runs([]) == "none"
