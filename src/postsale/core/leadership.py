"""Leadership layers from spans of control (S0 §CS leadership): team leads, managers, a director
or a VP with directors, and a CCO by scope — the one rule the plan, the org charts and the
projection apply to their people counts (``capacity.role_counts`` evaluates it per distinct
combination)."""

from __future__ import annotations

import math

from postsale.core.benchmarks import Benchmarks
from postsale.core.msg import Msg
from postsale.keys import Role

__all__ = ["leadership"]


def leadership(
    ics: int, csms: int, customers: int, functions: int, benchmarks: Benchmarks
) -> dict[Role, tuple[int, Msg]]:
    """Leadership layers from spans of control (S0 §CS leadership).

    ≤ 3 people: no dedicated leader (stage 1: founders lead). ≤ 10: one Head of CS at manager level.
    Above: team leads over CSM groups (3–5 each) once CSMs outgrow one manager, managers over 2–3
    team leads or 5–10 other specialists, a director head while there are ≤ 4 managers and ≤ 30
    people, otherwise a VP with directors over 2–4 managers each; a CCO over CS, Support, Onboarding
    and PS from 1,000 customers and 50 people across three or more functions. Each count comes
    with the reason behind it, as a message with the figures in effect.
    """
    out: dict[Role, tuple[int, Msg]] = {}
    span_tl = benchmarks.value("spans.team_lead")
    span_mgr = benchmarks.value("spans.manager")
    span_max = benchmarks.value("spans.manager_max")
    mgr_tls = benchmarks.value("spans.manager_team_leads")
    dir_mgrs = benchmarks.value("spans.director_managers")
    dir_max = benchmarks.value("spans.director_max_managers")
    dir_people = benchmarks.value("spans.director_people")
    founders = benchmarks.value("stages.people_max.1")

    if ics <= founders:
        why = Msg("leadership.founder_led", ics=ics, founders=founders)
        return dict.fromkeys((Role.TEAM_LEAD, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.CCO), (0, why))
    if ics <= span_max:
        out[Role.MANAGER] = (1, Msg("leadership.head_is_manager", ics=ics, span=span_max))
        out[Role.TEAM_LEAD] = (0, Msg("leadership.one_span", csms=csms, span=span_max))
        out[Role.DIRECTOR] = (0, Msg("leadership.no_management_layer"))
        out[Role.VP] = (0, Msg("leadership.vp_small", ics=ics, people=dir_people))
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
            Msg("leadership.team_leads", csms=csms, span=span_tl, team_leads=team_leads)
            if team_leads else Msg("leadership.no_team_leads", csms=csms, threshold=tl_from),
        )
        out[Role.MANAGER] = (
            managers,
            Msg("leadership.managers_over_team_leads", team_leads=team_leads, per=mgr_tls,
                others=others, span=span_mgr, managers=managers) if team_leads
            else Msg("leadership.managers", ics=ics, span=span_mgr, managers=managers),
        )
        # S0: a director leads 15–30 people or 2–4 managers; below both, the Head of CS is one of
        # the managers (no director layer for a team of 11)
        dir_from = benchmarks.band("spans.director_people")[0]
        head_is_manager = not head_is_vp and managers <= 2 and ics < dir_from
        dir_count = directors if head_is_vp else (0 if head_is_manager else 1)
        out[Role.DIRECTOR] = (
            dir_count,
            (Msg("leadership.directors", managers=managers, per=dir_mgrs, directors=directors)
             if directors else Msg("leadership.managers_report_to_vp", managers=managers))
            if head_is_vp
            else Msg("leadership.head_among_managers", ics=ics, threshold=dir_from,
                     managers=managers) if head_is_manager
            else Msg("leadership.head_is_director", managers=managers, max_managers=dir_max,
                     ics=ics, people=dir_people),
        )
        vp_max = benchmarks.value("spans.vp_max_directors")
        vps = math.ceil(directors / vp_max) if head_is_vp and directors > vp_max else (
            1 if head_is_vp else 0)
        out[Role.VP] = (
            vps,
            (Msg("leadership.vps", directors=directors, per=vp_max, vps=vps) if vps > 1
             else Msg("leadership.vp_heads", ics=ics, people=dir_people, max_managers=dir_max))
            if head_is_vp else Msg("leadership.no_vp", ics=ics, people=dir_people),
        )
    cco_customers = benchmarks.value("spans.cco_min_customers")
    cco_people = benchmarks.value("spans.cco_min_people")
    min_functions = benchmarks.value("spans.cco_min_functions")
    several_vps = out[Role.VP][0] > 1
    cco = several_vps or (customers >= cco_customers and ics >= cco_people
                          and functions >= min_functions)
    out[Role.CCO] = (
        1 if cco else 0,
        (Msg("leadership.cco_vps", customers=customers, min_customers=cco_customers, ics=ics,
             min_people=cco_people, functions=functions, vps=out[Role.VP][0]) if several_vps
         else Msg("leadership.cco", customers=customers, min_customers=cco_customers, ics=ics,
                  min_people=cco_people, functions=functions))
        if cco else
        Msg("leadership.no_cco", min_customers=cco_customers, min_people=cco_people,
            customers=customers, ics=ics, functions=functions),
    )
    return out
