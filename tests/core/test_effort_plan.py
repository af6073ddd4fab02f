"""Under ``[headcount] sizing = "effort"`` the plan, the recommended chart, the projection's month 0
and assign's default roster are one headcount, and the funding levers still save real money."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postsale.api import run_assignment, run_plan, run_projection
from postsale.benchmarks import default_benchmarks
from postsale.company import company_from_mapping
from postsale.io.read import book_from_columns
from postsale.keys import TIER_KEYS, Tier
from postsale.sample import generate_accounts
from strategies import TODAY

CSM_SEATS = ("csm_high_touch", "csm_low_touch", "csm_tech_touch", "tam")


def _company(**raw: Any) -> Any:
    return company_from_mapping({"headcount": {"sizing": "effort"}, **raw}, "test",
                                default_benchmarks())


@pytest.mark.parametrize("growth", [False, True])
def test_plan_chart_month_zero_and_roster_agree_under_effort_sizing(growth: bool) -> None:
    columns = generate_accounts(1_500, 5, TODAY)
    columns.pop("owner", None)
    book = book_from_columns(columns, source="sample")
    raw: dict[str, Any] = {"company": {"gross_margin": 0.7},
                           "catalogue": {"high_touch": {"weekly_check_in": {"frequency": 26}}}}
    if growth:
        raw["growth"] = [{"months": 12, "customers": 2_000}]
    company = _company(**raw)
    run = run_plan(book, company, today=TODAY)
    plan = run.result
    effort = plan.headcount.effort
    assert effort is not None
    assert effort.sizing == "effort"
    assert plan.org.charts[plan.org.recommended]["headcount"] == plan.headcount.required
    projected = run_projection(book, company, today=TODAY, months=3, paths=20, seed=1)
    assert projected.months[0].required == plan.headcount.required
    assert len(run_assignment(run).roster) == sum(plan.headcount.required[r] for r in CSM_SEATS)


def test_role_based_is_the_effort_formulas_when_effort_sizes_the_plan() -> None:
    book = book_from_columns(generate_accounts(800, 2, TODAY), source="sample")
    ratio = run_plan(book, None, today=TODAY).result.headcount
    effort = run_plan(book, _company(budget={"share": 1.0}), today=TODAY).result.headcount
    assert ratio.effort is not None
    assert effort.effort is not None
    assert ratio.effort.sizing == "ratio"
    # role_based keeps its meaning: the capacity formulas (of the sizing in use) before the org
    # model shaped them
    assert effort.role_based == effort.effort_based
    assert "effort model:" in str(effort.roles["csm_high_touch"].formula)  # type: ignore[index]
    assert "per CSM" in str(ratio.roles["csm_high_touch"].formula)  # type: ignore[index]


def test_funding_levers_save_real_money_under_effort_sizing() -> None:
    book = book_from_columns(generate_accounts(1_500, 5, TODAY), source="sample")
    plan = run_plan(book, _company(budget={"share": 0.04}), today=TODAY).result
    funding = plan.funding
    assert funding is not None
    assert funding.steps
    levers = [s.lever for s in funding.steps]
    assert "pool_tail" not in levers  # a pooled book is a ratio: skipped under effort sizing
    for step in funding.steps:
        assert step.saving > 0
    # widen_books lightens the service to the seed bands' low end (S3: biweekly, quarterly)
    widen = next(s for s in funding.steps if s.lever == "widen_books")
    assert str(widen.description).startswith("lighten the service")
    assert "catalogue.high_touch.weekly_check_in.frequency" in widen.sources
    adjusted = funding.adjustments["benchmarks"]
    assert adjusted["catalogue.high_touch.weekly_check_in.frequency"] == 26
    assert adjusted["catalogue.low_touch.touchpoint.frequency"] == 4


def test_assign_weighs_accounts_by_the_books_the_catalogue_implies() -> None:
    # biweekly check-ins make a high-touch book 1,260 ÷ 92 ≈ 13.7 accounts: under effort sizing an
    # account weighs 1/13.7 of a book (the roster was sized on it), under ratio sizing 1/12
    columns = generate_accounts(1_500, 5, TODAY)
    columns.pop("owner", None)
    book = book_from_columns(columns, source="sample")
    company = _company(budget={"share": 1.0},
                       catalogue={"high_touch": {"weekly_check_in": {"frequency": 26}}})
    ratio_company = company.model_copy(update={
        "headcount": company.headcount.model_copy(update={"sizing": "ratio"})})
    for sized, book_size in ((company, 1260 / 92), (ratio_company, 12.0)):
        run = run_plan(book, sized, today=TODAY)
        base = run_assignment(run).assignment.weights.base
        high = run.tiering.tier == 0
        assert high.any()
        assert base[high] == pytest.approx(1 / book_size, rel=1e-4)


_MOTIONS = tuple((str(m.tier), m.name, m.per) for m in default_benchmarks().motions)


@st.composite
def _catalogue(draw: st.DrawFn) -> dict[str, dict[str, dict[str, float]]]:
    """A few of the shipped motions with their frequency or hours scaled (0 to 3×, or set)."""
    raw: dict[str, dict[str, dict[str, float]]] = {}
    defaults = default_benchmarks()
    for tier, name, _ in draw(st.lists(st.sampled_from(_MOTIONS), min_size=1, max_size=4,
                                       unique=True)):
        field = draw(st.sampled_from(("frequency", "hours")))
        value = defaults.value(f"catalogue.{tier}.{name}.{field}")
        scale = draw(st.sampled_from((0.0, 0.25, 0.5, 2.0, 3.0)))
        raw.setdefault(tier, {})[name] = {field: round(value * scale, 3)}
    return raw


@pytest.fixture(scope="module")
def small_book() -> Any:
    columns = generate_accounts(400, 3, TODAY)
    columns.pop("owner", None)
    return book_from_columns(columns, source="sample")


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(catalogue=_catalogue())
def test_one_headcount_and_one_book_per_tier_under_any_catalogue(
        small_book: Any, catalogue: dict[str, Any]) -> None:
    """Under effort sizing, whatever the catalogue: plan headcount = chart seats = projection
    month 0 = assign's default roster, and every tier is priced (economics.per_tier) at the book
    headcount.effort shows, named by the catalogue keys behind it."""
    company = _company(company={"gross_margin": 0.7}, catalogue=catalogue)
    run = run_plan(small_book, company, today=TODAY)
    plan = run.result
    effort = plan.headcount.effort
    assert effort is not None
    assert effort.sizing == "effort"
    assert plan.org.charts[plan.org.recommended]["headcount"] == plan.headcount.required
    projected = run_projection(small_book, company, today=TODAY, months=1, paths=4, seed=1)
    assert projected.months[0].required == plan.headcount.required
    assert len(run_assignment(run).roster) == sum(plan.headcount.required[r] for r in CSM_SEATS)
    for tier in TIER_KEYS:
        shown, priced = effort.tiers[tier], plan.economics.per_tier[tier]
        if shown.implied_accounts_per_csm is None:
            assert priced.accounts_per_csm is None or shown.accounts == 0
            continue
        assert priced.accounts_per_csm == shown.implied_accounts_per_csm
        assert priced.accounts_per_csm_basis == "effort"
        assert priced.csm_hours_per_account == pytest.approx(shown.csm_hours_per_account)
        assert {"effort.working_hours_per_year", "effort.utilisation"} <= set(priced.sources)
        assert any(k.startswith(f"catalogue.{tier}.") for k in priced.sources)
        assert not any(k.startswith("accounts_per_csm.") for k in priced.sources
                       if tier != "tech_touch")  # tech-touch: the at-risk share without health


def test_the_advice_prices_and_scales_at_the_catalogues_books(small_book: Any) -> None:
    """Selection steps 1 and 5, the tier-cost warning and the funding lever read the books the
    catalogue implies under effort sizing — never the ratios they no longer staff to."""
    biweekly = {"high_touch": {"weekly_check_in": {"frequency": 26}}}
    plan = run_plan(small_book, _company(catalogue=biweekly, budget={"share": 0.15}),
                    today=TODAY).result
    assert plan.advice is not None
    steps = {s.key: s for s in plan.advice.selection.steps}
    high = plan.economics.per_tier[Tier.HIGH_TOUCH]
    priced = next(i for i in steps["unit_economics"].finding.items if i.subject == "high_touch")
    assert priced.figures["accounts_per_csm"] == high.accounts_per_csm
    assert priced.figures["accounts_per_csm_basis"] == "effort"
    assert "catalogue.high_touch.weekly_check_in.frequency" in steps["unit_economics"].sources
    scale = steps["scale_projection"]
    for item in scale.finding.items:
        book = float(item.figures["all_high_touch_book"])  # type: ignore[arg-type]
        assert book == pytest.approx(1260 / 92, rel=0.02)  # every customer on biweekly check-ins
        assert item.figures["all_high_touch_csms"] == math.ceil(
            float(item.figures["customers"]) / book - 1e-9)  # type: ignore[arg-type]
        assert f"÷ {book:.1f}⌉" in str(item.sentence)
    assert "accounts_per_csm.high_touch" not in scale.sources
    # low-touch stays above the 15% rule, carried by the other tiers
    over = [w for w in plan.warnings if w.code == "tier_cost_above_rule"]
    assert [str(w.message).split(":")[0] for w in over] == ["low-touch"]
    assert "lighten the tier's service (the catalogue staffs it at 50 accounts" in str(over[0].message)
    assert "raise accounts per CSM" not in str(over[0].message)
    assert "catalogue.low_touch.touchpoint.frequency" in over[0].sources
    assert plan.funding is not None
    moves = [s for s in plan.funding.steps if s.lever.startswith("move_down")]
    assert len(moves) == 2
    for step in moves:
        assert "accounts per CSM from the service catalogue" in str(step.description)
        assert not any(k.startswith("accounts_per_csm.") for k in step.sources)
