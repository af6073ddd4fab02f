"""The projection CSV: one row per month, the documented header, the result's exact values, and a
file that is written atomically and is safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from postsale.api import demo_inputs, run_projection
from postsale.keys import ROLE_KEYS
from postsale.report import project_csv
from postsale.report.project_csv import (
    PROJECTION_COLUMNS,
    Cell,
    projection_csv_rows,
    projection_csv_text,
    write_projection_csv,
)
from postsale.results_projection import ProjectionResult

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def result() -> ProjectionResult:
    book, company = demo_inputs(TODAY)
    return run_projection(book, company, today=TODAY, months=24, paths=150, seed=3)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def written(result: ProjectionResult, tmp_path: Path) -> list[dict[str, str]]:
    path = tmp_path / "projection.csv"
    write_projection_csv(result, path)
    return _read(path)


def test_header_names_every_column() -> None:
    header = list(PROJECTION_COLUMNS)
    assert header[:3] == ["month", "date", "stage"]
    assert header[-5:] == ["cost", "cost_required_p50", "cumulative_cost", "cost_share",
                           "blended_cost_share"]
    for role in ROLE_KEYS:
        assert f"required_{role}" in header
        assert f"in_seat_{role}" in header
    for name in ("customers_p10", "arr_p90", "grr_p50", "nrr_p50", "new_customers_p50",
                 "target_customers", "target_arr", "required_total_p10", "required_total_p50",
                 "required_total_p90", "in_seat_total"):
        assert name in header
    assert len(set(header)) == len(header)


def test_one_row_per_month_after_the_header(result: ProjectionResult) -> None:
    rows = projection_csv_rows(result)
    assert rows[0] == list(PROJECTION_COLUMNS)
    assert len(rows) == result.horizon_months + 2  # header + months 0..N
    assert [r[0] for r in rows[1:]] == list(range(result.horizon_months + 1))
    assert all(len(r) == len(PROJECTION_COLUMNS) for r in rows)


def test_file_values_equal_the_result(result: ProjectionResult,
                                      written: list[dict[str, str]]) -> None:
    assert len(written) == len(result.months)
    for row, m in zip(written, result.months, strict=True):
        assert int(row["month"]) == m.month
        assert row["date"] == m.date.isoformat()
        assert int(row["stage"]) == m.stage
        assert float(row["customers_p50"]) == m.customers.p50
        assert float(row["arr_p10"]) == m.arr.p10
        assert float(row["arr_p90"]) == m.arr.p90
        assert float(row["cost"]) == m.cost
        assert float(row["cumulative_cost"]) == m.cumulative_cost
        assert float(row["cost_required_p50"]) == m.cost_required.p50
        assert float(row["cost_share"]) == m.cost_share
        assert float(row["target_customers"]) == m.target_customers
        assert int(row["required_total_p50"]) == m.required["total"]
        assert float(row["required_total_p90"]) == m.required_bands["total"].p90
        assert int(row["in_seat_total"]) == m.in_seat["total"]
        for role in ROLE_KEYS:
            assert int(row[f"required_{role}"]) == m.required[str(role)]
            assert int(row[f"in_seat_{role}"]) == m.in_seat[str(role)]
        assert sum(int(row[f"required_{r}"]) for r in ROLE_KEYS) == int(row["required_total_p50"])


def test_missing_figures_are_empty_cells(result: ProjectionResult,
                                         written: list[dict[str, str]]) -> None:
    assert result.months[0].grr is None
    assert written[0]["grr_p50"] == ""
    assert written[0]["nrr_p50"] == ""
    last = result.months[-1]
    assert last.grr is not None
    assert float(written[-1]["grr_p50"]) == last.grr.p50


def test_shares_stay_fractions(result: ProjectionResult, written: list[dict[str, str]]) -> None:
    shares = [float(r["cost_share"]) for r in written if r["cost_share"]]
    assert shares
    assert all(0 <= s < 1 for s in shares)
    assert not any("%" in cell for row in written for cell in row.values())


def test_hostile_company_name_never_reaches_the_file(result: ProjectionResult,
                                                     tmp_path: Path) -> None:
    hostile = result.model_copy(update={"company": '=HYPERLINK("http://x","<script>")'})
    path = tmp_path / "p.csv"
    write_projection_csv(hostile, path)
    content = path.read_text(encoding="utf-8")
    assert "HYPERLINK" not in content
    assert "<script>" not in content


def test_text_cells_are_neutralised(result: ProjectionResult, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer defuses any text cell a spreadsheet would run, whatever the rows hold."""
    real = projection_csv_rows

    def hostile_rows(res: ProjectionResult) -> list[list[Cell]]:
        rows = real(res)
        rows[1][2] = "=cmd|' /C calc'!A0"
        rows[2][2] = "@SUM(A1)"
        rows[3][2] = -1.5
        return rows

    monkeypatch.setattr(project_csv, "projection_csv_rows", hostile_rows)
    path = tmp_path / "p.csv"
    write_projection_csv(result, path)
    rows = _read(path)
    assert rows[0]["stage"] == "'=cmd|' /C calc'!A0"
    assert rows[1]["stage"] == "'@SUM(A1)"
    assert rows[2]["stage"] == "-1.5"  # a negative number is data, left alone


def test_written_atomically_no_temp_left(result: ProjectionResult, tmp_path: Path) -> None:
    path = tmp_path / "projection.csv"
    write_projection_csv(result, path)
    assert path.exists()
    assert [p.name for p in path.parent.iterdir()] == ["projection.csv"]  # no temp file left
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(PROJECTION_COLUMNS)


def test_text_is_what_the_file_holds(result: ProjectionResult, tmp_path: Path) -> None:
    """``postsale project --format csv`` prints this text when there is no ``--out``."""
    text = projection_csv_text(result)
    lines = text.split("\n")
    assert lines[-1] == ""  # ends with a newline
    assert len(lines) - 1 == result.horizon_months + 2
    assert "\r" not in text
    path = tmp_path / "p.csv"
    write_projection_csv(result, path)
    assert path.read_text(encoding="utf-8") == text
    assert list(csv.reader(lines[:-1])) == [
        ["" if c is None else repr(c) if isinstance(c, float) else str(c) for c in row]
        for row in projection_csv_rows(result)]


def test_the_hiring_pace_columns(result: ProjectionResult, written: list[dict[str, str]]) -> None:
    header = list(PROJECTION_COLUMNS)
    assert header[header.index("in_seat_total") + 1:header.index("cost")] == [
        "starts", "starts_limit", "shortfall_total", "shortfall_reasons", "deferred",
        "deferred_reasons", "budget"]
    starts = [int(r["starts"]) for r in written]
    assert sum(starts) == len(result.hires)
    assert all(int(r["starts_limit"]) == result.hiring.max_starts_per_month for r in written)
    assert max(starts) <= result.hiring.max_starts_per_month
    assert sum(int(r["deferred"]) for r in written) == len(result.deferred)
    assert {r["deferred_reasons"] for r in written} <= {"", "hiring_capacity", "budget"}
    assert "hiring_capacity" in {r["shortfall_reasons"] for r in written}
    assert written[0]["shortfall_reasons"] == "lead_time"
    # the default budget follows ARR: the horizon's people budget, a number in every row
    assert len({r["budget"] for r in written}) == 1
    assert float(written[0]["budget"]) > 0
    for row, m in zip(written, result.months, strict=True):
        assert float(row["shortfall_total"]) == m.shortfall["total"]
