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
from postsale.core.msg import Msg
from postsale.core.org.chart import OrgChart, Unit
from postsale.core.org.inputs import OrgInputs
from postsale.core.org.layers import (
    ChartBuilder,
    assemble_top,
    chunk_sizes,
    join_names,
    join_semicolons,
    key_name,
    lead_unit,
    unit_lead_title,
)
from postsale.core.org.roles import compare_headcount
from postsale.keys import CSM_ROLE_BY_TIER, TIER_KEYS, OrgModel, Role, Tier

__all__ = ["POD_KEYS", "PodShape", "build_pod", "pod_shapes"]

# tier → the segment's name (its pod shape, the people per pod, are benchmarks)
_SEGMENTS: dict[Tier, Msg] = {
    Tier.HIGH_TOUCH: Msg("org_chart.segment.enterprise"),
    Tier.LOW_TOUCH: Msg("org_chart.segment.mid_market"),
    Tier.TECH_TOUCH: Msg("org_chart.segment.smb"),
}
# tier → the segment in running text ("every enterprise pod")
_SEGMENT_TEXT: dict[Tier, Msg] = {
    Tier.HIGH_TOUCH: Msg("org_chart.segment_text.enterprise"),
    Tier.LOW_TOUCH: Msg("org_chart.segment_text.mid_market"),
    Tier.TECH_TOUCH: Msg("org_chart.segment_text.smb"),
}
_PARTS = ("csms", "implementation_specialists", "tams")
POD_KEYS = tuple(f"pods.{tier}.{part}" for tier in TIER_KEYS for part in _PARTS)
SHARED = "shared"  # the unit key of the shared services outside the pods
_WORDS = (Msg("org_chart.word.0"), Msg("org_chart.word.1"), Msg("org_chart.word.2"),
          Msg("org_chart.word.3"), Msg("org_chart.word.4"), Msg("org_chart.word.5"),
          Msg("org_chart.word.6"), Msg("org_chart.word.7"), Msg("org_chart.word.8"),
          Msg("org_chart.word.9"))  # small counts in words ("two TAMs in every enterprise pod")
ONBOARDING = "onboarding_across_pods"  # the unit key of the functional Head of Onboarding
_POD = Msg("org_chart.kind.pod")


@dataclass(frozen=True)
class PodShape:
    """The people in one pod of a segment (``pods.<tier>.*``)."""

    segment: Msg  # the segment's name
    tier: Tier
    csms: int
    implementation_specialists: int
    tams: int
    overridden_by: tuple[str, ...] = ()  # where overridden parts of the shape came from

    @property
    def text(self) -> Msg:
        return Msg("org_chart.pod.shape", csms=self.csms, impl=self.implementation_specialists,
                   tams=self.tams)


def pod_shapes(benchmarks: Benchmarks) -> dict[Tier, PodShape]:
    """Each segment's pod shape from the benchmarks (whole people; at least one CSM per pod)."""
    shapes: dict[Tier, PodShape] = {}
    for tier in TIER_KEYS:
        keys = [f"pods.{tier}.{part}" for part in _PARTS]
        csms, impl, tams = (round(benchmarks.value(k)) for k in keys)
        origins = sorted({benchmarks[k].origin for k in keys if benchmarks.is_overridden(k)})
        shapes[tier] = PodShape(_SEGMENTS[tier], tier, csms=max(1, csms),
                                implementation_specialists=impl, tams=tams,
                                overridden_by=tuple(origins))
    return shapes


def _shape_note(shapes: dict[Tier, PodShape]) -> Msg:
    """The chart's note on pod shapes: S0's, or which segments' shapes the company file changed."""
    changed = [s for s in shapes.values() if s.overridden_by]
    if not changed:
        return Msg("org_chart.pod.note_s0")
    origins = sorted({o for s in changed for o in s.overridden_by})
    which = tuple(Msg("org_chart.pod.segment_shape", segment=s.segment, shape=s.text)
                  for s in changed)
    return Msg("org_chart.pod.note_changed", shapes=join_semicolons(which), origins=tuple(origins))


def _per_pod(shapes: dict[Tier, PodShape], count: dict[Tier, int]) -> Msg:
    """``1 per enterprise and SMB pod, 2 per mid-market pod``: segments grouped by count."""
    groups: dict[int, list[Tier]] = {}
    for tier in shapes:
        groups.setdefault(count[tier], []).append(tier)
    parts = [Msg("org_chart.pod.per_pod", n=n, segments=tuple(_SEGMENT_TEXT[t] for t in tiers))
             for n, tiers in groups.items()]
    return join_names(parts)


def _reasons(shapes: dict[Tier, PodShape]) -> dict[str, Msg]:
    """Why the pod chart's headcount differs from the role-based plan, with the shapes in effect."""
    tams = tuple(Msg("org_chart.pod.tam_in_pod", segment=_SEGMENT_TEXT[t]) if s.tams == 1
                 else Msg("org_chart.pod.tams_in_pod", n=s.tams, segment=_SEGMENT_TEXT[t],
                          word=_WORDS[s.tams] if s.tams < len(_WORDS) else s.tams)
                 for t, s in shapes.items() if s.tams)
    tam = join_semicolons(tams) if tams else Msg("org_chart.pod.no_tam")
    impl = _per_pod(shapes, {t: s.implementation_specialists for t, s in shapes.items()})
    return {
        "tam": tam,
        "implementation_specialist": Msg("org_chart.pod.reason_impl", per_pod=impl)
        if not any(s.overridden_by for s in shapes.values())
        else Msg("org_chart.pod.reason_impl_shapes", per_pod=impl),
        "manager": Msg("org_chart.pod.reason_manager"),
        "team_lead": Msg("org_chart.pod.reason_team_lead"),
        "director": Msg("org_chart.pod.reason_director"),
        "vp": Msg("org_chart.pod.reason_vp"),
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
        return lead_unit(b, name, csm_ids, [*impl_ids, *tam_ids], b.benchmarks, unit_title=_POD)
    lead = b.next_id(Role.MANAGER)
    b.add(role, name, count=csms, tier=tier, accounts=accounts, reports_to=lead)
    if impl:
        implementers.append(b.add(Role.IMPLEMENTATION_SPECIALIST, name, count=impl,
                                  reports_to=lead))
    if tams:
        b.add(Role.TAM, name, count=tams, tier=tier, reports_to=lead)
    return b.add(Role.MANAGER, name, title=unit_lead_title(_POD, b.label(name)))


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
        segment, csm_per_pod = b.name(f"segment.{tier}", shape.segment), shape.csms
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
            name = b.name(f"pod.{tier}.{p + 1:0{width}d}",
                          Msg("org_chart.unit.pod_n", segment=shape.segment,
                              number=f"{p + 1:0{width}d}") if pods > 1
                          else Msg("org_chart.unit.pod", segment=shape.segment))
            head = _add_pod(b, name, tier, pod_csms, pod_accounts, shape, implementers, small=(
                pod_csms + impl_per_pod + tam_per_pod <= span_max))
            heads.append(head)
            units.append(Unit(
                name=b.label(name), kind="pod", key=name, accounts=pod_accounts,
                arr=inputs.workload.tier_arr[i] * pod_accounts / accounts,
                positions=pod_csms + impl_per_pod + tam_per_pod + 1,
                detail=Msg("org_chart.pod.detail", csms=pod_csms, impl=impl_per_pod,
                           tams=tam_per_pod, accounts=pod_accounts, tier=str(tier),
                           tier_name=key_name(tier))))

    shared_heads: list[str] = []
    shared_roles = (Role.SUPPORT_ENGINEER, Role.RENEWALS_SPECIALIST, Role.CS_OPS)
    shared_name = Msg("org_chart.unit.shared_services")
    b.name(SHARED, shared_name)
    shared = [i for role in shared_roles
              for i in b.group(role, SHARED, inputs.required(role))]
    if shared:
        shared_heads.append(lead_unit(b, SHARED, [], shared, inputs.benchmarks,
                                      unit_title=Msg("org_chart.kind.shared_services")))
        units.append(Unit(name=shared_name, kind="shared", key=SHARED,
                          accounts=inputs.workload.customers,
                          arr=inputs.workload.arr, positions=b.size(shared),
                          detail=Msg("org_chart.pod.shared_detail")))
    if pods_total >= 2 and b.size(implementers) >= 2:
        head_onboarding = b.add(Role.MANAGER, b.name(ONBOARDING,
                                                     Msg("org_chart.unit.onboarding_across_pods")),
                                title=Msg("org_chart.title.head_of_onboarding_pods"))
        b.link(head_onboarding, implementers, Msg("org_chart.link.pod_onboarding"))
        shared_heads.append(head_onboarding)
    people = b.seat_count
    top = assemble_top(b, clusters, shared_heads, inputs.benchmarks, people=people,
                       customers=inputs.workload.customers, functions=inputs.functions,
                       cluster_title=Msg("org_chart.kind.segment"))
    del top
    chart = b.freeze(OrgModel.POD, units, notes=(
        _shape_note(shapes),
        Msg("org_chart.pod.note_shared"),
    ))
    return chart.with_differences(*compare_headcount(
        chart.headcount, inputs.base.required, _reasons(shapes)))
