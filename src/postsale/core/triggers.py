"""Hiring triggers (DOMAIN.md §4, S0 §Key ratios), evaluated on the book and the team in seat.

Each trigger reports the measured value, the threshold, whether it fired, and the benchmark keys.
Where nobody holds a role yet, its work falls on one person (the CS leader, or whoever covers it):
the load is measured per that one person, which is how "300 customers and a single Head of CS"
shows up as 300 accounts per person.
"""

from __future__ import annotations

import math

import numpy as np

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.capacity import Workload, WorkloadArrays, desk_renewals
from postsale.core.csm_book import CsmBook, book_text, csm_books
from postsale.core.support.trigger import queue_trigger
from postsale.keys import CSM_ROLE_BY_TIER, TIER_KEYS, Role, Tier
from postsale.results import Headcount, Trigger

__all__ = ["csm_trigger", "evaluate_triggers"]


def _per_person(load: float, people: int) -> float:
    return load / max(people, 1)


def _holder(people: int, role: str) -> str:
    label = role.replace("_", " ").replace("csm ", "").replace("high touch", "high-touch CSM") \
        .replace("low touch", "low-touch CSM").replace("tech touch", "tech-touch CSM")
    if people:
        return f"{people} {label}{'s' if people > 1 else ''} in seat"
    return f"no {label} in seat, so it all falls on one person"


def _load_trigger(
    *, key: str, role: Role, people: int, description: str, load: float | None, load_label: str,
    threshold: float, unit: str, strictly_above: bool, missing: str, sources: tuple[str, ...],
) -> Trigger:
    """A per-person load trigger; not evaluable (and never fired) when the data is missing."""
    if load is None:
        return Trigger(key=key, role=role, description=description, measured=None,
                       threshold=threshold, unit=unit, fired=False, evaluable=False,
                       message=missing, sources=sources[:1])
    measured = _per_person(load, people)
    fired = measured > threshold if strictly_above else measured >= threshold
    return Trigger(key=key, role=role, description=description, measured=measured,
                   threshold=threshold, unit=unit, fired=fired, evaluable=True,
                   message=f"{load:,.1f} {load_label}, {_holder(people, str(role))}: "
                   f"{measured:.1f} per person vs {book_text(threshold)}",
                   sources=sources)


def csm_trigger(key: str, book: CsmBook, benchmarks: Benchmarks, staffed: float | None = None
                ) -> tuple[float, str, tuple[str, ...]]:
    """A CSM hiring trigger (S0's ``key``) and the words and keys behind it.

    Under effort sizing the plan staffs a tier's CSMs to the service catalogue's book
    (``core/csm_book.py``; ``staffed``: that book in the trigger's own unit, e.g. at-risk accounts
    per tech-touch CSM): when it is wider than S0's trigger, the trigger moves up to it, so a team
    at the plan's headcount (accounts ÷ whole seats, at most the book) does not fire its own hiring
    trigger before the book is full — S0's "at N+" is kept: a book exactly full fires, as with
    the ratios."""
    trigger = benchmarks.value(key)
    if staffed is None and np.ndim(book.per_csm) == 0 and book.basis == "effort":
        staffed = book.value
    if book.sizing != "effort" or staffed is None or math.isnan(staffed) or staffed <= trigger:
        return trigger, "", (key,)
    return staffed, (
        f" (the service catalogue's book; S0's trigger is {trigger:g})"), (key, *book.sources)


def evaluate_triggers(
    workload: Workload, headcount: Headcount, benchmarks: Benchmarks, company: Company
) -> tuple[Trigger, ...]:
    """Every §4 trigger, in a stable order."""
    cur = headcount.current
    automation_maturity = company.company.automation_maturity
    out: list[Trigger] = []
    books = csm_books(workload, benchmarks, company)

    for tier, key, unit in (
        (TIER_KEYS[0], "triggers.high_touch_accounts_per_csm", "accounts per high-touch CSM"),
        (TIER_KEYS[1], "triggers.low_touch_accounts_per_csm", "accounts per low-touch CSM"),
    ):
        role = CSM_ROLE_BY_TIER[tier]
        people = cur[str(role)]
        accounts = workload.tier_accounts[TIER_KEYS.index(tier)]
        measured = _per_person(accounts, people)
        threshold, why, sources = csm_trigger(key, books[tier], benchmarks)
        fired = accounts > 0 and measured >= threshold
        out.append(Trigger(
            key=key.removeprefix("triggers."), role=role,
            description=f"hire the next {tier.replace('_', '-')} CSM at {book_text(threshold)}+ "
            f"accounts each{why}",
            measured=measured, threshold=threshold, unit=unit, fired=fired, evaluable=True,
            message=f"{accounts} {tier.replace('_', '-')} accounts, {_holder(people, str(role))}: "
            f"{measured:.1f} per person vs {book_text(threshold)}",
            sources=sources,
        ))

    key = "triggers.tech_touch_at_risk_per_csm"
    tech = books[Tier.TECH_TOUCH]
    at_risk_book = None if tech.value is None or not workload.tier_accounts[2] else \
        tech.value * workload.at_risk_tech_touch / workload.tier_accounts[2]
    threshold, why, sources = csm_trigger(key, tech, benchmarks, at_risk_book)
    out.append(_load_trigger(
        key="tech_touch_health_capacity", role=Role.CSM_TECH_TOUCH, people=cur[Role.CSM_TECH_TOUCH],
        description="tech-touch: hire on health-score capacity (at-risk accounts), not raw count"
        + why,
        load=workload.at_risk_tech_touch if workload.health_known else None,
        load_label="at-risk tech-touch accounts", threshold=threshold,
        unit="at-risk tech-touch accounts per CSM", strictly_above=False,
        missing="no health_score column: add health scores to evaluate tech-touch capacity",
        sources=(sources[0], "tiering.at_risk_health", *sources[1:]),
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

    key = "triggers.support_tickets_per_engineer_per_day"
    threshold = benchmarks.value(key)
    if headcount.support is not None:  # [support.channels]: the queues say when SLAs slip
        out.append(queue_trigger(headcount.support, cur[Role.SUPPORT_ENGINEER], company,
                                 benchmarks, workload.support_hubs))
    else:
        out.append(_load_trigger(
            key="support_tickets_per_engineer_per_day", role=Role.SUPPORT_ENGINEER,
            people=cur[Role.SUPPORT_ENGINEER],
            description=f"hire a support engineer above {threshold:g} tickets per engineer per day",
            load=workload.tickets_per_day if workload.tickets_known else None,
            load_label="tickets a day", threshold=threshold, unit="tickets per engineer per day",
            strictly_above=True,
            missing="no tickets_per_month column: add ticket volumes to evaluate support load",
            sources=(key, "capacity.working_days_per_month"),
        ))

    out.append(_renewals_trigger(workload, headcount, benchmarks, company))

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


def _renewals_trigger(
    workload: Workload, headcount: Headcount, benchmarks: Benchmarks, company: Company
) -> Trigger:
    """The renewals desk against its pipeline: only the tiers whose ``[renewals]`` owner is the desk
    count (DOMAIN.md §10.3) — CSM-owned, automatic and sales-owned renewals staff no specialist."""
    role = Role.RENEWALS_SPECIALIST
    people = headcount.current[str(role)]
    std = benchmarks.value("capacity.renewals_per_specialist")
    cpx = benchmarks.value("capacity.renewals_per_specialist_complex")
    sources = ("capacity.renewals_per_specialist", "capacity.renewals_per_specialist_complex",
               "capacity.min_fte_for_dedicated_role")
    description = "hire a renewals specialist when the next-12-month pipeline exceeds capacity"
    unit = "desk-owned renewals in the next 12 months"
    capacity = people * std
    desk = [t for t in TIER_KEYS if company.renewals[t] == "desk"]
    if not desk:
        owners = ", ".join(f"{t.replace('_', '-')} {_OWNER_WORDS[company.renewals[t]]}"
                           for t in TIER_KEYS)
        return Trigger(key="renewals_pipeline_exceeds_capacity", role=role, description=description,
                       measured=None, threshold=capacity, unit=unit, fired=False, evaluable=False,
                       message=f"no renewals desk: renewals owned by {owners}", sources=sources)
    standard, complex_ = desk_renewals(WorkloadArrays.of(workload), company)
    pipeline = float(standard) + float(complex_)
    need = headcount.roles[role].workload_fte
    min_fte = benchmarks.value("capacity.min_fte_for_dedicated_role")
    tiers = ", ".join(t.replace("_", "-") for t in desk)
    return Trigger(
        key="renewals_pipeline_exceeds_capacity", role=role, description=description,
        measured=pipeline, threshold=capacity, unit=unit,
        fired=need >= min_fte and need > people, evaluable=True,
        message=f"{pipeline:,.0f} renewals due in 12 months on the desk ({tiers}; "
        f"{float(complex_):.0f} complex) = {need:.2f} FTE at {std:g}/{cpx:g} a year; "
        f"{people} renewals specialists in seat",
        sources=sources,
    )


_OWNER_WORDS = {"csm": "CSMs", "automatic": "automatic", "sales": "sales", "desk": "the desk"}
