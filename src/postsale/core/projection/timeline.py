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
from postsale.core.diagnosis import STAGE_NAMES, book_stage
from postsale.core.fit import BookShape, fit_org_models
from postsale.core.projection.hiring import HiringPlan
from postsale.core.projection.pacing import reason_text
from postsale.keys import CSM_ROLE_BY_TIER, ROLE_KEYS, TIER_KEYS, OrgModel, Role, role_label
from postsale.results_projection import ProjectionMonth, TimelineEvent

if TYPE_CHECKING:
    from postsale.core.projection.project import ProjectionRun

__all__ = ["build_timeline"]

_KIND_ORDER = {"stage": 0, "org_model": 1, "phase": 2, "first_role": 3, "hire": 4, "shortfall": 5}
_PHASE_ROLES = ((2, Role.SUPPORT_ENGINEER, "support engineers: proactive CS split from reactive support"),
                (3, Role.RENEWALS_SPECIALIST, "renewals specialists: account management takes renewals"),
                (4, Role.IMPLEMENTATION_SPECIALIST, "implementation specialists: a dedicated onboarding "
                 "function"))


def _label(role: Role) -> str:
    return role_label(role)


def _stages(rows: Sequence[ProjectionMonth], benchmarks: Benchmarks) -> list[TimelineEvent]:
    """Stage changes on the median path; a stage is the higher of the customer-count and the ARR
    stage (DOMAIN.md §10.6), and the event says which one crossed its floor."""
    out = [TimelineEvent(month=0, date=rows[0].date, kind="stage",
                         title=f"Stage {rows[0].stage} today: {STAGE_NAMES[rows[0].stage]}",
                         detail=f"{rows[0].customers.p50:,.0f} customers, "
                                f"${rows[0].arr.p50:,.0f} ARR")]
    for prev, row in itertools.pairwise(rows):
        if row.stage != prev.stage:
            _, by_count, by_arr = book_stage(row.customers.p50, row.arr.p50, benchmarks)
            if row.stage > prev.stage:  # which measure crossed the stage's floor
                floor = row.stage - 1
                crossed = []
                if by_count == row.stage:
                    crossed.append(
                        f"{benchmarks.value(f'stages.customers_max.{floor}'):,.0f} customers")
                if by_arr == row.stage:
                    crossed.append(f"${benchmarks.value(f'stages.arr_max.{floor}'):,.0f} ARR")
                bound = f"stage {row.stage} starts at {' or '.join(crossed)}"
            else:  # the book shrank below both ceilings of the stage
                bound = (f"stage {row.stage} ends at "
                         f"{benchmarks.value(f'stages.customers_max.{row.stage}'):,.0f} customers "
                         f"and ${benchmarks.value(f'stages.arr_max.{row.stage}'):,.0f} ARR")
            out.append(TimelineEvent(
                month=row.month, date=row.date, kind="stage",
                title=f"Stage {prev.stage} → {row.stage}: {STAGE_NAMES[row.stage]}",
                detail=f"{row.customers.p50:,.0f} customers and ${row.arr.p50:,.0f} ARR on the "
                       f"median path ({bound})"))
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
            what = "; ".join(text for step, _, text in _PHASE_ROLES if before < step <= after)
            out.append(TimelineEvent(month=row.month, date=row.date, kind="phase",
                                     title=f"Specialization phase {before} → {after}",
                                     detail=f"{what} in seat (S4); define the handoffs so customers "
                                            "never explain themselves twice"))
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
        detail = f"{row.required['total']} people needed, {csms} of them CSMs"
        if role is Role.CS_OPS:
            detail = f"at {csms} CSMs (DOMAIN.md §4: hire the first CS Ops at ~8–10 CSMs)"
        out.append(TimelineEvent(month=row.month, date=row.date, kind="first_role",
                                 title=f"First {_label(role)} needed", detail=detail))
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
                                     title=f"Org model today: {best}",
                                     detail=f"fit {fit.scores[best]:.0f}/100"))
        elif best != current and row.month - since >= commitment:
            out.append(TimelineEvent(
                month=row.month, date=row.date, kind="org_model",
                title=f"Org model {current} → {best}",
                detail=f"fit {fit.scores[best]:.0f} vs {fit.scores[current]:.0f} at "
                       f"{customers:,} customers; after at least {commitment} months on {current} "
                       "(switching more often is a common mistake)"))
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
            title=f"Open {len(hires)} {_label(role)} requisition{'s' if len(hires) > 1 else ''}",
            detail=f"{first.trigger}; start {first.start_date.isoformat()}, fully productive "
                   f"{first.productive_date.isoformat()}"))
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
        reasons = "; ".join(
            f"{reason_text(r, calendar.max_starts_per_month, calendar.model_change_weeks)} "
            f"(month{'s' if len(ms) > 1 else ''} {ms[0]}{f'–{ms[-1]}' if len(ms) > 1 else ''})"
            for r, ms in why.items())
        until = (f"until month {last.month + 1}" if last.month + 1 < len(cal.months)
                 else f"through month {last.month}")
        out.append(TimelineEvent(
            month=s.month, date=s.month_start, kind="shortfall",
            title=f"{_label(cal.role)} short {until}",
            detail=f"need {s.required:g}, capacity {s.capacity:g} in month {s.month}; up to "
                   f"{worst:.1f} short; why: {reasons}"))
    return out


def build_timeline(rows: Sequence[ProjectionMonth], calendar: HiringPlan, run: ProjectionRun,
                   company: Company, today: dt.date, shape: BookShape) -> list[TimelineEvent]:
    """Every event, ordered by month then kind."""
    events = [*_stages(rows, run.benchmarks), *_org_models(run, rows, shape, company),
              *_phases(rows, company), *_first_roles(rows), *_hires(calendar, today),
              *_shortfalls(calendar)]
    return sorted(events, key=lambda e: (e.month, _KIND_ORDER[e.kind]))
