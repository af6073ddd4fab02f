"""Leadership layers from spans of control (S0 §CS leadership): team leads, managers, a director
or a VP with directors, and a CCO by scope — the one rule the plan, the org charts and the
projection apply to their people counts (``capacity.role_counts`` evaluates it per distinct
combination)."""

from __future__ import annotations

import math

from postsale.core.benchmarks import Benchmarks
from postsale.keys import Role

__all__ = ["leadership"]


def leadership(
    ics: int, csms: int, customers: int, functions: int, benchmarks: Benchmarks
) -> dict[Role, tuple[int, str]]:
    """Leadership layers from spans of control (S0 §CS leadership).

    ≤ 3 people: no dedicated leader (stage 1: founders lead). ≤ 10: one Head of CS at manager level.
    Above: team leads over CSM groups (3–5 each) once CSMs outgrow one manager, managers over 2–3
    team leads or 5–10 other specialists, a director head while there are ≤ 4 managers and ≤ 30
    people, otherwise a VP with directors over 2–4 managers each; a CCO over CS, Support, Onboarding
    and PS from 1,000 customers and 50 people across three or more functions.
    """
    out: dict[Role, tuple[int, str]] = {}
    span_tl = benchmarks.value("spans.team_lead")
    span_mgr = benchmarks.value("spans.manager")
    span_max = benchmarks.value("spans.manager_max")
    mgr_tls = benchmarks.value("spans.manager_team_leads")
    dir_mgrs = benchmarks.value("spans.director_managers")
    dir_max = benchmarks.value("spans.director_max_managers")
    dir_people = benchmarks.value("spans.director_people")
    founders = benchmarks.value("stages.people_max.1")

    if ics <= founders:
        why = f"{ics} people ≤ {founders:g}: no dedicated CS leader yet (stage 1, founder-led)"
        return dict.fromkeys((Role.TEAM_LEAD, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.CCO), (0, why))
    if ics <= span_max:
        why = f"{ics} people ≤ span {span_max:g}: one Head of CS at manager level leads them directly"
        out[Role.MANAGER] = (1, why)
        out[Role.TEAM_LEAD] = (0, f"{csms} CSMs fit one leader's span of {span_max:g}")
        out[Role.DIRECTOR] = (0, "no management layer below the head yet")
        out[Role.VP] = (0, f"{ics} people ≤ {dir_people:g}")
    else:
        # S0: managers lead 5–10 CSMs directly; player-coach team leads (3–5 CSMs, carrying part
        # of a book) are the layer of large CSM teams, from spans.team_leads_from_csms
        tl_from = benchmarks.value("spans.team_leads_from_csms")
        team_leads = math.ceil(csms / span_tl) if csms > tl_from else 0
        others = ics - csms
        managers = math.ceil(team_leads / mgr_tls) + math.ceil(others / span_mgr) if team_leads \
            else math.ceil(ics / span_mgr)
        directors = math.ceil(managers / dir_mgrs) if managers > dir_max else 0
        head_is_vp = ics > dir_people or directors > 0
        out[Role.TEAM_LEAD] = (
            team_leads,
            f"ceil({csms} CSMs ÷ {span_tl:g}) = {team_leads}" if team_leads
            else f"{csms} CSMs ≤ {tl_from:g}: managers lead the CSMs directly (5–10 each)",
        )
        out[Role.MANAGER] = (
            managers,
            f"ceil({team_leads} team leads ÷ {mgr_tls:g}) + ceil({others} specialists ÷ {span_mgr:g})"
            f" = {managers}" if team_leads else f"ceil({ics} people ÷ {span_mgr:g}) = {managers}",
        )
        # S0: a director leads 15–30 people or 2–4 managers; below both, the Head of CS is one of
        # the managers (no director layer for a team of 11)
        dir_from = benchmarks.band("spans.director_people")[0]
        head_is_manager = not head_is_vp and managers <= 2 and ics < dir_from
        dir_count = directors if head_is_vp else (0 if head_is_manager else 1)
        out[Role.DIRECTOR] = (
            dir_count,
            (f"ceil({managers} managers ÷ {dir_mgrs:g}) = {directors} directors under the VP"
             if directors else f"{managers} managers report to the VP directly")
            if head_is_vp
            else (f"{ics} people < {dir_from:g} and {managers} managers: the Head of CS is one "
                  "of the managers, no director layer yet") if head_is_manager
            else f"{managers} managers ≤ {dir_max:g} and {ics} people ≤ {dir_people:g}: "
            "the Head of CS is a director",
        )
        vp_max = benchmarks.value("spans.vp_max_directors")
        vps = math.ceil(directors / vp_max) if head_is_vp and directors > vp_max else (
            1 if head_is_vp else 0)
        out[Role.VP] = (
            vps,
            (f"ceil({directors} directors ÷ {vp_max:g} per VP) = {vps} VPs under a CCO" if vps > 1
             else f"{ics} people > {dir_people:g} or more than {dir_max:g} managers: a VP of CS "
             "heads the org")
            if head_is_vp else f"{ics} people ≤ {dir_people:g}: no VP layer yet",
        )
    cco_customers = benchmarks.value("spans.cco_min_customers")
    cco_people = benchmarks.value("spans.cco_min_people")
    min_functions = benchmarks.value("spans.cco_min_functions")
    several_vps = out[Role.VP][0] > 1
    cco = several_vps or (customers >= cco_customers and ics >= cco_people
                          and functions >= min_functions)
    out[Role.CCO] = (
        1 if cco else 0,
        f"{customers:,} customers ≥ {cco_customers:g}, {ics} people ≥ {cco_people:g}, "
        f"{functions} post-sale functions: a CCO unifies CS, Support, Onboarding and PS"
        + (f" ({out[Role.VP][0]} VPs need one leader)" if several_vps else "")
        if cco else
        f"CCO needs ≥ {cco_customers:g} customers, ≥ {cco_people:g} people and 3+ functions "
        f"(have {customers}, {ics}, {functions})",
    )
    return out
