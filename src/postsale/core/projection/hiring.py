"""The hiring calendar: when to open each requisition so capacity meets the projected need.

Given the headcount each role needs month by month (month 0 is the current month) and the people in
seat today (fully productive), the calendar plans backwards from each month's need (DOMAIN.md §9):
a requisition opened on day ``d`` starts ``hiring.lead_time_weeks`` later, and a hire starting in
month ``s`` contributes ``hiring.ramp.month_1`` of a person in ``s``, ``month_2`` in ``s + 1`` and so
on, and a whole person once the ramp reaches 100% (25/50/75/100% by default, so from ``s + 3``).

Rules (of the requisitions the need asks for, before pacing):

* effective capacity (Σ productivity) meets the requirement in every month from the first month a
  requisition opened today could be fully productive (``first_reachable_month``; for a new model's
  role, the first month one starting after its design and pilot could be);
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

The requisitions this asks for are then paced and funded (``pacing``, DOMAIN.md §6 roadmap): at most
``max_starts_per_month`` people start in a month (a requisition beyond it opens sooner, or starts
late and leaves a shortfall with the reason ``hiring_capacity``), the hires of a role today's team
does not have start after the new model's design and pilot (S3 roadmap), and with a ``budget`` the
in-seat run rate never exceeds it (the hires it cannot pay for are deferred, ``budget``). Every
shortfall carries its reason: ``lead_time``, ``new_model``, ``hiring_capacity`` or ``budget``.

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
from postsale.core.msg import Msg
from postsale.core.projection.pacing import (
    BUDGET,
    DESIGN_WEEKS_KEY,
    HIRING_CAPACITY,
    LEAD_TIME,
    NEW_MODEL,
    PILOT_WEEKS_KEY,
    Request,
    fund,
    max_starts_per_month,
    model_change_weeks,
    new_model_roles,
    priorities,
    run_rate,
    schedule,
)
from postsale.core.projection.role_words import role_count
from postsale.core.ratios import cost_key
from postsale.keys import ROLE_KEYS, Role

__all__ = [
    "LEAD_TIME_KEY",
    "RAMP_PREFIX",
    "DeferredHire",
    "Hire",
    "HiringPlan",
    "MonthStaffing",
    "RoleCalendar",
    "Shortfall",
    "hiring_calendar",
    "lead_time_weeks",
    "month_start",
    "ramp_curve",
    "role_ramp",
    "text_of_need",
]

LEAD_TIME_KEY = "hiring.lead_time_weeks"
RAMP_PREFIX = "hiring.ramp.month_"
RAMP_MONTHS_KEY = "hiring.ramp_months"

_EPS = 1e-9


@dataclass(frozen=True)
class Hire:
    """One requisition: opened on ``open_date``, starts ``start_date``, 100% from ``productive_date``.

    ``delay_reason`` is set when it starts later than ``month_needed`` calls for (``hiring_capacity``:
    every earlier month with room was full)."""

    role: Role
    open_date: dt.date
    start_date: dt.date
    productive_date: dt.date
    month_needed: int
    trigger: Msg
    delay_reason: str | None = None


@dataclass(frozen=True)
class DeferredHire:
    """A requisition the need calls for that the calendar does not open in the horizon: ``budget``
    (the in-seat run rate would pass the budget) or ``hiring_capacity`` (no month with room)."""

    role: Role
    month_needed: int
    month_start: dt.date
    reason: str
    trigger: Msg


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
    """A month in which capacity falls short of the need, the gap and why (``pacing.REASONS``)."""

    role: Role
    month: int
    month_start: dt.date
    required: float
    capacity: float
    gap: float
    reason: str = LEAD_TIME


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
    deferred: tuple[DeferredHire, ...] = ()
    new_model: bool = False


@dataclass(frozen=True)
class HiringPlan:
    """The hiring calendar of every role, with the ramp, the pace and budget it kept to and the
    benchmark keys it used. ``run_rate_today`` is the annual cost of today's team."""

    start: dt.date
    ramp: tuple[float, ...]
    roles: tuple[RoleCalendar, ...]
    keys_used: tuple[str, ...]
    max_starts_per_month: int
    people_in_seat: int
    model_change_weeks: float
    budget: float | None = None  # at the horizon when it follows ARR
    budget_share: float | None = None  # the budget as a share of ARR, when it follows ARR
    run_rate_today: float = 0.0

    @property
    def new_model_roles(self) -> tuple[Role, ...]:
        """The roles whose hires wait for the new model's design and pilot."""
        return tuple(cal.role for cal in self.roles if cal.new_model)

    @property
    def deferred(self) -> tuple[DeferredHire, ...]:
        return tuple(d for cal in self.roles for d in cal.deferred)

    def starts_by_month(self) -> dict[int, int]:
        """People starting in each month (month index from ``start``), every role together."""
        out: dict[int, int] = {}
        for cal in self.roles:
            for h in cal.hires:
                month = _month_index(self.start, h.start_date)
                out[month] = out.get(month, 0) + 1
        return out

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


def text_of_need(role: Role, need: float, start: dt.date, month: int, heads: int) -> Msg:
    """"5 high-touch CSMs needed in October 2027; 3 in seat and ramping": the reason of a hire
    when no capacity rule names a trigger for its month."""
    return Msg("projection.trigger.need", wanted=role_count(role, need),
               month=month_start(start, month), heads=heads)


def _month_index(start: dt.date, day: dt.date) -> int:
    return (day.year - start.year) * 12 + day.month - start.month


def _full_after(ramp: tuple[float, ...]) -> int:
    """Months from the start month to the first month at 100%."""
    return next((i for i, share in enumerate(ramp) if share >= 1.0), len(ramp))


def _share(ramp: tuple[float, ...], months_since_start: int) -> float:
    if months_since_start < 0:
        return 0.0
    return ramp[months_since_start] if months_since_start < len(ramp) else 1.0


@dataclass(frozen=True)
class _Need:
    """Requisitions the need calls for, before pacing: ``count`` people fully productive by
    ``month``, so starting by ``latest_start`` (a month index)."""

    month: int
    latest_start: int
    count: int
    trigger: Msg


@dataclass(frozen=True)
class _RolePlan:
    """One role before pacing: its lead time, earliest start date, ramp, first reachable month
    (and the one the lead time alone would give) and the requisitions its need calls for."""

    lead: dt.timedelta
    release: dt.date
    ramp: tuple[float, ...]
    reachable: int
    reachable_by_lead: int
    needs: list[_Need]


def _role_needs(
    role: Role,
    required: Sequence[float | int],
    seated: int,
    start: dt.date,
    earliest_start: dt.date,
    ramp: tuple[float, ...],
    triggers: Sequence[Msg | None],
    model_note: Msg | None,
) -> tuple[int, list[_Need]]:
    """The first reachable month and the requisitions of one role, unpaced: planned backwards so
    capacity meets each month's need from the first reachable month, each as late as that allows."""
    full = _full_after(ramp)
    reachable = _month_index(start, earliest_start) + full
    horizon = len(required)
    need_of = np.asarray(required, dtype=np.float64).reshape(-1)
    # a hire starting in month s adds curve[m - s] of capacity in month m ≥ s
    curve = np.array([_share(ramp, k) for k in range(horizon)], dtype=np.float64)
    capacity = np.full(horizon, float(seated))
    started = np.zeros(horizon + 1, dtype=np.int64)  # people starting in each month
    needs: list[_Need] = []
    for month in range(reachable, horizon):
        need = float(need_of[month])
        before = float(capacity[month])
        if before >= need - _EPS:
            continue
        count = math.ceil(need - before - _EPS)
        start_month = month - full
        heads = seated + int(started[: month + 1].sum())
        behind = month == reachable and bool(np.any(need_of[:reachable] > capacity[:reachable] + _EPS))
        if behind:
            short = next(m for m in range(min(reachable, horizon)) if float(required[m]) > seated + _EPS)
            when = (Msg("projection.trigger.productive_today") if model_note is None
                    else Msg("projection.trigger.productive_earliest"))
            wanted = role_count(role, float(required[short]))
            text = (Msg("projection.trigger.catch_up_one", wanted=wanted, short=month_start(start, short),
                        seated=seated, when=when, reachable=month_start(start, month), need=need)
                    if need == 1 else
                    Msg("projection.trigger.catch_up", wanted=wanted, short=month_start(start, short),
                        seated=seated, when=when, reachable=month_start(start, month), need=need))
        else:
            named = triggers[month] if month < len(triggers) else None
            text = named if named is not None else text_of_need(role, need, start, month, heads)
        if model_note is not None:
            text = Msg("projection.trigger.with_note", text=text, note=model_note)
        capacity[start_month:] += count * curve[: horizon - start_month]
        started[start_month] += count
        needs.append(_Need(month=month, latest_start=start_month, count=count, trigger=text))
    return reachable, needs


def _staffing(
    role: Role,
    required: Sequence[float | int],
    seated: int,
    start: dt.date,
    ramp: tuple[float, ...],
    hires: Sequence[Hire],
) -> list[MonthStaffing]:
    """The month-by-month staffing of one role from its hires."""
    horizon = len(required)
    full = _full_after(ramp)
    need_of = np.asarray(required, dtype=np.float64).reshape(-1)
    curve = np.array([_share(ramp, k) for k in range(horizon)], dtype=np.float64)
    capacity = np.full(horizon, float(seated))
    started = np.zeros(horizon + 1, dtype=np.int64)
    opened = np.zeros(horizon + 1, dtype=np.int64)
    if hires:
        # one pass over the hires, then whole-array work: a large plan has thousands of them
        firsts = np.fromiter((_month_index(start, h.start_date) for h in hires), dtype=np.int64,
                             count=len(hires))
        opens = np.fromiter((_month_index(start, h.open_date) for h in hires), dtype=np.int64,
                            count=len(hires))
        started += np.bincount(firsts, minlength=horizon + 1)[: horizon + 1]
        opened += np.bincount(np.clip(opens, 0, horizon), minlength=horizon + 1)
        # each start adds the ramp curve from its month on: a convolution of starts with the curve
        capacity += np.convolve(started[:horizon].astype(np.float64), curve)[:horizon]
    joined = np.cumsum(started[:horizon])  # people started by the end of each month
    in_seat = seated + joined
    ramping = joined - np.concatenate([np.zeros(min(full, horizon), dtype=np.int64),
                                       joined[: max(horizon - full, 0)]])
    open_now = np.cumsum(opened[:horizon]) - joined
    months: list[MonthStaffing] = []
    for month in range(horizon):
        need = float(need_of[month])
        cap = float(capacity[month])
        months.append(MonthStaffing(
            role=role, month=month, month_start=month_start(start, month), required=need,
            in_seat=int(in_seat[month]), ramping=int(ramping[month]), capacity=cap,
            open_requisitions=int(open_now[month]),
            shortfall=max(0.0, need - cap) if need - cap > _EPS else 0.0,
            surplus=max(0.0, cap - need) if cap - need > _EPS else 0.0,
        ))
    return months


def _shortfalls(
    months: Sequence[MonthStaffing], reachable: int, reachable_by_lead: int,
    deferred: Sequence[DeferredHire],
) -> list[Shortfall]:
    """Each short month with its reason: before the first reachable month the lead time (or the
    new model's design and pilot, when they are what pushes it back); after it, the budget when a
    hire needed by then was not funded, else the hiring capacity (a hire started late)."""
    out: list[Shortfall] = []
    unfunded = sorted(d.month_needed for d in deferred if d.reason == BUDGET)
    for m in months:
        if m.shortfall <= 0.0:
            continue
        if m.month < reachable:
            reason = NEW_MODEL if m.month >= reachable_by_lead else LEAD_TIME
        elif unfunded and unfunded[0] <= m.month:
            reason = BUDGET
        else:
            reason = HIRING_CAPACITY
        out.append(Shortfall(role=m.role, month=m.month, month_start=m.month_start,
                             required=m.required, capacity=m.capacity, gap=m.shortfall,
                             reason=reason))
    return out


def hiring_calendar(
    required: Mapping[Role, Sequence[float | int]],
    in_seat: Mapping[Role, int],
    start: dt.date,
    benchmarks: Benchmarks,
    *,
    triggers: Mapping[Role, Sequence[Msg | None]] | None = None,
    budget: float | Sequence[float] | None = None,
    budget_share: float | None = None,
) -> HiringPlan:
    """Plan the requisitions of every role in ``required`` (``required[role][t]``: need in month t).

    ``in_seat`` gives the people today (missing roles: none); ``triggers[role][t]``, when given and
    not None, is the reason carried by the hires that serve month t. ``budget`` (an annual amount
    in the company's currency, ``None``: unlimited) caps the in-seat run rate. The calendar is
    paced (at most ``max_starts_per_month`` starts a month) and a new model's roles start after
    its design and pilot (module docstring). Raises ``ValueError`` for a negative or non-finite
    requirement, a negative headcount or a negative budget.
    """
    amounts = [] if budget is None else (
        [float(budget)] if isinstance(budget, int | float) else [float(b) for b in budget])
    if any(not math.isfinite(b) or b < 0 for b in amounts) or (budget is not None and not amounts):
        raise ValueError("the budget must be a finite, non-negative annual amount")  # i18n: not text
    ramp = ramp_curve(benchmarks)
    keys = [f"{RAMP_PREFIX}{i + 1}" for i in range(len(ramp))]
    people = sum(max(n, 0) for n in in_seat.values())
    limit, limit_keys = max_starts_per_month(people, benchmarks)
    keys += limit_keys
    gated = new_model_roles(required, in_seat)
    weeks = model_change_weeks(benchmarks)
    if gated:
        keys += [DESIGN_WEEKS_KEY, PILOT_WEEKS_KEY]
    note = Msg("projection.trigger.after_new_model", weeks=weeks)
    gate = start + dt.timedelta(days=round(weeks * 7))

    roles = [r for r in ROLE_KEYS if r in required]
    plans: dict[Role, _RolePlan] = {}
    for role in roles:
        needs = required[role]
        if any(not math.isfinite(float(n)) or n < 0 for n in needs):
            raise ValueError(f"{role}: required headcount must be finite and non-negative")  # i18n: not text
        seated = in_seat.get(role, 0)
        if seated < 0:
            raise ValueError(f"{role}: headcount in seat must be non-negative")  # i18n: not text
        role_key = f"{LEAD_TIME_KEY}.{role}"
        keys.append(role_key if benchmarks.is_overridden(role_key) else LEAD_TIME_KEY)
        own_ramp, ramp_key = role_ramp(role, benchmarks)
        if ramp_key is not None:
            keys.append(ramp_key)
        lead = dt.timedelta(days=round(lead_time_weeks(role, benchmarks) * 7))
        release = max(start + lead, gate) if role in gated else start + lead
        reachable, role_needs = _role_needs(role, needs, seated, start, release, own_ramp,
                                            (triggers or {}).get(role, ()),
                                            note if role in gated else None)
        by_lead = _month_index(start, start + lead) + _full_after(own_ramp)
        plans[role] = _RolePlan(lead=lead, release=release, ramp=own_ramp, reachable=reachable,
                                reachable_by_lead=by_lead, needs=role_needs)

    requests: list[Request] = []
    texts: dict[int, Msg] = {}
    for role, plan in plans.items():
        for need in plan.needs:
            for priority in priorities(role, need.count):
                index = len(requests)
                requests.append(Request(index=index, role=role, month_needed=need.month,
                                        release=_month_index(start, plan.release),
                                        deadline=need.latest_start, priority=priority))
                texts[index] = need.trigger
    if budget is not None:
        keys += [cost_key(r) for r in dict.fromkeys((*in_seat, *roles))]
    costs = {r: benchmarks.value(cost_key(r)) for r in ROLE_KEYS}
    today_rate = run_rate(in_seat, benchmarks)
    unfunded = fund(requests, costs, today_rate, budget)
    horizon = max((len(required[r]) for r in roles), default=0)
    slots = schedule([r for r in requests if r.index not in unfunded], limit, horizon)

    calendars: list[RoleCalendar] = []
    by_role: dict[Role, list[Request]] = {role: [] for role in plans}
    for r in requests:  # one pass, not one per role: a large plan has thousands of requests
        by_role[r.role].append(r)
    for role, plan in plans.items():
        full = _full_after(plan.ramp)
        length = len(required[role])
        mine = sorted(by_role[role], key=lambda r: (r.deadline, r.index))
        funded = [r for r in mine if r.index not in unfunded]
        # the role's people are interchangeable: its earliest starts serve its earliest needs
        placed = sorted(s for r in funded if (s := slots[r.index]) is not None and s < length)
        hires: list[Hire] = []
        deferred: list[DeferredHire] = []
        dates: dict[int, tuple[dt.date, dt.date]] = {}  # slot → (start, productive), per role
        for i, r in enumerate(funded):
            if i >= len(placed):
                deferred.append(DeferredHire(role=role, month_needed=r.month_needed,
                                             month_start=month_start(start, r.month_needed),
                                             reason=HIRING_CAPACITY, trigger=texts[r.index]))
                continue
            slot = placed[i]
            if slot not in dates:
                dates[slot] = (max(month_start(start, slot), plan.release),
                               month_start(start, slot + full))
            begins, productive = dates[slot]
            hires.append(Hire(role=role, open_date=begins - plan.lead, start_date=begins,
                              productive_date=productive,
                              month_needed=r.month_needed, trigger=texts[r.index],
                              delay_reason=HIRING_CAPACITY if slot > r.deadline else None))
        deferred += [DeferredHire(role=role, month_needed=r.month_needed,
                                  month_start=month_start(start, r.month_needed), reason=BUDGET,
                                  trigger=texts[r.index]) for r in mine if r.index in unfunded]
        deferred.sort(key=lambda d: (d.month_needed, d.reason))
        months = _staffing(role, required[role], in_seat.get(role, 0), start, plan.ramp, hires)
        calendars.append(RoleCalendar(
            role=role, lead_time_weeks=lead_time_weeks(role, benchmarks), ramp=plan.ramp,
            first_reachable_month=plan.reachable, hires=tuple(hires), months=tuple(months),
            shortfalls=tuple(_shortfalls(months, plan.reachable, plan.reachable_by_lead,
                                         deferred)),
            deferred=tuple(deferred), new_model=role in gated))
    return HiringPlan(start=start, ramp=ramp, roles=tuple(calendars),
                      keys_used=tuple(dict.fromkeys(keys)), max_starts_per_month=limit,
                      people_in_seat=people, model_change_weeks=weeks,
                      budget=amounts[-1] if amounts else None, budget_share=budget_share,
                      run_rate_today=today_rate)
