"""The org chart builders' words as messages (STYLE.md lesson 13): seat titles, role and tier
names in running text, signed counts and joined lists, each a code of the ``org_chart`` catalogs.

Titles are module-level objects wherever every seat that holds them says the same thing: a chart
renders each distinct title object once (``OrgChart.to_graph``).
"""

from __future__ import annotations

from collections.abc import Sequence

from postsale.core.msg import Msg
from postsale.keys import Role

__all__ = ["CSM_TEAM_LEAD", "CS_MANAGER", "CS_NAME", "CUSTOMER_SUCCESS", "HEAD_OF_CS", "TITLES",
           "join_names", "join_plus", "join_semicolons", "key_name", "signed"]

TITLES: dict[Role, Msg] = {
    Role.CSM_HIGH_TOUCH: Msg("org_chart.title.csm_high_touch"),
    Role.CSM_LOW_TOUCH: Msg("org_chart.title.csm_low_touch"),
    Role.CSM_TECH_TOUCH: Msg("org_chart.title.csm_tech_touch"),
    Role.IMPLEMENTATION_SPECIALIST: Msg("org_chart.title.implementation_specialist"),
    Role.SUPPORT_ENGINEER: Msg("org_chart.title.support_engineer"),
    Role.RENEWALS_SPECIALIST: Msg("org_chart.title.renewals_specialist"),
    Role.CS_OPS: Msg("org_chart.title.cs_ops"),
    Role.TAM: Msg("org_chart.title.tam"),
    Role.TEAM_LEAD: Msg("org_chart.title.team_lead"),
    Role.MANAGER: Msg("org_chart.title.manager"),
    Role.DIRECTOR: Msg("org_chart.title.director"),
    Role.VP: Msg("org_chart.title.vp"),
    Role.CCO: Msg("org_chart.title.cco"),
}
HEAD_OF_CS = Msg("org_chart.title.head_of_cs")
# one object per title shared by every seat that holds it: a chart renders each object once
CSM_TEAM_LEAD = Msg("org_chart.title.csm_team_lead")
CS_MANAGER = Msg("org_chart.title.cs_manager")
CUSTOMER_SUCCESS = "cs"  # the unit key of the CS organization's leaders
CS_NAME = Msg("org_chart.unit.customer_success")


# role and tier keys as running text names them (the key itself in English: "+2 tam: …")
_KEY_NAMES: dict[str, Msg] = {
    "csm_high_touch": Msg("org_chart.key.csm_high_touch"),
    "csm_low_touch": Msg("org_chart.key.csm_low_touch"),
    "csm_tech_touch": Msg("org_chart.key.csm_tech_touch"),
    "implementation_specialist": Msg("org_chart.key.implementation_specialist"),
    "support_engineer": Msg("org_chart.key.support_engineer"),
    "renewals_specialist": Msg("org_chart.key.renewals_specialist"),
    "cs_ops": Msg("org_chart.key.cs_ops"),
    "tam": Msg("org_chart.key.tam"),
    "team_lead": Msg("org_chart.key.team_lead"),
    "manager": Msg("org_chart.key.manager"),
    "director": Msg("org_chart.key.director"),
    "vp": Msg("org_chart.key.vp"),
    "cco": Msg("org_chart.key.cco"),
    "high_touch": Msg("org_chart.key.high_touch"),
    "low_touch": Msg("org_chart.key.low_touch"),
    "tech_touch": Msg("org_chart.key.tech_touch"),
}


def key_name(key: str) -> Msg:
    """A role or tier key as the chart's sentences name it."""
    return _KEY_NAMES.get(str(key)) or Msg("org_chart.unit.named", name=str(key))


def signed(n: float, *, amount: bool = False) -> Msg:
    """``n`` with its sign always shown ("+2", "-1"; ``amount``: "+150,000" with no decimals)."""
    if amount:
        return Msg("org_chart.signed.amount_plus", n=n) if n >= 0 \
            else Msg("org_chart.signed.amount", n=n)
    return Msg("org_chart.signed.plus", n=n) if n >= 0 else Msg("org_chart.signed.minus", n=n)


def join_semicolons(items: Sequence[Msg]) -> Msg:
    """Items joined with semicolons ("a; b"), in the reader's language."""
    out = items[-1]
    for item in reversed(items[:-1]):
        out = Msg("org_chart.join_semicolon", head=item, tail=out)
    return out


def join_plus(items: Sequence[Msg]) -> Msg:
    """Items added up ("a + b")."""
    out = items[-1]
    for item in reversed(items[:-1]):
        out = Msg("org_chart.join_plus", head=item, tail=out)
    return out


def join_names(names: Sequence[Msg]) -> Msg:
    """Names joined with commas ("Onboarding, Support"), in the reader's language."""
    out = names[-1]
    for name in reversed(names[:-1]):
        out = Msg("org_chart.join", head=name, tail=out)
    return out
