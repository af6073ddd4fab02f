"""Growth inputs (core/projection/growth.py): target interpolation and the arrivals that meet it."""

from __future__ import annotations

import numpy as np
import pytest

from postsale.company import GrowthTarget
from postsale.core.projection.growth import arrival_plan, target_path
from postsale.core.projection.montecarlo import rates_from_retention


def test_compound_interpolation_hits_each_target_at_a_constant_rate() -> None:
    path = target_path(100, [(12, 250), (36, 500)], 36, "compound")
    assert path[0] == 100
    assert path[12] == pytest.approx(250)
    assert path[36] == pytest.approx(500)
    ratios = path[1:13] / path[:12]
    assert np.allclose(ratios, 2.5 ** (1 / 12))


def test_linear_interpolation_and_the_pace_after_the_last_target() -> None:
    path = target_path(100, [(10, 200)], 15, "linear")
    assert path[5] == pytest.approx(150)
    assert path[15] == pytest.approx(250)  # the last segment's pace goes on
    compound = target_path(100, [(12, 200)], 24, "compound")
    assert compound[24] == pytest.approx(300)  # as an amount a month, not compounded


def test_an_aggressive_last_target_does_not_explode_past_it() -> None:
    path = target_path(1, [(12, 100)], 36, "compound")
    assert path[12] == pytest.approx(100)
    assert path[36] == pytest.approx(100 + 99 * 2)
    shrinking = target_path(300, [(12, 100)], 36, "compound")
    assert shrinking[36] == 0.0  # never below zero


def test_no_target_holds_today() -> None:
    assert np.all(target_path(300, [], 12, "compound") == 300)


def test_arrivals_replace_churn_and_meet_the_targets_in_expectation() -> None:
    rates = [rates_from_retention([0.9, 0.85, 0.8], [1.1, 1.0, 0.95])] * 24
    counts = np.array([10.0, 40.0, 50.0])
    arr = np.array([2_000_000.0, 1_200_000.0, 250_000.0])
    plan = arrival_plan(counts, arr, [GrowthTarget(months=12, customers=250, arr=8_000_000)], rates,
                        months=24, interpolation="compound", share=None, scale_cap=5.0)
    expected = counts.copy()
    expected_arr = arr.copy()
    for t in range(24):
        r = rates[t]
        expected = expected * (1 - r.churn) + plan.arrivals[t] * plan.share
        mean_acv = arr / counts
        expected_arr = (expected_arr * (1 - r.churn) * r.growth
                        + plan.arrivals[t] * plan.share * mean_acv * plan.arrival_scale[t])
        assert expected.sum() == pytest.approx(plan.customers_target[t + 1])
        assert plan.arr_target is not None
        assert expected_arr.sum() == pytest.approx(plan.arr_target[t + 1])
    assert plan.capped_months == ()
    assert np.allclose(plan.share, counts / counts.sum())


def test_flat_without_churn_means_no_arrivals() -> None:
    rates = [rates_from_retention(1.0, 1.0)] * 12
    plan = arrival_plan(np.array([5.0, 5.0, 5.0]), np.array([1e6, 2e5, 3e4]), [], rates, months=12,
                        interpolation="compound", share=None, scale_cap=5.0)
    assert np.all(plan.arrivals == 0)
    assert plan.arr_target is None
    assert any("held at today's" in str(n) for n in plan.notes)


def test_an_unreachable_arr_target_is_capped_and_reported() -> None:
    rates = [rates_from_retention(0.9, 1.0)] * 12
    plan = arrival_plan(np.array([0.0, 100.0, 0.0]), np.array([0.0, 3e6, 0.0]),
                        [GrowthTarget(months=12, customers=110, arr=60_000_000)], rates, months=12,
                        interpolation="linear", share=None, scale_cap=5.0)
    assert plan.capped_months
    assert plan.arrival_scale.max() == 5.0
    assert any("capped" in str(n) for n in plan.notes)
