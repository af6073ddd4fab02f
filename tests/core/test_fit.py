"""Organization-model fit (S0 §Four models) and reporting line (S0 §Reporting structure)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from postsale.benchmarks import default_benchmarks
from postsale.core.book import AccountBook
from postsale.core.fit import FIT_KEYS, REPORTING_FIT_KEYS
from postsale.core.msg import Msg
from postsale.keys import OrgModel, ReportingLine
from strategies import make_book, plan

LANGUAGES = ("en", "de", "ja", "pt")


def three_tier_book(n: int, regions: list[str] | None = None, **columns: Any) -> AccountBook:
    """10% high-touch ($150K), 30% low-touch ($30K), 60% tech-touch ($5K) accounts."""
    high, low = n // 10, 3 * n // 10
    arr = [150_000.0] * high + [30_000.0] * low + [5_000.0] * (n - high - low)
    if regions is not None:
        columns["region"] = regions
        columns.setdefault("language", [LANGUAGES[i % 4] for i in range(n)])
    return make_book(arr, **columns)


def texts(reasons: tuple[Msg, ...]) -> list[str]:
    """The reasons as sentences (the model holds messages)."""
    return [str(r) for r in reasons]


def round_robin(n: int, regions: tuple[str, ...]) -> list[str]:
    return [regions[i % len(regions)] for i in range(n)]


def concentrated(n: int, share: float, others: int) -> list[str]:
    """``share`` of the accounts in "Americas", the rest spread evenly over ``others`` regions."""
    top = round(n * share)
    return ["Americas"] * top + [f"R{i % others}" for i in range(n - top)]


# ------------------------------------------------------------------ the four models


def test_forty_customers_fit_the_generalist_model() -> None:
    result, _ = plan(make_book([30_000.0] * 40))
    assert result.org.recommended is OrgModel.GENERALIST
    assert result.org.scores[OrgModel.GENERALIST] > result.org.scores[OrgModel.SPECIALIST]


def test_three_hundred_customers_fit_the_specialist_model() -> None:
    result, _ = plan(three_tier_book(300))
    assert result.org.recommended is OrgModel.SPECIALIST
    assert result.org.scores[OrgModel.GENERALIST] == 0.0


@pytest.mark.parametrize("complexity", ["medium", "high"])
def test_a_large_global_three_tier_book_fits_pods_or_regions(complexity: str) -> None:
    n = 1_200
    book = three_tier_book(n, round_robin(n, ("NA", "LATAM", "EMEA", "APAC")))
    # S0's fit alone: a budget that funds any model (the budget's own effect: test_charts)
    result, _ = plan(book, {"company": {"product_complexity": complexity},
                            "budget": {"share": 1.0}})
    assert result.org.recommended in (OrgModel.POD, OrgModel.GEOGRAPHIC)


@pytest.mark.parametrize("complexity", ["medium", "high"])
def test_a_large_three_region_three_tier_book_fits_pods_or_regions(complexity: str) -> None:
    n = 1_200
    book = three_tier_book(n, round_robin(n, ("Americas", "EMEA", "APAC")))
    result, _ = plan(book, {"company": {"product_complexity": complexity},
                            "budget": {"share": 1.0}})
    assert result.org.recommended in (OrgModel.POD, OrgModel.GEOGRAPHIC)


def test_pod_gains_from_size_segments_and_complexity() -> None:
    n = 1_200
    generous = {"budget": {"share": 1.0}}  # the fit alone, no model over budget
    medium, _ = plan(three_tier_book(n), {**generous, "company": {"product_complexity": "medium"}})
    high, _ = plan(three_tier_book(n), {**generous, "company": {"product_complexity": "high"}})
    small, _ = plan(three_tier_book(300), {**generous, "company": {"product_complexity": "high"}})
    assert high.org.scores[OrgModel.POD] == medium.org.scores[OrgModel.POD] + 10
    assert small.org.scores[OrgModel.POD] < high.org.scores[OrgModel.POD]


def test_without_a_region_column_the_geographic_model_is_penalised() -> None:
    result, _ = plan(three_tier_book(1_200))
    assert result.org.recommended is not OrgModel.GEOGRAPHIC
    assert any("no region column" in str(r) for r in result.org.reasons[OrgModel.GEOGRAPHIC])


def test_one_region_is_not_geographic() -> None:
    n = 1_200
    result, _ = plan(three_tier_book(n, ["EMEA"] * n))
    assert result.org.recommended is not OrgModel.GEOGRAPHIC


def test_regions_below_fifty_customers_do_not_count() -> None:
    # 4 regions of 30 customers: none carries its own team
    result, _ = plan(three_tier_book(120, round_robin(120, ("NA", "LATAM", "EMEA", "APAC"))))
    assert any("fewer than two regions with ≥ 50" in str(r)
               for r in result.org.reasons[OrgModel.GEOGRAPHIC])


def test_the_top_region_share_is_penalised_above_sixty_percent() -> None:
    n = 1_200
    result, _ = plan(three_tier_book(n, concentrated(n, 0.61, 2)))
    assert any("61% of customers in one region" in str(r)
               for r in result.org.reasons[OrgModel.GEOGRAPHIC])
    assert result.org.recommended is not OrgModel.GEOGRAPHIC


def test_a_book_with_61_percent_in_one_region_is_never_geographic() -> None:
    n = 1_200
    result, _ = plan(three_tier_book(n, concentrated(n, 0.61, 7)))
    assert result.org.recommended is not OrgModel.GEOGRAPHIC


def test_a_book_with_60_percent_in_one_region_is_never_geographic() -> None:
    n = 1_200
    result, _ = plan(three_tier_book(n, concentrated(n, 0.60, 6)))
    assert any("in one region" in str(r) for r in result.org.reasons[OrgModel.GEOGRAPHIC])
    assert result.org.recommended is not OrgModel.GEOGRAPHIC


def test_scores_are_explained_point_by_point() -> None:
    result, _ = plan(make_book([30_000.0] * 40))
    for model in OrgModel:
        points = sum(float(str(r).split(":")[0].replace("−", "-")) for r in result.org.reasons[model])
        assert result.org.scores[model] == pytest.approx(min(100.0, max(0.0, 50.0 + points)))
    assert set(result.org.scores) == set(OrgModel)


def test_churned_and_unknown_regions_are_not_counted() -> None:
    n = 200
    regions = round_robin(n, ("NA", "EMEA")) + [None] * 50 + ["APAC"] * 60
    arr = [30_000.0] * (n + 50) + [0.0] * 60  # the 60 APAC accounts have churned
    result, _ = plan(make_book(arr, region=regions))
    reasons = result.org.reasons[OrgModel.GEOGRAPHIC]
    assert any(str(r).startswith("+20: 2 regions") for r in reasons)


# ------------------------------------------------------------------ reporting line


def test_product_led_growth_reports_to_ceo_coo() -> None:
    result, _ = plan(three_tier_book(300), {"company": {"growth_motion": "product_led"}})
    assert result.reporting_line.recommended is ReportingLine.CEO_COO
    assert "needs a strong, exec-ready CS leader" in [str(r) for r in result.reporting_line.risks]


@pytest.mark.parametrize("motion", ["sales_led", "land_and_expand"])
def test_small_sales_led_company_reports_to_the_cro(motion: str) -> None:
    result, _ = plan(three_tier_book(150), {"company": {"growth_motion": motion}})
    assert result.reporting_line.recommended is ReportingLine.CRO
    assert result.reporting_line.scores[ReportingLine.CCO] < 40


def test_large_mature_complex_post_sale_org_reports_to_a_cco() -> None:
    # 1,200 customers (stage 4), high complexity, onboarding, support and renewals all staffed
    # (a budget that funds the needed team: without it the levers hand renewals to sales)
    n = 1_200
    status = ["in_progress"] * 40 + ["completed"] * (n - 40)
    result, _ = plan(three_tier_book(n, onboarding_status=status),
                     {"company": {"product_complexity": "high", "growth_motion": "sales_led"},
                      "budget": {"share": 1.0}})
    assert result.stage.number == 4
    assert result.funding.steps == ()
    required = result.headcount.required
    assert min(required["implementation_specialist"], required["support_engineer"],
               required["renewals_specialist"]) > 0
    assert result.reporting_line.recommended is ReportingLine.CCO


def test_cco_is_not_recommended_below_1000_customers() -> None:
    n = 999
    status = ["in_progress"] * 40 + ["completed"] * (n - 40)
    result, _ = plan(three_tier_book(n, onboarding_status=status),
                     {"company": {"product_complexity": "high"}})
    assert result.reporting_line.recommended is not ReportingLine.CCO


def test_expansion_driven_growth_strengthens_the_cro_line() -> None:
    # every account grew (expansion), none is new: expansion is 100% of new ARR
    book = make_book([30_000.0] * 300, previous_arr=20_000.0,
                     start_date=np.datetime64("2020-01-01"))
    expanding, _ = plan(book, {"company": {"growth_motion": "product_led"}})
    flat, _ = plan(make_book([30_000.0] * 300), {"company": {"growth_motion": "product_led"}})
    cro = ReportingLine.CRO
    assert expanding.reporting_line.scores[cro] == flat.reporting_line.scores[cro] + 15


# ------------------------------------------------------------------ the weights are data (STYLE 14)


def _override(key: str, value: float) -> dict[str, Any]:
    """A company-file mapping that overrides one dotted benchmark key."""
    *path, leaf = key.split(".")
    table: dict[str, Any] = {leaf: value}
    for part in reversed(path):
        table = {part: table}
    return {"benchmarks": table}


def test_every_fit_weight_is_a_documented_benchmark() -> None:
    bench = default_benchmarks()
    for key in (*FIT_KEYS, *REPORTING_FIT_KEYS):
        assert "postsale assumption" in bench[key].source, key
        assert "S0" in bench[key].source, key
    result, _ = plan(make_book([30_000.0] * 40))
    assert set(FIT_KEYS) <= set(result.org.sources)
    assert set(REPORTING_FIT_KEYS) <= set(result.reporting_line.sources)


def test_a_weight_override_moves_the_score_and_the_sentence() -> None:
    # 80 high-touch customers: ≤ 100 (generalist +35) but 7 CSMs > 5 (−15): 70 points, unclipped
    book = make_book([150_000.0] * 80)
    default, _ = plan(book)
    raised, _ = plan(book, _override("fit.generalist.small_base", 50))
    g = OrgModel.GENERALIST
    assert default.org.scores[g] == 70.0
    assert raised.org.scores[g] == default.org.scores[g] + 15
    assert "+35: 80 customers ≤ 100: one owner per account works" in texts(default.org.reasons[g])
    assert "+50: 80 customers ≤ 100: one owner per account works" in texts(raised.org.reasons[g])


def test_a_penalty_override_moves_the_score_and_the_sentence() -> None:
    book = make_book([150_000.0] * 80)
    default, _ = plan(book)
    softer, _ = plan(book, _override("fit.generalist.large_team_penalty", 5))
    g = OrgModel.GENERALIST
    assert softer.org.scores[g] == default.org.scores[g] + 10
    assert "−15: 7 CSMs needed > 5: quality becomes uneven" in texts(default.org.reasons[g])
    assert "−5: 7 CSMs needed > 5: quality becomes uneven" in texts(softer.org.reasons[g])


def test_the_base_score_and_the_tier_share_are_data() -> None:
    # 95 low-touch accounts and 5 tech-touch ones (5%): two tiers in use by default
    book = make_book([30_000.0] * 95 + [5_000.0] * 5)
    default, _ = plan(book)
    assert "2 segments to serve differently" in " ".join(texts(default.org.reasons[OrgModel.SPECIALIST]))
    one_tier, _ = plan(book, _override("fit.tier_in_use_min_share", 0.10))
    assert not any("segments" in str(r) for r in one_tier.org.reasons[OrgModel.SPECIALIST])
    lower, _ = plan(book, _override("fit.base_score", 40))
    for model in OrgModel:
        if 0 < default.org.scores[model] < 100:
            assert lower.org.scores[model] == max(0.0, default.org.scores[model] - 10)


def test_a_reporting_weight_override_moves_the_score_and_the_sentence() -> None:
    book = three_tier_book(150)
    default, _ = plan(book, {"company": {"growth_motion": "sales_led"}})
    stronger, _ = plan(book, {"company": {"growth_motion": "sales_led"},
                              **_override("fit.reporting.sales_led", 30)})
    cro = ReportingLine.CRO
    assert stronger.reporting_line.scores[cro] == default.reporting_line.scores[cro] + 10
    assert "+20: sales_led growth: CS close to the revenue engine" in texts(
        default.reporting_line.reasons[cro])
    assert "+30: sales_led growth: CS close to the revenue engine" in texts(
        stronger.reporting_line.reasons[cro])
