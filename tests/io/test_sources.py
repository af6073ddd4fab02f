"""Several files, one book (issue 11): secondary files read, mapped, rolled up and joined, on the
public-style exports of tests/data/exports with hand-computed figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postsale.api import load_inputs
from postsale.errors import ConfigError, InputError

EXPORTS = Path(__file__).resolve().parents[1] / "data" / "exports"
AS_OF = dt.date(2026, 12, 5)


def by_id(book: object, column: str) -> dict[str, object]:
    ids = book.account_id.tolist()  # type: ignore[attr-defined]
    values = getattr(book, column)
    if values.dtype.kind == "M":
        values = values.astype(str)
    return dict(zip(ids, values.tolist(), strict=True))


def codes(notes: tuple[object, ...]) -> dict[str, str]:
    return {n.code: n.message for n in notes}  # type: ignore[attr-defined]


def test_stripe_style_subscriptions_and_zendesk_style_tickets() -> None:
    saas = EXPORTS / "saas"
    book, _, notes = load_inputs(saas / "accounts.csv", today=AS_OF,
                                 subscriptions=saas / "subscriptions.csv",
                                 tickets=saas / "tickets.csv")
    # cus_001: 50 × 200 a year + 10 × 100 a month × 12; cus_002: 40 × 300 (legacy line ended
    # 2025-12-31); cus_003: 5 × 50 × 12; cus_004: 30 × 250 a quarter × 4; cus_005 ended
    # 2026-06-30 (churned); cus_006 has no line and the accounts file no ARR column: 0
    assert by_id(book, "arr") == {"cus_001": 22_000.0, "cus_002": 12_000.0, "cus_003": 3_000.0,
                                  "cus_004": 30_000.0, "cus_005": 0.0, "cus_006": 0.0}
    prev = by_id(book, "previous_arr")
    assert {k: prev[k] for k in ("cus_001", "cus_002", "cus_003", "cus_004", "cus_005")} == {
        "cus_001": 10_000.0, "cus_002": 13_000.0, "cus_003": 3_000.0, "cus_004": 0.0,
        "cus_005": 2_400.0}
    renewal = by_id(book, "renewal_date")
    assert [renewal[k] for k in ("cus_001", "cus_002", "cus_003", "cus_004", "cus_005")] == [
        "2026-12-31", "2027-06-01", "2026-12-10", "2027-01-20", "NaT"]
    terms = by_id(book, "contract_term_months")
    assert [terms[k] for k in ("cus_001", "cus_002", "cus_003", "cus_004")] == [12.0, 12.0, 1.0,
                                                                               3.0]
    # tickets after 2026-06-05 up to 2026-12-05 ÷ 6 months: 12, 3, 0, 6, 0 (cus_005's are older)
    assert by_id(book, "tickets_per_month") == {"cus_001": 2.0, "cus_002": 0.5, "cus_003": 0.0,
                                                "cus_004": 1.0, "cus_005": 0.0, "cus_006": 0.0}
    assert book.present >= {"arr", "previous_arr", "renewal_date", "tickets_per_month",
                            "contract_term_months", "start_date"}
    said = {w.code: w.message for w in notes}
    assert "ARR = sum of the 5 recurring lines active on 2026-12-05" in said["import_subscriptions"]
    assert "67,000 over 4 accounts" in said["import_subscriptions"]
    assert "1 account with no active line and an ended one: churned" in said["import_subscriptions"]
    assert "21 tickets created after 2026-06-05 up to 2026-12-05 ÷ 6 months" in said["import_tickets"]
    assert "'cus_999'" in said["import_unmatched_ids"]
    assert "1 line left out" in said[
        "import_unmatched_ids"]
    assert "1 account without a line: ARR 0" in said["import_no_lines"]


def test_salesforce_style_opportunities_give_arr_and_renewal_dates() -> None:
    sf = EXPORTS / "salesforce"
    book, _, notes = load_inputs(sf / "accounts.csv", today=AS_OF,
                                 opportunities=sf / "opportunities.csv")
    # Acme: 24,000 + 6,000 closed won in the year (5,000 of services left out); Beta: only the
    # 2026 renewal (the 2025 deal is older than 12 months); Gamma lost; Epsilon has no deal
    assert book.arr.tolist() == [30_000.0, 11_000.0, 0.0, 15_000.0, 0.0]
    assert book.renewal_date.astype(str).tolist() == ["2027-02-10", "2027-06-30", "NaT", "NaT",
                                                      "NaT"]
    said = {w.code: w.message for w in notes}
    assert "closed after 2025-12-05 up to 2026-12-05 (trailing 12 months; no subscription file)" \
        in said["import_opportunities"]
    assert "1 one-off deal (services) left out" in said["import_opportunities"]
    assert "0015g00000ZzzzAAA" in said["import_unmatched_ids"]


def test_subscriptions_win_over_the_accounts_arr_and_accounts_without_lines_keep_theirs(
        tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("Account ID,ARR\nA1,1000\nA2,2000\nA3,3000\n", encoding="utf-8")
    subs = tmp_path / "subs.csv"
    subs.write_text("Account ID,MRR,Start Date\nA1,100,2025-01-01\nA2,150,2025-01-01\n"
                    "A2,50,2026-01-01\n", encoding="utf-8")
    book, _, notes = load_inputs(accounts, today=AS_OF, subscriptions=subs)
    assert book.arr.tolist() == [1_200.0, 2_400.0, 3_000.0]
    said = {w.code: w.message for w in notes}
    assert "replaces the accounts file's ARR for 2 accounts (2 of them differ)" in said[
        "import_arr_replaced"]
    assert "1 account without a line keep" in said["import_no_lines"]


def test_company_import_section_relative_paths_and_the_command_line_wins(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "accounts.csv").write_text("customer,name\nA1,Acme\nA2,Beta\n",
                                                    encoding="utf-8")
    (tmp_path / "data" / "subs.csv").write_text("customer,Plan Price,Billing\nA1,100,month\n"
                                                "A2,1000,year\n", encoding="utf-8")
    other = tmp_path / "other.csv"
    other.write_text("customer,Plan Price,Billing\nA1,1,month\n", encoding="utf-8")
    company = tmp_path / "data" / "company.toml"
    company.write_text('[columns]\ncustomer = "account_id"\n[import]\nsubscriptions = "subs.csv"\n'
                       '[import.columns]\n"Plan Price" = "amount"\nBilling = "interval"\n',
                       encoding="utf-8")
    book, parsed, _ = load_inputs(tmp_path / "data" / "accounts.csv", company, today=AS_OF)
    assert parsed.imports.subscriptions == str(tmp_path / "data" / "subs.csv")
    assert book.arr.tolist() == [1_200.0, 1_000.0]
    book, _, _ = load_inputs(tmp_path / "data" / "accounts.csv", company, today=AS_OF,
                             subscriptions=other)
    assert book.arr.tolist() == [12.0, 0.0]


def test_import_settings_are_checked(tmp_path: Path) -> None:
    company = tmp_path / "company.toml"
    for text, key in (('[import.aggregate]\nname = "mean"\n', "import.aggregate"),
                      ('[import.aggregate]\nnom = "first"\n', "import.aggregate.nom"),
                      ('[import.columns]\nPrice = "cost"\n', "import.columns.Price"),
                      ("[import]\nticket_window_months = 0\n", "import.ticket_window_months")):
        company.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError) as info:
            load_inputs(EXPORTS / "saas" / "accounts.csv", company, today=AS_OF)
        assert key in str(info.value)


def test_a_parquet_ticket_file_and_a_shorter_export(tmp_path: Path) -> None:
    tickets = tmp_path / "tickets.parquet"
    pq.write_table(pa.table({"Ticket Number": [1, 2, 3, 4],
                             "Customer ID": ["cus_001", "cus_001", "cus_004", "cus_002"],
                             "Create Date": pa.array([dt.date(2026, 10, 5), dt.date(2026, 11, 5),
                                                      dt.date(2026, 12, 1), dt.date(2026, 12, 4)])
                             }), tickets)
    saas = EXPORTS / "saas"
    book, _, notes = load_inputs(saas / "accounts.csv", today=AS_OF,
                                 subscriptions=saas / "subscriptions.csv", tickets=tickets)
    months = 61 / (365.25 / 12)  # 2026-10-05 → 2026-12-05: the export is younger than 6 months
    assert book.tickets_per_month[:2] == pytest.approx([2 / months, 1 / months])
    assert "fewer months" in {w.code: w.message for w in notes}["import_tickets"]


@pytest.mark.parametrize(("content", "problem"), [
    ("Subscription ID,Amount\ns1,100\n", "no 'account_id' column in the subscriptions file"),
    ("Customer ID,Plan\nc1,Gold\n", "no 'amount' column in the subscriptions file"),
])
def test_a_secondary_file_without_its_columns_says_which_and_how(
        tmp_path: Path, content: str, problem: str) -> None:
    subs = tmp_path / "subs.csv"
    subs.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_inputs(EXPORTS / "saas" / "accounts.csv", today=AS_OF, subscriptions=subs)
    assert problem in str(info.value)
    assert "[import.columns]" in str(info.value)


def test_bad_cells_in_a_secondary_file_name_row_and_column(tmp_path: Path) -> None:
    subs = tmp_path / "subs.csv"
    subs.write_text("Customer ID,MRR,Start Date\ncus_001,100,2025-01-01\ncus_002,lots,2025-01-01\n"
                    ",50,2025-01-01\ncus_003,10,someday\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_inputs(EXPORTS / "saas" / "accounts.csv", today=AS_OF, subscriptions=subs)
    where = [(p.row, p.column) for p in info.value.problems]
    assert where == [(3, "MRR"), (4, "Customer ID"), (5, "Start Date")]


def test_no_arr_anywhere_is_an_input_error(tmp_path: Path) -> None:
    tickets = tmp_path / "t.csv"
    tickets.write_text("Ticket ID,Customer ID,Created\n1,cus_001,2026-11-01\n", encoding="utf-8")
    with pytest.raises(InputError, match="no 'arr' column"):
        load_inputs(EXPORTS / "saas" / "accounts.csv", today=AS_OF, tickets=tickets)


def test_opportunities_only_give_renewal_dates_beside_subscriptions(tmp_path: Path) -> None:
    opps = tmp_path / "deals.csv"
    opps.write_text("Deal ID,Associated Company ID,Deal Stage,Amount,Close Date,Deal Type\n"
                    "d1,cus_003,closedwon,999999,2026-11-01,newbusiness\n"
                    "d2,cus_005,appointmentscheduled,2400,2027-01-31,Renewal\n"
                    "d3,cus_001,contractsent,1,2027-03-01,renewal\n", encoding="utf-8")
    saas = EXPORTS / "saas"
    book, _, _ = load_inputs(saas / "accounts.csv", today=AS_OF,
                             subscriptions=saas / "subscriptions.csv", opportunities=opps)
    assert by_id(book, "arr")["cus_003"] == 3_000.0  # subscriptions give ARR, not the deal
    renewal = by_id(book, "renewal_date")
    assert renewal["cus_001"] == "2026-12-31"  # the subscription's date comes first
    assert renewal["cus_005"] == "2027-01-31"  # a churned account's open renewal deal
    assert by_id(book, "arr")["cus_006"] == 0.0  # no line, no ARR column: not a customer


@pytest.mark.parametrize(("token", "months"), [
    ("month", 1.0), ("monthly", 1.0), ("per_year", 12.0), ("3_months", 3.0),
    ("every_2_years", 24.0), ("annual", 12.0), ("quarterly", 3.0)])
def test_billing_intervals_in_their_common_spellings(token: str, months: float) -> None:
    from postsale.io.sources import interval_months

    assert interval_months(token) == months


def test_an_xlsx_subscription_file(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Subscription ID", "Account ID", "MRR", "Start Date", "End Date"])
    ws.append(["s1", "cus_001", 1000, dt.datetime(2025, 1, 1), None])
    ws.append(["s2", "cus_002", 500, dt.datetime(2025, 1, 1), dt.datetime(2026, 1, 1)])
    path = tmp_path / "subs.xlsx"
    wb.save(path)
    book, _, _ = load_inputs(EXPORTS / "saas" / "accounts.csv", today=AS_OF, subscriptions=path)
    assert book.arr.tolist()[:3] == [12_000.0, 0.0, 0.0]
    assert book.previous_arr.tolist()[:2] == [12_000.0, 6_000.0]


def test_lines_that_match_no_account_and_no_arr_column_is_an_error(tmp_path: Path) -> None:
    subs = tmp_path / "subs.csv"
    subs.write_text("Customer ID,MRR\nsomeone_else,100\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_inputs(EXPORTS / "saas" / "accounts.csv", today=AS_OF, subscriptions=subs)
    (problem,) = info.value.problems
    assert "no line matches an account" in str(problem.problem)
    assert "'cus_001'" in str(problem.problem)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(book=st.lists(st.tuples(st.integers(0, 400_000), st.sampled_from(["SMB", "Enterprise", ""]),
                               st.integers(1, 4)), min_size=1, max_size=30),
       seed=st.integers(0, 2**32 - 1))
def test_arr_split_across_line_files_plans_like_the_aggregated_book(
        tmp_path: Path, book: list[tuple[int, str, int]], seed: int) -> None:
    """The same book three ways — one row per account with its ARR; accounts without ARR plus a
    subscription file splitting each ARR over active lines; the accounts file itself at line
    grain — gives the same tiers and headcount."""
    import random

    from postsale.api import plan

    rng = random.Random(seed)
    folder = tmp_path / str(seed)
    folder.mkdir(exist_ok=True)
    whole = ["account_id,segment,arr"]
    bare = ["account_id,segment"]
    subs = ["Subscription ID,Account ID,ARR,Start Date"]
    grain = ["account_id,segment,arr"]
    for i, (arr, segment, k) in enumerate(book):
        whole.append(f"A{i},{segment},{arr}")
        bare.append(f"A{i},{segment}")
        cuts = sorted(rng.randint(0, arr) for _ in range(k - 1))
        for j, part in enumerate(b - a for a, b in zip([0, *cuts], [*cuts, arr], strict=True)):
            subs.append(f"S{i}-{j},A{i},{part},2024-0{1 + j}-01")
            grain.append(f"A{i},{segment},{part}")
    files = {}
    for name, rows in (("whole", whole), ("bare", bare), ("subs", subs), ("grain", grain)):
        files[name] = folder / f"{name}.csv"
        files[name].write_text("\n".join(rows) + "\n", encoding="utf-8")
    expected = plan(files["whole"], today=AS_OF)
    for result in (plan(files["bare"], today=AS_OF, subscriptions=files["subs"]),
                   plan(files["grain"], today=AS_OF)):
        assert result.headcount.required == expected.headcount.required
        assert {t: (v.accounts, v.arr) for t, v in result.tiers.items()} == {
            t: (v.accounts, v.arr) for t, v in expected.tiers.items()}


def test_chargebee_style_exports_through_the_company_file() -> None:
    cb = EXPORTS / "chargebee"
    book, _, notes = load_inputs(cb / "customers.csv", cb / "company.toml", today=AS_OF)
    # AzZ1: (2,500 + 300) × 12, the non-renewing seats still run until 2026-12-15; AzZ2: its pro
    # plan was cancelled 2026-02-01, the starter plan 150 × 12 runs; AzZ3: a 0-MRR trial and a
    # plan starting next year — lines, but no ARR yet and not churned
    assert by_id(book, "arr") == {"AzZ1": 33_600.0, "AzZ2": 1_800.0, "AzZ3": 0.0}
    assert by_id(book, "previous_arr") == {"AzZ1": 30_000.0, "AzZ2": 9_600.0, "AzZ3": 0.0}
    assert by_id(book, "renewal_date") == {"AzZ1": "2026-12-15", "AzZ2": "2026-12-31",
                                           "AzZ3": "2026-12-20"}
    assert by_id(book, "contract_term_months") == {"AzZ1": 12.0, "AzZ2": 1.0, "AzZ3": 12.0}
    assert by_id(book, "name")["AzZ2"] == "Lumen Oy"
    assert "6 lines priced by MRR × 12" in {w.code: w.message for w in notes}[
        "import_subscriptions"]


def test_trial_lines_count_zero_until_they_pay(tmp_path: Path) -> None:
    subs = tmp_path / "subs.csv"
    subs.write_text("Customer ID,Amount,Interval,Status,Start\ncus_001,100,month,trialing,"
                    "2026-11-20\ncus_002,100,month,active,2026-01-01\n", encoding="utf-8")
    book, _, notes = load_inputs(EXPORTS / "saas" / "accounts.csv", today=AS_OF,
                                 subscriptions=subs)
    assert book.arr.tolist()[:2] == [0.0, 1_200.0]
    assert not book.active[0]
    assert "1 trial line counted at 0 (not paying yet)" in {w.code: w.message for w in notes}[
        "import_subscriptions"]


def test_credits_never_make_arr_negative_and_bad_rows_are_never_skipped(tmp_path: Path) -> None:
    subs = tmp_path / "subs.csv"
    subs.write_text("Customer ID,MRR,Start Date\ncus_001,100,2025-01-01\ncus_001,-300,2025-01-01\n"
                    "cus_002,50,2025-01-01\n", encoding="utf-8")
    book, _, notes = load_inputs(EXPORTS / "saas" / "accounts.csv", today=AS_OF,
                                 subscriptions=subs)
    assert book.arr.tolist()[:2] == [0.0, 600.0]
    assert "the lines of 1 account sum below 0" in {w.code: w.message for w in notes}[
        "import_negative_arr"]
    subs.write_text("Customer ID,MRR,Start Date\ncus_001,100,2025-01-01,oops\ncus_002,5\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_inputs(EXPORTS / "saas" / "accounts.csv", today=AS_OF, subscriptions=subs)
    assert [p.row for p in info.value.problems] == [2, 3]


def test_a_ticket_file_replaces_the_accounts_tickets_column_and_says_so(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("Account ID,ARR,Tickets per Month\nA1,1000,40\nA2,2000,3\n",
                        encoding="utf-8")
    tickets = tmp_path / "tickets.csv"
    tickets.write_text("Ticket ID,Account ID,Created\n1,A1,2026-11-01\n2,A2,2026-01-01\n",
                       encoding="utf-8")  # the export covers the whole 6-month window
    book, _, notes = load_inputs(accounts, today=AS_OF, tickets=tickets)
    assert book.tickets_per_month.tolist() == [1 / 6, 0.0]
    assert "replaces the accounts file's tickets-per-month column" in {
        w.code: w.message for w in notes}["import_tickets"]


def test_amounts_in_cents_are_divided_by_100(tmp_path: Path) -> None:
    """Recurly/Baremetrics-style minor units: the header says cents, 4900 is $49.00 — read
    as written it would be 100× too large. Only the header decides (1999 may be dollars)."""
    (tmp_path / "a.csv").write_text("account_id,name\nA1,Acme\nA2,Beta\n")
    (tmp_path / "s.csv").write_text("account_code,plan_amount_in_cents,interval,state\n"
                                    "A1,4900,month,active\nA2,120000,year,active\n")
    (tmp_path / "c.toml").write_text('[import.columns]\n"account_code" = "account_id"\n')
    book, _, notes = load_inputs(tmp_path / "a.csv", tmp_path / "c.toml",
                                 subscriptions=tmp_path / "s.csv", today=dt.date(2026, 12, 5))
    assert book.arr.tolist() == [12 * 49.0, 1200.0]
    assert any("'plan_amount_in_cents' in cents: divided by 100" in n.message for n in notes)


def test_lines_in_several_currencies_are_converted_or_refused(tmp_path: Path) -> None:
    """Euros and dollars are never summed as they are: converted with [currencies], or an
    input error naming each currency and the fix."""
    (tmp_path / "a.csv").write_text("account_id,name\nA1,Acme\nA2,Beta\n")
    (tmp_path / "s.csv").write_text("account_id,amount,interval,currency\n"
                                    "A1,1000,year,usd\nA1,1000,year,eur\nA2,500,year,EUR\n")
    (tmp_path / "c.toml").write_text("[currencies]\nEUR = 1.1\n")
    book, _, notes = load_inputs(tmp_path / "a.csv", tmp_path / "c.toml",
                                 subscriptions=tmp_path / "s.csv", today=dt.date(2026, 12, 5))
    assert book.arr.tolist() == pytest.approx([1000 + 1100, 550])
    assert any(n.code == "import_currency_converted" and "EUR 2" in n.message for n in notes)
    with pytest.raises(InputError, match=r"several currencies \(EUR 2, USD 1 lines\)") as err:
        load_inputs(tmp_path / "a.csv", subscriptions=tmp_path / "s.csv",
                    today=dt.date(2026, 12, 5))
    assert "[currencies] EUR = …" in str(err.value.problems[0].fix)
