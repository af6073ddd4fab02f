"""Monte Carlo engine: determinism, band ordering, degenerate cases, analytic mean, accuracy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postsale.core.projection.montecarlo import (
    Rates,
    rates_from_retention,
    simulate,
    simulate_per_account,
)

RATES = rates_from_retention([0.80, 0.88, 0.94], [0.95, 1.02, 1.10])


def _book(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    tier = np.repeat([0, 1, 2], [n // 20, n // 4, n - n // 20 - n // 4])  # 5 / 25 / 70%
    median = np.array([180_000.0, 30_000.0, 4_800.0])[tier]
    sigma = np.array([1.0, 0.7, 0.6])[tier]
    return 12 * rng.lognormal(np.log(median / 12), sigma), tier.astype(np.int8)


def test_rates_from_retention_round_trip() -> None:
    r = rates_from_retention([0.85, 0.9, 0.95], [0.95, 1.05, 1.2], churn_share=0.6)
    assert np.allclose(((1 - r.churn) * (1 - r.contraction)) ** 12, [0.85, 0.9, 0.95])
    assert np.allclose(((1 - r.churn) * r.growth) ** 12, [0.95, 1.05, 1.2])
    assert np.allclose(1 - (1 - r.churn) ** 12, 1 - np.array([0.85, 0.9, 0.95]) ** 0.6)
    with pytest.raises(ValueError, match="NRR"):
        rates_from_retention(0.9, 0.8)
    with pytest.raises(ValueError, match="churn"):
        Rates(churn=np.array([1.0]), contraction=np.array([0.0]), expansion=np.array([0.0]))


def test_same_seed_same_result() -> None:
    arr, tier = _book(500, 1)
    a = simulate(arr, tier, RATES, months=24, paths=50, arrivals=5.0, seed=7)
    b = simulate(arr, tier, RATES, months=24, paths=50, arrivals=5.0, seed=np.random.default_rng(7))
    c = simulate(arr, tier, RATES, months=24, paths=50, arrivals=5.0, seed=8)
    for name in ("customers", "arr", "tier_customers", "tier_arr", "grr", "nrr"):
        assert np.array_equal(getattr(a, name), getattr(b, name), equal_nan=True)
    assert not np.array_equal(a.arr, c.arr)
    r1 = simulate_per_account(arr, tier, RATES, months=14, paths=5, arrivals=3.0, seed=3)
    r2 = simulate_per_account(arr, tier, RATES, months=14, paths=5, arrivals=3.0, seed=3)
    assert np.array_equal(r1.arr, r2.arr)
    assert np.array_equal(r1.nrr, r2.nrr, equal_nan=True)


@settings(max_examples=30, deadline=None)
@given(
    n=st.integers(0, 60),
    months=st.integers(0, 15),
    paths=st.integers(1, 12),
    arrivals=st.floats(0.0, 4.0),
    grr=st.floats(0.5, 1.0),
    uplift=st.floats(0.0, 0.4),
    seed=st.integers(0, 2**16),
)
def test_bands_ordered_and_shapes(
    n: int, months: int, paths: int, arrivals: float, grr: float, uplift: float, seed: int
) -> None:
    arr, tier = _book(n, seed)
    proj = simulate(
        arr, tier, rates_from_retention(grr, grr + uplift), months=months, paths=paths,
        arrivals=arrivals if n else 0.0, seed=seed,
    )
    assert proj.arr.shape == (paths, months + 1)
    assert proj.tier_arr.shape == (paths, months + 1, 3)
    assert np.all(proj.arr >= 0)
    assert np.array_equal(proj.customers, proj.tier_customers.sum(axis=2))
    bands = proj.bands()
    for name in ("customers", "arr", "grr", "nrr"):
        lo, mid, hi = bands[name]
        ok = ~np.isnan(mid)
        assert np.all(lo[ok] <= mid[ok])
        assert np.all(mid[ok] <= hi[ok])
    assert np.all(np.isnan(proj.nrr[:, : min(12, months + 1)]))


def test_no_churn_no_change_no_arrivals_is_flat() -> None:
    arr, tier = _book(300, 2)
    zero = np.zeros(3)
    rates = Rates(churn=zero, contraction=zero, expansion=zero)
    for run in (simulate, simulate_per_account):
        proj = run(arr, tier, rates, months=18, paths=20, seed=4)
        assert np.allclose(proj.arr, arr.sum())
        assert np.all(proj.customers == arr.size)
        assert np.all(proj.tier_customers == np.bincount(tier, minlength=3))
        assert np.allclose(proj.nrr[:, 12:], 1.0)
        assert np.allclose(proj.grr[:, 12:], 1.0)


def test_mean_matches_analytic() -> None:
    arr, tier = _book(2_000, 3)
    months, paths, lam = 24, 4_000, 10.0
    proj = simulate(arr, tier, RATES, months=months, paths=paths, arrivals=lam, seed=11)
    factor = (1 - RATES.churn) * RATES.growth
    counts = np.bincount(tier, minlength=3)
    tier_mean = np.bincount(tier, weights=arr, minlength=3) / counts
    share = counts / counts.sum()
    # book: ARR × factor^t; arrivals at month m: λ·share·mean ARR, then factor^(t-m)
    expected = np.bincount(tier, weights=arr, minlength=3) * factor**months
    expected += lam * share * tier_mean * sum(factor ** (months - m) for m in range(1, months + 1))
    got = proj.tier_arr[:, months].mean(axis=0)
    se = proj.tier_arr[:, months].std(axis=0) / np.sqrt(paths)
    assert np.all(np.abs(got - expected) < 4 * se + 1e-9 * expected)
    live = counts * (1 - RATES.churn) ** months + lam * share * sum(
        (1 - RATES.churn) ** (months - m) for m in range(1, months + 1)
    )
    assert np.allclose(proj.tier_customers[:, months].mean(axis=0), live, rtol=0.01)
    nrr = np.nanmean(proj.nrr[:, 12])  # no arrivals before month 12 counted in the window's base
    book_nrr = (proj.tier_arr[:, 0].mean(axis=0) * factor**12).sum() / arr.sum()
    assert abs(nrr - book_nrr) < 0.01


def test_spread_matches_per_account_reference() -> None:
    """10,000 accounts, month 36: P10–P90 of ARR within 5% of the per-account simulation."""
    arr, tier = _book(10_000, 5)
    engine = simulate(arr, tier, RATES, months=36, paths=8_000, seed=21)
    reference = simulate_per_account(arr, tier, RATES, months=36, paths=2_000, seed=22)
    lo_e, _, hi_e = engine.bands()["arr"][:, 36]
    lo_r, _, hi_r = reference.bands()["arr"][:, 36]
    # sampling error of this ratio at these path counts is about ±2.2% (1 sd)
    assert abs((hi_e - lo_e) / (hi_r - lo_r) - 1.0) < 0.05


def test_dynamics_match_the_per_account_reference() -> None:
    """Stage-like rate changes, an arrival ARR scale and re-tiering accounts: the bucketed engine
    and the account-by-account reference agree on the means of every tier."""
    from postsale.core.projection.montecarlo import simulate_per_account

    rng = np.random.default_rng(1)
    arr = np.exp(rng.normal(10, 1.2, 3000))
    tier = np.where(arr > 100_000, 0, np.where(arr > 10_000, 1, 2))
    early = rates_from_retention([0.9, 0.85, 0.8], [1.2, 1.1, 1.0])
    late = rates_from_retention([0.95, 0.9, 0.85], [1.25, 1.15, 1.0])
    schedule_rates = [early] * 10 + [late] * 14
    growth = np.cumprod(np.vstack([np.ones(3), [r.growth for r in schedule_rates]]), axis=0)
    value = arr[:, None] * growth[:, tier].T
    schedule = np.minimum(np.where(value > 100_000, 0, np.where(value > 10_000, 1, 2)), tier[:, None])
    assert np.any(schedule != tier[:, None])
    scaled = arr * 1.3  # new customers are tiered on their scaled ARR
    lands = np.where(scaled > 100_000, 0, np.where(scaled > 10_000, 1, 2))
    assert np.any(lands != tier)
    kwargs = {"months": 24, "arrivals": 30.0, "arrival_scale": 1.3, "tier_schedule": schedule,
              "arrival_tiers": np.repeat(lands[:, None], 24, axis=1)}
    engine = simulate(arr, tier, schedule_rates, paths=1500, seed=1, **kwargs)  # type: ignore[arg-type]
    reference = simulate_per_account(arr, tier, schedule_rates, paths=300, seed=2, **kwargs)  # type: ignore[arg-type]
    arrived_e = engine.tier_arrivals[:, 1:].sum(axis=1).mean(axis=0)
    arrived_r = reference.tier_arrivals[:, 1:].sum(axis=1).mean(axis=0)
    assert np.allclose(arrived_e, arrived_r, rtol=0.05), (arrived_e, arrived_r)
    share_by_source = np.bincount(tier, minlength=3) / tier.size
    assert arrived_r[0] / arrived_r.sum() > share_by_source[0]  # upward, as the scale says
    for field in ("tier_customers", "tier_arr"):
        e = getattr(engine, field)[:, -1].mean(axis=0)
        r = getattr(reference, field)[:, -1].mean(axis=0)
        assert np.allclose(e, r, rtol=0.02), (field, e, r)
    assert np.nanmean(engine.grr[:, -1]) == pytest.approx(np.nanmean(reference.grr[:, -1]), abs=0.005)
    assert np.nanmean(engine.nrr[:, -1]) == pytest.approx(np.nanmean(reference.nrr[:, -1]), abs=0.005)
