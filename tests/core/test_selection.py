"""S3's five-step model selection (core/selection.py, core/scale.py): the seed's examples with
exact figures, and each step's rule on a book built to trip it."""

from __future__ import annotations

import math

import pytest

from postsale.benchmarks import default_benchmarks
from postsale.core.economics import cost_per_customer, cost_share, share_verdict
from postsale.core.selection import AFFORDABILITY
from postsale.keys import Tier
from postsale.results import PlanResult
from postsale.results_advice import SelectionStep
from strategies import make_book, plan

# S3 §Selection step 5: today 100 customers / $3M ARR, 250 / $8M in 12 months, 500 / $18M later
S3_GROWTH = {"growth": [{"months": 12, "customers": 250, "arr": 8_000_000},
                        {"months": 24, "customers": 500, "arr": 18_000_000}]}


def _step(result: PlanResult, key: str) -> SelectionStep:
    assert result.advice is not None
    return next(s for s in result.advice.selection.steps if s.key == key)


@pytest.mark.parametrize(("cost", "acv", "share", "word"), [
    (3_000, 30_000, 0.10, "tight"),  # S3 opening: $120K ÷ 40 accounts at $30K ACV
    (3_200, 30_000, 0.1067, "tight"),  # mid-market example, "workable if margins allow"
    (3_200, 15_000, 0.2133, "too_expensive"),  # "too expensive"
    (3_200, 60_000, 0.0533, "affordable"),  # "comfortable"
    (12_500, 100_000, 0.125, "tight"),  # high-touch: "tight, but workable"
])
def test_step1_words_the_s3_affordability_examples(cost: float, acv: float, share: float,
                                                  word: str) -> None:
    bm = default_benchmarks()
    got = cost_share(cost, acv)
    assert got == pytest.approx(share, abs=5e-5)
    verdict = share_verdict(got, bm.value("economics.cost_share_comfortable"),
                            bm.value("economics.cost_share_rule_high"))
    assert AFFORDABILITY[verdict] == word


def test_step1_s3_opening_example_is_10_percent_and_tight() -> None:
    # "$120K fully loaded, 40 accounts → $3K a customer, 10% of revenue": 40 accounts need no
    # shared role (support, onboarding below a dedicated FTE), so the full cost is the CSM's
    raw = {"accounts_per_csm": {"low_touch": 40}, "costs": {"csm_low_touch": 120_000},
           "per_customer_costs": {"shared": 0, "technology": 0}}
    result, _ = plan(make_book([30_000.0] * 40), raw)
    step = _step(result, "unit_economics")
    (low,) = step.finding.items
    assert low.subject == "low_touch"
    assert low.figures["direct_cost_per_customer"] == pytest.approx(cost_per_customer(120_000, 40))
    assert low.figures["direct_cost_per_customer"] == 3_000
    assert low.figures["cost_share"] == pytest.approx(0.10)
    assert low.verdict == "tight"
    assert low.effect == "keeps"
    assert low.verdict == AFFORDABILITY[result.economics.per_tier[Tier.LOW_TOUCH].verdict]
    assert step.step == 1
    assert step.inputs[0].origin == "plan"


def test_step5_s3_scale_projection_exact_figures() -> None:
    result, _ = plan(make_book([30_000.0] * 100), S3_GROWTH)
    step = _step(result, "scale_projection")
    month12, month24 = step.finding.items
    assert (month12.figures["customers"], month12.figures["arr"]) == (250, pytest.approx(8e6))
    assert (month24.figures["customers"], month24.figures["arr"]) == (500, pytest.approx(18e6))
    # everyone high-touch at the benchmark 12 accounts per CSM: ⌈250 ÷ 12⌉ = 21, ⌈500 ÷ 12⌉ = 42
    # CSMs — S3's "a 40-person CS team"
    assert month12.figures["all_high_touch_csms"] == math.ceil(250 / 12) == 21
    assert month24.figures["all_high_touch_csms"] == math.ceil(500 / 12) == 42
    assert int(month24.figures["all_high_touch_people"] or 0) > 42  # support, leads … on top
    assert step.inputs[0].origin == "company_file"
    assert step.inputs[0].key == "growth"
    assert "⌈500 ÷ 12⌉ = 42 CSMs" in str(month24.sentence)


def test_step5_high_touch_past_its_scale_limit_is_segmented_not_moved_down() -> None:
    # 450 high-touch accounts growing to 700: past S3's ~500-account limit, "then segment" —
    # more teams, never $150K accounts moved to a pooled tier
    result, _ = plan(make_book([150_000.0] * 450),
                     {"growth": [{"months": 12, "customers": 700}], "budget": {"share": 1.0}})
    step = _step(result, "scale_projection")
    assert step.effect == "flags"
    assert step.moves == ()
    assert step.finding.verdict == "must_segment"
    assert "segment them into teams" in str(step.sentence)
    assert step.finding.items[0].figures["accounts_high_touch"] == 700


def test_step2_tech_touch_under_a_high_complexity_product_moves_up() -> None:
    result, _ = plan(make_book([3_000.0] * 60), {"company": {"product_complexity": "high"}})
    step = _step(result, "product_complexity")
    assert step.finding.figures["level"] == "high"
    assert step.effect == "moves_up"
    assert step.inputs[0].origin == "company_file"
    low, = _step(plan(make_book([3_000.0] * 60), {"company": {"product_complexity": "low"}})[0],
                 "product_complexity").finding.items
    assert low.verdict == "matches"
    assert low.effect == "keeps"


def test_step2_reads_the_books_implementation_weeks_when_the_company_file_is_silent() -> None:
    result, _ = plan(make_book([30_000.0] * 60, implementation_weeks=12.0))
    step = _step(result, "product_complexity")
    assert step.finding.figures["level"] == "high"
    assert step.finding.figures["level_origin"] == "book"


def test_step3_enterprise_buyers_on_tech_touch_move_up_and_smb_on_high_touch_move_down() -> None:
    book = make_book([3_000.0] * 30 + [150_000.0] * 20,
                     segment=["enterprise"] * 30 + ["smb"] * 20)
    result, _ = plan(book, {"budget": {"share": 1.0}})
    step = _step(result, "customer_expectations")
    by = {i.subject: i for i in step.finding.items}
    assert by["enterprise"].effect == "moves_up"
    assert by["enterprise"].figures["origin"] == "derived"
    assert by["smb"].effect == "moves_down"
    assert {(m.subject, m.direction, m.accounts) for m in step.moves} == {
        ("enterprise", "up", 30), ("smb", "down", 20)}


def test_step3_and_4_take_the_market_section_per_segment() -> None:
    book = make_book([30_000.0] * 40, segment="mid_market")
    raw = {"market": {"expectations": "enterprise", "competitors_service": "high_touch",
                      "buyers_compare_service": True,
                      "segments": {"mid_market": {"expectations": "product_led",
                                                  "competitors_service": "self_serve"}}}}
    result, _ = plan(book, raw)
    expect = _step(result, "customer_expectations")
    (item,) = expect.finding.items
    assert item.figures["expectations"] == "product_led"
    assert item.figures["origin"] == "company_file"
    assert expect.inputs[0].key == "market.segments.mid_market.expectations"
    assert item.verdict == "over_served"  # low-touch for product-led users
    compete = _step(result, "competitive_dynamics")
    (item,) = compete.finding.items
    assert item.figures["competitors_service"] == "self_serve"
    assert item.figures["buyers_compare_service"] is True  # from [market]
    assert item.figures["compare_origin"] == "company_file"


def test_step4_buyers_comparing_a_richer_service_is_flagged() -> None:
    raw = {"market": {"competitors_service": "high_touch", "buyers_compare_service": True}}
    result, _ = plan(make_book([30_000.0] * 40), raw)
    step = _step(result, "competitive_dynamics")
    assert step.effect == "flags"
    assert step.finding.items[0].verdict == "below_competitors"
    quiet, _ = plan(make_book([30_000.0] * 40),
                    {"market": {"competitors_service": "high_touch",
                                "buyers_compare_service": False}})
    assert _step(quiet, "competitive_dynamics").effect == "keeps"


def test_the_recommendation_names_the_step_that_decided_it() -> None:
    result, _ = plan(make_book([3_000.0] * 60), {"company": {"product_complexity": "high"}})
    assert result.advice is not None
    rec = result.advice.selection.recommendation
    first = next(s for s in result.advice.selection.steps if s.moves)
    assert rec.decided_by == first.key
    assert rec.decided_step == first.step
    assert str(first.title).lower() in str(rec.sentence)
    calm, _ = plan(make_book([30_000.0] * 40), {"budget": {"share": 1.0}})
    assert calm.advice is not None
    if not any(s.moves for s in calm.advice.selection.steps):
        assert calm.advice.selection.recommendation.decided_by == "unit_economics"
    assert [s.key for s in calm.advice.selection.steps] == [
        "unit_economics", "product_complexity", "customer_expectations",
        "competitive_dynamics", "scale_projection"]


def test_step1_flags_a_dear_tier_the_funded_plan_keeps_and_proposes_no_second_move() -> None:
    # the demo's low-touch tier costs 27% of its ACV while the plan fits the budget as a whole:
    # the recommendation is the plan's tiers, so step 1 flags the tier and says why it is kept
    import datetime as dt

    from postsale.api import demo_inputs, run_plan

    book, company = demo_inputs(dt.date(2026, 11, 25))
    result = run_plan(book, company, today=dt.date(2026, 11, 25)).result
    step = _step(result, "unit_economics")
    low = next(i for i in step.finding.items if i.subject == "low_touch")
    assert low.verdict == "too_expensive"
    assert low.effect == "flags"
    assert step.effect == "flags"
    assert step.moves == ()
    assert result.funding is not None
    assert result.funding.status == "needed_fits"
    assert "kept: the plan as a whole costs" in str(step.sentence)
    assert result.advice is not None
    rec = result.advice.selection.recommendation
    assert rec.tiers == {t: result.tiers[t].accounts for t in Tier}


def test_segment_steps_never_propose_moving_accounts_held_by_a_rule_beyond_acv() -> None:
    # a strategic SMB account sits on high-touch by S3's "strategic value can override ACV":
    # the SMB buyers' expectations (step 3) do not propose moving it down
    book = make_book([5_000.0] + [3_000.0] * 60, segment=["smb"] * 61,
                     strategic=[True] + [False] * 60)
    result, _ = plan(book, {})
    step = _step(result, "customer_expectations")
    assert all(m.from_tier is not Tier.HIGH_TOUCH for m in step.moves)
    smb = next(i for i in step.finding.items if i.subject == "smb")
    assert "strategic flag" in str(smb.sentence)
