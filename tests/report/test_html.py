"""The HTML plan report: every section, the key figures, escaping, and no network dependency."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest
from html_page import Page, parse_page

from postsale.benchmarks import default_benchmarks
from postsale.company import Company, CompanyInfo
from postsale.core.book import AccountBook
from postsale.core.plan import build_plan
from postsale.keys import TIER_KEYS, Role
from postsale.report.fmt import label
from postsale.report.html import render_plan_html, section_titles
from postsale.results import PlanResult, Warning

TODAY = dt.date(2026, 11, 25)
XSS = "<script>alert(1)</script>"


def _book(n: int = 300, seed: int = 1) -> AccountBook:
    rng = np.random.default_rng(seed)
    return AccountBook.from_columns({
        "account_id": [f"a{i}" for i in range(n)],
        "arr": np.exp(rng.normal(9.8, 1.2, n)),
    })


def _plan(company: Company | None = None, n: int = 300, overrides: dict[str, float] | None = None
          ) -> PlanResult:
    benchmarks = default_benchmarks()
    if overrides:
        benchmarks = benchmarks.with_overrides(overrides, "company.toml [accounts_per_csm]")
    plan, _ = build_plan(_book(n), company or Company(team={Role.DIRECTOR: 1}), benchmarks, TODAY)
    return plan


def _row(parsed: Page, first: str) -> list[str]:
    rows = [r for r in parsed.rows if r and r[0] == first]
    assert rows, f"no table row starts with {first!r}"
    return rows[0]


@pytest.fixture(scope="module")
def plan() -> PlanResult:
    return _plan()


@pytest.fixture(scope="module")
def html(plan: PlanResult) -> str:
    return render_plan_html(plan)


def test_every_section_heading_in_order(html: str) -> None:
    assert parse_page(html).headings == list(section_titles())


def test_stage_and_header_figures(plan: PlanResult, html: str) -> None:
    assert plan.stage.number == 3
    assert f"Stage {plan.stage.number} ({plan.stage.name})" in html
    assert "300 customers" in html


def test_each_tier_row_shows_accounts_share_as_percent_and_verdict(plan: PlanResult,
                                                                   html: str) -> None:
    parsed = parse_page(html)
    for tier in TIER_KEYS:
        row = _row(parsed, label(tier))
        assert row[1] == f"{plan.tiers[tier].accounts:,}"
        assert row[3] == f"{plan.tiers[tier].share_of_arr * 100:.1f}%"
        assert row[-1] == plan.economics.per_tier[tier].verdict.replace("_", " ")
    # the blended share is a percentage, never the raw fraction
    blended = plan.economics.blended_cost_share_of_revenue
    assert blended is not None
    assert f"{blended * 100:.1f}%" in html
    assert repr(blended) not in html


def test_headcount_total_and_formulas(plan: PlanResult, html: str) -> None:
    total = _row(parse_page(html), "Total")
    assert total[1:4] == [str(plan.headcount.current["total"]),
                          str(plan.headcount.required["total"]), f"+{plan.headcount.gap['total']}"]
    # the needed team (13: no director layer below 15 people) costs more than 15% of ARR:
    # moving low-touch accounts under $21,300
    # down to tech-touch funds a team of 10 (4 CSMs, 3 support, 2 renewals, a head of CS)
    assert plan.headcount.required["total"] == 10
    assert plan.headcount.needed["total"] == 13
    assert [step.lever for step in plan.funding.steps] == ["move_down_low"]
    csm = plan.headcount.roles[Role.CSM_LOW_TOUCH]
    row = _row(parse_page(html), "CSM · low touch")
    assert row[1:3] == [str(csm.current), str(csm.required)]
    assert row[-1] == str(csm.formula)


def test_triggers_warnings_and_checks_are_listed(plan: PlanResult, html: str) -> None:
    for trigger in plan.triggers:
        assert str(trigger.message).replace("'", "&#39;") in html
    for warning in plan.warnings:
        assert warning.code in html
    for check in plan.checks:
        assert str(check.title).replace("'", "&#39;") in html
    assert plan.org.recommended.value.capitalize() in html


def test_benchmark_table_marks_overridden_entries() -> None:
    plan = _plan(overrides={"accounts_per_csm.low_touch": 65})
    parsed = parse_page(render_plan_html(plan))
    row = _row(parsed, "accounts_per_csm.low_touch")
    assert row[1] == "65"
    assert row[-1].startswith("overridden")
    assert "default 50" in row[-1]
    untouched = _row(parsed, "accounts_per_csm.high_touch")
    assert untouched[-1] == ""
    assert len(parsed.rows) > len(plan.benchmarks["entries"])  # every entry has a row


def test_fraction_benchmarks_shown_as_percentages(html: str) -> None:
    row = _row(parse_page(html), "economics.blended_low")
    assert row[1] == "10%"


def test_user_strings_are_escaped() -> None:
    plan = _plan(Company(company=CompanyInfo(name=XSS), team={Role.DIRECTOR: 1}))
    plan = plan.model_copy(update={
        "warnings": (Warning(code="custom", message='<img src=x onerror="alert(2)">'),),
    })
    html = render_plan_html(plan)
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in html


def test_plotly_is_inline_exactly_once_and_nothing_is_fetched(html: str) -> None:
    assert len(re.findall(r"\* plotly\.js v\d", html)) == 1
    assert html.count("Plotly.newPlot(") == 2  # two charts, one bundle
    assert 'id="chart-headcount"' in html
    assert 'id="chart-tier-share"' in html
    script_tags = re.findall(r"<script\b[^>]*>", html, flags=re.IGNORECASE)
    assert script_tags
    assert not [t for t in script_tags if re.search(r"\bsrc\s*=", t, flags=re.IGNORECASE)]
    assert not re.search(r"<link\b[^>]*href\s*=\s*[\"']?(https?:)?//", html, flags=re.IGNORECASE)
    assert "default-src 'none'" in html  # CSP: the page may not fetch anything


def test_bundle_comes_before_first_chart(html: str) -> None:
    assert html.index("* plotly.js v") < html.index("Plotly.newPlot(")


def test_print_stylesheet(html: str) -> None:
    assert "@media print" in html


def test_tiny_book_renders() -> None:
    html = render_plan_html(_plan(n=3))
    assert parse_page(html).headings == list(section_titles())


def test_the_budget_card_sets_the_costs_side_by_side(plan: PlanResult, html: str) -> None:
    from postsale.report.budget import budget_rows

    assert "Cost against the budget" in html
    page = parse_page(html)
    for row in budget_rows(plan):
        assert _row(page, row.label)[0] == row.label
    assert plan.economics.budget is not None
    from markupsafe import escape

    assert str(escape(plan.economics.budget.explanation)) in html  # escaped like every string
