"""The org design HTML page: escaping, one inlined plotly.js, a section per model, and icicle
charts whose root holds the chart's headcount."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest

from postsale.api import demo_inputs, run_plan
from postsale.keys import OrgModel
from postsale.report.org_html import org_chart_figure, render_org_html
from postsale.results import PlanResult

TODAY = dt.date(2026, 11, 25)
XSS = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def plan() -> PlanResult:
    book, company = demo_inputs(TODAY)
    return run_plan(book, company, today=TODAY).result


@pytest.fixture(scope="module")
def html(plan: PlanResult) -> str:
    return render_org_html(plan)


def _figure(html: str, model: OrgModel) -> dict[str, Any]:
    """The ``data`` list Plotly.newPlot receives for ``model``'s chart, parsed from the page."""
    marker = f'Plotly.newPlot(\n                        "org-chart-{model}",'
    start = html.find(marker)
    if start < 0:  # Plotly's whitespace is not a contract: fall back to a regex
        found = re.search(rf'Plotly\.newPlot\(\s*"org-chart-{model}",', html)
        assert found, f"no figure for {model}"
        start, marker = found.start(), found.group(0)
    data, _ = json.JSONDecoder().raw_decode(html[start + len(marker):].lstrip())
    assert isinstance(data, list)
    return dict(data[0])


def test_hostile_company_name_and_chart_strings_are_escaped(plan: PlanResult) -> None:
    graph = dict(plan.org.charts[OrgModel.SPECIALIST])
    graph["nodes"] = [dict(n) for n in graph["nodes"]]
    graph["nodes"][0]["title"] = XSS
    graph["nodes"][-1]["title"] = '<img src=x onerror="alert(2)">'
    graph["differences"] = [XSS]
    org = plan.org.model_copy(update={"charts": {**plan.org.charts, OrgModel.SPECIALIST: graph},
                                      "reasons": {**plan.org.reasons,
                                                  OrgModel.SPECIALIST: (XSS,)}})
    page = render_org_html(plan.model_copy(update={"company": XSS, "org": org}))
    assert XSS not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # title, heading, differences
    # in the figure, data strings are entities (Plotly renders some tags in labels)
    labels = _figure(page, OrgModel.SPECIALIST)["labels"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in labels
    assert not [label for label in labels if "<" in label]


def test_plotly_is_inlined_once_and_nothing_is_fetched(html: str) -> None:
    assert len(re.findall(r"\* plotly\.js v\d", html)) == 1
    assert html.index("* plotly.js v") < html.index("Plotly.newPlot(")
    assert html.count("Plotly.newPlot(") == len(OrgModel)
    script_tags = re.findall(r"<script\b[^>]*>", html, flags=re.IGNORECASE)
    assert script_tags
    assert not [t for t in script_tags if re.search(r"\bsrc\s*=", t, flags=re.IGNORECASE)]
    assert not re.search(r"""<link\b[^>]*href\s*=\s*["']?(https?:)?//""", html, flags=re.IGNORECASE)
    assert not re.search(r"""src\s*=\s*["']?https?://""", html, flags=re.IGNORECASE)
    assert "default-src 'none'" in html


def test_every_model_has_a_section_recommended_first(plan: PlanResult, html: str) -> None:
    starts = {m: html.index(f'id="model-{m}"') for m in OrgModel}
    assert min(starts, key=lambda m: starts[m]) == plan.org.recommended
    rec = html[starts[plan.org.recommended]:]
    assert rec.index("recommended") < rec.index('id="org-chart-')
    for heading in ("CS system architecture (S2)", "Handoffs, with shared accountability",
                    "Career paths", "Variable pay", "Runner-up:"):
        assert html.count(heading) == 1, heading
    assert "Coverage: languages, time zones, follow-the-sun" in html
    for m in OrgModel:
        assert f'id="org-chart-{m}"' in html


def test_one_model_only(plan: PlanResult) -> None:
    page = render_org_html(plan, OrgModel.POD)
    assert 'id="model-pod"' in page
    assert 'id="model-specialist"' not in page
    assert page.count("Plotly.newPlot(") == 1
    assert len(re.findall(r"\* plotly\.js v\d", page)) == 1


@pytest.mark.parametrize("model", list(OrgModel))
def test_icicle_root_holds_the_chart_headcount(plan: PlanResult, html: str,
                                               model: OrgModel) -> None:
    graph = plan.org.charts[model]
    trace = _figure(html, model)
    assert trace["type"] == "icicle"
    assert trace["branchvalues"] == "total"
    assert trace["tiling"]["orientation"] == "v"
    assert trace["parents"][0] == ""
    assert trace["values"][0] == graph["headcount"]["total"]
    # every parent holds at least its children (branchvalues="total" would drop the chart)
    value = dict(zip(trace["ids"], trace["values"], strict=True))
    children: dict[str, int] = {}
    for parent, v in zip(trace["parents"], trace["values"], strict=True):
        if parent:
            children[parent] = children.get(parent, 0) + v
    assert all(value[p] >= total for p, total in children.items())
    # leaves are the individual contributors: they add up to the non-leader seats
    leaders = {n["id"] for n in graph["nodes"]
               if n["role"] in ("team_lead", "manager", "director", "vp", "cco")}
    groups = sum(v for i, v in value.items() if i not in leaders)
    assert groups == graph["headcount"]["total"] - len(leaders)


def test_figure_boxes_aggregate_ics_and_carry_cost(plan: PlanResult) -> None:
    graph = plan.org.charts[OrgModel.SPECIALIST]
    fig = org_chart_figure(graph, plan.currency)
    trace = fig.data[0]
    assert trace.values[0] == graph["headcount"]["total"]
    assert len(trace.ids) < graph["headcount"]["total"]  # one box per group, not per seat
    assert any(re.match(r"\d+ × ", label) for label in trace.labels)
    root_hover = trace.customdata[0]
    assert root_hover[1] == f"{graph['headcount']['total']} people"
    assert root_hover[2].startswith("$")
