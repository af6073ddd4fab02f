"""The board pack's HTML (report/board.py): the summary's figures are the plan's, user text is
escaped (also inside the SVG charts), and the appendix lists only the benchmarks cited."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from postsale.api import demo_inputs, run_plan
from postsale.report.board import (
    board_context,
    cited_benchmarks,
    decisions,
    render_board_html,
    summary_figures,
)
from postsale.report.board_svg import WIDTH, Bar, bar_chart

TODAY = dt.date(2026, 1, 15)
XSS = "<script>alert(1)</script> & Co"


@pytest.fixture(scope="module")
def plan():  # type: ignore[no-untyped-def]
    book, company = demo_inputs(TODAY)
    company = company.model_copy(update={"company": company.company.model_copy(
        update={"name": XSS})})
    return run_plan(book, company, today=TODAY).result


def test_summary_figures_equal_the_plans_json(plan) -> None:  # type: ignore[no-untyped-def]
    data = plan.to_dict()
    got = summary_figures(plan)
    assert got["customers"] == data["customers"]
    assert got["arr"] == data["arr"]
    assert got["people_planned"] == data["headcount"]["required"]["total"]
    assert got["people_now"] == data["headcount"]["current"]["total"]
    assert got["cost"] == data["economics"]["full_cost"]
    assert got["cost_share"] == data["economics"]["full_cost_share_of_revenue"]
    assert got["budget_share"] == data["economics"]["budget"]["share"]
    assert got["published_median_share"] == data["economics"]["published_median_share"] == 0.085
    assert got["hires"] == data["advice"]["roadmap"]["hires_total"]


def test_summary_page_shows_the_figures_as_formatted(plan) -> None:  # type: ignore[no-untyped-def]
    html = render_board_html(plan)
    summary = html.split('<section id="tiers">')[0]
    econ = plan.economics
    assert f"{econ.full_cost_share_of_revenue:.1%}" in summary
    assert "8.5%" in summary
    assert f"{econ.budget.share:.1%}" in summary
    assert f"{plan.headcount.current['total']} → {plan.headcount.required['total']}" in summary


def test_three_decisions_come_from_the_plan(plan) -> None:  # type: ignore[no-untyped-def]
    funding, hiring, model = decisions(plan)
    assert funding.code == f"funding_{plan.funding.status}"
    assert funding.figures["people"] == plan.headcount.required["total"]
    assert hiring.figures["hires"] == plan.advice.roadmap.hires_total > 0
    top = max(plan.advice.roadmap.hires_by_role.items(), key=lambda kv: (kv[1], kv[0]))[0]
    assert hiring.figures["top_role"] == top
    assert model.figures["org_model"] == str(plan.org.recommended)


def test_user_text_is_escaped_everywhere(plan) -> None:  # type: ignore[no-untyped-def]
    html = render_board_html(plan)
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html


def test_svg_text_is_escaped() -> None:
    svg = str(bar_chart([Bar('<b x="1">', 0.5, "</svg>")], "a & b"))
    assert "<b " not in svg
    assert svg.count("</svg>") == 1
    assert "&lt;b x=&quot;1&quot;&gt;" in svg
    assert 'aria-label="a &amp; b"' in svg


def test_every_chart_has_the_fixed_page_width(plan) -> None:  # type: ignore[no-untyped-def]
    html = render_board_html(plan)
    boxes = re.findall(r'viewBox="0 0 (\d+) (\d+)"', html)
    assert len(boxes) == 4  # cost share, tiers, org overview, calendar
    assert {int(w) for w, _ in boxes} == {WIDTH}


def test_appendix_is_short_and_cited(plan) -> None:  # type: ignore[no-untyped-def]
    rows = cited_benchmarks(plan)
    entries = plan.benchmarks["entries"]
    assert 0 < len(rows) <= 60 < len(entries)
    keys = {r["key"] for r in rows}
    assert set(plan.economics.sources) <= keys  # the cost share's own benchmarks are there
    assert "spend.median_cs_support_share" in keys


def test_letter_sets_the_page_size(plan) -> None:  # type: ignore[no-untyped-def]
    assert "size: letter" in render_board_html(plan, paper="letter")
    assert "size: A4" in render_board_html(plan)
    assert board_context(plan)["owners"] is None
