"""The hiring calendar (core/projection/hiring.py): lead time, ramp, shortfalls and invariants."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postsale.benchmarks import default_benchmarks
from postsale.company import company_from_mapping
from postsale.core.benchmarks import Benchmarks
from postsale.core.projection.hiring import (
    HiringPlan,
    RoleCalendar,
    hiring_calendar,
    lead_time_weeks,
    ramp_curve,
    role_ramp,
)
from postsale.keys import Role

BENCH = default_benchmarks()
HT = Role.CSM_HIGH_TOUCH
TODAY = dt.date(2027, 1, 15)  # + 10 weeks = 2027-03-26 (month 2); fully productive from month 5
RAMP = (0.25, 0.5, 0.75, 1.0)


def _month(start: dt.date, day: dt.date) -> int:
    return (day.year - start.year) * 12 + day.month - start.month


def _capacity(
    plan: HiringPlan, cal: RoleCalendar, seated: int, month: int, *, upto: int | None = None
) -> float:
    """Recompute capacity independently of the module: seats plus the ramp share of each hire."""
    total = float(seated)
    for hire in cal.hires:
        if upto is not None and hire.month_needed > upto:
            continue
        since = month - _month(plan.start, hire.start_date)
        if since >= 0:
            total += RAMP[since] if since < len(RAMP) else 1.0
    return total


def test_default_ramp_and_lead_time_come_from_the_benchmarks() -> None:
    assert ramp_curve(BENCH) == RAMP
    assert lead_time_weeks(HT, BENCH) == 10
    for month, share in enumerate(RAMP, start=1):
        assert "§9" in BENCH[f"hiring.ramp.month_{month}"].source
        assert BENCH.value(f"hiring.ramp.month_{month}") == share


def test_a_flat_need_covered_by_the_seats_hires_no_one() -> None:
    plan = hiring_calendar({HT: [4] * 24}, {HT: 4}, TODAY, BENCH)
    cal = plan.calendar(HT)
    assert plan.hires == ()
    assert plan.shortfalls == ()
    assert all(m.in_seat == 4 and m.capacity == 4 and m.shortfall == 0 and m.surplus == 0 for m in cal.months)


def test_a_step_up_in_month_9_opens_the_requisition_early_enough() -> None:
    plan = hiring_calendar({HT: [3] * 9 + [5] * 15}, {HT: 3}, TODAY, BENCH)
    cal = plan.calendar(HT)
    assert cal.first_reachable_month == 5
    assert len(plan.hires) == 2
    for hire in plan.hires:
        assert hire.role is HT
        assert hire.month_needed == 9
        assert hire.start_date == dt.date(2027, 7, 1)  # ramp starts in month 6
        assert hire.open_date == dt.date(2027, 4, 22)  # 70 days earlier
        assert hire.productive_date == dt.date(2027, 10, 1)  # 100% in month 9
        assert hire.trigger == "5 high-touch CSMs needed in October 2027; 3 in seat and ramping"
    # ramp math, month by month: 2 hires × 25/50/75/100%
    assert [m.capacity for m in cal.months[5:11]] == [3, 3.5, 4, 4.5, 5, 5]
    assert [m.in_seat for m in cal.months[5:11]] == [3, 5, 5, 5, 5, 5]
    assert [m.ramping for m in cal.months[5:11]] == [0, 2, 2, 2, 0, 0]
    assert [m.open_requisitions for m in cal.months[2:8]] == [0, 2, 2, 2, 0, 0]
    assert [m.surplus for m in cal.months[5:10]] == [0, 0.5, 1, 1.5, 0]
    assert all(m.shortfall == 0 for m in cal.months)
    assert cal.months[9].month_start == dt.date(2027, 10, 1)
    assert plan.keys_used == ("hiring.ramp.month_1", "hiring.ramp.month_2", "hiring.ramp.month_3",
                              "hiring.ramp.month_4", "hiring.lead_time_weeks")


def test_needs_before_the_reachable_month_are_unavoidable_shortfalls_and_caught_up_early() -> None:
    plan = hiring_calendar({HT: [2] + [4] * 11}, {HT: 2}, TODAY, BENCH)
    cal = plan.calendar(HT)
    assert len(plan.hires) == 2
    for hire in plan.hires:
        assert hire.open_date == TODAY  # opened today: as early as possible
        assert hire.start_date == dt.date(2027, 3, 26)
        assert hire.productive_date == dt.date(2027, 6, 1)
        assert hire.month_needed == 5
    assert [(s.month, s.gap, s.capacity) for s in plan.shortfalls] == [
        (1, 2.0, 2.0), (2, 1.5, 2.5), (3, 1.0, 3.0), (4, 0.5, 3.5)]
    assert all(s.role is HT and s.required == 4 for s in plan.shortfalls)
    assert [m.shortfall for m in cal.months[:6]] == [0, 2, 1.5, 1, 0.5, 0]


def test_surplus_is_reported_and_headcount_never_drops() -> None:
    plan = hiring_calendar({HT: [2] * 6 + [4] * 3 + [1] * 3}, {HT: 2}, TODAY, BENCH)
    cal = plan.calendar(HT)
    assert len(plan.hires) == 2
    assert [m.in_seat for m in cal.months[9:]] == [4, 4, 4]
    assert [m.surplus for m in cal.months[9:]] == [3, 3, 3]


def test_given_triggers_are_carried_and_blank_ones_are_generated() -> None:
    text = "enterprise CSMs reach 12 accounts each in month 7"
    triggers = {HT: [""] * 7 + [text]}
    plan = hiring_calendar({HT: [1] * 7 + [2, 2, 3, 3]}, {HT: 1}, TODAY, BENCH, triggers=triggers)
    assert [(h.month_needed, h.trigger) for h in plan.hires] == [
        (7, text), (9, "3 high-touch CSMs needed in October 2027; 2 in seat and ramping")]


def test_a_per_role_lead_time_override_applies_to_that_role_only() -> None:
    bench = BENCH.with_overrides({"hiring.lead_time_weeks.csm_high_touch": 14}, origin="acme.toml")
    needs = {HT: [1] * 9 + [2] * 3, Role.TAM: [1] * 9 + [2] * 3}
    plan = hiring_calendar(needs, {HT: 1, Role.TAM: 1}, TODAY, bench)
    by_role = {h.role: h for h in plan.hires}
    assert by_role[HT].open_date == dt.date(2027, 7, 1) - dt.timedelta(weeks=14)
    assert by_role[Role.TAM].open_date == dt.date(2027, 7, 1) - dt.timedelta(weeks=10)
    assert plan.calendar(HT).lead_time_weeks == 14
    assert plan.calendar(HT).first_reachable_month == 6  # 2027-04-23 → month 3, +3
    assert plan.calendar(Role.TAM).first_reachable_month == 5
    assert "hiring.lead_time_weeks.csm_high_touch" in plan.keys_used
    # the general lead time still drives roles without their own override
    general = BENCH.with_overrides({"hiring.lead_time_weeks": 7}, origin="acme.toml")
    assert lead_time_weeks(Role.TAM, general) == 7
    assert lead_time_weeks(HT, general.with_overrides({"hiring.lead_time_weeks.csm_high_touch": 12},
                                                      origin="x")) == 12


def test_the_per_role_lead_time_is_settable_from_the_company_file() -> None:
    company = company_from_mapping(
        {"benchmarks": {"hiring": {"lead_time_weeks": {"tam": 14}}}}, "acme.toml", BENCH)
    bench = company.apply(BENCH)
    assert lead_time_weeks(Role.TAM, bench) == 14
    assert lead_time_weeks(HT, bench) == 10


def test_a_per_role_ramp_length_spreads_that_roles_ramp_only() -> None:
    company = company_from_mapping(
        {"benchmarks": {"hiring": {"ramp_months": {"csm_high_touch": 6}}}}, "acme.toml", BENCH)
    bench = company.apply(BENCH)
    ramp, key = role_ramp(HT, bench)
    assert ramp == pytest.approx((1 / 6, 2 / 6, 3 / 6, 4 / 6, 5 / 6, 1.0))
    assert key == "hiring.ramp_months.csm_high_touch"
    assert role_ramp(Role.TAM, bench) == (RAMP, None)
    needs = {HT: [1] * 9 + [2] * 3, Role.TAM: [1] * 9 + [2] * 3}
    plan = hiring_calendar(needs, {HT: 1, Role.TAM: 1}, TODAY, bench)
    by_role = {h.role: h for h in plan.hires}
    # month 9 (October 2027) needs the second person fully productive: a six-month ramp starts in
    # May (month 4) for the high-touch CSM, a four-month one in July (month 6) for the TAM
    assert by_role[HT].start_date == dt.date(2027, 5, 1)
    assert by_role[Role.TAM].start_date == dt.date(2027, 7, 1)
    assert plan.calendar(HT).ramp == ramp
    assert plan.calendar(HT).first_reachable_month == 2 + 5
    assert "hiring.ramp_months.csm_high_touch" in plan.keys_used
    for month in plan.calendar(HT).months:
        if month.month >= plan.calendar(HT).first_reachable_month:
            assert month.capacity >= month.required


def test_an_overridden_ramp_changes_the_math() -> None:
    bench = BENCH.with_overrides({"hiring.ramp.month_1": 0.5, "hiring.ramp.month_2": 1.0}, origin="x")
    plan = hiring_calendar({HT: [0] * 6 + [1] * 3}, {}, TODAY, bench)
    cal = plan.calendar(HT)
    assert plan.ramp == (0.5, 1.0, 1.0, 1.0)  # productivity never falls once reached
    assert cal.first_reachable_month == 3
    (hire,) = plan.hires
    assert hire.start_date == dt.date(2027, 6, 1)
    assert [m.capacity for m in cal.months[4:]] == [0, 0.5, 1, 1, 1]


def test_invalid_inputs_are_rejected() -> None:
    with pytest.raises(ValueError, match="required"):
        hiring_calendar({HT: [1, -1]}, {}, TODAY, BENCH)
    with pytest.raises(ValueError, match="in seat"):
        hiring_calendar({HT: [1]}, {HT: -1}, TODAY, BENCH)


# ------------------------------------------------------------------ invariants

needs = st.lists(st.one_of(st.integers(0, 25), st.floats(0, 25, allow_nan=False)), min_size=1,
                 max_size=30)
dates = st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31))


def _bench(weeks: float | None) -> Benchmarks:
    return BENCH if weeks is None else BENCH.with_overrides({"hiring.lead_time_weeks": weeks}, origin="t")


@settings(max_examples=60, deadline=None)
@given(required=needs, seated=st.integers(0, 15), start=dates,
       weeks=st.one_of(st.none(), st.floats(0, 30, allow_nan=False)))
def test_unconstrained_hiring_never_leaves_reachable_need_unmet(
    required: list[float], seated: int, start: dt.date, weeks: float | None
) -> None:
    bench = _bench(weeks)
    plan = hiring_calendar({HT: required}, {HT: seated}, start, bench)
    cal = plan.calendar(HT)
    lead = dt.timedelta(days=round(lead_time_weeks(HT, bench) * 7))
    assert cal.first_reachable_month == _month(start, start + lead) + 3
    assert len(cal.months) == len(required)
    for m in cal.months:
        cap = _capacity(plan, cal, seated, m.month)
        assert m.capacity == pytest.approx(cap)
        assert m.shortfall == pytest.approx(max(0.0, m.required - cap), abs=1e-9)
        if m.month >= cal.first_reachable_month:
            assert cap >= m.required - 1e-9
            assert m.shortfall == 0
    assert all(s.month < cal.first_reachable_month and s.gap > 0 for s in cal.shortfalls)
    assert {s.month for s in cal.shortfalls} == {m.month for m in cal.months if m.shortfall > 0}
    heads = [m.in_seat for m in cal.months]
    assert heads == sorted(heads)
    assert heads[0] >= seated
    for hire in cal.hires:
        assert start <= hire.open_date
        assert hire.start_date - hire.open_date == lead
        assert hire.month_needed >= cal.first_reachable_month
        assert _month(start, hire.productive_date) <= hire.month_needed
    # never hire when the need is already covered: without the last hire for a month it is short
    for month in {h.month_needed for h in cal.hires}:
        assert _capacity(plan, cal, seated, month, upto=month) - 1.0 < required[month] - 1e-9


@settings(max_examples=40, deadline=None)
@given(level=st.integers(0, 20), horizon=st.integers(1, 36), start=dates)
def test_a_flat_requirement_equal_to_the_seats_hires_no_one(level: int, horizon: int, start: dt.date) -> None:
    plan = hiring_calendar({HT: [level] * horizon, Role.TAM: [float(level)] * horizon},
                           {HT: level, Role.TAM: level}, start, BENCH)
    assert plan.hires == ()
    assert plan.shortfalls == ()
    assert all(m.surplus == 0 and m.open_requisitions == 0 for m in plan.months)
