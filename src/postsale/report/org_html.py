"""The org design as a self-contained HTML page: each model's chart drawn by Plotly, and the cards
that explain it (headcount, cost, differences from the plan, fit, pros/cons/advice; for the
recommended model the S2 architecture, handoffs, careers and variable pay; coverage for regions).

The chart is a Plotly icicle read top-down (``tiling.orientation="v"``): one box per leader and
one aggregated box per group of individual contributors under a leader ("4 × Enterprise CSM"),
each box as wide as the headcount of its subtree (``branchvalues="total"``, so the root box holds
the chart's total headcount), coloured by role family, with title, headcount and annual cost on
the box and on hover. Click a box to zoom into that team. The tree is the one the text report
prints (:func:`postsale.report.org_text.org_tree`).

Like the plan report: Jinja2 autoescaping for every data string, plotly.js inlined once, a CSP
that forbids any fetch. Data strings placed into the figure are HTML-escaped first, because
Plotly renders a subset of HTML tags in labels.
"""

from __future__ import annotations

import html as _html
import textwrap
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from postsale.i18n import current, tr
from postsale.keys import OrgModel
from postsale.report import fmt
from postsale.report.fmt import label, short_role
from postsale.report.html import _FONT, _PLOTLY_CONFIG, _env, _smart_pct
from postsale.report.org_boxes import chart_boxes, script_json
from postsale.report.org_text import (
    LeaderNode,
    SeatGroup,
    coverage_view,
    departments,
    intervention_point,
    model_order,
    org_tree,
)
from postsale.report.text import money, pct
from postsale.results import PlanResult

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = ["ROLE_COLOUR", "box_chart_data", "org_chart_figure", "render_org_html"]

#: Box colour per role family: CSMs in the plan report's tier colours, one hue per specialist
#: function, leadership in slate (darker = higher in the chart).
ROLE_COLOUR: dict[str, str] = {
    "csm_high_touch": "#4338ca", "csm_low_touch": "#0e7490", "csm_tech_touch": "#059669",
    "tam": "#7c3aed", "implementation_specialist": "#ea580c", "support_engineer": "#db2777",
    "renewals_specialist": "#ca8a04", "cs_ops": "#0284c7",
}
_LEADER_SHADES = ("#1e293b", "#334155", "#475569", "#64748b", "#7c8a9e", "#94a3b8")
def _family(role: str) -> str:
    """A role family's name in the legend ("Onboarding / implementation")."""
    if role == "tam":
        return tr("report.org.family.tam")
    if role == "implementation_specialist":
        return tr("report.org.family.implementation")
    return short_role(role)


def _short(role: str) -> str:
    """A box label when a group's box is too narrow for its title ("Ent. CSM")."""
    if role == "csm_high_touch":
        return tr("report.org.short.csm_high_touch")
    if role == "csm_low_touch":
        return tr("report.org.short.csm_low_touch")
    if role == "csm_tech_touch":
        return tr("report.org.short.csm_tech_touch")
    if role == "implementation_specialist":
        return tr("report.org.short.implementation")
    return short_role(role) if role in ROLE_COLOUR else ""


_LEVEL_PX = 78
_WRAP = 26
_CHART_PX = 1200  # drawn width of the chart on a wide screen (the page is 1320px)
_CHAR_PX = 7.4  # average width of a 13px character


def _esc(text: str) -> str:
    """Data text for Plotly labels: entities instead of tags (Plotly renders <b>, <a>, …)."""
    return _html.escape(text, quote=False)


def _people(n: int) -> str:
    return tr("report.advice.people", n=n)


def _ink(colour: str) -> str:
    """White or near-black text, whichever reads better on ``colour`` (#rrggbb)."""
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return "#111827" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.62 else "#ffffff"


def _box_text(label: str, people: str, cost: str, share: float, *, short: str = "",
              extra: str = "") -> str:
    """What fits on a box ``share`` of the chart wide: the label wrapped to the box (``short``
    instead on a narrow box), people and cost, then ``extra`` if it fits; a bare count on slivers,
    nothing on hairlines (hover still tells all)."""
    chars = int(share * _CHART_PX / _CHAR_PX)
    if chars < 5:
        return people.split(" ", 1)[0] if share * _CHART_PX >= 14 else ""
    if short and chars < 16:
        label, people = short, people.split(" ", 1)[0]
    width = min(chars, _WRAP)
    title = "<br>".join(_esc(line) for line in textwrap.wrap(label, width, break_long_words=False,
                                                              break_on_hyphens=False))
    figures = f"{people} · {cost}" if len(people) + len(cost) + 3 <= chars else f"{people}<br>{cost}"
    text = f"<b>{title}</b><br>{figures}"
    if extra and len(extra) <= chars:
        text += f"<br><i>{_esc(extra)}</i>"
    return text


def _group_detail(group: SeatGroup) -> str:
    parts = []
    if group.accounts:
        each = tr("report.org.each", n=fmt.number(group.accounts / group.count)) \
            if group.count > 1 else ""
        parts.append(tr("report.kpi.accounts_note", n=group.accounts) + each)
    if group.languages:
        parts.append(tr("report.org.speaks", languages=group.spread(group.languages)))
    if group.timezones:
        parts.append(tr("report.org.hub", hubs=group.spread(group.timezones)))
    return " · ".join(parts)


def org_chart_figure(graph: Mapping[str, Any], currency: str = "USD") -> go.Figure:
    """The chart (``OrgChart.to_graph()``) as a top-down Plotly icicle.

    Trace 0 lists the root first; its value is the chart's total headcount."""
    import plotly.graph_objects as go

    root = org_tree(graph)
    total = max(root.headcount, 1)
    ids: list[str] = []
    labels: list[str] = []
    parents: list[str] = []
    values: list[int] = []
    colours: list[str] = []
    texts: list[str] = []
    custom: list[list[str]] = []
    depth = 1

    def add(box_id: str, label: str, parent: str, value: int, colour: str, cost: float,
            detail: str, short: str = "", extra: str = "") -> None:
        people, money_ = _people(value), money(cost, currency)
        ids.append(box_id)
        labels.append(_esc(label))
        parents.append(parent)
        values.append(value)
        colours.append(colour)
        texts.append(_box_text(label, people, money_, value / total, short=short, extra=extra))
        custom.append([_esc(label), people, money_, _esc(detail)])

    def add_leader(node: LeaderNode, parent: str, level: int) -> None:
        nonlocal depth
        depth = max(depth, level + 1 + (1 if node.groups else 0))
        node_id = str(node.position.get("id"))
        reports = len(node.children) + sum(g.count for g in node.groups)
        unit = str(node.position.get("unit") or "")
        add(node_id, node.title, parent, node.headcount,
            _LEADER_SHADES[min(level, len(_LEADER_SHADES) - 1)], node.cost,
            tr("report.org.direct_reports", n=reports) + (f" · {unit}" if unit else ""),
            short=node.title.split(" — ", 1)[0])
        for child in node.children:
            add_leader(child, node_id, level + 1)
        for i, group in enumerate(node.groups):
            add(f"{node_id}/{i}", group.label, node_id, group.count,
                ROLE_COLOUR.get(group.role, "#9ca3af"), group.cost, _group_detail(group),
                short=_short(group.role), extra=" · ".join(name for name, _ in group.languages))

    add_leader(root, "", 0)
    fig = go.Figure(go.Icicle(
        ids=ids, labels=labels, parents=parents, values=values, branchvalues="total",
        sort=False, text=texts, customdata=custom, tiling={"orientation": "v", "pad": 0},
        marker={"colors": colours, "line": {"color": "#ffffff", "width": 1.5}},
        root={"color": _LEADER_SHADES[0]},
        texttemplate="%{text}", textposition="middle center",  # i18n: not text
        hovertemplate=("<b>%{customdata[0]}</b><br>"
                       + tr("report.org.hover", people="%{customdata[1]}",
                            cost="%{customdata[2]}")
                       + "<br>%{customdata[3]}<extra></extra>"),
        textfont={"family": _FONT, "size": 13}, pathbar={"visible": False},
        insidetextfont={"family": _FONT, "size": 13, "color": [_ink(c) for c in colours]},
        # Plotly draws the root's text with the "outside" font, whatever its box colour.
        outsidetextfont={"family": _FONT, "size": 13, "color": _ink(_LEADER_SHADES[0])},
    ))
    fig.update_layout(
        height=max(260, depth * _LEVEL_PX + 20),
        margin={"l": 0, "r": 0, "t": 4, "b": 4},
        font={"family": _FONT, "size": 13, "color": "#1f2937"},
        paper_bgcolor="rgba(0,0,0,0)",
        hoverlabel={"bgcolor": "#ffffff", "bordercolor": "#cbd5e1",
                    "font": {"family": _FONT, "size": 13, "color": "#111827"}},
    )
    return fig


def _legend(graph: Mapping[str, Any]) -> list[dict[str, str]]:
    counts: dict[str, int] = dict(graph.get("headcount", {}))
    chips = [{"label": tr("report.org.leadership"), "colour": _LEADER_SHADES[1]}]
    chips += [{"label": f"{_family(r)} ({counts.get(r, 0)})", "colour": ROLE_COLOUR[r]}
              for r in ROLE_COLOUR if counts.get(r, 0)]
    return chips


def _coverage(coverage: Any) -> dict[str, Any]:
    view = coverage_view(coverage)
    pairs = [c for cells in view.regions.values() for c in cells]
    return {
        "headline": tr("report.org.pairs", covered=sum(c[3] for c in pairs), n=len(pairs))
        if pairs else "",
        "sun": view.follow_the_sun,
        "regions": [{"name": region, "cells": [
            {"language": lang, "accounts": fmt.number(accounts), "ok": ok,
             "seats": tr("report.advice.csms", n=seats) if ok else tr("report.org.no_csm")}
            for lang, accounts, seats, ok in cells]} for region, cells in view.regions.items()],
        "hours": [{"hour": h, "state": state} for h, state in enumerate(view.hours)],
        "covered": view.covered, "hour_gaps": view.hour_gaps, "hubs": view.hubs,
        "fallback": ([view.summary] if view.summary else []) + view.language_gaps
        if not (view.regions or view.hours) else [],
        "other": [{"label": label[:1].upper() + label[1:], "value": value}
                  for label, value in view.other],
    }


def _links(graph: Mapping[str, Any]) -> list[str]:
    """Dotted lines, one sentence per leader and label: "Head of Onboarding → 5 × Implementation
    Specialist (functional lead: shared playbooks)"."""
    titles = {str(n.get("id")): str(n.get("title", "")) for n in graph.get("nodes", ())}
    seats = {str(n.get("id")): int(n.get("count", 1)) for n in graph.get("nodes", ())}
    grouped: dict[tuple[str, str], dict[str, int]] = {}
    for f in graph.get("functional_links", ()):
        key = (titles.get(str(f.get("leader")), str(f.get("leader"))), str(f.get("label", "")))
        member = titles.get(str(f.get("member")), str(f.get("member")))
        grouped.setdefault(key, {})[member] = (grouped.get(key, {}).get(member, 0)
                                               + seats.get(str(f.get("member")), 1))
    return [f"{leader} → " + ", ".join(f"{n} × {m}" for m, n in members.items())
            + (f" ({label})" if label else "") for (leader, label), members in grouped.items()]


_VENDOR = ("d3.min.js", "d3-flextree.min.js", "d3-org-chart.min.js")


@cache
def vendor_js() -> str:
    """d3, d3-flextree and d3-org-chart (report/vendor/, licences in LICENSES.txt), inlined so
    the page stays one file that works offline."""
    folder = resources.files("postsale.report") / "vendor"
    return "\n;\n".join((folder / name).read_text(encoding="utf-8") for name in _VENDOR)


@cache
def boxes_js() -> str:
    """The boxes' own script (report/js/org_boxes.js), shared with the web app's org chart page."""
    return (resources.files("postsale.report") / "js" / "org_boxes.js").read_text(encoding="utf-8")


def _box_words() -> dict[str, str]:
    """The box chart's own words for its script, in the active language: templates whose
    ``{n}`` the script fills with the number in the page's locale (``locale``)."""
    n = "{n}"
    return {"locale": BCP47[current().lang], "team": tr("report.org.js.team"),
            "more_titles": tr("report.org.js.more_titles", n=n),
            "seats": tr("report.org.js.seats", n=n), "tiers": tr("report.org.js.tiers"),
            "people": tr("report.org.js.people", n=n), "manager": tr("report.org.js.manager"),
            "more_people": tr("report.org.js.more_people", n=n),
            "open_one": tr("report.org.js.open_one", n=n),
            "open_many": tr("report.org.js.open_many", n=n),
            "open_plan": tr("report.org.js.open_plan", n=n),
            "box_one": tr("report.org.js.box_one", n=n), "box_many": tr("report.org.js.box_many", n=n),
            "comma": tr("report.sep.comma")}


#: The browser locale of each language (numbers in the box chart's script).
BCP47 = {"en": "en-US", "ms": "ms-MY", "ja": "ja-JP", "zh": "zh-CN", "pt": "pt-BR"}


def box_chart_data(plan: PlanResult, model: OrgModel,
                   seated: Mapping[str, str | None] | None = None) -> dict[str, Any]:
    """The box chart's data (``chart_boxes`` with colours and the script's words in the active
    language): the plan's open requisitions and the team's people belong to the recommended chart
    (the plan's headcount), so other models show neither. The HTML report embeds it; the web
    app's org chart page serves it as JSON."""
    rec = model == plan.org.recommended
    data = chart_boxes(plan.org.charts[model], plan.currency,
                       plan.headcount.hires if rec else None, seated if rec else None)
    data["colours"] = {"roles": ROLE_COLOUR, "leaders": list(_LEADER_SHADES)}
    data["words"] = _box_words()
    return data


def _boxes(plan: PlanResult, model: OrgModel, seated: Mapping[str, str | None] | None
           ) -> Markup:
    """The box chart's data as script-safe JSON (:func:`box_chart_data`)."""
    # Safe to mark: script_json escapes "<", ">" and "&", so no data string closes the element.
    return Markup(script_json(box_chart_data(plan, model, seated)))


def _open_note(plan: PlanResult, seated: Mapping[str, str | None] | None,
               unseated: Sequence[str] = ()) -> str:
    """How the page marks open requisitions, and the limit of what it knows; with a team file,
    also who has no seat of their role (``unseated``: their names or ids)."""
    if seated is not None:
        open_ = sum(name is None for name in seated.values())
        left = tr("report.org.unseated", n=len(unseated), names=tr("report.sep.comma").join(
            unseated[:8]) + (" …" if len(unseated) > 8 else "")) if unseated else ""
        return tr("report.org.seated", filled=len(seated) - open_, seats=len(seated),
                  open=open_) + left
    open_ = sum(n for role, n in plan.headcount.hires.items() if n > 0 and role != "total")
    if not open_:
        return tr("report.org.no_open")
    return tr("report.org.open_to_fill", n=open_)


def _section(plan: PlanResult, model: OrgModel, first: bool,
             seated: Mapping[str, str | None] | None = None,
             unseated: Sequence[str] = ()) -> dict[str, Any]:
    org = plan.org
    graph = org.charts[model]
    cost = float(graph.get("cost", 0.0))
    counts: dict[str, int] = dict(graph.get("headcount", {}))
    total = counts.get("total", len(graph.get("nodes", ())))
    score = org.scores.get(model)
    fig = org_chart_figure(graph, plan.currency)
    chart = fig.to_html(full_html=False, include_plotlyjs=first, config=_PLOTLY_CONFIG,
                        div_id=f"org-chart-{model}")
    profile = org.profiles.get(model, {})
    return {
        "key": str(model), "label": label(model),
        "recommended": model == org.recommended,
        "score": fmt.number(score) if score is not None else "—",
        "score_width": max(0.0, min(100.0, score or 0.0)),
        "headcount": fmt.number(total), "cost": money(cost, plan.currency),
        "cost_share": pct(cost / plan.arr) if plan.arr else "—",
        "per_customer": money(cost / plan.customers, plan.currency) if plan.customers else "—",
        "roles": [{"label": short_role(r), "count": n} for r, n in counts.items()
                  if r != "total" and n],
        # Safe to mark: Plotly's own snippet; data strings in it were escaped above and Plotly
        # escapes "<" in its JSON.
        "chart": Markup(chart),
        "boxes": _boxes(plan, model, seated),
        "open_note": _open_note(plan, seated, unseated) if model == org.recommended else "",
        "people": seated is not None and model == org.recommended,
        "legend": _legend(graph),
        "differences": list(graph.get("differences", ())),
        "notes": list(graph.get("notes", ())),
        "reasons": [str(r) for r in org.reasons.get(model, ())],
        "pros": list(profile.get("pros", ())), "cons": list(profile.get("cons", ())),
        "advice": list(profile.get("make_it_work", ())),
        "units": [{"name": u.get("name", ""), "kind": u.get("kind", ""),
                   "accounts": fmt.number(int(u.get("accounts", 0))),
                   "arr": money(float(u.get("arr", 0.0)), plan.currency),
                   "positions": u.get("positions", 0), "detail": u.get("detail", "")}
                  for u in graph.get("units", ())],
        "links": _links(graph),
        "coverage": _coverage(graph["coverage"]) if graph.get("coverage") else None,
    }


def _recommended(plan: PlanResult) -> dict[str, Any]:
    org = plan.org
    ru = org.runner_up
    arch = org.architecture
    point = str(arch.get("intervention_point", ""))
    point_label, point_scope = intervention_point(point)
    depts = arch.get("departments", {})
    band = org.variable_pay.get("share_of_salary") or []
    return {
        "runner_up": {"label": label(str(ru.get("model"))),
                      "score": fmt.number(float(ru.get("score", 0))),
                      "gap": fmt.number(float(ru.get("gap", 0))),
                      "changes": list(ru.get("what_would_change", ()))} if ru else None,
        "architecture": {
            "departments": [{"label": name, "count": depts.get(key, 0)}
                            for key, name in departments()],
            "point": point_label, "scope": point_scope,
            "reason": arch.get("intervention_reason", ""),
            "merge": bool(arch.get("merge_implementation_into_csm")),
            "merge_reason": arch.get("merge_reason", ""),
            "phase": dict(arch.get("phase") or {}),
        } if arch else None,
        "handoffs": [{"from": h.get("from", ""), "to": h.get("to", ""), "owner": h.get("owner", ""),
                      "window": h.get("shared_window", ""), "checklist": list(h.get("checklist", ())),
                      "metric": h.get("metric", "")} for h in org.handoffs],
        "careers": [{"role": tr("report.sep.comma").join(roles), "steps": str(path).split(" → ")}
                    for path, roles in _same_path(org.careers).items()],
        "pay": {"band": f"{_smart_pct(band[0])}–{_smart_pct(band[1])}" if len(band) == 2 else "",
                "tied_to": list(org.variable_pay.get("tied_to", ())),
                "note": org.variable_pay.get("note", "")} if org.variable_pay else None,
    }


def _same_path(careers: Mapping[str, object]) -> dict[object, list[str]]:
    """Roles sharing one career path listed together (the three CSM tiers share S0's ladder)."""
    paths: dict[object, list[str]] = {}
    for role, path in careers.items():
        paths.setdefault(path, []).append(short_role(role))
    return paths


def _comparison(plan: PlanResult, order: list[OrgModel]) -> list[dict[str, Any]]:
    rec = plan.org.charts.get(plan.org.recommended, {})
    rec_total = int(rec.get("headcount", {}).get("total", 0))
    rec_cost = float(rec.get("cost", 0.0))
    rows = []
    for m in order:
        g = plan.org.charts[m]
        total = int(g.get("headcount", {}).get("total", 0))
        cost = float(g.get("cost", 0.0))
        is_rec = m == plan.org.recommended
        score = plan.org.scores.get(m)
        rows.append({
            "key": str(m), "label": label(m), "recommended": is_rec,
            "score": fmt.number(score) if score is not None else "—",
            "width": max(0.0, min(100.0, score or 0.0)),
            "headcount": fmt.number(total), "cost": money(cost, plan.currency),
            "delta_people": "" if is_rec else ("+" if total >= rec_total else "")
            + fmt.number(total - rec_total),
            "delta_cost": "" if is_rec else ("+" if cost >= rec_cost else "")
            + money(cost - rec_cost, plan.currency),
        })
    return rows


def render_org_html(plan: PlanResult, model: OrgModel | None = None,
                    seated: Mapping[str, str | None] | None = None,
                    unseated: Sequence[str] = ()) -> str:
    """The org design as one self-contained HTML page (works offline; no network requests):
    ``model`` alone, or every charted model with the recommended one first. ``seated`` (seat id
    of the recommended chart → the team file's name in it, None when open;
    ``core.assignment.roster.seat_people``) puts people on the recommended chart's seats; the page
    names the ``unseated`` (people with no seat of their role)."""
    order = model_order(plan, model) if plan.org.charts else []
    sections = [_section(plan, m, (i == 0), seated, unseated) for i, m in enumerate(order)]
    template = _env().get_template("org.html")
    return template.render(
        plan=plan, arr=money(plan.arr, plan.currency),
        recommended=label(plan.org.recommended),
        sections=sections, comparison=_comparison(plan, order) if len(order) > 1 else [],
        design=_recommended(plan) if plan.org.recommended in order else None,
        # Safe to mark: the vendored libraries, checked to hold no "</script" (tests).
        vendor_js=Markup(vendor_js()) if sections else "",
        # Safe to mark: postsale's own script file (no "</script", tests), no data in it.
        boxes_js=Markup(boxes_js()) if sections else "",
    )
