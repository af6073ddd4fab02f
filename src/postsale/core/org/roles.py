"""Role-based charts: the specialist model (S0 model 2) and the generalist model (S0 model 1).

Both realise the leadership counts of ``capacity.leadership`` with ``layers.arrange_counts``, so
when either is recommended its chart holds exactly the plan's headcount.

* Specialist: Onboarding (implementation specialists), CS by tier, Renewals, Support, CS Ops — the
  plan's role-based requirement as it stands.
* Generalist: each CSM owns the whole lifecycle end to end, so the onboarding and renewals workload
  is carried by CSMs instead of specialists (S0: "shared Support, maybe 1 Ops").
"""

from __future__ import annotations

import math

from postsale.core.capacity import leadership
from postsale.core.org.chart import OrgChart, Unit
from postsale.core.org.inputs import OrgInputs
from postsale.core.org.layers import ChartBuilder, arrange_counts
from postsale.keys import CSM_ROLE_BY_TIER, LEADERSHIP_ROLES, TIER_KEYS, OrgModel, Role, Tier

__all__ = ["build_generalist", "build_specialist", "compare_headcount"]

_FUNCTION = {
    Role.IMPLEMENTATION_SPECIALIST: "Onboarding",
    Role.SUPPORT_ENGINEER: "Support",
    Role.RENEWALS_SPECIALIST: "Renewals",
    Role.CS_OPS: "CS Operations",
    Role.TAM: "Technical Account Management",
}
_TIER_UNIT = {Tier.HIGH_TOUCH: "CS — high touch", Tier.LOW_TOUCH: "CS — low touch",
              Tier.TECH_TOUCH: "CS — tech touch"}


def compare_headcount(chart_counts: dict[str, int], plan_counts: dict[str, int],
                      reasons: dict[str, str]) -> tuple[str, ...]:
    """'+2 tam: …' lines for every role whose count differs from the plan's."""
    out = []
    for role, count in chart_counts.items():
        if role == "total":
            continue
        delta = count - plan_counts.get(role, 0)
        if delta:
            out.append(f"{delta:+d} {role}: {reasons.get(role, 'leadership placed for this shape')}")
    total = chart_counts["total"] - plan_counts.get("total", 0)
    out.append(f"total {chart_counts['total']} ({total:+d} vs the role-based plan)" if total
               else f"total {chart_counts['total']}, the same as the role-based plan")
    return tuple(out)


def _csm_seats(b: ChartBuilder, inputs: OrgInputs, counts: dict[Tier, int],
               generalist: bool) -> list[str]:
    """One group of CSM seats per tier, splitting the tier's accounts between them."""
    seats = []
    for i, tier in enumerate(TIER_KEYS):
        seats += b.group(CSM_ROLE_BY_TIER[tier], _TIER_UNIT[tier], counts[tier], tier=tier,
                         accounts=inputs.workload.tier_accounts[i],
                         title=("Generalist CSM (end to end), " if generalist else "")
                         + {Tier.HIGH_TOUCH: "Enterprise CSM (high touch)",
                            Tier.LOW_TOUCH: "CSM (low touch)",
                            Tier.TECH_TOUCH: "Scaled CSM (tech touch)"}[tier])
    return seats


def _units(inputs: OrgInputs, counts: dict[Role, int]) -> list[Unit]:
    units = []
    for i, tier in enumerate(TIER_KEYS):
        role = CSM_ROLE_BY_TIER[tier]
        if counts.get(role, 0):
            units.append(Unit(name=_TIER_UNIT[tier], kind="function",
                              accounts=inputs.workload.tier_accounts[i],
                              arr=inputs.workload.tier_arr[i], positions=counts[role],
                              detail=f"{counts[role]} CSMs for {inputs.workload.tier_accounts[i]} "
                              f"{tier} accounts"))
    for role, name in _FUNCTION.items():
        if counts.get(role, 0):
            units.append(Unit(name=name, kind="shared", accounts=inputs.workload.customers,
                              arr=inputs.workload.arr, positions=counts[role],
                              detail=f"{counts[role]} {role} serving every account"))
    return units


def build_specialist(inputs: OrgInputs) -> OrgChart:
    """The role-based organization: exactly the plan's requirement, arranged by function."""
    b = ChartBuilder(inputs.benchmarks)
    csms = _csm_seats(b, inputs, {t: inputs.required(CSM_ROLE_BY_TIER[t]) for t in TIER_KEYS},
                      generalist=False)
    others = [i for role in _FUNCTION for i in b.group(role, _FUNCTION[role], inputs.required(role))]
    counts = {r: inputs.required(r) for r in LEADERSHIP_ROLES}
    arrange_counts(b, csms, others, counts)
    chart = b.freeze(OrgModel.SPECIALIST, _units(inputs, {r: inputs.required(r)
                                                          for r in inputs.base.roles}))
    return chart.with_differences(compare_headcount(
        chart.headcount, inputs.base.required, {}))


def build_generalist(inputs: OrgInputs) -> OrgChart:
    """Every CSM end to end: onboarding and renewals workload moves into CSM seats."""
    min_fte = inputs.benchmarks.value("capacity.min_fte_for_dedicated_role")
    absorbed = inputs.fte(Role.IMPLEMENTATION_SPECIALIST) + inputs.fte(Role.RENEWALS_SPECIALIST)
    extra = math.ceil(absorbed - 1e-9) if absorbed >= min_fte else 0
    per_tier = {t: inputs.required(CSM_ROLE_BY_TIER[t]) for t in TIER_KEYS}
    if extra:
        # The extra end-to-end capacity joins the human-touch tier with the most CSM workload.
        human = max((Tier.HIGH_TOUCH, Tier.LOW_TOUCH),
                    key=lambda t: inputs.fte(CSM_ROLE_BY_TIER[t]))
        per_tier[human] += extra
    b = ChartBuilder(inputs.benchmarks)
    csms = _csm_seats(b, inputs, per_tier, generalist=True)
    others = [i for role in (Role.SUPPORT_ENGINEER, Role.CS_OPS)
              for i in b.group(role, _FUNCTION[role], inputs.required(role))]
    ics = b.size(csms) + b.size(others)
    csm_count = b.size(csms)
    functions = (1 if csm_count else 0) + (1 if inputs.required(Role.SUPPORT_ENGINEER) else 0)
    lead = leadership(ics, csm_count, inputs.workload.customers, functions, inputs.benchmarks)
    arrange_counts(b, csms, others, {r: n for r, (n, _) in lead.items()})
    counts: dict[Role, int] = {CSM_ROLE_BY_TIER[t]: per_tier[t] for t in TIER_KEYS}
    counts[Role.SUPPORT_ENGINEER] = inputs.required(Role.SUPPORT_ENGINEER)
    counts[Role.CS_OPS] = inputs.required(Role.CS_OPS)
    chart = b.freeze(OrgModel.GENERALIST, _units(inputs, counts))
    reasons = {
        "implementation_specialist": "onboarding is done end to end by CSMs",
        "renewals_specialist": "renewals are run end to end by CSMs",
    }
    for tier in TIER_KEYS:
        reasons[str(CSM_ROLE_BY_TIER[tier])] = (
            f"CSMs absorb {absorbed:.2f} FTE of onboarding and renewals work")
    return chart.with_differences(compare_headcount(
        chart.headcount, inputs.base.required, reasons))
