"""Frozen result models of a projection (C8): ``ProjectionResult.to_dict()`` is the JSON of
``postsale project --format json`` (keys ``months`` and ``hires`` are the issue's contract).

Month 0 is the current month (today's book). Headcount keys are the role keys of PRODUCT.md plus
``total``. Money is in the company's currency; ``cost`` figures are per month; every share is a
fraction of ARR (annual CS cost ÷ ARR).

Two teams are reported and named apart: the team *needed* (``required``: the capacity rules on the
median path's workload; ``required_bands``: the spread of the rules over the paths) and the team
*in seat* (``in_seat``: today's ``[team]`` plus the hiring calendar's starts, ramping people
included — so while catch-up hires ramp, more people sit in seat than are needed). ``cost`` and
``cost_share`` are the in-seat team's; ``cost_required`` and ``cost_share_required`` the needed
team's over the paths. ``required["total"]`` adds the roles' figures (what the calendar staffs);
``required_bands["total"]`` is the spread of each path's own total.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from postsale.keys import Role, Tier
from postsale.results import Warning, _Result
from postsale.results_text import Text

__all__ = [
    "Band",
    "DeferredHireEntry",
    "GrowthAssumption",
    "HiringAssumption",
    "ProjectedHire",
    "ProjectionMonth",
    "ProjectionResult",
    "RetentionAssumption",
    "ScenarioMonth",
    "ScenarioSummary",
    "ShortfallEntry",
    "TimelineEvent",
]


class Band(_Result):
    """P10, P50 and P90 of a figure over the Monte Carlo paths (P10 ≤ P50 ≤ P90)."""

    p10: float
    p50: float
    p90: float


class ProjectionMonth(_Result):
    """One month of the projection (P50 figures unless a ``Band``).

    ``cumulative_cost``: the in-seat cost from month 0 through this month. ``tier_cost_share`` and
    ``blended_cost_share`` are the unit economics of C3 (CSM cost ÷ accounts + shared + technology,
    per customer, ÷ ARR) for the 5–15% rule and the 10–25% blended band; ``cost_share`` is the
    whole in-seat team's cost ÷ ARR.
    """

    month: int
    date: dt.date
    stage: int
    customers: Band
    arr: Band
    grr: Band | None
    nrr: Band | None
    target_customers: float
    target_arr: float | None
    new_customers: Band
    tier_customers: dict[Tier, float]
    tier_arr: dict[Tier, float]
    required: dict[str, int]
    required_bands: dict[str, Band]
    in_seat: dict[str, int]
    ramping: dict[str, int]
    open_requisitions: dict[str, int]
    capacity: dict[str, float]
    shortfall: dict[str, float]
    cost: float
    cost_by_role: dict[str, float]
    cost_required: Band
    cumulative_cost: float
    cost_share: float | None
    cost_share_required: Band | None
    tier_cost_share: dict[Tier, float | None]
    blended_cost_share: float | None


#: Why a need is not met on time (``ShortfallEntry.reason``, ``DeferredHireEntry.reason``,
#: ``ProjectedHire.delay_reason``): no requisition opened today is productive sooner; the new
#: model's design and pilot (S3 roadmap) come first; the monthly hiring capacity is full; the
#: budget does not pay for it.
Reason = Literal["lead_time", "new_model", "hiring_capacity", "budget"]


class ProjectedHire(_Result):
    """One requisition of the hiring calendar. ``delay_reason`` (``hiring_capacity``) when it is
    fully productive after ``month_needed`` because every earlier month with room was full."""

    role: Role
    open_date: dt.date
    start_date: dt.date
    productive_date: dt.date
    month_needed: int
    trigger: Text
    delay_reason: Reason | None = None
    delay_reason_text: Text | None = None


class ShortfallEntry(_Result):
    """A month in which the people in seat fall short of the need, and why (``reason``;
    ``reason_text`` says it: "hiring capacity 2 a month", "budget", …)."""

    role: Role
    month: int
    date: dt.date
    required: float
    capacity: float
    gap: float
    reason: Reason = "lead_time"
    reason_text: Text | None = None


class DeferredHireEntry(_Result):
    """A requisition the need calls for that the calendar does not open in the horizon: the
    budget does not pay for it, or no month has room within the hiring capacity."""

    role: Role
    month_needed: int
    date: dt.date
    reason: Reason
    reason_text: Text
    trigger: Text


class TimelineEvent(_Result):
    """Something that happens on the P50 path: a stage transition, a specialization-phase step, an
    org-model change, a role's first seat, requisitions to open or a shortfall."""

    month: int
    date: dt.date
    kind: Literal["stage", "phase", "org_model", "first_role", "hire", "shortfall"]
    title: Text
    detail: Text


class RetentionAssumption(_Result):
    """The annual GRR/NRR a run projects with, per tier (for month 1 and for the horizon)."""

    source: Literal["book", "stage", "median", "company"]
    description: Text
    grr_first: dict[Tier, float]
    nrr_first: dict[Tier, float]
    grr_last: dict[Tier, float]
    nrr_last: dict[Tier, float]
    churn_share: float


class ScenarioMonth(_Result):
    """A scenario's figures for one month (for side-by-side charts): the needed team (P50) and the
    in-seat cost and share."""

    month: int
    required_total: int
    cost: float
    cost_share: float | None


class ScenarioSummary(_Result):
    """One named scenario: the same growth under other tier rules, ratios or retention.

    Figures are at the horizon; ``cumulative_cost`` is the in-seat cost (today's team plus the
    scenario's own hiring calendar) over months 0..M, ``cost_share`` the in-seat share at the
    horizon, ``required_cost_share`` the needed team's share over the paths. Deltas are against the
    base ("As planned"), 0 for the base itself.
    """

    name: Text
    description: Text
    retention: str
    is_base: bool
    tier_customers: dict[Tier, float]
    customers: float
    arr: float
    required: dict[str, int]
    required_total_band: Band
    hires: int
    cumulative_cost: float
    cost_share: float | None
    required_cost_share: Band | None
    blended_cost_share: float | None
    headcount_delta: int
    cumulative_cost_delta: float
    cost_share_delta: float | None
    months: tuple[ScenarioMonth, ...]


class GrowthAssumption(_Result):
    """How the book grows: the targets, how they are interpolated, the new customers they call for."""

    targets: tuple[dict[str, float | int | None], ...]
    interpolation: str
    arrival_mix: dict[Tier, float]
    new_customers_expected: float
    accounts_retiering: int
    notes: tuple[Text, ...]


class HiringAssumption(_Result):
    """Recruiting lead time per role (weeks), the ramp (productivity in months 1, 2, …), the roles
    whose own ramp the company file sets, and the first month a requisition opened today can be
    fully productive, per role.

    The pace and funding: ``max_starts_per_month`` people at most start in a month (set by
    ``max_starts_keys``: the absolute override, or ``max_starts_share`` of the ``people_in_seat``
    today, at least ``min_starts_per_month``; both ``None`` under the override);
    ``new_model_roles`` (roles today's team does not have) start after the ``model_change_weeks``
    of design and pilot; ``budget`` (annual, ``None``: no cap) bounds the in-seat run rate, which
    is ``run_rate_today`` now and ``run_rate_horizon`` at the horizon."""

    lead_time_weeks: dict[str, float]
    ramp: tuple[float, ...]
    ramp_by_role: dict[str, tuple[float, ...]]
    first_reachable_month: dict[str, int]
    max_starts_per_month: int | None = None
    max_starts_keys: tuple[str, ...] = ()
    max_starts_share: float | None = None
    min_starts_per_month: int | None = None
    people_in_seat: int = 0
    new_model_roles: tuple[str, ...] = ()
    model_change_weeks: float = 0.0
    budget: float | None = None
    run_rate_today: float = 0.0
    run_rate_horizon: float = 0.0
    budget_share: float | None = None  # the budget follows ARR: this share of each month's ARR


class ProjectionResult(_Result):
    """A whole projection: the contract of ``postsale project --format json``."""

    company: str
    currency: str
    today: dt.date
    horizon_months: int
    paths: int
    seed: int | None
    accounts: int
    customers: int
    arr: float
    growth: GrowthAssumption
    retention: RetentionAssumption
    hiring: HiringAssumption
    months: tuple[ProjectionMonth, ...]
    hires: tuple[ProjectedHire, ...]
    shortfalls: tuple[ShortfallEntry, ...]
    deferred: tuple[DeferredHireEntry, ...] = ()
    timeline: tuple[TimelineEvent, ...]
    scenarios: tuple[ScenarioSummary, ...]
    bands: dict[str, tuple[float, float]]
    warnings: tuple[Warning, ...]
    sources: tuple[str, ...]
    benchmarks_version: str

    def __repr__(self) -> str:
        from postsale.notebook import projection_repr

        return projection_repr(self)

    def _repr_html_(self) -> str:
        from postsale.notebook import projection_html

        return projection_html(self)

    def to_frame(self, table: str = "months", backend: Literal["pandas", "polars"] | None = None
                 ) -> Any:
        """A table of the projection as a pandas (or polars) DataFrame: ``months`` (P10/P50/P90
        customers and ARR, headcount, cost) or ``hires``."""
        from postsale.notebook import projection_tables, to_frame

        return to_frame(projection_tables(self), table, backend)
