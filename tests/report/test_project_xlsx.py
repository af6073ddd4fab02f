"""The projection workbook: the result's own figures as numbers, formats, frozen headers and
filters, four native line charts over the Months sheet, headers in the chosen language, formula
text defused, and the CLI writing it ."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from postsale.api import demo_inputs, run_projection
from postsale.cli import app
from postsale.i18n import activate
from postsale.report.project_xlsx import projection_xlsx_bytes, write_projection_xlsx
from postsale.results_projection import ProjectionResult

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def result() -> ProjectionResult:
    book, company = demo_inputs(TODAY)
    return run_projection(book, company, today=TODAY, months=24, paths=150, seed=3)


def test_months_sheet_holds_the_results_figures(result: ProjectionResult, tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    write_projection_xlsx(result, path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Months", "Charts", "Hires", "Assumptions"]
    ws = wb["Months"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["Month", "Date", "Stage", "Customers P10", "Customers P50"]
    assert ws.max_row == len(result.months) + 1
    col = {name: i for i, name in enumerate(header)}
    for r, month in enumerate(result.months, start=2):
        row = [c.value for c in ws[r]]
        assert row[col["Month"]] == month.month
        assert row[col["Date"]].date() == month.date
        assert row[col["ARR P50"]] == pytest.approx(month.arr.p50)
        assert row[col["People required P50"]] == month.required["total"]
        assert row[col["Team cost (month)"]] == pytest.approx(month.cost)
        role_total = sum(v for k, v in zip(header, row, strict=True)
                         if isinstance(k, str) and k.endswith(": required"))
        assert role_total == month.required["total"]
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(header)).column_letter}{ws.max_row}"
    assert ws.cell(2, col["Cost share of ARR"] + 1).number_format == "0.0%"
    assert "$" in ws.cell(2, col["ARR P50"] + 1).number_format
    hires = wb["Hires"]
    assert hires.max_row == len(result.hires) + 1


def test_four_native_line_charts_over_the_months(result: ProjectionResult, tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    write_projection_xlsx(result, path)
    with zipfile.ZipFile(path) as z:
        charts = sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        assert len(charts) == 4
        last = len(result.months) + 1
        for name in charts:
            xml = z.read(name).decode()
            assert "<c:lineChart>" in xml
            refs = re.findall(r"<c:f>([^<]*)</c:f>", xml)
            assert refs
            assert all(re.fullmatch(rf"Months!\$[A-Z]+\$2:\$[A-Z]+\${last}", r) for r in refs), refs


def test_headers_and_sheets_follow_the_language(result: ProjectionResult, tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    with activate("ja", result.currency):
        write_projection_xlsx(result, path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["月次", "グラフ", "採用", "前提条件"]
    assert wb["月次"].cell(1, 4).value == "顧客数 P10"
    with zipfile.ZipFile(path) as z:
        assert "月次!$A$2" in z.read("xl/charts/chart1.xml").decode()


def test_formula_text_is_defused(result: ProjectionResult, tmp_path: Path) -> None:
    hostile = result.model_copy(update={"company": "=HYPERLINK(\"http://x\")"})
    data = projection_xlsx_bytes(hostile)
    path = tmp_path / "p.xlsx"
    path.write_bytes(data)
    wb = openpyxl.load_workbook(path)
    values = [c.value for row in wb["Assumptions"].iter_rows() for c in row]
    assert any(isinstance(v, str) and "HYPERLINK" in v for v in values)
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


def test_cli_writes_the_workbook_in_the_chosen_language(tmp_path: Path) -> None:
    out = tmp_path / "projection.xlsx"
    runner = CliRunner()
    done = runner.invoke(app, ["project", "--demo", "--today", "2026-11-25", "--paths", "100",
                               "--seed", "2", "-f", "xlsx", "-o", str(out), "--lang", "pt"])
    assert done.exit_code == 0, done.output
    assert openpyxl.load_workbook(out).sheetnames[0] == "Meses"
    assert zipfile.is_zipfile(out)
