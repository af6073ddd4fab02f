"""End-to-end tests of ``postsale project`` through the Typer app (C8)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from postsale.cli import app
from postsale.keys import ROLE_KEYS

runner = CliRunner()
TODAY = "2026-11-25"
BASE = ["project", "--demo", "--today", TODAY, "--paths", "60", "--seed", "4"]


def _json(*extra: str) -> dict[str, object]:
    result = runner.invoke(app, [*BASE, "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_json_has_months_and_hires() -> None:
    data = _json("--months", "18")
    months = data["months"]
    assert isinstance(months, list)
    assert len(months) == 19
    first = months[0]
    assert {"customers", "arr", "required", "in_seat", "cost", "required_bands"} <= first.keys()
    assert set(first["required"]) == {str(r) for r in ROLE_KEYS} | {"total"}
    assert {"p10", "p50", "p90"} == set(first["customers"])
    hires = data["hires"]
    assert isinstance(hires, list)
    assert hires
    assert {"role", "open_date", "start_date", "productive_date", "trigger"} <= hires[0].keys()
    assert data["seed"] == 4


def test_json_carries_the_pace_the_reasons_and_the_deferred_hires() -> None:
    data = _json("--months", "12")
    hiring = data["hiring"]
    assert isinstance(hiring, dict)
    assert hiring["max_starts_per_month"] == 2
    assert hiring["max_starts_keys"] == ["hiring.max_starts_per_month_share",
                                         "hiring.min_starts_per_month"]
    assert hiring["budget_share"] == 0.15  # the default budget follows ARR
    assert isinstance(hiring["budget"], float)
    assert hiring["model_change_weeks"] == 12
    assert "implementation_specialist" in hiring["new_model_roles"]
    shortfalls = data["shortfalls"]
    assert isinstance(shortfalls, list)
    assert {"lead_time", "hiring_capacity"} <= {s["reason"] for s in shortfalls} <= {
        "lead_time", "hiring_capacity", "budget"}
    assert {"hiring capacity 2 a month"} == {s["reason_text"] for s in shortfalls
                                             if s["reason"] == "hiring_capacity"}
    # at 2 a month the demo's plan is hired; what waits, waits for the ARR-following budget
    assert {d["reason"] for d in data["deferred"]} <= {"budget"}
    hires = data["hires"]
    assert isinstance(hires, list)
    assert {h["delay_reason"] for h in hires} == {None, "hiring_capacity"}


def test_same_seed_same_output() -> None:
    assert _json("--months", "6") == _json("--months", "6")


def test_seed_is_drawn_and_reported_when_not_given() -> None:
    result = runner.invoke(app, ["project", "--demo", "--today", TODAY, "--paths", "20",
                                 "--months", "3", "--format", "json"])
    assert result.exit_code == 0, result.output
    seed = json.loads(result.stdout)["seed"]
    assert isinstance(seed, int)
    again = runner.invoke(app, ["project", "--demo", "--today", TODAY, "--paths", "20",
                                "--months", "3", "--format", "json", "--seed", str(seed)])
    assert json.loads(again.stdout)["months"] == json.loads(result.stdout)["months"]


def test_text_report_shows_the_calendar_and_scenarios() -> None:
    result = runner.invoke(app, [*BASE, "--months", "12"])
    assert result.exit_code == 0, result.output
    assert "Northwind Analytics" in result.stdout
    assert "Everyone high-touch" in result.stdout
    assert "Published medians" in result.stdout


def test_html_and_csv_files_are_written(tmp_path: Path) -> None:
    html = tmp_path / "projection.html"
    result = runner.invoke(app, [*BASE, "--months", "12", "--format", "html", "--out", str(html)])
    assert result.exit_code == 0, result.output
    assert "<html" in html.read_text(encoding="utf-8").lower()
    table = tmp_path / "projection.csv"
    result = runner.invoke(app, [*BASE, "--months", "12", "--format", "csv", "--out", str(table)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8"))))
    assert len(rows) == 1 + 13
    assert rows[0][0] == "month"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--months", "0"], "--months"),
        (["--paths", "0"], "--paths"),
        (["--months", "500"], "from 1 to 120"),
        (["--seed", "-3"], "--seed"),
    ],
)
def test_bad_options_exit_2_with_the_fix(args: list[str], needle: str) -> None:
    result = runner.invoke(app, ["project", "--demo", "--today", TODAY, *args])
    assert result.exit_code == 2
    assert needle in result.output


def test_needs_a_book_or_demo() -> None:
    result = runner.invoke(app, ["project"])
    assert result.exit_code == 2
    assert "--demo" in result.output


def test_bad_company_file_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    company = tmp_path / "company.toml"
    company.write_text('[projection]\ninterpolation = "cubic"\n', encoding="utf-8")
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("account_id,arr\nA1,30000\nA2,12000\n", encoding="utf-8")
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["project", str(accounts), "--company", str(company),
                                 "--format", "json", "--out", str(out)])
    assert result.exit_code == 2
    assert "projection.interpolation" in result.output
    assert not out.exists()


def test_a_book_without_live_customers_exits_2_and_says_where(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("account_id,arr,previous_arr\nA1,0,30000\nA2,0,12000\n", encoding="utf-8")
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["project", str(accounts), "--format", "json", "--out", str(out)])
    assert result.exit_code == 2
    assert str(accounts) in result.output
    assert "column 'arr'" in result.output
    assert "fix:" in result.output
    assert not out.exists()
