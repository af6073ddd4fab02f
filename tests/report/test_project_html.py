"""The projection page: every section and chart, the tables' rows, escaping, and no network use."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from html_page import Page, parse_page

from postsale.api import demo_inputs, run_projection
from postsale.report.project_html import CHART_IDS, render_projection_html, section_titles
from postsale.report.project_text import deferred_groups, hire_groups, role_name
from postsale.results import Warning
from postsale.results_projection import ProjectionResult

TODAY = dt.date(2026, 11, 25)
XSS = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def result() -> ProjectionResult:
    book, company = demo_inputs(TODAY)
    return run_projection(book, company, today=TODAY, months=24, paths=150, seed=3)


@pytest.fixture(scope="module")
def html(result: ProjectionResult) -> str:
    return render_projection_html(result)


@pytest.fixture(scope="module")
def page(html: str) -> Page:
    return parse_page(html)


def _without_bundle(html: str) -> str:
    """The page with the inlined plotly.js removed (its licence comments name URLs)."""
    scripts = re.findall(r"<script\b[^>]*>.*?</script>", html, flags=re.DOTALL)
    bundles = [s for s in scripts if "* plotly.js v" in s]
    assert len(bundles) == 1
    return html.replace(bundles[0], "")


def test_every_section_heading_in_order(page: Page) -> None:
    assert page.headings == list(section_titles())


def test_header_and_key_figures(result: ProjectionResult, html: str) -> None:
    last = result.months[-1]
    assert f"<h1>{result.company}</h1>" in html
    assert f"{result.customers:,} customers" in html
    assert f"{result.months[0].customers.p50:,.0f} → {last.customers.p50:,.0f}" in html
    assert last.cost_share is not None
    assert f"{last.cost_share * 100:.1f}%" in html
    outside_charts = re.sub(r"<script\b.*?</script>", "", html, flags=re.DOTALL)
    assert repr(last.cost_share) not in outside_charts  # tables show percentages


def test_every_chart_is_drawn_with_one_inlined_plotly(html: str) -> None:
    for div in CHART_IDS:
        assert f'id="{div}"' in html
    assert len(re.findall(r"\* plotly\.js v\d", html)) == 1
    assert html.count("Plotly.newPlot(") == len(CHART_IDS)
    assert html.index("* plotly.js v") < html.index("Plotly.newPlot(")
    positions = [html.index(f'id="{div}"') for div in CHART_IDS]
    assert positions == sorted(positions)  # the first chart in the page carries the bundle


def test_nothing_is_fetched(html: str) -> None:
    assert "default-src 'none'" in html
    tags = re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html, flags=re.IGNORECASE)
    assert not [t for t in tags if re.search(r"\b(?:src|href)\s*=", t, flags=re.IGNORECASE)]
    assert not re.search(r"https?://", _without_bundle(html))


def test_calendar_table_has_a_row_per_group(result: ProjectionResult, page: Page) -> None:
    groups = hire_groups(result)
    rows = [r for r in page.rows if len(r) == 6 and re.fullmatch(r"\d{4}-\d\d-\d\d", r[0])]
    assert len(rows) == len(groups)
    for row, g in zip(rows, groups, strict=True):
        assert row[0] == g.open_date.isoformat()
        assert row[1] == f"{g.count} × {role_name(g.role)}"
        assert row[2:4] == [g.start_date.isoformat(), g.productive_date.isoformat()]
        assert row[5] == g.trigger + (f" late: {g.delay}" if g.delay else "")
    assert any(g.delay == "hiring capacity 2 a month" for g in groups)


def test_the_pace_and_the_deferred_requisitions_are_shown(result: ProjectionResult, page: Page,
                                                          html: str) -> None:
    assert "Pace: at most 2 starts a month (25% of the 1 person in seat, at least 2)" in html
    assert "start after the 12-week design and pilot of the new model (S3 roadmap)" in html
    assert "budget 15.0% of each month&#39;s ARR (less technology)" in html
    # the demo's team is hired inside the horizon; what it defers, the ARR-following budget does
    assert {g.reason for g in deferred_groups(result)} <= {"budget"}
    funded = result.model_copy(update={"hiring": result.hiring.model_copy(update={
        "budget": 2_000_000.0, "budget_share": None, "run_rate_today": 230_000.0,
        "run_rate_horizon": 1_950_000.0})})
    assert ("budget $2.00M a year for the team in seat (today $230K, at the horizon $1.95M)"
            in render_projection_html(funded))


def test_deferred_requisitions_have_a_row_per_group() -> None:
    book, company = demo_inputs(TODAY)
    capped = company.model_copy(update={"budget": company.budget.model_copy(
        update={"amount": 900_000.0})})
    funded = run_projection(book, capped, today=TODAY, months=24, paths=100, seed=3)
    groups = deferred_groups(funded)
    assert groups
    page = parse_page(render_projection_html(funded))
    rows = [r for r in page.rows if len(r) == 4 and r[2] == "budget"]
    assert len(rows) == len(groups)
    for row, g in zip(rows, groups, strict=True):
        assert row[0] == f"{g.count} × {role_name(g.role)}"
        assert row[3] == g.trigger


def test_events_scenarios_and_assumptions(result: ProjectionResult, page: Page,
                                          html: str) -> None:
    titles = {r[2] for r in page.rows if len(r) == 4}
    for event in result.timeline:
        assert (str(event.title) in titles) == (event.kind != "hire"), event.title
    header = next(r for r in page.rows if r and r[0] == "" and len(r) == len(result.scenarios) + 1)
    for cell, scenario in zip(header[1:], result.scenarios, strict=True):
        assert cell.startswith(str(scenario.name))
    hires = next(r for r in page.rows if r and r[0] == "Hires")
    assert hires[1:] == [f"{s.hires:,}" for s in result.scenarios]
    assert str(result.retention.description).replace("'", "&#39;") in html
    assert "10 weeks to hire (every role)" in html


def test_data_strings_are_escaped(result: ProjectionResult) -> None:
    hire = result.hires[0].model_copy(update={"trigger": "<script>alert(3)</script>"})
    scenario = result.scenarios[1].model_copy(update={"name": '<img src=x onerror="alert(2)">'})
    html = render_projection_html(result.model_copy(update={
        "company": XSS, "hires": (hire, *result.hires[1:]),
        "scenarios": (result.scenarios[0], scenario, *result.scenarios[2:]),
        "warnings": (Warning(code="custom", message="<b onmouseover=alert(4)>w</b>"),),
    }))
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<b onmouseover" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in html
    # inside the figures (Plotly draws a subset of HTML in names and hovers) the data is escaped
    # before Plotly's JSON encoding, so no raw "<" from the data reaches a chart
    charts = _without_bundle(html)
    assert "\\u003cscript" not in charts
    assert "\\u003cimg" not in charts
    assert "&lt;script&gt;alert(3)&lt;\\u002fscript&gt;" in charts


def test_a_projection_with_no_hires_or_warnings_renders(result: ProjectionResult) -> None:
    quiet = result.model_copy(update={"hires": (), "warnings": (), "timeline": ()})
    html = render_projection_html(quiet)
    page = parse_page(html)
    assert page.headings == list(section_titles())
    assert "No requisitions to open in the horizon." in html
    assert "No warnings." in html
    assert html.count("Plotly.newPlot(") == len(CHART_IDS)
