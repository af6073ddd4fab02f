"""The plan pipeline (pure): book + company + benchmarks + today → PlanResult.

Order matters only where results feed each other: tiers → workload → headcount → economics (team
cost) → diagnosis → fit → checks → warnings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from postsale.company import Company
from postsale.core.advice import mistake_checks, plan_warnings
from postsale.core.advise import build_advice
from postsale.core.assignment.current_owners import owners_team
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from postsale.core.capacity import Workload, required_headcount
from postsale.core.diagnosis import diagnose_phase, diagnose_stage, measure_retention
from postsale.core.economics import economics, technology_cost
from postsale.core.effort_model import effort_model
from postsale.core.fit import (
    fit_org_models,
    fit_reporting_line,
    measure_shape,
    penalize_unaffordable,
)
from postsale.core.funding import FundingOutcome, Measured, fund, measure
from postsale.core.msg import Msg
from postsale.core.org.build import adopt_chart, build_charts
from postsale.core.org.chart import OrgChart
from postsale.core.org.design import (
    MODEL_PROFILES,
    architecture,
    careers,
    handoffs,
    phase_step,
    runner_up,
    variable_pay,
)
from postsale.core.org.inputs import OrgInputs
from postsale.core.rebalance import rebalance
from postsale.core.tiering import TieringResult
from postsale.core.triggers import evaluate_triggers
from postsale.keys import TIER_KEYS, OrgModel, Role, Tier
from postsale.results import (
    EconomicsResult,
    Funding,
    Headcount,
    OrgFit,
    PlanResult,
    TierSummary,
    Trigger,
    Warning,
)

__all__ = ["benchmarks_table", "build_plan", "summarize_tiers"]


def summarize_tiers(
    tiering: TieringResult, workload: Workload, benchmarks: Benchmarks
) -> dict[Tier, TierSummary]:
    """Accounts, ARR and shares per tier; the share of accounts is checked against the S3 bands."""
    out: dict[Tier, TierSummary] = {}
    for i, tier in enumerate(TIER_KEYS):
        n = workload.tier_accounts[i]
        arr = workload.tier_arr[i]
        share = arr / workload.arr if workload.arr > 0 else 0.0
        count_share = n / workload.customers if workload.customers else 0.0
        key = f"tiering.{tier}_revenue_share"
        band = benchmarks.band(key)
        check = "empty" if n == 0 else (
            "below" if count_share < band[0] else "above" if count_share > band[1] else "within")
        out[tier] = TierSummary(
            accounts=n, arr=arr, share_of_arr=share, share_of_accounts=count_share,
            average_acv=arr / n if n else 0.0,
            share_band=band, share_check=check,
            sources=(key, "tiering.high_touch_min_acv", "tiering.low_touch_min_acv"),
        )
    return out


def benchmarks_table(benchmarks: Benchmarks) -> dict[str, Any]:
    """The benchmark table in effect, for the JSON ``benchmarks`` key."""
    return {
        "version": benchmarks.version,
        "entries": {
            key: {
                "value": e.value,
                "range": list(e.range) if e.range else None,
                "unit": e.unit,
                "source": e.source,
                "overridden": e.overridden,
                "overridden_by": e.overridden_by,
                "default": e.default_value if e.overridden else e.value,
            }
            for key, e in sorted(benchmarks.items())
        },
    }


@dataclass(frozen=True)
class _Shaped:
    """The plan's tiers, workload, headcount, charts and economics for one set of inputs."""

    tiering: TieringResult
    workload: Workload
    tiers: dict[Tier, TierSummary]
    base: Headcount
    shape: Any
    fit: OrgFit
    charts: dict[OrgModel, OrgChart]
    headcount: Headcount
    econ: EconomicsResult


def _shape(book: AccountBook, outcome: FundingOutcome, today: dt.date) -> _Shaped:
    company, benchmarks = outcome.company, outcome.benchmarks
    tiering, workload = measure(book, company, benchmarks, today, outcome.measured)
    tiers = summarize_tiers(tiering, workload, benchmarks)
    base = required_headcount(workload, benchmarks, company)
    shape = measure_shape(book, workload, today)
    fit = fit_org_models(workload, base, shape, company, benchmarks)
    charts = build_charts(OrgInputs(book, tiering.tier, workload, base, benchmarks, company), today)
    technology = technology_cost(workload.tier_accounts, benchmarks)
    fit = penalize_unaffordable(fit, {m: c.cost + technology for m, c in charts.items()},
                                outcome.budget.amount, benchmarks)
    headcount = adopt_chart(base, charts[fit.recommended], benchmarks)
    moved = rebalance({Role(r): n for r, n in headcount.current.items() if r != "total"},
                      {Role(r): n for r, n in headcount.required.items() if r != "total"})
    effort = effort_model(workload, benchmarks, company)
    headcount = headcount.model_copy(update={
        "effort_based": effort.effort_based, "effort": effort,
        "needed": dict(outcome.needed.headcount.required),
        "retitles": tuple({"from": str(m.from_role), "to": str(m.to_role), "count": m.count}
                          for m in moved.retitles),
        "hires": {**{str(r): n for r, n in moved.hires.items()}, "total": sum(moved.hires.values())},
        "surplus": {**{str(r): n for r, n in moved.surplus.items()},
                    "total": sum(moved.surplus.values())},
    })
    econ = economics(tiers, headcount, benchmarks, gross_margin=company.company.gross_margin,
                     workload=workload, company=company)
    return _Shaped(tiering, workload, tiers, base, shape, fit, charts, headcount, econ)


def build_plan(
    book: AccountBook, company: Company, benchmarks: Benchmarks, today: dt.date, *,
    brief: bool = False,
) -> tuple[PlanResult, TieringResult]:
    """Run every step of the plan; returns the result and the per-account tiering.

    ``brief``: the same figures — tiers, headcount, economics, funding, triggers, checks — without
    what only a reader of the whole plan needs (the org charts' box graphs, the architecture
    write-up and the advice, ~45% of the time): a what-if panel recomputing on every keystroke
    shows figures, and saves the whole plan when asked.

    The funded plan (``funding.fund``) comes first: when the needed team exceeds the budget, the
    seeds' levers adjust the inputs (benchmark overrides, company settings), and every later step —
    tiers, headcount, charts, economics, checks — is the recommended, funded plan.
    """
    inferred: dict[Role, int] = {}
    measured: Measured = {}  # one tiering and workload per distinct tiering, shared with funding
    if not company.team and "owner" in book.present:
        # no [team]: the owners the book names are today's team (issue 10 item 8)
        inferred = owners_team(book, measure(book, company, benchmarks, today, measured)[0].tier)
        if inferred:
            company = company.model_copy(update={"team": inferred})
    outcome = fund(book, company, benchmarks, today, cache=measured)
    needed_company, needed_benchmarks = company, benchmarks
    shaped = _shape(book, outcome, today)
    for _ in range(3):
        # the chosen model's chart costs more than the role formulas: fund that too (its
        # overhead is re-measured on each leaner plan)
        overhead = shaped.econ.full_cost - outcome.recommended.cost
        if shaped.econ.full_cost <= outcome.budget.amount or overhead <= 0:
            break
        wider = fund(book, company, benchmarks, today, reserve=overhead, cache=outcome.measured)
        if len(wider.steps) <= len(outcome.steps):
            break
        outcome, shaped = wider, _shape(book, wider, today)
    company, benchmarks = outcome.company, outcome.benchmarks
    tiering, workload, tiers, _base, shape, fit, charts, headcount, econ = (
        shaped.tiering, shaped.workload, shaped.tiers, shaped.base, shaped.shape, shaped.fit,
        shaped.charts, shaped.headcount, shaped.econ)
    chosen = charts[fit.recommended]
    funding = funding_result(outcome, econ, workload.arr)
    stage = diagnose_stage(workload.customers, headcount, benchmarks, arr=workload.arr)
    phase = diagnose_phase(headcount, company)
    retention = measure_retention(book, stage.number, benchmarks)
    triggers = staffed_triggers(evaluate_triggers(workload, headcount, benchmarks, company),
                                headcount)
    line = fit_reporting_line(workload, headcount, shape, company, benchmarks, stage.number)
    if brief:
        org = fit.model_copy(update={"profiles": MODEL_PROFILES, "runner_up": runner_up(fit)})
    else:
        design = architecture(
            chosen, company, benchmarks, implementation_weeks=workload.implementation_weeks,
            customers=workload.customers,
            high_touch_arr_share=workload.tier_arr[0] / workload.arr if workload.arr else 0.0)
        design["phase"] = phase_step(phase, headcount)
        org = fit.model_copy(update={
            "charts": {model: chart.to_graph() for model, chart in charts.items()},
            "profiles": MODEL_PROFILES,
            "runner_up": runner_up(fit),
            "architecture": design,
            "handoffs": tuple(handoffs(chosen, company)),
            "careers": careers(chosen),
            "variable_pay": variable_pay(benchmarks),
        })
    checks = mistake_checks(book, tiering, workload, headcount, econ, needed_company,
                            needed_benchmarks, today)
    if inferred:
        people = tuple(Msg("capacity.role_count", n=n, role=str(r)) for r, n in inferred.items())
        owner_note: tuple[Warning, ...] = (Warning(
            code="team_from_owners",
            message=Msg("capacity.warning.team_from_owners", people=sum(inferred.values()),
                        team=people)),)
    else:
        owner_note = ()
    warnings = owner_note + plan_warnings(checks, stage, workload, tiers, econ, retention,
                                          benchmarks, funding, headcount)
    result = PlanResult(
        company=company.company.name, currency=company.company.currency, today=today,
        accounts=len(book), customers=workload.customers, arr=workload.arr, stage=stage,
        phase=phase, tiers=tiers, economics=econ, headcount=headcount, triggers=triggers,
        retention=retention, org=org, reporting_line=line, checks=checks, warnings=warnings,
        benchmarks=benchmarks_table(benchmarks), funding=funding,
    )
    if brief:
        return result, tiering
    advice = build_advice(book, tiering, workload, result, company, benchmarks, today)
    return result.model_copy(update={"advice": advice}), tiering


def staffed_triggers(triggers: tuple[Trigger, ...], headcount: Headcount) -> tuple[Trigger, ...]:
    """A trigger fires only for a role the plan staffs or the funded plan defers, and says which
    (issue 10 item 6): the plan's own roles are what a requisition can open for."""
    out = []
    for t in triggers:
        if t.role is None or not t.fired or headcount.required.get(str(t.role), 0) > 0:
            out.append(t)
            continue
        needed = headcount.needed.get(str(t.role), 0)
        message = (Msg("triggers.not_a_hire.deferred", message=t.message, role=str(t.role),
                       needed=needed) if needed
                   else Msg("triggers.not_a_hire.unstaffed", message=t.message, role=str(t.role)))
        out.append(t.model_copy(update={"fired": False, "message": message}))
    return tuple(out)


def funding_result(outcome: FundingOutcome, econ: EconomicsResult, arr: float) -> Funding:
    """The needed plan, the budget and the levers, against the recommended plan's full cost."""
    budget = outcome.budget
    status: Literal["needed_fits", "funded", "exceeds_budget"]
    if econ.full_cost > budget.amount:
        status = "exceeds_budget"
    else:
        status = "funded" if outcome.steps else "needed_fits"
    return Funding(
        status=status, budget=budget,
        needed_headcount=dict(outcome.needed.headcount.required),
        needed_cost=outcome.needed.cost,
        needed_share=outcome.needed.cost / arr if arr > 0 else None,
        recommended_cost=econ.full_cost,
        recommended_share=econ.full_cost_share_of_revenue,
        gap_to_budget=outcome.needed.cost - budget.amount,
        steps=outcome.steps,
        adjustments={"benchmarks": dict(outcome.overrides),
                     "renewals": {str(t): o for t, o in outcome.company.renewals.items()},
                     "onboarding": {str(t): o for t, o in outcome.company.onboarding.items()},
                     "pooled_tiers": list(outcome.company.company.pooled_tiers)},
    )
