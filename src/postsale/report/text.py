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

_TIER_LABEL = {"high_touch": "High touch", "low_touch": "Low touch", "tech_touch": "Tech touch"}
_VERDICT = {"comfortable": "comfortable", "workable": "workable", "too_expensive": "too expensive",
            "no_accounts": "—"}


def money(value: float | None, currency: str = "USD") -> str:
    """$1.20M / $30K / $950 style amounts in the currency's symbol (``report.fmt``, Babel)."""
    return fmt.money(value, currency)


def pct(value: float | None, digits: int = 1) -> str:
    return fmt.percent(value, digits)


def _diagnosis(plan: PlanResult) -> RenderableType:
    s = plan.stage
    lines = Text()
    lines.append(f"Stage {s.number} — {s.name}\n", style="bold")
    for reason in s.reasons:
        lines.append(f"  • {reason}\n")
    lines.append(f"  Next: {s.next_move}\n")
    p = plan.phase
    lines.append(f"Specialization phase {p.number} — {p.name}\n", style="bold")
    for reason in p.reasons:
        lines.append(f"  • {reason}\n")
    if p.next_step:
        lines.append(f"  Next: {p.next_step}\n")
    r = plan.retention
    lines.append("Retention: ", style="bold")
    lines.append(tr(r.detail))
    return Panel(lines, title="Diagnosis", box=box.ROUNDED)


def _tiers(plan: PlanResult) -> Table:
    table = Table(title="Tiers and unit economics", box=box.SIMPLE_HEAVY)
    for col in ("tier", "accounts", "ARR", "share of ARR", "avg ACV", "cost / customer",
                "cost % of ACV", "multiple", "verdict"):
        table.add_column(col, justify="left" if col in ("tier", "verdict") else "right")
    for tier in TIER_KEYS:
        s = plan.tiers[tier]
        e = plan.economics.per_tier[tier]
        table.add_row(
            _TIER_LABEL[tier], f"{s.accounts:,}", money(s.arr, plan.currency), pct(s.share_of_arr),
            money(s.average_acv, plan.currency) if s.accounts else "—",
            money(e.cost_per_customer, plan.currency), pct(e.cost_share_of_revenue),
            "—" if e.revenue_multiple is None else f"{e.revenue_multiple:.1f}×",
            _VERDICT[e.verdict],
        )
    econ = plan.economics
    table.caption = escape(
        f"Full cost per customer: the tier's CSMs plus the shared roles (support, onboarding, "
        f"renewals, ops, leadership) allocated to the tiers they serve, plus technology. Blended "
        f"CS cost {pct(econ.blended_cost_share_of_revenue)} of revenue (usual "
        f"{pct(econ.blended_band[0], 0)}–{pct(econ.blended_band[1], 0)}); team "
        f"{money(econ.team_cost, plan.currency)} a year = {pct(econ.team_cost_share_of_revenue)} "
        f"of ARR. Gross margin: {econ.gross_margin_detail}."
        + (f" ARR per CSM {money(econ.arr_per_csm, plan.currency)} (guidepost ≈ $2M at scale)."
           if econ.arr_per_csm else "")
        + staffed_books(plan)
    )
    return table


def _budget(plan: PlanResult) -> Table:
    """Today's team, the need, the recommendation, the published median and the budget, side by
    side, with the levers that took the need inside the budget (issue 10 items 1–2)."""
    table = Table(title="Cost against the budget", box=box.SIMPLE_HEAVY)
    for col in ("", "people", "cost a year", "% of ARR"):
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
    table = Table(title="Headcount: now vs needed", box=box.SIMPLE_HEAVY)
    for col in ("role", "now", "needed", "gap", "hire", "how"):
        table.add_column(col, justify="right" if col in ("now", "needed", "gap", "hire") else "left")
    for role in ROLE_KEYS:
        r = plan.headcount.roles[role]
        if r.required == 0 and r.current == 0 and role in LEADERSHIP_ROLES:
            continue
        gap = f"+{r.gap}" if r.gap > 0 else str(r.gap)
        style = "bold red" if r.gap > 0 else ("yellow" if r.gap < 0 else "")
        hire = plan.headcount.hires.get(str(role), max(0, r.gap))
        table.add_row(str(role), str(r.current), str(r.required), Text(gap, style=style),
                      str(hire), Text(r.formula))
    hc = plan.headcount
    table.add_row("total", str(hc.current["total"]), str(hc.required["total"]),
                  f"+{hc.gap['total']}" if hc.gap["total"] > 0 else str(hc.gap["total"]),
                  str(hc.hires.get("total", max(0, hc.gap["total"]))), "", style="bold")
    lines = [f"{m['count']} {m['from']} → {m['to']} (retitle: capacity is fungible within a role "
             "family)" for m in hc.retitles]
    spare = {r: n for r, n in hc.surplus.items() if r != "total" and n}
    if spare:
        lines.append("beyond the plan: " + ", ".join(f"{n} {r}" for r, n in spare.items()))
    if lines:
        table.caption = escape("; ".join(lines) + ". 'hire' = requisitions after retitling.")
        table.caption_justify = "left"
    return table


def _effort(plan: PlanResult) -> RenderableType:
    """Per tier hours per account and the book they imply, then effort- vs ratio-based people."""
    if plan.headcount.effort is None:
        return Text("")
    table = Table(title=effort_title(plan), box=box.SIMPLE_HEAVY)
    for col in ("tier", "accounts", "CSM h/account/yr", "implied book", "ratio book",
                "CS h/yr proactive / responsive / 1:N / automated", "CSM FTE effort vs ratio"):
        table.add_column(col, justify="left" if col == "tier" else "right")
    for r in effort_rows(plan):
        table.add_row(r.tier, f"{r.accounts:,}", r.hours_per_account, r.implied_book,
                      r.ratio_book, r.modes, r.fte)
    people = "; ".join(f"{role} {e} vs {r}" for role, e, r in effort_roles(plan))
    table.caption = escape("people, effort vs ratio: " + people + "\n"
                           + "\n".join(plan.headcount.effort.explanation))
    table.caption_justify = "left"
    return table


def _triggers(plan: PlanResult) -> Table:
    table = Table(title="Hiring triggers", box=box.SIMPLE_HEAVY)
    for col in ("trigger", "measured", "threshold", "fired", "detail"):
        table.add_column(col, justify="right" if col in ("measured", "threshold") else "left")
    for t in plan.triggers:
        fired = Text("FIRED", style="bold red") if t.fired else (
            Text("n/a", style="dim") if not t.evaluable else Text("no", style="green"))
        table.add_row(t.key, "—" if t.measured is None else f"{t.measured:,.1f}",
                      f"{t.threshold:,.1f}", fired, Text(tr(t.message)))
    return table


def _advice(plan: PlanResult) -> RenderableType:
    body = Text()
    org = plan.org
    body.append(f"Organization model: {org.recommended}", style="bold")
    body.append("  (" + ", ".join(f"{m} {s:.0f}" for m, s in org.scores.items()) + ")\n")
    for reason in org.reasons[org.recommended]:
        body.append(f"  • {reason}\n")
    if org.charts:
        chart = org.charts[org.recommended]
        body.append(f"  Chart: {chart['headcount']['total']} seats, "
                    f"{money(chart['cost'], plan.currency)} a year — `postsale org` draws all four.\n")
    if org.runner_up:
        ru = org.runner_up
        body.append(f"  Runner-up: {ru['model']}, {ru['gap']:.0f} points behind.")
        if ru["holding_back"]:
            body.append(" Holding it back: " + "; ".join(ru["holding_back"]) + ".")
        body.append("\n")
    line = plan.reporting_line
    body.append(f"Reporting line: CS reports to {line.recommended}", style="bold")
    body.append("  (" + ", ".join(f"{k} {v:.0f}" for k, v in line.scores.items()) + ")\n")
    for reason in line.reasons[line.recommended]:
        body.append(f"  • {reason}\n")
    body.append("  Risks: " + "; ".join(line.risks) + "\n")
    body.append("Common mistakes\n", style="bold")
    for check in plan.checks:
        mark = {"passed": "✓", "failed": "✗", "not_evaluable": "?"}[check.status]
        style = {"passed": "green", "failed": "red", "not_evaluable": "dim"}[check.status]
        body.append(f"  {mark} ", style=style)
        body.append(f"{check.title}: {check.detail}\n")
    return Panel(body, title="Recommendation", box=box.ROUNDED)


def _warnings(plan: PlanResult) -> RenderableType:
    if not plan.warnings:
        return Text("No warnings.", style="green")
    body = Text()
    for w in plan.warnings:
        body.append(f"[{w.code}] ", style="bold yellow")
        body.append(str(w.message) + "\n")
    return Panel(body, title=f"Warnings ({len(plan.warnings)})", box=box.ROUNDED)


def render_plan(plan: PlanResult, console: Console) -> None:
    """Print the whole plan: header, diagnosis, tiers, headcount, triggers, warnings, advice."""
    header = Text()
    header.append(f"{plan.company}", style="bold")
    header.append(f" — {plan.customers:,} customers, {money(plan.arr, plan.currency)} ARR, "
                  f"plan as of {plan.today.isoformat()} (benchmarks "
                  f"{plan.benchmarks['version']})")
    overrides = [
        f"{key} = {entry['value']:,.6g} (default {entry['default']:,.6g})"
        for key, entry in plan.benchmarks["entries"].items() if entry["overridden"]
    ]
    if overrides:
        header.append("\nOverrides in effect: " + "; ".join(overrides), style="yellow")
    advice = [p for p in (selection_panel(plan), roadmap_panel(plan)) if p is not None]
    support = support_table(plan)
    console.print(Group(header, _diagnosis(plan), _tiers(plan), _budget(plan), _headcount(plan),
                        *([support] if support is not None else []), _effort(plan),
                        _triggers(plan), _warnings(plan), _advice(plan), *advice))
