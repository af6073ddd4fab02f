"""The hiring calendar (core/projection/hiring.py): lead time, ramp, shortfalls and invariants."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postsale.benchmarks import default_benchmarks
from postsale.company import company_from_mapping
from postsale.core.benchmarks import Benchmarks
from postsale.core.msg import Msg
from postsale.core.projection.hiring import (
    HiringPlan,
    RoleCalendar,
    hiring_calendar,
    lead_time_weeks,
    ramp_curve,
    role_ramp,
)
from postsale.core.projection.pacing import max_starts_per_month, reason_text
from postsale.keys import ROLE_KEYS, Role

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
        assert str(hire.trigger) == "5 high-touch CSMs needed in October 2027; 3 in seat and ramping"
    # ramp math, month by month: 2 hires × 25/50/75/100%
    assert [m.capacity for m in cal.months[5:11]] == [3, 3.5, 4, 4.5, 5, 5]
    assert [m.in_seat for m in cal.months[5:11]] == [3, 5, 5, 5, 5, 5]
    assert [m.ramping for m in cal.months[5:11]] == [0, 2, 2, 2, 0, 0]
    assert [m.open_requisitions for m in cal.months[2:8]] == [0, 2, 2, 2, 0, 0]
    assert [m.surplus for m in cal.months[5:10]] == [0, 0.5, 1, 1.5, 0]
    assert all(m.shortfall == 0 for m in cal.months)
    assert cal.months[9].month_start == dt.date(2027, 10, 1)
    assert plan.keys_used == ("hiring.ramp.month_1", "hiring.ramp.month_2", "hiring.ramp.month_3",
                              "hiring.ramp.month_4", "hiring.max_starts_per_month_share",
                              "hiring.min_starts_per_month", "hiring.lead_time_weeks")


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
    text = Msg("projection.trigger.past_book", trigger=12)
    triggers: dict[Role, list[Msg | None]] = {HT: [None] * 7 + [text]}
    plan = hiring_calendar({HT: [1] * 7 + [2, 2, 3, 3]}, {HT: 1}, TODAY, BENCH, triggers=triggers)
    assert [(h.month_needed, str(h.trigger)) for h in plan.hires] == [
        (7, str(text)), (9, "3 high-touch CSMs needed in October 2027; 2 in seat and ramping")]


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


UNPACED = {"hiring.max_starts_per_month": 10_000}  # a recruiting team that never says no


def _bench(weeks: float | None) -> Benchmarks:
    lead = {} if weeks is None else {"hiring.lead_time_weeks": weeks}
    return BENCH.with_overrides({**UNPACED, **lead}, origin="t")


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


# ------------------------------------------------------------------ pace and funding (issue 10)

IMPL = Role.IMPLEMENTATION_SPECIALIST


def _limited(n: int) -> Benchmarks:
    return BENCH.with_overrides({"hiring.max_starts_per_month": n}, origin="acme.toml")


def test_the_default_hiring_capacity_follows_the_team_size() -> None:
    # max(hiring.min_starts_per_month = 2, ceil(25% × people in seat))
    assert max_starts_per_month(0, BENCH)[0] == 2
    assert max_starts_per_month(1, BENCH)[0] == 2
    assert max_starts_per_month(8, BENCH)[0] == 2
    assert max_starts_per_month(9, BENCH)[0] == 3
    assert max_starts_per_month(57, BENCH) == (15, ("hiring.max_starts_per_month_share",
                                                    "hiring.min_starts_per_month"))
    assert max_starts_per_month(57, _limited(4)) == (4, ("hiring.max_starts_per_month",))
    for key in ("hiring.max_starts_per_month_share", "hiring.min_starts_per_month",
                "hiring.max_starts_per_month", "roadmap.design_weeks", "roadmap.pilot_weeks"):
        assert BENCH[key].source
        assert BENCH[key].help
    assert "S3" in BENCH["roadmap.design_weeks"].source
    assert (BENCH.value("roadmap.design_weeks"), BENCH.value("roadmap.pilot_weeks")) == (4, 8)


def test_a_requisition_beyond_the_limit_opens_a_month_sooner() -> None:
    # two CSMs needed in October 2027 would both start on 1 July; with one start a month the
    # second moves to June (opened a month sooner), so both are on time
    plan = hiring_calendar({HT: [3] * 9 + [5] * 3}, {HT: 3}, TODAY, _limited(1))
    assert [(h.open_date, h.start_date, h.delay_reason) for h in plan.hires] == [
        (dt.date(2027, 3, 23), dt.date(2027, 6, 1), None),
        (dt.date(2027, 4, 22), dt.date(2027, 7, 1), None)]
    assert plan.shortfalls == ()
    assert plan.max_starts_per_month == 1
    assert "hiring.max_starts_per_month" in plan.keys_used


def test_a_catch_up_beyond_the_limit_starts_late_and_the_shortfall_says_why() -> None:
    # five needed from today, two seated: three requisitions open today, two can start in the
    # first month a start is possible (March 2027), the third starts in April, one month late
    plan = hiring_calendar({HT: [5] * 12}, {HT: 2}, TODAY, BENCH)
    assert plan.max_starts_per_month == 2
    assert [(h.start_date, h.delay_reason) for h in plan.hires] == [
        (dt.date(2027, 3, 26), None), (dt.date(2027, 3, 26), None),
        (dt.date(2027, 4, 1), "hiring_capacity")]
    late = plan.hires[-1]
    assert late.open_date == dt.date(2027, 4, 1) - dt.timedelta(weeks=10)
    assert late.productive_date == dt.date(2027, 7, 1)  # needed in month 5 (June)
    reasons = {s.month: s.reason for s in plan.shortfalls}
    assert reasons == {0: "lead_time", 1: "lead_time", 2: "lead_time", 3: "lead_time",
                       4: "lead_time", 5: "hiring_capacity"}
    assert str(reason_text("hiring_capacity", plan.max_starts_per_month, 12)) == "hiring capacity 2 a month"


def test_beyond_the_horizon_a_requisition_is_deferred_for_hiring_capacity() -> None:
    plan = hiring_calendar({HT: [0] * 5 + [8] * 3}, {}, TODAY, _limited(1))
    # one start a month in months 2 (from 26 March) to 7, the last month of the horizon
    assert len(plan.hires) == 6
    assert [(d.month_needed, d.reason) for d in plan.deferred] == [(5, "hiring_capacity")] * 2
    assert all(s.reason == "hiring_capacity" for s in plan.shortfalls if s.month >= 5)


def test_leaders_start_before_their_reports_then_the_largest_gap() -> None:
    needs = {HT: [4] * 12, IMPL: [2] * 12, Role.MANAGER: [1] * 12}
    plan = hiring_calendar(needs, {}, TODAY, BENCH)  # nobody in seat: capacity 2 a month
    by_month: dict[int, list[Role]] = {}
    for hire in plan.hires:
        by_month.setdefault(_month(TODAY, hire.start_date), []).append(hire.role)
    # the manager first, then the largest remaining gap (4 CSMs, then 3 CSMs against 2
    # specialists, then 2 against 2: the first role in order), …
    assert {m: sorted(r, key=ROLE_KEYS.index) for m, r in by_month.items()} == {
        2: [HT, Role.MANAGER], 3: [HT, HT], 4: [HT, IMPL], 5: [IMPL]}


def test_a_new_models_hires_start_after_its_design_and_pilot() -> None:
    # the team has CSMs and a director; implementation specialists are a role it does not have
    needs = {HT: [2] * 6 + [3] * 6, IMPL: [0] * 3 + [2] * 9, Role.MANAGER: [0] * 3 + [1] * 9}
    team = {HT: 2, Role.DIRECTOR: 1}
    plan = hiring_calendar(needs, team, TODAY, BENCH)
    assert plan.new_model_roles == (IMPL,)
    assert plan.model_change_weeks == 12
    gate = TODAY + dt.timedelta(weeks=12)
    text = "after the 12-week design and pilot of the new model (S3 roadmap)"
    impl = [h for h in plan.hires if h.role is IMPL]
    assert len(impl) == 2
    assert all(h.start_date >= gate and str(h.trigger).endswith(text) for h in impl)
    assert impl[0].start_date == gate  # 9 April 2027: opened 10 weeks before, on 29 January
    assert impl[0].open_date == gate - dt.timedelta(weeks=10)
    # growing a role the team has, and a leadership layer, is not held back
    others = [h for h in plan.hires if h.role is not IMPL]
    assert others
    assert not any(text in str(h.trigger) for h in others)
    manager = next(h for h in plan.hires if h.role is Role.MANAGER)
    assert manager.start_date == TODAY + dt.timedelta(weeks=10)
    assert {s.reason for s in plan.shortfalls if s.role is IMPL} == {"lead_time", "new_model"}
    assert {"roadmap.design_weeks", "roadmap.pilot_weeks"} <= set(plan.keys_used)


def test_an_override_of_the_pilot_changes_the_start_and_the_sentence() -> None:
    bench = company_from_mapping({"benchmarks": {"roadmap": {"pilot_weeks": 16}}}, "acme.toml",
                                 BENCH).apply(BENCH)
    plan = hiring_calendar({IMPL: [2] * 12}, {HT: 2}, TODAY, bench)
    assert plan.model_change_weeks == 20
    for hire in plan.hires:
        assert hire.start_date >= TODAY + dt.timedelta(weeks=20)
        assert str(hire.trigger).endswith("after the 20-week design and pilot of the new model (S3 roadmap)")
    assert str(reason_text("new_model", 2, plan.model_change_weeks)) == (
        "the 20-week design and pilot of the new model (S3 roadmap)")


def test_an_empty_team_has_no_model_to_change() -> None:
    plan = hiring_calendar({IMPL: [2] * 12}, {}, TODAY, BENCH)
    assert plan.new_model_roles == ()
    assert all("design and pilot" not in str(h.trigger) for h in plan.hires)
    assert plan.hires[0].start_date == TODAY + dt.timedelta(weeks=10)


def test_an_override_of_the_limit_changes_the_calendar_and_the_reason() -> None:
    needs = {HT: [0] + [6] * 11}
    default = hiring_calendar(needs, {Role.DIRECTOR: 1}, TODAY, BENCH)
    company = company_from_mapping(
        {"benchmarks": {"hiring": {"max_starts_per_month": 3}}}, "acme.toml", BENCH)
    raised = hiring_calendar(needs, {Role.DIRECTOR: 1}, TODAY, company.apply(BENCH))
    assert (default.max_starts_per_month, raised.max_starts_per_month) == (2, 3)
    assert max(default.starts_by_month().values()) == 2
    assert max(raised.starts_by_month().values()) == 3
    assert max(h.start_date for h in raised.hires) < max(h.start_date for h in default.hires)
    assert (str(reason_text("hiring_capacity", raised.max_starts_per_month, 12))
            == "hiring capacity 3 a month")
    share = company_from_mapping(
        {"benchmarks": {"hiring": {"max_starts_per_month_share": 0.5}}}, "acme.toml", BENCH)
    assert max_starts_per_month(9, share.apply(BENCH))[0] == 5


def test_the_budget_defers_what_it_cannot_pay_for() -> None:
    cost = BENCH.value("costs.csm_high_touch")
    # two seated, four needed: the budget pays for one more
    plan = hiring_calendar({HT: [2] * 6 + [4] * 6}, {HT: 2}, TODAY, BENCH, budget=3.5 * cost)
    assert len(plan.hires) == 1
    assert [(d.month_needed, d.reason) for d in plan.deferred] == [(6, "budget")]
    assert plan.run_rate_today == 2 * cost
    assert {s.reason for s in plan.shortfalls} == {"budget"}
    assert "costs.csm_high_touch" in plan.keys_used
    unfunded = hiring_calendar({HT: [2] * 6 + [4] * 6}, {HT: 2}, TODAY, BENCH)
    assert len(unfunded.hires) == 2
    assert unfunded.deferred == ()
    with pytest.raises(ValueError, match="budget"):
        hiring_calendar({HT: [1]}, {}, TODAY, BENCH, budget=-1.0)


team_needs = st.dictionaries(
    st.sampled_from([HT, Role.CSM_LOW_TOUCH, IMPL, Role.SUPPORT_ENGINEER, Role.MANAGER,
                     Role.DIRECTOR]),
    st.lists(st.integers(0, 30), min_size=12, max_size=12), min_size=1, max_size=6)


def _in_seat_by_month(plan: HiringPlan, team: dict[Role, int]) -> list[dict[Role, int]]:
    months = len(plan.roles[0].months)
    out = [dict(team) for _ in range(months)]
    for cal in plan.roles:
        for m in cal.months:
            out[m.month][cal.role] = m.in_seat
    return out


@settings(max_examples=80, deadline=None)
@given(needs=team_needs, seated=st.lists(st.integers(0, 12), min_size=6, max_size=6),
       start=dates, limit=st.one_of(st.none(), st.integers(1, 8)))
def test_the_limit_holds_every_month_and_every_requisition_is_placed_or_deferred(
    needs: dict[Role, list[int]], seated: list[int], start: dt.date, limit: int | None,
) -> None:
    roles = sorted(needs, key=ROLE_KEYS.index)
    team = {r: n for r, n in zip(roles, seated, strict=False) if n}
    bench = BENCH if limit is None else _limited(limit)
    plan = hiring_calendar(needs, team, start, bench)
    unpaced = hiring_calendar(needs, team, start, BENCH.with_overrides(UNPACED, origin="t"))
    n = plan.max_starts_per_month
    assert n == (limit if limit is not None else max(2, -(-sum(team.values()) // 4)))
    starts = plan.starts_by_month()
    assert all(count <= n for count in starts.values())
    per_day: dict[dt.date, int] = {}
    for hire in plan.hires:
        per_day[hire.start_date] = per_day.get(hire.start_date, 0) + 1
        assert start <= hire.open_date < hire.start_date <= hire.productive_date
        assert hire.start_date - hire.open_date == dt.timedelta(weeks=10)
        late = _month(start, hire.productive_date) > hire.month_needed
        assert (hire.delay_reason == "hiring_capacity") == late
    assert max(per_day.values(), default=0) <= n
    # pacing moves requisitions, it never adds or drops one
    assert len(plan.hires) + len(plan.deferred) == len(unpaced.hires)
    assert all(d.reason == "hiring_capacity" for d in plan.deferred)
    # without contention the paced calendar is the unpaced one
    if max(unpaced.starts_by_month().values(), default=0) <= n:
        assert plan.hires == unpaced.hires
        assert plan.shortfalls == unpaced.shortfalls
    for cal in plan.roles:
        for s in cal.shortfalls:
            assert s.reason in ("lead_time", "new_model", "hiring_capacity")
            if s.month >= cal.first_reachable_month:
                assert s.reason == "hiring_capacity"


@settings(max_examples=60, deadline=None)
@given(needs=team_needs, seated=st.lists(st.integers(0, 12), min_size=6, max_size=6),
       start=dates, headroom=st.floats(0, 3e6, allow_nan=False))
def test_the_budget_caps_the_in_seat_run_rate_in_every_month(
    needs: dict[Role, list[int]], seated: list[int], start: dt.date, headroom: float,
) -> None:
    roles = sorted(needs, key=ROLE_KEYS.index)
    team = {r: n for r, n in zip(roles, seated, strict=False) if n}
    today = sum(n * BENCH.value(f"costs.{r}") for r, n in team.items())
    budget = today + headroom
    plan = hiring_calendar(needs, team, start, BENCH, budget=budget)
    assert plan.run_rate_today == pytest.approx(today)
    for month in _in_seat_by_month(plan, team):
        rate = sum(n * BENCH.value(f"costs.{r}") for r, n in month.items())
        assert rate <= budget + 1e-6
    # what the budget pays for: the last month's team plus the funded hires no month had room for
    funded = sum(n * BENCH.value(f"costs.{r}") for r, n in _in_seat_by_month(plan, team)[-1].items())
    funded += sum(BENCH.value(f"costs.{d.role}") for d in plan.deferred if d.reason != "budget")
    assert funded <= budget + 1e-6
    for d in plan.deferred:
        if d.reason == "budget":  # it did not fit when its turn came, and the rate only grows
            assert funded + BENCH.value(f"costs.{d.role}") > budget
    unlimited = hiring_calendar(needs, team, start, BENCH)
    assert len(plan.hires) + len(plan.deferred) == len(unlimited.hires) + len(unlimited.deferred)


def test_a_budget_that_follows_arr_funds_each_hire_against_its_months_budget() -> None:
    # three CSMs needed in months 1, 6 and 11 at $120K; the budget grows 150K → 400K with ARR
    from postsale.core.projection.pacing import Request, fund

    requests = [Request(index=i, role=Role.CSM_LOW_TOUCH, month_needed=m, release=0,
                        deadline=m, priority=(0, 0, i)) for i, m in enumerate((1, 6, 11))]
    costs = {Role.CSM_LOW_TOUCH: 120_000.0}
    growing = [150_000.0 + 25_000.0 * t for t in range(12)]  # 175K in month 1, 400K in month 10+
    assert fund(requests, costs, 0.0, growing) == frozenset()  # 120K, 240K ≤ 300K, 360K ≤ 400K
    assert fund(requests, costs, 0.0, 150_000.0) == frozenset({1, 2})  # a flat budget: one fits
