"""The org design in the terminal: each model's chart as a Rich tree, and why it looks that way.

A chart (``PlanResult.org.charts[model]``, the ``to_graph()`` dict of ``OrgChart``) holds one
node per seat. The tree shows every *leader* (a leadership role, or any seat with reports, such as
a player-coach lead) and aggregates the individual contributors under each leader by title:
"4 × Enterprise CSM (high touch) — 39 accounts". A leader with more than
:data:`MAX_SAME_TITLE` leader reports of the same title shows the first few and "… and N more", so a
chart of thousands of seats stays readable. :func:`org_tree` is the shared, renderer-neutral tree
(the HTML report draws the same tree with Plotly).

Every string from the data goes into ``rich.text.Text`` (never parsed as markup), so a title or a
reason like ``[[growth]]`` prints literally.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from postsale.i18n import current, tr
from postsale.keys import LEADERSHIP_ROLES, ROLE_KEYS, OrgModel
from postsale.report import fmt
from postsale.report.fmt import label, short_role
from postsale.report.text import money, pct
from postsale.results import PlanResult

__all__ = [
    "MAX_SAME_TITLE",
    "CoverageView",
    "LeaderNode",
    "SeatGroup",
    "chart_tree",
    "coverage_view",
    "departments",
    "folded_children",
    "hour_runs",
    "intervention_point",
    "model_order",
    "org_tree",
    "render_org_text",
    "reporting_tree",
]

#: A leader with more leader reports of one title than this shows only :data:`SHOWN_WHEN_FOLDED`.
MAX_SAME_TITLE = 12
SHOWN_WHEN_FOLDED = 3

def departments() -> tuple[tuple[str, str], ...]:
    """S2's four departments, in order, with their names in the active language."""
    return (("implementation_and_delivery", tr("report.org.dept.implementation_and_delivery")),
            ("customer_success", tr("report.org.dept.customer_success")),
            ("operations_center", tr("report.org.dept.operations_center")),
            ("service_support", tr("report.org.dept.service_support")))


def intervention_point(point: str) -> tuple[str, str]:
    """S2's intervention point and its scope ("After delivery", "service + renewal")."""
    if point == "after_delivery":
        return tr("report.org.point.after_delivery"), tr("report.org.scope.after_delivery")
    if point == "after_the_deal":
        return tr("report.org.point.after_the_deal"), tr("report.org.scope.after_the_deal")
    if point == "before_the_deal":
        return tr("report.org.point.before_the_deal"), tr("report.org.scope.before_the_deal")
    return point.replace("_", " ").capitalize(), ""
_ROLE_STYLE = {"csm_high_touch": "blue", "csm_low_touch": "cyan", "csm_tech_touch": "green",
               "implementation_specialist": "dark_orange", "support_engineer": "magenta",
               "renewals_specialist": "yellow", "cs_ops": "bright_blue", "tam": "purple"}
_LEADERS = {str(r) for r in LEADERSHIP_ROLES}
_ROLE_RANK = {str(r): i for i, r in enumerate(ROLE_KEYS)}


@dataclass(frozen=True)
class SeatGroup:
    """Individual contributors under one leader with the same title; for regional seats, the
    languages spoken and time zones worked, each with how many of the seats it applies to."""

    title: str
    role: str
    count: int
    accounts: int
    cost: float
    languages: tuple[tuple[str, int], ...] = ()
    timezones: tuple[tuple[str, int], ...] = ()

    @property
    def label(self) -> str:
        return f"{self.count} × {self.title}"

    def spread(self, what: tuple[tuple[str, int], ...]) -> str:
        """"English, Spanish (1)": a count only where not every seat of the group has it."""
        return ", ".join(name if n == self.count else f"{name} ({n})" for name, n in what)


@dataclass
class LeaderNode:
    """A leader seat, the leaders reporting to it, and its individual contributors by group.

    ``headcount`` and ``cost`` cover the whole subtree, the leader included."""

    position: dict[str, Any]
    children: list[LeaderNode] = field(default_factory=list)
    groups: list[SeatGroup] = field(default_factory=list)
    headcount: int = 1
    cost: float = 0.0

    @property
    def title(self) -> str:
        return str(self.position.get("title", ""))

    @property
    def role(self) -> str:
        return str(self.position.get("role", ""))


def reporting_tree(graph: Mapping[str, Any]
                   ) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    """Each node's direct reports by node id, and the nodes reporting to no node of the graph
    (its tops), in graph order."""
    nodes: list[dict[str, Any]] = list(graph.get("nodes", ()))
    reports: dict[str, list[dict[str, Any]]] = {str(n["id"]): [] for n in nodes}
    roots: list[dict[str, Any]] = []
    for n in nodes:
        boss = n.get("reports_to")
        if boss is None or str(boss) not in reports:
            roots.append(n)
        else:
            reports[str(boss)].append(n)
    return reports, roots


def org_tree(graph: Mapping[str, Any]) -> LeaderNode:
    """The leader tree of a chart graph (``OrgChart.to_graph()``), ICs aggregated under leaders.

    A node stands for ``count`` seats (1 when absent) and its ``cost`` and ``accounts`` are their
    totals. A chart has one top seat; should a graph carry several, they hang under a synthetic
    "Organization" node so the tree still has one root."""
    reports, roots = reporting_tree(graph)

    def is_leader(n: dict[str, Any]) -> bool:
        return str(n.get("role")) in _LEADERS or bool(reports[str(n["id"])])

    def build(n: dict[str, Any]) -> LeaderNode:
        node = LeaderNode(position=n, headcount=int(n.get("count", 1)),
                          cost=float(n.get("cost", 0.0)))
        buckets: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for r in reports[str(n["id"])]:
            if is_leader(r):
                child = build(r)
                node.children.append(child)
                node.headcount += child.headcount
                node.cost += child.cost
            else:
                buckets.setdefault((str(r.get("title", "")), str(r.get("role", ""))), []).append(r)
        for (title, role), seats in sorted(
                buckets.items(), key=lambda kv: (_ROLE_RANK.get(kv[0][1], 99), kv[0])):
            langs: Counter[str] = Counter()
            zones: Counter[str] = Counter()
            for s in seats:
                n_seats = int(s.get("count", 1))
                for x in s.get("languages") or ():
                    langs[str(x)] += n_seats
                if s.get("timezone"):
                    zones[str(s["timezone"])] += n_seats
            group = SeatGroup(title=title, role=role, count=sum(int(s.get("count", 1))
                                                                for s in seats),
                              accounts=sum(int(s.get("accounts") or 0) for s in seats),
                              cost=sum(float(s.get("cost") or 0.0) for s in seats),
                              languages=tuple(langs.items()), timezones=tuple(zones.items()))
            node.groups.append(group)
            node.headcount += group.count
            node.cost += group.cost
        return node

    if len(roots) == 1:
        return build(roots[0])
    top = LeaderNode(position={"id": "__org__", "title": "Organization"}, headcount=0)
    for child in map(build, roots):
        top.children.append(child)
        top.headcount += child.headcount
        top.cost += child.cost
    return top


def folded_children(node: LeaderNode) -> list[LeaderNode | tuple[str, list[LeaderNode]]]:
    """The leader reports to show: runs of more than :data:`MAX_SAME_TITLE` same-family titles are
    cut to the first few plus a ``(family, hidden)`` marker, in first-appearance order."""
    families: dict[str, list[LeaderNode]] = {}
    shown: dict[str, str] = {}
    for child in node.children:  # "Pod Lead — Enterprise pod 12" is of family "… Enterprise pod"
        # the chart's family key (the title's code without its numbers) in every language; a
        # graph without one (older JSON) falls back to the title less a trailing number
        fallback = re.sub(r"\s*\d+$", "", child.title)
        key = str(child.position.get("family_key") or fallback)
        families.setdefault(key, []).append(child)
        shown.setdefault(key, str(child.position.get("family") or fallback))
    out: list[LeaderNode | tuple[str, list[LeaderNode]]] = []
    for key, members in families.items():
        if len(members) > MAX_SAME_TITLE:
            out.extend(members[:SHOWN_WHEN_FOLDED])
            out.append((shown[key], members[SHOWN_WHEN_FOLDED:]))
        else:
            out.extend(members)
    return out


def model_order(plan: PlanResult, model: OrgModel | None = None) -> list[OrgModel]:
    """The models to show: ``model`` alone, or every charted model, recommended first."""
    charts = plan.org.charts
    if model is not None:
        if model not in charts:
            known = ", ".join(charts) or "none"  # callers pass a model the plan charts
            raise KeyError(f"no {model} chart in this plan ({known})")  # i18n: not text
        return [model]
    rest = sorted((m for m in charts if m != plan.org.recommended),
                  key=lambda m: (-plan.org.scores.get(m, 0.0), str(m)))
    return ([plan.org.recommended] if plan.org.recommended in charts else []) + rest


def _plain(v: Any) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, Mapping):
        return ", ".join(f"{k}: {_plain(x)}" for k, x in v.items())
    if isinstance(v, (list, tuple)):
        return ", ".join(_plain(x) for x in v) if v else "none"
    return "—" if v is None else str(v)


def hour_runs(hours: Iterable[int]) -> str:
    """UTC hours as runs, "09–17, 22–02" (end exclusive, wrapping midnight), or "all 24 hours"."""
    on = sorted({int(h) % 24 for h in hours})
    if len(on) == 24:
        return "all 24 hours"
    runs: list[list[int]] = []
    for h in on:
        if runs and h == runs[-1][-1] + 1:
            runs[-1].append(h)
        else:
            runs.append([h])
    if len(runs) > 1 and runs[0][0] == 0 and runs[-1][-1] == 23:
        runs[0] = runs.pop() + runs[0]
    runs.sort(key=lambda r: r[0])
    return ", ".join(f"{r[0]:02d}–{(r[-1] + 1) % 24:02d}" for r in runs) or "none"


@dataclass
class CoverageView:
    """A geographic chart's ``coverage`` for reading: language cells by region (language,
    accounts, CSM seats, covered), the 24 UTC hours ("covered", "gap", "spare" = covered but not
    needed, "idle"), gaps, hubs, the summary, and any other key as (label, text) rows."""

    summary: str = ""
    follow_the_sun: bool | None = None
    regions: dict[str, list[tuple[str, int, int, bool]]] = field(default_factory=dict)
    language_gaps: list[str] = field(default_factory=list)
    hours: list[str] = field(default_factory=list)
    covered: str = ""
    hour_gaps: list[str] = field(default_factory=list)
    hubs: list[str] = field(default_factory=list)
    other: list[tuple[str, str]] = field(default_factory=list)


def coverage_view(coverage: Any) -> CoverageView:
    """Read ``org.charts.geographic.coverage`` (``core.org.coverage``'s shape); keys it does not
    know, or a different shape altogether, still show up as plain rows."""
    view = CoverageView()
    if not isinstance(coverage, Mapping):
        view.other.append(("coverage", _plain(coverage)))
        return view
    # messages are read as such; the JSON's ``<key>_msg`` codes beside them are not rows
    rest = {k: v for k, v in coverage.items() if not str(k).endswith("_msg")}
    view.summary = str(rest.pop("summary", "") or "")
    langs = rest.pop("languages", None)
    if isinstance(langs, list) and all(isinstance(x, Mapping) for x in langs):
        for row in langs:
            view.regions.setdefault(str(row.get("region", "")), []).append(
                (str(row.get("language", "")), int(row.get("accounts") or 0),
                 int(row.get("positions") or 0), bool(row.get("covered"))))
    elif langs is not None:
        view.other.append(("languages", _plain(langs)))
    view.language_gaps = [str(g) for g in rest.pop("language_gaps", None) or ()]
    hours = rest.pop("hours", None)
    if isinstance(hours, Mapping):
        hours = dict(hours)
        covered = {int(h) for h in hours.pop("covered_utc_hours", None) or ()}
        needed = {int(h) for h in hours.pop("needed_utc_hours", None) or ()}
        view.hours = [("covered" if h in needed else "spare") if h in covered else
                      ("gap" if h in needed else "idle") for h in range(24)]
        view.covered = hour_runs(covered)
        for gap in hours.pop("gaps", None) or ():
            if isinstance(gap, Mapping):
                where = ", ".join(str(r) for r in gap.get("regions") or ())
                view.hour_gaps.append(f"{gap.get('utc_hours', '?')} UTC: "
                                      f"{int(gap.get('accounts') or 0):,} accounts"
                                      + (f" ({where})" if where else ""))
        if "follow_the_sun" in hours:
            view.follow_the_sun = bool(hours.pop("follow_the_sun"))
        view.hubs = [str(z) for z in hours.pop("support_time_zones", None) or ()]
        rest.update({f"hours {k}": v for k, v in hours.items() if v})
    elif hours is not None:
        view.other.append(("hours", _plain(hours)))
    if "follow_the_sun" in rest:
        view.follow_the_sun = bool(rest.pop("follow_the_sun"))
    view.other += [(str(k).replace("_", " "), _plain(v)) for k, v in rest.items()]
    return view


def _group_text(group: SeatGroup, currency: str) -> Text:
    line = Text(group.label, style=_ROLE_STYLE.get(group.role, ""))
    details = []
    if group.accounts:
        each = group.accounts / group.count
        details.append(tr("report.kpi.accounts_note", n=group.accounts) +
                       (tr("report.org_text.each", n=fmt.number(each)) if group.count > 1
                        else ""))
    if group.languages:
        details.append(group.spread(group.languages))
    if group.timezones:
        details.append(group.spread(group.timezones))
    if details:
        line.append(" — " + " · ".join(details))
    line.append(f"  {money(group.cost, currency)}", style="dim")
    return line


def _leader_text(node: LeaderNode, currency: str) -> Text:
    line = Text(node.title, style="bold")
    line.append(f"  {_people(node.headcount)} · {money(node.cost, currency)}", style="dim")
    return line


def _grow(branch: Tree, node: LeaderNode, currency: str) -> None:
    for item in folded_children(node):
        if isinstance(item, LeaderNode):
            _grow(branch.add(_leader_text(item, currency)), item, currency)
        else:
            family, hidden = item
            people = sum(h.headcount for h in hidden)
            branch.add(Text("… " + tr("report.org_text.more_family", n=len(hidden), family=family,
                                      people=_people(people),
                                      cost=money(sum(h.cost for h in hidden), currency)),
                            style="italic"))
    for group in node.groups:
        branch.add(_group_text(group, currency))


def chart_tree(graph: Mapping[str, Any], currency: str = "USD") -> Tree:
    """The chart as a Rich tree: leaders as nodes, ICs aggregated by title under each leader."""
    root = org_tree(graph)
    tree = Tree(_leader_text(root, currency), guide_style="grey50")
    _grow(tree, root, currency)
    return tree


def _bullets(title: str, items: Iterable[object], style: str = "bold") -> RenderableType:
    """A bold title over bullet points with hanging indents (wrapped lines align with the text)."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(width=3, justify="right")
    grid.add_column(ratio=1)
    for item in items:
        grid.add_row("•", item if isinstance(item, Text) else Text(str(item)))  # str: a message
    return Group(Text(title, style=style), grid)


def _people(n: int) -> str:
    return tr("report.advice.people", n=n)


def _headcount_line(graph: Mapping[str, Any], currency: str, plan: PlanResult | None = None
                    ) -> Text:
    counts: dict[str, int] = dict(graph.get("headcount", {}))
    total = counts.get("total", len(graph.get("nodes", ())))
    cost = money(float(graph.get("cost", 0.0)), currency)
    line = Text(tr("report.org_text.headcount", n=total, cost=cost), style="bold")
    budget = plan.economics.budget if plan is not None else None
    if plan is not None and budget is not None and plan.arr > 0:
        full = float(graph.get("cost", 0.0)) + plan.economics.technology_cost
        line.append(tr("report.org_text.within_budget", share=full / plan.arr,
                       budget=budget.share) if full <= budget.amount else
                    tr("report.org_text.over_budget", share=full / plan.arr,
                       budget=budget.share), style="")
    parts = [f"{short_role(r)} {n}" for r, n in counts.items() if r != "total" and n]
    if parts:
        line.append("\n" + " · ".join(parts), style="")
    return line


def _model_body(plan: PlanResult, model: OrgModel) -> list[RenderableType]:
    graph = plan.org.charts[model]
    org = plan.org
    parts: list[RenderableType] = [chart_tree(graph, plan.currency),
                                   _headcount_line(graph, plan.currency, plan)]
    if graph.get("differences"):
        parts.append(_bullets(tr("report.org.differs"), graph["differences"]))
    if graph.get("notes"):
        parts.append(_bullets(tr("report.org.notes"), graph["notes"]))
    score = org.scores.get(model)
    parts.append(_bullets(tr("report.org.fit_score", score=fmt.number(score)) if score is not None
                          else tr("report.org.fit") + " —",
                          [str(r) for r in org.reasons.get(model, ())]
                          or [tr("report.plan.no_adjustments")]))
    profile = org.profiles.get(model, {})
    if any(profile.get(k) for k in ("pros", "cons", "make_it_work")):
        parts.append(_profile_table(profile))
    if graph.get("coverage"):
        parts.append(_coverage(graph["coverage"]))
    if model == org.recommended:
        parts.extend(_recommended_extras(plan))
    spaced: list[RenderableType] = []
    for part in parts:
        spaced.extend((part, Text("")))
    return spaced[:-1]


def _profile_table(profile: Mapping[str, Sequence[object]]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
    columns = (("pros", tr("report.org.pros"), "green"), ("cons", tr("report.org.cons"), "red"),
               ("make_it_work", tr("report.org.make_it_work"), "cyan"))
    for _, title, style in columns:
        table.add_column(title, header_style=f"bold {style}", ratio=1)
    table.add_row(*(Text("\n".join(f"• {x}" for x in profile.get(key, ()))) for key, _, _ in columns))
    return table


def _coverage(coverage: Any) -> RenderableType:
    view = coverage_view(coverage)
    items: list[str | Text] = []
    pairs = [c for cells in view.regions.values() for c in cells]
    if pairs:
        items.append(tr("report.org_text.languages", covered=sum(c[3] for c in pairs),
                        n=len(pairs)))
    for region, cells in view.regions.items():
        line = Text(f"{region}: ", style="bold")
        for i, (lang, accounts, seats, ok) in enumerate(cells):
            line.append(tr("report.sep.comma") if i else "")
            line.append(f"{lang} {fmt.number(accounts)} ({tr('report.advice.csms', n=seats)})"
                        if ok else f"✗ {lang} {fmt.number(accounts)} ({tr('report.org.no_csm')})",
                        style="" if ok else "bold red")  # i18n: not text
        items.append(line)
    if view.hours:
        sun = "—" if view.follow_the_sun is None else current().value(view.follow_the_sun)
        hours = tr("report.org_text.all_hours") if view.covered.startswith("all") \
            else f"{view.covered} UTC"
        items.append(tr("report.org_text.support_hours", hours=hours, sun=sun))
    items += [Text(tr("report.org.uncovered") + " " + g, style="red") for g in view.hour_gaps]
    items += [tr("report.org.hubs", hubs=tr("report.sep.comma").join(view.hubs))] \
        if view.hubs else []
    if not (view.regions or view.hours):
        items += ([view.summary] if view.summary else []) + view.language_gaps
    items += [f"{label}: {text}" for label, text in view.other]
    return _bullets(tr("report.org_text.coverage"), items)


def _recommended_extras(plan: PlanResult) -> list[RenderableType]:
    org = plan.org
    out: list[RenderableType] = []
    ru = org.runner_up
    if ru:
        head = tr("report.org_text.runner_up", model=label(str(ru.get("model"))),
                  score=fmt.number(float(ru.get("score", 0))),
                  gap=fmt.number(float(ru.get("gap", 0))))
        out.append(_bullets(head, ru.get("what_would_change", ())))
    arch = org.architecture
    if arch:
        depts = arch.get("departments", {})
        point = str(arch.get("intervention_point", ""))
        names = dict(departments())
        where, scope = intervention_point(point)
        merged = tr("report.org.merged") if arch.get("merge_implementation_into_csm") \
            else tr("report.org.separate")
        phase = arch.get("phase") or {}
        out.append(_bullets(tr("report.org.architecture"), [
            tr("report.org_text.departments", list=" · ".join(
                f"{names.get(k, k)} {v}" for k, v in depts.items())),
            tr("report.org_text.intervention",
               point=where.lower() if current().lang == "en" else where,
               scope=scope, reason=arch.get("intervention_reason", "")),
            tr("report.org_text.merge", merged=merged[:1].lower() + merged[1:]
               if current().lang == "en" else merged, reason=arch.get("merge_reason", "")),
        ] + ([_phase_line(phase)] if phase else [])))
    if org.handoffs:
        out.append(_handoffs(org.handoffs))
    if org.careers:
        paths: dict[object, list[str]] = {}  # a career path is a message
        for role, path in org.careers.items():
            paths.setdefault(path, []).append(short_role(role))
        out.append(_bullets(tr("report.org.careers"), (
            f"{tr('report.sep.comma').join(roles)}: {path}" for path, roles in paths.items())))
    vp = org.variable_pay
    if vp:
        band = vp.get("share_of_salary") or []
        share = tr("report.org_text.of_salary", band=f"{pct(band[0], 0)}–{pct(band[1], 0)}") \
            if len(band) == 2 else ""
        tied = tr("report.org_text.tied_to", items=tuple(str(x) for x in vp["tied_to"])) \
            if vp.get("tied_to") else ""
        lines = [tr("report.sep.comma").join(x for x in (share, tied) if x),
                 str(vp.get("note") or "")]
        out.append(_bullets(tr("report.org.variable_pay"), [x for x in lines if x]))
    return out


def _phase_line(phase: Mapping[str, Any]) -> str:
    """S4 specialization phase, its next step and the trigger behind it."""
    return (tr("report.org_text.phase", number=phase.get("number", "?"),
               name=phase.get("name", ""))
            + (tr("report.org_text.next", step=phase["next_step"]) if phase.get("next_step")
               else "")
            + (tr("report.org_text.trigger", trigger=phase["trigger"]) if phase.get("trigger")
               else ""))


def _handoffs(handoffs: Sequence[Mapping[str, Any]]) -> RenderableType:
    items = []
    for h in handoffs:
        item = Text(f"{h.get('from', '')} → {h.get('to', '')}", style="bold")
        item.append(" — " + tr("report.org_text.owner_window", owner=h.get("owner", ""),
                               window=h.get("shared_window", "")), style="")
        for key in ("checklist", "metric"):
            if h.get(key):
                item.append("\n" + (tr("report.org_text.checklist") if key == "checklist"
                                    else tr("report.org_text.metric")), style="italic")
                value = h[key]
                item.append("; ".join(map(str, value)) if isinstance(value, list) else str(value))
        items.append(item)
    return _bullets(tr("report.org_text.handoffs"), items)


def _title(plan: PlanResult, model: OrgModel) -> Text:
    title = Text(tr("report.org.model_heading", model=label(model)), style="bold")
    if model == plan.org.recommended:
        title.append(" — " + tr("report.plan.recommended_badge"),
                     style="bold green")  # i18n: not text
    if (score := plan.org.scores.get(model)) is not None:
        title.append(" · " + tr("report.org.fit_score", score=fmt.number(score)).lower()
                     if current().lang == "en" else
                     " · " + tr("report.org.fit_score", score=fmt.number(score)))
    return title


def render_org_text(plan: PlanResult, console: Console, model: OrgModel | None = None) -> None:
    """Print the org design: ``model``'s chart, or all four (recommended first, marked), each as
    a tree with its headcount, cost, differences from the plan, fit and pros/cons/advice; the
    recommended model adds runner-up, architecture, handoffs, careers and variable pay."""
    header = Text(plan.company, style="bold")
    header.append(tr("report.org_text.header", customers=plan.customers,
                     arr=money(plan.arr, plan.currency)))
    if not plan.org.charts:
        console.print(Group(header, Text(tr("report.org.no_charts"), style="yellow")))
        return
    econ = plan.economics
    if econ.budget is not None:
        header.append("\n" + tr(
            "report.org_text.budget", budget=money(econ.budget.amount, plan.currency),
            share=econ.budget.share, explanation=econ.budget.explanation,
            cost=money(econ.full_cost, plan.currency),
            cost_share=econ.full_cost_share_of_revenue or 0.0,
            today=money(econ.current_team_cost, plan.currency),
            median=econ.published_median_share), style="")
    panels: list[RenderableType] = [header]
    for m in model_order(plan, model):
        panels.append(Panel(Group(*_model_body(plan, m)), title=_title(plan, m),
                            title_align="left", box=box.ROUNDED,
                            border_style="green" if m == plan.org.recommended else "grey50"))
    console.print(Group(*panels))
