"""Advice (C9): the five common mistakes of S3 as checks, and plan warnings with stable codes.

Warning codes are a contract (other tools match on them):

- ``single_leader_drowning`` — one CS person carries a book far past one person's capacity (S0 opening)
- ``team_behind_stage`` — the team in seat is a stage or more behind the book
- ``over_servicing_low_value`` — human touch that costs more than the rule allows (S3 mistake 1)
- ``under_investing_high_value`` — high-value accounts without dedicated coverage (S3 mistake 2)
- ``copied_competitor_ratio`` — an accounts-per-CSM override outside the benchmark band (mistake 3)
- ``switching_models_too_often`` — the model changed within the commitment window (mistake 4)
- ``ignoring_gross_margin`` — CS cost the gross margin cannot carry (mistake 5)
- ``tier_cost_above_rule`` — a tier's cost per customer exceeds 15% of its ACV
- ``blended_cost_above_band`` — blended CS cost above 10–25% of revenue
- ``high_touch_share_outside_band`` — Tier 1 outside the top 10–20% of customers by revenue
- ``high_touch_over_scale_limit`` — more high-touch accounts than the model scales to (~500)
- ``low_touch_over_scale_limit`` — more low-touch accounts than the model scales to (~2,000)
- ``grr_below_stage`` / ``nrr_below_stage`` — retention below the stage band
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from postsale.core.capacity import Workload
from postsale.core.tiering import HIGH, TieringResult
from postsale.keys import TIER_KEYS, Role, Tier
from postsale.results import (
    Check,
    EconomicsResult,
    Headcount,
    Retention,
    StageDiagnosis,
    TierSummary,
    Warning,
)

__all__ = ["mistake_checks", "plan_warnings"]


def _months_between(a: dt.date, b: dt.date) -> int:
    """Whole calendar months from ``a`` to ``b`` (2025-11-25 → 2026-11-25 is 12)."""
    return (b.year - a.year) * 12 + (b.month - a.month) - (1 if b.day < a.day else 0)


def mistake_checks(
    book: AccountBook, tiering: TieringResult, workload: Workload, headcount: Headcount,
    econ: EconomicsResult, company: Company, benchmarks: Benchmarks, today: dt.date,
) -> tuple[Check, ...]:
    """The five common mistakes (S3), each passed / failed / not evaluable with the evidence."""
    rule_high = benchmarks.value("economics.cost_share_rule_high")
    checks: list[Check] = []

    # Accounts at or above the high-touch ACV floor ("needs ≥ $80K–200K") are high-touch by S3's own
    # bands; over-servicing is human touch below it (strategic, escalated, complex or overridden)
    # that costs more than the 15% rule allows.
    high_cost = econ.per_tier[Tier.HIGH_TOUCH].cost_per_customer
    floor = benchmarks.value("tiering.high_touch_acv_floor")
    over = book.active & (tiering.tier == HIGH) & (book.arr < floor) & (
        book.arr * rule_high < high_cost)
    over_n = int(over.sum())
    team_high = headcount.current[Role.CSM_HIGH_TOUCH]
    need_high = headcount.required[Role.CSM_HIGH_TOUCH]
    excess = team_high > need_high and team_high > 0
    if over_n or excess:
        parts = []
        if over_n:
            parts.append(f"{over_n} high-touch accounts below the ${floor:,.0f} high-touch floor "
                         f"(strategic, escalated, complex or overridden) earn less than "
                         f"${high_cost / rule_high:,.0f}: ${high_cost:,.0f} of CS each is over "
                         f"{rule_high:.0%} of their ARR")
        if excess:
            parts.append(f"{team_high} high-touch CSMs in seat for a tier that needs {need_high}")
        checks.append(Check(code="over_servicing_low_value", title="Over-servicing low-value customers",
                            status="failed", detail="; ".join(parts),
                            sources=("economics.cost_share_rule_high", "costs.csm_high_touch",
                                     "tiering.high_touch_acv_floor")))
    else:
        checks.append(Check(code="over_servicing_low_value", title="Over-servicing low-value customers",
                            status="passed",
                            detail="no high-touch account costs more than the rule allows",
                            sources=("economics.cost_share_rule_high",)))

    high_n = workload.tier_accounts[0]
    upper = benchmarks.band("accounts_per_csm.high_touch")[1]
    load = high_n / team_high if team_high else float("inf")
    if high_n and (team_high == 0 or load > upper):
        detail = (f"{high_n} high-touch accounts (${workload.tier_arr[0]:,.0f} ARR) and "
                  + ("no dedicated high-touch CSM: everyone is treated the same" if team_high == 0
                     else f"{load:.0f} accounts per high-touch CSM (band up to {upper:g})"))
        status = "failed"
    else:
        detail, status = "high-value accounts have dedicated coverage within the band", "passed"
    checks.append(Check(code="under_investing_high_value", title="Under-investing in high-value accounts",
                        status=status, detail=detail,
                        sources=("accounts_per_csm.high_touch",)))

    copied = []
    for tier in TIER_KEYS:
        key = f"accounts_per_csm.{tier}"
        if benchmarks.is_overridden(key):
            lo, hi = benchmarks.band(key)
            value = benchmarks.value(key)
            if not lo <= value <= hi:
                copied.append(f"{key} = {value:g} is outside the {lo:g}–{hi:g} benchmark")
    if copied:
        median = float(np.median(book.arr[book.active])) if workload.customers else 0.0
        checks.append(Check(
            code="copied_competitor_ratio", title="Copying a competitor's ratio", status="failed",
            detail="; ".join(copied) + f". If it came from a competitor, compare their ACV, "
            f"complexity and segment with yours (median ACV here ${median:,.0f}, product "
            f"complexity {company.company.product_complexity})",
            sources=tuple(f"accounts_per_csm.{t}" for t in TIER_KEYS)))
    else:
        checks.append(Check(code="copied_competitor_ratio", title="Copying a competitor's ratio",
                            status="passed", detail="accounts-per-CSM ratios are within the benchmark bands",
                            sources=tuple(f"accounts_per_csm.{t}" for t in TIER_KEYS)))

    window = benchmarks.value("models.commitment_months")
    changed = company.company.last_model_change
    if changed is None:
        checks.append(Check(code="switching_models_too_often", title="Switching models too often",
                            status="not_evaluable",
                            detail="set [company] last_model_change to check the 12–18-month commitment",
                            sources=("models.commitment_months",)))
    else:
        months = _months_between(changed, today)
        failed = months < window
        checks.append(Check(
            code="switching_models_too_often", title="Switching models too often",
            status="failed" if failed else "passed",
            detail=f"the model last changed {months:.0f} months ago "
            f"({'under' if failed else 'over'} the {window:g}-month minimum commitment)",
            sources=("models.commitment_months",)))

    checks.append(Check(code="ignoring_gross_margin", title="Ignoring the gross-margin constraint",
                        status=econ.gross_margin_check, detail=econ.gross_margin_detail,
                        sources=("economics.max_cs_share_of_gross_margin",
                                 "economics.high_touch_min_gross_margin")))
    return tuple(checks)


def plan_warnings(
    checks: tuple[Check, ...], stage: StageDiagnosis, workload: Workload,
    tiers: dict[Tier, TierSummary], econ: EconomicsResult, retention: Retention,
    benchmarks: Benchmarks,
) -> tuple[Warning, ...]:
    """Every failed check plus the structural warnings, each with a stable code."""
    out: list[Warning] = []
    capacity = benchmarks.value("capacity.person_capacity_accounts")
    if stage.cs_people <= 1 and workload.customers > capacity:
        out.append(Warning(
            code="single_leader_drowning",
            message=f"{workload.customers} customers rest on {stage.cs_people or 'no'} CS "
            f"person; one person carries {benchmarks.band('capacity.person_capacity_accounts')[0]:g}–"
            f"{benchmarks.band('capacity.person_capacity_accounts')[1]:g} accounts end to end. Health "
            "falls and churn rises before anyone complains: start building the structure now.",
            sources=("capacity.person_capacity_accounts",)))
    if stage.team_stage < stage.book_stage:
        out.append(Warning(
            code="team_behind_stage",
            message=f"a stage-{stage.book_stage} book run by a stage-{stage.team_stage} team "
            f"({stage.cs_people} in seat)",
            sources=stage.sources))
    out.extend(Warning(code=c.code, message=c.detail, sources=c.sources)
               for c in checks if c.status == "failed" and c.code != "ignoring_gross_margin")
    rule = benchmarks.value("economics.cost_share_rule_high")
    for tier, e in econ.per_tier.items():
        if e.verdict == "too_expensive" and e.cost_share_of_revenue is not None:
            out.append(Warning(
                code="tier_cost_above_rule",
                message=f"{tier}: ${e.cost_per_customer:,.0f} per customer is "
                f"{e.cost_share_of_revenue:.1%} of the ${e.average_acv:,.0f} average ACV "
                f"(rule: ≤ {rule:.0%}); move accounts down a tier or raise accounts per CSM",
                sources=e.sources))
    if econ.blended_verdict == "above_band" and econ.blended_cost_share_of_revenue is not None:
        out.append(Warning(
            code="blended_cost_above_band",
            message=f"blended CS cost {econ.blended_cost_share_of_revenue:.1%} of revenue is above "
            f"the usual {econ.blended_band[0]:.0%}–{econ.blended_band[1]:.0%}",
            sources=("economics.blended_low", "economics.blended_high")))
    if any(c.code == "ignoring_gross_margin" and c.status == "failed" for c in checks):
        out.append(Warning(code="ignoring_gross_margin", message=econ.gross_margin_detail,
                           sources=("economics.max_cs_share_of_gross_margin",)))
    high = tiers[Tier.HIGH_TOUCH]
    if high.share_check in ("below", "above"):
        out.append(Warning(
            code="high_touch_share_outside_band",
            message=f"high-touch is {high.share_of_accounts:.0%} of accounts "
            f"({high.share_of_arr:.0%} of ARR); S3 puts Tier 1 at the top "
            f"{high.share_band[0]:.0%}–{high.share_band[1]:.0%} of customers by revenue",
            sources=("tiering.high_touch_revenue_share",)))
    for tier in (Tier.HIGH_TOUCH, Tier.LOW_TOUCH):
        key = f"economics.scale_limit.{tier}"
        limit = benchmarks.value(key)
        if tiers[tier].accounts > limit:
            out.append(Warning(
                code=f"{tier}_over_scale_limit",
                message=f"{tiers[tier].accounts} {tier.replace('_', '-')} accounts exceed the "
                f"~{limit:g} the model scales to: segment the tier further",
                sources=(key,)))
    best_in_class = (f" (stage-4 bands are best-in-class targets; the published medians are GRR "
                     f"{retention.median_grr:.0%} and NRR {retention.median_nrr:.0%})"
                     if stage.number == 4 else "")
    if retention.grr_verdict == "below" and retention.grr is not None:
        out.append(Warning(code="grr_below_stage",
                           message=f"GRR {retention.grr:.1%} is below the stage-{stage.number} band "
                           f"{retention.grr_band[0]:.0%}–{retention.grr_band[1]:.0%}{best_in_class}",
                           sources=retention.sources))
    if retention.nrr_verdict == "below" and retention.nrr is not None and retention.nrr_band:
        out.append(Warning(code="nrr_below_stage",
                           message=f"NRR {retention.nrr:.1%} is below the stage-{stage.number} band "
                           f"{retention.nrr_band[0]:.0%}–{retention.nrr_band[1]:.0%}{best_in_class}",
                           sources=retention.sources))
    return tuple(out)
