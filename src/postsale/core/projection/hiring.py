"""The hiring calendar: when to open each requisition so capacity meets the projected need.

Given the headcount each role needs month by month (month 0 is the current month) and the people in
seat today (fully productive), the calendar plans backwards from each month's need (DOMAIN.md §9):
a requisition opened on day ``d`` starts ``hiring.lead_time_weeks`` later, and a hire starting in
month ``s`` contributes ``hiring.ramp.month_1`` of a person in ``s``, ``month_2`` in ``s + 1`` and so
on, and a whole person once the ramp reaches 100% (25/50/75/100% by default, so from ``s + 3``).

Rules:

* effective capacity (Σ productivity) meets the requirement in every month from the first month a
  requisition opened today could be fully productive (``first_reachable_month``);
* each requisition opens as late as that allows (it starts on the first day of the month its ramp
  must begin, or on the earliest possible start date), so no one is hired before they are needed,
  and no one is hired when the need is already covered;
* headcount never drops (no firing): a falling requirement shows as surplus;
* needs before the first reachable month cannot be met; they are reported as unavoidable
  shortfalls, and the calendar catches up from the first reachable month with requisitions opened
  today.

A per-role ``hiring.lead_time_weeks.<role>`` entry replaces the general lead time when it is set in
the company file; left at its default, the general ``hiring.lead_time_weeks`` applies. Likewise
``hiring.ramp_months.<role>`` replaces the general ramp with equal steps over that many months.

The core is pure: ``start`` (today) is an argument, never read from the clock.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from postsale.core.benchmarks import Benchmarks
from postsale.keys import ROLE_KEYS, Role, role_label

__all__ = [
    "LEAD_TIME_KEY",
    "RAMP_PREFIX",
    "Hire",
    "HiringPlan",
    "MonthStaffing",
    "RoleCalendar",
    "Shortfall",
    "hiring_calendar",
    "lead_time_weeks",
    "month_name",
    "month_start",
    "ramp_curve",
    "role_ramp",
]

LEAD_TIME_KEY = "hiring.lead_time_weeks"
RAMP_PREFIX = "hiring.ramp.month_"
RAMP_MONTHS_KEY = "hiring.ramp_months"

_EPS = 1e-9
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")


@dataclass(frozen=True)
class Hire:
    """One requisition: opened on ``open_date``, starts ``start_date``, 100% from ``productive_date``."""

    role: Role
    open_date: dt.date
    start_date: dt.date
    productive_date: dt.date
    month_needed: int
    trigger: str


@dataclass(frozen=True)
class MonthStaffing:
    """One role in one month. ``in_seat`` counts everyone started by then, ramping included."""

    role: Role
    month: int
    month_start: dt.date
    required: float
    in_seat: int
    ramping: int
    capacity: float
    open_requisitions: int
    shortfall: float
    surplus: float


@dataclass(frozen=True)
class Shortfall:
    """A need that no requisition opened today can meet in time: the month and the gap."""

    role: Role
    month: int
    month_start: dt.date
    required: float
    capacity: float
    gap: float


@dataclass(frozen=True)
class RoleCalendar:
    """The calendar of one role."""

    role: Role
    lead_time_weeks: float
    ramp: tuple[float, ...]
    first_reachable_month: int
    hires: tuple[Hire, ...]
    months: tuple[MonthStaffing, ...]
    shortfalls: tuple[Shortfall, ...]


@dataclass(frozen=True)
class HiringPlan:
    """The hiring calendar of every role, with the ramp and benchmark keys it used."""

    start: dt.date
    ramp: tuple[float, ...]
    roles: tuple[RoleCalendar, ...]
    keys_used: tuple[str, ...]

    @property
    def hires(self) -> tuple[Hire, ...]:
        """Every requisition, ordered by open date (then role order)."""
        all_hires = [h for cal in self.roles for h in cal.hires]
        order = {role: i for i, role in enumerate(ROLE_KEYS)}
        return tuple(sorted(all_hires, key=lambda h: (h.open_date, order[h.role], h.month_needed)))

    @property
    def months(self) -> tuple[MonthStaffing, ...]:
        return tuple(m for cal in self.roles for m in cal.months)

    @property
    def shortfalls(self) -> tuple[Shortfall, ...]:
        return tuple(s for cal in self.roles for s in cal.shortfalls)

    def calendar(self, role: Role) -> RoleCalendar:
        """The calendar of ``role`` (``KeyError`` when the role was not planned)."""
        for cal in self.roles:
            if cal.role == role:
                return cal
        raise KeyError(role)


def ramp_curve(benchmarks: Benchmarks) -> tuple[float, ...]:
    """``hiring.ramp.month_1`` … in month order, capped at 100% and never falling (running maximum)."""
    months: list[tuple[int, float]] = []
    for key in benchmarks:
        if key.startswith(RAMP_PREFIX) and key[len(RAMP_PREFIX):].isdigit():
            months.append((int(key[len(RAMP_PREFIX):]), min(benchmarks.value(key), 1.0)))
    return tuple(itertools.accumulate((value for _, value in sorted(months)), max))


def role_ramp(role: Role, benchmarks: Benchmarks) -> tuple[tuple[float, ...], str | None]:
    """The ramp of ``role`` and the per-role key behind it (``None``: the general ramp).

    ``hiring.ramp_months.<role>``, when the company file sets it, spreads the ramp over that many
    months in equal steps (an enterprise CSM who needs six months: 17/33/50/67/83/100%)."""
    key = f"{RAMP_MONTHS_KEY}.{role}"
    if not benchmarks.is_overridden(key):
        return ramp_curve(benchmarks), None
    months = max(1, round(benchmarks.value(key)))
    return tuple((k + 1) / months for k in range(months)), key


def lead_time_weeks(role: Role, benchmarks: Benchmarks) -> float:
    """The per-role lead time when the company file sets it, else the general one."""
    key = f"{LEAD_TIME_KEY}.{role}"
    if benchmarks.is_overridden(key):
        return benchmarks.value(key)
    return benchmarks.value(LEAD_TIME_KEY)


def month_start(start: dt.date, month: int) -> dt.date:
    """The first day of the month ``month`` months after ``start``'s month."""
    index = start.year * 12 + start.month - 1 + month
    return dt.date(index // 12, index % 12 + 1, 1)


def month_name(start: dt.date, month: int) -> str:
    """``January 2027`` for month ``month`` after ``start``."""
    day = month_start(start, month)
    return f"{_MONTH_NAMES[day.month - 1]} {day.year}"


def _month_index(start: dt.date, day: dt.date) -> int:
    return (day.year - start.year) * 12 + day.month - start.month


def _full_after(ramp: tuple[float, ...]) -> int:
    """Months from the start month to the first month at 100%."""
    return next((i for i, share in enumerate(ramp) if share >= 1.0), len(ramp))


def _share(ramp: tuple[float, ...], months_since_start: int) -> float:
    if months_since_start < 0:
        return 0.0
    return ramp[months_since_start] if months_since_start < len(ramp) else 1.0


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")


def _role_calendar(
    role: Role,
    required: Sequence[float | int],
    seated: int,
    start: dt.date,
    lead_weeks: float,
    ramp: tuple[float, ...],
    triggers: Sequence[str],
) -> RoleCalendar:
    lead = dt.timedelta(days=round(lead_weeks * 7))
    earliest_start = start + lead
    full = _full_after(ramp)
    reachable = _month_index(start, earliest_start) + full
    horizon = len(required)
    need_of = np.asarray(required, dtype=np.float64).reshape(-1)
    # a hire starting in month s adds curve[m - s] of capacity in month m ≥ s
    curve = np.array([_share(ramp, k) for k in range(horizon)], dtype=np.float64)
    capacity = np.full(horizon, float(seated))
    started = np.zeros(horizon + 1, dtype=np.int64)  # people starting in each month
    opened = np.zeros(horizon + 1, dtype=np.int64)  # requisitions opening in each month
    hires: list[Hire] = []

    for month in range(reachable, horizon):
        need = float(need_of[month])
        before = float(capacity[month])
        if before >= need - _EPS:
            continue
        count = math.ceil(need - before - _EPS)
        start_month = month - full
        start_date = max(month_start(start, start_month), earliest_start)
        heads = seated + int(started[: month + 1].sum())
        behind = month == reachable and bool(np.any(need_of[:reachable] > capacity[:reachable] + _EPS))
        if behind:
            short = next(m for m in range(min(reachable, horizon)) if float(required[m]) > seated + _EPS)
            text = (f"catch-up: {_fmt(float(required[short]))} {role_label(role, float(required[short]))}"
                    f" needed in {month_name(start, short)} with {seated} in seat; requisitions opened "
                    f"today are fully productive in {month_name(start, month)}, when "
                    f"{_fmt(need)} {'is' if need == 1 else 'are'} needed")
        elif month < len(triggers) and triggers[month].strip():
            text = triggers[month]
        else:
            text = (f"{_fmt(need)} {role_label(role, need)} needed in {month_name(start, month)}; "
                    f"{heads} in seat and ramping")
        capacity[start_month:] += count * curve[: horizon - start_month]
        started[start_month] += count
        open_date = start_date - lead
        opened[min(max(_month_index(start, open_date), 0), horizon)] += count
        hire = Hire(role=role, open_date=open_date, start_date=start_date,
                    productive_date=month_start(start, start_month + full), month_needed=month,
                    trigger=text)
        hires.extend([hire] * count)

    joined = np.cumsum(started[:horizon])  # people started by the end of each month
    in_seat = seated + joined
    ramping = joined - np.concatenate([np.zeros(min(full, horizon), dtype=np.int64),
                                       joined[: max(horizon - full, 0)]])
    open_now = np.cumsum(opened[:horizon]) - joined
    months: list[MonthStaffing] = []
    shortfalls: list[Shortfall] = []
    for month in range(horizon):
        need = float(need_of[month])
        cap = float(capacity[month])
        gap = max(0.0, need - cap) if need - cap > _EPS else 0.0
        months.append(MonthStaffing(
            role=role, month=month, month_start=month_start(start, month), required=need,
            in_seat=int(in_seat[month]), ramping=int(ramping[month]), capacity=cap,
            open_requisitions=int(open_now[month]), shortfall=gap,
            surplus=max(0.0, cap - need) if cap - need > _EPS else 0.0,
        ))
        if gap > 0.0:
            shortfalls.append(Shortfall(role=role, month=month, month_start=month_start(start, month),
                                        required=need, capacity=cap, gap=gap))
    return RoleCalendar(role=role, lead_time_weeks=lead_weeks, ramp=ramp,
                        first_reachable_month=reachable, hires=tuple(hires), months=tuple(months),
                        shortfalls=tuple(shortfalls))


def hiring_calendar(
    required: Mapping[Role, Sequence[float | int]],
    in_seat: Mapping[Role, int],
    start: dt.date,
    benchmarks: Benchmarks,
    *,
    triggers: Mapping[Role, Sequence[str]] | None = None,
) -> HiringPlan:
    """Plan the requisitions of every role in ``required`` (``required[role][t]``: need in month t).

    ``in_seat`` gives the people today (missing roles: none); ``triggers[role][t]``, when given and
    not blank, is the reason carried by the hires that serve month t. Raises ``ValueError`` for a
    negative or non-finite requirement or a negative headcount.
    """
    ramp = ramp_curve(benchmarks)
    keys = [f"{RAMP_PREFIX}{i + 1}" for i in range(len(ramp))]
    calendars: list[RoleCalendar] = []
    for role in (r for r in ROLE_KEYS if r in required):
        needs = required[role]
        if any(not math.isfinite(float(n)) or n < 0 for n in needs):
            raise ValueError(f"{role}: required headcount must be finite and non-negative")
        seated = in_seat.get(role, 0)
        if seated < 0:
            raise ValueError(f"{role}: headcount in seat must be non-negative")
        role_key = f"{LEAD_TIME_KEY}.{role}"
        keys.append(role_key if benchmarks.is_overridden(role_key) else LEAD_TIME_KEY)
        own_ramp, ramp_key = role_ramp(role, benchmarks)
        if ramp_key is not None:
            keys.append(ramp_key)
        calendars.append(_role_calendar(role, needs, seated, start, lead_time_weeks(role, benchmarks),
                                        own_ramp, (triggers or {}).get(role, ())))
    return HiringPlan(start=start, ramp=ramp, roles=tuple(calendars),
                      keys_used=tuple(dict.fromkeys(keys)))
