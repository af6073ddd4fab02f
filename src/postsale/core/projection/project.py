"""The projection pipeline (C8, pure): book + company + benchmarks + today + seed → ProjectionResult.

Steps: tier today's active accounts → interpolate the ``[[growth]]`` targets → rates per month and
tier (``retention``) → expected arrivals and their ARR scale (``growth``) → each account's tier per
month as its expected ARR moves (the tiering rules re-applied monthly) → Monte Carlo paths
(``montecarlo.simulate``) → required headcount per role on every path (``staffing``) → the median
("P50") path's needs → hiring calendar → cost and cost share → timeline → scenarios.

The P50 path is, month by month, the median over paths of each figure; headcount medians are
observed values (whole people). Scenarios rerun the same growth with the same seed (common random
numbers), so their differences come from the rules, not from noise.
"""

from __future__ import annotations

import contextvars
import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from postsale.company import Company, Scenario
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from postsale.core.capacity import Workload, WorkloadArrays, measure_workload, role_counts
from postsale.core.diagnosis import book_stage
from postsale.core.economics import technology_rates
from postsale.core.fit import measure_shape
from postsale.core.msg import Msg
from postsale.core.projection.first_year import (
    arrival_share,
    first_year_of,
    growth_arrivals,
    growth_inputs,
)
from postsale.core.projection.growth import ArrivalPlan
from postsale.core.projection.hiring import HiringPlan, hiring_calendar, lead_time_weeks, month_start
from postsale.core.projection.montecarlo import Projection, simulate
from postsale.core.projection.pacing import (
    MAX_STARTS_KEY,
    MAX_STARTS_SHARE_KEY,
    MIN_STARTS_KEY,
    reason_text,
)
from postsale.core.projection.renewals import renewal_windows
from postsale.core.projection.retention import RetentionSchedule
from postsale.core.projection.scenarios import (
    ScenarioWords,
    base_words,
    conservative_scenario,
    conservative_words,
    default_scenario_words,
    default_scenarios,
    scenario_words,
)
from postsale.core.projection.staffing import (
    PathStaffing,
    median,
    staff_paths,
    tier_unit_costs,
    trigger_texts,
)
from postsale.core.projection.timeline import build_timeline
from postsale.core.ratios import cost_key
from postsale.core.tiering import assign_tiers
from postsale.errors import ConfigError
from postsale.keys import ROLE_KEYS, TIER_KEYS, Role, Tier
from postsale.results import Warning
from postsale.results_projection import (
    Band,
    DeferredHireEntry,
    GrowthAssumption,
    HiringAssumption,
    ProjectedHire,
    ProjectionMonth,
    ProjectionResult,
    RetentionAssumption,
    ScenarioMonth,
    ScenarioSummary,
    ShortfallEntry,
)

__all__ = ["ProjectionRun", "build_projection", "run_projection"]

FloatArray = npt.NDArray[np.float64]
QUANTILES = (0.1, 0.5, 0.9)


@dataclass(frozen=True, eq=False)
class ProjectionRun:
    """One simulated run (a scenario): the paths, their staffing and what produced them."""

    name: str  # the scenario's name (its key in the company file); empty for the plan itself
    benchmarks: Benchmarks
    retention: RetentionSchedule
    arrivals: ArrivalPlan
    projection: Projection
    staffing: PathStaffing
    workload: Workload
    book: AccountBook
    tier_schedule_moves: int
    structure: Mapping[Role, int] = dataclasses.field(default_factory=dict)  # model seats per role


def _tier_schedule(
    book: AccountBook, tier0: npt.NDArray[np.int64], retention: RetentionSchedule,
    benchmarks: Benchmarks, months: int,
) -> npt.NDArray[np.int8]:
    """Each account's tier per month: the tiering rules on its expected ARR (its tier's growth)."""
    growth = np.vstack([np.ones(3), np.array([r.growth for r in retention.rates]).reshape(months, 3)])
    cumulative = np.cumprod(growth, axis=0)
    schedule = np.empty((len(book), months + 1), dtype=np.int8)
    schedule[:, 0] = tier0
    for t in range(1, months + 1):
        if np.array_equal(cumulative[t], cumulative[t - 1]):  # no ARR movement: same tiers
            schedule[:, t] = schedule[:, t - 1]
            continue
        moved = dataclasses.replace(book, arr=book.arr * cumulative[t][tier0])
        schedule[:, t] = assign_tiers(moved, benchmarks).tier
    return schedule


def _arrival_tiers(
    book: AccountBook, tier0: npt.NDArray[np.int64], scale: FloatArray, benchmarks: Benchmarks,
) -> npt.NDArray[np.int8]:
    """The tier a copy of each account takes when it arrives in month 1..M with its ARR scaled.

    New customers copy current accounts and carry the month's ARR scale (growth.arrival_plan); the
    tiering rules place them on that ARR. Scales are read to the percent (the thresholds are round
    figures), so months of about the same scale share one tiering pass.
    """
    out = np.empty((len(book), scale.size), dtype=np.int8)
    tiers: dict[float, npt.NDArray[np.integer]] = {}
    for month, factor in enumerate(np.round(scale, 2)):
        key = float(factor)
        if key not in tiers:
            tiers[key] = tier0 if key == 1.0 else assign_tiers(
                dataclasses.replace(book, arr=book.arr * key), benchmarks).tier
        out[:, month] = tiers[key]
    return out


def _check_arrival_mix(share: npt.NDArray[np.float64], tier0: npt.NDArray[np.int64],
                       company: Company) -> None:
    """New customers arrive as copies of today's accounts of their tier: a mix that sends them to a
    tier the book has no account in cannot be simulated, which the company file can fix."""
    counts = np.bincount(tier0, minlength=len(TIER_KEYS))
    empty = tuple(str(t) for i, t in enumerate(TIER_KEYS) if share[i] > 0 and counts[i] == 0)
    if empty:
        raise ConfigError(company.source, "projection.arrival_mix",
                          str(Msg("projection.error.arrival_mix_empty", tiers=empty)),
                          str(Msg("projection.error.arrival_mix_empty_fix", tiers=empty)))


def run_projection(
    book: AccountBook, company: Company, benchmarks: Benchmarks, today: dt.date, *,
    months: int, paths: int, seed: int, scenario: Scenario | None = None,
) -> ProjectionRun:
    """Simulate one scenario (``None``: the plan as the company file has it)."""
    if scenario is not None and scenario.overrides:
        benchmarks = benchmarks.with_overrides(scenario.overrides, origin=f"scenario {scenario.name}")
    active = book.take(book.active)
    tiering = assign_tiers(active, benchmarks)
    if scenario is not None and scenario.all_tiers is not None:
        tier0 = np.full(len(active), TIER_KEYS.index(scenario.all_tiers), dtype=np.int64)
        tiering = dataclasses.replace(tiering, tier=tier0.astype(np.int8))
    else:
        tier0 = tiering.tier.astype(np.int64)
    inputs = growth_inputs(active, tier0, company, benchmarks, months,
                           source=scenario.retention if scenario else None)
    retention = inputs.retention
    share = arrival_share(company)
    if scenario is not None and scenario.all_tiers is not None:
        share = np.eye(3)[TIER_KEYS.index(scenario.all_tiers)]
    plan = growth_arrivals(inputs, company, benchmarks, months, share)
    if share is not None and np.any(np.asarray(plan.arrivals) > 0):
        _check_arrival_mix(share, tier0, company)
    # implementation is sized on the next 12 months of new customers, so the months near the
    # horizon look past it: the same targets, 12 more months, the last month's rates held
    lookahead = growth_arrivals(inputs, company, benchmarks, months, share, extra_months=12)
    workload = measure_workload(active, tiering, benchmarks, company, today,
                                new_customers=first_year_of(lookahead, retention.source))
    arrival_tiers = None
    if scenario is not None and scenario.all_tiers is not None:
        schedule = np.broadcast_to(tier0.astype(np.int8)[:, None], (len(active), months + 1))
    else:
        schedule = _tier_schedule(active, tier0, retention, benchmarks, months)
        if share is None:  # a given arrival mix names the tiers new customers arrive in
            arrival_tiers = _arrival_tiers(active, tier0, plan.arrival_scale, benchmarks)
    moves = int(np.any(schedule != tier0[:, None], axis=1).sum())
    projection = simulate(active.arr, tier0, list(retention.rates), months=months, paths=paths,
                          arrivals=plan.arrivals, arrival_share=plan.share,
                          arrival_scale=plan.arrival_scale, tier_schedule=schedule,
                          arrival_tiers=arrival_tiers, seed=seed)
    renewals = renewal_windows(active, schedule, retention.rates, today)
    staffing = staff_paths(projection, workload, lookahead.arrivals, renewals, benchmarks, company)
    return ProjectionRun(name=scenario.name if scenario else "", benchmarks=benchmarks,
                         retention=retention, arrivals=plan, projection=projection,
                         staffing=staffing, workload=workload, book=active,
                         tier_schedule_moves=moves)


def _band(values: npt.NDArray[np.generic]) -> list[Band]:
    """Per-month P10/P50/P90 of (paths, months+1) values as observed values (ordered)."""
    q = np.quantile(values.astype(np.float64), QUANTILES, axis=0, method="inverted_cdf")
    return [Band(p10=float(a), p50=float(b), p90=float(c)) for a, b, c in q.T]


def _optional_band(values: FloatArray) -> list[Band | None]:
    out: list[Band | None] = []
    for column in values.T:
        finite = column[np.isfinite(column)]
        if finite.size == 0:
            out.append(None)
            continue
        a, b, c = np.quantile(finite, QUANTILES, method="inverted_cdf")
        out.append(Band(p10=float(a), p50=float(b), p90=float(c)))
    return out


def _budget_series(run: ProjectionRun, budget: float | None, share: float | None
                   ) -> float | list[float] | None:
    """The people budget of each month: a fixed ``budget``, or ``share`` of the month's P50 ARR
    less the month's technology cost (technology per customer × P50 customers), so the budget
    grows with the book it pays for (a share-of-ARR budget, DOMAIN.md §10.8)."""
    if share is None:
        return budget
    proj = run.projection
    arr = np.asarray(median(proj.arr), dtype=np.float64)
    tier_customers = np.asarray(median(proj.tier_customers), dtype=np.float64)
    return [float(max(0.0, v))
            for v in share * arr - tier_customers @ technology_rates(run.benchmarks)]


def _with_structure(run: ProjectionRun, structure: Mapping[Role, int]) -> ProjectionRun:
    """The run's staffing with the organization model's extra seats on every path and month."""
    counts = {r: np.maximum(c + structure.get(r, 0), 0) for r, c in run.staffing.counts.items()}
    monthly = np.sum([counts[r] * (run.benchmarks.value(cost_key(r)) / 12.0) for r in ROLE_KEYS],
                     axis=0)
    staffing = dataclasses.replace(run.staffing, counts=counts, monthly_cost=monthly)
    return dataclasses.replace(run, staffing=staffing, structure=dict(structure))


def _p50_required(run: ProjectionRun, company: Company) -> dict[Role, list[int]]:
    """The needed team of the P50 path: the capacity rules on the median workload of each month,
    so CS Ops follows the CSM count and leadership the team size, as in the plan."""
    counts, _ = role_counts(_median_arrays(run.staffing.workload), run.benchmarks, company)
    return {r: [max(0, int(v) + run.structure.get(r, 0)) for v in counts[r]] for r in ROLE_KEYS}


def _in_seat_cost(calendar: HiringPlan, benchmarks: Benchmarks, months: int
                  ) -> dict[Role, FloatArray]:
    """Monthly cost of the people in seat per role (today's team plus the calendar's starts)."""
    seat = {r: np.zeros(months + 1) for r in ROLE_KEYS}
    for m in calendar.months:
        seat[m.role][m.month] = m.in_seat
    return {r: seat[r] * benchmarks.value(cost_key(r)) / 12.0 for r in ROLE_KEYS}


def _share_band(run: ProjectionRun) -> list[Band | None]:
    """Per month, the needed team's cost ÷ ARR over the paths."""
    proj = run.projection
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(proj.arr > 0, run.staffing.monthly_cost * 12 / proj.arr, np.nan)
    return _optional_band(share)


def _scenario_summary(
    run: ProjectionRun, words: ScenarioWords, base: ScenarioSummary | None,
    company: Company, today: dt.date, calendar: HiringPlan | None = None,
    budget: float | None = None, budget_share: float | None = None,
) -> ScenarioSummary:
    proj = run.projection
    last = proj.months
    required = _p50_required(run, company)
    if calendar is None:
        calendar = hiring_calendar(required, company.team, today, run.benchmarks,
                                   budget=_budget_series(run, budget, budget_share),
                                   budget_share=budget_share)
    cost = np.sum(list(_in_seat_cost(calendar, run.benchmarks, last).values()), axis=0)
    arr_p50 = np.asarray(median(proj.arr), dtype=np.float64)
    unit, _ = tier_unit_costs(run.benchmarks, company, run.workload)
    tier_p50 = median(proj.tier_customers)
    total_p50 = [sum(required[r][t] for r in ROLE_KEYS) for t in range(last + 1)]
    cumulative = float(cost.sum())
    share = float(cost[last] * 12 / arr_p50[last]) if arr_p50[last] > 0 else None
    blended_cost = sum(unit[t] * float(tier_p50[last][i]) for i, t in enumerate(TIER_KEYS))
    blended = blended_cost / float(arr_p50[last]) if arr_p50[last] > 0 else None
    months = tuple(ScenarioMonth(
        month=t, required_total=total_p50[t], cost=float(cost[t]),
        cost_share=float(cost[t] * 12 / arr_p50[t]) if arr_p50[t] > 0 else None)
        for t in range(last + 1))
    req_last = {str(r): required[r][last] for r in ROLE_KEYS}
    req_last["total"] = total_p50[last]
    reference = base
    return ScenarioSummary(
        name=words[0], description=words[1],
        retention=run.retention.source, is_base=base is None,
        tier_customers={t: float(tier_p50[last][i]) for i, t in enumerate(TIER_KEYS)},
        customers=float(median(proj.customers)[last]), arr=float(arr_p50[last]), required=req_last,
        required_total_band=_band(run.staffing.total)[last], hires=len(calendar.hires),
        cumulative_cost=cumulative, cost_share=share, required_cost_share=_share_band(run)[last],
        blended_cost_share=blended,
        headcount_delta=total_p50[last] - (reference.required["total"] if reference else total_p50[last]),
        cumulative_cost_delta=cumulative - (reference.cumulative_cost if reference else cumulative),
        cost_share_delta=None if share is None else
        (share - reference.cost_share if reference and reference.cost_share is not None
         else 0.0 if reference is None else None),
        months=months,
    )


def _month_rows(
    run: ProjectionRun, calendar: HiringPlan, company: Company, today: dt.date,
) -> list[ProjectionMonth]:
    proj = run.projection
    bm = run.benchmarks
    months = proj.months
    required = _p50_required(run, company)
    role_bands = {str(r): _band(run.staffing.counts[r]) for r in ROLE_KEYS}
    role_bands["total"] = _band(run.staffing.total)
    customers, arr = _band(proj.customers), _band(proj.arr)
    grr, nrr = _optional_band(proj.grr), _optional_band(proj.nrr)
    new = _band(proj.tier_arrivals.sum(axis=2))
    cost_band = _band(run.staffing.monthly_cost)
    share_band = _share_band(run)
    tier_c, tier_a = median(proj.tier_customers), median(proj.tier_arr)
    unit, _ = tier_unit_costs(bm, company, run.workload)
    seat_cost = _in_seat_cost(calendar, bm, months)
    staffing = {(m.role, m.month): m for m in calendar.months}

    def with_total(values: dict[str, float]) -> dict[str, float]:
        return {**values, "total": sum(values.values())}

    rows: list[ProjectionMonth] = []
    cumulative = 0.0
    for t in range(months + 1):
        cell = {r: staffing[(r, t)] for r in ROLE_KEYS}
        by_role = with_total({str(r): float(seat_cost[r][t]) for r in ROLE_KEYS})
        cost = by_role["total"]
        cumulative += cost
        arr_p50 = arr[t].p50
        tier_share: dict[Tier, float | None] = {
            tier: unit[tier] * float(tier_c[t][i]) / float(tier_a[t][i]) if tier_a[t][i] > 0 else None
            for i, tier in enumerate(TIER_KEYS)}
        blended = (sum(unit[tr] * float(tier_c[t][i]) for i, tr in enumerate(TIER_KEYS)) / arr_p50
                   if arr_p50 > 0 else None)
        req = {str(r): required[r][t] for r in ROLE_KEYS}
        seat = {str(r): cell[r].in_seat for r in ROLE_KEYS}
        ramping = {str(r): cell[r].ramping for r in ROLE_KEYS}
        opened = {str(r): cell[r].open_requisitions for r in ROLE_KEYS}
        rows.append(ProjectionMonth(
            month=t, date=month_start(today, t),
            stage=book_stage(customers[t].p50, arr_p50, bm)[0],
            customers=customers[t], arr=arr[t], grr=grr[t], nrr=nrr[t],
            target_customers=float(run.arrivals.customers_target[t]),
            target_arr=float(run.arrivals.arr_target[t]) if run.arrivals.arr_target is not None
            else None,
            new_customers=new[t],
            tier_customers={tr: float(tier_c[t][i]) for i, tr in enumerate(TIER_KEYS)},
            tier_arr={tr: float(tier_a[t][i]) for i, tr in enumerate(TIER_KEYS)},
            required={**req, "total": sum(req.values())},
            required_bands={k: v[t] for k, v in role_bands.items()},
            in_seat={**seat, "total": sum(seat.values())},
            ramping={**ramping, "total": sum(ramping.values())},
            open_requisitions={**opened, "total": sum(opened.values())},
            capacity=with_total({str(r): round(cell[r].capacity, 4) for r in ROLE_KEYS}),
            shortfall=with_total({str(r): round(cell[r].shortfall, 4) for r in ROLE_KEYS}),
            cost=cost, cost_by_role=by_role, cost_required=cost_band[t],
            cumulative_cost=cumulative,
            cost_share=cost * 12 / arr_p50 if arr_p50 > 0 else None,
            cost_share_required=share_band[t], tier_cost_share=tier_share,
            blended_cost_share=blended,
        ))
    return rows


def _retention_row(schedule: RetentionSchedule) -> RetentionAssumption:
    def per_tier(values: Sequence[tuple[float, float, float]], index: int) -> dict[Tier, float]:
        return {t: values[index][i] for i, t in enumerate(TIER_KEYS)} if values else {}

    return RetentionAssumption(
        source=schedule.source,
        description=schedule.description,
        grr_first=per_tier(schedule.grr, 0), nrr_first=per_tier(schedule.nrr, 0),
        grr_last=per_tier(schedule.grr, -1), nrr_last=per_tier(schedule.nrr, -1),
        churn_share=schedule.churn_share,
    )


def build_projection(
    book: AccountBook, company: Company, benchmarks: Benchmarks, today: dt.date, *,
    months: int, paths: int, seed: int, scenarios: Sequence[Scenario] | None = None,
    executor: Executor | None = None, structure: Mapping[Role, int] | None = None,
    budget: float | None = None, budget_share: float | None = None,
) -> ProjectionResult:
    """Project the organization ``months`` ahead over ``paths`` Monte Carlo paths.

    ``structure``: seats the plan's organization model adds to (or takes from) the role formulas
    per role (the recommended chart minus the role-based need, e.g. a lead per region); carried on
    every month so month 0 is the plan's headcount (one truth across commands).
    ``budget``: the annual amount (company currency) the team in seat may cost; the hiring
    calendars of the plan and of every scenario defer what would pass it (``None``: no cap).
    ``budget_share``: instead, the budget as a share of ARR (each month's P50 ARR, technology
    taken out), so it grows with the book.

    ``scenarios``: the named what-ifs to run beside the plan (default: the company file's, else
    ``default_scenarios(benchmarks)``); the published-medians scenario is always added. ``executor`` runs the
    plan's and the scenarios' simulations side by side (each has its own seeded generator, so the
    result is the same with or without it).
    """
    if months < 1 or paths < 1:
        raise ValueError("months and paths must be at least 1")  # i18n: not text
    wanted: list[Scenario] = list(scenarios if scenarios is not None
                                  else (company.scenarios or default_scenarios(benchmarks)))
    # the built-in what-ifs are named in the reader's language; the company file's in its own words
    words: list[ScenarioWords] = (
        [scenario_words(s) for s in wanted] if scenarios is not None or company.scenarios
        else list(default_scenario_words(benchmarks)))
    # the published medians run beside the plan unless the plan or a scenario already uses them
    # (known only once the plan's retention source is; it is dropped afterwards then)
    conservative = all(s.retention != "median" for s in wanted)
    if conservative:
        wanted.insert(0, conservative_scenario(benchmarks))
        words.insert(0, conservative_words(benchmarks))

    def simulate_one(scenario: Scenario | None) -> ProjectionRun:
        return run_projection(book, company, benchmarks, today, months=months, paths=paths,
                              seed=seed, scenario=scenario)

    def in_context(scenario: Scenario | None, context: contextvars.Context) -> ProjectionRun:
        # a worker thread starts with an empty context: run in a copy of the caller's, so an error
        # raised there (a ConfigError's words) speaks the caller's active language
        return context.run(simulate_one, scenario)

    jobs: list[Scenario | None] = [None, *wanted]
    base, *others = (executor.map(in_context, jobs, [contextvars.copy_context() for _ in jobs])
                     if executor else map(simulate_one, jobs))
    if conservative and base.retention.source == "median":
        wanted, others, words = wanted[1:], others[1:], words[1:]
    if structure:
        base = _with_structure(base, structure)
    required = _p50_required(base, company)
    trig = trigger_texts(required, _median_arrays(base.staffing.workload), today, base.benchmarks,
                         company)
    calendar = hiring_calendar(required, company.team, today, base.benchmarks, triggers=trig,
                               budget=_budget_series(base, budget, budget_share),
                               budget_share=budget_share)
    rows = _month_rows(base, calendar, company, today)
    base_summary = _scenario_summary(base, base_words(), None, company, today, calendar)
    summaries = [base_summary] + [
        _scenario_summary(run, w, base_summary, company, today, budget=budget,
                          budget_share=budget_share)
        for run, w in zip(others, words, strict=True)]
    shape = measure_shape(base.book, base.workload, today)
    timeline = build_timeline(rows, calendar, base, company, today, shape)
    warnings = [Warning(code="projection_growth", message=n) for n in base.arrivals.notes]
    warnings += _calendar_warnings(calendar)
    last = rows[-1]
    ceiling = bm_value(base, "economics.blended_high")
    if last.cost_share is not None and last.cost_share > ceiling:
        warnings.append(Warning(
            code="projection_cost_share_high",
            message=Msg("projection.warning.cost_share_high", share=last.cost_share,
                        ceiling=ceiling),
            sources=("economics.blended_high",)))
    _, unit_keys = tier_unit_costs(base.benchmarks, company, base.workload)
    lead = {str(r): lead_time_weeks(r, base.benchmarks) for r in ROLE_KEYS}
    return ProjectionResult(
        company=company.company.name, currency=company.company.currency, today=today,
        horizon_months=months, paths=paths, seed=seed, accounts=len(book),
        customers=base.workload.customers, arr=base.workload.arr,
        growth=GrowthAssumption(
            targets=tuple(g.model_dump() for g in company.growth),
            interpolation=company.projection.interpolation,
            arrival_mix={t: float(base.arrivals.share[i]) for i, t in enumerate(TIER_KEYS)},
            new_customers_expected=float(base.arrivals.arrivals.sum()),
            accounts_retiering=base.tier_schedule_moves,
            notes=base.arrivals.notes,
        ),
        retention=_retention_row(base.retention),
        hiring=_hiring_assumption(calendar, lead, rows, base.benchmarks),
        months=tuple(rows),
        hires=tuple(ProjectedHire(
            role=h.role, open_date=h.open_date, start_date=h.start_date,
            productive_date=h.productive_date, month_needed=h.month_needed, trigger=h.trigger,
            delay_reason=h.delay_reason,
            delay_reason_text=None if h.delay_reason is None else _reason(calendar, h.delay_reason))
            for h in calendar.hires),
        shortfalls=tuple(ShortfallEntry(role=s.role, month=s.month, date=s.month_start,
                                        required=s.required, capacity=s.capacity, gap=s.gap,
                                        reason=s.reason, reason_text=_reason(calendar, s.reason))
                         for s in calendar.shortfalls),
        deferred=tuple(DeferredHireEntry(role=d.role, month_needed=d.month_needed,
                                         date=d.month_start, reason=d.reason,
                                         reason_text=_reason(calendar, d.reason), trigger=d.trigger)
                       for d in calendar.deferred),
        timeline=tuple(timeline), scenarios=tuple(summaries),
        bands={"cost_share_rule": (bm_value(base, "economics.cost_share_rule_low"),
                                   bm_value(base, "economics.cost_share_rule_high")),
               "blended": (bm_value(base, "economics.blended_low"),
                           bm_value(base, "economics.blended_high"))},
        warnings=tuple(warnings),
        sources=tuple(dict.fromkeys((*base.retention.keys, *calendar.keys_used, *unit_keys,
                                     "projection.arrival_acv_multiple_max",
                                     *(cost_key(r) for r in ROLE_KEYS)))),
        benchmarks_version=base.benchmarks.version,
    )


def _reason(calendar: HiringPlan, code: str) -> Msg:
    return reason_text(code, calendar.max_starts_per_month, calendar.model_change_weeks)


def _hiring_assumption(calendar: HiringPlan, lead: dict[str, float],
                       rows: Sequence[ProjectionMonth], benchmarks: Benchmarks) -> HiringAssumption:
    keys = tuple(k for k in calendar.keys_used if "_starts_per_month" in k)
    absolute = keys == (MAX_STARTS_KEY,)
    return HiringAssumption(
        lead_time_weeks=lead, ramp=calendar.ramp,
        ramp_by_role={str(c.role): c.ramp for c in calendar.roles if c.ramp != calendar.ramp},
        first_reachable_month={str(c.role): c.first_reachable_month for c in calendar.roles},
        max_starts_per_month=calendar.max_starts_per_month,
        max_starts_keys=keys,
        max_starts_share=None if absolute else benchmarks.value(MAX_STARTS_SHARE_KEY),
        min_starts_per_month=None if absolute else round(benchmarks.value(MIN_STARTS_KEY)),
        people_in_seat=calendar.people_in_seat,
        new_model_roles=tuple(str(r) for r in calendar.new_model_roles),
        model_change_weeks=calendar.model_change_weeks,
        budget=calendar.budget, budget_share=calendar.budget_share,
        run_rate_today=calendar.run_rate_today,
        run_rate_horizon=rows[-1].cost * 12 if rows else calendar.run_rate_today)


def _calendar_warnings(calendar: HiringPlan) -> list[Warning]:
    """Shortfalls before a requisition opened today can be productive, requisitions the hiring
    capacity holds back, and hires the budget does not pay for."""
    out: list[Warning] = []
    early = [s for s in calendar.shortfalls if s.reason in ("lead_time", "new_model")]
    for shortfall in early[:1]:
        out.append(Warning(
            code="projection_shortfall",
            message=Msg("projection.warning.shortfall", roles=len({s.role for s in early}),
                        role=shortfall.role, gap=shortfall.gap, month=shortfall.month)))
    late = [h for h in calendar.hires if h.delay_reason is not None]
    held = [d for d in calendar.deferred if d.reason == "hiring_capacity"]
    if late or held:
        n = calendar.max_starts_per_month
        keys = tuple(k for k in calendar.keys_used if "_starts_per_month" in k)
        basis = (Msg("projection.warning.capacity_set") if keys == (MAX_STARTS_KEY,) else
                 Msg("projection.warning.capacity_from_team", people=calendar.people_in_seat))
        out.append(Warning(
            code="projection_hiring_capacity",
            message=Msg("projection.warning.hiring_capacity", starts=n, basis=basis,
                        late=len(late), held=len(held)),
            sources=keys))
    unfunded = [d for d in calendar.deferred if d.reason == "budget"]
    if unfunded and calendar.budget is not None:
        out.append(Warning(
            code="projection_budget",
            message=Msg("projection.warning.budget", deferred=len(unfunded),
                        budget=calendar.budget, today=calendar.run_rate_today),
            sources=tuple(dict.fromkeys(f"costs.{d.role}" for d in unfunded))))
    return out


def bm_value(run: ProjectionRun, key: str) -> float:
    return run.benchmarks.value(key)


def _median_arrays(w: WorkloadArrays) -> WorkloadArrays:
    """The per-month median of every workload figure (1-D over months)."""
    return WorkloadArrays(
        tier_accounts=median(w.tier_accounts),
        onboarding_active=median(w.onboarding_active),
        new_customers_per_year=median(w.new_customers_per_year),
        implementation_weeks=w.implementation_weeks,
        tickets_per_day=None if w.tickets_per_day is None else median(w.tickets_per_day),
        renewals_standard_12m=median(w.renewals_standard_12m),
        renewals_complex_12m=median(w.renewals_complex_12m),
        renewals_by_tier=None if w.renewals_by_tier is None else median(w.renewals_by_tier),
        new_customers_share=w.new_customers_share,
        tech_at_risk=None if w.tech_at_risk is None else median(w.tech_at_risk),
    )
