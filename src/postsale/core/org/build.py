"""Build the four charts, and turn the recommended one into the plan's headcount.

The plan adopts the recommended model: its chart's seats *are* the required headcount (TAMs in
enterprise pods, roles duplicated per region, leadership placed per pod or region), and each role's
formula says how the model changed the role-based figure.
"""

from __future__ import annotations

import datetime as dt

from postsale.core.benchmarks import Benchmarks
from postsale.core.msg import Msg
from postsale.core.org.chart import OrgChart
from postsale.core.org.inputs import OrgInputs
from postsale.core.org.layers import signed
from postsale.core.org.pod import build_pod
from postsale.core.org.roles import build_generalist, build_specialist
from postsale.keys import ROLE_KEYS, OrgModel
from postsale.results import Headcount, RoleRequirement

__all__ = ["adopt_chart", "build_charts"]

_PLACED = Msg("org_chart.reason.placed")


def build_charts(inputs: OrgInputs, reference_date: dt.date) -> dict[OrgModel, OrgChart]:
    """All four organization models drawn for this company."""
    from postsale.core.org.geographic import build_geographic

    return {
        OrgModel.GENERALIST: build_generalist(inputs),
        OrgModel.SPECIALIST: build_specialist(inputs),
        OrgModel.POD: build_pod(inputs),
        OrgModel.GEOGRAPHIC: build_geographic(inputs, reference_date),
    }


def adopt_chart(base: Headcount, chart: OrgChart, benchmarks: Benchmarks) -> Headcount:
    """The plan's headcount = the recommended chart's seats, role by role, with formulas."""
    counts = chart.headcount
    roles: dict[str, RoleRequirement] = {}
    for role in ROLE_KEYS:
        was = base.roles[role]
        now = counts[str(role)]
        formula = was.formula
        if now != was.required:
            why = chart.reasons.get(str(role), _PLACED)
            formula = Msg("org_chart.formula", now=now, model=str(chart.model),
                          delta=signed(now - was.required), was=was.required, why=why,
                          role_based=was.formula)
        roles[str(role)] = was.model_copy(update={
            "required": now, "gap": now - was.current, "formula": formula,
            "cost": now * benchmarks.value(f"costs.{role}"),
        })
    required = {str(r): roles[str(r)].required for r in ROLE_KEYS}
    required["total"] = sum(required.values())
    gap = {k: required[k] - base.current[k] for k in required}
    return Headcount(required=required, current=dict(base.current), gap=gap,
                     roles={r: roles[str(r)] for r in ROLE_KEYS}, role_based=dict(base.required),
                     support=base.support)
