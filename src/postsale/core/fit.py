"""Organization-model fit (S0 §Four models) and reporting line (S0 §Reporting structure).

Scores are 0–100 and additive: each reason adds or removes points, so every score can be explained
line by line. The points are benchmarks (``fit.*``, STYLE habit 14): every weight is read from the
benchmark table and every reason line prints the weight in effect, so a company-file override moves
both the score and the sentence. The org charts themselves are built by the org-design capability;
here the plan says which model fits this company now and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from postsale.core.capacity import Workload
from postsale.core.msg import Msg
from postsale.keys import CSM_ROLE_BY_TIER, TIER_KEYS, GrowthMotion, OrgModel, ReportingLine, Role
from postsale.results import Headcount, OrgFit, ReportingLineFit

__all__ = [
    "FIT_KEYS",
    "REPORTING_FIT_KEYS",
    "BookShape",
    "fit_org_models",
    "fit_reporting_line",
    "measure_shape",
    "penalize_unaffordable",
]

# the weights of the organization-model fit (S0 §Four models), all in the benchmark table
FIT_KEYS = (
    "fit.base_score", "fit.tier_in_use_min_share",
    "fit.generalist.small_base", "fit.generalist.large_base_penalty",
    "fit.generalist.large_base_penalty_slope", "fit.generalist.large_base_penalty_max",
    "fit.generalist.small_team", "fit.generalist.large_team_penalty",
    "fit.generalist.segments_penalty",
    "fit.specialist.large_base", "fit.specialist.small_base_penalty_max", "fit.specialist.segments",
    "fit.specialist.silo_penalty", "fit.specialist.specialists", "fit.specialist.specialists_min",
    "fit.pod.large_base", "fit.pod.small_base_penalty_max", "fit.pod.segments",
    "fit.pod.complex_product", "fit.pod.leads_min_csms", "fit.pod.few_csms_penalty",
    "fit.geographic.no_region_penalty", "fit.geographic.per_region",
    "fit.geographic.regions_counted_max", "fit.geographic.single_region_penalty",
    "fit.geographic.languages", "fit.geographic.languages_min", "fit.geographic.small_base_penalty",
    "fit.geographic.concentrated_cap", "fit.geographic.concentrated_penalty",
)
# the weights of the reporting-line fit (S0 §Reporting structure)
REPORTING_FIT_KEYS = (
    "fit.reporting.base_score", "fit.reporting.sales_led", "fit.reporting.product_led",
    "fit.reporting.expansion_driven", "fit.reporting.new_logo_driven",
    "fit.reporting.high_touch_share", "fit.reporting.high_touch_relationship",
    "fit.reporting.cco_large_base", "fit.reporting.cco_small_base_penalty",
    "fit.reporting.cco_complex_post_sale", "fit.reporting.cco_mature",
)


@dataclass(frozen=True)
class BookShape:
    """Spread of the book that the fit rules look at (``tier_accounts``: today's active accounts per
    tier, in ``TIER_KEYS`` order)."""

    regions: dict[str, int]
    languages: int
    tier_accounts: tuple[int, ...]
    expansion_arr: float
    new_logo_arr: float

    def tiers_in_use(self, min_share: float) -> int:
        """Touch tiers holding at least ``min_share`` of the customers (``fit.tier_in_use_min_share``)."""
        total = sum(self.tier_accounts)
        return sum(1 for n in self.tier_accounts if total and n / total >= min_share)

    @property
    def top_region_share(self) -> float:
        total = sum(self.regions.values())
        return max(self.regions.values()) / total if total else 1.0

    @property
    def expansion_share(self) -> float | None:
        growth = self.expansion_arr + self.new_logo_arr
        return self.expansion_arr / growth if growth > 0 else None


def measure_shape(book: AccountBook, workload: Workload, today: dt.date) -> BookShape:
    """Count regions and languages over active accounts; split growth into expansion and new logos."""
    active = book.active
    regions: dict[str, int] = {}
    if "region" in book.present:
        labels, codes = book.active_codes("region")
        counts = np.bincount(codes[codes >= 0], minlength=len(labels))
        regions = {label: int(c) for label, c in zip(labels, counts, strict=True) if c}
    languages = 0
    if "language" in book.present:
        languages = len(book.active_codes("language")[0])
    prev = book.previous_arr
    with np.errstate(invalid="ignore"):
        expansion = float(np.clip(book.arr - prev, 0, None)[np.isfinite(prev) & active].sum())
    year_ago = np.datetime64(today, "D") - np.timedelta64(365, "D")
    new_logo = float(book.arr[active & (book.start_date > year_ago)].sum())
    return BookShape(regions=regions, languages=languages,
                     tier_accounts=tuple(int(n) for n in workload.tier_accounts),
                     expansion_arr=expansion, new_logo_arr=new_logo)


def _clip(score: float) -> float:
    return float(min(100.0, max(0.0, score)))


def fit_org_models(
    workload: Workload, headcount: Headcount, shape: BookShape, company: Company,
    benchmarks: Benchmarks,
) -> OrgFit:
    """Score the four models on customers, team size, segment mix, regional spread, complexity.

    Every model starts at ``fit.base_score``; each S0 criterion adds or removes its ``fit.<model>.*``
    points, and the reason line prints the points in effect."""
    w = benchmarks.value
    customers = workload.customers
    csms = sum(headcount.required[str(CSM_ROLE_BY_TIER[t])] for t in TIER_KEYS)
    gen_max = w("models.generalist_customers_max")
    gen_csms = w("models.generalist_csms_max")
    spec_min = w("models.specialist_customers_min")
    pod_min = w("models.pod_customers_min")
    region_min = w("models.geographic_min_customers_per_region")
    top_share_max = w("models.geographic_max_top_region_share")
    tiers_in_use = shape.tiers_in_use(w("fit.tier_in_use_min_share"))
    complexity = company.company.product_complexity
    reasons: dict[OrgModel, list[Msg]] = {m: [] for m in OrgModel}
    score: dict[OrgModel, float] = dict.fromkeys(OrgModel, w("fit.base_score"))

    def add(model: OrgModel, points: float, why: Msg) -> None:
        score[model] += points
        reasons[model].append(_points(points, why))

    if customers <= gen_max:
        add(OrgModel.GENERALIST, w("fit.generalist.small_base"),
            Msg("fit.generalist.small_base", customers=customers, limit=gen_max))
    else:
        add(OrgModel.GENERALIST, -min(w("fit.generalist.large_base_penalty_max"),
                                      w("fit.generalist.large_base_penalty")
                                      + w("fit.generalist.large_base_penalty_slope")
                                      * (customers - gen_max) / gen_max),
            Msg("fit.generalist.large_base", customers=customers, limit=gen_max))
    if csms <= gen_csms:
        add(OrgModel.GENERALIST, w("fit.generalist.small_team"),
            Msg("fit.generalist.small_team", csms=csms, limit=gen_csms))
    else:
        add(OrgModel.GENERALIST, -w("fit.generalist.large_team_penalty"),
            Msg("fit.generalist.large_team", csms=csms, limit=gen_csms))
    if tiers_in_use >= 2:
        add(OrgModel.GENERALIST, -w("fit.generalist.segments_penalty"),
            Msg("fit.generalist.segments", tiers=tiers_in_use))

    if customers >= spec_min:
        add(OrgModel.SPECIALIST, w("fit.specialist.large_base"),
            Msg("fit.specialist.large_base", customers=customers, limit=spec_min))
    else:
        add(OrgModel.SPECIALIST, -w("fit.specialist.small_base_penalty_max") * (1 - customers / spec_min),
            Msg("fit.specialist.small_base", customers=customers, limit=spec_min))
    if tiers_in_use >= 2:
        add(OrgModel.SPECIALIST, w("fit.specialist.segments"),
            Msg("fit.specialist.segments", tiers=tiers_in_use))
    if customers >= pod_min and tiers_in_use >= 3:
        add(OrgModel.SPECIALIST, -w("fit.specialist.silo_penalty"),
            Msg("fit.specialist.silos", customers=customers))
    specialists = sum(headcount.required[str(r)] for r in (
        Role.IMPLEMENTATION_SPECIALIST, Role.SUPPORT_ENGINEER, Role.RENEWALS_SPECIALIST))
    if specialists >= w("fit.specialist.specialists_min"):
        add(OrgModel.SPECIALIST, w("fit.specialist.specialists"),
            Msg("fit.specialist.specialists", specialists=specialists))

    if customers >= pod_min:
        add(OrgModel.POD, w("fit.pod.large_base"),
            Msg("fit.pod.large_base", customers=customers, limit=pod_min))
    else:
        add(OrgModel.POD, -w("fit.pod.small_base_penalty_max") * (1 - customers / pod_min),
            Msg("fit.pod.small_base", customers=customers, limit=pod_min))
    if tiers_in_use >= 3:
        add(OrgModel.POD, w("fit.pod.segments"), Msg("fit.pod.segments"))
    if complexity == "high":
        add(OrgModel.POD, w("fit.pod.complex_product"),
            Msg("fit.pod.complex_product"))
    if csms < w("fit.pod.leads_min_csms"):
        add(OrgModel.POD, -w("fit.pod.few_csms_penalty"),
            Msg("fit.pod.few_csms", csms=csms))

    n_regions = sum(1 for c in shape.regions.values() if c >= region_min)
    if not shape.regions:
        add(OrgModel.GEOGRAPHIC, -w("fit.geographic.no_region_penalty"),
            Msg("fit.geographic.no_region"))
    else:
        if n_regions >= 2:
            counted = min(n_regions, int(w("fit.geographic.regions_counted_max")))
            add(OrgModel.GEOGRAPHIC, w("fit.geographic.per_region") * counted,
                Msg("fit.geographic.regions", regions=n_regions, limit=region_min))
        else:
            add(OrgModel.GEOGRAPHIC, -w("fit.geographic.single_region_penalty"),
                Msg("fit.geographic.single_region", limit=region_min))
        if shape.languages >= w("fit.geographic.languages_min"):
            add(OrgModel.GEOGRAPHIC, w("fit.geographic.languages"),
                Msg("fit.geographic.languages", languages=shape.languages))
        if customers < pod_min:
            add(OrgModel.GEOGRAPHIC, -w("fit.geographic.small_base_penalty"),
                Msg("fit.geographic.small_base"))
        if shape.top_region_share >= top_share_max:
            current = score[OrgModel.GEOGRAPHIC]
            penalty = (current - min(current, w("fit.geographic.concentrated_cap"))
                       + w("fit.geographic.concentrated_penalty"))
            add(OrgModel.GEOGRAPHIC, -penalty,
                Msg("fit.geographic.concentrated", share=shape.top_region_share,
                    limit=top_share_max))

    final = {m: _clip(s) for m, s in score.items()}
    recommended = max(OrgModel, key=lambda m: (final[m], -list(OrgModel).index(m)))
    return OrgFit(
        recommended=recommended, scores=final,
        reasons={m: tuple(r) for m, r in reasons.items()},
        sources=("models.generalist_customers_max", "models.generalist_csms_max",
                 "models.specialist_customers_min", "models.pod_customers_min",
                 "models.geographic_min_customers_per_region",
                 "models.geographic_max_top_region_share", *FIT_KEYS),
    )


_RISKS = {
    ReportingLine.CRO: (Msg("fit.risk.cro_short_term"), Msg("fit.risk.cro_new_sales")),
    ReportingLine.CEO_COO: (Msg("fit.risk.ceo_alignment"), Msg("fit.risk.ceo_revenue"),
                            Msg("fit.risk.ceo_leader")),
    ReportingLine.CCO: (Msg("fit.risk.cco_expensive"), Msg("fit.risk.cco_distance")),
}


def _points(points: float, why: Msg) -> Msg:
    """A reason with the points it adds or removes ("+20: …", "−15: …")."""
    if points >= 0:
        return Msg("fit.plus", points=points, why=why)
    return Msg("fit.minus", points=abs(points), why=why)


def penalize_unaffordable(fit: OrgFit, chart_costs: Mapping[OrgModel, float], budget: float,
                          benchmarks: Benchmarks) -> OrgFit:
    """A model whose chart costs more than the budget loses ``fit.over_budget_penalty`` points
    (S3: "if margins are tight, your model must be more efficient"), so an affordable model that
    fits nearly as well is recommended instead; the reason names the cost and the budget."""
    penalty = benchmarks.value("fit.over_budget_penalty")
    over = {m for m, cost in chart_costs.items() if cost > budget}
    if not over or len(over) == len(chart_costs):
        return fit  # all fit, or none does (the leanest plan is flagged elsewhere)
    scores = dict(fit.scores)
    reasons = {m: list(r) for m, r in fit.reasons.items()}
    for m in over:
        scores[m] = _clip(scores[m] - penalty)
        reasons[m].append(Msg("fit.minus", points=penalty, why=Msg(
            "fit.over_budget", cost=chart_costs[m], budget=budget)))
    recommended = max(OrgModel, key=lambda m: (scores[m], -list(OrgModel).index(m)))
    return fit.model_copy(update={
        "recommended": recommended, "scores": scores,
        "reasons": {m: tuple(r) for m, r in reasons.items()},
        "sources": (*fit.sources, "fit.over_budget_penalty")})


def fit_reporting_line(
    workload: Workload, headcount: Headcount, shape: BookShape, company: Company,
    benchmarks: Benchmarks, stage: int,
) -> ReportingLineFit:
    """CRO for sales-led and expansion-driven growth, CEO/COO for product-led or relationship
    businesses, CCO for large (1,000+), complex, mature post-sale organizations.

    Every line starts at ``fit.reporting.base_score``; the points are the ``fit.reporting.*``
    benchmarks. The chart's top is not a weight: the line is CCO exactly when the recommended chart
    has a CCO (±100, one truth with the org design)."""
    w = benchmarks.value
    motion = company.company.growth_motion
    reasons: dict[ReportingLine, list[Msg]] = {line: [] for line in ReportingLine}
    score = dict.fromkeys(ReportingLine, w("fit.reporting.base_score"))

    def add(line: ReportingLine, points: float, why: Msg) -> None:
        score[line] += points
        reasons[line].append(_points(points, why))

    if motion is GrowthMotion.SALES_LED:
        add(ReportingLine.CRO, w("fit.reporting.sales_led"), Msg("fit.reporting.sales_led"))
    if motion is GrowthMotion.LAND_AND_EXPAND:
        add(ReportingLine.CRO, w("fit.reporting.sales_led"), Msg("fit.reporting.land_and_expand"))
    if motion is GrowthMotion.PRODUCT_LED:
        add(ReportingLine.CEO_COO, w("fit.reporting.product_led"),
            Msg("fit.reporting.product_led"))
    threshold = w("reporting.expansion_share_for_cro")
    share = shape.expansion_share
    if share is not None and share >= threshold:
        add(ReportingLine.CRO, w("fit.reporting.expansion_driven"),
            Msg("fit.reporting.expansion_driven", share=share, threshold=threshold))
    elif share is not None:
        add(ReportingLine.CEO_COO, w("fit.reporting.new_logo_driven"),
            Msg("fit.reporting.new_logo_driven", share=share))
    high_share = workload.tier_arr[0] / workload.arr if workload.arr > 0 else 0.0
    if high_share >= w("fit.reporting.high_touch_share"):
        add(ReportingLine.CEO_COO, w("fit.reporting.high_touch_relationship"),
            Msg("fit.reporting.high_touch", share=high_share))
    cco_min = w("spans.cco_min_customers")
    if workload.customers >= cco_min:
        add(ReportingLine.CCO, w("fit.reporting.cco_large_base"),
            Msg("fit.reporting.cco_large_base", customers=workload.customers, limit=cco_min))
    else:
        add(ReportingLine.CCO, -w("fit.reporting.cco_small_base_penalty"),
            Msg("fit.reporting.cco_small_base", customers=workload.customers, limit=cco_min))
    functions = sum(1 for r in (Role.IMPLEMENTATION_SPECIALIST, Role.SUPPORT_ENGINEER,
                                Role.RENEWALS_SPECIALIST) if headcount.required[str(r)] > 0)
    if functions >= 3 and company.company.product_complexity == "high":
        add(ReportingLine.CCO, w("fit.reporting.cco_complex_post_sale"),
            Msg("fit.reporting.cco_complex"))
    if stage >= 4:
        add(ReportingLine.CCO, w("fit.reporting.cco_mature"),
            Msg("fit.reporting.cco_mature"))
    # the line and the chart's top agree (S0: a CCO is added by scope, not by headcount alone)
    if headcount.required.get(str(Role.CCO), 0) > 0:
        add(ReportingLine.CCO, 100, Msg("fit.reporting.chart_has_cco"))
    else:
        add(ReportingLine.CCO, -100, Msg("fit.reporting.chart_no_cco", customers=cco_min,
                                         people=w("spans.cco_min_people"),
                                         functions=w("spans.cco_min_functions")))
    final = {line: _clip(s) for line, s in score.items()}
    recommended = max(ReportingLine, key=lambda x: (final[x], -list(ReportingLine).index(x)))
    return ReportingLineFit(
        recommended=recommended, scores=final,
        reasons={line: tuple(r) for line, r in reasons.items()},
        risks=_RISKS[recommended],
        sources=("reporting.expansion_share_for_cro", "spans.cco_min_customers",
                 "spans.cco_min_people", "spans.cco_min_functions", *REPORTING_FIT_KEYS),
    )
