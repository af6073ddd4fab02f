"""The XLSX plan workbook, read back with openpyxl: sheets, headers, typed values, safety."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from postsale.benchmarks import default_benchmarks
from postsale.company import Company, CompanyInfo
from postsale.core.book import AccountBook
from postsale.core.plan import build_plan
from postsale.keys import ROLE_KEYS, TIER_KEYS, Role, Tier
from postsale.report import xlsx
from postsale.report.xlsx import SHEET_NAMES, write_plan_xlsx
from postsale.results import PlanResult

TODAY = dt.date(2026, 11, 25)
HEADERS = {
    "Summary": ["field", "value"],
    "Tiers": ["tier", "accounts", "ARR", "share of ARR", "share of accounts",
              "avg ACV", "cost per customer",
              "cost share of ACV", "revenue multiple", "verdict", "S3 share band low",
              "S3 share band high", "share check", "accounts per CSM", "accounts per CSM basis",
              "multiple verdict", "total cost", "explanation"],
    "Budget": ["", "people", "cost a year", "share of ARR"],
    "Headcount": ["role", "now", "needed", "gap", "formula", "annual cost", "workload FTE"],
    "Effort": ["section", "subject", "accounts", "CSM hours a year", "CSM hours per account",
               "implied accounts per CSM", "ratio accounts per CSM", "CSM FTE by effort",
               "CSM FTE by ratio", "seats by effort", "seats by ratio", "difference", "sized by",
               "explanation"],
    "Triggers": ["trigger", "role", "description", "measured", "threshold", "unit", "fired",
                 "evaluable", "message"],
    "Warnings": ["code", "message"],
    "Checks": ["code", "title", "status", "detail"],
    "Org fit": ["decision", "option", "score", "recommended", "reasons"],
    "Benchmarks": ["key", "value", "range low", "range high", "unit", "source", "overridden",
                   "overridden by", "default", "help"],
    "Accounts": ["account_id", "tier", "reasons"],
}


def _plan(name: str = "Acme", currency: str = "USD") -> PlanResult:
    rng = np.random.default_rng(1)
    n = 300
    book = AccountBook.from_columns({"account_id": [f"a{i}" for i in range(n)],
                                     "arr": np.exp(rng.normal(9.8, 1.2, n))})
    benchmarks = default_benchmarks().with_overrides({"accounts_per_csm.low_touch": 65},
                                                     "company.toml [accounts_per_csm]")
    company = Company(company=CompanyInfo(name=name, currency=currency),
                      team={Role.DIRECTOR: 1})
    plan, _ = build_plan(book, company, benchmarks, TODAY)
    return plan


@pytest.fixture(scope="module")
def plan() -> PlanResult:
    return _plan()


@pytest.fixture(scope="module")
def workbook(plan: PlanResult, tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    path = tmp_path_factory.mktemp("xlsx") / "plan.xlsx"
    accounts = [("a1", "high_touch", "acv"), ("a2", "tech_touch", "acv")]
    write_plan_xlsx(plan, path, accounts)
    return openpyxl.load_workbook(path)


def _header(ws: Worksheet) -> list[object]:
    return [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]


def _find(ws: Worksheet, first: str) -> tuple[int, list[object]]:
    for row in ws.iter_rows(min_row=2):
        if row[0].value == first:
            return row[0].row, [c.value for c in row]
    raise AssertionError(f"no row {first!r} in {ws.title}")


def _summary(ws: Worksheet) -> dict[str, object]:
    return {str(r[0].value): r[1].value for r in ws.iter_rows(min_row=2)}


def test_sheets_and_headers(workbook: Workbook) -> None:
    assert workbook.sheetnames == list(SHEET_NAMES)
    for name, header in HEADERS.items():
        ws = workbook[name]
        assert _header(ws) == header, name
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref is not None
        assert ws.auto_filter.ref.startswith("A1:")
        assert all(c.font.b for c in ws[1])


def test_no_accounts_sheet_without_accounts(plan: PlanResult, tmp_path: Path) -> None:
    write_plan_xlsx(plan, tmp_path / "p.xlsx")
    assert openpyxl.load_workbook(tmp_path / "p.xlsx").sheetnames == list(SHEET_NAMES[:-1])


def test_summary_values(plan: PlanResult, workbook: Workbook) -> None:
    summary = _summary(workbook["Summary"])
    assert summary["company"] == "Acme"
    assert summary["stage"] == plan.stage.number == 3
    assert summary["customers"] == 300
    assert summary["ARR"] == pytest.approx(plan.arr)
    assert summary["blended CS cost share of revenue"] == pytest.approx(
        plan.economics.blended_cost_share_of_revenue)
    assert summary["org model"] == "specialist"
    assert summary["reporting line"] == "cro"
    assert summary["headcount needed"] == plan.headcount.required["total"]
    assert summary["plan date"] == dt.datetime(2026, 11, 25)


def test_percent_cells_hold_fractions_and_money_has_currency(plan: PlanResult,
                                                             workbook: Workbook) -> None:
    ws = workbook["Tiers"]
    row, values = _find(ws, "high_touch")
    share = ws.cell(row, 4)
    assert share.value == pytest.approx(plan.tiers[Tier.HIGH_TOUCH].share_of_arr)
    assert 0 < share.value < 1
    assert share.number_format == "0.0%"
    assert values[1] == plan.tiers[Tier.HIGH_TOUCH].accounts
    assert "$" in ws.cell(row, 3).number_format
    assert ws.cell(row, 5).value == pytest.approx(plan.tiers[Tier.HIGH_TOUCH].share_of_accounts)
    assert values[6] == pytest.approx(plan.economics.per_tier[Tier.HIGH_TOUCH].cost_per_customer)
    assert values[9] == plan.economics.per_tier[Tier.HIGH_TOUCH].verdict
    assert [_find(ws, str(t))[1][1] for t in TIER_KEYS] == [plan.tiers[t].accounts
                                                            for t in TIER_KEYS]


def test_headcount_rows_formulas_and_total(plan: PlanResult, workbook: Workbook) -> None:
    ws = workbook["Headcount"]
    for role in ROLE_KEYS:
        r = plan.headcount.roles[role]
        _, values = _find(ws, str(role))
        assert values[:6] == [str(role), r.current, r.required, r.gap, str(r.formula),
                              pytest.approx(r.cost)]
    row, total = _find(ws, "total")
    hc = plan.headcount
    # 5 CSMs (1.42 + 2.86 + 0.19 FTE, pooled seats), 3 support, 2 renewals, a head of CS; the
    # needed team ($1.39M) fits the 15% budget, so the plan is the need
    assert total[1:4] == [hc.current["total"], hc.required["total"], hc.gap["total"]] == [1, 11, 10]
    assert hc.needed["total"] == 11
    assert plan.funding.status == "needed_fits"
    assert row == len(ROLE_KEYS) + 2
    assert ws.auto_filter.ref == f"A1:G{len(ROLE_KEYS) + 1}"  # the total row is not filtered
    assert ws.cell(row, 1).font.b


def test_benchmarks_sheet_marks_overrides_and_formats_fractions(workbook: Workbook) -> None:
    ws = workbook["Benchmarks"]
    _, low = _find(ws, "accounts_per_csm.low_touch")
    assert low[1] == 65
    assert low[6] is True
    assert low[7] == "company.toml [accounts_per_csm]"
    assert low[8] == 50
    assert low[9] == "Mid-market low-touch accounts per pooled CSM."
    row, blended = _find(ws, "economics.blended_low")
    assert blended[1] == pytest.approx(0.10)
    assert ws.cell(row, 2).number_format == "0.0%"
    assert blended[6] is False


def test_triggers_warnings_checks(plan: PlanResult, workbook: Workbook) -> None:
    triggers = workbook["Triggers"]
    for t in plan.triggers:
        _, values = _find(triggers, t.key)
        assert values[6] is t.fired
    assert [r[0].value for r in workbook["Warnings"].iter_rows(min_row=2)] == [
        w.code for w in plan.warnings]
    assert [r[2].value for r in workbook["Checks"].iter_rows(min_row=2)] == [
        c.status for c in plan.checks]


def test_non_usd_currency_format(tmp_path: Path) -> None:
    write_plan_xlsx(_plan(currency="CHF"), tmp_path / "chf.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "chf.xlsx")["Tiers"]
    assert '"CHF"' in ws.cell(2, 3).number_format


def test_formulas_are_neutralised_and_written_as_strings(plan: PlanResult, tmp_path: Path) -> None:
    evil = _plan(name='=HYPERLINK("http://x")')
    path = tmp_path / "evil.xlsx"
    write_plan_xlsx(evil, path, [("+1-555", "low_touch", "@SUM(A1)"), ("-12.5", "tech_touch", "")])
    wb = openpyxl.load_workbook(path)
    company = wb["Summary"].cell(2, 2)
    assert company.value == '\'=HYPERLINK("http://x")'
    assert company.data_type == "s"
    account = wb["Accounts"].cell(2, 1)
    assert account.value == "+1-555"  # an identifier: a typed string cell, kept exactly
    assert account.data_type == "s"
    assert wb["Accounts"].cell(2, 3).value == "'@SUM(A1)"
    plain_negative = wb["Accounts"].cell(3, 1)
    assert (plain_negative.value, plain_negative.data_type) == ("-12.5", "s")
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        # the Model sheet (3rd) holds postsale's own formulas; no other sheet holds any
        model = f"xl/worksheets/sheet{SHEET_NAMES.index('Model') + 1}.xml"
        assert b"<f>" in z.read(model)
        assert not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets if n != model)


_PLAN_CACHE: list[PlanResult] = []


def _cached_plan() -> PlanResult:
    if not _PLAN_CACHE:
        _PLAN_CACHE.append(_plan())
    return _PLAN_CACHE[0]


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_any_account_id_round_trips_as_a_safe_string(account_id: str) -> None:
    # "_xHHHH_" is OOXML's escape syntax: Excel reads it back, openpyxl does not unescape it.
    assume(not re.search(r"_x[0-9A-Fa-f]{4}_", account_id))
    plan = _cached_plan()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.xlsx"
        write_plan_xlsx(plan, path, [(account_id, "low_touch", "")])
        cell = openpyxl.load_workbook(path)["Accounts"].cell(2, 1)
    assert cell.data_type == "s"
    assert cell.value == account_id  # identifiers are typed string cells, never changed


def test_accounts_stream_from_a_generator_and_roll_over_sheets(
    plan: PlanResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "_MAX_ROWS", 4)  # header + 3 accounts per sheet

    def rows() -> Iterator[tuple[str, str, str]]:
        for i in range(7):
            yield (f"id{i}", "low_touch", "acv")

    write_plan_xlsx(plan, tmp_path / "p.xlsx", rows())
    wb = openpyxl.load_workbook(tmp_path / "p.xlsx")
    assert wb.sheetnames[-3:] == ["Accounts", "Accounts 2", "Accounts 3"]
    ids = [r[0].value for name in wb.sheetnames[-3:] for r in wb[name].iter_rows(min_row=2)]
    assert ids == [f"id{i}" for i in range(7)]
    assert _header(wb["Accounts 3"]) == HEADERS["Accounts"]


def test_failed_write_leaves_no_file(plan: PlanResult, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object) -> None:
        raise RuntimeError("rendering failed")

    monkeypatch.setattr(xlsx, "_headcount", boom)
    target = tmp_path / "plan.xlsx"
    with pytest.raises(RuntimeError, match="rendering failed"):
        write_plan_xlsx(plan, target)
    assert not target.exists()
    assert list(target.parent.iterdir()) == []  # no temp file left behind


def test_failed_write_keeps_the_previous_file(plan: PlanResult, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"previous version")

    def failing_accounts() -> Iterator[tuple[str, str, str]]:
        yield ("a1", "low_touch", "acv")
        raise OSError("CRM export went away")

    with pytest.raises(OSError, match="CRM export"):
        write_plan_xlsx(plan, target, failing_accounts())
    assert target.read_bytes() == b"previous version"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]


def test_the_budget_sheet_sets_the_costs_side_by_side(tmp_path: Path) -> None:
    from postsale.report.budget import budget_rows

    plan = _plan()
    write_plan_xlsx(plan, tmp_path / "b.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "b.xlsx")["Budget"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    expected = budget_rows(plan)
    assert [r[0] for r in rows[:len(expected)]] == [r.label for r in expected]
    recommended = next(r for r in rows if r[0] == "recommended")
    assert recommended[2] == pytest.approx(plan.economics.full_cost)
    assert recommended[3] == pytest.approx(plan.economics.full_cost_share_of_revenue)
    assert any(str(r[0]).startswith("Budget: ") for r in rows)


def test_the_effort_sheet_holds_the_catalogue_books_and_both_headcounts(tmp_path: Path) -> None:
    """Issue 12 item 3 under effort sizing: per tier the CSM hours per account and the book they
    imply (= the Tiers sheet's accounts per CSM), then seats by effort and by ratio per role; a
    catalogue label that looks like a formula stays text."""
    from postsale.company import company_from_mapping

    rng = np.random.default_rng(1)
    n = 300
    book = AccountBook.from_columns({"account_id": [f"a{i}" for i in range(n)],
                                     "arr": np.exp(rng.normal(10.5, 1.2, n))})
    company = company_from_mapping({
        "headcount": {"sizing": "effort"},
        "catalogue": {"high_touch": {
            "weekly_check_in": {"frequency": 26},
            "evil": {"label": '=HYPERLINK("http://x")', "mode": "proactive", "per": "account",
                     "owner": "csm", "frequency": 2, "hours": 1}}}}, "t", default_benchmarks())
    plan, _ = build_plan(book, company, company.apply(default_benchmarks()), TODAY)
    effort = plan.headcount.effort
    assert effort is not None
    assert effort.sizing == "effort"
    path = tmp_path / "effort.xlsx"
    write_plan_xlsx(plan, path)
    wb = openpyxl.load_workbook(path)
    ws, tiers = wb["Effort"], wb["Tiers"]
    for tier in TIER_KEYS:
        t = effort.tiers[tier]
        values = next([c.value for c in r] for r in ws.iter_rows(min_row=2)
                      if r[0].value == "tier" and r[1].value == str(tier))
        assert values[2:7] == [t.accounts, pytest.approx(t.csm_hours),
                               pytest.approx(t.csm_hours_per_account) if t.accounts else None,
                               pytest.approx(t.implied_accounts_per_csm)
                               if t.implied_accounts_per_csm is not None else None,
                               pytest.approx(t.ratio_accounts_per_csm)]
        assert values[12] == "effort"
        _, priced = _find(tiers, str(tier))
        if t.implied_accounts_per_csm is not None:
            # the Tiers sheet prices the tier at the same book (economics.per_tier)
            assert priced[13] == pytest.approx(t.implied_accounts_per_csm)
            assert priced[14] == "effort"
    for role in ROLE_KEYS:
        values = next([c.value for c in r] for r in ws.iter_rows(min_row=2)
                      if r[0].value == "role" and r[1].value == str(role))
        assert values[9:12] == [effort.effort_based[str(role)], effort.ratio_based[str(role)],
                                effort.difference[str(role)]]
    row, total = _find(ws, "total")
    assert total[9:12] == [effort.effort_based["total"], effort.ratio_based["total"],
                           effort.difference["total"]]
    assert ws.cell(row, 1).font.b
    assert ws.auto_filter.ref == f"A1:N{row - 1}"  # the total row is not filtered
    high = next(r for r in ws.iter_rows(min_row=2) if r[1].value == "high_touch")
    assert high[13].data_type == "s"
    assert '=hyperlink("http://x")' in str(high[13].value)  # the label, as text inside a sentence
    with zipfile.ZipFile(path) as z:
        model = f"xl/worksheets/sheet{SHEET_NAMES.index('Model') + 1}.xml"
        assert not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in z.namelist()
                       if n.startswith("xl/worksheets/sheet") and n != model)
