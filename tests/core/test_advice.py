"""Advice (C9): the five common mistakes of S3 (DOMAIN.md §6) and plan warnings with stable codes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from postsale.core import advice
from postsale.core.book import AccountBook
from postsale.keys import Tier
from postsale.results import Check, PlanResult
from strategies import TODAY, make_book, plan

MISTAKES = (
    "over_servicing_low_value",
    "under_investing_high_value",
    "copied_competitor_ratio",
    "switching_models_too_often",
    "ignoring_gross_margin",
)

# Every warning code advice.py documents as a contract.
WARNING_CODES = {
    *MISTAKES, "single_leader_drowning", "team_behind_stage", "tier_cost_above_rule",
    "blended_cost_above_band", "high_touch_share_outside_band", "high_touch_over_scale_limit",
    "grr_below_stage", "nrr_below_stage", "low_touch_over_scale_limit", "plan_exceeds_budget",
    "plan_fails_gross_margin", "team_surplus",
}

NO_SHARE: dict[str, Any] = {"benchmarks": {"tiering": {"high_touch_revenue_share": 0.0}}}
# A budget that funds any team: warnings on the needed plan's own costs, with no budget lever
GENEROUS: dict[str, Any] = {"budget": {"share": 1.0}}


def check(result: PlanResult, code: str) -> Check:
    return next(c for c in result.checks if c.code == code)


def codes(result: PlanResult) -> list[str]:
    return [w.code for w in result.warnings]


def run(book: AccountBook, raw: dict[str, Any] | None = None, **kw: Any) -> PlanResult:
    return plan(book, raw, **kw)[0]


def test_every_contract_code_is_documented_in_the_advice_module() -> None:
    assert advice.__doc__ is not None
    for code in WARNING_CODES:
        assert f"``{code}``" in advice.__doc__, code


def test_the_five_mistakes_are_always_checked_in_order() -> None:
    result = run(make_book([30_000.0] * 10))
    assert tuple(c.code for c in result.checks) == MISTAKES


# ------------------------------------------------------------------ 1. over-servicing


# 12 accounts at $150K (the high-touch tier needs one CSM) and 20 at $30K under the $80K floor
MIXED = [150_000.0] * 12 + [30_000.0] * 20


@pytest.mark.parametrize(("team", "status"), [
    ({"csm_high_touch": 3}, "failed"),  # two dedicated CSMs more than the tier needs
    ({"csm_high_touch": 2}, "failed"),
    ({"csm_high_touch": 1}, "passed"),  # exactly the need
    ({"csm_low_touch": 1}, "passed"),  # a team without dedicated CSMs over-serves nobody
    ({}, "not_evaluable"),  # no [team]: today's coverage is unknown
])
def test_over_servicing_judges_todays_high_touch_csms_against_the_need(
    team: dict[str, int], status: str,
) -> None:
    result = run(make_book(MIXED), {"team": team} if team else None)
    assert result.headcount.needed["csm_high_touch"] == 1
    assert check(result, "over_servicing_low_value").status == status
    assert ("over_servicing_low_value" in codes(result)) == (status == "failed")


def test_over_servicing_detail_names_the_surplus_and_the_accounts_under_the_floor() -> None:
    result = run(make_book(MIXED), {"team": {"csm_high_touch": 3}})
    assert str(check(result, "over_servicing_low_value").detail) == (
        "3 dedicated (high-touch) CSMs in seat where the book's high-touch tier needs 1: about 24 "
        "accounts' worth of dedicated coverage goes to the 20 accounts under the $80,000 "
        "high-touch floor (median $30,000), at $12,500 each (42% of that ARR; S3: white-glove "
        "service at an economy price)")


def test_over_servicing_a_dedicated_csm_for_10k_customers() -> None:
    # $10K accounts need no dedicated CSM: two in seat serve only accounts under the floor
    result = run(make_book([10_000.0] * 20), {"team": {"csm_high_touch": 2}})
    assert result.headcount.needed["csm_high_touch"] == 0
    failed = check(result, "over_servicing_low_value")
    assert failed.status == "failed"
    assert "needs 0" in str(failed.detail)
    assert "the 20 accounts under the $80,000 high-touch floor (median $10,000)" in str(failed.detail)
    assert "125% of that ARR" in str(failed.detail)


def test_over_servicing_needs_accounts_under_the_floor() -> None:
    # more high-touch CSMs than the tier needs, but every account is above the floor: the surplus
    # is under-used capacity, not white-glove service at an economy price
    book = make_book([150_000.0] * 12)
    assert check(run(book, {"team": {"csm_high_touch": 3}}),
                 "over_servicing_low_value").status == "passed"
    assert check(run(book, {"team": {"csm_high_touch": 1}}),
                 "over_servicing_low_value").status == "passed"


# ------------------------------------------------------------------ 2. under-investing


@pytest.mark.parametrize(
    ("accounts", "team", "status"),
    [
        (12, 0, "failed"),  # nobody dedicated: everyone is treated the same
        (15, 1, "passed"),  # 15 per CSM: the top of the 8–15 band
        (16, 1, "failed"),
        (16, 2, "passed"),
        (0, 0, "passed"),  # no high-value accounts
    ],
)
def test_under_investing_in_high_value_accounts(accounts: int, team: int, status: str) -> None:
    book = make_book([150_000.0] * accounts + [30_000.0] * 10)
    result = run(book, {"team": {"csm_high_touch": team}})
    assert check(result, "under_investing_high_value").status == status


def test_under_investing_counts_only_high_touch_accounts_at_or_above_the_floor() -> None:
    # 16 strategic accounts at $50K are high-touch but under the $80K floor: not high-value
    book = make_book([50_000.0] * 16 + [150_000.0] * 2, strategic=[True] * 16 + [False] * 2)
    result = run(book, NO_SHARE | GENEROUS | {"team": {"csm_high_touch": 1}})
    assert check(result, "under_investing_high_value").status == "passed"
    result = run(book, NO_SHARE | GENEROUS | {"team": {"csm_low_touch": 1}})
    under = check(result, "under_investing_high_value")
    assert under.status == "failed"
    assert str(under.detail) == ("2 high-touch accounts of $80,000+ ($300,000 ARR) and no dedicated "
                            "high-touch CSM: everyone is treated the same")


# ------------------------------------------------------------------ 3. copied ratio


@pytest.mark.parametrize(
    ("ratios", "status"),
    [
        ({}, "passed"),
        ({"low_touch": 50}, "passed"),
        ({"low_touch": 80}, "passed"),
        ({"low_touch": 81}, "failed"),
        ({"low_touch": 150}, "failed"),
        ({"high_touch": 8}, "passed"),
        ({"high_touch": 7}, "failed"),
        ({"tech_touch": 5_000}, "passed"),
        ({"tech_touch": 6_000}, "failed"),
    ],
)
def test_copied_competitor_ratio(ratios: dict[str, int], status: str) -> None:
    result = run(make_book([30_000.0] * 10), {"accounts_per_csm": ratios})
    assert check(result, "copied_competitor_ratio").status == status


def test_copied_ratio_detail_names_the_key_and_band() -> None:
    result = run(make_book([30_000.0] * 10), {"accounts_per_csm": {"low_touch": 150}})
    assert "accounts_per_csm.low_touch = 150 is outside the 40–80 benchmark" in str(check(
        result, "copied_competitor_ratio").detail)
    assert "copied_competitor_ratio" in codes(result)


# ------------------------------------------------------------------ 4. switching models


@pytest.mark.parametrize(
    ("changed", "status"),
    [
        (dt.date(2026, 5, 25), "failed"),  # 6 months ago
        (dt.date(2025, 5, 25), "passed"),  # 18 months ago
        (dt.date(2025, 11, 1), "passed"),
        (None, "not_evaluable"),
    ],
)
def test_switching_models_too_often(changed: dt.date | None, status: str) -> None:
    result = run(make_book([30_000.0] * 10), {"company": {"last_model_change": changed}})
    assert check(result, "switching_models_too_often").status == status


def test_a_model_changed_exactly_twelve_months_ago_is_committed_long_enough() -> None:
    result = run(make_book([30_000.0] * 10),
                 {"company": {"last_model_change": dt.date(2025, 11, 25)}})
    assert dt.date(2026, 11, 25) == TODAY
    assert check(result, "switching_models_too_often").status == "passed"


# ------------------------------------------------------------------ 5. gross margin


@pytest.mark.parametrize(("margin", "status"), [(0.40, "failed"), (0.75, "passed")])
def test_ignoring_the_gross_margin(margin: float, status: str) -> None:
    # 100 low-touch customers at $30K ($3M) and today's 4 low-touch CSMs ($480K + $20K technology):
    # 16.7% of revenue — the mistake judges the team in seat (DOMAIN.md §10.9)
    result = run(make_book([30_000.0] * 100), {"company": {"gross_margin": margin},
                                                "team": {"csm_low_touch": 4}})
    assert check(result, "ignoring_gross_margin").status == status
    assert codes(result).count("ignoring_gross_margin") == (1 if status == "failed" else 0)


def test_ignoring_the_gross_margin_detail_is_todays_team_share() -> None:
    result = run(make_book([30_000.0] * 100), {"company": {"gross_margin": 0.40},
                                                "team": {"csm_low_touch": 4}})
    assert result.economics.current_team_cost_share_of_revenue == pytest.approx(
        500_000.0 / 3_000_000.0)
    assert str(check(result, "ignoring_gross_margin").detail) == (
        "today's team costs 16.7% of revenue, above the 13.2% a 40% gross margin carries "
        "(33% of it)")


def test_the_ignoring_gross_margin_warning_describes_todays_team() -> None:
    result = run(make_book([30_000.0] * 100), {"company": {"gross_margin": 0.40},
                                                "team": {"csm_low_touch": 4}})
    warning = next(w for w in result.warnings if w.code == "ignoring_gross_margin")
    assert warning.message == check(result, "ignoring_gross_margin").detail


def test_gross_margin_not_given_is_not_evaluable() -> None:
    result = run(make_book([30_000.0] * 100))
    assert check(result, "ignoring_gross_margin").status == "not_evaluable"
    assert "ignoring_gross_margin" not in codes(result)


def test_gross_margin_without_a_team_in_seat_is_not_evaluable() -> None:
    # the mistake is about what the company does today: no [team], nothing to judge
    result = run(make_book([30_000.0] * 100), {"company": {"gross_margin": 0.40}})
    assert check(result, "ignoring_gross_margin").status == "not_evaluable"
    assert "set [team]" in str(check(result, "ignoring_gross_margin").detail)
    assert "ignoring_gross_margin" not in codes(result)


# ------------------------------------------------------------------ budget warnings


def test_plan_exceeds_budget_when_even_the_leanest_plan_costs_more() -> None:
    # 2 accounts at $50K: a budget of 15% is $15,000, less than any one CSM
    result = run(make_book([50_000.0] * 2))
    assert result.funding.status == "exceeds_budget"
    assert result.funding.budget.amount == pytest.approx(15_000.0)
    assert "plan_exceeds_budget" in codes(result)
    warning = next(w for w in result.warnings if w.code == "plan_exceeds_budget")
    assert f"${result.funding.recommended_cost:,.0f}" in str(warning.message)
    assert "against a budget of $15,000" in str(warning.message)
    assert "plan_exceeds_budget" not in codes(run(make_book([150_000.0] * 12)))


def test_plan_fails_gross_margin_when_the_recommended_plan_breaks_the_margin_rule() -> None:
    # a budget set above what the margin carries: the plan is funded but fails the margin check
    book = make_book([30_000.0] * 100)
    result = run(book, {"company": {"gross_margin": 0.40}} | GENEROUS)
    assert result.economics.gross_margin_check == "failed"
    assert "plan_fails_gross_margin" in codes(result)
    # without [budget] the 40% margin sets the budget (13.2%) and the funded plan fits it
    funded = run(book, {"company": {"gross_margin": 0.40}})
    assert funded.economics.gross_margin_check == "passed"
    assert "plan_fails_gross_margin" not in codes(funded)


# ------------------------------------------------------------------ structural warnings


@pytest.mark.parametrize(
    ("customers", "team", "drowning"),
    [
        (300, {"director": 1}, True),
        (51, {"director": 1}, True),
        (50, {"director": 1}, False),  # one person can carry 50 accounts end to end
        (300, {}, True),  # nobody at all
        (300, {"director": 1, "csm_low_touch": 1}, False),
    ],
)
def test_single_leader_drowning(customers: int, team: dict[str, int], drowning: bool) -> None:
    result = run(make_book([30_000.0] * customers), {"team": team})
    assert ("single_leader_drowning" in codes(result)) is drowning


def test_the_demo_story_warns_of_the_drowning_leader_and_the_lagging_team() -> None:
    # S0/S1 opening: 300 customers, [team] director = 1
    result = run(make_book([30_000.0] * 300), {"team": {"director": 1}})
    assert result.stage.book_stage == 3
    assert result.stage.team_stage == 1
    assert {"single_leader_drowning", "team_behind_stage"} <= set(codes(result))
    drowning = next(w for w in result.warnings if w.code == "single_leader_drowning")
    assert "300 customers" in str(drowning.message)
    assert "50–75" in str(drowning.message)


def test_no_team_behind_stage_warning_when_the_team_matches_the_book() -> None:
    result = run(make_book([30_000.0] * 300),
                 {"team": {"csm_low_touch": 6, "support_engineer": 3, "director": 1,
                           "renewals_specialist": 1}})
    assert result.stage.team_stage == 3
    assert "team_behind_stage" not in codes(result)


@pytest.mark.parametrize(("acv", "warned"), [(30_000.0, True), (50_000.0, False)])
def test_tier_cost_above_rule(acv: float, warned: bool) -> None:
    # 50 low-touch accounts: 2 CSMs + 1 support engineer + $200 technology = $6,900 a customer,
    # 23% of $30K (above 15%), 13.8% of $50K
    result = run(make_book([acv] * 50), NO_SHARE | GENEROUS)
    assert result.economics.per_tier[Tier.LOW_TOUCH].cost_per_customer == pytest.approx(6_900.0)
    assert ("tier_cost_above_rule" in codes(result)) is warned


@pytest.mark.parametrize(("acv", "warned"), [(20_000.0, True), (40_000.0, False)])
def test_blended_cost_above_band(acv: float, warned: bool) -> None:
    # $345K full cost: 34.5% of $1M (above 25%), 17.25% of $2M
    result = run(make_book([acv] * 50), NO_SHARE | GENEROUS)
    assert ("blended_cost_above_band" in codes(result)) is warned


@pytest.mark.parametrize(
    ("high", "warned"),
    [
        (0, False),  # no high-touch tier at all: nothing to compare
        (12, False),  # 12 of 100 accounts: inside the top 10–20% of customers
        (5, True),  # 5 of 95 ≈ 5% of customers
        (30, True),  # 30 of 120 = 25% of customers
    ],
)
def test_high_touch_share_outside_band(high: int, warned: bool) -> None:
    result = run(make_book([150_000.0] * high + [30_000.0] * (90 if high != 12 else 88)))
    assert ("high_touch_share_outside_band" in codes(result)) is warned


@pytest.mark.parametrize(("high", "warned"), [(500, False), (501, True)])
def test_high_touch_over_scale_limit(high: int, warned: bool) -> None:
    result = run(make_book([150_000.0] * high))
    assert ("high_touch_over_scale_limit" in codes(result)) is warned


def test_retention_below_the_stage_band() -> None:
    # 60 customers (stage 2: GRR 85–92%, NRR 90–100%); every account lost 20% of its ARR
    book = make_book([24_000.0] * 60, previous_arr=30_000.0)
    result = run(book)
    assert {"grr_below_stage", "nrr_below_stage"} <= set(codes(result))
    healthy = run(make_book([30_000.0] * 60, previous_arr=30_000.0))
    assert "grr_below_stage" not in codes(healthy)


def test_every_warning_code_is_a_documented_contract_code() -> None:
    book = make_book([10_000.0] * 40 + [150_000.0] * 2, previous_arr=50_000.0,
                     tier_override=["high_touch"] * 40 + [None] * 2)
    result = run(book, {"company": {"gross_margin": 0.3,
                                    "last_model_change": dt.date(2026, 10, 1)},
                        "accounts_per_csm": {"low_touch": 200}, "team": {"director": 1}})
    assert len(codes(result)) >= 8
    assert set(codes(result)) <= WARNING_CODES
    assert {"plan_exceeds_budget", "plan_fails_gross_margin"} <= set(codes(result))
    assert all(w.message for w in result.warnings)


@pytest.mark.parametrize(("low", "warned"), [(2_000, False), (2_001, True)])
def test_low_touch_over_scale_limit(low: int, warned: bool) -> None:
    result = run(make_book([30_000.0] * low))
    assert ("low_touch_over_scale_limit" in codes(result)) is warned
