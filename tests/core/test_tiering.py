"""Tiering (C2) against DOMAIN.md §6 "Hybrid tiers" and "Movement".

Tier codes: 0 = high_touch, 1 = low_touch, 2 = tech_touch. Most tests switch the revenue-share rule
off (``tiering.high_touch_revenue_share = 0``) so that an account's tier depends on itself only; the
revenue-share tests switch it back on explicitly.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from postsale.benchmarks import default_benchmarks
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from postsale.core.tiering import (
    TIERING_KEYS,
    TieringResult,
    TierReason,
    assign_tiers,
    reason_messages,
    top_ranked,
)
from strategies import make_book

HIGH, LOW, TECH = 0, 1, 2
NO_SHARE = {"tiering.high_touch_revenue_share": 0.0}


def bench(overrides: dict[str, float] | None = None) -> Benchmarks:
    if not overrides:
        return default_benchmarks()
    return default_benchmarks().with_overrides(overrides, origin="test")


def tiers(book: AccountBook, overrides: dict[str, float] | None = None) -> TieringResult:
    return assign_tiers(book, bench(overrides))


def one(arr: float, overrides: dict[str, float] | None = None, **columns: Any) -> tuple[int, int]:
    """Tier and reason mask of a single account (revenue share off unless overridden)."""
    result = tiers(make_book([arr], **columns), NO_SHARE | (overrides or {}))
    return int(result.tier[0]), int(result.reasons[0])


# ------------------------------------------------------------------ 1. ACV bands


@pytest.mark.parametrize(
    ("arr", "expected"),
    [
        (500.0, TECH),
        (1_000.0, TECH),
        (9_999.99, TECH),
        (10_000.0, LOW),  # $10K is the bottom of Tier 2
        (99_999.99, LOW),
        (100_000.0, HIGH),  # $100K+ is Tier 1
        (2_500_000.0, HIGH),
    ],
)
def test_acv_band_boundaries(arr: float, expected: int) -> None:
    tier, _ = one(arr)
    assert tier == expected


def test_acv_band_reasons() -> None:
    result = tiers(make_book([150_000.0, 30_000.0, 5_000.0, 999.0]), NO_SHARE)
    masks = [TierReason(int(m)) for m in result.reasons]
    assert masks[0] == TierReason.ACV_HIGH
    assert masks[1] == TierReason.ACV_LOW
    assert masks[2] == TierReason.ACV_TECH
    # below the $1K tech-touch floor: still tech-touch, and flagged
    assert masks[3] == TierReason.ACV_TECH | TierReason.BELOW_TECH_BAND


def test_no_revenue_is_tech_touch_with_its_own_reason() -> None:
    tier, mask = one(0.0)
    assert tier == TECH
    assert mask == TierReason.NO_REVENUE


def test_boundaries_follow_overridden_thresholds() -> None:
    overrides = {"tiering.low_touch_min_acv": 20_000.0, "tiering.high_touch_min_acv": 150_000.0}
    result = tiers(make_book([19_999.0, 20_000.0, 149_999.0, 150_000.0]), NO_SHARE | overrides)
    assert result.tier.tolist() == [TECH, LOW, LOW, HIGH]
    assert result.thresholds["tiering.low_touch_min_acv"] == 20_000.0
    assert result.thresholds["tiering.high_touch_min_acv"] == 150_000.0


def test_thresholds_reported_are_every_tiering_key() -> None:
    result = tiers(make_book([1.0]))
    assert set(result.thresholds) == set(TIERING_KEYS)
    assert result.thresholds["tiering.high_touch_revenue_share"] == 0.15


# ------------------------------------------------------------------ 2. revenue share


def _tail(total: float, each: float = 5_000.0) -> list[float]:
    return [each] * int(total / each)


def test_revenue_share_promotes_top_account_above_the_80k_floor() -> None:
    # $85K is the largest of ~184 accounts: ranked inside the top 15% of accounts, above $80K.
    result = tiers(make_book([85_000.0, *_tail(915_000.0)]))
    assert result.tier[0] == HIGH
    assert TierReason.REVENUE_SHARE in TierReason(int(result.reasons[0]))


@pytest.mark.parametrize(("arr", "expected"), [(79_999.0, LOW), (80_000.0, HIGH)])
def test_revenue_share_needs_the_acv_floor(arr: float, expected: int) -> None:
    result = tiers(make_book([arr, *_tail(900_000.0)]))
    assert result.tier[0] == expected


def test_revenue_share_off_keeps_the_band() -> None:
    result = tiers(make_book([85_000.0, *_tail(915_000.0)]), NO_SHARE)
    assert result.tier[0] == LOW


def test_revenue_share_ranks_accounts_not_cumulative_revenue() -> None:
    # 20 paying accounts: the top 15% is 3 accounts. The $85K account ranked 3rd (index 2) is in;
    # ranked 4th, behind three larger accounts, it is out — however small their revenue share is.
    inside = tiers(make_book([150_000.0, 120_000.0, 85_000.0, *[5_000.0] * 17]))
    outside = tiers(make_book([150_000.0, 120_000.0, 110_000.0, 85_000.0, *[5_000.0] * 16]))
    assert inside.tier[2] == HIGH
    assert TierReason.REVENUE_SHARE in TierReason(int(inside.reasons[2]))
    assert outside.tier[3] == LOW


def test_revenue_share_ignores_small_accounts_in_the_top_slice() -> None:
    # A book of small accounts: the first ones are "in the top 15%" but far below $80K.
    result = tiers(make_book(_tail(100_000.0, each=20_000.0)))
    assert (result.tier == LOW).all()


# ------------------------------------------------------------------ 3. complexity


@pytest.mark.parametrize(
    ("arr", "complexity", "expected", "upgraded"),
    [
        (4_999.0, "high", TECH, False),  # below half of the $10K low-touch floor
        (5_000.0, "high", LOW, True),  # reaches 0.5 × $10K: up one tier
        (49_999.0, "high", LOW, False),
        (50_000.0, "high", HIGH, True),  # reaches 0.5 × $100K: up one tier
        (50_000.0, "medium", LOW, False),
        (50_000.0, "low", LOW, False),
        (50_000.0, None, LOW, False),
        (5_000.0, "medium", TECH, False),
    ],
)
def test_complexity_upgrade(
    arr: float, complexity: str | None, expected: int, upgraded: bool
) -> None:
    tier, mask = one(arr, complexity=complexity)
    assert tier == expected
    assert (TierReason.COMPLEXITY in TierReason(mask)) == upgraded


def test_complexity_moves_up_one_tier_only() -> None:
    tier, _ = one(9_000.0, complexity="high")
    assert tier == LOW  # not straight to high-touch


def test_complexity_fraction_is_a_benchmark() -> None:
    tier, _ = one(80_000.0, {"tiering.complexity_upgrade_fraction": 0.9}, complexity="high")
    assert tier == LOW
    tier, _ = one(90_000.0, {"tiering.complexity_upgrade_fraction": 0.9}, complexity="high")
    assert tier == HIGH


# ------------------------------------------------------------------ 4. contraction


def test_contraction_blocks_the_complexity_upgrade() -> None:
    # $60K now, $75K a year ago: fell exactly 20% → contracting, stays in its low-touch band.
    tier, mask = one(60_000.0, complexity="high", previous_arr=75_000.0)
    assert tier == LOW
    assert TierReason.CONTRACTION in TierReason(mask)
    assert TierReason.COMPLEXITY not in TierReason(mask)


def test_contraction_threshold_is_inclusive_and_below_it_upgrades_apply() -> None:
    # fell 19.99%: not contracting, so the complexity upgrade applies
    tier, mask = one(60_000.0, complexity="high", previous_arr=74_990.0)
    assert tier == HIGH
    assert TierReason.CONTRACTION not in TierReason(mask)


def test_contraction_blocks_the_revenue_share_promotion() -> None:
    book = make_book([85_000.0, *_tail(915_000.0)],
                     previous_arr=[110_000.0, *([math.nan] * 183)])
    result = tiers(book)
    assert result.tier[0] == LOW
    assert TierReason.CONTRACTION in TierReason(int(result.reasons[0]))


def test_growth_is_not_contraction() -> None:
    tier, mask = one(60_000.0, complexity="high", previous_arr=30_000.0)
    assert tier == HIGH
    assert TierReason.CONTRACTION not in TierReason(mask)


def test_contraction_does_not_override_the_strategic_flag() -> None:
    tier, _ = one(60_000.0, strategic=True, previous_arr=200_000.0)
    assert tier == HIGH


# ------------------------------------------------------------------ 5. at-risk escalation


@pytest.mark.parametrize(
    ("arr", "health", "expected"),
    [
        (60_000.0, 39.9, HIGH),  # at risk and ≥ $50K: escalated one tier
        (60_000.0, 40.0, LOW),  # health 40 is not below 40
        (60_000.0, math.nan, LOW),  # unknown health is not at risk
        (49_999.0, 10.0, LOW),  # below escalation_min_acv
        (50_000.0, 10.0, HIGH),
        (150_000.0, 10.0, HIGH),  # already high-touch
    ],
)
def test_at_risk_escalation(arr: float, health: float, expected: int) -> None:
    tier, mask = one(arr, health_score=health)
    assert tier == expected
    escalated = expected == HIGH and arr < 100_000.0
    assert (TierReason.AT_RISK_ESCALATION in TierReason(mask)) == escalated


def test_escalation_moves_up_one_tier_only() -> None:
    tier, mask = one(6_000.0, {"tiering.escalation_min_acv": 5_000.0}, health_score=5.0)
    assert tier == LOW
    assert TierReason.AT_RISK_ESCALATION in TierReason(mask)


def test_escalation_threshold_is_a_benchmark() -> None:
    tier, _ = one(60_000.0, {"tiering.at_risk_health": 30.0}, health_score=35.0)
    assert tier == LOW


# ------------------------------------------------------------------ 6–7. strategic and override


@pytest.mark.parametrize("arr", [0.0, 2_000.0, 30_000.0])
def test_strategic_is_high_touch_regardless_of_acv(arr: float) -> None:
    tier, mask = one(arr, strategic=True)
    assert tier == HIGH
    assert TierReason.STRATEGIC in TierReason(mask)


def test_strategic_reason_only_when_it_changed_the_tier() -> None:
    _, mask = one(150_000.0, strategic=True)
    assert TierReason.STRATEGIC not in TierReason(mask)


@pytest.mark.parametrize(
    ("arr", "columns", "override", "expected"),
    [
        (2_000.0, {"strategic": True}, "tech_touch", TECH),  # override wins over strategic
        (500.0, {}, "high_touch", HIGH),
        (500_000.0, {}, "low_touch", LOW),
        (60_000.0, {"health_score": 5.0}, "tech_touch", TECH),  # over escalation
        (60_000.0, {"complexity": "high"}, "low_touch", LOW),  # over complexity
        (30_000.0, {"strategic": True}, None, HIGH),  # no override: strategic applies
    ],
)
def test_explicit_override_wins(
    arr: float, columns: dict[str, Any], override: str | None, expected: int
) -> None:
    tier, mask = one(arr, tier_override=override, **columns)
    assert tier == expected
    assert (TierReason.OVERRIDE in TierReason(mask)) == (override is not None)


def test_override_wins_over_revenue_share() -> None:
    book = make_book([85_000.0, *_tail(915_000.0)], tier_override=["tech_touch", *([None] * 183)])
    assert tiers(book).tier[0] == TECH


# ------------------------------------------------------------------ result helpers


def test_counts_cover_active_accounts_only() -> None:
    book = make_book([150_000.0, 30_000.0, 30_000.0, 5_000.0, 0.0])
    result = tiers(book, NO_SHARE)
    assert result.counts(book.active).tolist() == [1, 2, 1]
    assert result.tier.dtype == np.int8


def test_reason_texts_name_the_thresholds() -> None:
    result = tiers(make_book([60_000.0], health_score=[10.0]), NO_SHARE)
    texts = [str(m) for m in reason_messages(int(result.reasons[0]), result.thresholds)]
    assert any("$10K" in t and "$100K" in t for t in texts)  # the low-touch band
    assert any("at risk" in t and "$50K" in t for t in texts)
    assert [str(m) for m in reason_messages(int(TierReason.NO_REVENUE), result.thresholds)] == [
        "no current ARR: tech-touch by default"]


@given(values=st.lists(st.sampled_from([0.0, 5_000.0, 80_000.0, 90_000.0, 120_000.0]), max_size=40),
       cutoff=st.floats(0, 45))
def test_top_ranked_matches_a_stable_sort_by_arr(values: list[float], cutoff: float) -> None:
    arr = np.asarray(values, dtype=np.float64)
    order = np.argsort(-arr, kind="stable")  # the definition: rank by ARR, ties in book order
    rank = np.empty(arr.size, dtype=np.int64)
    rank[order] = np.arange(arr.size)
    assert np.array_equal(top_ranked(arr, cutoff), rank < cutoff)
