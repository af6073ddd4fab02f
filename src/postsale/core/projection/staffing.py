"""Headcount and cost along the simulated paths: the plan's capacity rules applied to every path and
month at once (``capacity.role_counts``), the trigger text behind each month's need, and the unit
economics of the median path.

What sizes each role in month ``t`` of a path:

* CSMs per tier — the path's customers of the tier (tech-touch: its at-risk accounts worth a human
  when the book has health scores, growing with the tier at today's share);
* implementation — accounts in onboarding (today's, finishing over one implementation length, plus
  each month's new customers for ``implementation_weeks``) and the next 12 months of expected new
  customers (the pipeline the team must absorb);
* support — tickets grow with customers (today's tickets per customer), else customers per engineer;
* renewals — today's renewal dates rolled forward (``renewals``: multi-year contracts enter the
  window when their date nears, survivors weighted by churn) plus every customer won since today,
  of the tiers a renewals desk owns;
* CS Ops and leadership — from the CSMs (or the tech-touch program) and people above, as in the
  plan.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.capacity import Workload, WorkloadArrays, desk_renewals, role_counts
from postsale.core.csm_book import book_figure, csm_books
from postsale.core.msg import Msg
from postsale.core.projection.hiring import month_start
from postsale.core.projection.montecarlo import Projection
from postsale.core.projection.renewals import RenewalWindows
from postsale.core.projection.role_words import role_count
from postsale.core.ratios import cost_key, csm_cost_key, per_customer_cost_key
from postsale.core.support.staffing import team_capacity, uses_queue
from postsale.core.triggers import csm_trigger
from postsale.keys import CSM_ROLE_BY_TIER, ROLE_KEYS, TIER_KEYS, Role, Tier

__all__ = [
    "PathStaffing",
    "median",
    "path_workload",
    "staff_paths",
    "tier_unit_costs",
    "trigger_texts",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

WEEKS_PER_MONTH = 52.0 / 12.0


def median(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """The per-month median over paths (axis 0) as an observed value (integers stay integers)."""
    out: npt.NDArray[Any] = np.quantile(values, 0.5, axis=0, method="inverted_cdf")
    return out


def path_workload(
    projection: Projection, workload: Workload, arrivals: FloatArray, renewals: RenewalWindows
) -> WorkloadArrays:
    """The workload of every path and month, shape (paths, months+1); month 0 is today's.

    ``arrivals`` are the expected new customers of months 1, 2, …; implementation looks 12 months
    ahead of each month, so give 12 months past the horizon (a shorter series repeats its last).
    ``renewals`` rolls today's renewal dates forward (``renewals.renewal_windows``).
    """
    months = projection.months
    counts = projection.tier_customers
    customers = projection.customers.astype(np.float64)
    new = projection.tier_arrivals.sum(axis=2).astype(np.float64)
    length = workload.implementation_weeks / WEEKS_PER_MONTH
    onboarding = np.zeros_like(customers)
    for k in range(math.ceil(length)):
        weight = min(1.0, length - k)
        onboarding[:, k:] += weight * new[:, : months + 1 - k]
    finishing = np.maximum(0.0, 1.0 - np.arange(months + 1) / max(length, 1e-9))
    onboarding += workload.onboarding_active * finishing
    ahead = np.concatenate([arrivals, np.full(12, arrivals[-1] if arrivals.size else 0.0)])
    pipeline = np.array([ahead[t : t + 12].sum() for t in range(months + 1)])
    # month 0 is today's measured pace, as in the plan (the larger of the targets' gross arrivals
    # and the accounts started in the last 12 months), so month 0 = the plan for every role
    pipeline[0] = workload.new_customers_per_year
    grow = customers / workload.customers if workload.customers else np.zeros_like(customers)
    standard, complex_ = renewals.for_paths(customers, counts)
    return WorkloadArrays(
        tier_accounts=counts,
        onboarding_active=onboarding,
        new_customers_per_year=np.broadcast_to(pipeline, customers.shape),
        implementation_weeks=workload.implementation_weeks,
        tickets_per_day=workload.tickets_per_day * grow if workload.tickets_known else None,
        renewals_standard_12m=standard,
        renewals_complex_12m=complex_,
        renewals_by_tier=renewals.by_tier_for_paths(counts)
        if renewals.standard_by_tier is not None else None,
        new_customers_share=None if workload.new_customers_share is None
        else np.asarray(workload.new_customers_share, dtype=np.float64),
        # at-risk tech-touch accounts grow with the tier (today's at-risk share)
        tech_at_risk=np.asarray(
            counts[..., 2] * (workload.at_risk_tech_touch / workload.tier_accounts[2])
            if workload.tier_accounts[2] else np.zeros(customers.shape), dtype=np.float64)
        if workload.health_known else None,
        support_hubs=workload.support_hubs,
    )


@dataclass(frozen=True, eq=False)
class PathStaffing:
    """Required headcount per role (paths, months+1), its monthly cost and the workload behind it."""

    counts: dict[Role, IntArray]
    monthly_cost: FloatArray
    workload: WorkloadArrays

    @property
    def total(self) -> IntArray:
        out: IntArray = np.sum([self.counts[r] for r in ROLE_KEYS], axis=0)
        return out


def staff_paths(
    projection: Projection, workload: Workload, arrivals: FloatArray, renewals: RenewalWindows,
    benchmarks: Benchmarks, company: Company,
) -> PathStaffing:
    """Apply the capacity rules to every path and month."""
    arrays = path_workload(projection, workload, arrivals, renewals)
    counts, _ = role_counts(arrays, benchmarks, company)
    monthly = np.sum([counts[r] * (benchmarks.value(cost_key(r)) / 12.0) for r in ROLE_KEYS], axis=0)
    return PathStaffing(counts=counts, monthly_cost=monthly, workload=arrays)


def tier_unit_costs(benchmarks: Benchmarks, company: Company, workload: Workload
                    ) -> tuple[dict[Tier, float], list[str]]:
    """Cost per customer per year of each tier (C3 unit economics) and the keys behind it.

    The CSM part is the book the plan staffs the tier to on today's workload (month 0:
    ``core/csm_book.py``) — the ratio, or the service catalogue's book under effort sizing — so
    the projection prices a customer as the plan's economics do."""
    books = csm_books(workload, benchmarks, company)
    out: dict[Tier, float] = {}
    keys: list[str] = []
    for tier in TIER_KEYS:
        shared_key = per_customer_cost_key(tier, "shared", benchmarks)
        tech_key = per_customer_cost_key(tier, "technology", benchmarks)
        book = books[tier].value
        csm = benchmarks.value(csm_cost_key(tier)) / book if book else 0.0
        out[tier] = csm + benchmarks.value(shared_key) + benchmarks.value(tech_key)
        keys += [*books[tier].sources, csm_cost_key(tier), shared_key, tech_key]
    return out, list(dict.fromkeys(keys))


def _shown(x: float) -> float:
    """A figure as the triggers show it: whole from 10 up (or when whole), else one decimal; the
    rounding is the figure's precision, the renderer formats it."""
    return round(x) if abs(x) >= 10 or float(x).is_integer() else round(x, 1)


def _book(value: float) -> float:
    """Accounts per CSM as ``csm_book.book_figure`` rounds them (whole ones as int)."""
    figure = book_figure(value)
    return round(figure) if figure.is_integer() else figure


def trigger_texts(
    required: Mapping[Role, Sequence[int]],
    arrays: WorkloadArrays,
    start: dt.date,
    benchmarks: Benchmarks,
    company: Company,
) -> dict[Role, list[Msg | None]]:
    """Per role and month, why the need rises that month (on the median path's workload).

    ``arrays`` holds the median path (1-D over months). Each month's message (``None`` in month 0)
    names the trigger of DOMAIN.md §4 the month reaches, e.g. "high-touch accounts reach 156 in July
    2027: 13.0 each on 12 CSMs, past the 12-account trigger" — codes and raw figures, one message per
    role and month (never per path or account), worded by the reader's catalog. They follow the
    capacity rules: tech-touch CSMs on at-risk accounts worth a human when health data exists
    (§10.4), renewals on the tiers a desk owns (§10.3), CS Ops on CSMs or the tech-touch program
    floor, whichever is larger.
    """
    months = len(next(iter(required.values())))
    maturity = company.company.automation_maturity
    # the book each month's CSMs are staffed to: the ratio, or the catalogue's under effort sizing
    books = csm_books(arrays, benchmarks, company)
    accounts = np.asarray(arrays.tier_accounts)
    out: dict[Role, list[Msg | None]] = {r: [None] * months for r in required}
    thresholds = {Tier.HIGH_TOUCH: "triggers.high_touch_accounts_per_csm",
                  Tier.LOW_TOUCH: "triggers.low_touch_accounts_per_csm"}
    csms = np.sum([np.asarray(required[CSM_ROLE_BY_TIER[t]]) for t in TIER_KEYS], axis=0)
    people = np.sum([np.asarray(required[r]) for r in required], axis=0)
    at_risk_per = benchmarks.value("capacity.at_risk_tech_touch_per_csm")
    at_risk_health = benchmarks.value("tiering.at_risk_health")
    min_acv = benchmarks.value("capacity.tech_touch_human_min_acv")
    desk_standard, desk_complex = (np.atleast_1d(a) for a in desk_renewals(arrays, company))
    desk_tiers = tuple(str(t) for t in TIER_KEYS if company.renewals[t] == "desk")
    ops_ratio = benchmarks.value("capacity.csms_per_cs_ops_mature" if maturity == "mature"
                                 else "capacity.csms_per_cs_ops")
    automation = (Msg("projection.trigger.automation_mature") if maturity == "mature"
                  else Msg("projection.trigger.automation_early"))
    first_ops = benchmarks.value("capacity.cs_ops_first_at_csms")
    program_min = benchmarks.value("capacity.tech_touch_program_min_accounts")
    per_staff = benchmarks.value("capacity.tech_touch_accounts_per_program_staff")
    backlog = benchmarks.value("triggers.implementation_backlog_months")
    queue = uses_queue(company, arrays.tickets_per_day is not None)
    held: dict[int, float] = {}  # support engineers → tickets a day they hold at every SLA
    for t in range(1, months):
        when = month_start(start, t)
        for i, tier in enumerate(TIER_KEYS):
            role = CSM_ROLE_BY_TIER[tier]
            n, before = float(accounts[t, i]), max(int(required[role][t - 1]), 1)
            staffed = float(np.atleast_1d(books[tier].per_csm)[t])
            ratio: Msg | float = (Msg("projection.trigger.any_number") if np.isnan(staffed)
                                  else _shown(staffed))
            if tier in thresholds:
                measured = bool(np.atleast_1d(books[tier].measured)[t])
                trigger, _, _ = csm_trigger(thresholds[tier], books[tier], benchmarks,
                                            staffed if measured else None)
                each = n / before
                reason = (Msg("projection.trigger.past_book", trigger=_book(trigger))
                          if each >= trigger else
                          Msg("projection.trigger.over_plan_book", ratio=ratio,
                              trigger=_book(trigger)))
                out[role][t] = Msg("projection.trigger.csm_accounts", tier=str(tier), accounts=n,
                                   when=when, each=each, csms=before, reason=reason)
            elif arrays.tech_at_risk is not None:
                # S0: tech-touch is staffed on health-score capacity, not raw count (§10.4)
                at_risk = float(np.asarray(arrays.tech_at_risk)[t])
                out[role][t] = Msg("projection.trigger.tech_at_risk", tier=str(tier),
                                   at_risk=at_risk, when=when, csms=before, per_csm=at_risk_per,
                                   health=at_risk_health, min_acv=min_acv, accounts=n)
            else:
                out[role][t] = Msg("projection.trigger.tech_pooled", tier=str(tier), accounts=n,
                                   when=when, csms=before, ratio=ratio)
        out[Role.IMPLEMENTATION_SPECIALIST][t] = Msg(
            "projection.trigger.implementation",
            new=_shown(float(arrays.new_customers_per_year[t])), when=when,
            onboarding=_shown(float(arrays.onboarding_active[t])), months=backlog)
        before = int(required[Role.SUPPORT_ENGINEER][t - 1])
        if queue and arrays.tickets_per_day is not None:  # the queues: past the team's SLA volume
            if before not in held:
                held[before] = team_capacity(before, company, benchmarks, arrays.support_hubs)
            tickets = float(arrays.tickets_per_day[t])
            fine = f"{tickets:.1f}" == f"{held[before]:.1f}"  # 76.41 past 76.38, not 76.4 past 76.4
            out[Role.SUPPORT_ENGINEER][t] = (
                Msg("projection.trigger.support_queue_fine", tickets=tickets, when=when,
                    held=held[before], engineers=before) if fine else
                Msg("projection.trigger.support_queue", tickets=tickets, when=when,
                    held=held[before], engineers=before))
        elif arrays.tickets_per_day is None:
            out[Role.SUPPORT_ENGINEER][t] = Msg(
                "projection.trigger.support", customers=float(accounts[t].sum()), when=when,
                engineers=before)
        else:
            out[Role.SUPPORT_ENGINEER][t] = Msg(
                "projection.trigger.support_tickets", customers=float(accounts[t].sum()),
                tickets=_shown(float(arrays.tickets_per_day[t])), when=when, engineers=before)
        renewals = float(desk_standard[t] + desk_complex[t])
        carried = int(required[Role.RENEWALS_SPECIALIST][t - 1])
        out[Role.RENEWALS_SPECIALIST][t] = (
            Msg("projection.trigger.renewals", tiers=desk_tiers, when=when, renewals=renewals,
                specialists=carried) if desk_tiers else
            Msg("projection.trigger.renewals_no_desk", when=when, renewals=renewals,
                specialists=carried))
        tech = float(accounts[t, TIER_KEYS.index(Tier.TECH_TOUCH)])
        program = math.ceil(tech / per_staff - 1e-9) if tech >= program_min else 0
        by_csms = 0 if csms[t] < first_ops else max(1, math.floor(csms[t] / ops_ratio + 0.5))
        floor = Msg("projection.trigger.program_floor", accounts=tech, per_staff=per_staff,
                    staff=program)
        if program > by_csms:
            out[Role.CS_OPS][t] = Msg("projection.trigger.ops_program", accounts=tech, when=when,
                                      floor=floor)
        else:
            ops = (Msg("projection.trigger.ops_first", csms=int(csms[t]), when=when)
                   if int(required[Role.CS_OPS][t - 1]) == 0 else
                   Msg("projection.trigger.ops_ratio", csms=int(csms[t]), when=when,
                       ratio=ops_ratio, automation=automation))
            out[Role.CS_OPS][t] = (Msg("projection.trigger.with_floor", text=ops, floor=floor)
                                   if program else ops)
        for role in (Role.TEAM_LEAD, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.CCO, Role.TAM):
            out[role][t] = Msg("projection.trigger.span", people=int(people[t]), when=when,
                               leaders=role_count(role, int(required[role][t])))
    return out
