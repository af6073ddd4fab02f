"""``postsale inspect`` → written company file → ``postsale plan ACCOUNTS --company written.toml``
gives the very plan of the hand-written command with explicit ``--subscriptions/--opportunities/
--tickets`` options, for every export set of tests/data/exports; and a secondary file whose
headers no built-in alias knows plans only thanks to the written ``[import.columns]``."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from postsale.cli import app

runner = CliRunner()
EXPORTS = Path(__file__).resolve().parent / "data" / "exports"
TODAY = "2026-12-05"
_OPTION = {"subscriptions": "--subscriptions", "opportunities": "--opportunities",
           "tickets": "--tickets"}

# (files: the accounts file first, then role → file), as a user would pass them
SETS = {
    "saas": ("saas/accounts.csv", {"subscriptions": "saas/subscriptions.csv",
                                   "tickets": "saas/tickets.csv"}),
    "salesforce": ("salesforce/accounts.csv", {"opportunities": "salesforce/opportunities.csv"}),
    "hubspot": ("hubspot/companies.csv", {"opportunities": "hubspot/deals.csv"}),
    "hubspot-crm": ("hubspot_crm/companies.csv", {"opportunities": "hubspot_crm/deals.csv"}),
    "recurly": ("recurly/accounts.csv", {"subscriptions": "recurly/subscriptions.csv"}),
    "chargebee": ("chargebee/customers.csv", {"subscriptions": "chargebee/subscriptions.csv"}),
    "orders": ("orders/order_lines.csv", {}),
    "inspect-salesforce": ("inspect/salesforce_accounts.csv",
                           {"opportunities": "inspect/salesforce_opportunities.csv"}),
    "inspect-hubspot": ("inspect/hubspot_companies.csv",
                        {"opportunities": "inspect/hubspot_deals.csv"}),
    # line items alone, without an ARR column: the file is also its own subscriptions file
    "inspect-stripe": ("inspect/stripe_subscriptions.csv",
                       {"subscriptions": "inspect/stripe_subscriptions.csv"}),
    "inspect-telco": ("inspect/telco_churn.csv", {}),
    "inspect-orders": ("inspect/order_lines.csv", {"subscriptions": "inspect/order_lines.csv"}),
}


def plan(*args: str | Path) -> dict[str, Any]:
    result = runner.invoke(app, ["plan", *(str(a) for a in args), "--today", TODAY,
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def figures(data: dict[str, Any]) -> tuple[int, float, int, set[str]]:
    return (data["customers"], data["arr"], data["headcount"]["required"]["total"],
            {w["code"] for w in data["warnings"]})


def inspect_and_write(files: list[Path], company: Path) -> None:
    result = runner.invoke(app, ["inspect", *(str(f) for f in files), "--write-company",
                                 str(company)])
    assert result.exit_code == 0, result.output


def without_import(company: Path, out: Path) -> Path:
    """The written company file without its [import] paths (they go on the command line), but
    with its [import.columns]: the hand-written command needs those mappings as well."""
    data = tomllib.loads(company.read_text())
    kept = company.read_text().split("\n[import]")[0]
    columns = data.get("import", {}).get("columns", {})
    if columns:
        kept += "\n[import.columns]\n" + "".join(f"{json.dumps(h)} = {json.dumps(t)}\n"
                                                for h, t in columns.items())
    out.write_text(kept)
    return out


@pytest.mark.parametrize("name", sorted(SETS))
def test_written_company_file_plans_like_the_explicit_command(name: str, tmp_path: Path) -> None:
    accounts, others = SETS[name]
    company = tmp_path / "written.toml"
    files = dict.fromkeys([accounts, *others.values()])  # a file inspected once
    inspect_and_write([EXPORTS / f for f in files], company)
    data = tomllib.loads(company.read_text())
    assert {k for k in data.get("import", {}) if k != "columns"} == set(others)
    by_file = plan(EXPORTS / accounts, "--company", company)
    options = [a for role, f in others.items() for a in (_OPTION[role], str(EXPORTS / f))]
    by_hand = plan(EXPORTS / accounts, "--company", without_import(company, tmp_path / "h.toml"),
                   *options)
    assert figures(by_file) == figures(by_hand)
    assert by_file["customers"] > 0
    assert by_file["arr"] > 0


def test_the_saas_set_plans_the_hand_computed_figures(tmp_path: Path) -> None:
    company = tmp_path / "written.toml"
    inspect_and_write([EXPORTS / "saas" / n for n in ("accounts.csv", "subscriptions.csv",
                                                      "tickets.csv")], company)
    data = plan(EXPORTS / "saas" / "accounts.csv", "--company", company)
    # as tests/test_cli_sources.py: 22,000 + 12,000 + 3,000 + 30,000 from the active lines
    assert (data["customers"], data["arr"]) == (4, 67_000.0)
    assert {"import_subscriptions", "import_tickets"} <= figures(data)[3]


ACCOUNTS = "Account Number,Company,Segment\nA-1,Acme,SMB\nA-2,Beta,SMB\nA-3,Gamma,SMB\n"
# No built-in alias names "Plan Price" (money), "Billing Start" or "Service Ends" (dates)
SUBSCRIPTIONS = ("Sub Ref,Account Number,Plan Price,Billing Cycle,Billing Start,Service Ends\n"
                 "S1,A-1,\"$1,000.00\",month,2025-01-01,\n"
                 "S2,A-1,$500.00,year,2026-02-01,\n"
                 "S3,A-2,$250.00,month,2024-06-01,2026-01-31\n"
                 "S4,A-3,$3000.00,year,2026-03-01,\n")


def test_a_money_header_no_alias_knows_works_through_import_columns(tmp_path: Path) -> None:
    (tmp_path / "accounts.csv").write_text(ACCOUNTS)
    (tmp_path / "subs.csv").write_text(SUBSCRIPTIONS)
    failed = runner.invoke(app, ["plan", str(tmp_path / "accounts.csv"), "--subscriptions",
                                 str(tmp_path / "subs.csv"), "--today", TODAY])
    assert failed.exit_code == 2  # without the mapping: no amount column
    assert "[import.columns]" in failed.stderr
    company = tmp_path / "company.toml"
    result = runner.invoke(app, ["inspect", str(tmp_path / "accounts.csv"),
                                 str(tmp_path / "subs.csv"), "--write-company", str(company)])
    assert result.exit_code == 0, result.output
    assert "Plan Price" in result.stdout
    assert "amount" in result.stdout
    written = tomllib.loads(company.read_text())["import"]["columns"]
    assert written == {"Plan Price": "amount", "Billing Start": "start", "Service Ends": "end"}
    data = plan(tmp_path / "accounts.csv", "--company", company)
    # 12 × 1,000 + 500 = 12,500; A-2 ended in January: churned; A-3: 3,000
    assert (data["customers"], data["arr"]) == (2, 15_500.0)


def test_inspect_shows_cents_and_line_items_alone_are_not_called_doubled(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("account_id,name\nA1,Acme\nA2,Beta\n")
    (tmp_path / "s.csv").write_text("account_id,plan_amount_in_cents,interval,state\n"
                                    "A1,4900,month,active\nA1,900,month,active\n"
                                    "A2,120000,year,active\n")
    report = runner.invoke(app, ["inspect", str(tmp_path / "a.csv"), str(tmp_path / "s.csv"),
                                 "--format", "json"])
    assert report.exit_code == 0, report.output
    cols = {c["header"]: c for c in json.loads(report.stdout)["files"][1]["columns"]}
    assert cols["plan_amount_in_cents"]["maps_to"] == "amount"
    assert "in cents: ÷ 100" in cols["plan_amount_in_cents"]["reason"]
    # an order-line export without an amount column: the rows differ (order, product) even
    # where the columns read as accounts (ID, name, country) repeat — not a doubled export
    company = tmp_path / "c.toml"
    inspect_and_write([EXPORTS / "inspect" / "order_lines.csv"], company)
    data = plan(EXPORTS / "inspect" / "order_lines.csv", "--company", company)
    grain = next(w["message"] for w in data["warnings"] if w["code"] == "import_line_grain")
    assert "doubled" not in grain
    # 10 × 1,200 + 3,000 + 6,000; 4,800; 2,400; 50 × 1,100 + 3,000 (no interval: annual)
    assert (data["customers"], data["arr"]) == (4, 86_200.0)


def test_a_hubspot_crm_export_as_a_user_reads_it(tmp_path: Path) -> None:
    """HubSpot's own headers ("Associated Company IDs (Primary)", "Annual recurring revenue",
    "Lifecycle Stage"): inspect maps them, and every line of the plan's warnings is true."""
    hs = EXPORTS / "hubspot_crm"
    company = tmp_path / "written.toml"
    result = runner.invoke(app, ["inspect", str(hs / "companies.csv"), str(hs / "deals.csv"),
                                 "--write-company", str(company)])
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "'Company owner' is read as each account's CSM" in out  # often the sales rep
    written = tomllib.loads(company.read_text())["import"]["columns"]
    assert written == {"Associated Company IDs (Primary)": "account_id"}
    data = plan(hs / "companies.csv", "--company", company)
    # Acme 120,000 (ARR column, not the amount) + Beta 24,000 (the 8,000 services deal left
    # out) + Delta 300,000; Cobalt's only deal closed 18 months ago; Echo is a prospect,
    # Foxtrot lost its renewal
    assert (data["customers"], data["arr"]) == (3, 444_000.0)
    messages = {w["code"]: w["message"] for w in data["warnings"]}
    # Cobalt is a customer by its lifecycle stage but has no revenue here: said, by name
    assert "'Cobalt Ltd'" in messages["import_customers_without_revenue"]
    assert "1 account marked as a customer in 'Lifecycle Stage'" in \
        messages["import_customers_without_revenue"]
    assert "time zone" not in messages["import_region_from_country"]  # the file gives them
    assert "prospects" in messages["churned_account_owned"]  # not only churned: prospects too


def test_a_recurly_export_as_a_user_reads_it(tmp_path: Path) -> None:
    """Recurly's headers: amounts in cents, "canceled" meaning "will not renew" (live until
    expires_at), no interval column in the subscriptions export."""
    rec = EXPORTS / "recurly"
    company = tmp_path / "written.toml"
    result = runner.invoke(app, ["inspect", str(rec / "accounts.csv"),
                                 str(rec / "subscriptions.csv"), "--format", "json",
                                 "--write-company", str(company)])
    assert result.exit_code == 0, result.output
    subs = json.loads(result.stdout)["files"][1]
    cols = {c["header"]: c["maps_to"] for c in subs["columns"]}
    # the end of a line is when it expires, not when its cancellation was requested
    assert (cols["expires_at"], cols["canceled_at"]) == ("end", None)
    assert cols["unit_amount_in_cents"] == "unit_price"
    assert any("12× too small" in n for n in subs["notes"])  # no interval: said up front
    data = plan(rec / "accounts.csv", "--company", company)
    # Acme 10 × 1,200 + 2,400; Beta (canceled, paid until 2027-03-02) 25 × 480; cents ÷ 100
    assert (data["customers"], data["arr"]) == (2, 26_400.0)
    messages = {w["code"]: w["message"] for w in data["warnings"]}
    assert "'Cobalt Ltd'" in messages["import_customers_without_revenue"]  # active vs expired
    # a tiny book is over budget, not told to check its ARR column (cost_above_arr: the work)
    assert "cost_above_arr" not in messages
    assert "plan_exceeds_budget" in messages


def test_a_zendesk_ticket_export_as_a_user_reads_it(tmp_path: Path) -> None:
    """Zendesk's "Organization" is the organization's *name*; one ticket has none."""
    zd = EXPORTS / "zendesk"
    company = tmp_path / "written.toml"
    result = runner.invoke(app, ["inspect", str(zd / "accounts.csv"), str(zd / "tickets.csv"),
                                 "--format", "json", "--write-company", str(company)])
    assert result.exit_code == 0, result.output
    tickets = json.loads(result.stdout)["files"][1]
    assert tickets["import_columns"] == {"Organization": "account_id"}
    note = next(n for n in tickets["notes"] if "'Organization'" in n)
    assert "0% of the accounts named in 'Organization' are IDs" in note
    assert "75% are account names (of 'Account Name')" in note  # 3 of 4: 'Unknown Org'
    # the plan refuses rather than staff support on 0 tickets
    failed = runner.invoke(app, ["plan", str(zd / "accounts.csv"), "--company", str(company),
                                 "--today", TODAY])
    assert failed.exit_code == 2
    message = " ".join(failed.stderr.split())
    assert "no ticket matches an account" in message
    assert "'Acme Corp' is the name of account '001A'" in message
    # with the IDs (as a Zendesk organization's external ID would give them) it plans, and the
    # ticket without an organization is left out with a note instead of failing the import
    ids = {"Acme Corp": "001A", "Beta GmbH": "001B", "Delta SA": "001C"}
    text = (zd / "tickets.csv").read_text()
    for name, i in ids.items():
        text = text.replace(f",{name},", f",{i},")
    (tmp_path / "tickets.csv").write_text(text)
    data = plan(zd / "accounts.csv", "--company", company, "--tickets", tmp_path / "tickets.csv")
    messages = {w["code"]: w["message"] for w in data["warnings"]}
    assert "1 ticket without an account (blank 'Organization') left out" in \
        messages["import_blank_ids"]
    assert "1 line left out" in messages["import_unmatched_ids"]  # 'Unknown Org' only
    assert data["customers"] == 4


def test_stripe_line_items_alone_read_as_a_user_reads_them(tmp_path: Path) -> None:
    stripe = EXPORTS / "inspect" / "stripe_subscriptions.csv"
    company = tmp_path / "written.toml"
    result = runner.invoke(app, ["inspect", str(stripe), "--format", "json",
                                 "--write-company", str(company)])
    assert result.exit_code == 0, result.output
    notes = json.loads(result.stdout)["files"][0]["notes"]
    assert any("read twice" in n for n in notes)
    assert any('"Amount" = "unit_price"' in n for n in notes)  # the per-seat question, asked
    data = plan(stripe, "--company", company)
    grain = next(w["message"] for w in data["warnings"] if w["code"] == "import_line_grain")
    # status has its rule (the best line): it is not also "the same on every line"
    assert "status: best" in grain
    assert "the same on every line: currency, name (" in grain
