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
from postsale.core.csm_book import CsmBook, csm_books
from postsale.core.msg import Msg
from postsale.core.support.trigger import queue_trigger
from postsale.keys import CSM_ROLE_BY_TIER, TIER_KEYS, Role, Tier
from postsale.results import Headcount, Trigger

__all__ = ["csm_trigger", "evaluate_triggers"]


def _per_person(load: float, people: int) -> float:
    return load / max(people, 1)


def _book(value: float) -> float:
    """A book as a reader compares it (``csm_book.book_text``): tenths below 100, whole above."""
    return round(float(value), 1) if round(float(value), 1) < 100 else float(round(value))


def _holder(people: int, role: Role) -> Msg:
    """Who carries the load: the people in seat, or nobody, so one person carries it all."""
    if not people:
        return Msg("triggers.holder.none", role=str(role))
    if role == Role.CSM_HIGH_TOUCH:
        return Msg("triggers.holder.csm_high_touch", people=people)
    if role == Role.CSM_LOW_TOUCH:
        return Msg("triggers.holder.csm_low_touch", people=people)
    if role == Role.CSM_TECH_TOUCH:
        return Msg("triggers.holder.csm_tech_touch", people=people)
    if role == Role.IMPLEMENTATION_SPECIALIST:
        return Msg("triggers.holder.implementation_specialist", people=people)
    return Msg("triggers.holder.support_engineer", people=people)


def _load_trigger(
    *, key: str, role: Role, people: int, description: Msg, load: float | None, tickets: bool,
    threshold: float, unit: Msg, strictly_above: bool, missing: Msg, sources: tuple[str, ...],
) -> Trigger:
    """A per-person load trigger; not evaluable (and never fired) when the data is missing."""
    if load is None:
        return Trigger(key=key, role=role, description=description, measured=None,
                       threshold=threshold, unit=unit, fired=False, evaluable=False,
                       message=missing, sources=sources[:1])
    measured = _per_person(load, people)
    fired = measured > threshold if strictly_above else measured >= threshold
    holder, book = _holder(people, role), _book(threshold)
    message = (Msg("triggers.support.message", load=float(load), holder=holder, measured=measured,
                   threshold=book) if tickets else
               Msg("triggers.tech_touch.message", load=float(load), holder=holder,
                   measured=measured, threshold=book))
    return Trigger(key=key, role=role, description=description, measured=measured,
                   threshold=threshold, unit=unit, fired=fired, evaluable=True,
                   message=message, sources=sources)


def csm_trigger(key: str, book: CsmBook, benchmarks: Benchmarks, staffed: float | None = None
                ) -> tuple[float, float | None, tuple[str, ...]]:
    """A CSM hiring trigger (S0's ``key``) and the words and keys behind it.

    Under effort sizing the plan staffs a tier's CSMs to the service catalogue's book
    (``core/csm_book.py``; ``staffed``: that book in the trigger's own unit, e.g. at-risk accounts
    per tech-touch CSM): when it is wider than S0's trigger, the trigger moves up to it, so a team
    at the plan's headcount (accounts ÷ whole seats, at most the book) does not fire its own hiring
    trigger before the book is full — S0's "at N+" is kept: a book exactly full fires, as with
    the ratios. The second value is S0's own trigger when the book moved it (None otherwise), so
    the description can say so."""
    trigger = benchmarks.value(key)
    if staffed is None and np.ndim(book.per_csm) == 0 and book.basis == "effort":
        staffed = book.value
    if book.sizing != "effort" or staffed is None or math.isnan(staffed) or staffed <= trigger:
        return trigger, None, (key,)
    return staffed, trigger, (key, *book.sources)


def evaluate_triggers(
    workload: Workload, headcount: Headcount, benchmarks: Benchmarks, company: Company
) -> tuple[Trigger, ...]:
    """Every §4 trigger, in a stable order."""
    cur = headcount.current
    automation_maturity = company.company.automation_maturity
    out: list[Trigger] = []
    books = csm_books(workload, benchmarks, company)

    for tier, key, unit in (
        (TIER_KEYS[0], "triggers.high_touch_accounts_per_csm",
         Msg("triggers.unit.high_touch_accounts")),
        (TIER_KEYS[1], "triggers.low_touch_accounts_per_csm",
         Msg("triggers.unit.low_touch_accounts")),
    ):
        role = CSM_ROLE_BY_TIER[tier]
        people = cur[str(role)]
        accounts = int(workload.tier_accounts[TIER_KEYS.index(tier)])
        measured = _per_person(accounts, people)
        threshold, s0, sources = csm_trigger(key, books[tier], benchmarks)
        fired = accounts > 0 and measured >= threshold
        description = (Msg("triggers.csm.description", tier=str(tier), threshold=_book(threshold))
                       if s0 is None else
                       Msg("triggers.csm.description_book", tier=str(tier),
                           threshold=_book(threshold), s0=s0))
        out.append(Trigger(
            key=key.removeprefix("triggers."), role=role, description=description,
            measured=measured, threshold=threshold, unit=unit, fired=fired, evaluable=True,
            message=Msg("triggers.csm.message", accounts=accounts, tier=str(tier),
                        holder=_holder(people, role), measured=measured,
                        threshold=_book(threshold)),
            sources=sources,
        ))

    key = "triggers.tech_touch_at_risk_per_csm"
    tech = books[Tier.TECH_TOUCH]
    at_risk_book = None if tech.value is None or not workload.tier_accounts[2] else \
        tech.value * workload.at_risk_tech_touch / workload.tier_accounts[2]
    threshold, s0, sources = csm_trigger(key, tech, benchmarks, at_risk_book)
    out.append(_load_trigger(
        key="tech_touch_health_capacity", role=Role.CSM_TECH_TOUCH, people=cur[Role.CSM_TECH_TOUCH],
        description=Msg("triggers.tech_touch.description") if s0 is None
        else Msg("triggers.tech_touch.description_book", s0=s0),
        load=workload.at_risk_tech_touch if workload.health_known else None,
        tickets=False, threshold=threshold,
        unit=Msg("triggers.unit.at_risk_tech_touch"), strictly_above=False,
        missing=Msg("triggers.tech_touch.missing"),
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
        description=Msg("triggers.implementation.description", threshold=threshold),
        measured=measured, threshold=threshold, unit=Msg("triggers.unit.backlog_months"),
        fired=backlog > 0 and measured >= threshold, evaluable=True,
        message=Msg("triggers.implementation.message", onboarding=int(workload.onboarding_active),
                    expected=float(workload.new_customers_per_year) / 4.0,
                    holder=_holder(people, role), monthly=monthly, measured=measured),
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
            description=Msg("triggers.support.description", threshold=threshold),
            load=workload.tickets_per_day if workload.tickets_known else None,
            tickets=True, threshold=threshold, unit=Msg("triggers.unit.tickets_per_engineer"),
            strictly_above=True, missing=Msg("triggers.support.missing"),
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
        description=Msg("triggers.cs_ops.description", threshold=threshold),
        measured=float(csms_now), threshold=threshold, unit=Msg("triggers.unit.csms_in_seat"),
        fired=ops_now == 0 and csms_now >= threshold, evaluable=True,
        message=Msg("triggers.cs_ops.message_mature", csms=csms_now, ops=ops_now)
        if automation_maturity == "mature"
        else Msg("triggers.cs_ops.message_early", csms=csms_now, ops=ops_now),
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
    description = Msg("triggers.renewals.description")
    unit = Msg("triggers.unit.desk_renewals")
    capacity = people * std
    desk = [t for t in TIER_KEYS if company.renewals[t] == "desk"]
    if not desk:
        owners = {str(t): _owner(str(t), company.renewals[t]) for t in TIER_KEYS}
        return Trigger(key="renewals_pipeline_exceeds_capacity", role=role, description=description,
                       measured=None, threshold=capacity, unit=unit, fired=False, evaluable=False,
                       message=Msg("triggers.renewals.no_desk", **owners), sources=sources)
    standard, complex_ = desk_renewals(WorkloadArrays.of(workload), company)
    pipeline = float(standard) + float(complex_)
    need = headcount.roles[role].workload_fte
    min_fte = benchmarks.value("capacity.min_fte_for_dedicated_role")
    return Trigger(
        key="renewals_pipeline_exceeds_capacity", role=role, description=description,
        measured=pipeline, threshold=capacity, unit=unit,
        fired=need >= min_fte and need > people, evaluable=True,
        message=Msg("triggers.renewals.message", pipeline=pipeline,
                    tiers=tuple(str(t) for t in desk), complex=float(complex_), need=need,
                    std=std, cpx=cpx, people=people),
        sources=sources,
    )


def _owner(tier: str, owner: str) -> Msg:
    """Who renews a tier's accounts when no desk does (``[renewals]``)."""
    if owner == "csm":
        return Msg("triggers.owner.csm", tier=tier)
    if owner == "automatic":
        return Msg("triggers.owner.automatic", tier=tier)
    if owner == "sales":
        return Msg("triggers.owner.sales", tier=tier)
    return Msg("triggers.owner.desk", tier=tier)
