"""A number of people in a role as a message ("5 high-touch CSMs", "高タッチCSM5名").

Each role has its own plural noun in the catalogs (``projection.noun.<role>``), because a role's
name and its plural differ by language; the codes are written out here so every one is literal
(``tests/i18n`` finds codes by reading the source).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from postsale.core.msg import Msg
from postsale.keys import Role

__all__ = ["clauses", "role_count"]

_COUNT: dict[Role, Callable[[float], Msg]] = {
    Role.CSM_HIGH_TOUCH: lambda n: Msg("projection.people.csm_high_touch", n=n),
    Role.CSM_LOW_TOUCH: lambda n: Msg("projection.people.csm_low_touch", n=n),
    Role.CSM_TECH_TOUCH: lambda n: Msg("projection.people.csm_tech_touch", n=n),
    Role.IMPLEMENTATION_SPECIALIST: lambda n: Msg("projection.people.implementation_specialist",
                                                  n=n),
    Role.SUPPORT_ENGINEER: lambda n: Msg("projection.people.support_engineer", n=n),
    Role.RENEWALS_SPECIALIST: lambda n: Msg("projection.people.renewals_specialist", n=n),
    Role.CS_OPS: lambda n: Msg("projection.people.cs_ops", n=n),
    Role.TAM: lambda n: Msg("projection.people.tam", n=n),
    Role.TEAM_LEAD: lambda n: Msg("projection.people.team_lead", n=n),
    Role.MANAGER: lambda n: Msg("projection.people.manager", n=n),
    Role.DIRECTOR: lambda n: Msg("projection.people.director", n=n),
    Role.VP: lambda n: Msg("projection.people.vp", n=n),
    Role.CCO: lambda n: Msg("projection.people.cco", n=n),
}


def role_count(role: Role, count: float) -> Msg:
    """``count`` people of ``role``, plural-aware in every language (a fraction reads as plural)."""
    return _COUNT[role](float(count) if not float(count).is_integer() else int(count))


def clauses(parts: Sequence[Msg]) -> Msg:
    """Clauses one after the other ("a; b; c" in English, "a。b" in Japanese), as one message."""
    out = parts[0]
    for part in parts[1:]:
        out = Msg("projection.timeline.then", first=out, then=part)
    return out
