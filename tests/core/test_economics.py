"""Unit economics (C3) against DOMAIN.md §6 (S3): cost per customer, share, multiple, margins."""

from __future__ import annotations

from typing import Any

import pytest

from postsale.benchmarks import default_benchmarks
from postsale.core.economics import (
    cost_per_customer,
    cost_share,
    economics,
    revenue_multiple,
    share_verdict,
)
from postsale.keys import TIER_KEYS, Tier
from postsale.results import Headcount, TierSummary
from strategies import make_book, plan

NO_SHARE = {"benchmarks": {"tiering": {"high_touch_revenue_share": 0.0}}}

# ------------------------------------------------------------------ the formulas


def test_cost_per_customer_is_direct_plus_shared_plus_technology() -> None:
    assert cost_per_customer(100_000.0, 25.0) == 4_000.0
    assert cost_per_customer(100_000.0, 25.0, shared=300.0) == 4_300.0
    assert cost_per_customer(100_000.0, 25.0, shared=300.0, technology=50.0) == 4_350.0


@pytest.mark.parametrize("ratio", [0.0, -5.0])
def test_cost_per_customer_rejects_a_non_positive_ratio(ratio: float) -> None:
    with pytest.raises(ValueError, match="accounts per CSM"):
        cost_per_customer(100_000.0, ratio)


def test_cost_share_and_revenue_multiple_are_inverse() -> None:
    assert cost_share(2_000.0, 40_000.0) == 0.05
    assert revenue_multiple(2_000.0, 40_000.0) == 20.0
    with pytest.raises(ValueError, match="ACV"):
        cost_share(2_000.0, 0.0)
    with pytest.raises(ValueError, match="cost"):
        revenue_multiple(0.0, 40_000.0)


@pytest.mark.parametrize(
    ("share", "verdict"),
    [
        (0.03, "comfortable"),
        (0.05, "comfortable"),
        (0.0501, "workable"),
        (0.15, "workable"),  # the 5–15% rule of thumb is inclusive
        (0.1501, "too_expensive"),
        (0.30, "too_expensive"),
    ],
)
def test_share_verdict_against_the_5_to_15_percent_rule(share: float, verdict: str) -> None:
    assert share_verdict(share, 0.05, 0.15) == verdict


# ------------------------------------------------------------------ per tier, through the plan


def test_default_cost_per_customer_of_each_tier() -> None:
    book = make_book([150_000.0] * 12 + [30_000.0] * 50 + [5_000.0] * 500)
    result, _ = plan(book, NO_SHARE)
    per_tier = result.economics.per_tier
    # high: $150K ÷ 12 + $600 + $200; low: $120K ÷ 50 + $600 + $200; tech: $100K ÷ 500 + $100 + $50
    assert per_tier[Tier.HIGH_TOUCH].cost_per_customer == pytest.approx(13_300.0)
    assert per_tier[Tier.LOW_TOUCH].cost_per_customer == pytest.approx(3_200.0)
    assert per_tier[Tier.TECH_TOUCH].cost_per_customer == pytest.approx(350.0)
    assert per_tier[Tier.LOW_TOUCH].direct_cost_per_customer == pytest.approx(2_400.0)
    assert per_tier[Tier.HIGH_TOUCH].average_acv == 150_000.0
    assert per_tier[Tier.HIGH_TOUCH].cost_share_of_revenue == pytest.approx(13_300.0 / 150_000.0)
    assert per_tier[Tier.TECH_TOUCH].revenue_multiple == pytest.approx(5_000.0 / 350.0)
    assert per_tier[Tier.LOW_TOUCH].total_cost == pytest.approx(3_200.0 * 50)


def test_tech_touch_uses_the_automated_ratio_when_automation_is_mature() -> None:
    book = make_book([5_000.0] * 10)
    mature, _ = plan(book, {"company": {"automation_maturity": "mature"}})
    early, _ = plan(book)
    assert mature.economics.per_tier[Tier.TECH_TOUCH].accounts_per_csm == 2_000.0
    assert mature.economics.per_tier[Tier.TECH_TOUCH].cost_per_customer == pytest.approx(
        100_000.0 / 2_000 + 150.0)
    assert early.economics.per_tier[Tier.TECH_TOUCH].accounts_per_csm == 500.0
    assert "accounts_per_csm.tech_touch_automated" in (
        mature.economics.per_tier[Tier.TECH_TOUCH].sources)


def test_an_overridden_tech_touch_ratio_wins_over_the_automated_one() -> None:
    book = make_book([5_000.0] * 10)
    result, _ = plan(book, {"company": {"automation_maturity": "mature"},
                            "accounts_per_csm": {"tech_touch": 800}})
    assert result.economics.per_tier[Tier.TECH_TOUCH].accounts_per_csm == 800.0


def test_general_per_customer_costs_apply_to_every_tier() -> None:
    # the contract: [per_customer_costs] shared/technology are added for every tier, so a general
    # override replaces the default tech-touch-specific figures too
    book = make_book([5_000.0] * 10)
    result, _ = plan(book, {"per_customer_costs": {"shared": 1_000, "technology": 10}})
    tech = result.economics.per_tier[Tier.TECH_TOUCH]
    assert tech.shared_cost_per_customer == 1_000.0
    assert tech.technology_cost_per_customer == 10.0


def test_a_tier_specific_per_customer_cost_wins_over_the_general_one() -> None:
    book = make_book([5_000.0] * 10 + [30_000.0] * 10)
    result, _ = plan(book, {"per_customer_costs": {"shared": 1_000, "tech_touch": {"shared": 5}}})
    assert result.economics.per_tier[Tier.TECH_TOUCH].shared_cost_per_customer == 5.0
    assert result.economics.per_tier[Tier.LOW_TOUCH].shared_cost_per_customer == 1_000.0


def test_an_empty_tier_has_no_share_and_no_cost() -> None:
    result, _ = plan(make_book([30_000.0] * 10))
    high = result.economics.per_tier[Tier.HIGH_TOUCH]
    assert high.verdict == "no_accounts"
    assert high.cost_share_of_revenue is None
    assert high.revenue_multiple is None
    assert high.total_cost == 0.0


@pytest.mark.parametrize(
    ("acv", "verdict"),
    [(15_000.0, "too_expensive"), (30_000.0, "workable"), (80_000.0, "comfortable")],
)
def test_tier_verdict(acv: float, verdict: str) -> None:
    result, _ = plan(make_book([acv] * 20), NO_SHARE)
    assert result.economics.per_tier[Tier.LOW_TOUCH].verdict == verdict


def test_multiple_verdict_against_the_expected_multiple() -> None:
    # strategic $50K accounts in high-touch earn 50,000 / 13,300 ≈ 3.8× (< 5×): below
    result, _ = plan(make_book([50_000.0] * 2, strategic=True), NO_SHARE)
    high = result.economics.per_tier[Tier.HIGH_TOUCH]
    assert high.expected_multiple == (5.0, 10.0)
    assert high.revenue_multiple == pytest.approx(50_000.0 / 13_300.0)
    assert high.multiple_verdict == "below"
    result, _ = plan(make_book([150_000.0] * 3), NO_SHARE)
    assert result.economics.per_tier[Tier.HIGH_TOUCH].multiple_verdict == "meets"


# ------------------------------------------------------------------ blended and team


def test_blended_cost_share_is_tier_cost_over_arr() -> None:
    # 10 low-touch at $30K (cost $3,200 each) + 100 tech-touch at $5K (cost $350 each)
    result, _ = plan(make_book([30_000.0] * 10 + [5_000.0] * 100))
    expected = (10 * 3_200.0 + 100 * 350.0) / (10 * 30_000.0 + 100 * 5_000.0)
    assert result.economics.blended_cost_share_of_revenue == pytest.approx(expected)
    assert result.economics.blended_verdict == "below_band"  # 8.4% < 10%


@pytest.mark.parametrize(
    ("acv", "verdict"), [(16_000.0, "within_band"), (12_000.0, "above_band")]
)
def test_blended_band(acv: float, verdict: str) -> None:
    # 3,200 / 16,000 = 20% (inside 10–25%); 3,200 / 12,000 = 26.7% (above)
    result, _ = plan(make_book([acv] * 50))
    assert result.economics.blended_verdict == verdict


def test_team_cost_is_required_headcount_times_unit_cost() -> None:
    result, _ = plan(make_book([30_000.0] * 100))
    bench = default_benchmarks()
    expected = sum(n * bench.value(f"costs.{role}")
                   for role, n in result.headcount.required.items() if role != "total")
    assert result.economics.team_cost == pytest.approx(expected)
    assert result.economics.team_cost_share_of_revenue == pytest.approx(expected / 3_000_000.0)
    csms = sum(result.headcount.required[f"csm_{t}"] for t in ("high_touch", "low_touch",
                                                                 "tech_touch"))
    assert result.economics.arr_per_csm == pytest.approx(3_000_000.0 / csms)


def test_no_revenue_no_shares() -> None:
    result, _ = plan(make_book([0.0, 0.0]))
    assert result.economics.blended_cost_share_of_revenue is None
    assert result.economics.blended_verdict == "no_revenue"
    assert result.economics.gross_margin_check == "not_evaluable"


# ------------------------------------------------------------------ gross-margin constraint


def _tiers(**by_tier: tuple[int, float]) -> dict[Tier, TierSummary]:
    """Tier summaries from (accounts, average ACV) per tier key."""
    out = {}
    for tier in TIER_KEYS:
        n, acv = by_tier.get(str(tier), (0, 0.0))
        out[tier] = TierSummary(accounts=n, arr=n * acv, share_of_arr=0.0, share_of_accounts=0.0,
                                average_acv=acv,
                                share_band=(0.0, 1.0), share_check="within" if n else "empty",
                                sources=())
    return out


NO_TEAM = Headcount(required={}, current={}, gap={}, roles={})


def _economics(gross_margin: float | None, **by_tier: Any) -> Any:
    return economics(_tiers(**by_tier), NO_TEAM, default_benchmarks(),
                     gross_margin=gross_margin, automation_maturity="early")


def test_forty_percent_gross_margin_leaves_no_room_for_twenty_percent_cs_cost() -> None:
    # $3,200 of CS on $16,000 customers: 20% of revenue
    econ = _economics(0.40, low_touch=(100, 16_000.0))
    assert econ.blended_cost_share_of_revenue == pytest.approx(0.20)
    assert econ.gross_margin_check == "failed"
    assert "20.0%" in econ.gross_margin_detail


def test_a_healthy_gross_margin_carries_twenty_percent_cs_cost() -> None:
    econ = _economics(0.80, low_touch=(100, 16_000.0))
    assert econ.gross_margin_check == "passed"


def test_gross_margin_unknown_is_not_evaluable() -> None:
    assert _economics(None, low_touch=(100, 16_000.0)).gross_margin_check == "not_evaluable"


@pytest.mark.parametrize(("margin", "check"), [(0.65, "failed"), (0.85, "passed")])
def test_high_touch_needs_a_gross_margin_above_seventy_percent(margin: float, check: str) -> None:
    # $13,300 of CS on $500K accounts is 2.7% of revenue: only the high-touch margin rule can fail
    econ = _economics(margin, high_touch=(10, 500_000.0))
    assert econ.gross_margin_check == check


def test_the_margin_rule_for_high_touch_ignores_books_without_high_touch() -> None:
    assert _economics(0.65, low_touch=(100, 60_000.0)).gross_margin_check == "passed"


def test_exactly_seventy_percent_gross_margin_is_not_above_seventy() -> None:
    econ = _economics(0.70, high_touch=(10, 500_000.0))
    assert econ.gross_margin_check == "failed"


def test_team_cost_counts_in_the_gross_margin_check() -> None:
    # tier costs alone are 10.7% of revenue, but the whole team (CSMs, support, renewals, the head
    # of CS) is ~21% of this small book's ARR: above 33% of a 40% margin (13.2%)
    book = make_book([30_000.0] * 100)
    low_margin, _ = plan(book, {"company": {"gross_margin": 0.40}})
    high_margin, _ = plan(book, {"company": {"gross_margin": 0.75}})
    assert low_margin.economics.blended_cost_share_of_revenue == pytest.approx(3_200 / 30_000)
    assert low_margin.economics.team_cost_share_of_revenue is not None
    assert 0.132 < low_margin.economics.team_cost_share_of_revenue < 0.2475
    assert low_margin.economics.gross_margin_check == "failed"
    assert high_margin.economics.gross_margin_check == "passed"
