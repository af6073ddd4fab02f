"""The tier-independent half of the workload measurement (``capacity.measure_workload``).

A funded plan measures the same book under two or more tierings (a lever moves ACV thresholds);
most of the measurement — who is live, started, onboarding, renewing, at risk, the ticket and ARR
columns — does not depend on the tiering. It is computed once per book, ``today`` and the
benchmark values it reads (``AccountBook.memo``), leaving only per-tier counts per tiering.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from postsale.core.benchmarks import Benchmarks
from postsale.core.book import COMPLEXITY_KEYS, ONBOARDING_KEYS, SEGMENT_KEYS, AccountBook
from postsale.keys import Complexity, OnboardingStatus, Segment

__all__ = ["DAYS_PER_YEAR", "BookFacts", "book_facts", "complex_renewal", "days_to_next_renewal",
           "live_book"]

_IN_PROGRESS = ONBOARDING_KEYS.index(OnboardingStatus.IN_PROGRESS)
_NOT_STARTED = ONBOARDING_KEYS.index(OnboardingStatus.NOT_STARTED)
_HIGH_COMPLEXITY = COMPLEXITY_KEYS.index(Complexity.HIGH)
_ENTERPRISE = SEGMENT_KEYS.index(Segment.ENTERPRISE)

DAYS_PER_YEAR = 365


def days_to_next_renewal(renewal: npt.NDArray[np.datetime64], today: dt.date) -> npt.NDArray[np.float64]:
    """Days from ``today`` to each account's next renewal; NaN without a date.

    A renewal date already past on a live account means the contract renewed (or is being renewed)
    and the file was not updated: it rolls forward by whole years to its next anniversary, so its
    renewal stays in the 12-month pipeline instead of silently dropping out of it.
    """
    # on the int64 day numbers (NaT is int64's minimum): datetime arithmetic and isnat on a
    # million dates cost several times more than the same integer operations
    day_numbers = np.asarray(renewal).astype("datetime64[D]", copy=False).view(np.int64)
    today_number = np.datetime64(today, "D").astype(np.int64)
    days = (day_numbers - today_number).astype(np.float64)
    days[day_numbers == np.iinfo(np.int64).min] = np.nan
    with np.errstate(invalid="ignore"):
        overdue = np.flatnonzero(days < 0)
    if overdue.size:
        days[overdue] += np.ceil(-days[overdue] / DAYS_PER_YEAR) * DAYS_PER_YEAR
    return days


def complex_renewal(book: AccountBook) -> npt.NDArray[np.bool_]:
    """Accounts whose renewal is complex when high-touch: high complexity or the enterprise segment."""
    out: npt.NDArray[np.bool_] = (book.complexity == _HIGH_COMPLEXITY) | (book.segment == _ENTERPRISE)
    return out


@dataclass(frozen=True, eq=False)
class BookFacts:
    """Measurements of one book that no tiering changes (arrays are shared: never modify them).

    Row sets are kept as sorted indices so a tiering's counts read only those rows."""

    active: npt.NDArray[np.bool_]
    all_active: bool
    live: slice | npt.NDArray[np.bool_]  # a view of every row when all are live
    customers: int
    live_arr: npt.NDArray[np.float64]
    arr: float
    trailing: int
    recent: npt.NDArray[np.bool_]  # live accounts started in the last 12 months
    mean_weeks: float
    weeks_from_book: bool
    onboarding_rows: npt.NDArray[np.intp]
    onboarding_in_progress: int
    onboarding_not_started: int
    tickets_known: bool
    tickets_per_day: float
    monthly_tickets: npt.NDArray[np.float64]  # live rows, NaN as 0
    renewing_rows: npt.NDArray[np.intp]
    renewing_complex: npt.NDArray[np.bool_]  # complex_renewal of the renewing rows
    at_risk_rows: npt.NDArray[np.intp]  # live, unhealthy and worth a human, whatever the tier
    month_to_month: int


def book_facts(book: AccountBook, benchmarks: Benchmarks, today: dt.date) -> BookFacts:
    """The book's :class:`BookFacts`, computed once per book, ``today`` and benchmark values."""
    key = ("workload_facts", today,
           benchmarks.value("capacity.implementation_weeks"),
           benchmarks.value("capacity.working_days_per_month"),
           benchmarks.value("tiering.at_risk_health"),
           benchmarks.value("capacity.tech_touch_human_min_acv"))
    return book.memo(key, lambda: _measure(book, key[2], key[3], key[4], key[5], today))


def _measure(book: AccountBook, implementation_weeks: float, working_days: float,
             at_risk_health: float, human_min_acv: float, today: dt.date) -> BookFacts:
    active = book.active
    all_active = bool(active.all())
    live: slice | npt.NDArray[np.bool_] = slice(None) if all_active else active
    today64 = np.datetime64(today, "D")
    year_ago = today64 - np.timedelta64(365, "D")
    started = book.start_date
    recent = active & (started > year_ago) & (started <= today64)

    weeks = book.implementation_weeks[live]
    finite_weeks = weeks[np.isfinite(weeks)]
    weeks_from_book = finite_weeks.size > 0
    mean_weeks = float(finite_weeks.mean()) if weeks_from_book else implementation_weeks
    status = book.onboarding_status
    in_progress = active & (status == _IN_PROGRESS)
    not_started = active & (status == _NOT_STARTED)

    tickets = book.tickets_per_month[live]
    tickets_known = "tickets_per_month" in book.present and bool(np.isfinite(tickets).any())

    # Without a renewal date an active account is assumed on an annual contract: it renews within
    # 12 months; a month-to-month account has no renewal event (DOMAIN.md §10.3).
    days = days_to_next_renewal(book.renewal_date, today)
    with np.errstate(invalid="ignore"):
        renewing = active & (np.isnan(days) | (days < DAYS_PER_YEAR)) & ~book.month_to_month
        at_risk = active & (book.health_score < at_risk_health) & (book.arr >= human_min_acv)
    renewing_rows = np.flatnonzero(renewing)
    return BookFacts(
        active=active, all_active=all_active, live=live, customers=int(active.sum()),
        live_arr=book.arr[live], arr=float(book.arr[live].sum()), trailing=int(recent.sum()),
        recent=recent, mean_weeks=mean_weeks, weeks_from_book=weeks_from_book,
        onboarding_rows=np.flatnonzero(in_progress | not_started),
        onboarding_in_progress=int(in_progress.sum()),
        onboarding_not_started=int(not_started.sum()),
        tickets_known=tickets_known, tickets_per_day=float(np.nansum(tickets)) / working_days,
        monthly_tickets=np.where(np.isnan(tickets), 0.0, tickets),
        renewing_rows=renewing_rows, renewing_complex=complex_renewal(book)[renewing_rows],
        at_risk_rows=np.flatnonzero(at_risk),
        month_to_month=int((active & book.month_to_month).sum()),
    )


def live_book(book: AccountBook, facts: BookFacts) -> AccountBook:
    """The live accounts as a book, taken once per book (its own memo, e.g. the retention
    history, then serves every tiering too)."""
    if facts.all_active:
        return book
    return book.memo("live_book", lambda: book.take(facts.active))
