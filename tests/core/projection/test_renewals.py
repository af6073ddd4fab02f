"""The renewal pipeline rolled forward (core/projection/renewals.py)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postsale.api import demo_inputs
from postsale.benchmarks import default_benchmarks
from postsale.company import company_from_mapping
from postsale.core.capacity import measure_workload
from postsale.core.projection.montecarlo import Rates
from postsale.core.projection.project import build_projection
from postsale.core.projection.renewals import renewal_windows
from postsale.core.tiering import assign_tiers
from postsale.keys import Role
from strategies import TODAY, make_book

BENCH = default_benchmarks()
DAY = np.timedelta64(1, "D")
T = np.datetime64(TODAY, "D")


def _rates(months: int, churn: tuple[float, float, float] = (0.0, 0.0, 0.0)) -> list[Rates]:
    zero = np.zeros(3)
    return [Rates(churn=np.asarray(churn), contraction=zero, expansion=zero)] * months


def _constant(tier: np.ndarray, months: int) -> np.ndarray:
    return np.repeat(tier[:, None], months + 1, axis=1)


def test_month_zero_is_the_plan_pipeline() -> None:
    book, company = demo_inputs(TODAY)
    active = book.take(book.active)
    bench = company.apply(BENCH)
    tiering = assign_tiers(active, bench)
    work = measure_workload(active, tiering, bench, company, TODAY)
    windows = renewal_windows(active, _constant(tiering.tier.astype(np.int64), 12), _rates(12),
                              TODAY)
    assert windows.standard[0] == pytest.approx(work.renewals_standard_12m)
    assert windows.complex[0] == pytest.approx(work.renewals_complex_12m)


def test_multi_year_contracts_enter_the_window_when_their_date_nears() -> None:
    dates = [T + 90 * DAY] * 10 + [T + 500 * DAY] * 10 + [np.datetime64("NaT")] * 5
    book = make_book([20_000.0] * 25, renewal_date=dates)
    windows = renewal_windows(book, _constant(np.ones(25, dtype=np.int64), 12), _rates(12), TODAY)
    # the window of month t ends t twelfths of a year + 365 days ahead: 500 days is inside from t=5
    assert windows.standard.tolist() == [15.0] * 5 + [25.0] * 8
    assert windows.complex.tolist() == [0.0] * 13


def test_survivors_are_weighted_by_their_tier_churn_along_the_tier_path() -> None:
    book = make_book([20_000.0] * 4)
    schedule = _constant(np.array([1, 1, 2, 2]), 3)
    schedule[0, 2:] = 0  # one account moves up to high touch in month 2
    windows = renewal_windows(book, schedule, _rates(3, churn=(0.0, 0.1, 0.5)), TODAY)
    expected_moved = [1.0, 0.9, 0.9, 0.9]  # churns at 10% in month 1, then at 0%
    expected_low = [1.0, 0.9, 0.81, 0.729]
    expected_tech = [1.0, 0.5, 0.25, 0.125]
    assert windows.survivors[:, 0].tolist() == pytest.approx([0, 0, 0.9, 0.9])
    assert windows.standard.tolist() == pytest.approx(
        [a + b + 2 * c for a, b, c in zip(expected_moved, expected_low, expected_tech, strict=True)])


def test_new_customers_renew_once_a_year_and_complex_in_todays_high_touch_share() -> None:
    book = make_book([200_000.0] * 4, segment=["enterprise", "enterprise", "smb", "smb"])
    windows = renewal_windows(book, _constant(np.zeros(4, dtype=np.int64), 2), _rates(2), TODAY)
    assert windows.complex_share_high == pytest.approx(0.5)
    customers = np.array([[4, 10, 14]])
    tiers = np.array([[[4, 0, 0], [6, 4, 0], [8, 6, 0]]])
    standard, complex_ = windows.for_paths(customers, tiers)
    # month 1: 6 new customers, 2 of them high-touch (1 complex); month 2: 10 new, 4 high-touch
    assert complex_.tolist() == [[2.0, 3.0, 4.0]]
    assert standard.tolist() == [[2.0, 7.0, 10.0]]


def test_a_projection_of_multi_year_contracts_hires_renewals_ahead_of_the_wave() -> None:
    n = 400
    dates = [T + 30 * DAY] * 100 + [T + 420 * DAY] * 300  # most contracts renew in year two
    book = make_book([20_000.0] * n, renewal_date=dates,
                     previous_arr=[20_000.0] * n)  # flat history: no churn, no growth
    company = company_from_mapping({}, "test", BENCH)
    result = build_projection(book, company, company.apply(BENCH), TODAY, months=18, paths=50,
                              seed=1, scenarios=[])
    role = str(Role.RENEWALS_SPECIALIST)
    need = [m.required[role] for m in result.months]
    assert need[0] == 1  # 100 renewals ÷ 100
    assert need[-1] == 4  # all 400 in the window by then
    assert any(h.role == Role.RENEWALS_SPECIALIST for h in result.hires)


def _brute_force(book, schedule, rates, today):  # type: ignore[no-untyped-def]
    """Every account followed one by one: survival along its tier path × renews in the window."""
    from postsale.core.capacity import complex_renewal, days_to_next_renewal

    months = schedule.shape[1] - 1
    days = days_to_next_renewal(book.renewal_date, today)
    flagged = complex_renewal(book)
    standard, complex_ = np.zeros(months + 1), np.zeros(months + 1)
    survivors = np.zeros((months + 1, 3))
    for i in range(schedule.shape[0]):
        alive = 1.0
        for t in range(months + 1):
            if t:
                alive *= 1.0 - rates[t - 1].churn[schedule[i, t]]
            survivors[t, schedule[i, t]] += alive
            if np.isnan(days[i]) or days[i] < t * 365 / 12 + 365:
                if schedule[i, t] == 0 and flagged[i]:
                    complex_[t] += alive
                else:
                    standard[t] += alive
    return standard, complex_, survivors


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), months=st.integers(0, 14))
def test_the_tier_curves_shortcut_equals_following_every_account(seed: int, months: int) -> None:
    rng = np.random.default_rng(seed)
    n = 60
    offsets = rng.integers(-500, 900, n)
    dates = [np.datetime64("NaT") if o > 850 else T + int(o) * DAY for o in offsets]
    book = make_book(rng.uniform(5_000, 200_000, n), renewal_date=dates,
                     segment=list(rng.choice(["enterprise", "smb"], n)))
    schedule = np.repeat(rng.integers(0, 3, n)[:, None], months + 1, axis=1)
    for i in rng.choice(n, 10, replace=False):  # some accounts re-tier
        schedule[i, rng.integers(1, months + 1) if months else 0:] = rng.integers(0, 3)
    rates = [Rates(churn=rng.uniform(0, 0.1, 3), contraction=np.zeros(3), expansion=np.zeros(3))
             for _ in range(months)]
    windows = renewal_windows(book, schedule, rates, TODAY)
    standard, complex_, survivors = _brute_force(book, schedule, rates, TODAY)
    assert windows.standard == pytest.approx(standard)
    assert windows.complex == pytest.approx(complex_)
    assert windows.survivors == pytest.approx(survivors)


def test_month_to_month_accounts_never_enter_a_window() -> None:
    # 10 annual, 10 month-to-month (DOMAIN §10.3: no renewal event), 5 without a date (annual)
    dates = [T + 90 * DAY] * 20 + [np.datetime64("NaT")] * 5
    terms = [12.0] * 10 + [1.0] * 10 + [float("nan")] * 5
    book = make_book([20_000.0] * 25, renewal_date=dates, contract_term_months=terms)
    windows = renewal_windows(book, _constant(np.ones(25, dtype=np.int64), 12), _rates(12), TODAY)
    assert windows.standard[0] == 15
    assert windows.standard[12] == 15
    assert windows.standard_by_tier is not None
    assert windows.standard_by_tier[0].tolist() == [0.0, 15.0, 0.0]
