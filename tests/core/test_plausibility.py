"""Plausibility rules (issue 11 item 5): each fires on one side of its threshold and not the other."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postsale.core import plausibility as p
from postsale.core.categorical import factorize

TODAY = dt.date(2026, 11, 25)


def d(*days: str) -> np.ndarray:
    return np.array([np.datetime64(x) if x else np.datetime64("NaT") for x in days],
                    dtype="datetime64[D]")


def test_revenue_in_millions() -> None:
    found = p.money_scale(np.array([12.5, 340.0, 80.0, np.nan, 0.0]), "ARR", 1000, 500)
    assert found is not None
    assert found.code == "arr_looks_like_millions"
    assert found.figures["median"] == 80.0
    assert found.figures["max"] == 340.0
    assert found.figures["accounts"] == 3
    # whole numbers under a revenue header are millions too, not counts
    assert p.money_scale(np.array([12.0, 40.0, 7.0]), "Revenue ($M)", 1000, 500).code == \
        "arr_looks_like_millions"  # type: ignore[union-attr]
    # a median at the floor is plausible
    assert p.money_scale(np.array([999.0, 1000.0, 1000.0]), "ARR", 1000, 500) is None


def test_counts() -> None:
    found = p.money_scale(np.array([5.0, 12.0, 40.0, 3.0]), "Seats", 1000, 500)
    assert found is not None
    assert (found.code, found.figures["median"]) == ("arr_looks_like_counts", 8.5)
    # above count_max the small values read as millions
    assert p.money_scale(np.array([5.0, 12.0, 501.0]), "x", 1000, 500).code == \
        "arr_looks_like_millions"  # type: ignore[union-attr]
    assert p.money_scale(np.array([np.nan, 0.0]), "ARR", 1000, 500) is None


def test_cost_above_arr() -> None:
    found = p.cost_above_arr(3_600_000.0, 1_000_000.0, 1.0)
    assert found is not None
    assert found.figures["share"] == pytest.approx(3.6)
    assert p.cost_above_arr(1_000_000.0, 1_000_000.0, 1.0) is None
    assert p.cost_above_arr(5.0, 0.0, 1.0) is None


def test_retention_bounds() -> None:
    assert [f.code for f in p.retention(0.49, 2.01, 0.5, 2.0)] == ["grr_implausible",
                                                                 "nrr_implausible"]
    assert p.retention(0.5, 2.0, 0.5, 2.0) == []
    assert p.retention(None, None, 0.5, 2.0) == []


def test_stale_export_and_early_as_of() -> None:
    old = p.stale_dates(TODAY, d("2024-01-10", "2025-06-30"), d("2025-10-01", ""), 12, 0.5)
    assert old is not None
    assert old.code == "stale_export"
    assert old.figures["newest"] == "2025-10-01"
    assert old.figures["months"] == pytest.approx(13.8)
    assert p.stale_dates(TODAY, d("2024-01-10"), d("2025-12-01"), 12, 0.5) is None
    early = p.stale_dates(TODAY, d("2027-01-01", "2027-02-01", "2026-01-01"), d(""), 12, 0.5)
    assert early is not None
    assert (early.code, early.figures["share"]) == ("as_of_before_data", pytest.approx(2 / 3))
    assert p.stale_dates(TODAY, d("2027-01-01", "2026-01-01"), d(""), 12, 0.5) is None
    assert p.stale_dates(TODAY, d(""), d(""), 12, 0.5) is None


def test_monthly_renewals() -> None:
    soon = [str(np.datetime64("2026-11-25") + k % 30) for k in range(15)]
    later = [str(np.datetime64("2027-03-01") + k) for k in range(5)]
    dates = d(*soon, *later)
    live = np.ones(20, dtype=bool)
    found = p.monthly_renewals(TODAY, dates, live, False, 0.5, 20)
    assert found is not None
    assert (found.code, found.figures["share"], found.figures["accounts"]) == (
        "renewals_look_monthly", 0.75, 20)
    assert p.monthly_renewals(TODAY, dates, live, True, 0.5, 20) is None  # a term column says
    assert p.monthly_renewals(TODAY, dates, live, False, 0.75, 20) is None
    assert p.monthly_renewals(TODAY, dates, live, False, 0.5, 21) is None


def test_churned_accounts_with_owners() -> None:
    arr = np.array([100.0, 0.0, np.nan, 0.0, 50.0])
    owner = np.array(["ana", "bo", "cy", None, ""], dtype=object)
    found = p.churned_owned(arr, factorize(owner)[1])
    assert found is not None
    assert found.figures == {"accounts": 2, "first": 1}
    assert p.churned_owned(arr, factorize(np.array(["ana", None, "", None, "x"], dtype=object))[1]) \
        is None


def test_codes_are_listed() -> None:
    assert {"arr_looks_like_millions", "cost_above_arr", "stale_export",
            "churned_account_owned", "currency_symbol_mismatch"} <= p.CODES


@given(st.lists(st.one_of(st.sampled_from([0.0, 999.0, 1000.0, 1000.5, float("nan"), -5.0]),
                          st.floats(0, 5000)), max_size=12))
@settings(max_examples=400, deadline=None)
def test_money_scale_fires_exactly_when_the_positive_median_is_below_the_floor(
        values: list[float]) -> None:
    # money_scale counts values below the floor instead of sorting: it must agree with the median
    arr = np.array(values, dtype=np.float64)
    live = arr[np.isfinite(arr) & (arr > 0)]
    below = len(live) > 0 and float(np.median(live)) < 1000
    assert (p.money_scale(arr, "ARR", 1000, 500) is not None) == below
