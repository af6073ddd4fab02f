"""Readable plan report for the terminal (Rich tables). Shares and rates shown as percentages."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from postsale.i18n import tr
from postsale.keys import LEADERSHIP_ROLES, ROLE_KEYS, TIER_KEYS
from postsale.report import fmt
from postsale.report.advice_text import roadmap_panel, selection_panel
from postsale.report.budget import budget_notes, budget_rows
from postsale.report.effort import effort_roles, effort_rows, effort_title, staffed_books
from postsale.report.support import support_table
from postsale.results import PlanResult

__all__ = ["money", "pct", "render_plan"]

def _verdict(verdict: str) -> str:
    if verdict == "comfortable":
        return tr("report.verdict.comfortable")
    if verdict == "workable":
        return tr("report.verdict.workable")
    if verdict == "too_expensive":
        return tr("report.verdict.too_expensive")
    return "—"


def money(value: float | None, currency: str = "USD") -> str:
    """$1.20M / $30K / $950 style amounts in the currency's symbol (``report.fmt``, Babel)."""
    return fmt.money(value, currency)


def pct(value: float | None, digits: int = 1) -> str:
    return fmt.percent(value, digits)


def _diagnosis(plan: PlanResult) -> RenderableType:
    s = plan.stage
    lines = Text()
    lines.append(tr("report.text.stage", number=s.number, name=s.name) + "\n", style="bold")
    for reason in s.reasons:
        lines.append(f"  • {reason}\n")
    lines.append(f"  {tr('report.plan.next')} {s.next_move}\n")
    p = plan.phase
    lines.append(tr("report.text.phase", number=p.number, name=p.name) + "\n", style="bold")
    for reason in p.reasons:
        lines.append(f"  • {reason}\n")
    if p.next_step:
        lines.append(f"  {tr('report.plan.next')} {p.next_step}\n")
    r = plan.retention
    lines.append(tr("report.text.retention"), style="bold")
    lines.append(str(r.detail))
    return Panel(lines, title=tr("report.plan.section.diagnosis"), box=box.ROUNDED)


def _tiers(plan: PlanResult) -> Table:
    table = Table(title=tr("report.plan.section.tiers"), box=box.SIMPLE_HEAVY)
    headers = (tr("report.text.col.tier"), tr("report.text.col.accounts"), tr("report.col.arr"),
               tr("report.text.col.share_of_arr"), tr("report.text.col.avg_acv"),
               tr("report.text.col.cost_per_customer"), tr("report.text.col.cost_pct_acv"),
               tr("report.text.col.multiple"), tr("report.text.col.verdict"))
    for i, col in enumerate(headers):
        table.add_column(col, justify="left" if i in (0, 8) else "right")
    for tier in TIER_KEYS:
        s = plan.tiers[tier]
        e = plan.economics.per_tier[tier]
        table.add_row(
            fmt.label(tier), fmt.number(s.accounts), money(s.arr, plan.currency),
            pct(s.share_of_arr), money(s.average_acv, plan.currency) if s.accounts else "—",
            money(e.cost_per_customer, plan.currency), pct(e.cost_share_of_revenue),
            "—" if e.revenue_multiple is None else fmt.number(e.revenue_multiple, 1) + "×",
            _verdict(e.verdict),
        )
    econ = plan.economics
    table.caption = escape(
        tr("report.text.tiers_caption", blended=pct(econ.blended_cost_share_of_revenue),
           low=pct(econ.blended_band[0], 0), high=pct(econ.blended_band[1], 0),
           team=money(econ.team_cost, plan.currency),
           share=pct(econ.team_cost_share_of_revenue), margin=econ.gross_margin_detail)
        + (tr("report.text.arr_per_csm", amount=money(econ.arr_per_csm, plan.currency))
           if econ.arr_per_csm else "")
        + staffed_books(plan)
    )
    return table


def _budget(plan: PlanResult) -> Table:
    """Today's team, the need, the recommendation, the published median and the budget, side by
    side, with the levers that took the need inside the budget (issue 10 items 1–2)."""
    table = Table(title=tr("report.budget.title"), box=box.SIMPLE_HEAVY)
    for col in ("", tr("report.col.people"), tr("report.col.cost_a_year"),
                tr("report.col.pct_of_arr")):
        table.add_column(col, justify="left" if not col else "right")
    for row in budget_rows(plan):
        table.add_row(Text(row.label, style="bold") if row.recommended else row.label,
                      "" if row.people is None else str(row.people),
                      money(row.cost, plan.currency), pct(row.share),
                      style="bold" if row.recommended else None)
    lines = budget_notes(plan, money)
    table.caption = escape("\n".join(f"  {line}" if line[:1].isdigit() else line for line in lines))
    table.caption_justify = "left"
    return table


def _headcount(plan: PlanResult) -> Table:
    table = Table(title=tr("report.plan.section.headcount"), box=box.SIMPLE_HEAVY)
    headers = (tr("report.text.col.role"), tr("report.chart.now"), tr("report.chart.needed"),
               tr("report.text.col.gap"), tr("report.text.col.hire"), tr("report.text.col.how"))
    for i, col in enumerate(headers):
        table.add_column(col, justify="right" if i in (1, 2, 3, 4) else "left")
    for role in ROLE_KEYS:
        r = plan.headcount.roles[role]
        if r.required == 0 and r.current == 0 and role in LEADERSHIP_ROLES:
            continue
        gap = f"+{r.gap}" if r.gap > 0 else str(r.gap)
        style = "bold red" if r.gap > 0 else ("yellow" if r.gap < 0 else "")  # i18n: not text
        hire = plan.headcount.hires.get(str(role), max(0, r.gap))
        table.add_row(fmt.label(role), str(r.current), str(r.required), Text(gap, style=style),
                      str(hire), Text(str(r.formula)))
    hc = plan.headcount
    table.add_row(tr("report.text.total"), str(hc.current["total"]), str(hc.required["total"]),
                  f"+{hc.gap['total']}" if hc.gap["total"] > 0 else str(hc.gap["total"]),
                  str(hc.hires.get("total", max(0, hc.gap["total"]))), "", style="bold")
    lines = [tr("report.text.retitle", count=m["count"], source=m["from"], target=m["to"])
             for m in hc.retitles]
    spare = {r: n for r, n in hc.surplus.items() if r != "total" and n}
    if spare:
        lines.append(tr("report.text.beyond_plan", roles=tr("report.sep.comma").join(
            f"{n} {r}" for r, n in spare.items())))
    if lines:
        table.caption = escape(tr("report.text.headcount_caption",
                                  lines=tr("report.sep.semicolon").join(lines)))
        table.caption_justify = "left"
    return table


def _effort(plan: PlanResult) -> RenderableType:
    """Per tier hours per account and the book they imply, then effort- vs ratio-based people."""
    if plan.headcount.effort is None:
        return Text("")
    table = Table(title=effort_title(plan), box=box.SIMPLE_HEAVY)
    for i, col in enumerate((tr("report.text.col.tier"), tr("report.text.col.accounts"),
                             tr("report.text.effort.hours"), tr("report.text.effort.implied"),
                             tr("report.text.effort.ratio"), tr("report.text.effort.modes"),
                             tr("report.effort.fte"))):
        table.add_column(col, justify="left" if i == 0 else "right")
    for r in effort_rows(plan):
        table.add_row(r.tier, fmt.number(r.accounts), r.hours_per_account, r.implied_book,
                      r.ratio_book, r.modes, r.fte)
    people = tr("report.sep.semicolon").join(
        f"{role} " + tr("report.effort.vs", a=e, b=r) for role, e, r in effort_roles(plan))
    table.caption = escape(tr("report.text.effort_people", people=people) + "\n"
                           + "\n".join(str(x) for x in plan.headcount.effort.explanation))
    table.caption_justify = "left"
    return table


def _triggers(plan: PlanResult) -> Table:
    table = Table(title=tr("report.plan.section.triggers"), box=box.SIMPLE_HEAVY)
    for i, col in enumerate((tr("report.text.col.trigger"), tr("report.col.measured"),
                             tr("report.text.col.threshold"), tr("report.text.col.fired"),
                             tr("report.text.col.detail"))):
        table.add_column(col, justify="right" if i in (1, 2) else "left")
    for t in plan.triggers:
        fired = Text(tr("report.text.fired"), style="bold red") if t.fired else (  # i18n: not text
            Text(tr("report.trigger.na"), style="dim") if not t.evaluable
            else Text(tr("report.text.not_fired"), style="green"))
        table.add_row(t.key, "—" if t.measured is None else fmt.number(t.measured, 1),
                      fmt.number(t.threshold, 1), fired, Text(str(t.message)))
    return table


def _advice(plan: PlanResult) -> RenderableType:
    body = Text()
    org = plan.org
    body.append(tr("report.plan.org_model", model=org.recommended), style="bold")
    body.append("  (" + ", ".join(f"{m} {fmt.number(s)}" for m, s in org.scores.items()) + ")\n")
    for reason in org.reasons[org.recommended]:
        body.append(f"  • {reason}\n")
    if org.charts:
        chart = org.charts[org.recommended]
        body.append("  " + tr("report.text.chart", seats=chart["headcount"]["total"],
                              cost=money(chart["cost"], plan.currency)) + "\n")
    if org.runner_up:
        ru = org.runner_up
        body.append("  " + tr("report.text.runner_up", model=ru["model"],
                              gap=fmt.number(ru["gap"])))
        if ru["holding_back"]:
            body.append(tr("report.text.holding_back", reasons=tr("report.sep.semicolon").join(
                str(x) for x in ru["holding_back"])))
        body.append("\n")
    line = plan.reporting_line
    body.append(tr("report.text.reporting_line", line=line.recommended), style="bold")
    body.append("  (" + ", ".join(f"{k} {fmt.number(v)}" for k, v in line.scores.items())
                + ")\n")
    for reason in line.reasons[line.recommended]:
        body.append(f"  • {reason}\n")
    body.append("  " + tr("report.text.risks", risks=tr("report.sep.semicolon").join(
        str(x) for x in line.risks)) + "\n")
    body.append(tr("report.plan.common_mistakes") + "\n", style="bold")
    for check in plan.checks:
        mark = {"passed": "✓", "failed": "✗", "not_evaluable": "?"}[check.status]
        style = {"passed": "green", "failed": "red", "not_evaluable": "dim"}[check.status]
        body.append(f"  {mark} ", style=style)
        body.append(f"{check.title}: {check.detail}\n")
    return Panel(body, title=tr("report.plan.section.recommendation"), box=box.ROUNDED)


def _warnings(plan: PlanResult) -> RenderableType:
    if not plan.warnings:
        return Text(tr("report.warnings.none"), style="green")
    body = Text()
    for w in plan.warnings:
        body.append(f"[{w.code}] ", style="bold yellow")  # i18n: not text
        body.append(str(w.message) + "\n")
    return Panel(body, title=tr("report.text.warnings", n=len(plan.warnings)), box=box.ROUNDED)


def render_plan(plan: PlanResult, console: Console) -> None:
    """Print the whole plan: header, diagnosis, tiers, headcount, triggers, warnings, advice."""
    header = Text()
    header.append(f"{plan.company}", style="bold")
    header.append(tr("report.text.header", customers=plan.customers,
                     arr=money(plan.arr, plan.currency), date=plan.today.isoformat(),
                     version=plan.benchmarks["version"]))
    overrides = [
        tr("report.text.override", key=key, value=f"{entry['value']:,.6g}",
           default=f"{entry['default']:,.6g}")
        for key, entry in plan.benchmarks["entries"].items() if entry["overridden"]
    ]
    if overrides:
        header.append("\n" + tr("report.text.overrides",
                                overrides=tr("report.sep.semicolon").join(overrides)),
                      style="yellow")
    advice = [p for p in (selection_panel(plan), roadmap_panel(plan)) if p is not None]
    support = support_table(plan)
    console.print(Group(header, _diagnosis(plan), _tiers(plan), _budget(plan), _headcount(plan),
                        *([support] if support is not None else []), _effort(plan),
                        _triggers(plan), _warnings(plan), _advice(plan), *advice))
