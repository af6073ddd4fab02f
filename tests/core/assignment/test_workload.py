"""Workload weights (issue 4): a tier's accounts together cost accounts ÷ accounts-per-CSM full books
(multipliers redistribute that work, they do not inflate it), and each multiplier points the right
way."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postsale.core.assignment.workload import account_weights
from postsale.core.benchmarks import Benchmarks
from postsale.keys import TIER_KEYS
from strategies import TODAY, make_book

SETTINGS = settings(max_examples=60, deadline=None)
PER_CSM = {"high_touch": 12, "low_touch": 50, "tech_touch": 500}  # the default benchmarks
TIERS = [str(t) for t in TIER_KEYS]


def soon(days: int) -> np.datetime64:
    return np.datetime64(TODAY + dt.timedelta(days=days), "D")


def weigh(benchmarks: Benchmarks, tiers: list[str], maturity: str = "early",
          **columns: Any) -> npt.NDArray[np.float64]:
    book = make_book([10_000.0] * len(tiers), **columns)
    tier = np.array([TIERS.index(t) for t in tiers], dtype=np.int8)
    return account_weights(book, tier, benchmarks, TODAY, maturity).weight


@SETTINGS
@given(st.data())
def test_each_tier_sums_to_its_accounts_over_the_ratio(data: st.DataObject) -> None:
    from postsale.benchmarks import default_benchmarks

    n = data.draw(st.integers(1, 40))

    def column(strategy: st.SearchStrategy[Any]) -> list[Any]:
        return data.draw(st.lists(strategy, min_size=n, max_size=n))

    tiers = column(st.sampled_from(TIERS))
    w = weigh(default_benchmarks(), tiers,
              complexity=column(st.sampled_from([None, "low", "medium", "high"])),
              health_score=column(st.one_of(st.none(), st.floats(0, 100))),
              onboarding_status=column(st.sampled_from(
                  [None, "not_started", "in_progress", "completed"])),
              renewal_date=column(st.one_of(st.none(), st.integers(-30, 400).map(soon))))
    assert (w > 0).all()
    for t in TIERS:
        members = np.array(tiers) == t
        assert w[members].sum() == pytest.approx(members.sum() / PER_CSM[t])


def test_a_book_of_benchmark_accounts_is_one_full_book(benchmarks: Benchmarks) -> None:
    w = weigh(benchmarks, ["high_touch"] * 12)
    assert w.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(w, 1 / 12)


def test_mature_automation_uses_the_automated_tech_touch_ratio(benchmarks: Benchmarks) -> None:
    w = weigh(benchmarks, ["tech_touch"] * 4, maturity="mature")
    np.testing.assert_allclose(w, 1 / 2000)


@pytest.mark.parametrize(("column", "heavier", "lighter"), [
    ("complexity", "high", "medium"),
    ("complexity", "medium", "low"),
    ("health_score", 20.0, 80.0),
    ("onboarding_status", "in_progress", "completed"),
    ("onboarding_status", "not_started", "completed"),
    ("renewal_date", soon(30), soon(200)),
])
def test_each_multiplier_makes_its_account_heavier(benchmarks: Benchmarks, column: str,
                                                   heavier: Any, lighter: Any) -> None:
    w = weigh(benchmarks, ["low_touch"] * 4, **{column: [heavier, lighter, lighter, lighter]})
    assert w[0] > w[1]
    assert w[1] == w[2] == w[3]
    assert w.sum() == pytest.approx(4 / 50)  # redistributed within the tier, not added


def test_the_multipliers_set_the_ratio_between_accounts(benchmarks: Benchmarks) -> None:
    # complexity high ×1.3 and at risk ×1.5 against a plain account of the same tier
    w = weigh(benchmarks, ["high_touch"] * 2, complexity=["high", "medium"],
              health_score=[10.0, 90.0])
    assert w[0] / w[1] == pytest.approx(1.3 * 1.5)


def test_tiers_do_not_share_their_work(benchmarks: Benchmarks) -> None:
    # a heavy high-touch account takes work from its own tier only
    w = weigh(benchmarks, ["high_touch", "high_touch", "low_touch"], complexity=["high", "low", "high"])
    assert w[2] == pytest.approx(1 / 50)
    assert w[:2].sum() == pytest.approx(2 / 12)
