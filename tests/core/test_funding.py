"""The plan closes (issue 10): budget, funded plan, ownership, one headcount across commands."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import TODAY, books, make_book, plan

from postsale.core.advice import mistake_accounts
from postsale.results import PlanResult

TEAMS = st.fixed_dictionaries({}, optional={
    "csm_high_touch": st.integers(0, 6), "csm_low_touch": st.integers(0, 6),
    "renewals_specialist": st.integers(0, 3), "manager": st.integers(0, 2)})


def _codes(result: PlanResult) -> list[str]:
    return [w.code for w in result.warnings]


def _reports(result: PlanResult) -> dict[str, list[dict[str, Any]]]:
    graph = result.org.charts[result.org.recommended]
    out: dict[str, list[dict[str, Any]]] = {}
    for node in graph["nodes"]:
        if node["reports_to"]:
            out.setdefault(node["reports_to"], []).append(node)
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(book=books(min_size=1, max_size=60), team=TEAMS,
       margin=st.sampled_from([None, 0.35, 0.6, 0.8]),
       share=st.sampled_from([None, 0.05, 0.12, 0.3]))
def test_recommended_plan_fits_the_budget_or_says_it_cannot(
        book: Any, team: dict[str, int], margin: float | None, share: float | None) -> None:
    raw: dict[str, Any] = {"team": team}
    if margin is not None:
        raw["company"] = {"gross_margin": margin}
    if share is not None:
        raw["budget"] = {"share": share}
    result, tiering = plan(book, raw)
    econ, funding = result.economics, result.funding
    assert funding is not None
    assert econ.budget is not None
    if result.arr > 0:
        assert econ.full_cost <= econ.budget.amount + 1e-6 or "plan_exceeds_budget" in _codes(result)
        # the recommended plan never fails the margin check silently
        if econ.gross_margin_check == "failed":
            assert "plan_fails_gross_margin" in _codes(result)
    # one headcount: the plan is the recommended chart's seats; the need is kept beside it
    assert result.headcount.required["total"] == result.org.charts[result.org.recommended][
        "headcount"]["total"]
    assert result.headcount.needed["total"] >= 0
    assert min(result.headcount.required.values()) >= 0
    assert econ.full_cost >= 0
    # no leader of one, in the recommended chart
    for leader, members in _reports(result).items():
        role = next(n["role"] for n in result.org.charts[result.org.recommended]["nodes"]
                    if n["id"] == leader)
        if role in ("manager", "director", "vp", "cco"):
            seats = sum(m["count"] for m in members)  # a chart node may stand for several seats
            assert seats != 1 or members[0]["role"] in ("team_lead", "manager", "director",
                                                        "vp"), (leader, members)
    # the reporting line and the chart's top agree; triggers fire only for staffed roles
    has_cco = result.headcount.required["cco"] > 0
    assert (result.reporting_line.recommended == "cco") == has_cco
    for trigger in result.triggers:
        if trigger.fired and trigger.role is not None:
            assert result.headcount.required[str(trigger.role)] > 0
    # opposite mistakes never flag the same accounts
    over, under = mistake_accounts(book, tiering, result.headcount, _company(raw), _bench(raw))
    assert not (over & under).any()


def _company(raw: dict[str, Any]) -> Any:
    from tests.strategies import company_and_benchmarks
    return company_and_benchmarks(raw)[0]


def _bench(raw: dict[str, Any]) -> Any:
    from tests.strategies import company_and_benchmarks
    return company_and_benchmarks(raw)[1]


# ------------------------------------------------------------------ the seeds' examples


def test_s3_opening_example_dedicated_csm_at_40_accounts_of_30k_fails() -> None:
    # S3: ACV $30K, a dedicated CSM at $120K for 40 accounts — white-glove at an economy price
    book = make_book([30_000.0] * 120)
    result, _ = plan(book, {"team": {"csm_high_touch": 3}, "costs": {"csm_high_touch": 120_000},
                            "company": {"gross_margin": 0.75}})
    check = next(c for c in result.checks if c.code == "over_servicing_low_value")
    assert check.status == "failed"
    assert "3 dedicated (high-touch) CSMs" in check.detail
    assert "$10,000 each" in check.detail


def test_the_demo_is_not_told_it_is_over_servicing() -> None:
    from postsale.api import demo_inputs, run_plan

    book, company = demo_inputs(TODAY)
    result = run_plan(book, company, today=TODAY).result
    assert "over_servicing_low_value" not in _codes(result)
    assert result.funding is not None
    assert result.economics.full_cost <= result.economics.budget.amount  # type: ignore[union-attr]


def test_an_all_tech_touch_self_serve_book_has_no_renewals_or_implementation_specialist() -> None:
    n = 3_000
    rng = np.random.default_rng(3)
    book = make_book(rng.uniform(1_000, 9_000, n), implementation_weeks=0.0,
                     renewal_date=dt.date(2027, 3, 1), onboarding_status="in_progress",
                     health_score=rng.uniform(50, 100, n).tolist())
    result, _ = plan(book, {"company": {"product_complexity": "low"}})
    required = result.headcount.required
    assert required["renewals_specialist"] == 0
    assert required["implementation_specialist"] == 0
    assert result.tiers["tech_touch"].accounts == n  # type: ignore[index]
    assert "self-serve" in result.headcount.roles["implementation_specialist"].formula  # type: ignore[index]


# ------------------------------------------------------------------ ownership and onboarding


def _renewals(owner: dict[str, str]) -> int:
    book = make_book([150_000.0] * 40 + [30_000.0] * 300, complexity=["high"] * 40 + ["low"] * 300,
                     renewal_date=dt.date(2027, 3, 1))
    result, _ = plan(book, {"renewals": owner, "budget": {"share": 1.0}})
    return result.headcount.required["renewals_specialist"]


def test_renewals_follow_their_owner_per_tier() -> None:
    assert _renewals({}) == 3  # low-touch desk: 300 ÷ 100; high-touch renewals are the CSMs'
    assert _renewals({"low_touch": "sales"}) == 0  # S4: the renewal stays with sales
    assert _renewals({"high_touch": "desk"}) == 4  # 300 ÷ 100 + 40 complex ÷ 50 = 3.8


def test_a_budget_override_changes_the_recommendation_and_says_why() -> None:
    book = make_book([20_000.0] * 400, renewal_date=dt.date(2027, 3, 1))
    generous, _ = plan(book, {"budget": {"share": 0.5}})
    tight, _ = plan(book, {"budget": {"amount": 600_000}})
    assert generous.funding is not None
    assert tight.funding is not None
    assert generous.funding.status == "needed_fits"
    assert not generous.funding.steps
    assert tight.funding.steps
    assert tight.headcount.required["total"] < generous.headcount.required[
        "total"]
    assert tight.funding.budget.explanation.startswith("[budget] amount $600,000")
    for step in tight.funding.steps:
        assert step.saving > 0
        assert step.description


def test_a_tier_too_small_for_a_seat_shares_one() -> None:
    # 6 high-touch, 3 low-touch and 31 tech-touch accounts: one CSM, not three
    book = make_book([150_000.0] * 6 + [30_000.0] * 3 + [5_000.0] * 31)
    result, _ = plan(book, {"budget": {"share": 1.0}})
    csms = sum(result.headcount.required[r] for r in ("csm_high_touch", "csm_low_touch",
                                                      "csm_tech_touch"))
    assert csms == 1


@pytest.mark.parametrize("growth", [False, True])
def test_project_month_zero_is_the_plan(growth: bool) -> None:
    from postsale.api import run_plan, run_projection
    from postsale.benchmarks import default_benchmarks
    from postsale.company import company_from_mapping
    from postsale.io.read import book_from_columns
    from postsale.sample import generate_accounts

    book = book_from_columns(generate_accounts(1_500, 5, TODAY), source="sample")
    raw: dict[str, Any] = {"company": {"gross_margin": 0.7}, "team": {"csm_low_touch": 4}}
    if growth:
        raw["growth"] = [{"months": 12, "customers": 2_000}]
    company = company_from_mapping(raw, "test", default_benchmarks())
    planned = run_plan(book, company, today=TODAY).result
    projected = run_projection(book, company, today=TODAY, months=3, paths=20, seed=1)
    assert projected.months[0].required["total"] == planned.headcount.required["total"]
    assert projected.months[0].required == planned.headcount.required


def test_a_trigger_for_a_role_the_plan_does_not_staff_says_so_and_does_not_fire() -> None:
    # self-serve tech-touch book: onboarding is automated, so the backlog is nobody's requisition
    n = 2_000
    book = make_book([3_000.0] * n, onboarding_status="in_progress", implementation_weeks=2.0)
    result, _ = plan(book, {"budget": {"share": 1.0}})
    assert result.headcount.required["implementation_specialist"] == 0
    backlog = next(t for t in result.triggers if t.key == "implementation_backlog_months")
    assert not backlog.fired
    assert "not a hire: implementation specialist the plan staffs none" in str(backlog.message)


def test_the_default_roster_is_the_plans_account_owning_seats() -> None:
    # one headcount (issue 10 item 6): without a team file or owners, assign's roster is the
    # recommended chart's CSM and TAM seats, which are the plan's
    from postsale.api import run_assignment, run_plan
    from postsale.io.read import book_from_columns
    from postsale.sample import generate_accounts

    columns = generate_accounts(1_500, 5, TODAY)
    columns.pop("owner", None)
    book = book_from_columns(columns, source="sample")
    run = run_plan(book, None, today=TODAY)
    assigned = run_assignment(run)
    required = run.result.headcount.required
    seats = sum(required[r] for r in ("csm_high_touch", "csm_low_touch", "csm_tech_touch", "tam"))
    assert len(assigned.roster) == seats


def test_without_a_team_the_books_owners_are_todays_team() -> None:
    # a CRM export names owners but the company file has no [team] (issue 10 item 8)
    book = make_book([150_000.0] * 20 + [30_000.0] * 100,
                     owner=["Ann"] * 12 + ["Bo"] * 8 + ["Bo"] * 20 + ["Cy"] * 40 + ["Di"] * 40)
    result, _ = plan(book, {"budget": {"share": 1.0}})
    # each owner is a CSM of the tier most of their live accounts are in: Ann high-touch (12), Bo
    # low-touch (8 high, 20 low), Cy and Di low-touch
    assert (result.headcount.current["csm_high_touch"], result.headcount.current["csm_low_touch"]) \
        == (1, 3)
    warning = next(w for w in result.warnings if w.code == "team_from_owners")
    assert "the 4 people the book names" in warning.message
    assert "single_leader_drowning" not in _codes(result)


def test_the_demo_chart_says_its_seats_not_its_nodes() -> None:
    # the demo: 10 people in 6 chart nodes (3 high-touch CSMs are one node); plan, chart and the
    # projection's month 0 agree on 10, and its full cost fits the 15% budget a CFO can fund
    from postsale.api import demo_inputs, run_plan, run_projection

    book, company = demo_inputs(TODAY)
    result = run_plan(book, company, today=TODAY).result
    graph = result.org.charts[result.org.recommended]
    assert graph["seats"] == sum(n["count"] for n in graph["nodes"]) == 10
    assert len(graph["nodes"]) < graph["seats"]  # grouped: counting nodes undercounts people
    assert result.headcount.required["total"] == 10
    assert run_projection(book, company, today=TODAY, months=1, paths=20,
                          seed=1).months[0].required["total"] == 10
    assert result.economics.full_cost_share_of_revenue is not None
    assert result.economics.full_cost_share_of_revenue <= 0.15
