"""``postsale inspect`` end to end: text and JSON reports, --write-company then ``postsale plan``
with the written file, and the refusals (existing file, an input as the output, bad input)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from postsale.cli import app

runner = CliRunner()
DATA = Path(__file__).resolve().parent / "data" / "exports" / "inspect"
TODAY = "2026-12-01"


def test_text_report_shows_types_and_mapping() -> None:
    result = runner.invoke(app, ["inspect", str(DATA / "salesforce_accounts.csv"),
                                 str(DATA / "salesforce_opportunities.csv")])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "recognised as accounts" in out
    assert "recognised as opportunities" in out
    assert "Annual Recurring Revenue" in out
    assert "own" in out  # Annual Revenue: the company's own revenue, not ARR


def test_json_report() -> None:
    result = runner.invoke(app, ["inspect", str(DATA / "telco_churn.csv"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (f,) = data["files"]
    assert f["role"] == "accounts"
    cols = {c["header"]: c for c in f["columns"]}
    assert cols["MonthlyCharges"]["maps_to"] == "mrr"
    assert cols["MonthlyCharges"]["type"] == "money"
    assert cols["Contract"]["maps_to"] == "contract_term_months"
    assert cols["Churn"]["values"] == {"Yes": "churned", "No": "active"}
    assert cols["customerID"]["unique"] is True
    assert cols["gender"]["maps_to"] is None
    assert data["company_file"] is None


@pytest.mark.parametrize(("name", "customers"), [("telco_churn.csv", 6),
                                                 ("salesforce_accounts.csv", 6),
                                                 ("hubspot_companies.csv", 7)])
def test_written_company_file_plans(tmp_path: Path, name: str, customers: int) -> None:
    src = tmp_path / name
    shutil.copy(DATA / name, src)
    company = tmp_path / "company.toml"
    result = runner.invoke(app, ["inspect", str(src), "--write-company", str(company)])
    assert result.exit_code == 0, result.output
    assert f"postsale plan {src} --company {company}" in " ".join(result.stderr.split())
    plan = runner.invoke(app, ["plan", str(src), "--company", str(company), "--today", TODAY,
                               "--format", "json"])
    assert plan.exit_code == 0, plan.output
    data = json.loads(plan.stdout)
    # churned and prospect rows, and accounts without revenue, are not customers
    assert data["customers"] == customers


def test_write_company_refusals(tmp_path: Path) -> None:
    src = tmp_path / "telco.csv"
    shutil.copy(DATA / "telco_churn.csv", src)
    before = src.read_bytes()
    result = runner.invoke(app, ["inspect", str(src), "--write-company", str(src), "--force"])
    assert result.exit_code == 2
    assert "being inspected" in result.stderr
    assert src.read_bytes() == before
    company = tmp_path / "company.toml"
    company.write_text("# mine\n")
    result = runner.invoke(app, ["inspect", str(src), "--write-company", str(company)])
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert company.read_text() == "# mine\n"
    result = runner.invoke(app, ["inspect", str(src), "--write-company", str(company), "--force"])
    assert result.exit_code == 0, result.output
    assert "[columns]" in company.read_text()


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["inspect", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2
    assert "file not found" in result.stderr


def test_markup_and_escape_sequences_in_cells_are_shown_plainly(tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text("account_id,[/x] Name,arr\nA1,\x1b[31mred[/bold],10\nA2,b,20\n")
    result = runner.invoke(app, ["inspect", str(f)])
    assert result.exit_code == 0, result.output
    assert "[/x] Name" in result.stdout
    assert "\x1b[31m" not in result.stdout


def test_mapping_line_without_header_shows_the_header_on_the_terminal(tmp_path: Path) -> None:
    company = tmp_path / "company.toml"
    company.write_text('"Account Name" = "name"\n')
    result = runner.invoke(app, ["plan", str(DATA / "telco_churn.csv"), "--company", str(company)])
    assert result.exit_code == 2
    assert "add the line [columns] above it" in " ".join(result.stderr.split())


def test_unknown_enum_value_fix_names_the_values_section() -> None:
    result = runner.invoke(app, ["plan", str(DATA / "salesforce_accounts.csv")])
    assert result.exit_code == 2
    assert "[values.segment]" in result.stderr
