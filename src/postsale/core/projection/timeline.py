"""The projection's timeline: what happens on the median path, month by month, beside the hiring
calendar — stage transitions (DOMAIN.md §3), specialization-phase steps (S4, as specialists take
their seats), org-model changes (the fit rules re-run on each month's book and team, held for the
``models.commitment_months`` minimum commitment), each role's first seat, requisitions to open and
needs the calendar does not meet in time, with why (lead time, the new model's pilot, the hiring
capacity, the budget).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.capacity import required_headcount
from postsale.core.diagnosis import book_stage
from postsale.core.fit import BookShape, fit_org_models
from postsale.core.msg import Msg
from postsale.core.projection.hiring import HiringPlan
from postsale.core.projection.pacing import reason_text
from postsale.core.projection.role_words import clauses
from postsale.keys import CSM_ROLE_BY_TIER, ROLE_KEYS, TIER_KEYS, OrgModel, Role
from postsale.results_projection import ProjectionMonth, TimelineEvent

if TYPE_CHECKING:
    from postsale.core.projection.project import ProjectionRun

__all__ = ["build_timeline"]

_KIND_ORDER = {"stage": 0, "org_model": 1, "phase": 2, "first_role": 3, "hire": 4, "shortfall": 5}
_PHASE_ROLES = ((2, Role.SUPPORT_ENGINEER, Msg("projection.phase.support")),
                (3, Role.RENEWALS_SPECIALIST, Msg("projection.phase.renewals")),
                (4, Role.IMPLEMENTATION_SPECIALIST, Msg("projection.phase.implementation")))
_STAGE_NAMES = {1: Msg("projection.stage.1"), 2: Msg("projection.stage.2"),
                3: Msg("projection.stage.3"), 4: Msg("projection.stage.4")}


def _stage_name(stage: int) -> Msg:
    """The stage's name (DOMAIN.md §3; ``diagnosis.stage_name``)."""
    # (a Msg is a Mapping of its parameters, so one without parameters is falsy: no ``or`` here)
    return _STAGE_NAMES[stage] if stage in _STAGE_NAMES else Msg("projection.stage.other",
                                                                  stage=stage)


def _stages(rows: Sequence[ProjectionMonth], benchmarks: Benchmarks) -> list[TimelineEvent]:
    """Stage changes on the median path; a stage is the higher of the customer-count and the ARR
    stage (DOMAIN.md §10.6), and the event says which one crossed its floor."""
    out = [TimelineEvent(month=0, date=rows[0].date, kind="stage",
                         title=Msg("projection.timeline.stage_today", stage=rows[0].stage,
                                   name=_stage_name(rows[0].stage)),
                         detail=Msg("projection.timeline.stage_book",
                                    customers=rows[0].customers.p50, arr=rows[0].arr.p50))]
    for prev, row in itertools.pairwise(rows):
        if row.stage != prev.stage:
            _, by_count, by_arr = book_stage(row.customers.p50, row.arr.p50, benchmarks)
            if row.stage > prev.stage:  # which measure crossed the stage's floor
                floor = row.stage - 1
                crossed: list[Msg] = []
                if by_count == row.stage:
                    crossed.append(Msg("projection.timeline.customers",
                                       customers=benchmarks.value(f"stages.customers_max.{floor}")))
                if by_arr == row.stage:
                    crossed.append(Msg("projection.timeline.arr",
                                       arr=benchmarks.value(f"stages.arr_max.{floor}")))
                bound = Msg("projection.timeline.stage_starts", stage=row.stage,
                            crossed=tuple(crossed))
            else:  # the book shrank below both ceilings of the stage
                bound = Msg("projection.timeline.stage_ends", stage=row.stage,
                            customers=benchmarks.value(f"stages.customers_max.{row.stage}"),
                            arr=benchmarks.value(f"stages.arr_max.{row.stage}"))
            out.append(TimelineEvent(
                month=row.month, date=row.date, kind="stage",
                title=Msg("projection.timeline.stage_change", before=prev.stage, after=row.stage,
                          name=_stage_name(row.stage)),
                detail=Msg("projection.timeline.stage_median", customers=row.customers.p50,
                           arr=row.arr.p50, bound=bound)))
    return out


def _phases(rows: Sequence[ProjectionMonth], company: Company) -> list[TimelineEvent]:
    def phase(row: ProjectionMonth) -> int:
        reached = 1
        for step, role, _ in _PHASE_ROLES:
            if row.in_seat[str(role)] > 0 and reached == step - 1:
                reached = step
        if reached == 4 and company.company.professional_services:
            reached = 5
        return reached

    out: list[TimelineEvent] = []
    for prev, row in itertools.pairwise(rows):
        before, after = phase(prev), phase(row)
        if after > before:
            what = clauses([text for step, _, text in _PHASE_ROLES if before < step <= after])
            out.append(TimelineEvent(month=row.month, date=row.date, kind="phase",
                                     title=Msg("projection.timeline.phase", before=before,
                                               after=after),
                                     detail=Msg("projection.timeline.phase_detail", what=what)))
    return out


def _first_roles(rows: Sequence[ProjectionMonth]) -> list[TimelineEvent]:
    out: list[TimelineEvent] = []
    first = rows[0]
    for role in ROLE_KEYS:
        key = str(role)
        if first.required[key] > 0 or first.in_seat[key] > 0:
            continue
        row = next((r for r in rows[1:] if r.required[key] > 0), None)
        if row is None:
            continue
        csms = sum(row.required[str(CSM_ROLE_BY_TIER[t])] for t in TIER_KEYS)
        detail = (Msg("projection.timeline.first_ops", csms=csms) if role is Role.CS_OPS else
                  Msg("projection.timeline.first_role_team", people=row.required["total"],
                      csms=csms))
        out.append(TimelineEvent(month=row.month, date=row.date, kind="first_role",
                                 title=Msg("projection.timeline.first_role", role=str(role)),
                                 detail=detail))
    return out


def _org_models(run: ProjectionRun, rows: Sequence[ProjectionMonth], shape: BookShape,
                company: Company) -> list[TimelineEvent]:
    """Re-run the model fit on each month's median book and team; a change is proposed only after
    the current model has had its minimum commitment."""
    bm = run.benchmarks
    commitment = int(bm.value("models.commitment_months"))
    base = run.workload
    current: OrgModel | None = None
    since = 0
    out: list[TimelineEvent] = []
    for row in rows:
        customers = max(int(row.customers.p50), 0)
        grow = customers / base.customers if base.customers else 1.0
        tier_accounts = tuple(int(row.tier_customers[t]) for t in TIER_KEYS)
        workload = dataclasses.replace(
            base, customers=customers, arr=row.arr.p50,
            tier_accounts=(tier_accounts[0], tier_accounts[1], tier_accounts[2]),
            tier_arr=(row.tier_arr[TIER_KEYS[0]], row.tier_arr[TIER_KEYS[1]], row.tier_arr[TIER_KEYS[2]]),
            renewals_standard_12m=round(base.renewals_standard_12m * grow),
            renewals_complex_12m=round(base.renewals_complex_12m * grow),
            tickets_per_day=base.tickets_per_day * grow)
        regions = {k: max(1, round(v * grow)) for k, v in shape.regions.items()}
        scaled = dataclasses.replace(shape, regions=regions)
        fit = fit_org_models(workload, required_headcount(workload, bm, company), scaled, company, bm)
        best = fit.recommended
        if current is None:
            current, since = best, row.month
            out.append(TimelineEvent(month=row.month, date=row.date, kind="org_model",
                                     title=Msg("projection.timeline.model_today", model=str(best)),
                                     detail=Msg("projection.timeline.model_fit",
                                                score=fit.scores[best])))
        elif best != current and row.month - since >= commitment:
            out.append(TimelineEvent(
                month=row.month, date=row.date, kind="org_model",
                title=Msg("projection.timeline.model_change", before=str(current),
                          after=str(best)),
                detail=Msg("projection.timeline.model_change_detail", score=fit.scores[best],
                           previous=fit.scores[current], customers=customers,
                           months=commitment, before=str(current))))
            current, since = best, row.month
    return out


def _hires(calendar: HiringPlan, today: dt.date) -> list[TimelineEvent]:
    out: list[TimelineEvent] = []
    key = lambda h: (h.open_date, h.role)  # noqa: E731
    for (opened, role), group in itertools.groupby(sorted(calendar.hires, key=key), key=key):
        hires = list(group)
        month = (opened.year - today.year) * 12 + opened.month - today.month
        first = hires[0]
        out.append(TimelineEvent(
            month=max(month, 0), date=opened, kind="hire",
            title=(Msg("projection.timeline.open_many", count=len(hires), role=str(role))
                   if len(hires) > 1 else Msg("projection.timeline.open_one", role=str(role))),
            detail=Msg("projection.timeline.open_detail", trigger=first.trigger,
                       start=first.start_date, productive=first.productive_date)))
    return out


def _shortfalls(calendar: HiringPlan) -> list[TimelineEvent]:
    """One event per short role: when the gap opens, until when it lasts and why (the reasons in
    the order they apply: lead time or the new model's pilot first, then capacity or budget)."""
    out: list[TimelineEvent] = []
    for cal in calendar.roles:
        if not cal.shortfalls:
            continue
        s, last = cal.shortfalls[0], cal.shortfalls[-1]
        worst = max(x.gap for x in cal.shortfalls)
        why: dict[str, list[int]] = {}
        for x in cal.shortfalls:
            why.setdefault(x.reason, []).append(x.month)
        reasons = clauses([
            Msg("projection.timeline.reason_months",
                reason=reason_text(r, calendar.max_starts_per_month, calendar.model_change_weeks),
                first=ms[0], last=ms[-1]) if len(ms) > 1 else
            Msg("projection.timeline.reason_month",
                reason=reason_text(r, calendar.max_starts_per_month, calendar.model_change_weeks),
                month=ms[0])
            for r, ms in why.items()])
        title = (Msg("projection.timeline.short_until", role=str(cal.role), month=last.month + 1)
                 if last.month + 1 < len(cal.months) else
                 Msg("projection.timeline.short_through", role=str(cal.role), month=last.month))
        out.append(TimelineEvent(
            month=s.month, date=s.month_start, kind="shortfall", title=title,
            detail=Msg("projection.timeline.short_detail", need=s.required, capacity=s.capacity,
                       month=s.month, worst=worst, reasons=reasons)))
    return out


def build_timeline(rows: Sequence[ProjectionMonth], calendar: HiringPlan, run: ProjectionRun,
                   company: Company, today: dt.date, shape: BookShape) -> list[TimelineEvent]:
    """Every event, ordered by month then kind."""
    events = [*_stages(rows, run.benchmarks), *_org_models(run, rows, shape, company),
              *_phases(rows, company), *_first_roles(rows), *_hires(calendar, today),
              *_shortfalls(calendar)]
    return sorted(events, key=lambda e: (e.month, _KIND_ORDER[e.kind]))
