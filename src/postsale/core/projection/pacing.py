"""The pace and funding of the hiring calendar: how many people can start a month, when a new
organization model's hires may start, and which hires the budget pays for (issue 10, item 9).

Three rules turn the requisitions the need calls for (``hiring._role_requests``) into a calendar
a company can run:

* **Hiring capacity.** A recruiting team closes only so many requisitions a month, and a team can
  only onboard so many starters: at most ``max_starts_per_month`` people start in any calendar
  month — ``hiring.max_starts_per_month`` when the company file sets it, else
  ``max(hiring.min_starts_per_month, ceil(hiring.max_starts_per_month_share × people in seat
  today))``. A requisition beyond the limit moves to an earlier month with room (it opens sooner,
  never before today plus the lead time); when none has room it starts in the first later month
  that does and is reported late (``hiring_capacity``), or beyond the horizon as deferred.
* **A new model starts after its design and pilot (S3 implementation roadmap: design weeks 1–4,
  pilot weeks 5–12).** When today's team is not empty, a role it does not have (specialists,
  another tier's CSMs) belongs to the new organization model; its hires start no earlier than
  ``roadmap.design_weeks + roadmap.pilot_weeks`` after today. Leadership roles are layers, not a
  model, and are not held back; growing a role the team already has is catch-up, not held back.
* **The budget.** With an annual ``budget``, the in-seat run rate (Σ people in seat × the role's
  ``costs.<role>``) never exceeds it: requisitions are funded in the order they are needed, and one
  that would take the run rate over the budget is deferred (``budget``). Headcount never drops, so
  a deferred hire stays deferred for the horizon.

Requisitions take their turn in the order they are needed: the month they must start by, then
the most constrained (the latest earliest start), then, among those needed in the same month, the
first hire of each leadership role (leaders before their reports) and the role with the largest
remaining gap (so a catch-up spreads over the roles instead of filling one). Each takes the latest
month with room that still makes it productive in time and is not before its earliest start (as
late as possible, earlier when later months are full); when none has room, the first later month
with room (it starts late), or none in the horizon (deferred).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from postsale.core.benchmarks import Benchmarks
from postsale.core.msg import Msg
from postsale.core.ratios import cost_key
from postsale.keys import LEADERSHIP_ROLES, ROLE_KEYS, Role

__all__ = [
    "BUDGET",
    "DESIGN_WEEKS_KEY",
    "HIRING_CAPACITY",
    "LEAD_TIME",
    "MAX_STARTS_KEY",
    "MAX_STARTS_SHARE_KEY",
    "MIN_STARTS_KEY",
    "NEW_MODEL",
    "PILOT_WEEKS_KEY",
    "REASONS",
    "Request",
    "fund",
    "max_starts_per_month",
    "model_change_weeks",
    "new_model_roles",
    "priorities",
    "reason_text",
    "run_rate",
    "schedule",
]

MAX_STARTS_KEY = "hiring.max_starts_per_month"
MAX_STARTS_SHARE_KEY = "hiring.max_starts_per_month_share"
MIN_STARTS_KEY = "hiring.min_starts_per_month"
DESIGN_WEEKS_KEY = "roadmap.design_weeks"
PILOT_WEEKS_KEY = "roadmap.pilot_weeks"

#: Why a need is not met on time: no requisition opened today is productive in time; the new
#: model's design and pilot come first; the monthly hiring capacity is full; the budget is spent.
LEAD_TIME = "lead_time"
NEW_MODEL = "new_model"
HIRING_CAPACITY = "hiring_capacity"
BUDGET = "budget"
REASONS = (LEAD_TIME, NEW_MODEL, HIRING_CAPACITY, BUDGET)

_EPS = 1e-9
#: Leaders first, the most senior first; then the other roles in their usual order.
_RANK: dict[Role, int] = {role: i for i, role in enumerate(
    (*reversed(LEADERSHIP_ROLES), *(r for r in ROLE_KEYS if r not in LEADERSHIP_ROLES)))}


def max_starts_per_month(people_in_seat: int, benchmarks: Benchmarks) -> tuple[int, tuple[str, ...]]:
    """The hiring capacity (people who can start in one month) and the keys that set it."""
    if benchmarks.is_overridden(MAX_STARTS_KEY):
        return max(1, round(benchmarks.value(MAX_STARTS_KEY))), (MAX_STARTS_KEY,)
    share = benchmarks.value(MAX_STARTS_SHARE_KEY) * max(people_in_seat, 0)
    floor = max(1, math.ceil(benchmarks.value(MIN_STARTS_KEY) - _EPS))
    return max(floor, math.ceil(share - _EPS)), (MAX_STARTS_SHARE_KEY, MIN_STARTS_KEY)


def model_change_weeks(benchmarks: Benchmarks) -> float:
    """Weeks of design and pilot before a new organization model's hires start (S3 roadmap)."""
    return benchmarks.value(DESIGN_WEEKS_KEY) + benchmarks.value(PILOT_WEEKS_KEY)


def new_model_roles(required: Mapping[Role, Sequence[float | int]],
                    in_seat: Mapping[Role, int]) -> tuple[Role, ...]:
    """The roles the plan needs that today's (non-empty) team does not have, leadership aside.

    An empty team has no model to change: it is built from scratch and nothing is held back."""
    if not any(count > 0 for count in in_seat.values()):
        return ()
    return tuple(role for role in ROLE_KEYS
                 if role in required and role not in LEADERSHIP_ROLES
                 and in_seat.get(role, 0) == 0 and any(float(n) > _EPS for n in required[role]))


def run_rate(in_seat: Mapping[Role, int], benchmarks: Benchmarks) -> float:
    """The annual cost of ``in_seat`` (people × ``costs.<role>``)."""
    return float(sum(count * benchmarks.value(cost_key(role)) for role, count in in_seat.items()))


def reason_text(reason: str, max_starts: int, weeks: float) -> Msg:
    """The reason as a sentence fragment ("hiring capacity 2 a month", "budget", …), as a message
    so it reads in the report's language."""
    if reason == HIRING_CAPACITY:
        return Msg("projection.reason.hiring_capacity", starts=max_starts)
    if reason == BUDGET:
        return Msg("projection.reason.budget")
    if reason == NEW_MODEL:
        return Msg("projection.reason.new_model", weeks=weeks)
    if reason == LEAD_TIME:
        return Msg("projection.reason.lead_time")
    raise ValueError(f"unknown reason {reason!r}")  # i18n: not text


@dataclass(frozen=True)
class Request:
    """One requisition before pacing: the start months it may take (``release`` … ``deadline``
    is on time: fully productive by ``month_needed``), its priority and a stable index."""

    index: int
    role: Role
    month_needed: int
    release: int
    deadline: int
    priority: tuple[int, int, int]


def priorities(role: Role, count: int) -> list[tuple[int, int, int]]:
    """The priorities of ``count`` requisitions of ``role`` needed in the same month: the first
    of a leadership role before everything, then the largest remaining gap, then seniority."""
    rank = _RANK[role]
    return [(0 if role in LEADERSHIP_ROLES and i == 0 else 1, -(count - i), rank)
            for i in range(count)]


def fund(requests: Sequence[Request], costs: Mapping[Role, float], today: float,
         budget: float | Sequence[float] | None) -> frozenset[int]:
    """The indices of the requests the budget cannot pay for (none without a budget).

    Requests are funded in the order they are needed (then priority); each adds its role's annual
    cost to the run rate while the run rate stays within the budget of the month it is needed
    (``budget``: one annual amount, or one per month when it follows ARR, e.g. 15% of it). A
    cheaper request needed later may still fit after a dearer one did not."""
    if budget is None:
        return frozenset()
    series = [float(budget)] if isinstance(budget, int | float) else [float(b) for b in budget]
    unfunded: set[int] = set()
    rate = today
    for r in sorted(requests, key=lambda r: (r.month_needed, r.priority, r.index)):
        cap = series[min(r.month_needed, len(series) - 1)]
        if rate + costs[r.role] <= cap + _EPS:
            rate += costs[r.role]
        else:
            unfunded.add(r.index)
    return frozenset(unfunded)


def schedule(requests: Sequence[Request], limit: int, horizon: int) -> dict[int, int | None]:
    """The start month of each request (``None``: no month with room in the horizon), at most
    ``limit`` a month, in turn by need (see the module docstring)."""
    if limit < 1:
        raise ValueError("the hiring capacity must be at least 1 a month")  # i18n: not text
    free = [limit] * horizon
    slot: dict[int, int | None] = {}
    for r in sorted(requests, key=lambda r: (r.deadline, r.month_needed, -r.release, r.priority,
                                             r.index)):
        first = max(r.release, 0)
        room = next((m for m in range(min(r.deadline, horizon - 1), first - 1, -1) if free[m] > 0),
                    None)
        if room is None:
            room = next((m for m in range(max(first, r.deadline + 1), horizon) if free[m] > 0), None)
        slot[r.index] = room
        if room is not None:
            free[room] -= 1
    return slot
