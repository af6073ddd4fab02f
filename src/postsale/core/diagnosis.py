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

from collections.abc import Callable
from typing import Literal

import numpy as np

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from postsale.keys import Role
from postsale.results import Headcount, PhaseDiagnosis, Retention, StageDiagnosis

__all__ = [
    "STAGE_NAMES",
    "book_stage",
    "diagnose_phase",
    "diagnose_stage",
    "measure_retention",
    "stage_of",
]

STAGE_NAMES = {1: "Startup", 2: "Early scale", 3: "Scaled operations", 4: "Mature"}
def _move_on(stage: int, benchmarks: Benchmarks) -> str:
    """S0's "move on when…" for a stage, with the figures in effect (every threshold is data)."""
    lo, hi = benchmarks.band("capacity.person_capacity_accounts")
    if stage == 1:
        return (f"move on at the 3rd/4th CS hire, or when the first person is at capacity "
                f"({lo:g}–{hi:g} accounts)")
    if stage == 2:
        top = benchmarks.value("stages.customers_max.2")
        return (f"move on at {top * 0.75:,.0f}–{top:,.0f} customers, an onboarding backlog over "
                f"{benchmarks.value('stages.onboarding_backlog_weeks'):g} weeks, or renewals slipping")
    if stage == 3:
        top = benchmarks.value("stages.customers_max.3")
        return f"move on at ~{top * 0.8:,.0f}–{top:,.0f} customers, or when entering a new market or segment"
    return "continuous optimization and international expansion"


_PHASES = {
    1: "One CSM does everything",
    2: "Proactive CS split from reactive support",
    3: "Account management takes renewals and expansion",
    4: "Dedicated onboarding function",
    5: "Professional services and training",
}


def stage_of(value: float, prefix: str, benchmarks: Benchmarks) -> int:
    """Stage 1–4 for a count against ``<prefix>.1..3`` upper bounds (exclusive for customers and
    ARR, inclusive for people)."""
    exclusive = prefix in ("stages.customers_max", "stages.arr_max")
    for stage in (1, 2, 3):
        limit = benchmarks.value(f"{prefix}.{stage}")
        if (value < limit) if exclusive else (value <= limit):
            return stage
    return 4


def _money(value: float) -> str:
    """``$11.05M``, ``$1M``, ``$300K`` (as the reports show ARR, without trailing zeros)."""
    if value >= 1_000_000:
        return f"${value / 1_000_000:,.2f}".rstrip("0").rstrip(".") + "M"
    if value >= 1_000:
        return f"${value / 1_000:,.3g}K"
    return f"${value:,.0f}"


def _band(stage: int, prefix: str, benchmarks: Benchmarks, show: Callable[[float], str]) -> str:
    """A stage's range of ``prefix`` bounds: ``50–200``, ``500+``."""
    low = 0.0 if stage == 1 else benchmarks.value(f"{prefix}.{stage - 1}")
    if stage == 4:
        return f"{show(low)}+"
    return f"{show(low)}–{show(benchmarks.value(f'{prefix}.{stage}'))}"


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
    count_band = f"{_band(by_count, 'stages.customers_max', benchmarks, lambda v: f'{v:,.0f}')} customers"
    name = f"a stage-{book} ({STAGE_NAMES[book]}) book"
    driven_by: Literal["customers", "arr", "both"]
    if arr is None or by_arr is None:
        driven_by = "customers"
        first = f"{customers:,} customers: {name} ({count_band})"
    else:
        arr_band = f"{_band(by_arr, 'stages.arr_max', benchmarks, _money)} ARR"
        if by_arr == by_count:
            driven_by = "both"
            first = f"{customers:,} customers ({count_band}) and {_money(arr)} ARR ({arr_band}): {name}"
        elif by_arr > by_count:
            driven_by = "arr"
            first = (f"{_money(arr)} ARR ({arr_band}): {name} by ARR, ahead of its {customers} "
                     f"customers (stage {by_count}, {count_band}); S2: headcount follows ARR and "
                     "customer granularity, not only the customer count")
        else:
            driven_by = "customers"
            first = (f"{customers:,} customers: {name} by customer count ({count_band}); its "
                     f"{_money(arr)} ARR alone is stage {by_arr} ({arr_band})")
    reasons = [
        first,
        f"{people} CS {'person' if people == 1 else 'people'} in seat: a stage-{team} "
        f"({STAGE_NAMES[team]}) team",
    ]
    if team < book:
        reasons.append(
            f"the team is {book - team} stage{'s' if book - team > 1 else ''} behind its book; "
            f"the plan needs {needed} people, a stage-{planned} team"
        )
    elif team > book:
        reasons.append("the team is ahead of its book: check utilisation before hiring")
    else:
        reasons.append("team and book are at the same stage")
    return StageDiagnosis(
        number=book, name=STAGE_NAMES[book], book_stage=book, team_stage=team,
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
        2: (cur[Role.SUPPORT_ENGINEER] > 0, req[Role.SUPPORT_ENGINEER] > 0, "support engineers"),
        3: (cur[Role.RENEWALS_SPECIALIST] > 0, req[Role.RENEWALS_SPECIALIST] > 0,
            "renewals / account-management specialists"),
        4: (cur[Role.IMPLEMENTATION_SPECIALIST] > 0, req[Role.IMPLEMENTATION_SPECIALIST] > 0,
            "implementation specialists"),
        5: (company.company.professional_services, False, "professional services"),
    }
    phase = 1
    reasons = []
    for step in (2, 3, 4, 5):
        present, _, label = steps[step]
        if present and phase == step - 1:
            phase = step
            reasons.append(f"phase {step} reached: {label} in seat")
        elif present:
            reasons.append(f"{label} in seat ahead of the usual order (phase {step})")
    if phase == 1:
        reasons.insert(0, "no specialist roles in seat: CS people do everything end to end; "
                       "renewals and expansion go back to sales")
    next_step = None
    for step in range(phase + 1, 6):
        _, needed, label = steps[step]
        if needed:
            next_step = f"phase {step} ({_PHASES[step]}): the plan needs {label}"
            break
    if next_step is None and phase < 5:
        next_step = f"phase {phase + 1} ({_PHASES[phase + 1]}) when volume justifies it"
    reasons.append("more specialized roles mean more handoffs: define handoff processes and "
                   "systems so customers never explain themselves twice")
    return PhaseDiagnosis(number=phase, name=_PHASES[phase], reasons=tuple(reasons),
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
    if measured == 0:
        grr = nrr = None
        detail = "no previous_arr column (or no account older than a year): GRR/NRR not measured"
    else:
        total_prev = float(prev[base].sum())
        grr = float(np.minimum(book.arr[base], prev[base]).sum()) / total_prev
        nrr = float(book.arr[base].sum()) / total_prev
        detail = (f"{measured:,} accounts with previous ARR: GRR {grr:.1%} vs stage-{stage} band "
                  f"{grr_band[0]:.0%}–{grr_band[1]:.0%}")
        if nrr_band:
            detail += f", NRR {nrr:.1%} vs {nrr_band[0]:.0%}–{nrr_band[1]:.0%}"
        if stage == 4:
            detail += " (stage-4 bands are best-in-class targets, not medians)"
        churned = base & ~(book.arr > 0)
        if grr >= 1.0 - 1e-12 and not churned.any():
            # exports of live customers leave the lost ones out: a perfect GRR is usually that
            detail += ("; no churned account in the export: GRR may be overstated (add the "
                       "accounts lost in the last 12 months with ARR 0 and their previous ARR)")
    return Retention(
        accounts_measured=measured, grr=grr, nrr=nrr, grr_band=grr_band, nrr_band=nrr_band,
        grr_verdict=_verdict(grr, grr_band),
        nrr_verdict=_verdict(nrr, nrr_band),
        median_grr=benchmarks.value("retention.median_grr"),
        median_nrr=benchmarks.value("retention.median_nrr"),
        detail=detail, sources=sources,
    )
