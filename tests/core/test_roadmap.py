"""S3's dated implementation roadmap (core/roadmap.py): exact dates from a fixed today, the pilot
rule, the S4 steps, S0's exit signals, and the invariant that the roadmap opens exactly the
plan's hires in order."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postsale.api import demo_inputs
from postsale.benchmarks import default_benchmarks
from postsale.core.plan import build_plan
from postsale.core.roadmap import add_months, phase_dates
from postsale.results import PlanResult
from postsale.results_advice import Roadmap
from strategies import books, make_book, plan

MONDAY = dt.date(2026, 1, 5)


def _roadmap(result: PlanResult) -> Roadmap:
    assert result.advice is not None
    return result.advice.roadmap


def test_s3_phases_dated_from_a_fixed_today() -> None:
    # design weeks 1–4, pilot weeks 5–12, rollout to the end of month 6, optimization ongoing
    result, _ = plan(make_book([30_000.0] * 40), today=MONDAY)
    phases = _roadmap(result).phases
    assert [(p.key, p.start, p.end) for p in phases] == [
        ("design", dt.date(2026, 1, 5), dt.date(2026, 2, 1)),
        ("pilot", dt.date(2026, 2, 2), dt.date(2026, 3, 29)),
        ("rollout", dt.date(2026, 3, 30), dt.date(2026, 7, 4)),
        ("optimization", dt.date(2026, 7, 5), None),
    ]
    assert (phases[0].end - phases[0].start).days + 1 == 28  # 4 weeks
    assert (phases[1].end - phases[1].start).days + 1 == 56  # 8 weeks
    assert str(phases[0].activities[-1]).startswith("get executive alignment")
    assert str(phases[1].activities[0]).startswith("run the new model on one pilot segment")


def test_phase_dates_at_the_month_end_clamp_and_follow_overrides() -> None:
    bm = default_benchmarks()
    dates = phase_dates(dt.date(2026, 8, 31), bm)
    assert dates[3][0] == add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    longer = bm.with_overrides({"roadmap.pilot_weeks": 12, "roadmap.rollout_end_months": 9}, origin="test")
    dates = phase_dates(MONDAY, longer)
    assert dates[1][1] == MONDAY + dt.timedelta(days=16 * 7 - 1)
    assert dates[3][0] == dt.date(2026, 10, 5)


def test_pilot_is_the_low_touch_tiers_largest_owned_segment() -> None:
    # low-touch: 30 mid-market accounts without an owner, 20 enterprise ones with two owners; the
    # owned segment wins (people who can run the pilot), then size
    arr = [30_000.0] * 50 + [150_000.0] * 15 + [3_000.0] * 200
    segment = ["mid_market"] * 30 + ["enterprise"] * 20 + ["enterprise"] * 15 + ["smb"] * 200
    owner = [None] * 30 + ["Ana", "Ben"] * 10 + ["Cy"] * 15 + [None] * 200
    result, _ = plan(make_book(arr, segment=segment, owner=owner), {"budget": {"share": 1.0}})
    pilot = _roadmap(result).pilot
    assert pilot is not None
    assert (pilot.tier, pilot.segment, pilot.accounts, pilot.owners) == (
        "low_touch", "enterprise", 20, 2)
    assert pilot.chosen_by == "rule"
    assert any("low-touch first" in str(r) for r in pilot.reasons)


def test_pilot_from_the_roadmap_section() -> None:
    book = make_book([30_000.0] * 50 + [3_000.0] * 200, segment="smb")
    result, _ = plan(book, {"roadmap": {"pilot_tier": "tech_touch"}})
    pilot = _roadmap(result).pilot
    assert pilot is not None
    assert pilot.tier == "tech_touch"
    assert pilot.chosen_by == "company_file"
    assert pilot.accounts == 200
    assert pilot.share_of_accounts == 0.8


def test_s0_exit_signals_on_the_opening_story() -> None:
    # S0: 300 customers and a single Head of CS — far past one person's 50–75 accounts
    book, company = demo_inputs(MONDAY)
    bm = company.apply(default_benchmarks())
    result, _ = build_plan(book, company, bm, MONDAY)
    road = _roadmap(result)
    signals = {s.code: s for s in road.exit_signals}
    assert signals["person_at_capacity"].status == "met"
    assert signals["person_at_capacity"].measured == 300
    assert signals["person_at_capacity"].threshold == 50
    assert signals["renewals_over_capacity"].status == "met"
    assert road.phases[3].exit_checks == road.exit_signals
    # the plan specializes: the S4 steps are dated in order, during the rollout
    assert road.phase_today == 1
    assert road.phase_planned > 1
    dates = [t.date for t in road.transitions]
    assert dates == sorted(dates)
    assert len(dates) == road.phase_planned - road.phase_today
    # roles new to the team start after the design and pilot (issue 10 item 9)
    gate = road.phases[2].start
    assert all(h.start_date >= gate for h in road.hires if h.new_model)
    assert road.hires_total == result.headcount.hires["total"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(book=books(max_size=30), csms=st.integers(0, 4), support=st.integers(0, 2),
       today=st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)))
def test_roadmap_is_ordered_and_opens_exactly_the_plans_hires(book, csms, support, today) -> None:  # type: ignore[no-untyped-def]
    team = {k: v for k, v in (("csm_low_touch", csms), ("support_engineer", support)) if v}
    result, _ = plan(book, {"team": team} if team else None, today=today)
    road = _roadmap(result)
    starts = [p.start for p in road.phases]
    assert starts[0] == today
    assert starts == sorted(starts)
    for p, after in zip(road.phases, road.phases[1:], strict=False):
        assert p.end is not None
        assert p.start <= p.end < after.start
        assert (after.start - p.end).days == 1
    assert road.phases[-1].end is None
    assert road.hires_total == sum(h.count for h in road.hires) == result.headcount.hires["total"]
    assert sum(road.hires_by_role.values()) == road.hires_total
    assert sum(p.hires_starting for p in road.phases) == road.hires_total
    for role, n in road.hires_by_role.items():
        assert result.headcount.hires[role] == n
    assert all(h.open_date <= h.start_date <= h.productive_date for h in road.hires)
    assert all(h.start_date >= today for h in road.hires)
    assert [h.start_date for h in road.hires] == sorted(h.start_date for h in road.hires)


def test_automated_tech_touch_is_no_ones_book_or_backlog_and_a_whole_book_pilot_is_a_cohort() -> None:
    # a product-led company with a tech-touch CSM in seat: its self-serve accounts and their
    # automated onboarding are not a person's 50–75 accounts nor an onboarding backlog (S0, S3);
    # a pilot slice holding the whole book is piloted on a cohort of it
    n = 400
    book = make_book([2_000.0] * n, segment="smb", onboarding_status="in_progress")
    result, _ = plan(book, {"company": {"growth_motion": "product_led"},
                            "team": {"csm_tech_touch": 1}})
    signals = {s.code: s for s in _roadmap(result).exit_signals}
    assert signals["person_at_capacity"].status == "not_met"
    assert signals["person_at_capacity"].measured == 0
    assert "run on automation" in str(signals["person_at_capacity"].detail)
    assert signals["onboarding_backlog"].status == "not_met"
    assert "onboard themselves" in str(signals["onboarding_backlog"].detail)
    pilot = _roadmap(result).pilot
    assert pilot is not None
    assert pilot.share_of_accounts == 1.0
    assert any("pilot a cohort" in str(reason) for reason in pilot.reasons)
    # the same book run by one person with no automation in seat: every account is carried
    alone, _ = plan(book, {"team": {"manager": 1}})
    carried = {s.code: s for s in _roadmap(alone).exit_signals}["person_at_capacity"]
    assert carried.status == "met"
    assert carried.measured == n
