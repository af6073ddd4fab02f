"""The living spreadsheet recalculated by LibreOffice headless (issue 13 item 4).

LibreOffice (Debian's ``libreoffice-calc-nogui``, installed by ``scripts/test``) recomputes every
formula of the Inputs/Model sheets; the recalculated values must equal postsale's own figures (the
cached values), and changing an input must move the seats and costs the way the engine would.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from postsale.api import load_inputs, run_plan
from postsale.keys import Role
from postsale.report.xlsx import write_plan_xlsx
from postsale.results import PlanResult
from postsale.sample import write_sample

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
TODAY = dt.date(2026, 11, 25)


def _recalculated(path: Path, tmp: Path) -> openpyxl.Workbook:
    """LibreOffice's values for every formula. LibreOffice keeps an xlsx file's cached values by
    default, so the formulas are first saved without them (openpyxl drops them): every value read
    back was computed by LibreOffice."""
    bare = tmp / f"bare-{path.name}"
    openpyxl.load_workbook(path).save(bare)
    out = tmp / "recalc"
    subprocess.run([str(SOFFICE), f"-env:UserInstallation=file://{tmp}/lo-profile", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out), str(bare)],
                   check=True, capture_output=True, timeout=240)
    return openpyxl.load_workbook(out / bare.name, data_only=True)


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> tuple[PlanResult, Path]:
    tmp = tmp_path_factory.mktemp("recalc")
    accounts, company = write_sample(tmp / "book", 2000, seed=3, today=TODAY)
    book, parsed, notes = load_inputs(accounts, company)
    run = run_plan(book, parsed, today=TODAY, notes=notes)
    path = tmp / "plan.xlsx"
    write_plan_xlsx(run.result, path)
    return run.result, path


def _rows(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, list[object]]:
    return {str(r[0]): list(r) for r in ws.iter_rows(values_only=True) if r[0] is not None}


def _names(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, int]:
    return {str(r[2].value): r[1].row for r in ws.iter_rows(min_row=2)}


def test_libreoffice_recalculates_postsales_figures(planned: tuple[PlanResult, Path],
                                                    tmp_path: Path) -> None:
    plan, path = planned
    formulas = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    recalc = _recalculated(path, tmp_path)
    checked = 0
    for name in ("Inputs", "Model"):
        for row in formulas[name].iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    want = cached[name][cell.coordinate].value
                    got = recalc[name][cell.coordinate].value
                    assert got is not None, (name, cell.coordinate, cell.value)
                    assert got == pytest.approx(want, rel=1e-9, abs=1e-6), (name, cell.coordinate,
                                                                            cell.value)
                    checked += 1
    assert checked > 60
    model = _rows(recalc["Model"])
    for role in Role:
        assert model[str(role)][11] == plan.headcount.roles[role].required
        assert model[str(role)][13] == pytest.approx(plan.headcount.roles[role].cost)
    assert model["total"][11] == plan.headcount.required["total"]
    assert model["full CS cost a year"][1] == pytest.approx(plan.economics.full_cost)
    for tier, e in plan.economics.per_tier.items():
        assert model[str(tier)][7] == pytest.approx(e.cost_per_customer)


def test_changing_accounts_per_csm_moves_seats_and_cost(planned: tuple[PlanResult, Path],
                                                        tmp_path: Path) -> None:
    """High-touch accounts per CSM 12 → 6 doubles the high-touch CSM workload: the pooled seats,
    the team cost and the high-touch cost per customer rise by exactly what the formulas say."""
    _, path = planned
    wb = openpyxl.load_workbook(path)
    row = _names(wb["Inputs"])["per_csm_high_touch"]
    assert wb["Inputs"].cell(row, 2).value == 12
    wb["Inputs"].cell(row, 2).value = 6
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    before = _rows(openpyxl.load_workbook(path, data_only=True)["Model"])
    after = _rows(_recalculated(edited, tmp_path)["Model"])
    high = str(Role.CSM_HIGH_TOUCH)
    assert after[high][3] == pytest.approx(2 * before[high][3])  # FTE = accounts ÷ 6
    book = before[high][1]
    assert isinstance(book, int | float)
    seats = after[high][7]  # pooled seats: whole people plus the pooled remainder
    assert seats in (book // 6, book // 6 + 1)
    assert after[high][11] > before[high][11]
    assert after[high][13] == after[high][11] * before[high][12]
    assert after["total"][13] > before["total"][13]
    assert after["high_touch"][7] > before["high_touch"][7]
    assert after["full CS cost a year"][1] > before["full CS cost a year"][1]
