"""The rest of org design: model pros/cons/advice, the S2 architecture and intervention point,
handoffs with shared accountability, career paths and variable pay (DOMAIN.md §1, §2, §3, §7)."""

from __future__ import annotations

from typing import Any

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.msg import Msg
from postsale.core.org.chart import OrgChart
from postsale.keys import GrowthMotion, OrgModel, Role
from postsale.results import Headcount, OrgFit, PhaseDiagnosis

__all__ = ["MODEL_PROFILES", "architecture", "careers", "handoffs", "phase_step", "runner_up",
           "variable_pay"]

# The role whose workload triggers each S4 specialization step.
_PHASE_ROLE = {2: Role.SUPPORT_ENGINEER, 3: Role.RENEWALS_SPECIALIST,
               4: Role.IMPLEMENTATION_SPECIALIST}

MODEL_PROFILES: dict[OrgModel, dict[str, tuple[Msg, ...]]] = {
    OrgModel.GENERALIST: {
        "pros": (Msg("org.profile.simple"), Msg("org.profile.clear_ownership"),
                 Msg("org.profile.deep_relationships"), Msg("org.profile.no_handoffs"),
                 Msg("org.profile.flexible"), Msg("org.profile.low_overhead")),
        "cons": (Msg("org.profile.does_not_scale"), Msg("org.profile.uneven_quality"),
                 Msg("org.profile.burnout"), Msg("org.profile.cannot_optimize_stages"),
                 Msg("org.profile.unicorn_hires")),
        "make_it_work": (Msg("org.profile.stage_playbooks"), Msg("org.profile.share_learnings"),
                         Msg("org.profile.specialize_before_burnout"),
                         Msg("org.profile.stepping_stone")),
    },
    OrgModel.SPECIALIST: {
        "pros": (Msg("org.profile.stage_expertise"), Msg("org.profile.stage_optimization"),
                 Msg("org.profile.clear_job_specs"), Msg("org.profile.efficient_scale"),
                 Msg("org.profile.benchmarkable")),
        "cons": (Msg("org.profile.handoff_friction"), Msg("org.profile.passed_around"),
                 Msg("org.profile.coordination_overhead"), Msg("org.profile.lost_big_picture"),
                 Msg("org.profile.silos"), Msg("org.profile.complex_management")),
        "make_it_work": (Msg("org.profile.handoff_protocols"), Msg("org.profile.unified_view"),
                         Msg("org.profile.cross_functional_syncs"),
                         Msg("org.profile.occasional_rotation"),
                         Msg("org.profile.measure_handoffs")),
    },
    OrgModel.POD: {
        "pros": (Msg("org.profile.expertise_and_ownership"),
                 Msg("org.profile.segment_optimization"), Msg("org.profile.fewer_handoffs"),
                 Msg("org.profile.segment_expertise"), Msg("org.profile.adjustable_pods")),
        "cons": (Msg("org.profile.pods_compete"), Msg("org.profile.uneven_workload"),
                 Msg("org.profile.shared_service_coordination"),
                 Msg("org.profile.hard_standardization"), Msg("org.profile.limited_careers"),
                 Msg("org.profile.strong_pod_leads")),
        "make_it_work": (Msg("org.profile.segment_boundaries"), Msg("org.profile.cross_pod_forums"),
                         Msg("org.profile.segment_playbooks"), Msg("org.profile.pod_rotation"),
                         Msg("org.profile.functional_leadership")),
    },
    OrgModel.GEOGRAPHIC: {
        "pros": (Msg("org.profile.time_zone_alignment"), Msg("org.profile.language_fit"),
                 Msg("org.profile.local_knowledge"), Msg("org.profile.follow_the_sun"),
                 Msg("org.profile.local_compliance")),
        "cons": (Msg("org.profile.duplicated_roles"), Msg("org.profile.inconsistent_experience"),
                 Msg("org.profile.cross_zone_sharing"), Msg("org.profile.global_optimization"),
                 Msg("org.profile.minimum_scale"), Msg("org.profile.location_cost")),
        "make_it_work": (Msg("org.profile.global_playbooks"), Msg("org.profile.rotating_syncs"),
                         Msg("org.profile.shared_platform"), Msg("org.profile.regional_variants"),
                         Msg("org.profile.global_functional_leads")),
    },
}

_CSM_PATH = Msg("org.career.csm")
_CAREERS: dict[Role, Msg] = {
    Role.CSM_HIGH_TOUCH: _CSM_PATH,
    Role.CSM_LOW_TOUCH: _CSM_PATH,
    Role.CSM_TECH_TOUCH: _CSM_PATH,
    Role.IMPLEMENTATION_SPECIALIST: Msg("org.career.implementation"),
    Role.SUPPORT_ENGINEER: Msg("org.career.support"),
    Role.CS_OPS: Msg("org.career.cs_ops"),
    Role.RENEWALS_SPECIALIST: Msg("org.career.renewals"),
}


def runner_up(fit: OrgFit) -> dict[str, Any]:
    """The second-best model, its gap, and what would have to change for it to win: the reasons
    that cost it points, and the reasons that give the winner its lead."""
    ranked = sorted(fit.scores.items(), key=lambda kv: -kv[1])
    winner, best = fit.recommended, fit.scores[fit.recommended]
    second, score = next((m, s) for m, s in ranked if m != winner)
    holding_back = [r["why"] for r in fit.reasons[second] if r.code == "fit.minus"]
    winner_edge = [r["why"] for r in fit.reasons[winner] if r.code == "fit.plus"]
    change = [Msg("org.runner_up.needs", model=str(second), reason=r) for r in holding_back]
    change += [Msg("org.runner_up.edge", model=str(winner), reason=r) for r in winner_edge[:2]]
    return {"model": str(second), "score": score, "gap": best - score,
            "holding_back": holding_back, "winner_edge": winner_edge,
            "what_would_change": change or [Msg("org.runner_up.tied")]}


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
    merge_reasons: list[Msg] = []
    if company.company.product_complexity == "low":
        merge_reasons.append(Msg("org.arch.light_product"))
    if implementation_weeks <= light_weeks:
        merge_reasons.append(Msg("org.arch.light_implementation", weeks=implementation_weeks,
                                 limit=light_weeks))
    if customers < few:
        merge_reasons.append(Msg("org.arch.few_customers", customers=customers, limit=few))
    if (company.company.product_complexity == "high" and high_touch_arr_share >= heavy):
        point = "after_the_deal"
        why = Msg("org.arch.enterprise_heavy", share=high_touch_arr_share, limit=heavy)
    elif departments["implementation_and_delivery"] > 0 or not merge:
        point = "after_the_deal"
        why = Msg("org.arch.cs_owns_delivery")
    else:
        point = "after_delivery"
        why = Msg("org.arch.light_delivery")
    return {
        "departments": departments,
        "intervention_point": point,
        "intervention_reason": why,
        "merge_implementation_into_csm": merge,
        "merge_reason": Msg("org.arch.merge", reasons=_commas(merge_reasons)) if merge
        else Msg("org.arch.keep_separate"),
    }


def _commas(items: list[Msg]) -> Msg:
    """``a, b, c`` as nested messages (the catalogs' list join would say "a, b and c")."""
    out = items[-1]
    for item in reversed(items[:-1]):
        out = Msg("org.arch.comma", first=item, rest=out)
    return out


def handoffs(chart: OrgChart, company: Company) -> list[dict[str, Any]]:
    """Every handoff the chart creates, with owner, shared window, checklist and metric."""
    counts = chart.headcount
    csms = counts["csm_high_touch"] + counts["csm_low_touch"] + counts["csm_tech_touch"]
    out: list[dict[str, Any]] = []
    csm = Msg("org.handoff.owner.csm")
    if counts["implementation_specialist"]:
        out.append({"from": "sales", "to": "onboarding",
                    "owner": Msg("org.handoff.owner.implementation"),
                    "shared_window": Msg("org.handoff.window.sales_onboarding"),
                    "checklist": [Msg("org.handoff.check.goals"),
                                  Msg("org.handoff.check.stakeholders_sponsor"),
                                  Msg("org.handoff.check.scope"), Msg("org.handoff.check.promises"),
                                  Msg("org.handoff.check.go_live_date")],
                    "metric": Msg("org.handoff.metric.first_value")})
        out.append({"from": "onboarding", "to": "csm", "owner": csm,
                    "shared_window": Msg("org.handoff.window.onboarding_csm"),
                    "checklist": [Msg("org.handoff.check.acceptance"),
                                  Msg("org.handoff.check.adoption_baseline"),
                                  Msg("org.handoff.check.open_issues"),
                                  Msg("org.handoff.check.success_plan"),
                                  Msg("org.handoff.check.joint_call")],
                    "metric": Msg("org.handoff.metric.onboarding_churn")})
    elif csms:
        out.append({"from": "sales", "to": "csm", "owner": csm,
                    "shared_window": Msg("org.handoff.window.sales_csm"),
                    "checklist": [Msg("org.handoff.check.goals"),
                                  Msg("org.handoff.check.stakeholders"),
                                  Msg("org.handoff.check.promises"),
                                  Msg("org.handoff.check.onboarding_plan")],
                    "metric": Msg("org.handoff.metric.handoff")})
    if counts["support_engineer"] and csms:
        out.append({"from": "csm", "to": "support", "owner": Msg("org.handoff.owner.support"),
                    "shared_window": Msg("org.handoff.window.support"),
                    "checklist": [Msg("org.handoff.check.one_record"),
                                  Msg("org.handoff.check.escalation"),
                                  Msg("org.handoff.check.severity"),
                                  Msg("org.handoff.check.product_feedback")],
                    "metric": Msg("org.handoff.metric.support")})
    if counts["renewals_specialist"] and csms:
        out.append({"from": "csm", "to": "renewals", "owner": Msg("org.handoff.owner.renewals"),
                    "shared_window": Msg("org.handoff.window.renewals"),
                    "checklist": [Msg("org.handoff.check.health_120"),
                                  Msg("org.handoff.check.risks"),
                                  Msg("org.handoff.check.expansion_opportunities"),
                                  Msg("org.handoff.check.pricing"),
                                  Msg("org.handoff.check.procurement")],
                    "metric": Msg("org.handoff.metric.renewals")})
    if company.company.growth_motion in (GrowthMotion.SALES_LED, GrowthMotion.LAND_AND_EXPAND) \
            and csms:
        out.append({"from": "csm", "to": "account_management",
                    "owner": Msg("org.handoff.owner.account_manager"),
                    "shared_window": Msg("org.handoff.window.expansion"),
                    "checklist": [Msg("org.handoff.check.expansion_signal"),
                                  Msg("org.handoff.check.champion"),
                                  Msg("org.handoff.check.timing"),
                                  Msg("org.handoff.check.upsell_credit")],
                    "metric": Msg("org.handoff.metric.expansion")})
    return out


def careers(chart: OrgChart) -> dict[str, Msg]:
    """Career path per role present in the chart (S0 §Core roles)."""
    counts = chart.headcount
    return {str(role): path for role, path in _CAREERS.items() if counts[str(role)]}


def variable_pay(benchmarks: Benchmarks) -> dict[str, Any]:
    """S4: CS variable pay is commonly 20–30% of salary, tied to MBOs."""
    low, high = benchmarks.band("pay.variable_share")
    return {"share_of_salary": [low, high],
            "tied_to": [Msg("org.pay.renewal_rate"), Msg("org.pay.upsell")],
            "note": Msg("org.pay.note"),
            "sources": ["pay.variable_share"]}


def phase_step(phase: PhaseDiagnosis, headcount: Headcount) -> dict[str, Any]:
    """The S4 phase the company is in, the next step and the trigger behind it (the workload of
    the role the step creates, from the plan's formulas)."""
    # messages inside the architecture dict render in the JSON's language (results_tree)
    out: dict[str, Any] = {"number": phase.number, "name": phase.name,
                           "next_step": phase.next_step, "trigger": None}
    for step in range(phase.number + 1, 5):
        role = _PHASE_ROLE[step]
        requirement = headcount.roles[role]
        if requirement.required > 0:
            out["trigger"] = Msg("org.phase.trigger", role=str(role),
                                 fte=requirement.workload_fte, formula=requirement.formula)
            break
    if out["trigger"] is None and phase.number < 5:
        out["trigger"] = Msg("org.phase.services")
    return out
