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
recommended tiering (DOMAIN.md §10.9). Every title, detail and warning message is a message
(``advice.*`` codes, ``core/msg.py``) with raw figures; the catalogs say it in the reader's language.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from postsale.core.capacity import Workload
from postsale.core.csm_book import book_figure, csm_books
from postsale.core.msg import Msg, Param
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

_TITLES = {"over_servicing_low_value": Msg("advice.title.over_servicing_low_value"),
           "under_investing_high_value": Msg("advice.title.under_investing_high_value"),
           "copied_competitor_ratio": Msg("advice.title.copied_competitor_ratio"),
           "switching_models_too_often": Msg("advice.title.switching_models_too_often"),
           "ignoring_gross_margin": Msg("advice.title.ignoring_gross_margin")}


def _clauses(*parts: Msg) -> Msg:
    """Clauses of one sentence, "; "-joined in the reader's language."""
    out = parts[0]
    for part in parts[1:]:
        out = Msg("advice.clauses", first=out, then=part)
    return out


def _book(value: float | None) -> float | None:
    """A CSM's book as ``csm_book.book_figure`` rounds it."""
    return None if value is None else book_figure(value)


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
        detail = Msg("advice.over_servicing.failed", team=team_high, need=need_high, spare=spare,
                     accounts=over_n, floor=floor, median=median, per=per, share=per / median)
        checks.append(Check(code="over_servicing_low_value",
                            title=_TITLES["over_servicing_low_value"],
                            status="failed", detail=detail,
                            sources=("costs.csm_high_touch", *high_book.sources,
                                     "tiering.high_touch_acv_floor")))
    else:
        checks.append(Check(code="over_servicing_low_value",
                            title=_TITLES["over_servicing_low_value"],
                            status="passed" if headcount.current["total"] else "not_evaluable",
                            detail=Msg("advice.over_servicing.passed") if headcount.current["total"]
                            else Msg("advice.over_servicing.no_team"),
                            sources=("accounts_per_csm.high_touch",)))

    high_n = int(under_mask.sum())
    upper = benchmarks.band("accounts_per_csm.high_touch")[1]
    if high_n:
        arr_high = float(book.arr[under_mask].sum())
        load = high_n / team_high if team_high else float("inf")
        detail = (Msg("advice.under_investing.no_csm", accounts=high_n, floor=floor, arr=arr_high)
                  if team_high == 0 else
                  Msg("advice.under_investing.load", accounts=high_n, floor=floor, arr=arr_high,
                      load=load, upper=upper))
        status = "failed"
    else:
        detail, status = Msg("advice.under_investing.passed"), "passed"
    checks.append(Check(code="under_investing_high_value",
                        title=_TITLES["under_investing_high_value"],
                        status=status, detail=detail,
                        sources=("accounts_per_csm.high_touch", "tiering.high_touch_acv_floor")))

    copied: list[Msg] = []
    for tier in TIER_KEYS:
        key = f"accounts_per_csm.{tier}"
        if benchmarks.is_overridden(key):
            lo, hi = benchmarks.band(key)
            value = benchmarks.value(key)
            if not lo <= value <= hi:
                copied.append(Msg("advice.copied.override", key=key, value=value, low=lo, high=hi))
    if copied:
        median = float(np.median(book.arr[book.active])) if workload.customers else 0.0
        checks.append(Check(
            code="copied_competitor_ratio", title=_TITLES["copied_competitor_ratio"],
            status="failed",
            detail=Msg("advice.copied.failed", overrides=_clauses(*copied), median=median,
                       complexity=str(company.company.product_complexity)),
            sources=tuple(f"accounts_per_csm.{t}" for t in TIER_KEYS)))
    else:
        checks.append(Check(code="copied_competitor_ratio",
                            title=_TITLES["copied_competitor_ratio"],
                            status="passed", detail=Msg("advice.copied.passed"),
                            sources=tuple(f"accounts_per_csm.{t}" for t in TIER_KEYS)))

    window = benchmarks.value("models.commitment_months")
    changed = company.company.last_model_change
    if changed is None:
        checks.append(Check(code="switching_models_too_often",
                            title=_TITLES["switching_models_too_often"],
                            status="not_evaluable", detail=Msg("advice.switching.not_set"),
                            sources=("models.commitment_months",)))
    else:
        months = _months_between(changed, today)
        failed = months < window
        checks.append(Check(
            code="switching_models_too_often", title=_TITLES["switching_models_too_often"],
            status="failed" if failed else "passed",
            detail=Msg("advice.switching.under", months=months, window=window) if failed
            else Msg("advice.switching.over", months=months, window=window),
            sources=("models.commitment_months",)))

    checks.append(_margin_today(econ, company, benchmarks))
    return tuple(checks)


def _margin_today(econ: EconomicsResult, company: Company, benchmarks: Benchmarks) -> Check:
    """S3 mistake 5 judged on the team in seat (its full cost against the gross margin)."""
    key = "economics.max_cs_share_of_gross_margin"
    sources = (key, "economics.high_touch_min_gross_margin")
    margin = company.company.gross_margin
    share = econ.current_team_cost_share_of_revenue
    title = _TITLES["ignoring_gross_margin"]
    if margin is None or share is None:
        why = (Msg("advice.margin.no_margin") if margin is None else Msg("advice.margin.no_team"))
        return Check(code="ignoring_gross_margin", title=title, status="not_evaluable", detail=why,
                     sources=sources)
    ceiling = benchmarks.value(key) * margin
    failed = share > ceiling
    return Check(code="ignoring_gross_margin", title=title, status="failed" if failed else "passed",
                 detail=Msg("advice.margin.above", share=share, ceiling=ceiling, margin=margin,
                            max_share=benchmarks.value(key)) if failed else
                 Msg("advice.margin.within", share=share, ceiling=ceiling, margin=margin,
                     max_share=benchmarks.value(key)), sources=sources)


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
        budget: dict[str, Param] = {"cost": funding.recommended_cost,
                                    "share": funding.recommended_share or 0.0,
                                    "budget": funding.budget.amount,
                                    "explanation": funding.budget.explanation}
        out.append(Warning(
            code="plan_exceeds_budget",
            message=Msg("advice.warning.exceeds_budget_levers", levers=len(funding.steps),
                        **budget) if funding.steps
            else Msg("advice.warning.exceeds_budget", **budget),
            sources=funding.budget.sources))
    surplus = {r: n for r, n in headcount.surplus.items() if r != "total" and n} \
        if headcount is not None else {}
    if surplus and headcount is not None:
        spare_cost = sum(n * benchmarks.value(f"costs.{r}") for r, n in surplus.items())
        roles = tuple(Msg("advice.warning.surplus_role", people=n, role=r)
                      for r, n in surplus.items())
        hires = headcount.hires.get("total", 0)
        out.append(Warning(
            code="team_surplus",
            message=Msg("advice.warning.surplus_covers", people=sum(surplus.values()),
                        roles=roles, cost=spare_cost) if hires == 0 else
            Msg("advice.warning.surplus_open", people=sum(surplus.values()), roles=roles,
                cost=spare_cost, hires=hires),
            sources=tuple(f"costs.{r}" for r in surplus)))
    if econ.gross_margin_check == "failed":
        out.append(Warning(code="plan_fails_gross_margin",
                           message=Msg("advice.warning.plan_margin",
                                       detail=econ.gross_margin_detail),
                           sources=("economics.max_cs_share_of_gross_margin",)))
    capacity = benchmarks.value("capacity.person_capacity_accounts")
    if stage.cs_people <= 1 and workload.customers > capacity:
        out.append(Warning(
            code="single_leader_drowning",
            message=Msg("advice.warning.drowning", customers=workload.customers,
                        people=stage.cs_people,
                        low=benchmarks.band("capacity.person_capacity_accounts")[0],
                        high=benchmarks.band("capacity.person_capacity_accounts")[1])
            if stage.cs_people else
            Msg("advice.warning.drowning_nobody", customers=workload.customers,
                low=benchmarks.band("capacity.person_capacity_accounts")[0],
                high=benchmarks.band("capacity.person_capacity_accounts")[1]),
            sources=("capacity.person_capacity_accounts",)))
    if stage.team_stage < stage.book_stage:
        out.append(Warning(
            code="team_behind_stage",
            message=Msg("advice.warning.team_behind", book=stage.book_stage,
                        team=stage.team_stage, people=stage.cs_people),
            sources=stage.sources))
    out.extend(Warning(code=c.code, message=c.detail, sources=c.sources)
               for c in checks if c.status == "failed" and c.code != "ignoring_gross_margin")
    rule = benchmarks.value("economics.cost_share_rule_high")
    for tier, e in econ.per_tier.items():
        if e.verdict == "too_expensive" and e.cost_share_of_revenue is not None:
            remedy = (Msg("advice.warning.remedy_tech") if tier == Tier.TECH_TOUCH else
                      Msg("advice.warning.remedy_effort", book=_book(e.accounts_per_csm))
                      if e.accounts_per_csm_basis == "effort"
                      else Msg("advice.warning.remedy_ratio"))
            figures: dict[str, Param] = {"tier": str(tier), "cost": e.cost_per_customer,
                                         "share": e.cost_share_of_revenue, "acv": e.average_acv,
                                         "rule": rule, "remedy": remedy}
            fits = (funding is not None and funding.status != "exceeds_budget"
                    and econ.full_cost_share_of_revenue is not None)
            out.append(Warning(
                code="tier_cost_above_rule",
                message=Msg("advice.warning.tier_cost_fits",
                            plan_share=econ.full_cost_share_of_revenue, **figures) if fits
                else Msg("advice.warning.tier_cost", **figures),
                sources=e.sources))
    if econ.blended_verdict == "above_band" and econ.blended_cost_share_of_revenue is not None:
        out.append(Warning(
            code="blended_cost_above_band",
            message=Msg("advice.warning.blended", share=econ.blended_cost_share_of_revenue,
                        low=econ.blended_band[0], high=econ.blended_band[1]),
            sources=("economics.blended_low", "economics.blended_high")))
    # mistake 5 judges today's team (DOMAIN.md §10.9): its warning says what the check found, not
    # the recommended plan's margin (that is ``plan_fails_gross_margin``)
    out.extend(Warning(code=c.code, message=c.detail, sources=c.sources)
               for c in checks if c.code == "ignoring_gross_margin" and c.status == "failed")
    high = tiers[Tier.HIGH_TOUCH]
    if high.share_check in ("below", "above"):
        out.append(Warning(
            code="high_touch_share_outside_band",
            message=Msg("advice.warning.high_touch_share", share=high.share_of_accounts,
                        arr_share=high.share_of_arr, low=high.share_band[0],
                        high=high.share_band[1]),
            sources=("tiering.high_touch_revenue_share",)))
    for tier in (Tier.HIGH_TOUCH, Tier.LOW_TOUCH):
        key = f"economics.scale_limit.{tier}"
        limit = benchmarks.value(key)
        if tiers[tier].accounts > limit:
            out.append(Warning(
                code=f"{tier}_over_scale_limit",
                message=Msg("advice.warning.over_scale_limit", accounts=tiers[tier].accounts,
                            tier=str(tier), limit=limit),
                sources=(key,)))
    medians = {"median_grr": retention.median_grr, "median_nrr": retention.median_nrr}
    if retention.grr_verdict == "below" and retention.grr is not None:
        grr = {"value": retention.grr, "stage": stage.number, "low": retention.grr_band[0],
               "high": retention.grr_band[1]}
        out.append(Warning(code="grr_below_stage",
                           message=Msg("advice.warning.grr_below_best", **grr, **medians)
                           if stage.number == 4 else Msg("advice.warning.grr_below", **grr),
                           sources=retention.sources))
    if retention.nrr_verdict == "below" and retention.nrr is not None and retention.nrr_band:
        nrr = {"value": retention.nrr, "stage": stage.number, "low": retention.nrr_band[0],
               "high": retention.nrr_band[1]}
        out.append(Warning(code="nrr_below_stage",
                           message=Msg("advice.warning.nrr_below_best", **nrr, **medians)
                           if stage.number == 4 else Msg("advice.warning.nrr_below", **nrr),
                           sources=retention.sources))
    return tuple(out)
