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
from postsale.core.msg import Msg
from postsale.core.org.chart import OrgChart, Unit
from postsale.core.org.inputs import OrgInputs
from postsale.core.org.layers import ChartBuilder, arrange_counts, key_name, signed
from postsale.keys import CSM_ROLE_BY_TIER, LEADERSHIP_ROLES, TIER_KEYS, OrgModel, Role, Tier

__all__ = ["build_generalist", "build_specialist", "compare_headcount"]

# unit key (the function's role) → its name
_FUNCTION: dict[Role, Msg] = {
    Role.IMPLEMENTATION_SPECIALIST: Msg("org_chart.unit.onboarding"),
    Role.SUPPORT_ENGINEER: Msg("org_chart.unit.support"),
    Role.RENEWALS_SPECIALIST: Msg("org_chart.unit.renewals"),
    Role.CS_OPS: Msg("org_chart.unit.cs_ops"),
    Role.TAM: Msg("org_chart.unit.tam"),
}
# unit key (the tier) → its name
_TIER_UNIT: dict[Tier, Msg] = {Tier.HIGH_TOUCH: Msg("org_chart.unit.cs_high_touch"),
                               Tier.LOW_TOUCH: Msg("org_chart.unit.cs_low_touch"),
                               Tier.TECH_TOUCH: Msg("org_chart.unit.cs_tech_touch")}
_PLACED = Msg("org_chart.reason.leadership_placed")


def compare_headcount(chart_counts: dict[str, int], plan_counts: dict[str, int],
                      reasons: dict[str, Msg]) -> tuple[tuple[Msg, ...], dict[str, Msg]]:
    """'+2 tam: …' lines for every role whose count differs from the plan's, and the reason for
    each such role (the plan's formulas read them as data)."""
    out = []
    why: dict[str, Msg] = {}
    for role, count in chart_counts.items():
        if role == "total":
            continue
        delta = count - plan_counts.get(role, 0)
        if delta:
            why[role] = reasons.get(role, _PLACED)
            out.append(Msg("org_chart.diff.role", delta=signed(delta), role=role, role_name=key_name(role),
                           reason=why[role]))
    total = chart_counts["total"] - plan_counts.get("total", 0)
    out.append(Msg("org_chart.diff.total", total=chart_counts["total"], delta=signed(total)) if total
               else Msg("org_chart.diff.total_same", total=chart_counts["total"]))
    return tuple(out), why


def _csm_seats(b: ChartBuilder, inputs: OrgInputs, counts: dict[Tier, int],
               generalist: bool) -> list[str]:
    """One group of CSM seats per tier, splitting the tier's accounts between them."""
    seats = []
    for i, tier in enumerate(TIER_KEYS):
        role = CSM_ROLE_BY_TIER[tier]
        title = _CSM_TITLE[tier]
        seats += b.group(role, b.name(str(tier), _TIER_UNIT[tier]), counts[tier], tier=tier,
                         accounts=inputs.workload.tier_accounts[i],
                         title=Msg("org_chart.title.generalist", title=title) if generalist
                         else title)
    return seats


_CSM_TITLE = {Tier.HIGH_TOUCH: Msg("org_chart.title.csm_high_touch"),
              Tier.LOW_TOUCH: Msg("org_chart.title.csm_low_touch"),
              Tier.TECH_TOUCH: Msg("org_chart.title.csm_tech_touch")}


def _units(inputs: OrgInputs, counts: dict[Role, int]) -> list[Unit]:
    units = []
    for i, tier in enumerate(TIER_KEYS):
        role = CSM_ROLE_BY_TIER[tier]
        if counts.get(role, 0):
            units.append(Unit(name=_TIER_UNIT[tier], kind="function", key=str(tier),
                              accounts=inputs.workload.tier_accounts[i],
                              arr=inputs.workload.tier_arr[i], positions=counts[role],
                              detail=Msg("org_chart.detail.tier", csms=counts[role],
                                         accounts=inputs.workload.tier_accounts[i], tier=str(tier),
                                         tier_name=key_name(tier))))
    for role, name in _FUNCTION.items():
        if counts.get(role, 0):
            units.append(Unit(name=name, kind="shared", key=str(role),
                              accounts=inputs.workload.customers,
                              arr=inputs.workload.arr, positions=counts[role],
                              detail=Msg("org_chart.detail.function", seats=counts[role],
                                         role=role, role_name=key_name(role))))
    return units


def build_specialist(inputs: OrgInputs) -> OrgChart:
    """The role-based organization: exactly the plan's requirement, arranged by function."""
    b = ChartBuilder(inputs.benchmarks)
    csms = _csm_seats(b, inputs, {t: inputs.required(CSM_ROLE_BY_TIER[t]) for t in TIER_KEYS},
                      generalist=False)
    others = [i for role in _FUNCTION
              for i in b.group(role, b.name(str(role), _FUNCTION[role]), inputs.required(role))]
    counts = {r: inputs.required(r) for r in LEADERSHIP_ROLES}
    arrange_counts(b, csms, others, counts)
    chart = b.freeze(OrgModel.SPECIALIST, _units(inputs, {r: inputs.required(r)
                                                          for r in inputs.base.roles}))
    return chart.with_differences(*compare_headcount(
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
              for i in b.group(role, b.name(str(role), _FUNCTION[role]), inputs.required(role))]
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
        "implementation_specialist": Msg("org_chart.reason.onboarding_by_csms"),
        "renewals_specialist": Msg("org_chart.reason.renewals_by_csms"),
    }
    for tier in TIER_KEYS:
        reasons[str(CSM_ROLE_BY_TIER[tier])] = Msg("org_chart.reason.csms_absorb", fte=absorbed)
    return chart.with_differences(*compare_headcount(
        chart.headcount, inputs.base.required, reasons))
