"""The board pack (issue 13 item 2): a short printable document a CS leader takes to the board.

Page 1 is a one-page summary (the funded plan, its cost share against the budget and the published
median, the top three decisions); then tiers and economics, the org chart overview, the hiring
calendar over the roadmap, the owner changes (when the book names its current owners), and last
the assumptions: only the benchmarks the shown figures cite. Everything is read from the
:class:`PlanResult` (and the :class:`AssignmentRun`), never re-derived; every figure of the summary
keeps its raw value beside its text (:class:`Decision`, :func:`summary_figures`) so the page can be
rendered from data later (issue 13 item 1).

HTML through Jinja2 (autoescaped), charts as static SVG (``board_svg``), PDF through WeasyPrint
with the page size (A4 or Letter) and "page X of Y" from CSS ``@page`` rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from postsale.i18n import tr
from postsale.keys import ROLE_KEYS, TIER_KEYS
from postsale.report import fmt
from postsale.report.advice_rows import phase_rows, roadmap_lines
from postsale.report.board_leaders import leader_pages
from postsale.report.board_svg import Bar, CalendarRow, bar_chart, calendar_chart, org_overview
from postsale.report.fmt import label
from postsale.report.html import TIER_COLOUR, _env, verdict_label
from postsale.report.org_text import org_tree
from postsale.results import PlanResult

if TYPE_CHECKING:
    from postsale.api import AssignmentRun

__all__ = ["PAPER", "Decision", "board_context", "board_pdf", "cited_benchmarks", "decisions",
           "render_board_html", "summary_figures"]

Paper = Literal["a4", "letter"]
#: CSS page sizes (mm): the page box every chart is drawn to fit.
PAPER: dict[str, tuple[float, float]] = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
_CALENDAR_ROWS = 16  # hiring rows drawn; the rest are counted under the chart
#: the sections whose figures the pack shows, and so whose benchmarks it lists: each whole
#: (recursively), or only its own top-level ``sources`` (the org and roadmap detail is elsewhere)
_CITED_WHOLE = ("economics", "funding", "tiers")
_CITED_TOP = ("stage",)


@dataclass(frozen=True)
class Decision:
    """One of the summary's three decisions: a stable ``code``, its sentence, and its figures."""

    code: str
    title: str
    detail: str
    figures: dict[str, float | int | str | None] = field(default_factory=dict)


def summary_figures(plan: PlanResult) -> dict[str, float | int | None]:
    """The raw figures page 1 shows (the plan's own numbers; the test compares them to its JSON)."""
    econ, funding = plan.economics, plan.funding
    return {
        "customers": plan.customers,
        "arr": plan.arr,
        "people_now": plan.headcount.current["total"],
        "people_planned": plan.headcount.required["total"],
        "cost": econ.full_cost,
        "cost_share": econ.full_cost_share_of_revenue,
        "needed_share": funding.needed_share if funding else None,
        "budget_share": econ.budget.share if econ.budget else None,
        "budget": econ.budget.amount if econ.budget else None,
        "published_median_share": econ.published_median_share,
        "hires": plan.advice.roadmap.hires_total if plan.advice else None,
    }


def decisions(plan: PlanResult) -> list[Decision]:
    """The top three decisions: how the plan is funded, the biggest hires, and the model."""
    return [_funding_decision(plan), _hiring_decision(plan), _model_decision(plan)]


def _funding_decision(plan: PlanResult) -> Decision:
    econ, funding, cur = plan.economics, plan.funding, plan.currency
    people = plan.headcount.required["total"]
    cost = tr("report.board.cost_share", cost=fmt.money(econ.full_cost, cur),
              share=fmt.percent(econ.full_cost_share_of_revenue))
    figures: dict[str, float | int | str | None] = {
        "people": people, "cost": econ.full_cost, "share": econ.full_cost_share_of_revenue}
    if funding is None or econ.budget is None:
        return Decision("fund_plan", tr("report.board.fund_plan", people=people, cost=cost), "",
                        figures)
    budget = fmt.percent(econ.budget.share)
    figures |= {"status": funding.status, "budget_share": econ.budget.share,
                "levers": len(funding.steps), "saving": sum(s.saving for s in funding.steps)}
    if funding.status == "needed_fits":
        return Decision("funding_needed_fits",
                        tr("report.board.needed_fits", people=people, cost=cost, budget=budget),
                        str(econ.budget.explanation), figures)
    levers = tr("report.sep.semicolon").join(str(s.description) for s in funding.steps)
    saving = fmt.money(sum(s.saving for s in funding.steps), cur)
    if funding.status == "funded":
        needed = funding.needed_headcount["total"]
        return Decision("funding_funded", tr("report.board.funded", people=people, needed=needed,
                                             cost=cost, budget=budget),
                        tr("report.board.levers", n=len(funding.steps), saving=saving,
                           levers=levers), figures)
    return Decision("funding_exceeds_budget",
                    tr("report.board.exceeds_budget", budget=budget, people=people, cost=cost),
                    levers, figures)


def _hiring_decision(plan: PlanResult) -> Decision:
    if plan.advice is None or not plan.advice.roadmap.hires_total:
        surplus = sum(n for n in plan.headcount.surplus.values())
        return Decision("no_hires", tr("report.board.no_hires"),
                        tr("report.board.surplus", n=surplus) if surplus else "", {"hires": 0})
    r = plan.advice.roadmap
    ranked = sorted(r.hires_by_role.items(), key=lambda kv: (-kv[1], kv[0]))
    top = tr("report.sep.comma").join(fmt.role_count(role, n) for role, n in ranked[:3] if n)
    last = max(h.start_date for h in r.hires)
    first = min(h.open_date for h in r.hires)
    return Decision("hire", tr("report.board.hire", n=r.hires_total, date=last.isoformat(),
                               top=top),
                    tr("report.board.first_requisition", date=first.isoformat(),
                       most=r.max_starts_per_month),
                    {"hires": r.hires_total, "first_open": first.isoformat(),
                     "last_start": last.isoformat(), "top_role": ranked[0][0]})


def _model_decision(plan: PlanResult) -> Decision:
    detail = str(plan.advice.selection.recommendation.sentence) if plan.advice else ""
    return Decision("model", tr("report.board.model", org=plan.org.recommended,
                                line=label(plan.reporting_line.recommended)), detail,
                    {"org_model": str(plan.org.recommended),
                     "reporting_line": str(plan.reporting_line.recommended),
                     "org_score": plan.org.scores[plan.org.recommended]})


def _cost_chart(plan: PlanResult) -> Any:
    """Cost share of ARR: the plan, the need (when different), the published median; the budget
    as the dashed line."""
    econ, funding = plan.economics, plan.funding
    bars = [Bar(tr("report.board.bar.recommended"), econ.full_cost_share_of_revenue or 0.0,
                fmt.percent(econ.full_cost_share_of_revenue), "#4338ca")]
    if funding is not None and funding.needed_share is not None and funding.status != "needed_fits":
        bars.append(Bar(tr("report.board.bar.needed"), funding.needed_share,
                        fmt.percent(funding.needed_share), "#94a3b8"))
    bars.append(Bar(tr("report.board.bar.median"), econ.published_median_share,
                    fmt.percent(econ.published_median_share), "#0e7490"))
    marker = None if econ.budget is None else (
        econ.budget.share, tr("report.board.budget_marker", share=fmt.percent(econ.budget.share)))
    return bar_chart(bars, tr("report.board.cost_chart"), marker=marker)


def _tier_chart(plan: PlanResult) -> Any:
    bars = []
    for t in TIER_KEYS:
        s = plan.tiers[t]
        bars.append(Bar(tr("report.board.bar.accounts", tier=label(t)), s.share_of_accounts,
                        fmt.percent(s.share_of_accounts), "#cbd5e1"))
        bars.append(Bar(tr("report.board.bar.arr", tier=label(t)), s.share_of_arr,
                        fmt.percent(s.share_of_arr), TIER_COLOUR[t]))
    return bar_chart(bars, tr("report.board.tier_chart"))


def _tier_rows(plan: PlanResult) -> list[dict[str, str]]:
    cur = plan.currency
    rows = []
    for t in TIER_KEYS:
        s, e = plan.tiers[t], plan.economics.per_tier[t]
        rows.append({"label": label(t), "accounts": fmt.number(s.accounts),
                     "arr": fmt.money(s.arr, cur), "acv": fmt.money(s.average_acv, cur),
                     "per_csm": "—" if e.accounts_per_csm is None else fmt.number(
                         e.accounts_per_csm),
                     "cost": fmt.money(e.cost_per_customer, cur),
                     "share": fmt.percent(e.cost_share_of_revenue),
                     "verdict": verdict_label(e.verdict)})
    return rows


def _org(plan: PlanResult) -> dict[str, Any]:
    model = plan.org.recommended
    graph = plan.org.charts.get(model)
    roles = [{"label": label(r), "now": plan.headcount.roles[r].current,
              "planned": plan.headcount.roles[r].required,
              "cost": fmt.money(plan.headcount.roles[r].cost, plan.currency)}
             for r in ROLE_KEYS if plan.headcount.roles[r].required or
             plan.headcount.roles[r].current]
    if not graph:
        return {"svg": None, "roles": roles}
    root = org_tree(graph)
    describe = {}
    for child in root.children:
        groups = sorted(child.groups, key=lambda g: -g.count)
        describe[id(child)] = tr("report.sep.comma").join(f"{g.count} {g.title}"
                                                          for g in groups[:2])
    svg = org_overview(root, fmt.money(root.cost, plan.currency),
                       tr("report.board.org_overview", model=label(model)), describe)
    return {"svg": svg, "roles": roles}


def _leaders(plan: PlanResult) -> dict[str, Any]:
    """One page per leader under the head of CS (``board_leaders``)."""
    pages, rest = leader_pages(plan.org.charts.get(plan.org.recommended), plan.currency)
    return {"pages": pages, "rest": rest}


def _calendar(plan: PlanResult) -> dict[str, Any] | None:
    if plan.advice is None:
        return None
    r = plan.advice.roadmap
    rows = [CalendarRow(f"{h.count} × {label(h.role)}", h.open_date, h.start_date,
                        h.productive_date) for h in r.hires[:_CALENDAR_ROWS]]
    bands = [(str(p.title), p.start,
              p.end or max([p.start, *(x.productive_date for x in r.hires)]))
             for p in r.phases]
    return {"svg": calendar_chart(rows, bands, tr("report.board.calendar_chart"))
            if rows else None,
            "more": sum(h.count for h in r.hires[_CALENDAR_ROWS:]),
            "phases": phase_rows(plan), "lines": roadmap_lines(plan)}


def _owners(assignment: AssignmentRun | None) -> dict[str, Any] | None:
    """The owner changes, when the book names its current owners (else the section says how)."""
    if assignment is None or assignment.diff.kept + assignment.diff.moves == 0:
        return None  # no owner on file matched anyone: nothing moves, everything is placed
    d = assignment.diff
    return {"moves": fmt.number(d.moves), "kept": fmt.number(d.kept),
            "placed": fmt.number(d.placed), "to_pool": fmt.number(d.to_pool),
            "reasons": [(reason, fmt.number(n)) for reason, n in d.by_reason[:5]],
            "departed": [(who, fmt.number(n)) for who, n in d.from_departed[:5]]}


def _sources(data: object) -> Iterator[str]:
    """Every benchmark key a result names in its ``sources``, depth first."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "sources" and isinstance(value, list):
                yield from (str(v) for v in value)
            else:
                yield from _sources(value)
    elif isinstance(data, list):
        for value in data:
            yield from _sources(value)


def cited_benchmarks(plan: PlanResult) -> list[dict[str, str]]:
    """The benchmarks the pack's sections cite (their ``sources``), not the whole table."""
    data = plan.to_dict()
    entries: dict[str, dict[str, Any]] = plan.benchmarks.get("entries", {})
    advice = data.get("advice") or {}
    tops = [data[s].get("sources", []) for s in _CITED_TOP]
    tops.append((advice.get("roadmap") or {}).get("sources", []))
    keys = [*(k for s in _CITED_WHOLE for k in _sources(data.get(s))),
            *(str(k) for top in tops for k in top)]
    cited = dict.fromkeys(k for k in keys if k in entries)
    rows = []
    for key in sorted(cited):
        e = entries[key]
        as_pct = str(e.get("unit", "")).startswith("fraction")
        value = float(e["value"])
        rows.append({"key": key,
            "value": fmt.percent(value) if as_pct else fmt.number(
                value, 0 if value.is_integer() else 2),
            "unit": "" if as_pct else str(e.get("unit", "")), "source": str(e.get("source", "")),
            "overridden": "yes" if e.get("overridden") else ""})
    return rows


def board_context(plan: PlanResult, assignment: AssignmentRun | None = None,
                  paper: Paper = "a4") -> dict[str, Any]:
    cur = plan.currency
    figures = summary_figures(plan)
    return {
        "plan": plan, "paper": paper, "figures": figures,
        "arr": fmt.money(plan.arr, cur), "cost": fmt.money(plan.economics.full_cost, cur),
        "share": fmt.percent(plan.economics.full_cost_share_of_revenue),
        "median": fmt.percent(plan.economics.published_median_share),
        "budget": None if plan.economics.budget is None else {
            "share": fmt.percent(plan.economics.budget.share),
            "amount": fmt.money(plan.economics.budget.amount, cur)},
        "stage": plan.stage, "decisions": decisions(plan),
        "cost_chart": _cost_chart(plan), "tier_chart": _tier_chart(plan),
        "tiers": _tier_rows(plan), "org": _org(plan), "leaders": _leaders(plan),
        "calendar": _calendar(plan),
        "owners": _owners(assignment), "benchmarks": cited_benchmarks(plan),
        "benchmarks_version": str(plan.benchmarks.get("version", "")),
        "warnings": plan.warnings[:5],
    }


def render_board_html(plan: PlanResult, assignment: AssignmentRun | None = None,
                      paper: Paper = "a4") -> str:
    """The board pack as one self-contained HTML page (static SVG, no script, no fetch)."""
    return _env().get_template("board.html").render(**board_context(plan, assignment, paper))


def board_pdf(html: str) -> bytes:
    """The pack as PDF bytes (WeasyPrint; the page size is in the HTML's ``@page`` rule)."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    data: bytes = HTML(string=html).write_pdf()
    return data
