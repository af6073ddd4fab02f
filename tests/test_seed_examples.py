"""The seeds' own worked examples (DOMAIN.md §6 and §8) with their exact figures.

First through the formulas of ``postsale.core.economics``, then through the whole plan with a
company file that sets the seeds' costs and ratios, then the capacity rules of S0.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from postsale.api import demo_inputs
from postsale.benchmarks import default_benchmarks
from postsale.core.economics import cost_per_customer, cost_share, revenue_multiple, share_verdict
from postsale.core.plan import build_plan
from postsale.keys import Role, Tier
from strategies import TODAY, make_book, plan

# ------------------------------------------------------------------ S3 worked mid-market example

COMFORTABLE = default_benchmarks().value("economics.cost_share_comfortable")


def test_s3_mid_market_cost_per_customer_is_3200() -> None:
    # CSM $120K fully loaded ÷ 50 accounts = $2,400 + shared $600 + technology $200
    assert cost_per_customer(120_000, 50) == 2_400
    assert cost_per_customer(120_000, 50, shared=600, technology=200) == 3_200


@pytest.mark.parametrize(
    ("acv", "share", "verdict"),
    [
        (30_000, 0.107, "workable"),  # "workable if margins allow"
        (15_000, 0.213, "too_expensive"),  # "too expensive unless retention is exceptional"
    ],
)
def test_s3_affordability_of_3200_at_each_acv(acv: int, share: float, verdict: str) -> None:
    assert round(cost_share(3_200, acv), 3) == share
    assert share_verdict(cost_share(3_200, acv), COMFORTABLE, 0.15) == verdict


def test_s3_affordability_at_60k_is_5_point_3_percent() -> None:
    assert round(cost_share(3_200, 60_000), 3) == 0.053
    assert revenue_multiple(3_200, 60_000) == 18.75


def test_s3_5_point_3_percent_is_comfortable() -> None:
    assert share_verdict(cost_share(3_200, 60_000), COMFORTABLE, 0.15) == "comfortable"


def test_s3_high_touch_example_12500_is_12_5_percent_of_100k() -> None:
    assert cost_per_customer(150_000, 12) == 12_500
    assert cost_share(12_500, 100_000) == 0.125
    assert revenue_multiple(12_500, 100_000) == 8.0  # inside the 5–10× high-touch band


def test_s3_opening_example_3000_is_10_percent_of_30k() -> None:
    assert cost_per_customer(120_000, 40) == 3_000
    assert cost_share(3_000, 30_000) == 0.10
    assert share_verdict(0.10, COMFORTABLE, 0.15) == "workable"


def test_s3_high_touch_12_5_percent_is_tight_but_workable() -> None:
    assert share_verdict(0.125, COMFORTABLE, 0.15) == "workable"


def test_s3_over_service_example() -> None:
    # a dedicated CSM for $10K customers costing $3K a year each: 30% of revenue
    assert share_verdict(cost_share(3_000, 10_000), COMFORTABLE, 0.15) == "too_expensive"


def test_the_default_benchmarks_reproduce_the_s3_figures() -> None:
    bench = default_benchmarks()
    low = cost_per_customer(bench.value("costs.csm_low_touch"),
                            bench.value("accounts_per_csm.low_touch"),
                            bench.value("per_customer_costs.shared"),
                            bench.value("per_customer_costs.technology"))
    assert low == 3_200 == bench.value("economics.cost_per_customer.low_touch")
    high = cost_per_customer(bench.value("costs.csm_high_touch"),
                             bench.value("accounts_per_csm.high_touch"))
    assert high == 12_500 == bench.value("economics.cost_per_customer.high_touch")


# ------------------------------------------------------------------ the same figures through the plan

SEED_LOW_TOUCH = {
    "accounts_per_csm": {"low_touch": 50},
    "costs": {"csm_low_touch": 120_000},
    "per_customer_costs": {"shared": 600, "technology": 200},
}
# Plan-level tests of a capacity or cost rule fund the needed plan: no lever moves accounts or
# widens books (issue 10: the default budget is min(15% of ARR, a third of the gross margin)).
GENEROUS = {"budget": {"share": 1.0}}


@pytest.mark.parametrize(
    ("acv", "share", "multiple"),
    [(30_000.0, 0.1067, 9.375), (15_000.0, 0.2133, 4.6875), (60_000.0, 0.0533, 18.75)],
)
def test_s3_mid_market_example_through_the_plan(acv: float, share: float, multiple: float) -> None:
    # 150 mid-market customers: 3 CSMs at $120K, 50 accounts each (the specialist chart, so no CSM
    # absorbs onboarding or renewals work as in a generalist team)
    result, _ = plan(make_book([acv] * 150), SEED_LOW_TOUCH | GENEROUS)
    assert result.funding.status == "needed_fits"
    low = result.economics.per_tier[Tier.LOW_TOUCH]
    assert result.tiers[Tier.LOW_TOUCH].accounts == 150
    assert result.headcount.required["csm_low_touch"] == 3
    assert (low.csm_cost, low.accounts_per_csm) == (120_000, 50)
    assert low.direct_cost_per_customer == 2_400  # S3: $120K ÷ 50 accounts
    assert low.technology_cost_per_customer == 200
    # S3's worked figure from the plan's own direct cost: + $600 shared + $200 technology = $3,200
    s3 = cost_per_customer(low.csm_cost, low.accounts_per_csm, shared=600,
                           technology=low.technology_cost_per_customer)
    assert s3 == 3_200
    assert round(cost_share(s3, acv), 4) == share
    assert revenue_multiple(s3, acv) == pytest.approx(multiple)
    # full cost (DOMAIN.md §10.1): the plan's own shared roles replace the flat $600 — 2 support
    # engineers ($190K), 2 renewals specialists ($220K) and a manager ($175K) over 150 accounts
    assert low.shared_cost_per_customer == 3_900
    assert low.cost_per_customer == 6_500
    assert low.cost_share_of_revenue == pytest.approx(6_500 / acv)
    assert ("CSMs $360,000 + shared roles (support, onboarding, renewals, ops, leadership) $585,000 "
            "over 150 accounts = $2,400 + $3,900, + technology $200 = $6,500 per customer"
            in str(low.explanation))


def test_s3_high_touch_example_through_the_plan() -> None:
    raw = {"accounts_per_csm": {"high_touch": 12}, "costs": {"csm_high_touch": 150_000},
           "per_customer_costs": {"shared": 0, "technology": 0}}
    result, _ = plan(make_book([100_000.0] * 12), raw)
    high = result.economics.per_tier[Tier.HIGH_TOUCH]
    assert result.tiers[Tier.HIGH_TOUCH].accounts == 12
    assert high.cost_per_customer == 12_500
    assert high.cost_share_of_revenue == 0.125
    assert high.verdict == "workable"  # "tight but workable with healthy gross margin"
    assert result.headcount.required["csm_high_touch"] == 1


def test_s3_opening_example_through_the_plan() -> None:
    raw = {"accounts_per_csm": {"low_touch": 40}, "costs": {"csm_low_touch": 120_000},
           "per_customer_costs": {"shared": 0, "technology": 0}}
    result, _ = plan(make_book([30_000.0] * 40), raw)
    low = result.economics.per_tier[Tier.LOW_TOUCH]
    assert low.cost_per_customer == 3_000
    assert low.cost_share_of_revenue == pytest.approx(0.10)


def test_overridden_figures_are_marked_with_their_origin() -> None:
    # 135 accounts ÷ 45 per CSM = 3 CSMs at the overridden $110K (a generous budget: no lever
    # widens the overridden book)
    result, _ = plan(make_book([30_000.0] * 135),
                     {"accounts_per_csm": {"low_touch": 45}, "costs": {"csm_low_touch": 110_000},
                      **GENEROUS})
    entries = result.benchmarks["entries"]
    assert entries["accounts_per_csm.low_touch"]["overridden"] is True
    assert entries["accounts_per_csm.low_touch"]["default"] == 50
    assert entries["costs.csm_low_touch"]["value"] == 110_000
    assert entries["costs.csm_high_touch"]["overridden"] is False
    low = result.economics.per_tier[Tier.LOW_TOUCH]
    assert result.headcount.required["csm_low_touch"] == 3
    assert (low.csm_cost, low.accounts_per_csm) == (110_000, 45)
    assert low.direct_cost_per_customer == pytest.approx(110_000 / 45)
    assert low.cost_per_customer == pytest.approx(
        110_000 / 45 + low.shared_cost_per_customer + 200)


def test_s3_scale_projection_high_touch_at_30k_needs_a_40_person_team() -> None:
    # "500 customers … high-touch at $30K ACV would need a ~40-person CS team"
    book = make_book([30_000.0] * 500, tier_override="high_touch")
    needed, _ = plan(book, GENEROUS)
    # 42 books: 37 CSMs and 11 team leads carrying half a book each (S0)
    hc = needed.headcount.required
    assert hc["csm_high_touch"] + hc["team_lead"] // 2 == math.ceil(500 / 12) == 42
    # … and S3's answer: the default budget (15% of $15M = $2.25M) cannot carry it. The needed
    # plan is kept beside the funded one, whose levers widen books to the top of the seed band
    funded, _ = plan(book)
    assert funded.funding.status == "exceeds_budget"
    assert funded.funding.budget.amount == pytest.approx(2_250_000)
    need = funded.funding.needed_headcount
    assert need["csm_high_touch"] + need["team_lead"] // 2 == 42
    assert [s.lever for s in funded.funding.steps] == ["widen_books"]
    funded_hc = funded.headcount.required
    assert funded_hc["csm_high_touch"] + funded_hc["team_lead"] // 2 == math.ceil(500 / 15) == 34


# ------------------------------------------------------------------ S0 capacity rules


def test_s0_renewals_rule_renewals_in_the_next_12_months_over_100() -> None:
    # $30K accounts are low-touch, whose renewals the desk owns by default (DOMAIN.md §10.3)
    t = np.datetime64(TODAY, "D")
    renewing = [t + np.timedelta64(d, "D") for d in range(0, 300)]  # 300 within the year
    later = [t + np.timedelta64(400, "D")] * 150  # renew after the 12-month window
    book = make_book([30_000.0] * 450, renewal_date=renewing + later)
    result, _ = plan(book, GENEROUS)
    assert result.tiers[Tier.LOW_TOUCH].accounts == 450
    assert result.headcount.required["renewals_specialist"] == 300 // 100
    assert str(result.headcount.roles["renewals_specialist"].formula).startswith(
        "300 standard renewals ÷ 100 + 0 complex enterprise ÷ 50 in the next 12 months = 3.00 FTE")
    trigger = next(t for t in result.triggers if t.key == "renewals_pipeline_exceeds_capacity")
    assert (trigger.measured, trigger.fired) == (300.0, True)
    # the same renewals owned by the low-touch CSMs staff no renewals desk
    owned, _ = plan(book, {**GENEROUS, "renewals": {"low_touch": "csm"}})
    assert owned.headcount.required["renewals_specialist"] == 0


def test_s0_one_renewals_specialist_costs_less_than_three_csms() -> None:
    bench = default_benchmarks()
    lo, hi = bench.band("capacity.renewals_per_specialist")
    assert lo <= 120 <= hi  # 120 renewals a year is one specialist's load
    assert bench.value("costs.renewals_specialist") < 3 * bench.value("costs.csm_low_touch")


def test_s0_implementation_capacity_is_in_the_benchmark_data() -> None:
    bench = default_benchmarks()
    assert bench.band("capacity.implementations_concurrent.medium") == (8, 15)
    assert bench.band("capacity.implementations_per_year") == (25, 45)
    assert bench.band("capacity.implementation_weeks") == (4, 8)
    assert bench.value("capacity.implementations_concurrent.low") <= 20  # simple product
    assert bench.band("capacity.implementations_concurrent.high")[0] == 5  # enterprise platform
    # 4–8-week implementations: a specialist with 8–15 at once turns over ~25–45 a year
    per_year = bench.value("capacity.implementations_per_year")
    assert 25 <= per_year <= 45


def test_s0_opening_story_300_customers_one_head_of_cs() -> None:
    """S0/S1 through the built-in demo: 300 customers and a single Head of CS doing onboarding,
    adoption, escalations, renewals and expansion for every account (``[team] director = 1``)."""
    book, company = demo_inputs(TODAY)
    result, _ = build_plan(book, company, company.apply(default_benchmarks()), TODAY)
    assert result.customers == 300
    assert dict(company.team) == {Role.DIRECTOR: 1}
    assert result.stage.number == 3  # a stage-3 book …
    assert result.stage.team_stage == 1  # … run by a stage-1 team
    assert str(result.stage.reasons[0]) == ("300 customers (200–500 customers) and $11.05M ARR "
                                            "($6.00M–$15.00M ARR): a stage-3 (Scaled operations) "
                                            "book")
    assert result.phase.number == 1
    codes = {w.code for w in result.warnings}
    assert {"single_leader_drowning", "team_behind_stage"} <= codes
    drowning = next(w for w in result.warnings if w.code == "single_leader_drowning")
    assert str(drowning.message).startswith(
        "300 customers rest on 1 CS person; one person carries 50–75 accounts end to end")
    # the structure the book needs fits the demo's budget: nine hires around the Head of CS
    assert result.funding.status == "needed_fits"
    assert {k: v for k, v in result.headcount.required.items() if v} == {
        "csm_high_touch": 3, "csm_low_touch": 2, "implementation_specialist": 2,
        "support_engineer": 1, "renewals_specialist": 1, "manager": 1, "total": 10}
    assert result.headcount.gap["total"] == 9
