"""``postsale inspect``'s mapping assistant on public-style exports (tests/data/exports/inspect/):
one test per export, each asserting the mapping a person would choose — and the traps it avoids
("Contact Name" and "Contract" are never money, an opportunity id is never the account id)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postsale.api import load_inputs
from postsale.errors import ConfigError, InputError
from postsale.io import parse
from postsale.io.detect import Kind
from postsale.io.inspect import FileReport, company_toml, inspect_file, inspect_files, write_company
from postsale.keys import AccountStatus

DATA = Path(__file__).resolve().parents[1] / "data" / "exports" / "inspect"


def _by_header(report: FileReport) -> dict[str, str | None]:
    return {c.profile.header: c.target for c in report.columns}


def _kinds(report: FileReport) -> dict[str, Kind]:
    return {c.profile.header: c.profile.kind for c in report.columns}


def test_hubspot_companies() -> None:
    r = inspect_file(DATA / "hubspot_companies.csv")
    assert r.role == "accounts"
    assert r.mapping == {"Record ID": "account_id", "Company name": "name", "Company owner": "owner",
                         "Lifecycle Stage": "status", "Country/Region": "country", "ARR": "arr",
                         "Renewal Date": "renewal_date"}
    kinds = _kinds(r)
    assert kinds["Contact Name"] is Kind.NAME
    assert kinds["Annual Revenue"] is Kind.MONEY
    assert kinds["Create Date"] is Kind.DATE
    assert kinds["Record ID"] is Kind.IDENTIFIER
    revenue = next(c for c in r.columns if c.profile.header == "Annual Revenue")
    assert "own revenue" in revenue.reason  # HubSpot's company revenue is not ARR


def test_salesforce_accounts() -> None:
    r = inspect_file(DATA / "salesforce_accounts.csv")
    assert r.role == "accounts"
    m = _by_header(r)
    assert m["Account ID"] == "account_id"
    assert m["Annual Recurring Revenue"] == "arr"
    assert m["Contact Name"] is None
    assert m["Annual Revenue"] is None
    assert m["Account Status"] == "status"
    assert m["Account Segment"] == "segment"
    segment = next(c for c in r.columns if c.target == "segment")
    assert segment.values == {"Strategic": ""}  # unknown to postsale: the user decides
    assert next(c for c in r.columns if c.target == "status").values == {}  # all known words


def test_stripe_subscriptions(tmp_path: Path) -> None:
    r = inspect_file(DATA / "stripe_subscriptions.csv")
    assert r.role == "subscriptions"
    # not "id": that is the subscription's; "Amount" per interval is not guessed as ARR
    assert r.mapping == {"Customer ID": "account_id", "Customer Name": "name", "Status": "status",
                         "Currency": "currency"}
    kinds = _kinds(r)
    assert kinds["Amount"] is Kind.MONEY
    assert kinds["Customer Email"] is Kind.EMAIL
    assert kinds["Current Period End (UTC)"] is Kind.DATE
    assert next(c for c in r.columns if c.target == "status").values == {}  # Stripe's words
    data = tomllib.loads(company_toml([r], tmp_path / "c.toml"))
    assert data["columns"]["id"] == "ignore"  # the weak alias would read the subscription id


def test_zendesk_tickets() -> None:
    r = inspect_file(DATA / "zendesk_tickets.csv")
    assert r.role == "tickets"
    # every field as `plan --tickets` reads it; "Organization" is no built-in alias: written
    assert r.mapping == {"Organization": "account_id", "Id": "ticket_id", "Status": "status",
                         "Created at": "created"}
    assert r.secondary
    assert r.import_columns == {"Organization": "account_id"}
    assert _kinds(r)["Requester email"] is Kind.EMAIL


def test_salesforce_opportunities() -> None:
    r = inspect_file(DATA / "salesforce_opportunities.csv")
    assert r.role == "opportunities"
    assert r.mapping == {"Account ID": "account_id", "Type": "type", "Stage": "stage",
                         "Amount": "amount", "Close Date": "close_date"}  # never "Opportunity ID"
    assert r.import_columns == {}  # the built-in aliases read it all
    assert _kinds(r)["Probability (%)"] is Kind.PERCENTAGE
    assert _kinds(r)["Amount"] is Kind.MONEY


def test_order_lines() -> None:
    r = inspect_file(DATA / "order_lines.csv")
    assert r.role == "subscriptions"
    assert r.mapping == {"Customer ID": "account_id", "Customer Name": "name", "Country": "country"}
    assert "repeats" in r.role_reason
    assert "Line Total" not in r.mapping  # a line's amount is not an account's ARR


def test_telco_churn() -> None:
    r = inspect_file(DATA / "telco_churn.csv")
    assert r.role == "accounts"
    assert r.mapping == {"customerID": "account_id", "MonthlyCharges": "mrr", "Churn": "status",
                         "Contract": "contract_term_months"}
    kinds = _kinds(r)
    assert kinds["Contract"] is Kind.CATEGORY
    assert kinds["TotalCharges"] is Kind.MONEY
    churn = next(c for c in r.columns if c.profile.header == "Churn")
    assert churn.values == {"Yes": "churned", "No": "active"}


@pytest.mark.parametrize("name", ["hubspot_companies.csv", "salesforce_accounts.csv",
                                  "telco_churn.csv"])
def test_written_company_file_plans(name: str, tmp_path: Path) -> None:
    company = tmp_path / "company.toml"
    write_company(inspect_files([DATA / name]), company)
    book, parsed, _ = load_inputs(DATA / name, company)
    assert len(book) == sum(1 for _ in (DATA / name).open()) - 1
    assert parsed.columns  # the mapping is in the file, not only in the aliases
    assert book.arr.sum() > 0


def test_telco_churned_rows_are_not_customers(tmp_path: Path) -> None:
    company = tmp_path / "company.toml"
    write_company(inspect_files([DATA / "telco_churn.csv"]), company)
    book, _, _ = load_inputs(DATA / "telco_churn.csv", company)
    churned = book.status == list(AccountStatus).index(AccountStatus.CHURNED)
    assert churned.sum() == 4
    assert not book.active[churned].any()
    assert (book.arr[churned] == 0).all()
    assert book.arr[~churned].sum() == pytest.approx(12 * (29.85 + 56.95 + 42.3 + 89.1 + 29.75
                                                           + 56.15))
    assert np.isclose(book.contract_term_months[0], 1.0)  # Month-to-month
    assert np.isclose(book.contract_term_months[1], 12.0)  # One year


def test_several_files_name_their_roles_in_import(tmp_path: Path) -> None:
    reports = inspect_files([DATA / "salesforce_accounts.csv", DATA / "salesforce_opportunities.csv",
                             DATA / "zendesk_tickets.csv", DATA / "stripe_subscriptions.csv"])
    assert [r.role for r in reports] == ["accounts", "opportunities", "tickets", "subscriptions"]
    text = company_toml(reports, tmp_path / "sub" / "company.toml")
    data = tomllib.loads(text)
    assert data["columns"]["Annual Recurring Revenue"] == "arr"
    rel = data["import"]
    assert set(rel) == {"opportunities", "tickets", "subscriptions", "columns"}
    assert rel["columns"] == {"Organization": "account_id"}  # Zendesk's: no built-in alias
    assert (tmp_path / "sub" / rel["tickets"]).resolve() == (DATA / "zendesk_tickets.csv").resolve()


def test_alias_the_values_contradict_is_not_used(tmp_path: Path) -> None:
    f = tmp_path / "accounts.csv"
    f.write_text("Account ID,Contract Value,Amount\nA1,Gold,100\nA2,Silver,200\nA3,Gold,300\n")
    r = inspect_file(f)
    assert r.mapping == {"Account ID": "account_id", "Amount": "arr"}
    assert any("Contract Value" in n and "category" in n for n in r.notes)
    data = tomllib.loads(company_toml([r], tmp_path / "c.toml"))
    assert data["columns"]["Contract Value"] == "ignore"  # else the alias would read it again
    book, _, _ = load_inputs(f, _write(tmp_path, r))
    assert book.arr.tolist() == [100, 200, 300]


def _write(tmp_path: Path, r: FileReport) -> Path:
    out = tmp_path / "written.toml"
    write_company([r], out)
    return out


def test_account_id_is_the_unique_column_not_the_repeating_one(tmp_path: Path) -> None:
    f = tmp_path / "book.csv"
    f.write_text("Opportunity Number,Acct Ref,Recurring Amount\n"
                 "O-1,AC-1,100\nO-2,AC-2,200\nO-3,AC-3,300\n")
    assert inspect_file(f).mapping == {"Acct Ref": "account_id", "Recurring Amount": "arr"}


def test_write_company_refuses_inputs_and_existing_files(tmp_path: Path) -> None:
    src = tmp_path / "telco.csv"
    src.write_bytes((DATA / "telco_churn.csv").read_bytes())
    reports = inspect_files([src])
    with pytest.raises(ConfigError, match="being inspected"):
        write_company(reports, src, force=True)
    assert src.read_bytes() == (DATA / "telco_churn.csv").read_bytes()
    out = tmp_path / "company.toml"
    out.write_text("# mine\n")
    with pytest.raises(ConfigError, match="already exists"):
        write_company(reports, out)
    assert out.read_text() == "# mine\n"
    write_company(reports, out, force=True)
    assert "[columns]" in out.read_text()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_typed_parquet_and_xlsx_files(tmp_path: Path) -> None:
    import datetime as dt

    import openpyxl
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"Account ID": [101, 102, 103], "ARR": [1000.5, 2000.0, None],
                             "Renewal Date": [dt.date(2026, 1, 1), dt.date(2026, 2, 1), None],
                             "Strategic": [True, False, None]}), tmp_path / "a.parquet")
    r = inspect_file(tmp_path / "a.parquet")
    assert r.mapping == {"Account ID": "account_id", "ARR": "arr", "Renewal Date": "renewal_date",
                         "Strategic": "strategic"}
    assert [c.profile.kind for c in r.columns] == [Kind.IDENTIFIER, Kind.MONEY, Kind.DATE,
                                                   Kind.BOOLEAN]
    assert r.columns[1].profile.blank_share == pytest.approx(1 / 3)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Customer Number", "Monthly Recurring Revenue", "Customer Since"])
    ws.append(["C1", 100, dt.datetime(2024, 1, 1)])
    ws.append(["C2", 200.5, dt.datetime(2023, 5, 1)])
    wb.save(tmp_path / "a.xlsx")
    assert inspect_file(tmp_path / "a.xlsx").mapping == {
        "Customer Number": "account_id", "Monthly Recurring Revenue": "mrr",
        "Customer Since": "start_date"}


def test_empty_file_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("")
    with pytest.raises(InputError, match="empty"):
        inspect_file(tmp_path / "a.csv")


_HEADER = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12).filter(
    lambda h: h.strip() == h and h.strip() != "")


@given(st.lists(_HEADER, min_size=1, max_size=6, unique_by=lambda h: " ".join(h.lower().split())))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_written_mapping_reads_back_as_inspected(tmp_path: Path, headers: list[str]) -> None:
    """Whatever the headers (quotes, backslashes, control characters, aliases), the written
    company file parses and maps exactly the columns inspect proposed."""
    import csv

    f = tmp_path / "a.csv"
    with f.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Account ID", "ARR", *headers])
        writer.writerow(["A1", "100", *("x" for _ in headers)])
        writer.writerow(["A2", "200", *("y" for _ in headers)])
    try:
        r = inspect_file(f)
    except InputError:  # headers the CSV reader itself cannot take (e.g. a NUL): not our concern
        return
    data = tomllib.loads(company_toml([r], tmp_path / "c.toml"))
    read_back = parse.map_headers([c.profile.header for c in r.columns], data["columns"])
    assert {r.columns[p].profile.header: t for t, p in read_back.positions.items()} == r.mapping
    written = ["Account ID", "ARR", *headers]
    if [c.profile.header for c in r.columns] == written \
            and len({" ".join(h.lower().split()) for h in written}) == len(written):
        assert r.mapping["ARR"] == "arr"  # read as written, no duplicate: ARR is mapped


def test_hubspot_deals() -> None:
    r = inspect_file(DATA / "hubspot_deals.csv")
    assert r.role == "opportunities"
    # "Record ID" is the deal's own id here; the company each deal belongs to is the key
    assert r.mapping == {"Associated Company IDs": "account_id", "Deal Stage": "stage",
                         "Amount": "amount", "Close Date": "close_date"}


def test_free_text_under_an_enum_header_is_not_used(tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text("Account ID,ARR,Status,Health\n" + "".join(
        f"A{i},{i + 1},note number {i},{['Green', 'Red'][i % 2]}\n" for i in range(60)))
    r = inspect_file(f)
    assert r.mapping == {"Account ID": "account_id", "ARR": "arr"}
    assert any("60 different values" in n for n in r.notes)
    assert any("'Health' looks like health_score" in n for n in r.notes)
    book, _, _ = load_inputs(f, _write(tmp_path, r))  # the written file plans: both ignored
    assert len(book) == 60


def test_header_only_and_ragged_rows_are_noted(tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text("account_id,arr\n")
    r = inspect_file(f)
    assert r.rows == 0
    assert any("no rows" in n for n in r.notes)
    assert {c.profile.kind for c in r.columns} == {Kind.EMPTY}
    g = tmp_path / "b.csv"
    g.write_text("account_id,arr\na,1\nb,2,3\nc,3\n")
    r = inspect_file(g)
    assert r.rows == 2
    assert any(n.startswith("1 rows have a different number of fields") for n in r.notes)


def test_an_amount_beside_a_quantity_says_how_it_is_read(tmp_path: Path) -> None:
    """Stripe's subscription "Amount" is the plan's price (per seat) beside "Quantity": read as
    the line's total it would understate seat-priced ARR — inspect says which it takes."""
    reports = inspect_files([DATA / "salesforce_accounts.csv", DATA / "stripe_subscriptions.csv"])
    subs = reports[1]
    assert subs.secondary
    assert subs.mapping["Amount"] == "amount"
    assert subs.mapping["Quantity"] == "quantity"
    assert any("\"Amount\" = \"unit_price\"" in n for n in subs.notes)
    plain = tmp_path / "s.csv"
    plain.write_text("Customer ID,Amount,Quantity,Interval\nC1,10,1,month\nC1,20,1,month\n")
    assert not any("unit_price" in n for n in inspect_files([DATA / "telco_churn.csv",
                                                             plain])[1].notes)


def test_import_columns_shared_by_two_files_is_checked_against_each(tmp_path: Path) -> None:
    """[import.columns] is one table: Zendesk's "Organization" = account_id would also take over
    a subscriptions file that has an "Organization" column beside its "Customer ID"."""
    (tmp_path / "a.csv").write_text("Customer ID,Company,ARR\nC1,Acme,10\nC2,Beta,20\n")
    (tmp_path / "s.csv").write_text("Customer ID,Organization,MRR,Interval,Plan\n"
                                    "C1,Acme,1,month,pro\nC1,Acme,2,month,pro\n"
                                    "C2,Beta,3,month,pro\n")
    (tmp_path / "t.csv").write_text("Id,Organization,Subject,Priority,Requester,Created at\n"
                                    "1,C1,a,low,x,2026-10-01\n2,C1,b,low,y,2026-10-02\n")
    reports = inspect_files([tmp_path / "a.csv", tmp_path / "s.csv", tmp_path / "t.csv"])
    assert [r.role for r in reports] == ["accounts", "subscriptions", "tickets"]
    assert reports[2].import_columns == {"Organization": "account_id"}
    assert any("also match a header of this one" in n for n in reports[1].notes)
    assert not any("also match" in n for n in reports[2].notes)
