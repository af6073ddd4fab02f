"""Retention sources (core/projection/retention.py): book history, stage bands, medians, company."""

from __future__ import annotations

import numpy as np
import pytest

from postsale.benchmarks import default_benchmarks
from postsale.company import ProjectionSettings
from postsale.core.projection.retention import retention_schedule
from postsale.io.read import book_from_columns

BENCH = default_benchmarks()


def _book(arr: list[float], previous: list[float] | None = None):  # type: ignore[no-untyped-def]
    cols: dict[str, object] = {"account_id": [f"A{i}" for i in range(len(arr))], "arr": arr}
    if previous is not None:
        cols["previous_arr"] = previous
    return book_from_columns(cols)


def test_book_history_per_tier_with_churned_accounts_in_their_previous_tier() -> None:
    n = 40
    arr = [20_000.0] * n + [0.0] * 4  # low-touch survivors flat, four churned
    prev = [20_000.0] * n + [20_000.0] * 4
    book = _book(arr, prev)
    tier = np.array([1] * (n + 4))
    out = retention_schedule(book, tier, np.full(13, 40.0), [0, 20_000, 0], ProjectionSettings(),
                             BENCH)
    assert out.source == "book"
    assert out.grr[0][1] == pytest.approx(800_000 / 880_000)
    assert out.nrr[0][1] == pytest.approx(800_000 / 880_000)
    assert out.churn_share == pytest.approx(1.0)  # all of the loss was logo churn
    cohort = (1 - out.rates[0].churn[1]) ** 12 * (1 - out.rates[0].contraction[1]) ** 12
    assert cohort == pytest.approx(800_000 / 880_000)


def test_a_book_without_churned_accounts_does_not_measure_zero_logo_churn() -> None:
    n = 40
    book = _book([18_000.0] * n, [20_000.0] * n)  # every account shrank, none left: live export
    out = retention_schedule(book, np.array([1] * n), np.full(13, 40.0), [0, 18_000, 0],
                             ProjectionSettings(), BENCH)
    assert out.source == "book"
    assert out.churn_share == pytest.approx(BENCH.value("projection.churn_share"))
    assert out.rates[0].churn[1] > 0
    assert "projection.churn_share" in str(out.description)


def test_thin_history_falls_back_to_the_stage_band_midpoints() -> None:
    book = _book([20_000.0] * 10, [19_000.0] * 10)
    out = retention_schedule(book, np.ones(10, dtype=int), np.array([10.0, 60.0, 250.0]),
                             [0, 20_000, 0], ProjectionSettings(), BENCH)
    assert out.source == "stage"
    assert out.grr[0] == pytest.approx((0.885,) * 3)  # stage 2: 85–92%
    assert out.nrr[0] == pytest.approx((0.95,) * 3)
    assert out.grr[1] == pytest.approx((0.925,) * 3)  # stage 3: 90–95%
    assert "stages.grr.2" in out.keys


def test_stage_one_has_no_net_expansion() -> None:
    out = retention_schedule(_book([5_000.0]), np.array([2]), np.array([1.0, 10.0]), [0, 0, 5_000],
                             ProjectionSettings(), BENCH)
    assert out.grr[0] == pytest.approx((0.775,) * 3)
    assert out.nrr[0] == out.grr[0]
    assert float(out.rates[0].expansion.max()) == pytest.approx(0.0, abs=1e-12)


def test_medians_pick_the_nrr_band_of_each_tier_average_acv() -> None:
    out = retention_schedule(_book([1.0]), np.array([0]), np.array([1.0, 1.0]),
                             [300_000, 30_000, 5_000], ProjectionSettings(), BENCH, source="median")
    assert out.source == "median"
    assert out.nrr[0] == pytest.approx((1.10, 1.03, 1.00))
    assert out.grr[0] == pytest.approx((0.91,) * 3)


def test_company_values_win_unless_a_scenario_names_a_source() -> None:
    settings = ProjectionSettings(grr=0.97, nrr=1.2)
    book = _book([1.0])
    fixed = retention_schedule(book, np.array([0]), np.array([1.0, 1.0]), [1, 1, 1], settings, BENCH)
    assert fixed.source == "company"
    assert fixed.nrr[0] == pytest.approx((1.2,) * 3)
    scenario = retention_schedule(book, np.array([0]), np.array([1.0, 1.0]), [1, 1, 1], settings,
                                  BENCH, source="median")
    assert scenario.source == "median"


def test_an_implausible_history_is_not_compounded_in_auto_but_obeyed_when_asked() -> None:
    # previous_arr a tenth of today's (another unit): NRR 1,000% would compound for months
    n = 40
    book = _book([20_000.0] * n, [2_000.0] * n)
    tier = np.array([1] * n)
    auto = retention_schedule(book, tier, np.full(13, 40.0), [0, 20_000, 0],
                              ProjectionSettings(), BENCH)
    assert auto.source == "stage"
    assert "implausible" in str(auto.description)
    assert "plausibility.max_nrr" in auto.keys
    asked = retention_schedule(book, tier, np.full(13, 40.0), [0, 20_000, 0],
                               ProjectionSettings(retention="book"), BENCH)
    assert asked.source == "book"
    assert asked.nrr[0][1] == pytest.approx(10.0)
