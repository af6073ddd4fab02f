"""Hiring triggers against DOMAIN.md §4 (S0 §Key ratios): each fires at its threshold, not below."""

from __future__ import annotations

from typing import Any

import pytest

from postsale.core.capacity import required_headcount
from postsale.core.triggers import evaluate_triggers
from postsale.results import Trigger
from strategies import company_and_benchmarks, make_book, make_workload, plan

KEYS = (
    "high_touch_accounts_per_csm",
    "low_touch_accounts_per_csm",
    "tech_touch_health_capacity",
    "implementation_backlog_months",
    "support_tickets_per_engineer_per_day",
    "renewals_pipeline_exceeds_capacity",
    "first_cs_ops",
)


def triggers(team: dict[str, int] | None = None, raw: dict[str, Any] | None = None,
             **workload: Any) -> dict[str, Trigger]:
    company, bench = company_and_benchmarks({**(raw or {}), "team": team or {}})
    work = make_workload(**workload)
    hc = required_headcount(work, bench, company)
    out = evaluate_triggers(work, hc, bench, company)
    return {t.key: t for t in out}


def test_every_trigger_is_reported_in_a_stable_order() -> None:
    result, _ = plan(make_book([30_000.0] * 10))
    assert tuple(t.key for t in result.triggers) == KEYS


# ------------------------------------------------------------------ CSM load


@pytest.mark.parametrize(
    ("accounts", "csms", "fired"),
    [(12, 1, True), (11, 1, False), (24, 2, True), (23, 2, False), (12, 0, True), (0, 0, False)],
)
def test_high_touch_trigger_at_12_accounts_per_csm(accounts: int, csms: int, fired: bool) -> None:
    t = triggers({"csm_high_touch": csms}, tier_accounts=(accounts, 0, 0))
    trigger = t["high_touch_accounts_per_csm"]
    assert trigger.fired is fired
    assert trigger.threshold == 12
    assert trigger.measured == accounts / max(csms, 1)


@pytest.mark.parametrize(
    ("accounts", "csms", "fired"),
    [(60, 1, True), (59, 1, False), (180, 3, True), (179, 3, False), (60, 0, True)],
)
def test_low_touch_trigger_at_60_accounts_per_csm(accounts: int, csms: int, fired: bool) -> None:
    t = triggers({"csm_low_touch": csms}, tier_accounts=(0, accounts, 0))
    assert t["low_touch_accounts_per_csm"].fired is fired


def test_csm_triggers_do_not_mix_tiers() -> None:
    t = triggers({"csm_low_touch": 1}, tier_accounts=(0, 30, 5_000))
    assert not t["low_touch_accounts_per_csm"].fired


@pytest.mark.parametrize(("at_risk", "fired"), [(60, True), (59, False)])
def test_tech_touch_trigger_counts_at_risk_accounts_not_raw_accounts(
    at_risk: int, fired: bool
) -> None:
    t = triggers({"csm_tech_touch": 1}, tier_accounts=(0, 0, 10_000), health_known=True,
                 at_risk_tech_touch=at_risk)
    assert t["tech_touch_health_capacity"].fired is fired


def test_tech_touch_trigger_needs_health_scores() -> None:
    t = triggers(tier_accounts=(0, 0, 10_000), at_risk_tech_touch=1_000)
    trigger = t["tech_touch_health_capacity"]
    assert not trigger.evaluable
    assert not trigger.fired
    assert trigger.measured is None


def test_tech_touch_at_risk_count_from_the_book() -> None:
    book = make_book([5_000.0] * 4, health_score=[10.0, 39.9, 40.0, None])
    result, _ = plan(book, {"benchmarks": {"triggers": {"tech_touch_at_risk_per_csm": 2}}})
    trigger = next(t for t in result.triggers if t.key == "tech_touch_health_capacity")
    assert trigger.measured == 2.0
    assert trigger.fired


# ------------------------------------------------------------------ implementation backlog


@pytest.mark.parametrize(
    ("in_progress", "new_per_year", "fired"),
    [(105, 0.0, True), (104, 0.0, False), (0, 420.0, True), (5, 400.0, True), (0, 416.0, False)],
)
def test_implementation_trigger_at_three_months_of_backlog(
    in_progress: int, new_per_year: float, fired: bool
) -> None:
    # 12 specialists × 35 a year = 35 a month; 3 months = 105 accounts (in onboarding plus the next
    # quarter's new customers)
    t = triggers({"implementation_specialist": 12}, onboarding_in_progress=in_progress,
                 new_customers_per_year=new_per_year)
    trigger = t["implementation_backlog_months"]
    assert trigger.fired is fired
    assert trigger.threshold == 3


def test_implementation_backlog_with_nobody_in_seat_falls_on_one_person() -> None:
    # one person at 35 a year ≈ 2.9 a month: 9 accounts waiting is ≥ 3 months, 8 is not
    assert triggers(onboarding_in_progress=9)["implementation_backlog_months"].fired
    assert not triggers(onboarding_in_progress=8)["implementation_backlog_months"].fired
    assert not triggers()["implementation_backlog_months"].fired


# ------------------------------------------------------------------ support tickets


@pytest.mark.parametrize(
    ("per_day", "engineers", "fired"),
    [
        (25.0, 1, False),  # DOMAIN §4: hire when tickets per engineer *exceed* 20–30 a day
        (25.5, 1, True),
        (50.0, 2, False),
        (51.0, 2, True),
        (26.0, 0, True),  # nobody in seat: the load falls on one person
    ],
)
def test_support_trigger_above_25_tickets_per_engineer_per_day(
    per_day: float, engineers: int, fired: bool
) -> None:
    t = triggers({"support_engineer": engineers}, tickets_known=True, tickets_per_day=per_day)
    trigger = t["support_tickets_per_engineer_per_day"]
    assert trigger.fired is fired
    assert trigger.threshold == 25


def test_support_trigger_needs_ticket_volumes() -> None:
    trigger = triggers(customers=5_000)["support_tickets_per_engineer_per_day"]
    assert not trigger.evaluable
    assert not trigger.fired


# ------------------------------------------------------------------ renewals pipeline


@pytest.mark.parametrize(
    ("standard", "complex_", "specialists", "fired"),
    [
        (100, 0, 1, False),  # pipeline equals one specialist's capacity
        (101, 0, 1, True),  # exceeds it
        (200, 0, 2, False),
        (150, 25, 2, False),  # 150 ÷ 100 + 25 ÷ 50 = 2.0 FTE: exactly two people
        (150, 26, 2, True),  # 2.02 FTE
        (50, 0, 0, True),  # nobody in seat: fires once the work reaches half a person
        (49, 0, 0, False),
        (0, 51, 1, True),  # complex renewals count at 50 a year
        (0, 50, 1, False),
    ],
)
def test_renewals_trigger_when_the_pipeline_exceeds_capacity(
    standard: int, complex_: int, specialists: int, fired: bool
) -> None:
    # complex (high-touch) renewals are desk work only when high-touch renewals are desk-owned
    t = triggers({"renewals_specialist": specialists}, {"renewals": {"high_touch": "desk"}},
                 renewals_standard_12m=standard, renewals_complex_12m=complex_)
    assert t["renewals_pipeline_exceeds_capacity"].fired is fired


@pytest.mark.parametrize(
    ("owners", "specialists", "fired"),
    [
        ({}, 0, False),  # defaults: complex renewals stay with the high-touch CSM
        ({}, 1, False),
        ({"high_touch": "desk"}, 1, True),  # 60 ÷ 50 = 1.2 FTE > 1
        ({"high_touch": "sales"}, 0, False),
    ],
)
def test_renewals_trigger_counts_only_desk_owned_renewals(
    owners: dict[str, str], specialists: int, fired: bool
) -> None:
    t = triggers({"renewals_specialist": specialists}, {"renewals": owners},
                 renewals_complex_12m=60)
    assert t["renewals_pipeline_exceeds_capacity"].fired is fired


@pytest.mark.parametrize(
    ("owners", "specialists", "fired"),
    [
        ({}, 1, True),  # the low-touch desk: 150 ÷ 100 = 1.5 FTE > 1
        ({}, 2, False),
        ({"low_touch": "sales"}, 0, False),  # tech-touch automatic, low-touch with sales: no desk
        ({"tech_touch": "desk"}, 2, True),  # (150 + 400) ÷ 100 = 5.5 FTE
    ],
)
def test_renewals_trigger_follows_ownership_per_tier(
    owners: dict[str, str], specialists: int, fired: bool
) -> None:
    t = triggers({"renewals_specialist": specialists}, {"renewals": owners},
                 renewals_by_tier=(30, 150, 400), renewals_standard_12m=580)
    assert t["renewals_pipeline_exceeds_capacity"].fired is fired


def test_renewals_trigger_measures_the_desk_pipeline() -> None:
    # 30 high-touch (CSM-owned) + 400 tech-touch (automatic) + 150 low-touch (desk) renewals
    t = triggers({"renewals_specialist": 2}, renewals_by_tier=(30, 150, 400),
                 renewals_standard_12m=580)["renewals_pipeline_exceeds_capacity"]
    assert (t.measured, t.threshold, t.fired) == (150.0, 200.0, False)
    assert str(t.message) == ("150 renewals due in 12 months on the desk (low-touch; 0 complex) = "
                         "1.50 FTE at 100/50 a year; 2 renewals specialists in seat")


def test_renewals_trigger_counts_complex_renewals_when_the_desk_owns_high_touch() -> None:
    # high-touch on the desk: its 60 complex renewals ÷ 50 join the pipeline (S0)
    t = triggers({"renewals_specialist": 1}, {"renewals": {"high_touch": "desk"}},
                 renewals_by_tier=(30, 150, 400), renewals_standard_12m=580,
                 renewals_complex_12m=60)["renewals_pipeline_exceeds_capacity"]
    assert (t.measured, t.threshold, t.fired) == (240.0, 100.0, True)
    assert "on the desk (high-touch and low-touch; 60 complex) = 3.00 FTE" in str(t.message)


def test_renewals_trigger_is_not_evaluable_without_a_desk() -> None:
    t = triggers({"renewals_specialist": 1}, {"renewals": {"low_touch": "sales"}},
                 renewals_by_tier=(30, 150, 400),
                 renewals_standard_12m=580)["renewals_pipeline_exceeds_capacity"]
    assert (t.evaluable, t.fired, t.measured) == (False, False, None)
    assert str(t.message) == ("no renewals desk: renewals owned by high-touch CSMs, low-touch sales, "
                         "tech-touch automatic")


# ------------------------------------------------------------------ first CS Ops


@pytest.mark.parametrize(
    ("team", "fired"),
    [
        ({"csm_low_touch": 8}, True),
        ({"csm_low_touch": 7}, False),
        ({"csm_high_touch": 3, "csm_low_touch": 4, "csm_tech_touch": 1}, True),
        ({"csm_low_touch": 8, "cs_ops": 1}, False),  # already hired
        ({"csm_low_touch": 2, "manager": 6}, False),  # leaders are not CSMs
    ],
)
def test_first_cs_ops_at_8_csms_in_seat(team: dict[str, int], fired: bool) -> None:
    assert triggers(team)["first_cs_ops"].fired is fired
