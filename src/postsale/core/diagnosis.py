"""Diagnosis (C5): evolution stage, specialization phase and retention against the stage band.

Stage (S0 §Evolution, S3, S2; DOMAIN.md §10.6): the book's stage is the higher of its customer-count
stage (0–50, 50–200, 200–500, 500+) and its ARR stage (``stages.arr_max``: S2 says headcount follows
ARR and customer granularity, only loosely the customer count), and the reasons say which drove it;
the team's stage comes from the people in seat (1–3, 3–10, 10–30, 30+). The plan's stage is the
book's stage — the organization must be built for the customers it has — and the reasons say how far
the team lags: 300 customers run by one person is a stage-3 book with a stage-1 team.

Phase (S4): (1) one CSM does everything; (2) proactive CS split from reactive support; (3) account
management ("farmers") takes renewals and expansion; (4) a dedicated onboarding function; (5)
professional services and training. Phases are usually taken in order; the phase is the last step
reached without gaps.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from postsale.core.msg import Msg
from postsale.keys import Role
from postsale.results import Headcount, PhaseDiagnosis, Retention, StageDiagnosis

__all__ = [
    "book_stage",
    "diagnose_phase",
    "diagnose_stage",
    "measure_retention",
    "phase_name",
    "stage_name",
    "stage_of",
]

def stage_name(stage: int) -> Msg:
    """A stage's name as a message (S0/S3: Startup, Early scale, Scaled operations, Mature)."""
    if stage == 1:
        return Msg("diagnosis.stage.startup")
    if stage == 2:
        return Msg("diagnosis.stage.early_scale")
    if stage == 3:
        return Msg("diagnosis.stage.scaled_operations")
    return Msg("diagnosis.stage.mature")


def _move_on(stage: int, benchmarks: Benchmarks) -> Msg:
    """S0's "move on when…" for a stage, with the figures in effect (every threshold is data)."""
    lo, hi = benchmarks.band("capacity.person_capacity_accounts")
    if stage == 1:
        return Msg("diagnosis.next.stage_1", lo=lo, hi=hi)
    if stage == 2:
        top = benchmarks.value("stages.customers_max.2")
        return Msg("diagnosis.next.stage_2", low=top * 0.75, top=top,
                   weeks=benchmarks.value("stages.onboarding_backlog_weeks"))
    if stage == 3:
        top = benchmarks.value("stages.customers_max.3")
        return Msg("diagnosis.next.stage_3", low=top * 0.8, top=top)
    return Msg("diagnosis.next.stage_4")


def phase_name(phase: int) -> Msg:
    """A specialization phase's name (S4)."""
    if phase == 1:
        return Msg("diagnosis.phase.one_csm")
    if phase == 2:
        return Msg("diagnosis.phase.support_split")
    if phase == 3:
        return Msg("diagnosis.phase.account_management")
    if phase == 4:
        return Msg("diagnosis.phase.onboarding")
    return Msg("diagnosis.phase.services")


def stage_of(value: float, prefix: str, benchmarks: Benchmarks) -> int:
    """Stage 1–4 for a count against ``<prefix>.1..3`` upper bounds (exclusive for customers and
    ARR, inclusive for people)."""
    exclusive = prefix in ("stages.customers_max", "stages.arr_max")
    for stage in (1, 2, 3):
        limit = benchmarks.value(f"{prefix}.{stage}")
        if (value < limit) if exclusive else (value <= limit):
            return stage
    return 4


def _band(stage: int, prefix: str, benchmarks: Benchmarks) -> Msg:
    """A stage's range of ``prefix`` bounds: ``50–200 customers``, ``$8M+ ARR``."""
    low = 0.0 if stage == 1 else benchmarks.value(f"{prefix}.{stage - 1}")
    arr = prefix == "stages.arr_max"
    if stage == 4:
        return Msg("diagnosis.band.arr_open", low=low) if arr \
            else Msg("diagnosis.band.customers_open", low=low)
    high = benchmarks.value(f"{prefix}.{stage}")
    return Msg("diagnosis.band.arr", low=low, high=high) if arr \
        else Msg("diagnosis.band.customers", low=low, high=high)


def book_stage(customers: float, arr: float | None, benchmarks: Benchmarks
               ) -> tuple[int, int, int | None]:
    """The book's stage, its customer-count stage and its ARR stage (None without ARR): the
    higher of the two (DOMAIN.md §10.6)."""
    by_count = stage_of(customers, "stages.customers_max", benchmarks)
    by_arr = stage_of(arr, "stages.arr_max", benchmarks) if arr is not None else None
    return max(by_count, by_arr or 1), by_count, by_arr


def diagnose_stage(customers: int, headcount: Headcount, benchmarks: Benchmarks, *,
                   arr: float | None = None) -> StageDiagnosis:
    """The book's stage and the team's stage, with reasons and the next move.

    ``arr`` (the book's active ARR) is judged beside the customer count: the book's stage is the
    higher of the two and the first reason says which drove it. Without it only the count is judged.
    """
    people = headcount.current["total"]
    needed = headcount.required["total"]
    book, by_count, by_arr = book_stage(customers, arr, benchmarks)
    team = stage_of(people, "stages.people_max", benchmarks) if people > 0 else 1
    planned = stage_of(needed, "stages.people_max", benchmarks) if needed > 0 else 1
    count_band = _band(by_count, "stages.customers_max", benchmarks)
    name = Msg("diagnosis.book", stage=book, name=stage_name(book))
    driven_by: Literal["customers", "arr", "both"]
    first: Msg
    if arr is None or by_arr is None:
        driven_by = "customers"
        first = Msg("diagnosis.reason.by_count", customers=customers, book=name, band=count_band)
    else:
        arr_band = _band(by_arr, "stages.arr_max", benchmarks)
        if by_arr == by_count:
            driven_by = "both"
            first = Msg("diagnosis.reason.both", customers=customers, band=count_band, arr=arr,
                        arr_band=arr_band, book=name)
        elif by_arr > by_count:
            driven_by = "arr"
            first = Msg("diagnosis.reason.by_arr", arr=arr, arr_band=arr_band, book=name,
                        customers=customers, count_stage=by_count, band=count_band)
        else:
            driven_by = "customers"
            first = Msg("diagnosis.reason.by_count_arr_lower", customers=customers, book=name,
                        band=count_band, arr=arr, arr_stage=by_arr, arr_band=arr_band)
    reasons = [
        first,
        Msg("diagnosis.reason.team", people=people, stage=team, name=stage_name(team)),
    ]
    if team < book:
        reasons.append(Msg("diagnosis.reason.team_behind", behind=book - team, needed=needed,
                           planned=planned))
    elif team > book:
        reasons.append(Msg("diagnosis.reason.team_ahead"))
    else:
        reasons.append(Msg("diagnosis.reason.same_stage"))
    return StageDiagnosis(
        number=book, name=stage_name(book), book_stage=book, team_stage=team,
        customers=customers, cs_people=people, reasons=tuple(reasons),
        next_move=_move_on(book, benchmarks),
        sources=("stages.customers_max.1", "stages.customers_max.2", "stages.customers_max.3",
                 *(("stages.arr_max.1", "stages.arr_max.2", "stages.arr_max.3")
                   if arr is not None else ()),
                 "stages.people_max.1", "stages.people_max.2", "stages.people_max.3"),
        arr=arr, customers_stage=by_count, arr_stage=by_arr, driven_by=driven_by,
    )


def diagnose_phase(headcount: Headcount, company: Company) -> PhaseDiagnosis:
    """Specialization phase of the team in seat, and the next step the plan calls for."""
    cur = headcount.current
    req = headcount.required
    steps = {
        2: (cur[Role.SUPPORT_ENGINEER] > 0, req[Role.SUPPORT_ENGINEER] > 0,
            Msg("diagnosis.specialists.support")),
        3: (cur[Role.RENEWALS_SPECIALIST] > 0, req[Role.RENEWALS_SPECIALIST] > 0,
            Msg("diagnosis.specialists.renewals")),
        4: (cur[Role.IMPLEMENTATION_SPECIALIST] > 0, req[Role.IMPLEMENTATION_SPECIALIST] > 0,
            Msg("diagnosis.specialists.implementation")),
        5: (company.company.professional_services, False, Msg("diagnosis.specialists.services")),
    }
    phase = 1
    reasons: list[Msg] = []
    for step in (2, 3, 4, 5):
        present, _, label = steps[step]
        if present and phase == step - 1:
            phase = step
            reasons.append(Msg("diagnosis.phase.reached", step=step, specialists=label))
        elif present:
            reasons.append(Msg("diagnosis.phase.out_of_order", step=step, specialists=label))
    if phase == 1:
        reasons.insert(0, Msg("diagnosis.phase.generalists"))
    next_step: Msg | None = None
    for step in range(phase + 1, 6):
        _, needed, label = steps[step]
        if needed:
            next_step = Msg("diagnosis.phase.next_needed", step=step, name=phase_name(step),
                            specialists=label)
            break
    if next_step is None and phase < 5:
        next_step = Msg("diagnosis.phase.next_when", step=phase + 1, name=phase_name(phase + 1))
    reasons.append(Msg("diagnosis.phase.handoffs"))
    return PhaseDiagnosis(number=phase, name=phase_name(phase), reasons=tuple(reasons),
                          next_step=next_step, sources=())


def _verdict(value: float | None, band: tuple[float, float] | None) -> str:
    if value is None or band is None:
        return "not_evaluable"
    if value < band[0]:
        return "below"
    return "within" if value <= band[1] else "above"


def measure_retention(book: AccountBook, stage: int, benchmarks: Benchmarks) -> Retention:
    """GRR = Σ min(ARR, previous) ÷ Σ previous; NRR = Σ ARR ÷ Σ previous, over accounts with a
    previous ARR. Churned accounts count only when they are in the book with ARR 0, so a 100% GRR
    from an export without a single churned row says it may be overstated."""
    prev = book.previous_arr
    base = np.isfinite(prev) & (prev > 0)
    measured = int(base.sum())
    grr_key = f"stages.grr.{stage}"
    nrr_key = f"stages.nrr.{stage}" if stage >= 2 else None
    grr_band = benchmarks.band(grr_key)
    nrr_band = benchmarks.band(nrr_key) if nrr_key else None
    sources = tuple(k for k in (grr_key, nrr_key, "retention.median_grr",
                                "retention.median_nrr") if k)
    detail: Msg
    if measured == 0:
        grr = nrr = None
        detail = Msg("diagnosis.retention.not_measured")
    else:
        total_prev = float(prev[base].sum())
        grr = float(np.minimum(book.arr[base], prev[base]).sum()) / total_prev
        nrr = float(book.arr[base].sum()) / total_prev
        detail = Msg("diagnosis.retention.grr", measured=measured, grr=grr, stage=stage,
                     low=grr_band[0], high=grr_band[1])
        if nrr_band:
            detail = Msg("diagnosis.retention.nrr", detail=detail, nrr=nrr, low=nrr_band[0],
                         high=nrr_band[1])
        if stage == 4:
            detail = Msg("diagnosis.retention.stage_4", detail=detail)
        churned = base & ~(book.arr > 0)
        if grr >= 1.0 - 1e-12 and not churned.any():
            # exports of live customers leave the lost ones out: a perfect GRR is usually that
            detail = Msg("diagnosis.retention.no_churn", detail=detail)
    return Retention(
        accounts_measured=measured, grr=grr, nrr=nrr, grr_band=grr_band, nrr_band=nrr_band,
        grr_verdict=_verdict(grr, grr_band),
        nrr_verdict=_verdict(nrr, nrr_band),
        median_grr=benchmarks.value("retention.median_grr"),
        median_nrr=benchmarks.value("retention.median_nrr"),
        detail=detail, sources=sources,
    )
