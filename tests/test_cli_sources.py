"""From raw exports to a plan in one command (issue 11): accounts + subscriptions + tickets
(Stripe/Zendesk-style headers), accounts + opportunities (Salesforce-style), an order-line export
whose accounts repeat; and churned accounts kept out of every book in ``assign``."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from postsale.cli import app

runner = CliRunner()
EXPORTS = Path(__file__).resolve().parent / "data" / "exports"
SAAS, SF, ORDERS = EXPORTS / "saas", EXPORTS / "salesforce", EXPORTS / "orders"
HUBSPOT = EXPORTS / "hubspot"
TODAY = "2026-12-05"


def run(*args: str | Path) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def plan_json(*args: str | Path) -> dict[str, Any]:
    result = run("plan", *args, "--today", TODAY, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def customers_and_arr(data: dict[str, Any]) -> tuple[int, float]:
    tiers = data["tiers"].values()
    return sum(t["accounts"] for t in tiers), sum(t["arr"] for t in tiers)


def warning_codes(data: dict[str, Any]) -> set[str]:
    return {w["code"] for w in data["warnings"]}


def test_accounts_subscriptions_and_tickets_to_a_plan() -> None:
    data = plan_json(SAAS / "accounts.csv", "--subscriptions", SAAS / "subscriptions.csv",
                     "--tickets", SAAS / "tickets.csv")
    # 22,000 + 12,000 + 3,000 + 30,000 from the active lines; cus_005 churned, cus_006 no line
    assert customers_and_arr(data) == (4, 67_000.0)
    assert {"import_subscriptions", "import_tickets", "import_unmatched_ids",
            "import_no_lines"} <= warning_codes(data)


def test_chargebee_customers_and_subscriptions_from_the_company_file() -> None:
    cb = EXPORTS / "chargebee"
    data = plan_json(cb / "customers.csv", "--company", cb / "company.toml")
    assert customers_and_arr(data) == (2, 35_400.0)  # 33,600 + 1,800; the trial has no ARR yet


def test_accounts_and_opportunities_to_a_plan() -> None:
    data = plan_json(SF / "accounts.csv", "--opportunities", SF / "opportunities.csv")
    assert customers_and_arr(data) == (3, 56_000.0)  # 30,000 + 11,000 + 15,000 closed won
    assert "import_opportunities" in warning_codes(data)


def test_hubspot_companies_and_deals_to_a_plan() -> None:
    data = plan_json(HUBSPOT / "companies.csv", "--opportunities", HUBSPOT / "deals.csv")
    # Northwind 48,000 (its renewal is still open); Contoso only the 2026 renewal, the 2025 pilot
    # is older than 12 months; Fabrikam lost its deal. The companies' "Annual Revenue" (their own
    # turnover) is never taken for ARR.
    assert customers_and_arr(data) == (2, 70_000.0)
    message = next(w["message"] for w in data["warnings"] if w["code"] == "import_opportunities")
    assert "renewal date = the earliest open renewal opportunity" in message


def test_an_order_line_export_to_a_plan() -> None:
    data = plan_json(ORDERS / "order_lines.csv")
    assert customers_and_arr(data) == (3, 112_000.0)  # K2's lines all ended: churned
    message = next(w["message"] for w in data["warnings"] if w["code"] == "import_line_grain")
    assert "8 rows for 4 accounts" in message


def test_org_and_project_take_the_same_files(tmp_path: Path) -> None:
    org = run("org", SAAS / "accounts.csv", "--subscriptions", SAAS / "subscriptions.csv",
              "--today", TODAY, "--format", "json")
    assert org.exit_code == 0, org.output
    assert json.loads(org.stdout)["headcount"]["required"]["total"] >= 1
    project = run("project", SF / "accounts.csv", "--opportunities", SF / "opportunities.csv",
                  "--today", TODAY, "--months", "3", "--paths", "20", "--seed", "1",
                  "--format", "json")
    assert project.exit_code == 0, project.output
    codes = {w["code"] for w in json.loads(project.stdout)["warnings"]}
    assert "import_opportunities" in codes


def test_company_file_import_section(tmp_path: Path) -> None:
    company = tmp_path / "company.toml"
    company.write_text(f'[import]\nsubscriptions = "{SAAS / "subscriptions.csv"}"\n'
                       f'tickets = "{SAAS / "tickets.csv"}"\nticket_window_months = 3\n',
                       encoding="utf-8")
    data = plan_json(SAAS / "accounts.csv", "--company", company)
    assert customers_and_arr(data) == (4, 67_000.0)
    message = next(w["message"] for w in data["warnings"] if w["code"] == "import_tickets")
    assert "÷ 3 months" in message


def test_the_demo_takes_no_secondary_file() -> None:
    result = run("plan", "--demo", "--tickets", SAAS / "tickets.csv", "--today", TODAY)
    assert result.exit_code == 2
    assert "--demo" in result.output


def test_a_missing_secondary_file_is_exit_2() -> None:
    result = run("plan", SAAS / "accounts.csv", "--subscriptions", SAAS / "nope.csv",
                 "--today", TODAY)
    assert result.exit_code == 2
    assert "nope.csv" in result.output
    assert "file not found" in result.output


def test_churned_accounts_get_no_owner_and_are_listed_apart(tmp_path: Path) -> None:
    owners = tmp_path / "owners.csv"
    result = run("assign", SF / "accounts.csv", "--opportunities", SF / "opportunities.csv",
                 "--today", TODAY, "--out", owners, "--format", "json")
    assert result.exit_code == 0, result.output
    with owners.open(encoding="utf-8", newline="") as f:
        rows = {r["account_id"]: r for r in csv.DictReader(f)}
    # Gamma lost its only deal and Epsilon has none: ARR 0, out of every book (both had owners)
    for churned in ("0015g00000GammAAA", "0015g00000EpsiAAA"):
        assert rows[churned]["owner_id"] == ""
        assert rows[churned]["reason"] == "churned (ARR 0): in no book of business"
        assert rows[churned]["moved"] == "false"
    assert all(rows[a]["owner_id"] for a in ("0015g00000AcmeAAA", "0015g00000BetaAAA",
                                             "0015g00000DeltAAA"))
    summary = json.loads(result.stdout)
    assert summary["churned"] == {"accounts": 2, "with_owner_on_file": 2,
                                  "account_ids": ["0015g00000GammAAA", "0015g00000EpsiAAA"]}
    assert sum(p["accounts"] for p in summary["people"]) == 3
    assert summary["diff"]["kept"] + summary["diff"]["moves"] + summary["diff"]["new"] == 3
    text = run("assign", SF / "accounts.csv", "--opportunities", SF / "opportunities.csv",
               "--today", TODAY, "--out", owners)
    assert "Churned (ARR 0), in no book of business: 2 accounts" in text.stdout


def test_a_fix_naming_a_company_file_section_is_shown_as_written(tmp_path: Path) -> None:
    subs = tmp_path / "subs.csv"
    subs.write_text("Subscription ID,Plan\ns1,Gold\n", encoding="utf-8")
    result = run("plan", SAAS / "accounts.csv", "--subscriptions", subs, "--today", TODAY)
    assert result.exit_code == 2
    assert '[import.columns] "Your header" = "account_id"' in result.output
