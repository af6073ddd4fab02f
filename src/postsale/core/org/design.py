"""The rest of org design: model pros/cons/advice, the S2 architecture and intervention point,
handoffs with shared accountability, career paths and variable pay (DOMAIN.md §1, §2, §3, §7)."""

from __future__ import annotations

from typing import Any

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.org.chart import OrgChart
from postsale.keys import GrowthMotion, OrgModel, Role
from postsale.results import Headcount, OrgFit, PhaseDiagnosis

__all__ = ["MODEL_PROFILES", "architecture", "careers", "handoffs", "phase_step", "runner_up",
           "variable_pay"]

# The role whose workload triggers each S4 specialization step.
_PHASE_ROLE = {2: Role.SUPPORT_ENGINEER, 3: Role.RENEWALS_SPECIALIST,
               4: Role.IMPLEMENTATION_SPECIALIST}

MODEL_PROFILES: dict[OrgModel, dict[str, tuple[str, ...]]] = {
    OrgModel.GENERALIST: {
        "pros": ("simple", "clear ownership", "deep relationships", "no handoffs", "flexible",
                 "low overhead"),
        "cons": ("does not scale past 50–100 customers", "uneven quality", "burnout",
                 "cannot optimize stages", "needs unicorn hires"),
        "make_it_work": ("document per-stage playbooks", "share learnings across CSMs",
                         "watch for the moment to specialize, before burnout",
                         "treat it as a stepping stone"),
    },
    OrgModel.SPECIALIST: {
        "pros": ("expertise per stage", "per-stage optimization", "clear job specs and careers",
                 "efficient scale", "benchmarkable"),
        "cons": ("handoff friction", "customers feel passed around", "coordination overhead",
                 "lost big picture", "silos", "complex management"),
        "make_it_work": ("handoff protocols with shared accountability", "a unified customer view",
                         "cross-functional syncs", "occasional rotation",
                         "measure handoff success and satisfaction at transitions"),
    },
    OrgModel.POD: {
        "pros": ("balance of expertise and ownership", "segment optimization", "fewer handoffs",
                 "deep segment expertise", "adjustable pod composition"),
        "cons": ("pods compete for resources", "uneven workload", "shared-service coordination",
                 "hard standardization", "limited careers", "needs strong pod leads"),
        "make_it_work": ("clear segment boundaries and movement criteria", "cross-pod forums",
                         "shared playbooks with segment variants", "rotation between pods",
                         "strong functional leadership across pods (e.g. a Head of Onboarding)"),
    },
    OrgModel.GEOGRAPHIC: {
        "pros": ("time-zone alignment", "language and culture fit", "local knowledge",
                 "follow-the-sun coverage", "local compliance"),
        "cons": ("duplicated roles", "inconsistent experience", "cross-zone knowledge sharing",
                 "harder global optimization", "minimum scale per region",
                 "location-dependent cost"),
        "make_it_work": ("strong global playbooks", "rotating global sync times",
                         "one shared CS platform", "documented regional variants",
                         "global functional leads (Onboarding, Renewals) with regional execution"),
    },
}

_CAREERS: dict[Role, str] = {
    Role.CSM_HIGH_TOUCH: "CSM → Senior CSM → Team Lead → Manager → Director → VP CS",
    Role.CSM_LOW_TOUCH: "CSM → Senior CSM → Team Lead → Manager → Director → VP CS",
    Role.CSM_TECH_TOUCH: "CSM → Senior CSM → Team Lead → Manager → Director → VP CS",
    Role.IMPLEMENTATION_SPECIALIST: "Implementation Specialist → Senior Specialist → "
    "Implementation Manager → Director of Onboarding",
    Role.SUPPORT_ENGINEER: "Support Specialist → Senior Support Engineer → Team Lead → "
    "Support Manager → Director of Support",
    Role.CS_OPS: "CS Ops Analyst → CS Ops Manager → Director of CS Operations",
    Role.RENEWALS_SPECIALIST: "Renewals Specialist → Senior Specialist → Renewals Manager → "
    "Director of Renewals",
}


def runner_up(fit: OrgFit) -> dict[str, Any]:
    """The second-best model, its gap, and what would have to change for it to win: the reasons
    that cost it points, and the reasons that give the winner its lead."""
    ranked = sorted(fit.scores.items(), key=lambda kv: -kv[1])
    winner, best = fit.recommended, fit.scores[fit.recommended]
    second, score = next((m, s) for m, s in ranked if m != winner)
    holding_back = [str(r["why"]) for r in fit.reasons[second] if r.code == "fit.minus"]
    winner_edge = [str(r["why"]) for r in fit.reasons[winner] if r.code == "fit.plus"]
    change = [f"{second} would need this to change: {r}" for r in holding_back]
    change += [f"or {winner} would have to lose its edge: {r}" for r in winner_edge[:2]]
    return {"model": str(second), "score": score, "gap": best - score,
            "holding_back": holding_back, "winner_edge": winner_edge,
            "what_would_change": change or ["the scores are tied; either model fits"]}


def architecture(chart: OrgChart, company: Company, benchmarks: Benchmarks, *,
                 implementation_weeks: float, customers: int,
                 high_touch_arr_share: float) -> dict[str, Any]:
    """S2's four departments mapped onto the chart, the intervention point, and whether
    implementation should merge into the CSM role.

    The intervention point is never before the deal: S2 warns against over-extending CS
    ("不宜过度扩展"), so postsale never recommends CS taking over presales (DOMAIN.md §10.10); a
    complex, enterprise-heavy book gets CS at the deal's kickoff instead.
    """
    light_weeks = benchmarks.value("architecture.light_implementation_weeks")
    few = benchmarks.value("architecture.merge_below_customers")
    heavy = benchmarks.value("architecture.enterprise_heavy_arr_share")
    counts = chart.headcount
    departments = {
        "implementation_and_delivery": counts["implementation_specialist"] + counts["tam"],
        "customer_success": counts["csm_high_touch"] + counts["csm_low_touch"]
        + counts["csm_tech_touch"] + counts["renewals_specialist"],
        "operations_center": counts["cs_ops"],
        "service_support": counts["support_engineer"],
    }
    light = company.company.product_complexity == "low" or implementation_weeks <= light_weeks
    merge = light or customers < few
    merge_reasons = []
    if company.company.product_complexity == "low":
        merge_reasons.append("the product is light")
    if implementation_weeks <= light_weeks:
        merge_reasons.append(f"implementation is light ({implementation_weeks:.1f} weeks ≤ "
                             f"{light_weeks:g})")
    if customers < few:
        merge_reasons.append(f"few customers ({customers} < {few:g})")
    if (company.company.product_complexity == "high" and high_touch_arr_share >= heavy):
        point = "after_the_deal"
        why = (f"complex product and an enterprise-heavy book ({high_touch_arr_share:.0%} of ARR "
               f"high-touch, ≥ {heavy:.0%}): CS owns delivery from the deal's strategic kickoff; "
               "presales stays with sales (S2: do not over-extend CS)")
    elif departments["implementation_and_delivery"] > 0 or not merge:
        point = "after_the_deal"
        why = "CS owns delivery, service and renewal: implementation sits inside the CS system"
    else:
        point = "after_delivery"
        why = "delivery is light: CS takes over after go-live for service and renewal"
    return {
        "departments": departments,
        "intervention_point": point,
        "intervention_reason": why,
        "merge_implementation_into_csm": merge,
        "merge_reason": ("merge: " + ", ".join(merge_reasons)) if merge else
        ("keep implementation separate: a one-off project with acceptance as its boundary "
         "(use rights, risk and revenue recognition transfer there), unlike continuous service"),
    }


def handoffs(chart: OrgChart, company: Company) -> list[dict[str, Any]]:
    """Every handoff the chart creates, with owner, shared window, checklist and metric."""
    counts = chart.headcount
    csms = counts["csm_high_touch"] + counts["csm_low_touch"] + counts["csm_tech_touch"]
    out: list[dict[str, Any]] = []
    metric = "handoff success rate; customer satisfaction at the transition"
    if counts["implementation_specialist"]:
        out.append({"from": "sales", "to": "onboarding", "owner": "Implementation Specialist",
                    "shared_window": "signature to kickoff + 2 weeks (the account executive stays "
                    "on the thread)",
                    "checklist": ["goals and success criteria from the deal", "stakeholders and "
                                  "sponsor", "scope, integrations and data to migrate",
                                  "promises made in the sales cycle", "target go-live date"],
                    "metric": f"{metric}; time to first value"})
        out.append({"from": "onboarding", "to": "csm", "owner": "CSM",
                    "shared_window": "go-live − 2 weeks to go-live + 30 days",
                    "checklist": ["go-live acceptance signed", "adoption baseline and health "
                                  "score", "open issues and workarounds", "success plan with "
                                  "goals and next milestones", "joint handoff call with the "
                                  "customer"],
                    "metric": f"{metric}; onboarding-caused churn (one company traced 55% of "
                    "non-renewals to failed onboarding)"})
    elif csms:
        out.append({"from": "sales", "to": "csm", "owner": "CSM",
                    "shared_window": "signature to go-live",
                    "checklist": ["goals and success criteria from the deal", "stakeholders",
                                  "promises made in the sales cycle", "onboarding plan"],
                    "metric": metric})
    if counts["support_engineer"] and csms:
        out.append({"from": "csm", "to": "support", "owner": "Support Engineer (ticket) / CSM "
                    "(relationship)", "shared_window": "while any escalated ticket is open",
                    "checklist": ["one customer record both teams see", "escalation path and "
                                  "SLA", "CSM informed of high-severity tickets",
                                  "support feeds product feedback to CS"],
                    "metric": "resolution time; tickets per engineer per day; repeat contacts"})
    if counts["renewals_specialist"] and csms:
        out.append({"from": "csm", "to": "renewals", "owner": "Renewals Specialist",
                    "shared_window": "renewal date − 120 days to signature",
                    "checklist": ["health and adoption at −120 days", "risks and mitigation",
                                  "expansion opportunities", "pricing and packaging context",
                                  "procurement contacts"],
                    "metric": "gross renewal rate; forecast accuracy; on-time renewals"})
    if company.company.growth_motion in (GrowthMotion.SALES_LED, GrowthMotion.LAND_AND_EXPAND) \
            and csms:
        out.append({"from": "csm", "to": "account_management", "owner": "Account Manager "
                    "(commercial) / CSM (outcomes)", "shared_window": "from a qualified "
                    "expansion signal to close",
                    "checklist": ["expansion signal and evidence of value", "champion and "
                                  "economic buyer", "timing against the renewal",
                                  "CS credited for upsell generation"],
                    "metric": "upsell pipeline generated by CS; expansion win rate"})
    return out


def careers(chart: OrgChart) -> dict[str, str]:
    """Career path per role present in the chart (S0 §Core roles)."""
    counts = chart.headcount
    return {str(role): path for role, path in _CAREERS.items() if counts[str(role)]}


def variable_pay(benchmarks: Benchmarks) -> dict[str, Any]:
    """S4: CS variable pay is commonly 20–30% of salary, tied to MBOs."""
    low, high = benchmarks.band("pay.variable_share")
    return {"share_of_salary": [low, high],
            "tied_to": ["renewal rate (gross retention)", "upsell generation"],
            "note": "the commercial relationship often stays with sales/account management, while "
                    "CS is accountable for renewal rates and upsell generation",
            "sources": ["pay.variable_share"]}


def phase_step(phase: PhaseDiagnosis, headcount: Headcount) -> dict[str, Any]:
    """The S4 phase the company is in, the next step and the trigger behind it (the workload of
    the role the step creates, from the plan's formulas)."""
    # the architecture is a plain dict in the JSON: its texts are rendered here (active language)
    out: dict[str, Any] = {"number": phase.number, "name": str(phase.name),
                           "next_step": None if phase.next_step is None else str(phase.next_step),
                           "trigger": None}
    for step in range(phase.number + 1, 5):
        role = _PHASE_ROLE[step]
        requirement = headcount.roles[role]
        if requirement.required > 0:
            out["trigger"] = (f"{role}: {requirement.workload_fte:.2f} FTE of work "
                              f"({requirement.formula})")
            break
    if out["trigger"] is None and phase.number < 5:
        out["trigger"] = ("phase 5 (professional services and training) when customers ask for "
                          "paid services beyond onboarding — not measured from the book")
    return out
