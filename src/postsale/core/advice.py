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
- ``plan_exceeds_budget`` — no seed model fits the budget; the leanest plan's cost is given
- ``plan_fails_gross_margin`` — the recommended plan's full cost breaks the gross-margin rule
- ``team_surplus`` — people in seat beyond the plan after retitling within each role family
- ``team_from_owners`` — no ``[team]``: the owners the book names are taken as today's CSMs
  (emitted by the plan pipeline, ``core/plan.py``)

The five mistakes judge what the company does today (its team in seat), never postsale's own
recommended tiering (DOMAIN.md §10.9).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from postsale.core.capacity import Workload
from postsale.core.csm_book import book_text, csm_books
from postsale.core.tiering import HIGH, TieringResult
from postsale.keys import TIER_KEYS, Role, Tier
from postsale.results import (
    Check,
    EconomicsResult,
    Funding,
    Headcount,
    Retention,
    StageDiagnosis,
    TierSummary,
    Warning,
)

__all__ = ["mistake_accounts", "mistake_checks", "plan_warnings"]


def _months_between(a: dt.date, b: dt.date) -> int:
    """Whole calendar months from ``a`` to ``b`` (2025-11-25 → 2026-11-25 is 12)."""
    return (b.year - a.year) * 12 + (b.month - a.month) - (1 if b.day < a.day else 0)


def mistake_checks(
    book: AccountBook, tiering: TieringResult, workload: Workload, headcount: Headcount,
    econ: EconomicsResult, company: Company, benchmarks: Benchmarks, today: dt.date,
) -> tuple[Check, ...]:
    """The five common mistakes (S3), each passed / failed / not evaluable with the evidence."""
    benchmarks.value("economics.cost_share_rule_high")
    checks: list[Check] = []

    over_mask, under_mask = mistake_accounts(book, tiering, headcount, company, benchmarks)
    floor = benchmarks.value("tiering.high_touch_acv_floor")
    team_high = headcount.current[Role.CSM_HIGH_TOUCH]
    need_high = headcount.needed.get(Role.CSM_HIGH_TOUCH, headcount.required[Role.CSM_HIGH_TOUCH])
    over_n = int(over_mask.sum())
    if over_n:
        # a dedicated CSM's book as the plan staffs it: the ratio, or the service catalogue's
        # under effort sizing (core/csm_book.py)
        high_book = csm_books(workload, benchmarks, company)[Tier.HIGH_TOUCH]
        book_size = high_book.value or benchmarks.value("accounts_per_csm.high_touch")
        per = benchmarks.value("costs.csm_high_touch") / book_size
        median = float(np.median(book.arr[over_mask]))
        spare = (team_high - need_high) * book_size
        detail = (f"{team_high} dedicated (high-touch) CSMs in seat where the book's high-touch "
                  f"tier needs {need_high}: about {spare:,.0f} accounts' worth of dedicated "
                  f"coverage goes to the {over_n} accounts under the "
                  f"${floor:,.0f} high-touch floor (median ${median:,.0f}), at ${per:,.0f} each "
                  f"({per / median:.0%} of that ARR; S3: white-glove service at an economy price)")
        checks.append(Check(code="over_servicing_low_value", title="Over-servicing low-value customers",
                            status="failed", detail=detail,
                            sources=("costs.csm_high_touch", *high_book.sources,
                                     "tiering.high_touch_acv_floor")))
    else:
        checks.append(Check(code="over_servicing_low_value", title="Over-servicing low-value customers",
                            status="passed" if headcount.current["total"] else "not_evaluable",
                            detail="the team in seat gives no dedicated coverage beyond what the "
                            "high-touch tier needs" if headcount.current["total"]
                            else "no team in [team]: set today's headcount to check",
                            sources=("accounts_per_csm.high_touch",)))

    high_n = int(under_mask.sum())
    upper = benchmarks.band("accounts_per_csm.high_touch")[1]
    if high_n:
        arr_high = float(book.arr[under_mask].sum())
        load = high_n / team_high if team_high else float("inf")
        detail = (f"{high_n} high-touch accounts of ${floor:,.0f}+ (${arr_high:,.0f} ARR) and "
                  + ("no dedicated high-touch CSM: everyone is treated the same" if team_high == 0
                     else f"{load:.0f} accounts per high-touch CSM (band up to {upper:g})"))
        status = "failed"
    else:
        detail, status = "high-value accounts have dedicated coverage within the band", "passed"
    checks.append(Check(code="under_investing_high_value", title="Under-investing in high-value accounts",
                        status=status, detail=detail,
                        sources=("accounts_per_csm.high_touch", "tiering.high_touch_acv_floor")))

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

    checks.append(_margin_today(econ, company, benchmarks))
    return tuple(checks)


def _margin_today(econ: EconomicsResult, company: Company, benchmarks: Benchmarks) -> Check:
    """S3 mistake 5 judged on the team in seat (its full cost against the gross margin)."""
    key = "economics.max_cs_share_of_gross_margin"
    sources = (key, "economics.high_touch_min_gross_margin")
    margin = company.company.gross_margin
    share = econ.current_team_cost_share_of_revenue
    title = "Ignoring the gross-margin constraint"
    if margin is None or share is None:
        why = ("set [company] gross_margin" if margin is None
               else "set [team] (today's headcount)") + " to check today's CS cost against margin"
        return Check(code="ignoring_gross_margin", title=title, status="not_evaluable", detail=why,
                     sources=sources)
    ceiling = benchmarks.value(key) * margin
    failed = share > ceiling
    return Check(code="ignoring_gross_margin", title=title, status="failed" if failed else "passed",
                 detail=f"today's team costs {share:.1%} of revenue, "
                 f"{'above' if failed else 'within'} the {ceiling:.1%} a {margin:.0%} gross margin "
                 f"carries ({benchmarks.value(key):.0%} of it)", sources=sources)


def mistake_accounts(
    book: AccountBook, tiering: TieringResult, headcount: Headcount, company: Company,
    benchmarks: Benchmarks,
) -> tuple[np.ndarray, np.ndarray]:
    """The accounts S3's first two mistakes are about, judged on today's team (DOMAIN.md §10.9).

    Over-servicing: the team in seat has more dedicated (high-touch) CSMs than the book's
    high-touch tier needs, so the surplus serves accounts below the high-touch floor. Under-
    investing: high-touch accounts at or above the floor without dedicated coverage within the band.
    The floor splits them, so the two never flag the same account.
    """
    floor = benchmarks.value("tiering.high_touch_acv_floor")
    team_high = headcount.current[Role.CSM_HIGH_TOUCH]
    need_high = headcount.needed.get(Role.CSM_HIGH_TOUCH, headcount.required[Role.CSM_HIGH_TOUCH])
    live = book.active
    below = live & (book.arr < floor)
    over = below if team_high > need_high else np.zeros(len(book), dtype=bool)
    high_value = live & (tiering.tier == HIGH) & (book.arr >= floor)
    upper = benchmarks.band("accounts_per_csm.high_touch")[1]
    n = int(high_value.sum())
    under_today = n > 0 and (team_high == 0 or n / team_high > upper)
    under = high_value if under_today else np.zeros(len(book), dtype=bool)
    return over, under


def plan_warnings(
    checks: tuple[Check, ...], stage: StageDiagnosis, workload: Workload,
    tiers: dict[Tier, TierSummary], econ: EconomicsResult, retention: Retention,
    benchmarks: Benchmarks, funding: Funding | None = None,
    headcount: Headcount | None = None,
) -> tuple[Warning, ...]:
    """Every failed check plus the structural warnings, each with a stable code."""
    out: list[Warning] = []
    if funding is not None and funding.status == "exceeds_budget":
        levers = f" after {len(funding.steps)} of the seeds' levers" if funding.steps else ""
        out.append(Warning(
            code="plan_exceeds_budget",
            message=f"no seed model fits the budget: the leanest plan{levers} costs "
            f"${funding.recommended_cost:,.0f} ({(funding.recommended_share or 0):.1%} of ARR) "
            f"against a budget of ${funding.budget.amount:,.0f} ({funding.budget.explanation}); "
            "raise prices or margin, automate the tail, or set [budget] to fund it knowingly",
            sources=funding.budget.sources))
    surplus = {r: n for r, n in headcount.surplus.items() if r != "total" and n} \
        if headcount is not None else {}
    if surplus and headcount is not None:
        spare_cost = sum(n * benchmarks.value(f"costs.{r}") for r, n in surplus.items())
        people = ", ".join(f"{n} {r}" for r, n in surplus.items())
        hires = headcount.hires.get("total", 0)
        out.append(Warning(
            code="team_surplus",
            message=f"the team in seat has {sum(surplus.values())} people beyond the plan "
            f"({people}; ${spare_cost:,.0f} a year) after retitling within each role family"
            + ("; it covers the plan: hire nobody" if hires == 0 else
               f"; still open only the {hires} requisitions nobody in seat can take")
            + ": move them where the workload grows, or let attrition absorb them",
            sources=tuple(f"costs.{r}" for r in surplus)))
    if econ.gross_margin_check == "failed":
        out.append(Warning(code="plan_fails_gross_margin",
                           message=f"the recommended plan: {econ.gross_margin_detail}",
                           sources=("economics.max_cs_share_of_gross_margin",)))
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
                f"(rule: ≤ {rule:.0%}); "
                + (("move accounts down a tier or lighten the tier's service (the catalogue "
                    f"staffs it at {book_text(e.accounts_per_csm)} accounts per CSM)"
                    if e.accounts_per_csm_basis == "effort"
                    else "move accounts down a tier or raise accounts per CSM")
                   if tier != Tier.TECH_TOUCH
                   else "automate more of the program or raise prices: tech-touch is the lowest tier")
                + (f" (the plan as a whole fits the budget at {econ.full_cost_share_of_revenue:.1%}"
                   " of ARR: the other tiers carry this one)"
                   if funding is not None and funding.status != "exceeds_budget"
                   and econ.full_cost_share_of_revenue is not None else ""),
                sources=e.sources))
    if econ.blended_verdict == "above_band" and econ.blended_cost_share_of_revenue is not None:
        out.append(Warning(
            code="blended_cost_above_band",
            message=f"blended CS cost {econ.blended_cost_share_of_revenue:.1%} of revenue is above "
            f"the usual {econ.blended_band[0]:.0%}–{econ.blended_band[1]:.0%}",
            sources=("economics.blended_low", "economics.blended_high")))
    # mistake 5 judges today's team (DOMAIN.md §10.9): its warning says what the check found, not
    # the recommended plan's margin (that is ``plan_fails_gross_margin``)
    out.extend(Warning(code=c.code, message=c.detail, sources=c.sources)
               for c in checks if c.code == "ignoring_gross_margin" and c.status == "failed")
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
