"""Unit economics (C3) against DOMAIN.md §6 (S3): cost per customer, share, multiple, margins."""

from __future__ import annotations

from typing import Any

import pytest

from postsale.benchmarks import default_benchmarks
from postsale.core.capacity import required_headcount
from postsale.core.economics import (
    cost_per_customer,
    cost_share,
    economics,
    revenue_multiple,
    share_verdict,
)
from postsale.keys import TIER_KEYS, Tier
from postsale.results import TierSummary
from strategies import company_and_benchmarks, make_book, make_workload, plan

NO_SHARE = {"benchmarks": {"tiering": {"high_touch_revenue_share": 0.0}}}
# A budget that funds any team: per-tier costs are then the needed team's, with no budget lever
GENEROUS = {"budget": {"share": 1.0}}

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
    result, _ = plan(book, NO_SHARE | GENEROUS)
    hc = result.headcount.required
    assert (hc["csm_high_touch"], hc["csm_low_touch"], hc["csm_tech_touch"]) == (1, 1, 1)
    assert (hc["support_engineer"], hc["renewals_specialist"], hc["manager"], hc["total"]) == \
        (6, 1, 1, 11)
    per_tier = result.economics.per_tier
    # Full cost per tier (issue 10): support ($570K) by accounts, the renewals desk ($110K) to the
    # desk-owned low-touch renewals, then the head of CS ($175K) pro rata to what each tier got
    support = 6 * 95_000.0
    served = {"high": 150_000.0 + support * 12 / 562,
              "low": 120_000.0 + support * 50 / 562 + 110_000.0,
              "tech": 100_000.0 + support * 500 / 562}
    assert sum(served.values()) == pytest.approx(1_050_000.0)
    shared = {"high": support * 12 / 562 + 175_000.0 * served["high"] / 1_050_000.0,
              "low": support * 50 / 562 + 110_000.0 + 175_000.0 * served["low"] / 1_050_000.0,
              "tech": support * 500 / 562 + 175_000.0 * served["tech"] / 1_050_000.0}
    high, low, tech = (per_tier[Tier.HIGH_TOUCH], per_tier[Tier.LOW_TOUCH],
                       per_tier[Tier.TECH_TOUCH])
    assert high.direct_cost_per_customer == pytest.approx(150_000.0 / 12)
    assert low.direct_cost_per_customer == pytest.approx(2_400.0)
    assert tech.direct_cost_per_customer == pytest.approx(200.0)
    assert high.shared_cost_per_customer == pytest.approx(shared["high"] / 12)  # $3,266.61
    assert low.shared_cost_per_customer == pytest.approx(shared["low"] / 50)  # $4,149.94
    assert tech.shared_cost_per_customer == pytest.approx(shared["tech"] / 500)  # $1,216.61
    assert high.cost_per_customer == pytest.approx(12_500.0 + shared["high"] / 12 + 200.0)
    assert low.cost_per_customer == pytest.approx(2_400.0 + shared["low"] / 50 + 200.0)
    assert tech.cost_per_customer == pytest.approx(200.0 + shared["tech"] / 500 + 50.0)
    assert high.average_acv == 150_000.0
    assert high.cost_share_of_revenue == pytest.approx(high.cost_per_customer / 150_000.0)
    assert tech.revenue_multiple == pytest.approx(5_000.0 / tech.cost_per_customer)
    assert low.total_cost == pytest.approx(low.cost_per_customer * 50)
    # the tiers' full costs add up to the team plus technology
    assert sum(t.total_cost for t in per_tier.values()) == pytest.approx(
        result.economics.full_cost)
    assert result.economics.full_cost == pytest.approx(1_225_000.0 + 12 * 200 + 50 * 200 + 500 * 50)


def test_shared_roles_follow_renewals_ownership() -> None:
    # low-touch renewals handed to sales: no renewals desk, so the low-touch tier carries only its
    # CSM, its share of support and of the head of CS (pro rata to $940K of tier-served cost)
    book = make_book([150_000.0] * 12 + [30_000.0] * 50 + [5_000.0] * 500)
    result, _ = plan(book, NO_SHARE | GENEROUS | {"renewals": {"low_touch": "sales"}})
    assert result.headcount.required["renewals_specialist"] == 0
    support = 6 * 95_000.0
    served_low = 120_000.0 + support * 50 / 562
    leader_low = 175_000.0 * served_low / 940_000.0
    low = result.economics.per_tier[Tier.LOW_TOUCH]
    assert low.shared_cost_per_customer == pytest.approx((support * 50 / 562 + leader_low) / 50)


def test_tech_touch_uses_the_automated_ratio_when_automation_is_mature() -> None:
    # 2,001 tech-touch accounts: 2,001 ÷ 2,000 → 2 seats when mature, 2,001 ÷ 500 → 5 when early;
    # the tier's direct cost is its seated CSMs over its accounts
    book = make_book([5_000.0] * 2_001)
    mature, _ = plan(book, {"company": {"automation_maturity": "mature"}} | GENEROUS)
    early, _ = plan(book, GENEROUS)
    assert mature.headcount.required["csm_tech_touch"] == 2
    assert early.headcount.required["csm_tech_touch"] == 5
    assert mature.economics.per_tier[Tier.TECH_TOUCH].accounts_per_csm == 2_000.0
    assert mature.economics.per_tier[Tier.TECH_TOUCH].direct_cost_per_customer == pytest.approx(
        2 * 100_000.0 / 2_001)
    assert early.economics.per_tier[Tier.TECH_TOUCH].accounts_per_csm == 500.0
    assert early.economics.per_tier[Tier.TECH_TOUCH].direct_cost_per_customer == pytest.approx(
        5 * 100_000.0 / 2_001)
    assert "accounts_per_csm.tech_touch_automated" in (
        mature.economics.per_tier[Tier.TECH_TOUCH].sources)


def test_an_overridden_tech_touch_ratio_wins_over_the_automated_one() -> None:
    book = make_book([5_000.0] * 10)
    result, _ = plan(book, {"company": {"automation_maturity": "mature"},
                            "accounts_per_csm": {"tech_touch": 800}})
    assert result.economics.per_tier[Tier.TECH_TOUCH].accounts_per_csm == 800.0


def test_general_per_customer_costs_apply_to_every_tier() -> None:
    # [per_customer_costs] technology is added for every tier, so a general override replaces the
    # default tech-touch-specific figure too; the flat "shared" figure no longer prices the plan
    # (the plan allocates its own shared roles) — only the pure cost_per_customer uses it
    book = make_book([5_000.0] * 10)
    result, _ = plan(book, {"per_customer_costs": {"shared": 1_000, "technology": 10}} | GENEROUS)
    default, _ = plan(book, GENEROUS)
    tech = result.economics.per_tier[Tier.TECH_TOUCH]
    assert tech.technology_cost_per_customer == 10.0
    assert tech.shared_cost_per_customer == default.economics.per_tier[
        Tier.TECH_TOUCH].shared_cost_per_customer
    # one pooled CSM for 10 accounts ($100K) + $10 technology
    assert tech.cost_per_customer == pytest.approx(100_000.0 / 10 + 10.0)
    assert result.economics.technology_cost == 100.0


def test_a_tier_specific_per_customer_cost_wins_over_the_general_one() -> None:
    book = make_book([5_000.0] * 10 + [30_000.0] * 10)
    result, _ = plan(book, {"per_customer_costs": {"technology": 300,
                                                   "tech_touch": {"technology": 5}}} | GENEROUS)
    assert result.economics.per_tier[Tier.TECH_TOUCH].technology_cost_per_customer == 5.0
    assert result.economics.per_tier[Tier.LOW_TOUCH].technology_cost_per_customer == 300.0
    assert result.economics.technology_cost == 10 * 5.0 + 10 * 300.0


def test_an_empty_tier_has_no_share_and_no_cost() -> None:
    result, _ = plan(make_book([30_000.0] * 10))
    high = result.economics.per_tier[Tier.HIGH_TOUCH]
    assert high.verdict == "no_accounts"
    assert high.cost_share_of_revenue is None
    assert high.revenue_multiple is None
    assert high.total_cost == 0.0


@pytest.mark.parametrize(
    ("acv", "verdict"),
    [(30_000.0, "too_expensive"), (50_000.0, "workable"), (90_000.0, "comfortable")],
)
def test_tier_verdict(acv: float, verdict: str) -> None:
    # 20 low-touch accounts: one CSM ($120K ÷ 20 = $6,000) + $200 technology = $6,200 a customer:
    # 20.7% of $30K, 12.4% of $50K, 6.9% of $90K
    result, _ = plan(make_book([acv] * 20), NO_SHARE | GENEROUS)
    low = result.economics.per_tier[Tier.LOW_TOUCH]
    assert low.cost_per_customer == pytest.approx(6_200.0)
    assert low.verdict == verdict


@pytest.mark.parametrize(("technology", "verdict"), [(50.0, "workable"), (400.0, "too_expensive")])
def test_tech_touch_within_its_cost_band_is_never_too_expensive(
    technology: float, verdict: str
) -> None:
    # 1,000 healthy tech-touch accounts at $1,500, no tickets: one CSM ($100K) + the program's
    # CS Ops ($120K) = $220 a customer + technology. $270 is 18% of ACV (above the 15% rule) but
    # inside S3's $50–500 tech-touch band; $620 is outside it
    book = make_book([1_500.0] * 1_000, tickets_per_month=0.0, health_score=80.0)
    result, _ = plan(book, GENEROUS | {"per_customer_costs": {"tech_touch": {
        "technology": technology}}})
    tech = result.economics.per_tier[Tier.TECH_TOUCH]
    assert tech.cost_per_customer == pytest.approx(220.0 + technology)
    assert tech.cost_share_of_revenue > 0.15
    assert tech.verdict == verdict


def test_multiple_verdict_against_the_expected_multiple() -> None:
    # 12 strategic $50K accounts in high-touch: $150K ÷ 12 + $200 = $12,700, 3.9× (< 5×): below
    result, _ = plan(make_book([50_000.0] * 12, strategic=True), NO_SHARE | GENEROUS)
    high = result.economics.per_tier[Tier.HIGH_TOUCH]
    assert high.expected_multiple == (5.0, 10.0)
    assert high.revenue_multiple == pytest.approx(50_000.0 / 12_700.0)
    assert high.multiple_verdict == "below"
    result, _ = plan(make_book([150_000.0] * 12), NO_SHARE)
    high = result.economics.per_tier[Tier.HIGH_TOUCH]
    assert high.revenue_multiple == pytest.approx(150_000.0 / 12_700.0)
    assert high.multiple_verdict == "meets"


# ------------------------------------------------------------------ blended and team


def test_blended_cost_share_is_full_cost_over_arr() -> None:
    # 10 low-touch at $30K + 100 tech-touch at $5K: one pooled CSM ($120K; 0.2 + 0.2 FTE),
    # 2 support engineers (110 ÷ 100 = 1.1 → $190K), technology 10 × $200 + 100 × $50
    result, _ = plan(make_book([30_000.0] * 10 + [5_000.0] * 100), GENEROUS)
    econ = result.economics
    assert econ.team_cost == 310_000.0
    assert econ.technology_cost == 7_000.0
    assert econ.full_cost == 317_000.0
    assert econ.blended_cost_share_of_revenue == pytest.approx(317_000.0 / 800_000.0)
    assert econ.full_cost_share_of_revenue == econ.blended_cost_share_of_revenue
    assert sum(t.total_cost for t in econ.per_tier.values()) == pytest.approx(317_000.0)
    assert econ.blended_verdict == "above_band"  # 39.6% > 25%


@pytest.mark.parametrize(
    ("acv", "verdict"),
    [(80_000.0, "below_band"), (40_000.0, "within_band"), (20_000.0, "above_band")],
)
def test_blended_band(acv: float, verdict: str) -> None:
    # 50 low-touch customers: the recommended team is 2 CSMs + 1 support engineer ($335K) and
    # $10K of technology: 8.6% of $4M, 17.25% of $2M (inside 10–25%), 34.5% of $1M
    result, _ = plan(make_book([acv] * 50), NO_SHARE | GENEROUS)
    assert result.economics.full_cost == 345_000.0
    assert result.economics.blended_cost_share_of_revenue == pytest.approx(345_000.0 / (50 * acv))
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


def _economics(gross_margin: float | None, **by_tier: Any) -> Any:
    """Economics of the role-based team a hand-built workload of these tiers needs."""
    tiers = _tiers(**by_tier)
    accounts = tuple(tiers[t].accounts for t in TIER_KEYS)
    workload = make_workload(customers=sum(accounts), tier_accounts=accounts,
                             tier_arr=tuple(tiers[t].arr for t in TIER_KEYS),
                             arr=sum(tiers[t].arr for t in TIER_KEYS))
    company, bench = company_and_benchmarks()
    headcount = required_headcount(workload, bench, company)
    return economics(tiers, headcount, bench, gross_margin=gross_margin, workload=workload,
                     company=company)


def test_forty_percent_gross_margin_leaves_no_room_for_twenty_percent_cs_cost() -> None:
    # 100 low-touch customers at $16,000: 2 CSMs + 1 support engineer ($335K) + $20K technology
    # = $355K, 22.2% of $1.6M — above 33% of a 40% margin (13.2%)
    econ = _economics(0.40, low_touch=(100, 16_000.0))
    assert econ.full_cost == 355_000.0
    assert econ.blended_cost_share_of_revenue == pytest.approx(355_000.0 / 1_600_000.0)
    assert econ.gross_margin_check == "failed"
    assert "22.2%" in str(econ.gross_margin_detail)
    assert "13.2%" in str(econ.gross_margin_detail)


def test_a_healthy_gross_margin_carries_twenty_percent_cs_cost() -> None:
    econ = _economics(0.80, low_touch=(100, 16_000.0))  # 22.2% ≤ 26.4%
    assert econ.gross_margin_check == "passed"


def test_gross_margin_unknown_is_not_evaluable() -> None:
    assert _economics(None, low_touch=(100, 16_000.0)).gross_margin_check == "not_evaluable"


@pytest.mark.parametrize(("margin", "check"), [(0.65, "failed"), (0.85, "passed")])
def test_high_touch_needs_a_gross_margin_above_seventy_percent(margin: float, check: str) -> None:
    # one CSM and technology for ten $500K accounts is 3.0% of revenue: only the high-touch margin
    # rule can fail
    econ = _economics(margin, high_touch=(10, 500_000.0))
    assert econ.blended_cost_share_of_revenue == pytest.approx(152_000.0 / 5_000_000.0)
    assert econ.gross_margin_check == check


def test_the_margin_rule_for_high_touch_ignores_books_without_high_touch() -> None:
    assert _economics(0.65, low_touch=(100, 60_000.0)).gross_margin_check == "passed"


def test_exactly_seventy_percent_gross_margin_is_not_above_seventy() -> None:
    econ = _economics(0.70, high_touch=(10, 500_000.0))
    assert econ.gross_margin_check == "failed"


def test_team_cost_counts_in_the_gross_margin_check() -> None:
    # 100 low-touch at $30K with a budget that funds anything: the recommended team (3 CSMs,
    # support, a head of CS: $630K) + $20K technology is 21.7% of ARR — above 33% of a 40% margin
    # (13.2%), within 33% of 75% (24.75%)
    book = make_book([30_000.0] * 100)
    low_margin, _ = plan(book, {"company": {"gross_margin": 0.40}} | GENEROUS)
    high_margin, _ = plan(book, {"company": {"gross_margin": 0.75}} | GENEROUS)
    assert low_margin.economics.team_cost == 630_000.0
    assert low_margin.economics.full_cost_share_of_revenue == pytest.approx(650_000.0 / 3_000_000.0)
    assert low_margin.economics.gross_margin_check == "failed"
    assert "plan_fails_gross_margin" in [w.code for w in low_margin.warnings]
    assert high_margin.economics.gross_margin_check == "passed"
    assert "plan_fails_gross_margin" not in [w.code for w in high_margin.warnings]


def test_the_funded_plan_fits_the_gross_margin_budget() -> None:
    # without [budget] a 40% margin caps CS at 13.2% of ARR ($396K): the needed team ($640K)
    # is pooled down (low-touch books of 100) and the funded plan passes the check
    result, _ = plan(make_book([30_000.0] * 100), {"company": {"gross_margin": 0.40}})
    econ = result.economics
    assert econ.budget.basis == "gross_margin"
    assert econ.budget.amount == pytest.approx(396_000.0)
    assert result.funding.needed_cost == 640_000.0
    assert [step.lever for step in result.funding.steps] == ["pool_tail"]
    assert result.funding.status == "funded"
    assert econ.full_cost == 355_000.0
    assert econ.gross_margin_check == "passed"
