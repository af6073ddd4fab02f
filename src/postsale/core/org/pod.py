"""The pod model (S0 model 3): cross-functional mini-companies per segment.

Pod shapes are benchmarks (``pods.<tier>.csms``, ``.implementation_specialists``, ``.tams``; STYLE
habit 14); the defaults are S0's: an enterprise pod has 3 enterprise CSMs, 1 implementation
specialist and 1 TAM; a mid-market pod 5 CSMs and 2 implementation specialists; an SMB pod 3
tech-touch CSMs and 1 implementation specialist. Support, Renewals and CS Ops stay shared outside the
pods. The number of pods per segment follows the CSMs the segment needs (a segment that outgrows one
pod splits), so each pod keeps its shape; a functional Head of Onboarding leads implementation across
pods (dotted line). The chart's notes and reasons print the shapes in effect.

Note on S0's enterprise pod: "50–100 customers with 3 CSMs" implies 17–33 accounts per CSM, above
the 8–15 high-touch band of the same source; postsale sizes pods by CSMs (``pods.high_touch.csms`` ×
the plan's ratio), so a default enterprise pod serves ~36 accounts at 12 per CSM.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from postsale.core.benchmarks import Benchmarks
from postsale.core.org.chart import OrgChart, Unit
from postsale.core.org.inputs import OrgInputs
from postsale.core.org.layers import (
    ChartBuilder,
    assemble_top,
    chunk_sizes,
    lead_unit,
    unit_lead_title,
)
from postsale.core.org.roles import compare_headcount
from postsale.keys import CSM_ROLE_BY_TIER, TIER_KEYS, OrgModel, Role, Tier

__all__ = ["POD_KEYS", "PodShape", "build_pod", "pod_shapes"]

# tier → (segment name, the same in running text); the people per pod are benchmarks
_SEGMENTS: dict[Tier, tuple[str, str]] = {
    Tier.HIGH_TOUCH: ("Enterprise", "enterprise"),
    Tier.LOW_TOUCH: ("Mid-market", "mid-market"),
    Tier.TECH_TOUCH: ("SMB", "SMB"),
}
_PARTS = ("csms", "implementation_specialists", "tams")
POD_KEYS = tuple(f"pods.{tier}.{part}" for tier in TIER_KEYS for part in _PARTS)
_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


@dataclass(frozen=True)
class PodShape:
    """The people in one pod of a segment (``pods.<tier>.*``)."""

    segment: str
    label: str  # the segment in running text
    csms: int
    implementation_specialists: int
    tams: int
    overridden_by: tuple[str, ...] = ()  # where overridden parts of the shape came from

    @property
    def text(self) -> str:
        return f"{self.csms} CSMs, {self.implementation_specialists} implementation, {self.tams} TAM"


def pod_shapes(benchmarks: Benchmarks) -> dict[Tier, PodShape]:
    """Each segment's pod shape from the benchmarks (whole people; at least one CSM per pod)."""
    shapes: dict[Tier, PodShape] = {}
    for tier in TIER_KEYS:
        keys = [f"pods.{tier}.{part}" for part in _PARTS]
        csms, impl, tams = (round(benchmarks.value(k)) for k in keys)
        origins = sorted({benchmarks[k].origin for k in keys if benchmarks.is_overridden(k)})
        shapes[tier] = PodShape(*_SEGMENTS[tier], csms=max(1, csms), implementation_specialists=impl,
                                tams=tams, overridden_by=tuple(origins))
    return shapes


def _shape_note(shapes: dict[Tier, PodShape]) -> str:
    """The chart's note on pod shapes: S0's, or which segments' shapes the company file changed."""
    changed = [s for s in shapes.values() if s.overridden_by]
    if not changed:
        return "pods keep S0's shapes; a segment that outgrows one pod splits into several"
    origins = sorted({o for s in changed for o in s.overridden_by})
    which = "; ".join(f"{s.segment} pod: {s.text}" for s in changed)
    return (f"pods keep S0's shapes except {which} (from {', '.join(origins)}); a segment that "
            "outgrows one pod splits into several")


def _per_pod(shapes: dict[Tier, PodShape], count: dict[Tier, int]) -> str:
    """``1 per enterprise and SMB pod, 2 per mid-market pod``: segments grouped by count."""
    groups: dict[int, list[str]] = {}
    for tier, shape in shapes.items():
        groups.setdefault(count[tier], []).append(shape.label)
    parts = []
    for n, labels in groups.items():
        names = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"
        parts.append(f"{n} per {names} pod")
    return ", ".join(parts)


def _reasons(shapes: dict[Tier, PodShape]) -> dict[str, str]:
    """Why the pod chart's headcount differs from the role-based plan, with the shapes in effect."""
    tams = {t: s.tams for t, s in shapes.items() if s.tams}
    tam = "; ".join(f"{_WORDS[n] if n < len(_WORDS) else n} TAM{'s' if n > 1 else ''} in every "
                    f"{shapes[t].label} pod" for t, n in tams.items()) or "no TAM in any pod"
    impl_origin = "S0 shapes" if not any(s.overridden_by for s in shapes.values()) else "pod shapes"
    impl = _per_pod(shapes, {t: s.implementation_specialists for t, s in shapes.items()})
    return {
        "tam": tam,
        "implementation_specialist": "every pod carries its own implementation specialists "
        f"({impl_origin}: {impl})",
        "manager": "a lead in every pod (and a Head of Onboarding across pods)",
        "team_lead": "pods are small enough that no team leads are needed",
        "director": "a director per segment with several pods",
        "vp": "the head of CS level follows the size of the pod org",
    }


def _add_pod(b: ChartBuilder, name: str, tier: Tier, csms: int, accounts: int, shape: PodShape,
             implementers: list[str], *, small: bool) -> str:
    """One pod's seats and its lead (:func:`lead_unit`); returns the lead. A ``small`` pod (at
    most ``spans.manager_max`` people: one manager-level lead) is added directly, its members
    reporting to the lead's id as they are added — the same nodes, ids and order as
    ``lead_unit`` gives, without its bookkeeping (a million-account book has ~3,800 pods)."""
    role = CSM_ROLE_BY_TIER[tier]
    impl, tams = shape.implementation_specialists, shape.tams
    if not small:
        csm_ids = b.group(role, name, csms, tier=tier, accounts=accounts)
        impl_ids = b.group(Role.IMPLEMENTATION_SPECIALIST, name, impl)
        tam_ids = b.group(Role.TAM, name, tams, tier=tier)
        implementers.extend(impl_ids)
        return lead_unit(b, name, csm_ids, [*impl_ids, *tam_ids], b.benchmarks, unit_title="Pod")
    lead = b.next_id(Role.MANAGER)
    b.add(role, name, count=csms, tier=tier, accounts=accounts, reports_to=lead)
    if impl:
        implementers.append(b.add(Role.IMPLEMENTATION_SPECIALIST, name, count=impl,
                                  reports_to=lead))
    if tams:
        b.add(Role.TAM, name, count=tams, tier=tier, reports_to=lead)
    return b.add(Role.MANAGER, name, title=unit_lead_title("Pod", name))


def build_pod(inputs: OrgInputs) -> OrgChart:
    """Pods per segment sized from the plan's CSM need, shared services outside the pods."""
    b = ChartBuilder(inputs.benchmarks)
    clusters: dict[str, list[str]] = {}
    units: list[Unit] = []
    implementers: list[str] = []
    pods_total = 0
    shapes = pod_shapes(inputs.benchmarks)
    span_max = b.unit_spans(inputs.benchmarks)[0]
    for i, tier in enumerate(TIER_KEYS):
        shape = shapes[tier]
        segment, csm_per_pod = shape.segment, shape.csms
        impl_per_pod, tam_per_pod = shape.implementation_specialists, shape.tams
        need = inputs.required(CSM_ROLE_BY_TIER[tier])
        accounts = inputs.workload.tier_accounts[i]
        if accounts == 0 or need == 0:
            continue
        pods = math.ceil(need / csm_per_pod)
        pods_total += pods
        heads = clusters.setdefault(segment, [])
        width = len(str(pods))
        for p, (pod_csms, pod_accounts) in enumerate(zip(chunk_sizes(need, pods),
                                                         chunk_sizes(accounts, pods),
                                                         strict=True)):
            name = f"{segment} pod {p + 1:0{width}d}" if pods > 1 else f"{segment} pod"
            head = _add_pod(b, name, tier, pod_csms, pod_accounts, shape, implementers, small=(
                pod_csms + impl_per_pod + tam_per_pod <= span_max))
            heads.append(head)
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
        _shape_note(shapes),
        "support, renewals and CS Ops are shared services outside the pods",
    ))
    return chart.with_differences(compare_headcount(
        chart.headcount, inputs.base.required, _reasons(shapes)))
