"""The box-and-line org chart's data: what the page embeds for d3-org-chart to draw.

One box per leader seat and one box per team — every individual contributor reporting to one
manager, whatever their titles — so a 5,000-seat chart draws a box per manager rather than a box
per seat (chart nodes already stand for groups of identical seats; see ``OrgChart.to_graph``).
A team box says what a manager leads: the units, how many seats, one line per title
("4 × Enterprise CSM"), the tiers served and the annual cost.

Leaders start expanded (``_expanded``) down to the managers; teams start collapsed, so the first
view is readable at any size and a click on a manager opens its team. ``search`` lists, per box,
the lower-cased words a reader may type (title, unit, the team's titles and tiers).

Without a team file boxes are seats, not people (``people`` is false and the page says so).
Open requisitions then come from the plan's ``headcount.hires`` per role: the plan knows how many
seats of a role are still to hire, not which ones, so a team box carries its role's plan-wide
count, labelled as such, never a per-seat guess. With a team file (``seated``: seat id → the
name in it, None for an open seat; see ``core.assignment.roster.seat_people``) every box lists
the people in its seats (name, title) and ``open`` counts its own seats nobody fills.

Strings stay raw here; the page escapes them when it draws (``esc`` in the template) and the JSON
is embedded with :func:`script_json`, which makes ``</script>`` and ``<!--`` harmless.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from postsale.core.org.chart import seat_ids
from postsale.i18n import tr
from postsale.keys import LEADERSHIP_ROLES
from postsale.report.fmt import tier_word
from postsale.report.org_text import reporting_tree
from postsale.report.text import money

__all__ = ["chart_boxes", "script_json"]

_LEADERS = frozenset(str(r) for r in LEADERSHIP_ROLES)
_TIERS = ("high_touch", "low_touch", "tech_touch")


def script_json(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: ``<``, ``>`` and ``&`` as \\u
    escapes, so no data string can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _tiers(seats: Sequence[Mapping[str, Any]]) -> list[str]:
    found = {str(s["tier"]) for s in seats if s.get("tier")}
    return [tier_word(t) for t in _TIERS if t in found] + sorted(found - set(_TIERS))


def chart_boxes(graph: Mapping[str, Any], currency: str = "USD",
                hires: Mapping[str, int] | None = None,
                seated: Mapping[str, str | None] | None = None) -> dict[str, Any]:
    """``{boxes, search, open, people, seats}`` for the page (see the module docstring).

    Each box: ``id``, ``parentId`` (None at the top), ``kind`` ("leader" | "team"), ``title``,
    ``units``, ``count`` (seats in the box), ``headcount`` (seats in its subtree), ``cost`` (raw)
    and ``cost_text``, ``level`` (0 = top), ``manager`` (a leader with a team), ``lines``
    (team: ``[count, title]`` per title), ``tiers``, ``accounts``, ``open`` (team: plan-wide open
    requisitions of its ``roles``; with ``seated``: its seats nobody fills), ``people`` (with
    ``seated``: ``[name, title]`` per filled seat, in seat order) and ``_expanded``
    (d3-org-chart's initial state)."""
    reports, roots = reporting_tree(graph)
    open_by_role = {} if seated is not None else {  # the plan's hires carry a "total": not a role
        str(k): int(v) for k, v in (hires or {}).items() if int(v) > 0 and str(k) != "total"}

    def sit(group: Sequence[Mapping[str, Any]], box: dict[str, Any]) -> None:
        """The people in ``group``'s seats and its open ones, when a team file seats people."""
        if seated is None:
            return
        names = [(seated.get(sid), str(n.get("title", ""))) for n in group
                 for sid in seat_ids(str(n["id"]), int(n.get("count", 1)))]
        box["people"] = [[name, title] for name, title in names if name is not None]
        box["open"] = sum(name is None for name, _ in names)
    boxes: list[dict[str, Any]] = []
    if len(roots) > 1:  # several tops: hang them under one box so the chart has one root
        boxes.append({"id": "__org__", "parentId": None, "kind": "leader",
                      "title": "Organization", "units": [], "count": 0, "level": -1})

    def is_leader(n: Mapping[str, Any]) -> bool:
        return str(n.get("role")) in _LEADERS or bool(reports[str(n["id"])])

    def add(n: Mapping[str, Any], parent: str | None) -> tuple[int, float]:
        """Adds the leader ``n``, its leaders and its team; returns the subtree's seats, cost."""
        node_id = str(n["id"])
        box: dict[str, Any] = {
            "id": node_id, "parentId": parent, "kind": "leader", "title": str(n.get("title", "")),
            "units": [str(n["unit"])] if n.get("unit") else [], "count": int(n.get("count", 1)),
            "level": int(n.get("level", 0)), "_expanded": True}
        sit([n], box)
        boxes.append(box)
        seats, cost = box["count"], float(n.get("cost") or 0.0)
        team = [r for r in reports[node_id] if not is_leader(r)]
        for r in reports[node_id]:
            if is_leader(r):
                s, c = add(r, node_id)
                seats, cost = seats + s, cost + c
        box["manager"] = bool(team)
        if team:
            s, c = _team(node_id, team, box["level"] + 1, currency, open_by_role, boxes)
            sit(team, boxes[-1])
            seats, cost = seats + s, cost + c
        box.update(headcount=seats, cost=cost, cost_text=money(cost, currency))
        return seats, cost

    total = 0
    top_cost = 0.0
    for root in roots:
        s, c = add(root, "__org__" if len(roots) > 1 else None)
        total, top_cost = total + s, top_cost + c
    if len(roots) > 1:
        boxes[0].update(headcount=total, cost=top_cost, cost_text=money(top_cost, currency))
    search = [{"id": b["id"], "text": " ".join(
        [b["title"], *b["units"], *(t for _, t in b.get("lines", ())), *b.get("tiers", ()),
         *(name for name, _ in b.get("people", ()))]).lower()}
        for b in boxes]
    opened = sum(int(b.get("open", 0)) for b in boxes) if seated is not None else sum(
        open_by_role.values())
    return {"boxes": boxes, "search": search, "seats": total, "people": seated is not None,
            "open": opened, "open_by_role": open_by_role}


def _team(leader: str, team: Sequence[Mapping[str, Any]], level: int, currency: str,
          open_by_role: Mapping[str, int], boxes: list[dict[str, Any]]) -> tuple[int, float]:
    """Appends the one box for the individual contributors reporting to ``leader``."""
    lines: dict[str, int] = {}
    units: dict[str, None] = {}
    roles: dict[str, None] = {}
    for s in team:
        lines[str(s.get("title", ""))] = lines.get(str(s.get("title", "")), 0) + int(
            s.get("count", 1))
        if s.get("unit"):
            units[str(s["unit"])] = None
        roles[str(s.get("role", ""))] = None
    count = sum(lines.values())
    cost = sum(float(s.get("cost") or 0.0) for s in team)
    boxes.append({
        "id": f"{leader}/team", "parentId": leader, "kind": "team",
        "title": tr("report.org.team_of", n=count), "units": list(units), "count": count, "headcount": count,
        "level": level, "lines": [[n, t] for t, n in sorted(lines.items(), key=lambda kv: -kv[1])],
        "tiers": _tiers(team), "accounts": sum(int(s.get("accounts") or 0) for s in team),
        "cost": cost, "cost_text": money(cost, currency), "manager": False, "roles": list(roles),
        "open": sum(open_by_role.get(r, 0) for r in roles)})
    return count, cost
