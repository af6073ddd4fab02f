"""The org chart page's data: the plan's recommended chart as the HTML report's box chart builds
it (``report.org_html.box_chart_data``: one box per leader and one per team, so 5,000 seats draw a
few hundred boxes), with people on its seats when the workspace knows them.

Who sits where, in order of trust: the team upload (as ``postsale org --team`` seats it), else the
people of the current approved assignment (its roster: the book's owners or a team file, with
their regions and languages), else nobody — every seat the plan still has to hire shows as an open
requisition.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from postsale.api import run_plan
from postsale.core.assignment.roster import Member, seat_names, seat_team
from postsale.i18n import current
from postsale.results import PlanResult
from postsale.web.books import LoadedBook
from postsale.web.models import VersionKind, Workspace
from postsale.web.owners_data import team_of_safe

SOURCES = ("team", "assignment", "plan")
PLAN_CACHE_SIZE = 4

_PLANS: OrderedDict[tuple[str, str], PlanResult] = OrderedDict()
_LOCK = threading.Lock()


def plan_of(loaded: LoadedBook) -> PlanResult:
    """The book's plan, kept per process by the book's key and the active language (the chart's
    titles are words of the language the plan ran in; a 1M-account plan takes seconds and the
    chart page and its JSON ask for it on every view)."""
    key = (loaded.key, current().lang)
    with _LOCK:
        hit = _PLANS.get(key)
        if hit is not None:
            _PLANS.move_to_end(key)
            return hit
    plan = run_plan(loaded.book, loaded.company, today=loaded.today, notes=loaded.notes).result
    with _LOCK:
        _PLANS[key] = plan
        while len(_PLANS) > PLAN_CACHE_SIZE:
            _PLANS.popitem(last=False)
    return plan


def _assignment_members(workspace: Workspace
                        ) -> tuple[list[Member], list[tuple[str | None, frozenset[str]]], int] | None:
    """The current approved assignment's people as members with profiles, and its number."""
    from postsale.web.versions_store import current_version, payload_of

    version = current_version(workspace, VersionKind.ASSIGNMENT)
    if version is None:
        return None
    people = payload_of(version).get("people", [])
    members: list[Member] = [(str(p.get("person_id", "")), p.get("name") or None,
                              str(p.get("role", ""))) for p in people]
    profiles = [(p.get("region") or None, frozenset(p.get("languages") or ())) for p in people]
    return members, profiles, version.number


def chart_data(workspace: Workspace, loaded: LoadedBook) -> dict[str, Any]:
    """The recommended chart's boxes (``chart_boxes`` keys: boxes, search, seats, people, open,
    open_by_role; colours, words) and ``model``, ``source`` (one of SOURCES), ``version`` (the
    assignment seated, else None), ``unseated`` (people with no seat of their role) and
    ``chart_seats`` (the chart's own headcount)."""
    from postsale.report.org_html import box_chart_data

    plan = plan_of(loaded)
    model = plan.org.recommended
    chart = plan.org.charts[model]
    seated: dict[str, str | None] | None = None
    unseated: list[str] = []
    source, number = "plan", None
    team = team_of_safe(loaded)
    if team is not None:
        seated, unseated = seat_names(team.members, seat_team(chart, team.members, team.profiles))
        source = "team"
    else:
        found = _assignment_members(workspace)
        if found is not None:
            members, profiles, number = found
            seated, unseated = seat_names(members, seat_team(chart, members, profiles))
            source = "assignment"
    data = box_chart_data(plan, model, seated)
    data.update(model=str(model), source=source, version=number, unseated=unseated,
                chart_seats=int(chart.get("headcount", {}).get("total", 0)),
                currency=plan.currency)
    return data


__all__ = ["SOURCES", "chart_data", "plan_of"]
