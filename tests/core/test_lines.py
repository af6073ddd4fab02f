"""Line items to accounts (issue 11): each aggregation and rollup rule on hand-computed figures,
and the invariant that splitting ARR across active lines changes nothing in the plan."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postsale.core import lines
from strategies import TODAY, account_rows, book_from_rows, plan

AS_OF = dt.date(2026, 12, 5)


def d(*values: str) -> np.ndarray:
    return np.array(values, dtype="datetime64[D]")


# ---------------------------------------------------------------------------- group-bys

ACCOUNT = np.array([0, 0, 1, 1, 2, -1], dtype=np.intp)


@pytest.mark.parametrize(("how", "expected"), [
    ("sum", [3.0, 3.0, 5.0]), ("max", [2.0, 3.0, 5.0]), ("min", [1.0, 3.0, 5.0]),
    ("first", [1.0, 3.0, 5.0]), ("last", [2.0, 3.0, 5.0]), ("count", [2.0, 1.0, 1.0]),
])
def test_numeric_aggregations_skip_blanks_and_unknown_accounts(how: str, expected: list[float]
                                                               ) -> None:
    values = np.array([1.0, 2.0, 3.0, np.nan, 5.0, 100.0])
    assert lines.reduce(ACCOUNT, 3, values, how).tolist() == expected


def test_text_and_date_aggregations() -> None:
    text = np.array(["b", "a", None, "c", "d", "z"], dtype=object)
    assert lines.reduce(ACCOUNT, 3, text, "max").tolist() == ["b", "c", "d"]
    assert lines.reduce(ACCOUNT, 3, text, "min").tolist() == ["a", "c", "d"]
    assert lines.reduce(ACCOUNT, 3, text, "first").tolist() == ["b", "c", "d"]
    dates = d("2026-01-01", "2025-01-01", "NaT", "2024-01-01", "NaT", "2020-01-01")
    assert lines.reduce(ACCOUNT, 3, dates, "min").astype(str).tolist() == [
        "2025-01-01", "2024-01-01", "NaT"]


def test_most_frequent_breaks_ties_by_first_seen() -> None:
    account = np.array([0, 0, 0, 1, 1, 1, 1], dtype=np.intp)
    values = np.array([12.0, 1.0, 1.0, 3.0, 12.0, 12.0, 3.0])
    assert lines.reduce(account, 2, values, "most_frequent").tolist() == [1.0, 3.0]


def test_unknown_aggregation_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown aggregation"):
        lines.reduce(ACCOUNT, 3, np.ones(6), "mean")


def test_conflicts_finds_accounts_with_two_values() -> None:
    names = np.array(["Acme", "Acme", "Beta", "Beta Ltd", None, "x"], dtype=object)
    assert lines.conflicts(ACCOUNT, 3, names).tolist() == [False, True, False]


def test_months_before_clamps_to_the_month_end() -> None:
    assert lines.months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert lines.months_before(dt.date(2024, 2, 29), 12) == dt.date(2023, 2, 28)
    assert lines.months_before(dt.date(2026, 1, 15), 6) == dt.date(2025, 7, 15)


# ---------------------------------------------------------------------------- amounts


def test_annual_amounts_prefer_arr_then_mrr_then_interval_amounts() -> None:
    annual, rules = lines.annual_amounts(
        arr=np.array([1200.0, np.nan, np.nan, np.nan]),
        mrr=np.array([np.nan, 100.0, np.nan, np.nan]),
        quantity=np.array([np.nan, np.nan, 10.0, 2.0]),
        unit_price=np.array([np.nan, np.nan, 50.0, 300.0]),
        interval_months=np.array([np.nan, np.nan, 1.0, np.nan]))
    # 10 seats × 50 a month × 12; 2 × 300 without an interval: an annual amount
    assert annual.tolist() == [1200.0, 1200.0, 6000.0, 600.0]
    codes = {r.code: r.figures for r in rules}
    assert codes["amount_from_per_interval"] == {"lines": 2, "quantity_times_price": 2,
                                                 "without_interval": 1}


# ---------------------------------------------------------------------------- subscriptions


def test_subscription_rollup_on_hand_computed_figures() -> None:
    account = np.array([0, 0, 1, 1, 2, 3, 4], dtype=np.intp)
    annual = np.array([10_000.0, 12_000.0, 12_000.0, 1_000.0, 3_000.0, 2_400.0, 500.0])
    start = d("2024-01-15", "2026-03-01", "2025-06-01", "2023-01-01", "2025-01-10", "2024-05-01",
              "2027-01-01")
    end = d("NaT", "NaT", "NaT", "2025-12-31", "NaT", "2026-06-30", "NaT")
    renewal = d("2027-01-15", "2026-12-31", "2027-06-01", "NaT", "2026-12-10", "NaT", "NaT")
    interval = np.array([12.0, 1.0, 12.0, 12.0, 1.0, 1.0, 12.0])
    roll = lines.subscription_rollup(account, 6, annual, AS_OF, start=start, end=end,
                                     renewal=renewal, interval_months=interval)
    cols = roll.columns
    # account 4 starts next year: a line but no ARR yet and not churned; account 5 has no line
    assert cols["arr"].tolist()[:5] == [22_000.0, 12_000.0, 3_000.0, 0.0, 0.0]
    assert np.isnan(cols["arr"][5])
    # 12 months earlier (2025-12-05): account 1's legacy line still ran, account 0's add-on not yet
    assert cols["previous_arr"].tolist()[:5] == [10_000.0, 13_000.0, 3_000.0, 2_400.0, 0.0]
    assert cols["renewal_date"].astype(str).tolist()[:3] == ["2026-12-31", "2027-06-01",
                                                            "2026-12-10"]
    assert cols["churned"].tolist() == [False, False, False, True, False, False]
    assert cols["contract_term_months"].tolist()[:3] == [12.0, 12.0, 1.0]
    assert cols["start_date"].astype(str).tolist()[:2] == ["2024-01-15", "2023-01-01"]
    assert roll.has_lines.tolist() == [True] * 5 + [False]
    arr_rule = next(r for r in roll.rules if (r.column, r.code) == ("arr", "active_lines"))
    assert arr_rule.figures["lines"] == 4
    assert arr_rule.figures["arr"] == 37_000.0


def test_a_cancelled_line_without_an_end_date_has_ended() -> None:
    roll = lines.subscription_rollup(
        np.array([0], dtype=np.intp), 1, np.array([900.0]), AS_OF, start=d("2024-01-01"),
        cancelled=np.array([True]))
    assert roll.columns["arr"].tolist() == [0.0]
    assert roll.columns["churned"].tolist() == [True]
    assert roll.columns["previous_arr"].tolist() == [900.0]


def test_one_off_lines_are_not_arr() -> None:
    roll = lines.subscription_rollup(np.array([0, 0], dtype=np.intp), 1,
                                     np.array([1000.0, 5000.0]), AS_OF,
                                     recurring=np.array([True, False]))
    assert roll.columns["arr"].tolist() == [1000.0]
    assert "previous_arr" not in roll.columns  # no start dates: no history to measure
    assert any(r.code == "one_off_lines" for r in roll.rules)


# ---------------------------------------------------------------------------- opportunities


def test_opportunities_count_closed_won_recurring_in_the_trailing_year() -> None:
    account = np.array([0, 0, 0, 0, 1, 1, 1, 2], dtype=np.intp)
    amount = np.array([24_000.0, 6_000.0, 5_000.0, 30_000.0, 10_000.0, 11_000.0, 11_000.0, 8e3])
    close = d("2026-02-10", "2026-08-01", "2026-02-10", "2027-02-10", "2025-06-30", "2026-06-30",
              "2027-06-30", "2026-05-01")
    won = np.array([True, True, True, False, True, True, False, False])
    renewal = np.array([False, False, False, True, False, True, True, False])
    closed = won | np.array([False] * 7 + [True])
    recurring = np.array([True, True, False, True, True, True, True, True])
    roll = lines.opportunity_rollup(account, 4, amount, close, AS_OF, won=won,
                                    open_renewal=renewal & ~closed, recurring=recurring)
    assert roll.columns["arr"][:3].tolist() == [30_000.0, 11_000.0, 0.0]
    assert np.isnan(roll.columns["arr"][3])
    assert roll.columns["renewal_date"].astype(str).tolist() == ["2027-02-10", "2027-06-30",
                                                                "NaT", "NaT"]
    without = lines.opportunity_rollup(account, 4, amount, close, AS_OF, won=won,
                                       open_renewal=renewal & ~closed, with_arr=False)
    assert "arr" not in without.columns


# ---------------------------------------------------------------------------- tickets


def test_tickets_per_month_over_the_trailing_window() -> None:
    account = np.array([0, 0, 0, 1, 1, 2], dtype=np.intp)
    created = d("2026-01-01", "2026-07-01", "2026-12-05", "2026-06-06", "2026-06-05", "NaT")
    roll = lines.ticket_rollup(account, 4, created, AS_OF)
    # window (2026-06-05, 2026-12-05]: two of account 0's tickets, one of account 1's
    assert roll.columns["tickets_per_month"].tolist() == [2 / 6, 1 / 6, 0.0, 0.0]
    assert roll.rules[0].figures["undated"] == 1
    assert not roll.rules[0].figures["shorter"]


def test_a_younger_ticket_export_divides_by_the_months_it_covers() -> None:
    account = np.array([0, 0, 0], dtype=np.intp)
    created = d("2026-10-05", "2026-11-01", "2026-12-01")
    roll = lines.ticket_rollup(account, 1, created, AS_OF, window_months=6)
    months = (np.datetime64("2026-12-05") - np.datetime64("2026-10-05")).astype(int) / (365.25 / 12)
    assert roll.columns["tickets_per_month"][0] == pytest.approx(3 / months)
    assert roll.rules[0].figures["shorter"]


# ---------------------------------------------------------------------------- the invariant


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(account_rows(), min_size=1, max_size=25),
       splits=st.lists(st.integers(1, 5), min_size=25, max_size=25), data=st.data())
def test_splitting_arr_across_active_lines_gives_the_same_plan(
        rows: list[dict[str, object]], splits: list[int], data: st.DataObject) -> None:
    """Each account's ARR (whole currency units, so sums are exact) cut into 1–5 active lines and
    rolled up gives back the book's ARR, and the same tiers and headcount."""
    for row in rows:
        row["arr"] = float(round(float(row["arr"])))  # type: ignore[arg-type]
    book = book_from_rows(rows, frozenset({"segment", "health_score", "renewal_date"}))
    account: list[int] = []
    amounts: list[float] = []
    for i, arr in enumerate(book.arr.tolist()):
        k = splits[i]
        cuts = sorted(data.draw(st.lists(st.integers(0, int(arr)), min_size=k - 1,
                                         max_size=k - 1)))
        parts = np.diff([0, *cuts, int(arr)])
        account += [i] * k
        amounts += [float(p) for p in parts]
    n = len(book)
    start = np.full(len(account), np.datetime64("2024-01-01"), dtype="datetime64[D]")
    roll = lines.subscription_rollup(np.array(account, dtype=np.intp), n, np.array(amounts),
                                     TODAY, start=start)
    assert roll.columns["arr"].tolist() == book.arr.tolist()
    split_book = dataclasses.replace(book, arr=roll.columns["arr"])
    before, tiers_before = plan(book)
    after, tiers_after = plan(split_book)
    assert tiers_after.tier.tolist() == tiers_before.tier.tolist()
    assert after.headcount.required == before.headcount.required
