"""The projection in the terminal: every section, the calendar folded, months shown, escaping."""

from __future__ import annotations

import datetime as dt

import pytest
from rich.console import Console

from postsale.api import demo_inputs, run_projection
from postsale.report.project_text import (
    band_text,
    hire_groups,
    month_label,
    render_projection,
    role_name,
    shown_months,
    total,
)
from postsale.report.text import money
from postsale.results import Warning
from postsale.results_projection import Band, ProjectionResult

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def result() -> ProjectionResult:
    book, company = demo_inputs(TODAY)
    return run_projection(book, company, today=TODAY, months=24, paths=150, seed=3)


def _render(result: ProjectionResult, width: int = 240) -> str:
    console = Console(width=width, record=True, force_terminal=False, color_system=None)
    render_projection(result, console)
    return console.export_text()


@pytest.fixture(scope="module")
def text(result: ProjectionResult) -> str:
    return _render(result)


def _lines_with(text: str, *parts: str) -> list[str]:
    return [line for line in text.splitlines() if all(p in line for p in parts)]


def test_header_names_company_size_horizon_and_seed(result: ProjectionResult, text: str) -> None:
    header = text.splitlines()[0]
    assert header.startswith(result.company)
    assert f"{result.customers:,} customers" in header
    assert f"{result.horizon_months} months ahead" in header
    assert f"{result.paths:,} paths, seed {result.seed}" in header
    assert result.benchmarks_version in header


def test_assumptions_show_targets_retention_and_lead_time(result: ProjectionResult,
                                                          text: str) -> None:
    assert "month 12: 450 customers" in text
    assert f"Retention: {result.retention.source}" in text
    assert "10 weeks to hire (every role)" in text
    assert "25% → 50% → 75% → 100%" in text


def test_every_month_listed_up_to_24(result: ProjectionResult, text: str) -> None:
    assert len(shown_months(result)) == result.horizon_months + 1
    for m in result.months:
        rows = _lines_with(text, f"{m.month:>2} {month_label(m.date)}")
        assert rows, f"month {m.month} missing"
    last = result.months[-1]
    row = _lines_with(text, f"{last.month:>2} {month_label(last.date)}")[0]
    assert f"{last.customers.p50:,.0f}" in row
    assert str(last.required["total"]) in row
    assert last.cost_share is not None
    assert f"{last.cost_share * 100:.1f}%" in row


def test_long_horizon_is_monthly_to_12_then_quarterly(result: ProjectionResult) -> None:
    base = result.months[-1]
    months = tuple(base.model_copy(update={"month": i}) for i in range(37))
    long = result.model_copy(update={"horizon_months": 36, "months": months})
    shown = [m.month for m in shown_months(long)]
    assert shown == [*range(13), 15, 18, 21, 24, 27, 30, 33, 36]
    odd = result.model_copy(update={"horizon_months": 28, "months": months[:29]})
    assert [m.month for m in shown_months(odd)][-3:] == [24, 27, 28]  # the last month always


def test_calendar_folds_identical_requisitions(result: ProjectionResult, text: str) -> None:
    groups = hire_groups(result)
    assert sum(g.count for g in groups) == len(result.hires)
    assert len(groups) < len(result.hires)  # the demo's catch-up opens several seats at once
    assert len({(g.role, g.open_date, g.trigger) for g in groups}) == len(groups)
    assert [g.open_date for g in groups] == sorted(g.open_date for g in groups)
    for g in groups:
        rows = _lines_with(text, g.open_date.isoformat(), f"{g.count} × {role_name(g.role)}",
                           g.start_date.isoformat(), g.productive_date.isoformat())
        assert rows, f"no calendar row for {g}"
    assert f"Hiring calendar ({len(result.hires)} requisitions)" in text


def test_events_listed_without_hire_events(result: ProjectionResult, text: str) -> None:
    shown = [e for e in result.timeline if e.kind != "hire"]
    hires = [e for e in result.timeline if e.kind == "hire"]
    assert shown
    assert hires
    for event in shown:
        assert _lines_with(text, str(event.title)), event.title
    for event in hires:
        assert str(event.title) not in text


def test_cost_section_in_percentages_against_the_bands(result: ProjectionResult,
                                                       text: str) -> None:
    assert "blended (10%–25%)" in text
    assert "per tier vs 5%–15% rule" in text
    last = result.months[-1]
    assert last.cost_share is not None
    row = _lines_with(text, f"month {last.month} ({month_label(last.date)})")[0]
    assert f"{last.cost_share * 100:.1f}%" in row
    assert repr(last.cost_share) not in text
    assert money(last.cumulative_cost) in row


def test_scenarios_side_by_side_with_deltas(result: ProjectionResult, text: str) -> None:
    assert len(result.scenarios) >= 2
    for s in result.scenarios:
        assert str(s.name) in text
        assert str(s.description) in text
    header = _lines_with(text, *(str(s.name) for s in result.scenarios))
    assert header, "scenario names are not one header row"
    team = _lines_with(text, "team needed", band_text(result.scenarios[0].required["total"],
                                                      result.scenarios[0].required_total_band))
    assert team
    others = [s for s in result.scenarios if not s.is_base]
    delta_row = _lines_with(text, "Δ team")[0]
    for s in others:
        expected = f"+{s.headcount_delta:,}" if s.headcount_delta > 0 else f"{s.headcount_delta:,}"
        assert expected in delta_row


def test_warnings_listed(result: ProjectionResult, text: str) -> None:
    assert result.warnings
    for w in result.warnings:
        assert f"[{w.code}]" in text
    quiet = _render(result.model_copy(update={"warnings": ()}))
    assert "No warnings." in quiet


def test_data_strings_are_printed_literally(result: ProjectionResult) -> None:
    hostile = "[bold red]ACME[/]"
    hire = result.hires[0].model_copy(update={"trigger": "[link=http://x]click[/link]"})
    scenario = result.scenarios[1].model_copy(update={"name": "[blink]what-if[/blink]"})
    text = _render(result.model_copy(update={
        "company": hostile, "hires": (hire, *result.hires[1:]),
        "scenarios": (result.scenarios[0], scenario, *result.scenarios[2:]),
        "warnings": (Warning(code="custom", message="[red]boom[/red]"),),
    }))
    assert text.splitlines()[0].startswith(hostile)
    assert "[link=http://x]click[/link]" in text
    assert "[blink]what-if[/blink]" in text
    assert "[red]boom[/red]" in text


def test_fits_a_120_column_terminal_without_cutting_figures(result: ProjectionResult) -> None:
    text = _render(result, width=120)
    assert "…" not in text
    last = result.months[-1]
    row = _lines_with(text, f"{last.month:>2} {month_label(last.date)}")[0]
    assert f"${last.arr.p50 / 1e6:,.2f}M" in row


def test_band_text_and_total() -> None:
    assert band_text(None, Band(p10=5, p50=5, p90=5)) == "5"
    assert band_text(None, Band(p10=4, p50=5, p90=7)) == "5 (4–7)"
    assert band_text(6, Band(p10=4, p50=5, p90=7)) == "6 (4–7)"
    assert band_text(None, None) == "—"
    assert total({"a": 2, "b": 3}) == 5
    assert total({"a": 2, "b": 3, "total": 4}) == 4


def test_the_assumptions_name_the_lead_time_and_each_roles_own_ramp() -> None:
    from postsale.report.project_text import lead_time_text
    from postsale.results_projection import HiringAssumption

    general = HiringAssumption(lead_time_weeks={"csm_high_touch": 10.0, "tam": 10.0},
                               ramp=(0.25, 0.5, 0.75, 1.0), ramp_by_role={},
                               first_reachable_month={"csm_high_touch": 5, "tam": 5})
    assert lead_time_text(general) == ("10 weeks to hire (every role); ramp 25% → 50% → 75% → 100% "
                                       "of capacity a month")
    own = general.model_copy(update={"ramp_by_role": {"csm_high_touch": (0.5, 1.0)}})
    assert lead_time_text(own).endswith("(to full productivity: CSM · high touch 2 months)")


def test_the_pace_line_and_the_deferred_requisitions(result: ProjectionResult, text: str) -> None:
    assert "Pace: at most 2 starts a month (25% of the 1 person in seat, at least 2)" in text
    # the default budget is a share of ARR: it grows with the book (DOMAIN.md §10.8)
    assert "budget 15.0% of each month's ARR (less technology) for the team in seat" in text
    assert _lines_with(text, "hiring capacity 2 a month")
    assert _lines_with(text, "— late: hiring capacity 2 a month")
    # a [budget] amount caps the people in seat: what it cannot pay for is deferred, with why
    book, company = demo_inputs(TODAY)
    capped = company.model_copy(update={"budget": company.budget.model_copy(
        update={"amount": 900_000.0})})
    funded = run_projection(book, capped, today=TODAY, months=24, paths=100, seed=3)
    assert funded.deferred
    assert {d.reason for d in funded.deferred} == {"budget"}
    out = _render(funded)
    assert f"Deferred beyond the horizon ({len(funded.deferred)} requisitions)" in out
    assert "budget $873K a year for the team in seat" in out
    assert {"role", "month_needed", "date", "reason", "reason_text", "trigger", "reason_text_msg",
            "trigger_msg"} == set(
        funded.to_dict()["deferred"][0])


def test_an_override_of_the_limit_changes_the_pace_sentence_and_the_reasons() -> None:
    book, company = demo_inputs(TODAY)
    paced = company.model_copy(update={
        "overrides": {**company.overrides, "hiring.max_starts_per_month": 4.0}})
    faster = run_projection(book, paced, today=TODAY, months=24, paths=100, seed=3)
    assert faster.hiring.max_starts_per_month == 4
    assert faster.hiring.max_starts_keys == ("hiring.max_starts_per_month",)
    out = _render(faster)
    assert ("Pace: at most 4 starts a month (hiring.max_starts_per_month, from the company file)"
            in out)
    assert "hiring capacity 2 a month" not in out
    delays = [None if h.delay_reason_text is None else str(h.delay_reason_text)
              for h in faster.hires]
    assert all(d in (None, "hiring capacity 4 a month") for d in delays)
    assert any(d == "hiring capacity 4 a month" for d in delays)
