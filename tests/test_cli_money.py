"""Money, currency, geography and plausibility end to end through the CLI (issue 11 items 3–5)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from postsale.cli import app

runner = CliRunner()
TODAY = "2026-11-25"


def run(*args: str | Path) -> Any:
    return runner.invoke(app, [*(str(a) for a in args), "--today", TODAY])


def plan_json(accounts: Path, *extra: str | Path) -> dict[str, Any]:
    result = run("plan", accounts, *extra, "--format", "json")
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def warnings(plan: dict[str, Any]) -> dict[str, str]:
    return {w["code"]: w["message"] for w in plan["warnings"]}


def test_currency_column_converted_through_plan_with_a_company_file(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("Account ID,ARR,Currency,Country\n"
                        "A1,100000,USD,USA\nA2,50000,EUR,Germany\nA3,40000,GBP,UK\n"
                        'A4,"€ 10.000,00",,France\n', encoding="utf-8")
    company = tmp_path / "company.toml"
    company.write_text('[company]\ncurrency = "USD"\n\n[currencies]\nEUR = 1.08\nGBP = 1.25\n',
                       encoding="utf-8")
    plan = plan_json(accounts, "--company", company)
    # 100,000 + 50,000 × 1.08 + 40,000 × 1.25 + 10,000 × 1.08
    assert plan["arr"] == 214_800.0
    found = warnings(plan)
    assert "2 accounts in EUR at 1 EUR = 1.08 USD; 1 accounts in GBP at 1 GBP = 1.25 USD" in \
        found["import_currency_converted"]
    # without the rates: exit 2, each currency listed with the lines to add
    result = run("plan", accounts)
    assert result.exit_code == 2
    assert "currencies found: EUR 2 (first on row 3), GBP 1 (first on row 4), USD 1" in \
        result.output
    assert "[currencies] EUR = … (USD per EUR); GBP = … (USD per GBP)" in result.output


def test_revenue_in_millions_is_loud(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.csv"
    rows = "\n".join(f"C{i},{v}" for i, v in enumerate([12.5, 340, 48.2, 7.1, 95.0, 3.3] * 5))
    accounts.write_text("Account ID,Annual Revenue ($M)\n" + rows + "\n", encoding="utf-8")
    company = tmp_path / "company.toml"
    company.write_text('[columns]\n"Annual Revenue ($M)" = "arr"\n', encoding="utf-8")
    found = warnings(plan_json(accounts, "--company", company))
    assert "median is 30.35" in found["arr_looks_like_millions"]
    assert "check the ARR column" in found["cost_above_arr"]


def test_a_tiny_real_book_is_over_budget_not_implausible(tmp_path: Path) -> None:
    # four customers, $67K ARR: one whole CSM costs more than the ARR, but the work itself is a
    # fraction of a person — a matter of scale (plan_exceeds_budget), not a wrong ARR column
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("account_id,arr\nA1,30000\nA2,22000\nA3,9000\nA4,6000\n", encoding="utf-8")
    found = warnings(plan_json(accounts))
    assert "plan_exceeds_budget" in found
    assert "cost_above_arr" not in found


def test_stale_export_and_churned_owned_accounts(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("account_id,arr,owner,start_date,renewal_date\n"
                        "A1,50000,ana,2023-01-10,2025-01-10\nA2,0,ana,2022-05-01,2024-05-01\n"
                        "A3,30000,,2023-03-01,2025-03-01\n", encoding="utf-8")
    found = warnings(plan_json(accounts))
    assert "the newest start or renewal date in the book is 2025-03-01" in found["stale_export"]
    assert found["churned_account_owned"].startswith(
        "1 account without revenue (ARR 0 or blank: churned) still names an owner")


def test_country_only_file_gets_regions_and_assign_matches_them(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.csv"
    lines = [f"US{i},{20_000 + i * 100},USA" for i in range(12)]
    lines += [f"JP{i},{20_000 + i * 100},日本" for i in range(12)]
    accounts.write_text("account_id,arr,Country\n" + "\n".join(lines) + "\n", encoding="utf-8")
    team = tmp_path / "team.csv"
    team.write_text("person_id,name,role,tiers,region,languages,timezone,capacity,start_date\n"
                    "apac,Aiko,csm_low_touch,high_touch;low_touch;tech_touch,APAC,,Asia/Tokyo,,\n"
                    "amer,Bob,csm_low_touch,high_touch;low_touch;tech_touch,Americas,,"
                    "America/New_York,,\n", encoding="utf-8")
    out = tmp_path / "owners.csv"
    result = run("assign", accounts, "--team", team, "--out", out)
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as f:
        owners = {r["account_id"]: r["owner_id"] for r in csv.DictReader(f)}
    assert {owners[f"JP{i}"] for i in range(12)} == {"apac"}
    assert {owners[f"US{i}"] for i in range(12)} == {"amer"}


def test_a_team_file_saying_amer_serves_the_accounts_filled_as_americas(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.csv"
    lines = [f"US{i},{20_000 + i * 100},USA" for i in range(12)]
    lines += [f"JP{i},{20_000 + i * 100},Japan" for i in range(12)]
    accounts.write_text("account_id,arr,Country\n" + "\n".join(lines) + "\n", encoding="utf-8")
    team = tmp_path / "team.csv"
    team.write_text("person_id,name,role,tiers,region,languages,timezone,capacity,start_date\n"
                    "apj,Aiko,csm_low_touch,high_touch;low_touch;tech_touch,Asia Pacific,,,,\n"
                    "amer,Bob,csm_low_touch,high_touch;low_touch;tech_touch,AMER,,,,\n",
                    encoding="utf-8")
    out = tmp_path / "owners.csv"
    result = run("assign", accounts, "--team", team, "--out", out, "--format", "json")
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as f:
        owners = {r["account_id"]: r["owner_id"] for r in csv.DictReader(f)}
    assert {owners[f"JP{i}"] for i in range(12)} == {"apj"}
    assert {owners[f"US{i}"] for i in range(12)} == {"amer"}
    assert "the team's region 'AMER' is the book's 'Americas'" in result.output


def test_foreign_symbols_and_mixed_formats_reach_the_plan_warnings(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.csv"
    accounts.write_text('account_id,arr\nA1,"€ 12.500,00"\nA2,"€30,000.50"\nA3,"€ 9.000"\n',
                        encoding="utf-8")
    plan = plan_json(accounts)
    assert plan["arr"] == 51_500.5  # used as written: no rate, one currency
    found = warnings(plan)
    assert "written in EUR (3 accounts) but the company currency is USD" in \
        found["currency_symbol_mismatch"]
    assert "1 amounts in US style (1,234.50), e.g. '€30,000.50' (row 3)" in \
        found["import_mixed_money_formats"]
