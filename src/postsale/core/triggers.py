"""Hiring triggers (DOMAIN.md §4, S0 §Key ratios), evaluated on the book and the team in seat.

Each trigger reports the measured value, the threshold, whether it fired, and the benchmark keys.
Where nobody holds a role yet, its work falls on one person (the CS leader, or whoever covers it):
the load is measured per that one person, which is how "300 customers and a single Head of CS"
shows up as 300 accounts per person.
"""

from __future__ import annotations

from postsale.core.benchmarks import Benchmarks
from postsale.core.capacity import Workload
from postsale.keys import CSM_ROLE_BY_TIER, TIER_KEYS, Role
from postsale.results import Headcount, Trigger

__all__ = ["evaluate_triggers"]


def _per_person(load: float, people: int) -> float:
    return load / max(people, 1)


def _holder(people: int, role: str) -> str:
    label = role.replace("_", " ").replace("csm ", "").replace("high touch", "high-touch CSM") \
        .replace("low touch", "low-touch CSM").replace("tech touch", "tech-touch CSM")
    if people:
        return f"{people} {label}{'s' if people > 1 else ''} in seat"
    return f"no {label} in seat, so it all falls on one person"


def evaluate_triggers(
    workload: Workload, headcount: Headcount, benchmarks: Benchmarks, *, automation_maturity: str
) -> tuple[Trigger, ...]:
    """Every §4 trigger, in a stable order."""
    cur = headcount.current
    out: list[Trigger] = []

    for tier, key, unit in (
        (TIER_KEYS[0], "triggers.high_touch_accounts_per_csm", "accounts per high-touch CSM"),
        (TIER_KEYS[1], "triggers.low_touch_accounts_per_csm", "accounts per low-touch CSM"),
    ):
        role = CSM_ROLE_BY_TIER[tier]
        people = cur[str(role)]
        accounts = workload.tier_accounts[TIER_KEYS.index(tier)]
        measured = _per_person(accounts, people)
        threshold = benchmarks.value(key)
        fired = accounts > 0 and measured >= threshold
        out.append(Trigger(
            key=key.removeprefix("triggers."), role=role,
            description=f"hire the next {tier.replace('_', '-')} CSM at {threshold:g}+ accounts each",
            measured=measured, threshold=threshold, unit=unit, fired=fired, evaluable=True,
            message=f"{accounts} {tier.replace('_', '-')} accounts, {_holder(people, str(role))}: "
            f"{measured:.1f} per person vs {threshold:g}",
            sources=(key,),
        ))

    role = Role.CSM_TECH_TOUCH
    key = "triggers.tech_touch_at_risk_per_csm"
    threshold = benchmarks.value(key)
    if workload.health_known:
        people = cur[str(role)]
        measured = _per_person(workload.at_risk_tech_touch, people)
        out.append(Trigger(
            key="tech_touch_health_capacity", role=role,
            description="tech-touch: hire on health-score capacity (at-risk accounts), not raw count",
            measured=measured, threshold=threshold, unit="at-risk tech-touch accounts per CSM",
            fired=measured >= threshold, evaluable=True,
            message=f"{workload.at_risk_tech_touch} at-risk tech-touch accounts, "
            f"{_holder(people, str(role))}: {measured:.1f} per person vs {threshold:g}",
            sources=(key, "tiering.at_risk_health"),
        ))
    else:
        out.append(Trigger(
            key="tech_touch_health_capacity", role=role,
            description="tech-touch: hire on health-score capacity (at-risk accounts), not raw count",
            measured=None, threshold=threshold, unit="at-risk tech-touch accounts per CSM",
            fired=False, evaluable=False,
            message="no health_score column: add health scores to evaluate tech-touch capacity",
            sources=(key,),
        ))

    role = Role.IMPLEMENTATION_SPECIALIST
    key = "triggers.implementation_backlog_months"
    threshold = benchmarks.value(key)
    people = cur[str(role)]
    monthly = max(people, 1) * benchmarks.value("capacity.implementations_per_year") / 12.0
    backlog = workload.onboarding_active + workload.new_customers_per_year / 4.0
    measured = backlog / monthly
    out.append(Trigger(
        key="implementation_backlog_months", role=role,
        description=f"hire an implementation specialist when the backlog reaches {threshold:g}+ months",
        measured=measured, threshold=threshold, unit="months of onboarding backlog",
        fired=backlog > 0 and measured >= threshold, evaluable=True,
        message=f"{workload.onboarding_active} accounts in onboarding + "
        f"{workload.new_customers_per_year / 4.0:.0f} expected next quarter, "
        f"{_holder(people, str(role))} at {monthly:.1f} a month: {measured:.1f} months",
        sources=(key, "capacity.implementations_per_year"),
    ))

    role = Role.SUPPORT_ENGINEER
    key = "triggers.support_tickets_per_engineer_per_day"
    threshold = benchmarks.value(key)
    people = cur[str(role)]
    if workload.tickets_known:
        measured = _per_person(workload.tickets_per_day, people)
        out.append(Trigger(
            key="support_tickets_per_engineer_per_day", role=role,
            description=f"hire a support engineer above {threshold:g} tickets per engineer per day",
            measured=measured, threshold=threshold, unit="tickets per engineer per day",
            fired=measured > threshold, evaluable=True,
            message=f"{workload.tickets_per_day:.1f} tickets a day, {_holder(people, str(role))}: "
            f"{measured:.1f} per person vs {threshold:g}",
            sources=(key, "capacity.working_days_per_month"),
        ))
    else:
        out.append(Trigger(
            key="support_tickets_per_engineer_per_day", role=role,
            description=f"hire a support engineer above {threshold:g} tickets per engineer per day",
            measured=None, threshold=threshold, unit="tickets per engineer per day",
            fired=False, evaluable=False,
            message="no tickets_per_month column: add ticket volumes to evaluate support load",
            sources=(key,),
        ))

    role = Role.RENEWALS_SPECIALIST
    people = cur[str(role)]
    std = benchmarks.value("capacity.renewals_per_specialist")
    cpx = benchmarks.value("capacity.renewals_per_specialist_complex")
    need = headcount.roles[role].workload_fte
    min_fte = benchmarks.value("capacity.min_fte_for_dedicated_role")
    capacity = people * std
    out.append(Trigger(
        key="renewals_pipeline_exceeds_capacity", role=role,
        description="hire a renewals specialist when the next-12-month pipeline exceeds capacity",
        measured=float(workload.renewals_12m), threshold=capacity,
        unit="renewals in the next 12 months", fired=need >= min_fte and need > people,
        evaluable=True,
        message=f"{workload.renewals_12m} renewals due in 12 months "
        f"({workload.renewals_complex_12m} complex) = {need:.2f} FTE at {std:g}/{cpx:g} a year; "
        f"{people} renewals specialists in seat",
        sources=("capacity.renewals_per_specialist", "capacity.renewals_per_specialist_complex",
                 "capacity.min_fte_for_dedicated_role"),
    ))

    role = Role.CS_OPS
    key = "capacity.cs_ops_first_at_csms"
    threshold = benchmarks.value(key)
    csms_now = sum(cur[str(CSM_ROLE_BY_TIER[t])] for t in TIER_KEYS)
    ops_now = cur[str(role)]
    out.append(Trigger(
        key="first_cs_ops", role=role,
        description=f"hire the first CS Ops at ~{threshold:g} CSMs",
        measured=float(csms_now), threshold=threshold, unit="CSMs in seat",
        fired=ops_now == 0 and csms_now >= threshold, evaluable=True,
        message=f"{csms_now} CSMs in seat, {ops_now} CS Ops ({automation_maturity} automation)",
        sources=(key,),
    ))
    return tuple(out)
