"""The pod model (S0 model 3): cross-functional mini-companies per segment.

Pod shapes from S0: an enterprise pod has 3 enterprise CSMs, 1 implementation specialist and 1
TAM; a mid-market pod 5 CSMs and 2 implementation specialists; an SMB pod 3 tech-touch CSMs and 1
implementation specialist. Support, Renewals and CS Ops stay shared outside the pods. The number of
pods per segment follows the CSMs the segment needs (a segment that outgrows one pod splits), so each
pod keeps its shape; a functional Head of Onboarding leads implementation across pods (dotted line).

Note on S0's enterprise pod: "50–100 customers with 3 CSMs" implies 17–33 accounts per CSM, above
the 8–15 high-touch band of the same source; postsale sizes pods by CSMs (3 × the plan's ratio), so
an enterprise pod serves ~36 accounts at 12 per CSM.
"""

from __future__ import annotations

import math

from postsale.core.org.chart import OrgChart, Unit
from postsale.core.org.inputs import OrgInputs
from postsale.core.org.layers import ChartBuilder, assemble_top, chunk_sizes, lead_unit
from postsale.core.org.roles import compare_headcount
from postsale.keys import CSM_ROLE_BY_TIER, TIER_KEYS, OrgModel, Role, Tier

__all__ = ["POD_SHAPES", "build_pod"]

# tier → (segment name, CSMs per pod, implementation specialists per pod, TAMs per pod)
POD_SHAPES: dict[Tier, tuple[str, int, int, int]] = {
    Tier.HIGH_TOUCH: ("Enterprise", 3, 1, 1),
    Tier.LOW_TOUCH: ("Mid-market", 5, 2, 0),
    Tier.TECH_TOUCH: ("SMB", 3, 1, 0),
}


def build_pod(inputs: OrgInputs) -> OrgChart:
    """Pods per segment sized from the plan's CSM need, shared services outside the pods."""
    b = ChartBuilder(inputs.benchmarks)
    clusters: dict[str, list[str]] = {}
    units: list[Unit] = []
    implementers: list[str] = []
    pods_total = 0
    for i, tier in enumerate(TIER_KEYS):
        segment, csm_per_pod, impl_per_pod, tam_per_pod = POD_SHAPES[tier]
        need = inputs.required(CSM_ROLE_BY_TIER[tier])
        accounts = inputs.workload.tier_accounts[i]
        if accounts == 0 or need == 0:
            continue
        pods = math.ceil(need / csm_per_pod)
        pods_total += pods
        width = len(str(pods))
        for p, (pod_csms, pod_accounts) in enumerate(zip(chunk_sizes(need, pods),
                                                         chunk_sizes(accounts, pods),
                                                         strict=True)):
            name = f"{segment} pod {p + 1:0{width}d}" if pods > 1 else f"{segment} pod"
            csms = b.group(CSM_ROLE_BY_TIER[tier], name, pod_csms, tier=tier,
                           accounts=pod_accounts)
            impl = b.group(Role.IMPLEMENTATION_SPECIALIST, name, impl_per_pod)
            tams = b.group(Role.TAM, name, tam_per_pod, tier=tier)
            implementers.extend(impl)
            head = lead_unit(b, name, csms, [*impl, *tams], inputs.benchmarks, unit_title="Pod")
            clusters.setdefault(segment, []).append(head)
            units.append(Unit(
                name=name, kind="pod", accounts=pod_accounts,
                arr=inputs.workload.tier_arr[i] * pod_accounts / accounts,
                positions=pod_csms + impl_per_pod + tam_per_pod + 1,
                detail=f"{pod_csms} CSMs, {impl_per_pod} implementation, {tam_per_pod} TAM for "
                f"{pod_accounts} {tier} accounts"))

    shared_heads: list[str] = []
    shared_roles = (Role.SUPPORT_ENGINEER, Role.RENEWALS_SPECIALIST, Role.CS_OPS)
    shared = [i for role in shared_roles
              for i in b.group(role, "Shared services", inputs.required(role))]
    if shared:
        shared_heads.append(lead_unit(b, "Shared services", [], shared, inputs.benchmarks,
                                      unit_title="Shared services"))
        units.append(Unit(name="Shared services", kind="shared", accounts=inputs.workload.customers,
                          arr=inputs.workload.arr, positions=b.size(shared),
                          detail="Support, Renewals and CS Ops serve every pod"))
    if pods_total >= 2 and b.size(implementers) >= 2:
        head_onboarding = b.add(Role.MANAGER, "Onboarding (across pods)",
                                title="Head of Onboarding (functional lead across pods)")
        b.link(head_onboarding, implementers, "functional lead: shared playbooks and standards")
        shared_heads.append(head_onboarding)
    people = b.seat_count
    top = assemble_top(b, clusters, shared_heads, inputs.benchmarks, people=people,
                       customers=inputs.workload.customers, functions=inputs.functions,
                       cluster_title="Segment")
    del top
    chart = b.freeze(OrgModel.POD, units, notes=(
        "pods keep S0's shapes; a segment that outgrows one pod splits into several",
        "support, renewals and CS Ops are shared services outside the pods",
    ))
    reasons = {
        "tam": "one TAM in every enterprise pod",
        "implementation_specialist": "every pod carries its own implementation specialists "
        "(S0 shapes: 1 per enterprise and SMB pod, 2 per mid-market pod)",
        "manager": "a lead in every pod (and a Head of Onboarding across pods)",
        "team_lead": "pods are small enough that no team leads are needed",
        "director": "a director per segment with several pods",
        "vp": "the head of CS level follows the size of the pod org",
    }
    return chart.with_differences(compare_headcount(
        chart.headcount, inputs.base.required, reasons))
