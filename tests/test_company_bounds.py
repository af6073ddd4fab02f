"""Company-file values that divide, multiply or size a projection are bounded at the schema
(issue 11 item 7): 0, NaN, infinity, 1e-300 or 1e300 in a span, ratio or target is a ConfigError
naming the key, the allowed range and the fix — never a crash, a hang or gigabytes."""

from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postsale.api import run_plan, run_projection
from postsale.benchmarks import default_benchmarks
from postsale.company import Company, company_from_mapping
from postsale.errors import ConfigError, PostsaleError
from postsale.io.read import book_from_columns

BENCH = default_benchmarks()
KEYS = sorted(BENCH)
HOSTILE = [0.0, -1.0, 1e-300, 1e300, math.nan, math.inf, -math.inf]
TODAY = dt.date(2026, 1, 1)


def _company(key: str, value: float) -> Company:
    return company_from_mapping({"benchmarks": {key: value}}, "c.toml", BENCH)


@pytest.mark.parametrize("key", KEYS)
def test_every_default_is_within_its_allowed_range(key: str) -> None:
    low, high = BENCH[key].allowed()
    assert low <= BENCH.value(key) <= high


@pytest.mark.parametrize("key", [k for k in KEYS if BENCH[k].allowed()[0] >= 1.0])
@pytest.mark.parametrize("value", [0.0, 1e-300, math.nan, math.inf, 1e300])
def test_dividing_keys_refuse_degenerate_values(key: str, value: float) -> None:
    with pytest.raises(ConfigError) as info:
        _company(key, value)
    err = info.value
    assert err.key == key
    assert "allowed range" in str(err.problem) or "positive" in str(err.problem)
    assert "write" in str(err.fix)


@pytest.mark.parametrize("key", [k for k in KEYS if BENCH[k].unit.startswith("fraction")])
def test_fractions_are_bounded(key: str) -> None:
    high = BENCH[key].allowed()[1]
    with pytest.raises(ConfigError, match="allowed range"):
        _company(key, high + 1.0)


@st.composite
def overrides(draw: st.DrawFn) -> dict[str, float]:
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=4, unique=True))
    return {k: draw(st.sampled_from([*HOSTILE, BENCH.value(k), *BENCH[k].allowed()]))
            for k in keys}


@settings(max_examples=40, deadline=None, derandomize=True)
@given(values=overrides())
def test_any_accepted_override_plans_without_crashing(values: dict[str, float]) -> None:
    try:
        company = company_from_mapping({"benchmarks": values}, "c.toml", BENCH)
    except ConfigError:
        return
    book = book_from_columns({"account_id": np.array(["a", "b", "c"], dtype=object),
                              "arr": np.array([150_000.0, 20_000.0, 900.0])})
    try:
        run = run_plan(book, company, today=TODAY)
    except PostsaleError:
        return
    json.dumps(run.result.to_dict(), allow_nan=False)  # no NaN or infinity reaches the output


@pytest.mark.parametrize(("section", "problem_key"), [
    ({"growth": [{"months": 12, "customers": 100_000_000}]}, "growth[1].customers"),
    ({"growth": [{"months": 12, "customers": 1_000_000}],
      "accounts_per_csm": {"tech_touch": 1, "tech_touch_automated": 1, "low_touch": 1,
                           "high_touch": 1}},
     "growth[1].customers"),
    ({"growth": [{"months": 12, "arr": math.inf}]}, "growth[1].arr"),
    ({"budget": {"amount": math.nan}}, "budget.amount"),
    ({"projection": {"nrr": math.nan}}, "projection.nrr"),
    ({"team": {"csm_low_touch": 10**9}}, "team"),
])
def test_targets_and_settings_are_bounded(section: dict[str, object], problem_key: str) -> None:
    with pytest.raises(ConfigError) as info:
        company_from_mapping(section, "c.toml", BENCH)
    assert (info.value.key or "").startswith(problem_key)


def test_a_million_customer_book_growing_by_a_third_is_a_valid_target() -> None:
    # `postsale sample --customers 1000000` writes such a target: it must plan, not be refused
    company = company_from_mapping({"growth": [{"months": 12, "customers": 1_336_748}]}, "c.toml",
                                   BENCH)
    assert company.growth[0].customers == 1_336_748


def test_paths_times_months_is_bounded() -> None:
    book = book_from_columns({"account_id": np.array(["a"], dtype=object),
                              "arr": np.array([10_000.0])})
    with pytest.raises(ConfigError, match="path-months"):
        run_projection(book, Company(), today=TODAY, months=120, paths=100_000)


def test_the_quality_bars_projection_is_within_the_bound() -> None:
    # PRODUCT.md: 10,000 paths × 36 months (issue 10's `project` benchmark) must run, not be refused
    from postsale.api import MAX_PATH_MONTHS

    assert MAX_PATH_MONTHS >= 10_000 * 36
    book = book_from_columns({"account_id": np.array(["a", "b"], dtype=object),
                              "arr": np.array([10_000.0, 50_000.0])})
    run = run_projection(book, Company(), today=TODAY, months=36, paths=10_000, seed=1)
    assert (run.to_dict()["paths"], run.to_dict()["horizon_months"]) == (10_000, 36)
