"""Type-aware header suggestions (``postsale.io.suggest``) and the header rules around them:
``"ignore"`` in ``[columns]``, compact alias matching, the weak ``id`` alias."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from postsale.errors import InputError
from postsale.io.detect import profile_column
from postsale.io.parse import map_headers
from postsale.io.read import read_accounts
from postsale.io.suggest import suggest_column


def _fix(headers: list[str], target: str, rows: list[list[str]] | None = None) -> str:
    profiles = None
    if rows is not None:
        profiles = [profile_column(h, pa.array([r[i] for r in rows]))
                    for i, h in enumerate(headers)]
    mapping = map_headers(headers, None, profiles)
    return next(str(fix) for column, _, fix in mapping.problems if column == target)


def test_name_and_contract_columns_are_never_money() -> None:
    headers = ["Account ID", "Contact Name", "Contract", "Contract Type", "Annual Contract Amount"]
    assert '"Annual Contract Amount" = "arr"' in _fix(headers, "arr")
    # Without a money-looking header, nothing is proposed rather than a name.
    fix = _fix(["Account ID", "Contact Name", "Contract"], "arr")
    assert "Contact Name" not in fix
    assert '"Contract"' not in fix


def test_values_pick_the_money_column_when_headers_do_not() -> None:
    headers = ["Account ID", "Contact Name", "Contract", "Yearly"]
    rows = [["A1", "Jane Roe", "Annual", "$12,000"], ["A2", "Max Muster", "Monthly", "$4,800"]]
    assert '"Yearly" = "arr"' in _fix(headers, "arr", rows)


def test_monthly_money_column_is_proposed_for_mrr() -> None:
    headers = ["customerID", "tenure", "Monthly Amt", "TotalCharges"]
    assert suggest_column(headers, {0}, "mrr") == "Monthly Amt"


def test_opportunity_id_is_not_proposed_as_the_account_id() -> None:
    headers = ["Opportunity ID", "Acct Ref", "Revenue"]
    rows = [["O1", "AC-1", "10"], ["O2", "AC-2", "20"], ["O3", "AC-3", "30"]]
    assert '"Acct Ref" = "account_id"' in _fix(headers, "account_id", rows)
    assert '"Acct Ref" = "account_id"' in _fix(headers, "account_id")


def test_a_repeating_id_is_not_proposed_when_a_unique_one_exists() -> None:
    headers = ["Customer Code", "Client No", "Amount"]
    rows = [["C1", "K-1", "1"], ["C1", "K-2", "2"], ["C2", "K-3", "3"]]
    assert '"Client No" = "account_id"' in _fix(headers, "account_id", rows)


def test_import_error_suggestion_sees_the_values(tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text("Opportunity ID,Customer Key,Contact Name,Contract,Yearly\n"
                 "O-1,K1,Jane Roe,Annual,\"$12,000\"\nO-2,K2,Max Muster,Monthly,\"$4,800\"\n")
    with pytest.raises(InputError) as info:
        read_accounts(f)
    fixes = {p.column: str(p.fix) for p in info.value.problems}
    assert '"Customer Key" = "account_id"' in fixes["account_id"]
    assert '"Yearly" = "arr"' in fixes["arr"]


def test_ignore_leaves_out_a_column_an_alias_would_map(tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text("Account ID,ARR,Status,Internal Notes\nA1,100,On hold,x\nA2,200,Paused,y\n")
    with pytest.raises(InputError, match="unknown status"):
        read_accounts(f)
    loaded = read_accounts(f, {"Status": "ignore", "Internal Notes": "-"})
    assert "status" not in loaded.columns
    assert loaded.book.arr.tolist() == [100, 200]


def test_compact_alias_and_weak_id() -> None:
    mapping = map_headers(["id", "customerID", "MonthlyCharges"])
    assert mapping.positions == {"account_id": 1, "mrr": 2}
    assert mapping.problems == []
    assert map_headers(["id", "arr"]).positions["account_id"] == 0  # still used when alone


@given(st.lists(st.sampled_from(["Contact Name", "Contract", "Customer Name", "Owner Name",
                                 "Contract Type", "Account Name", "Email", "Phone", "Close Date",
                                 "Opportunity ID", "Ticket ID", "Status"]),
                min_size=1, max_size=8, unique=True))
def test_names_dates_and_ids_are_never_proposed_as_money(headers: list[str]) -> None:
    assert suggest_column(headers, set(), "arr") is None
    assert suggest_column(headers, set(), "mrr") is None


def test_a_plain_number_column_named_by_its_period_is_proposed() -> None:
    headers = ["Account ID", "Health Score", "Yearly"]
    rows = [["A1", "80", "12000"], ["A2", "55", "4800.5"]]
    assert '"Yearly" = "arr"' in _fix(headers, "arr", rows)


def test_a_unit_price_is_not_an_account_revenue() -> None:
    assert suggest_column(["Order ID", "Customer ID", "Unit Price", "Line Total"], set(), "arr") \
        is None
