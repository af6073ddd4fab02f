"""Capacity (C4) against DOMAIN.md §1 and §4: required headcount per role, and spans of control."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import numpy as np
import pytest

from postsale.benchmarks import default_benchmarks
from postsale.core.capacity import (
    days_to_next_renewal,
    leadership,
    measure_workload,
    required_headcount,
)
from postsale.core.tiering import assign_tiers
from postsale.keys import ROLE_KEYS, Role
from postsale.results import Headcount
from strategies import TODAY, company_and_benchmarks, make_book, make_workload, plan


def required(raw: dict[str, Any] | None = None, **workload: Any) -> dict[str, int]:
    company, bench = company_and_benchmarks(raw)
    return required_headcount(make_workload(**workload), bench, company).required


def headcount(raw: dict[str, Any] | None = None, **workload: Any) -> Headcount:
    company, bench = company_and_benchmarks(raw)
    return required_headcount(make_workload(**workload), bench, company)


# ------------------------------------------------------------------ CSMs: fungible seats from FTE


@pytest.mark.parametrize(
    ("accounts", "expected"),
    [
        ((0, 0, 0), (0, 0, 0)),
        ((12, 50, 500), (1, 1, 1)),  # 1.0 FTE each: no fractions to pool
        # 13/12, 51/50, 501/500 = 1.083 + 1.02 + 1.002: whole seats 1, 1, 1 and the pooled
        # remainders (0.105) staff one more seat, in the tier with the largest remainder
        ((13, 51, 501), (2, 1, 1)),
        ((1, 1, 1), (1, 0, 0)),  # 0.083 + 0.02 + 0.002 FTE: one pooled seat, not three
        ((24, 100, 1_000), (2, 2, 2)),
        ((25, 101, 1_001), (3, 2, 2)),  # 2.083 + 2.02 + 2.002 = 6.105 → 7 seats
        ((6, 25, 250), (1, 1, 0)),  # 0.5 + 0.5 + 0.5 = 1.5 → 2 seats; ties go in tier order
        ((0, 40, 450), (0, 1, 1)),  # 0.8 + 0.9 = 1.7 → 2 seats
        # 1.1 + 1.1 = 2.2 → 3 seats, not Σ ceil = 4; the tied remainders go in tier order
        ((0, 55, 550), (0, 2, 1)),
    ],
)
def test_csm_seats_are_whole_fte_plus_pooled_remainders(
    accounts: tuple[int, int, int], expected: tuple[int, int, int]
) -> None:
    req = required(tier_accounts=accounts)
    assert (req["csm_high_touch"], req["csm_low_touch"], req["csm_tech_touch"]) == expected


def test_csm_ratio_overrides_apply_per_tier() -> None:
    hc = headcount({"accounts_per_csm": {"high_touch": 10, "low_touch": 40}},
                   tier_accounts=(11, 41, 0))
    assert hc.roles[Role.CSM_HIGH_TOUCH].workload_fte == 1.1  # 11 ÷ 10, not 11 ÷ 12
    assert hc.roles[Role.CSM_LOW_TOUCH].workload_fte == 1.025  # 41 ÷ 40, not 41 ÷ 50
    # 1.1 + 1.025: one seat each and the pooled 0.125 to the larger remainder (high-touch)
    assert (hc.required["csm_high_touch"], hc.required["csm_low_touch"]) == (2, 1)


def test_a_book_with_customers_and_no_csm_work_still_gets_one_csm() -> None:
    # 300 tech-touch accounts with health data and none at risk: 0 FTE, yet someone owns them
    req = required(customers=300, tier_accounts=(0, 0, 300), health_known=True,
                   at_risk_tech_touch=0)
    assert (req["csm_high_touch"], req["csm_low_touch"], req["csm_tech_touch"]) == (0, 0, 1)
    # the seat goes to the tier with the most accounts
    req = required(customers=300, tier_accounts=(0, 10, 290), health_known=True,
                   at_risk_tech_touch=0)
    # 10 ÷ 50 = 0.2 low-touch FTE staffs one pooled seat: the book is not left without a CSM
    assert (req["csm_low_touch"], req["csm_tech_touch"]) == (1, 0)
    req = required(customers=10, tier_accounts=(2, 8, 0), **{})
    assert (req["csm_high_touch"], req["csm_low_touch"]) == (1, 0)  # 0.167 + 0.16: larger remainder
    assert required(customers=0, tier_accounts=(0, 0, 0))["csm_tech_touch"] == 0


def test_tech_touch_csms_are_staffed_on_at_risk_accounts_when_health_is_known() -> None:
    # 3,000 tech-touch accounts: by raw count 3,000 ÷ 500 = 6 CSMs; with health data only the
    # 61 at-risk accounts worth a human count: 61 ÷ 60 = 1.02 FTE → 2 seats (no other tier)
    hc = headcount(customers=3_000, tier_accounts=(0, 0, 3_000), health_known=True,
                   at_risk_tech_touch=61)
    assert hc.required["csm_tech_touch"] == 2
    assert hc.roles[Role.CSM_TECH_TOUCH].workload_fte == round(61 / 60, 4)
    assert "61 at-risk tech-touch accounts" in str(hc.roles[Role.CSM_TECH_TOUCH].formula)
    assert "capacity.at_risk_tech_touch_per_csm" in hc.roles[Role.CSM_TECH_TOUCH].sources
    assert required(customers=3_000, tier_accounts=(0, 0, 3_000))["csm_tech_touch"] == 6


def test_at_risk_tech_touch_counts_only_accounts_worth_a_human() -> None:
    # health below the at-risk threshold on all four; only those at ≥ $5,000 ARR count
    book = make_book([1_000.0, 4_999.0, 5_000.0, 8_000.0], health_score=[10.0] * 4)
    company, bench = company_and_benchmarks()
    work = measure_workload(book, assign_tiers(book, bench), bench, company, TODAY)
    assert work.health_known
    assert work.at_risk_tech_touch == 2


@pytest.mark.parametrize(("tech", "expected"), [(999, 0), (1_000, 1), (10_000, 1), (10_001, 2)])
def test_the_tech_touch_program_needs_cs_ops_from_1000_accounts(tech: int, expected: int) -> None:
    # health data known and nobody at risk: one CSM, far below 8, so CS Ops is the program's alone
    req = required(customers=tech, tier_accounts=(0, 0, tech), health_known=True)
    assert req["cs_ops"] == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({}, math.ceil(2_001 / 500)),  # early automation: 500 per CSM
        ({"company": {"automation_maturity": "mature"}}, math.ceil(2_001 / 2_000)),
        ({"company": {"automation_maturity": "mature"}, "accounts_per_csm": {"tech_touch": 1_000}},
         math.ceil(2_001 / 1_000)),  # the user's own ratio beats the automated default
        ({"company": {"automation_maturity": "early"},
          "benchmarks": {"accounts_per_csm": {"tech_touch_automated": 4_000}}},
         math.ceil(2_001 / 500)),  # automated ratio unused while automation is early
    ],
)
def test_tech_touch_automated_ratio_only_when_mature_and_not_overridden(
    raw: dict[str, Any], expected: int
) -> None:
    assert required(raw, tier_accounts=(0, 0, 2_001))["csm_tech_touch"] == expected


def test_csm_formula_names_the_ratio_key() -> None:
    hc = headcount({"company": {"automation_maturity": "mature"}}, tier_accounts=(0, 10, 1_000))
    assert "accounts_per_csm.tech_touch_automated" in hc.roles[Role.CSM_TECH_TOUCH].sources
    assert "accounts_per_csm.low_touch" in hc.roles[Role.CSM_LOW_TOUCH].sources
    assert str(hc.roles[Role.CSM_TECH_TOUCH].formula) == (
        "1,000 tech-touch accounts ÷ 2,000 per CSM = 0.50 FTE; CSM seats are whole people per tier "
        "plus the pooled remainders (a tier too small for a seat is covered by another's CSM)")
    assert str(hc.roles[Role.CSM_LOW_TOUCH].formula).startswith(
        "10 low-touch accounts ÷ 50 per CSM = 0.20 FTE; ")
    # 0.5 + 0.2 FTE: one pooled seat, in the tier with the larger remainder
    assert (hc.required["csm_low_touch"], hc.required["csm_tech_touch"]) == (0, 1)


# ------------------------------------------------------------------ implementation specialists


@pytest.mark.parametrize(
    ("in_progress", "not_started"), [(0, 0), (6, 0), (3, 3), (13, 0), (24, 0), (0, 40)]
)
def test_accounts_in_onboarding_alone_do_not_size_implementation(
    in_progress: int, not_started: int
) -> None:
    # one throughput model (issue 10): the concurrent load is only a check in the formula; with
    # no new customers a year there is no implementation work to staff
    hc = headcount(onboarding_in_progress=in_progress, onboarding_not_started=not_started)
    assert hc.required["implementation_specialist"] == 0
    assert f"({in_progress + not_started} in onboarding now)" in \
        str(hc.roles[Role.IMPLEMENTATION_SPECIALIST].formula)


@pytest.mark.parametrize(
    ("complexity", "concurrent"), [("low", 15), ("medium", 12), ("high", 8)]
)
def test_implementation_concurrency_by_product_complexity_is_a_check_only(
    complexity: str, concurrent: int
) -> None:
    # 70 new a year at 6 weeks: 70 ÷ 35 = 2.0 FTE whatever the complexity; the concurrent check
    # is 70 × 6 ÷ 52 ÷ concurrent
    hc = headcount({"company": {"product_complexity": complexity}}, onboarding_in_progress=15,
                   new_customers_per_year=70.0)
    row = hc.roles[Role.IMPLEMENTATION_SPECIALIST]
    assert row.required == 2
    assert row.workload_fte == 2.0
    assert f"check: {70 * 6 / 52 / concurrent:.2f} FTE at {concurrent} concurrent" in str(row.formula)
    assert f"capacity.implementations_concurrent.{complexity}" in row.sources


@pytest.mark.parametrize(
    ("in_progress", "new_per_year", "weeks", "expected"),
    [
        (0, 70.0, 6.0, 2),  # 70 new a year ÷ 35 a year = 2.0
        (0, 71.0, 6.0, 3),
        (10, 70.0, 6.0, 2),  # the 10 in onboarding are a check, not a second model
        (30, 70.0, 6.0, 2),  # was max(30 ÷ 12 = 2.5, 2.0) = 3 before issue 10
        (0, 35.0, 12.0, 2),  # 12-week implementations halve the throughput: 35 ÷ 17.5 = 2.0
        (0, 70.0, 3.0, 1),  # 3-week implementations double it: 70 ÷ 70 = 1.0
        (0, 17.0, 6.0, 0),  # 17 ÷ 35 = 0.49: below the minimum FTE
        (0, 17.5, 6.0, 1),  # exactly 0.5 FTE
        (20, 500.0, 0.0, 0),  # 0-week implementations are self-serve: no specialist
        (20, 500.0, -1.0, 0),
    ],
)
def test_implementation_is_new_customers_over_annual_throughput(
    in_progress: int, new_per_year: float, weeks: float, expected: int
) -> None:
    req = required(onboarding_in_progress=in_progress, new_customers_per_year=new_per_year,
                   implementation_weeks=weeks)
    assert req["implementation_specialist"] == expected


def test_zero_week_implementations_are_described_as_self_serve() -> None:
    hc = headcount(new_customers_per_year=500.0, implementation_weeks=0.0)
    row = hc.roles[Role.IMPLEMENTATION_SPECIALIST]
    assert (row.required, row.workload_fte) == (0, 0.0)
    assert str(row.formula).startswith("0-week implementations: self-serve onboarding")


@pytest.mark.parametrize(
    ("onboarding", "expected_fte", "expected"),
    [
        ({}, 2.0, 2),  # high + low specialist (defaults): 70% of 100 = 70 ÷ 35
        ({"low_touch": "csm"}, 0.5714, 1),  # high only: 20 ÷ 35
        ({"high_touch": "automated", "low_touch": "csm"}, 0.0, 0),
        ({"tech_touch": "specialist"}, 2.8571, 3),  # all tiers: 100 ÷ 35
        ({"high_touch": "csm"}, 1.4286, 2),  # low only: 50 ÷ 35
    ],
)
def test_only_tiers_onboarded_by_specialists_count(
    onboarding: dict[str, str], expected_fte: float, expected: int
) -> None:
    hc = headcount({"onboarding": onboarding}, new_customers_per_year=100.0,
                   new_customers_share=(0.2, 0.5, 0.3))
    row = hc.roles[Role.IMPLEMENTATION_SPECIALIST]
    assert row.workload_fte == expected_fte
    assert row.required == expected


def test_onboarding_status_sets_the_pace_without_start_dates_or_targets() -> None:
    # 10 accounts in onboarding at 6 weeks: 10 × 52 ÷ 6 = 86.7 new a year ÷ 35 = 2.48 → 3
    book = make_book([30_000.0] * 40, onboarding_status=["in_progress"] * 10 + ["completed"] * 30)
    company, bench = company_and_benchmarks()
    work = measure_workload(book, assign_tiers(book, bench), bench, company, TODAY)
    assert work.new_customers_per_year == 10 * 52 / 6
    assert str(work.new_customers_source).startswith("10 accounts in onboarding × 52 ÷ 6.0 weeks")
    hc = required_headcount(work, bench, company)
    assert hc.required["implementation_specialist"] == 3


def _new_accounts_book(new: int, old: int, **columns: Any) -> Any:
    recent = np.datetime64(TODAY, "D") - np.timedelta64(30, "D")
    long_ago = np.datetime64(TODAY, "D") - np.timedelta64(800, "D")
    return make_book([30_000.0] * (new + old), start_date=[recent] * new + [long_ago] * old,
                     **columns)


def test_new_customers_are_counted_from_start_dates_in_the_trailing_year() -> None:
    book = _new_accounts_book(70, 30)
    company, bench = company_and_benchmarks()
    work = measure_workload(book, assign_tiers(book, bench), bench, company, TODAY)
    assert work.new_customers_per_year == 70.0
    result, _ = plan(book)
    assert result.headcount.role_based["implementation_specialist"] == 2


def test_start_date_exactly_a_year_ago_is_not_new() -> None:
    year_ago = TODAY - dt.timedelta(days=365)
    book = make_book([30_000.0] * 2, start_date=[year_ago, year_ago + dt.timedelta(days=1)])
    company, bench = company_and_benchmarks()
    work = measure_workload(book, assign_tiers(book, bench), bench, company, TODAY)
    assert work.new_customers_per_year == 1.0


def test_growth_target_drives_the_new_customer_flow_when_faster() -> None:
    book = make_book([30_000.0] * 100)
    no_churn = {"projection": {"grr": 1.0, "nrr": 1.0}}
    result, _ = plan(book, {"growth": [{"months": 12, "customers": 170}], **no_churn})
    # without churn: 170 − 100 = 70 new a year ÷ 35 = 2 specialists
    assert result.headcount.role_based["implementation_specialist"] == 2
    formula = str(result.headcount.roles[Role.IMPLEMENTATION_SPECIALIST].formula)
    assert "[[growth]] target" in formula
    assert "70 net growth + 0 replacing churned customers" in formula


def test_new_customers_include_those_replacing_churned_ones() -> None:
    # GRR 80% with three quarters of the loss as logo churn: about 15% of customers leave in a
    # year, of a base growing from 100 to 170, so growing takes 70 net + ~20 replacements
    book = make_book([30_000.0] * 100)
    churn = {"growth": [{"months": 12, "customers": 170}], "projection": {"grr": 0.8, "nrr": 0.8}}
    result, _ = plan(book, churn)
    formula = str(result.headcount.roles[Role.IMPLEMENTATION_SPECIALIST].formula)
    match = re.search(r"(\d+) new customers a year onboarded by specialists .*: "
                      r"70 net growth \+ (\d+) replacing churned", formula)
    assert match is not None, formula
    replacing = int(match.group(2))
    assert 17 <= replacing <= 24
    assert abs(int(match.group(1)) - (70 + replacing)) <= 1  # each figure rounded on its own
    assert result.headcount.role_based["implementation_specialist"] == 3  # ≈ 91 ÷ 35 = 2.6


def test_implementation_weeks_from_the_book() -> None:
    book = _new_accounts_book(35, 0, implementation_weeks=12.0)
    result, _ = plan(book)
    assert result.headcount.role_based["implementation_specialist"] == 2  # 35 ÷ (35 × 6 / 12)


# ------------------------------------------------------------------ support engineers


@pytest.mark.parametrize(
    ("complexity", "customers", "expected"),
    [
        ("low", 250, 2),  # 250 ÷ 200 = 1.25
        ("medium", 250, 3),  # 250 ÷ 100 = 2.5
        ("high", 250, 5),  # 250 ÷ 50
        ("medium", 49, 0),  # 0.49 FTE: below the minimum
        ("medium", 50, 1),
        ("low", 200, 1),
        ("high", 51, 2),
    ],
)
def test_support_from_customers_by_product_complexity_without_tickets(
    complexity: str, customers: int, expected: int
) -> None:
    req = required({"company": {"product_complexity": complexity}}, customers=customers)
    assert req["support_engineer"] == expected


@pytest.mark.parametrize(("per_day", "expected"), [(50.0, 2), (50.5, 3), (12.0, 0), (12.5, 1)])
def test_support_from_tickets_per_day_when_tickets_are_known(per_day: float, expected: int) -> None:
    # 25 tickets per engineer per day; the customer count no longer matters
    req = required(tickets_known=True, tickets_per_day=per_day, customers=10_000)
    assert req["support_engineer"] == expected


def test_tickets_per_month_become_tickets_per_working_day() -> None:
    book = make_book([30_000.0] * 40, tickets_per_month=25.0)
    result, _ = plan(book, {"benchmarks": {"capacity": {"working_days_per_month": 20}}})
    # 40 × 25 = 1,000 a month ÷ 20 days = 50 a day ÷ 25 = 2 engineers (the ratio would give 0)
    assert result.headcount.required["support_engineer"] == 2
    assert result.headcount.roles[Role.SUPPORT_ENGINEER].workload_fte == 2.0


def test_a_tickets_column_replaces_the_customer_ratio() -> None:
    generous = {"budget": {"share": 1.0}}
    # no tickets at all: the S0 coverage floor for human-touch customers (200 each, simple product)
    with_tickets, _ = plan(make_book([30_000.0] * 300, tickets_per_month=0.0), generous)
    without, _ = plan(make_book([30_000.0] * 300), generous)
    assert with_tickets.headcount.required["support_engineer"] == 2  # 300 ÷ 200 = 1.5
    assert "300 high- and low-touch customers ÷ 200 (S0 coverage floor)" in \
        str(with_tickets.headcount.roles["support_engineer"].formula)
    assert without.headcount.required["support_engineer"] == 3  # 300 ÷ 100 (medium complexity)
    # tech-touch customers are self-served: no floor for them
    self_serve, _ = plan(make_book([5_000.0] * 300, tickets_per_month=0.0), generous)
    assert self_serve.headcount.required["support_engineer"] == 0


# ------------------------------------------------------------------ renewals specialists


@pytest.mark.parametrize(
    ("standard", "complex_", "expected"),
    [
        (100, 0, 1),
        (101, 0, 2),
        (49, 0, 0),  # 0.49 FTE
        (50, 0, 1),
        (0, 50, 1),  # complex enterprise renewals: 50 a year each
        (0, 51, 2),
        (100, 50, 2),  # 100 ÷ 100 + 50 ÷ 50
        (250, 0, 3),
    ],
)
def test_renewals_standard_over_100_plus_complex_over_50(
    standard: int, complex_: int, expected: int
) -> None:
    # complex renewals are high-touch: a desk carries them only when high-touch renewals are
    # desk-owned (the default owner is the CSM, S3)
    req = required({"renewals": {"high_touch": "desk"}},
                   renewals_standard_12m=standard, renewals_complex_12m=complex_)
    assert req["renewals_specialist"] == expected


@pytest.mark.parametrize(
    ("standard", "complex_", "expected"),
    [(100, 0, 1), (0, 50, 0), (0, 200, 0), (100, 50, 1), (101, 200, 2)],
)
def test_complex_renewals_stay_with_the_high_touch_csm_by_default(
    standard: int, complex_: int, expected: int
) -> None:
    # a hand-built workload without renewals_by_tier: its standard renewals are desk work
    req = required(renewals_standard_12m=standard, renewals_complex_12m=complex_)
    assert req["renewals_specialist"] == expected


@pytest.mark.parametrize(
    ("owners", "fte", "expected"),
    [
        ({}, 1.5, 2),  # defaults: only low-touch (150) is desk work
        ({"low_touch": "sales"}, 0.0, 0),
        ({"low_touch": "csm"}, 0.0, 0),
        ({"tech_touch": "desk"}, 5.5, 6),  # 150 + 400
        ({"high_touch": "desk"}, 2.6, 3),  # (30 + 150) ÷ 100 + 40 complex ÷ 50
        ({"high_touch": "desk", "low_touch": "automatic", "tech_touch": "desk"}, 5.1, 6),
        ({"low_touch": "automatic", "tech_touch": "sales"}, 0.0, 0),
    ],
)
def test_only_desk_owned_tiers_count_toward_renewals_specialists(
    owners: dict[str, str], fte: float, expected: int
) -> None:
    hc = headcount({"renewals": owners}, renewals_by_tier=(30, 150, 400),
                   renewals_standard_12m=580, renewals_complex_12m=40)
    row = hc.roles[Role.RENEWALS_SPECIALIST]
    assert row.workload_fte == fte
    assert row.required == expected
    assert "only tiers whose renewals a desk owns count" in str(row.formula)


def test_renewals_by_tier_are_measured_on_the_book() -> None:
    # tiers by ARR: 2 high-touch (one complex enterprise), 3 low-touch, 4 tech-touch
    book = make_book([150_000.0, 150_000.0] + [30_000.0] * 3 + [3_000.0] * 4,
                     segment=["enterprise"] + [None] * 8)
    company, bench = company_and_benchmarks()
    work = measure_workload(book, assign_tiers(book, bench), bench, company, TODAY)
    assert work.renewals_by_tier == (1, 3, 4)
    assert (work.renewals_standard_12m, work.renewals_complex_12m) == (8, 1)


def test_renewals_window_is_the_next_twelve_months() -> None:
    t = np.datetime64(TODAY, "D")
    day = np.timedelta64(1, "D")
    dates = [t, t + 364 * day, t + 365 * day, t + 800 * day, np.datetime64("NaT")]
    book = make_book([30_000.0] * 5, renewal_date=dates)
    company, bench = company_and_benchmarks()
    work = measure_workload(book, assign_tiers(book, bench), bench, company, TODAY)
    # today and today+364 renew; today+365 and a multi-year date do not; no date = annual contract
    assert work.renewals_standard_12m == 3
    assert work.renewals_known


def test_a_past_renewal_date_rolls_forward_to_its_next_anniversary() -> None:
    t = np.datetime64(TODAY, "D")
    day = np.timedelta64(1, "D")
    dates = np.array([t - day, t - 365 * day, t - 366 * day, t - 800 * day, t + 10 * day,
                      np.datetime64("NaT")])
    days = days_to_next_renewal(dates, TODAY)
    assert days[:5].tolist() == [364.0, 0.0, 364.0, 295.0, 10.0]
    assert np.isnan(days[5])
    book = make_book([30_000.0] * 2, renewal_date=[t - day, t - 700 * day])
    company, bench = company_and_benchmarks()
    work = measure_workload(book, assign_tiers(book, bench), bench, company, TODAY)
    assert work.renewals_standard_12m == 2  # a live account past its date still renews this year


def test_complex_renewals_are_high_touch_enterprise_or_high_complexity() -> None:
    book = make_book([150_000.0] * 4 + [30_000.0],
                     segment=["enterprise", None, "mid_market", None, "enterprise"],
                     complexity=[None, "high", "medium", "medium", "high"])
    company, bench = company_and_benchmarks()
    work = measure_workload(book, assign_tiers(book, bench), bench, company, TODAY)
    assert (work.renewals_complex_12m, work.renewals_standard_12m) == (2, 3)


def test_churned_accounts_do_not_renew() -> None:
    result, _ = plan(make_book([30_000.0] * 100 + [0.0] * 100))
    assert result.headcount.role_based["renewals_specialist"] == 1


# ------------------------------------------------------------------ CS Ops
# (Tests through ``plan`` read ``headcount.role_based``: the capacity formulas before the
# recommended org model shapes them — a small book is recommended the generalist model, whose
# CSMs absorb onboarding and renewals.)


@pytest.mark.parametrize(
    ("csms", "maturity", "expected"),
    [
        (7, "early", 0),  # below 8 CSMs the CS leader does ops work
        (8, "early", 1),
        (11, "early", 1),  # round(1.375)
        (12, "early", 2),  # round(1.5), half up
        (20, "early", 3),  # round(2.5), half up
        (7, "mature", 0),
        (8, "mature", 1),  # round(0.44) but at least one once past 8 CSMs
        (26, "mature", 1),  # round(1.44)
        (27, "mature", 2),  # round(1.5)
        (36, "mature", 2),
    ],
)
def test_cs_ops_from_csm_count_and_maturity(csms: int, maturity: str, expected: int) -> None:
    # low-touch CSMs: 50 accounts each
    # team leads' own books set aside (tested below), the CS Ops rule alone
    req = required({"company": {"automation_maturity": maturity},
                    "benchmarks": {"spans": {"team_lead_book_share": 0}}},
                   tier_accounts=(0, 50 * csms, 0))
    assert req["csm_low_touch"] == csms
    assert req["cs_ops"] == expected


@pytest.mark.parametrize(("share", "csms"), [(0.0, 60), (0.5, 53), (0.3, 56)])
def test_team_leads_carry_part_of_a_book(share: float, csms: int) -> None:
    # 60 low-touch books (> 40: team leads) → ceil(60 ÷ 4) = 15 team leads, each carrying `share`
    # of a book (S0): 60 − floor(15 × share) CSM seats
    req = required({"benchmarks": {"spans": {"team_lead_book_share": share}}},
                   tier_accounts=(0, 3_000, 0))
    assert req["team_lead"] == 15
    assert req["csm_low_touch"] == csms


def test_the_team_lead_layer_starts_where_the_benchmark_says() -> None:
    direct = required(tier_accounts=(0, 2_000, 0))  # 40 CSMs: managers lead them directly
    assert direct["team_lead"] == 0
    earlier = required({"benchmarks": {"spans": {"team_leads_from_csms": 20}}},
                       tier_accounts=(0, 2_000, 0))
    assert earlier["team_lead"] == 10


def test_the_role_based_plan_needs_no_tam() -> None:
    assert required(tier_accounts=(100, 100, 100))["tam"] == 0


# ------------------------------------------------------------------ leadership (spans of control)

LEADERS = (Role.TEAM_LEAD, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.CCO)


def layers(ics: int, csms: int, customers: int = 0, functions: int = 0) -> tuple[int, ...]:
    out = leadership(ics, csms, customers, functions, default_benchmarks())
    return tuple(out[r][0] for r in LEADERS)


@pytest.mark.parametrize(
    ("ics", "csms", "expected"),  # (team leads, managers, directors, vp, cco)
    [
        (0, 0, (0, 0, 0, 0, 0)),
        (3, 3, (0, 0, 0, 0, 0)),  # ≤ 3 people: founders lead
        (4, 4, (0, 1, 0, 0, 0)),  # one manager-level Head of CS
        (10, 10, (0, 1, 0, 0, 0)),
        (11, 10, (0, 2, 0, 0, 0)),  # ceil(11 ÷ 8) managers; the Head of CS is one of them
        (11, 11, (0, 2, 0, 0, 0)),  # 11 CSMs: two managers lead them directly (5–10 each)
        (14, 5, (0, 2, 0, 0, 0)),  # < 15 people (S0 director band 15–30): no director yet
        (15, 5, (0, 2, 1, 0, 0)),  # 15 people: the Head of CS is a director
        (30, 5, (0, 4, 1, 0, 0)),  # 30 people, 4 managers: still a director head
        (31, 5, (0, 4, 0, 1, 0)),  # 31 people: a VP heads the org
        (30, 13, (0, 4, 1, 0, 0)),  # 13 CSMs led directly: 4 managers under a director head
        (40, 40, (0, 5, 2, 1, 0)),  # 40 CSMs ≤ spans.team_leads_from_csms: managers, directors
        (60, 50, (13, 7, 3, 1, 0)),  # 50 CSMs > 40: player-coach team leads (4 each)
    ],
)
def test_spans_of_control(ics: int, csms: int, expected: tuple[int, ...]) -> None:
    assert layers(ics, csms) == expected


@pytest.mark.parametrize(
    ("customers", "ics", "functions", "cco"),
    [
        (1_000, 50, 3, 1),
        (999, 50, 3, 0),
        (1_000, 49, 3, 0),
        (1_000, 50, 2, 0),
        (5_000, 200, 4, 1),
    ],
)
def test_cco_from_1000_customers_50_people_and_3_functions(
    customers: int, ics: int, functions: int, cco: int
) -> None:
    assert layers(ics, 20, customers, functions)[-1] == cco


def test_leadership_reasons_name_the_spans() -> None:
    out = leadership(60, 50, 0, 1, default_benchmarks())
    assert str(out[Role.TEAM_LEAD][1]) == "ceil(50 CSMs ÷ 4) = 13"
    direct = leadership(11, 11, 0, 1, default_benchmarks())
    assert str(direct[Role.TEAM_LEAD][1]) == "11 CSMs ≤ 40: managers lead the CSMs directly (5–10 each)"


# ------------------------------------------------------------------ the headcount table


def test_headcount_table_is_consistent() -> None:
    hc = headcount({"team": {"csm_low_touch": 3, "director": 1}},
                   customers=400, tier_accounts=(20, 150, 230), renewals_standard_12m=400,
                   onboarding_in_progress=20)
    bench = default_benchmarks()
    assert set(hc.required) == {str(r) for r in ROLE_KEYS} | {"total"}
    assert hc.required["total"] == sum(v for k, v in hc.required.items() if k != "total")
    assert hc.current["csm_low_touch"] == 3
    assert hc.current["total"] == 4
    for role in ROLE_KEYS:
        row = hc.roles[role]
        assert row.gap == row.required - row.current == hc.gap[str(role)]
        assert row.cost == row.required * bench.value(f"costs.{role}")
        assert f"costs.{role}" in row.sources


def test_role_counts_over_arrays_equal_each_element_alone() -> None:
    """The projection sizes every path and month at once; each cell must match the plan's rule."""
    import numpy as np

    from postsale.benchmarks import default_benchmarks
    from postsale.company import Company
    from postsale.core.capacity import WorkloadArrays, role_counts

    rng = np.random.default_rng(8)
    shape = (6, 7)
    arrays = WorkloadArrays(
        tier_accounts=rng.integers(0, 400, (*shape, 3)),
        onboarding_active=rng.uniform(0, 60, shape),
        new_customers_per_year=rng.uniform(0, 500, shape),
        implementation_weeks=6.0,
        tickets_per_day=rng.uniform(0, 80, shape),
        renewals_standard_12m=rng.uniform(0, 900, shape),
        renewals_complex_12m=rng.uniform(0, 60, shape),
    )
    bench = default_benchmarks()
    counts, _ = role_counts(arrays, bench, Company())
    for i, j in np.ndindex(shape):
        alone, _ = role_counts(_element(arrays, i, j), bench, Company())
        for role, values in counts.items():
            assert values[i, j] == int(alone[role]), (role, i, j)
    assert counts[next(iter(counts))].shape == shape


def test_role_counts_with_tier_splits_over_arrays_equal_each_element_alone() -> None:
    """The issue-10 inputs (renewals per tier, onboarding share, at-risk tech-touch) vectorize too."""
    from postsale.core.capacity import WorkloadArrays, role_counts

    rng = np.random.default_rng(10)
    shape = (5, 6)
    tier_accounts = rng.integers(0, 30, (*shape, 3))
    tier_accounts[0, :, :2] = 0  # tech-touch only: the one-CSM floor when nobody is at risk
    arrays = WorkloadArrays(
        tier_accounts=tier_accounts,
        onboarding_active=rng.uniform(0, 60, shape),
        new_customers_per_year=rng.uniform(0, 100, shape),
        implementation_weeks=8.0,
        tickets_per_day=None,
        renewals_standard_12m=rng.uniform(0, 900, shape),
        renewals_complex_12m=rng.uniform(0, 60, shape),
        renewals_by_tier=rng.uniform(0, 300, (*shape, 3)),
        new_customers_share=np.array([0.2, 0.5, 0.3]),
        tech_at_risk=np.where(rng.uniform(size=shape) < 0.3, 0.0, rng.uniform(0, 150, shape)),
    )
    company, bench = company_and_benchmarks({"renewals": {"high_touch": "desk"},
                                             "onboarding": {"low_touch": "csm"}})
    counts, _ = role_counts(arrays, bench, company)
    for i, j in np.ndindex(shape):
        alone, _ = role_counts(_element(arrays, i, j), bench, company)
        for role, values in counts.items():
            assert values[i, j] == int(alone[role]), (role, i, j)
        csms = sum(int(alone[r]) for r in (Role.CSM_HIGH_TOUCH, Role.CSM_LOW_TOUCH,
                                           Role.CSM_TECH_TOUCH))
        assert csms >= (1 if arrays.tier_accounts[i, j].sum() > 0 else 0)


def test_month_to_month_contracts_have_no_renewal_event() -> None:
    # 300 low-touch accounts renewing within the year; 100 of them pay month to month (DOMAIN §10.3)
    renew = dt.date(2027, 3, 1)
    book = make_book([30_000.0] * 300, renewal_date=renew,
                     contract_term_months=[1.0] * 100 + [12.0] * 200)
    result, _ = plan(book, {"budget": {"share": 1.0}})
    formula = str(result.headcount.roles["renewals_specialist"].formula)
    assert formula.startswith("200 standard renewals ÷ 100")
    assert "100 month-to-month accounts have no renewal event" in formula
    assert result.headcount.required["renewals_specialist"] == 2


def _element(arrays: Any, i: int, j: int) -> Any:
    """The (i, j) element of every per-element field of a (paths, months) WorkloadArrays; fields
    that are not per element (implementation weeks, the new-customer tier share) stay as they are."""
    import dataclasses

    shape = np.shape(arrays.onboarding_active)
    return dataclasses.replace(arrays, **{
        f.name: getattr(arrays, f.name)[i, j] for f in dataclasses.fields(arrays)
        if isinstance(getattr(arrays, f.name), np.ndarray)
        and getattr(arrays, f.name).shape[:2] == shape})
