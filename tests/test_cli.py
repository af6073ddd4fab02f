"""End-to-end CLI tests: through Typer's runner and once through the installed entry point."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from postsale.cli import app
from postsale.keys import ROLE_KEYS, TIER_KEYS

runner = CliRunner()
TODAY = "2026-11-25"
CONTRACT_KEYS = {"stage", "tiers", "economics", "headcount", "triggers", "org", "reporting_line",
                 "warnings", "benchmarks"}


def _demo_json() -> dict[str, object]:
    result = runner.invoke(app, ["plan", "--demo", "--format", "json", "--today", TODAY])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_demo_json_has_every_contract_key() -> None:
    data = _demo_json()
    assert data.keys() >= CONTRACT_KEYS
    headcount = data["headcount"]
    assert isinstance(headcount, dict)
    for side in ("required", "current"):
        assert set(headcount[side]) == {str(r) for r in ROLE_KEYS} | {"total"}
    tiers = data["tiers"]
    assert isinstance(tiers, dict)
    for tier in TIER_KEYS:
        assert {"accounts", "arr", "share_of_arr"} <= tiers[tier].keys()
    economics = data["economics"]
    assert isinstance(economics, dict)
    for tier in TIER_KEYS:
        assert {"cost_per_customer", "cost_share_of_revenue", "revenue_multiple"} <= \
            economics["per_tier"][tier].keys()
    assert "blended_cost_share_of_revenue" in economics
    stage = data["stage"]
    assert isinstance(stage, dict)
    assert {"number", "name", "reasons"} <= stage.keys()
    org = data["org"]
    assert isinstance(org, dict)
    assert org["recommended"] in {"generalist", "specialist", "pod", "geographic"}
    assert set(org["scores"]) == {"generalist", "specialist", "pod", "geographic"}
    line = data["reporting_line"]
    assert isinstance(line, dict)
    assert line["recommended"] in {"cro", "ceo_coo", "cco"}
    warnings = data["warnings"]
    assert isinstance(warnings, list)
    assert all(set(w) >= {"code", "message"} for w in warnings)


def test_demo_tells_the_300_customers_one_leader_story() -> None:
    data = _demo_json()
    stage = data["stage"]
    assert isinstance(stage, dict)
    assert stage["customers"] == 300
    assert stage["number"] == 3
    assert stage["team_stage"] == 1
    assert stage["cs_people"] == 1
    codes = {w["code"] for w in data["warnings"]}  # type: ignore[union-attr, index]
    assert {"single_leader_drowning", "team_behind_stage"} <= codes
    headcount = data["headcount"]
    assert isinstance(headcount, dict)
    assert headcount["current"]["total"] == 1
    assert headcount["required"]["total"] > 5
    assert headcount["gap"]["total"] == headcount["required"]["total"] - 1
    fired = {t["key"] for t in data["triggers"] if t["fired"]}  # type: ignore[union-attr, index]
    assert "low_touch_accounts_per_csm" in fired


def test_shares_in_json_are_fractions() -> None:
    data = _demo_json()
    tiers = data["tiers"]
    assert isinstance(tiers, dict)
    shares = [tiers[t]["share_of_arr"] for t in TIER_KEYS]
    assert all(0.0 <= s <= 1.0 for s in shares)
    assert sum(shares) == pytest.approx(1.0)


def test_text_report_has_every_section() -> None:
    result = runner.invoke(app, ["plan", "--demo", "--today", TODAY])
    assert result.exit_code == 0, result.output
    for heading in ("Diagnosis", "Tiers and unit economics", "Headcount: now vs needed",
                    "Hiring triggers", "Warnings", "Recommendation", "Stage 3"):
        assert heading in result.stdout


def test_sample_then_plan_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "acme"
    result = runner.invoke(app, ["sample", "--customers", "500", "--seed", "3", "--out", str(out),
                                 "--today", TODAY])
    assert result.exit_code == 0, result.output
    assert (out / "accounts.csv").exists()
    tomllib.loads((out / "company.toml").read_text(encoding="utf-8"))
    result = runner.invoke(app, ["plan", str(out / "accounts.csv"), "--company",
                                 str(out / "company.toml"), "--format", "json", "--today", TODAY,
                                 "--accounts-out", str(tmp_path / "tiers.csv")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["stage"]["customers"] == 500
    lines = (tmp_path / "tiers.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "account_id,tier,reasons"
    assert len(lines) == 501


def test_bad_input_exits_2_naming_row_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("account_id,arr,health_score\nA1,1000,50\nA2,-5,50\nA3,2000,150\n",
                   encoding="utf-8")
    result = runner.invoke(app, ["plan", str(bad), "--today", TODAY])
    assert result.exit_code == 2
    assert "row 3" in result.stderr
    assert "arr" in result.stderr
    assert "row 4" in result.stderr
    assert "health_score" in result.stderr
    assert "Traceback" not in result.output


def test_missing_file_and_bad_company_key_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["plan", str(tmp_path / "nope.csv"), "--today", TODAY])
    assert result.exit_code == 2
    company = tmp_path / "company.toml"
    company.write_text("[accounts_per_csm]\nlow_tuch = 50\n", encoding="utf-8")
    accounts = tmp_path / "a.csv"
    accounts.write_text("account_id,arr\nA,1000\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", str(accounts), "--company", str(company)])
    assert result.exit_code == 2
    assert "low_touch" in result.stderr  # the close match is suggested


def test_plan_needs_exactly_one_source() -> None:
    result = runner.invoke(app, ["plan"])
    assert result.exit_code == 2
    assert "--demo" in result.stderr


def test_json_out_is_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    result = runner.invoke(app, ["plan", "--demo", "--format", "json", "--out", str(target),
                                 "--today", TODAY])
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8"))["stage"]["number"] == 3
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


def test_benchmarks_command_marks_overrides(tmp_path: Path) -> None:
    company = tmp_path / "company.toml"
    company.write_text("[costs]\ncsm_low_touch = 99000\n", encoding="utf-8")
    result = runner.invoke(app, ["benchmarks", "--company", str(company), "--format", "json"])
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)["entries"]
    assert entries["costs.csm_low_touch"]["overridden"] is True
    assert entries["costs.csm_low_touch"]["value"] == 99000
    assert entries["costs.csm_low_touch"]["default"] == 120000
    assert entries["costs.csm_high_touch"]["overridden"] is False
    text = runner.invoke(app, ["benchmarks", "--company", str(company)])
    assert text.exit_code == 0
    assert "OVERRIDDEN" in text.stdout


def test_installed_entry_point_runs_the_demo() -> None:
    exe = Path(sys.executable).parent / "postsale"
    command = str(exe) if exe.exists() else shutil.which("postsale")
    assert command, "the postsale console script is not installed"
    result = subprocess.run([command, "plan", "--demo", "--format", "json", "--today", TODAY],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["stage"]["number"] == 3


def test_html_and_xlsx_reports_through_the_cli(tmp_path: Path) -> None:
    html = tmp_path / "plan.html"
    result = runner.invoke(app, ["plan", "--demo", "--format", "html", "--out", str(html),
                                 "--today", TODAY])
    assert result.exit_code == 0, result.output
    assert "Northwind Analytics" in html.read_text(encoding="utf-8")
    xlsx = tmp_path / "plan.xlsx"
    result = runner.invoke(app, ["plan", "--demo", "--format", "xlsx", "--out", str(xlsx),
                                 "--today", TODAY])
    assert result.exit_code == 0, result.output
    from openpyxl import load_workbook

    workbook = load_workbook(xlsx, read_only=True)
    assert "Headcount" in workbook.sheetnames
    assert "Accounts" in workbook.sheetnames


def test_xlsx_without_out_is_piped_to_stdout() -> None:
    # not a terminal (the runner's stdout): the workbook goes through, as `> plan.xlsx` expects
    result = runner.invoke(app, ["plan", "--demo", "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"PK\x03\x04")  # a zip: the XLSX container


def test_import_notes_reach_the_plan_warnings(tmp_path: Path) -> None:
    accounts = tmp_path / "mrr.csv"
    accounts.write_text("account_id,mrr\nA,1000\nB,2500\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", str(accounts), "--format", "json", "--today", TODAY])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # (1,000 + 2,500) × 12, whichever tier the funded plan puts each account in (issue 10: the
    # default budget moves the $12K account down to tech-touch)
    assert data["arr"] == 42_000
    assert sum(t["arr"] for t in data["tiers"].values()) == 42_000
    assert sum(t["accounts"] for t in data["tiers"].values()) == 2
    notes = [w for w in data["warnings"] if w["code"].startswith("import_")]
    assert [(w["code"], w["message"]) for w in notes] == [
        ("import_mrr_converted", "ARR is MRR ('mrr') × 12")]


def test_accounts_out_neutralises_formulas(tmp_path: Path) -> None:
    accounts = tmp_path / "a.csv"
    accounts.write_text('account_id,arr\n"=HYPERLINK(""x"")",5000\n', encoding="utf-8")
    out = tmp_path / "tiers.csv"
    result = runner.invoke(app, ["plan", str(accounts), "--accounts-out", str(out), "--format",
                                 "json", "--today", TODAY])
    assert result.exit_code == 0, result.output
    row = out.read_text(encoding="utf-8").splitlines()[1]
    assert row.startswith("\"'=HYPERLINK") or row.startswith("'=HYPERLINK")
