"""Diagnosis (C5) against DOMAIN.md §3: stage, specialization phase (S4), GRR/NRR."""

from __future__ import annotations

from typing import Any

import pytest

from postsale.benchmarks import default_benchmarks
from postsale.core.diagnosis import measure_retention, stage_name, stage_of
from strategies import make_book, plan

# ------------------------------------------------------------------ stage boundaries


@pytest.mark.parametrize(
    ("customers", "stage"),
    [(0, 1), (49, 1), (50, 2), (199, 2), (200, 3), (499, 3), (500, 4), (100_000, 4)],
)
def test_book_stage_boundaries_50_200_500(customers: int, stage: int) -> None:
    assert stage_of(customers, "stages.customers_max", default_benchmarks()) == stage


@pytest.mark.parametrize(
    ("people", "stage"),
    [(1, 1), (3, 1), (4, 2), (10, 2), (11, 3), (30, 3), (31, 4), (150, 4)],
)
def test_team_stage_boundaries_3_10_30(people: int, stage: int) -> None:
    assert stage_of(people, "stages.people_max", default_benchmarks()) == stage


def test_stage_names() -> None:
    assert {n: str(stage_name(n)) for n in (1, 2, 3, 4)} == {
        1: "Startup", 2: "Early scale", 3: "Scaled operations", 4: "Mature"}


@pytest.mark.parametrize(("customers", "stage"), [(49, 1), (50, 2), (200, 3), (500, 4)])
def test_plan_stage_is_the_book_stage(customers: int, stage: int) -> None:
    # at $15K ACV the customer count sets the stage ($735K … $7.5M ARR never run ahead of it)
    result, _ = plan(make_book([15_000.0] * customers + [0.0] * 7))  # churned rows do not count
    assert result.stage.number == stage
    assert result.stage.book_stage == stage
    assert result.stage.customers == customers
    assert str(result.stage.name) == str(stage_name(stage))


@pytest.mark.parametrize(
    ("arr", "stage"),
    [(0.0, 1), (1_499_999.0, 1), (1_500_000.0, 2), (5_999_999.0, 2), (6_000_000.0, 3),
     (14_999_999.0, 3), (15_000_000.0, 4)],
)
def test_arr_stage_boundaries_are_s0_bands_at_s3_30k_acv(arr: float, stage: int) -> None:
    assert stage_of(arr, "stages.arr_max", default_benchmarks()) == stage


def test_arr_drives_the_stage_of_a_few_large_customers() -> None:
    # S2: the same ARR can be 30 customers at 100K or 300 at 10K — 30 at $100K is a stage-2 book
    result, _ = plan(make_book([100_000.0] * 30))
    stage = result.stage
    assert (stage.number, stage.customers_stage, stage.arr_stage, stage.driven_by) == \
        (2, 1, 2, "arr")
    assert stage.arr == 3_000_000.0
    assert str(stage.reasons[0]) == (
        "$3.00M ARR ($1.50M–$6.00M ARR): a stage-2 (Early scale) book by ARR, ahead of its 30 customers "
        "(stage 1, 0–50 customers); S2: headcount follows ARR and customer granularity, not only "
        "the customer count")
    assert "stages.arr_max.1" in stage.sources


def test_the_customer_count_drives_the_stage_of_many_small_customers() -> None:
    result, _ = plan(make_book([1_000.0] * 300))
    stage = result.stage
    assert (stage.number, stage.customers_stage, stage.arr_stage, stage.driven_by) == \
        (3, 3, 1, "customers")
    assert str(stage.reasons[0]) == (
        "300 customers: a stage-3 (Scaled operations) book by customer count (200–500 "
        "customers); its $300K ARR alone is stage 1 ($0–$1.50M ARR)")


def test_customers_and_arr_agreeing_say_so() -> None:
    stage = plan(make_book([30_000.0] * 100))[0].stage
    assert stage.driven_by == "both"
    assert str(stage.reasons[0]) == ("100 customers (50–200 customers) and $3.00M ARR ($1.50M–$6.00M ARR): a "
                                "stage-2 (Early scale) book")


def test_an_override_of_the_arr_bound_changes_the_stage_and_the_sentence() -> None:
    raw: dict[str, Any] = {"benchmarks": {"stages": {"arr_max": {"1": 4_000_000}}}}
    stage = plan(make_book([100_000.0] * 30), raw)[0].stage
    assert (stage.number, stage.arr_stage, stage.driven_by) == (1, 1, "both")
    assert str(stage.reasons[0]) == ("30 customers (0–50 customers) and $3.00M ARR ($0–$4.00M ARR): a "
                                "stage-1 (Startup) book")
    lower = plan(make_book([30_000.0] * 300),
                 {"benchmarks": {"stages": {"arr_max": {"2": 5_000_000, "3": 8_000_000}}}})[0].stage
    assert (lower.number, lower.customers_stage, lower.arr_stage, lower.driven_by) == \
        (4, 3, 4, "arr")
    assert str(lower.reasons[0]).startswith("$9.00M ARR ($8.00M+ ARR): a stage-4 (Mature) book by ARR, "
                                       "ahead of its 300 customers (stage 3, 200–500 customers)")


def test_team_stage_counts_everyone_in_seat() -> None:
    result, _ = plan(make_book([30_000.0] * 600),
                     {"team": {"csm_low_touch": 9, "support_engineer": 1, "director": 1}})
    assert result.stage.cs_people == 11
    assert result.stage.team_stage == 3
    assert result.stage.book_stage == 4
    assert any("1 stage behind" in str(r) for r in result.stage.reasons)


def test_an_empty_team_is_a_stage_one_team() -> None:
    result, _ = plan(make_book([30_000.0] * 60))
    assert result.stage.cs_people == 0
    assert result.stage.team_stage == 1


def test_the_seeds_opening_story_stage_three_book_stage_one_team() -> None:
    # S0/S1: 300 customers and a single Head of CS doing everything
    result, _ = plan(make_book([30_000.0] * 300), {"team": {"director": 1}})
    assert result.stage.number == 3
    assert result.stage.team_stage == 1
    assert any("2 stages behind" in str(r) for r in result.stage.reasons)
    assert "400–500 customers" in str(result.stage.next_move)


def test_team_ahead_of_its_book() -> None:
    result, _ = plan(make_book([30_000.0] * 20), {"team": {"csm_low_touch": 5}})
    assert result.stage.team_stage == 2
    assert any("ahead of its book" in str(r) for r in result.stage.reasons)


# ------------------------------------------------------------------ specialization phase (S4)


@pytest.mark.parametrize(
    ("team", "services", "phase"),
    [
        ({"csm_low_touch": 2}, False, 1),
        ({"csm_low_touch": 2, "support_engineer": 1}, False, 2),
        ({"csm_low_touch": 2, "support_engineer": 1, "renewals_specialist": 1}, False, 3),
        ({"csm_low_touch": 2, "support_engineer": 1, "renewals_specialist": 1,
          "implementation_specialist": 1}, False, 4),
        ({"csm_low_touch": 2, "support_engineer": 1, "renewals_specialist": 1,
          "implementation_specialist": 1}, True, 5),
        # out of the usual order: the phase is the last step reached without gaps
        ({"csm_low_touch": 2, "renewals_specialist": 1}, False, 1),
        ({"csm_low_touch": 2, "support_engineer": 1, "implementation_specialist": 1}, False, 2),
        ({"csm_low_touch": 2}, True, 1),
    ],
)
def test_specialization_phase(team: dict[str, int], services: bool, phase: int) -> None:
    raw: dict[str, Any] = {"team": team, "company": {"professional_services": services}}
    result, _ = plan(make_book([30_000.0] * 100), raw)
    assert result.phase.number == phase


def test_phase_reasons_flag_steps_taken_out_of_order() -> None:
    result, _ = plan(make_book([30_000.0] * 100),
                     {"team": {"csm_low_touch": 2, "renewals_specialist": 1}})
    assert any("ahead of the usual order (phase 3)" in str(r) for r in result.phase.reasons)
    assert any("handoff" in str(r) for r in result.phase.reasons)


def test_next_phase_is_the_first_specialist_the_plan_needs() -> None:
    # 300 customers need support engineers (300 ÷ 100): phase 2 is the next step
    result, _ = plan(make_book([30_000.0] * 300), {"team": {"director": 1}})
    assert result.phase.number == 1
    assert result.phase.next_step is not None
    assert str(result.phase.next_step).startswith("phase 2")


def test_phase_five_has_no_next_step() -> None:
    team = {"csm_low_touch": 2, "support_engineer": 1, "renewals_specialist": 1,
            "implementation_specialist": 1}
    result, _ = plan(make_book([30_000.0] * 100),
                     {"team": team, "company": {"professional_services": True}})
    assert result.phase.next_step is None


# ------------------------------------------------------------------ GRR / NRR


def test_grr_and_nrr_on_a_hand_computed_book() -> None:
    # previous → now: 100K → 120K (expansion), 200K → 150K (contraction), 50K → 0 (churn),
    # 80K → 80K (flat); a new account (no previous ARR) and a zero-previous row are left out.
    book = make_book([120_000.0, 150_000.0, 0.0, 80_000.0, 60_000.0, 40_000.0],
                     previous_arr=[100_000.0, 200_000.0, 50_000.0, 80_000.0, None, 0.0])
    retention = measure_retention(book, stage=2, benchmarks=default_benchmarks())
    assert retention.accounts_measured == 4
    # GRR = (100 + 150 + 0 + 80) / 430; NRR = (120 + 150 + 0 + 80) / 430
    assert retention.grr == pytest.approx(330 / 430)
    assert retention.nrr == pytest.approx(350 / 430)
    assert retention.grr_verdict == "below"  # 76.7% < 85%
    assert retention.nrr_verdict == "below"  # 81.4% < 90%


@pytest.mark.parametrize(
    ("stage", "now", "grr_verdict", "nrr_verdict"),
    [
        (1, 80.0, "within", "not_evaluable"),  # stage 1 has no NRR band
        (2, 88.0, "within", "below"),
        (3, 92.0, "within", "below"),
        (3, 110.0, "above", "within"),
        (4, 94.0, "within", "below"),
        (4, 120.0, "above", "within"),
    ],
)
def test_retention_against_the_stage_band(
    stage: int, now: float, grr_verdict: str, nrr_verdict: str
) -> None:
    # one account contracting 100 → now (GRR = NRR = now%) plus, when growing, GRR capped at 100%
    book = make_book([now], previous_arr=[100.0])
    retention = measure_retention(book, stage=stage, benchmarks=default_benchmarks())
    assert retention.grr == pytest.approx(min(now, 100.0) / 100)
    assert retention.grr_verdict == grr_verdict
    assert retention.nrr_verdict == nrr_verdict


def test_a_perfect_grr_without_churned_rows_may_be_overstated() -> None:
    # every account kept or grew, and no row with ARR 0: the export likely left the lost out
    book = make_book([110.0, 100.0], previous_arr=[100.0, 100.0])
    retention = measure_retention(book, stage=2, benchmarks=default_benchmarks())
    assert retention.grr == 1.0
    assert str(retention.detail).endswith(
        "; no churned account in the export: GRR may be overstated (add the accounts lost in the "
        "last 12 months with ARR 0 and their previous ARR)")
    churned = make_book([110.0, 100.0, 0.0], previous_arr=[100.0, 100.0, 50.0])
    assert "overstated" not in str(measure_retention(churned, stage=2,
                                                     benchmarks=default_benchmarks()).detail)
    contracted = make_book([90.0, 100.0], previous_arr=[100.0, 100.0])
    assert "overstated" not in str(measure_retention(contracted, stage=2,
                                                     benchmarks=default_benchmarks()).detail)


def test_retention_not_measured_without_previous_arr() -> None:
    retention = measure_retention(make_book([10_000.0] * 3), stage=2,
                                  benchmarks=default_benchmarks())
    assert retention.grr is None
    assert retention.nrr is None
    assert retention.grr_verdict == retention.nrr_verdict == "not_evaluable"


def test_stage_four_bands_are_labelled_best_in_class() -> None:
    retention = measure_retention(make_book([95.0], previous_arr=[100.0]), stage=4,
                                  benchmarks=default_benchmarks())
    assert "best-in-class" in str(retention.detail)
    assert retention.median_grr == 0.91
    assert retention.median_nrr == 1.01
