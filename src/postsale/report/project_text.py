"""The projection (``postsale project``) in the terminal: assumptions, month by month, the hiring
calendar, what happens when, what it costs, and the scenarios side by side.

Every figure is the P50 over the Monte Carlo paths unless shown with its P10–P90 range; shares are
fractions in :class:`ProjectionResult` and percentages here. Every string from the data (company
name, triggers, timeline text, scenario names, warnings) goes into ``rich.text.Text`` so Rich never
parses it as markup. The month selection and the grouping of the calendar are shared with the HTML
report (:mod:`postsale.report.project_html`), so both show the same rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from postsale.keys import ROLE_KEYS
from postsale.report.org_text import ROLE_NAME
from postsale.report.text import money, pct
from postsale.results_projection import Band, HiringAssumption, ProjectionMonth, ProjectionResult

__all__ = [
    "EVENT_LABEL",
    "DeferredGroup",
    "HireGroup",
    "band_text",
    "cost_checkpoints",
    "count",
    "deferred_groups",
    "hire_groups",
    "lead_time_text",
    "month_label",
    "pace_text",
    "render_projection",
    "role_name",
    "shown_months",
    "target_texts",
    "total",
]

#: Every month is listed up to this horizon; beyond it, monthly to 12 then quarterly + the last.
MONTHLY_UP_TO = 24
EVENT_LABEL: dict[str, str] = {"stage": "stage", "org_model": "org model", "phase": "phase",
                               "first_role": "first role", "hire": "hire",
                               "shortfall": "shortfall"}
_ROLE_RANK = {str(r): i for i, r in enumerate(ROLE_KEYS)}
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_EVENT_STYLE = {"stage": "bold cyan", "org_model": "cyan", "phase": "magenta",
                "first_role": "green", "shortfall": "bold red"}


@dataclass(frozen=True)
class HireGroup:
    """Requisitions of one role opened the same day for the same reason: one calendar row."""

    count: int
    role: str
    open_date: dt.date
    start_date: dt.date
    productive_date: dt.date
    month_needed: int
    trigger: str
    delay: str | None = None


@dataclass(frozen=True)
class DeferredGroup:
    """Deferred requisitions of one role, for the same month and reason: one row."""

    count: int
    role: str
    month_needed: int
    date: dt.date
    reason: str
    trigger: str


def role_name(role: str) -> str:
    """"CSM · high touch" for ``csm_high_touch``; an unknown key is shown as it is."""
    return ROLE_NAME.get(str(role), str(role))


def month_label(date: dt.date) -> str:
    """"Nov 2026": locale-independent (``strftime("%b")`` follows the process locale)."""
    return f"{_MONTH_ABBR[date.month - 1]} {date.year}"


def total(values: Mapping[str, int]) -> int:
    """The ``total`` entry if the dict has one, else the sum (``ramping`` and
    ``open_requisitions`` carry no ``total`` key)."""
    if "total" in values:
        return int(values["total"])
    return int(sum(values.values()))


def count(value: float) -> str:
    """A head or customer count: "1,234"."""
    return f"{value:,.0f}"


def band_text(value: float | None, band: Band | None,
              fmt: Callable[[float], str] = count) -> str:
    """"48 (46–49)"; just "48" when the paths agree, so a certain figure does not look uncertain.
    ``value`` defaults to the band's P50 (pass the P50 the row already shows, e.g. the sum of the
    per-role P50s for a team total)."""
    if band is None:
        return "—" if value is None else fmt(value)
    shown = fmt(band.p50 if value is None else value)
    low, high = fmt(band.p10), fmt(band.p90)
    return shown if low == high == shown else f"{shown} ({low}–{high})"


def shown_months(result: ProjectionResult) -> list[ProjectionMonth]:
    """Every month up to :data:`MONTHLY_UP_TO`; past that, monthly to 12, quarterly, and the last."""
    months = list(result.months)
    if result.horizon_months <= MONTHLY_UP_TO:
        return months
    last = months[-1].month
    return [m for m in months if m.month <= 12 or m.month % 3 == 0 or m.month == last]


def hire_groups(result: ProjectionResult) -> list[HireGroup]:
    """The calendar with identical requisitions (role, open date, trigger) folded into one row,
    in calendar order: a catch-up of eight CSMs reads as "8 ×", not eight lines."""
    groups: dict[tuple[str, dt.date, str, str | None], HireGroup] = {}
    for h in result.hires:
        key = (str(h.role), h.open_date, h.trigger, h.delay_reason_text)
        seen = groups.get(key)
        groups[key] = HireGroup(
            count=(seen.count if seen else 0) + 1, role=str(h.role), open_date=h.open_date,
            start_date=seen.start_date if seen else h.start_date,
            productive_date=seen.productive_date if seen else h.productive_date,
            month_needed=seen.month_needed if seen else h.month_needed, trigger=h.trigger,
            delay=h.delay_reason_text)
    return sorted(groups.values(),
                  key=lambda g: (g.open_date, g.productive_date, _ROLE_RANK.get(g.role, 99)))


def deferred_groups(result: ProjectionResult) -> list[DeferredGroup]:
    """The deferred requisitions folded by role, month needed, reason and trigger."""
    groups: dict[tuple[str, int, str, str], DeferredGroup] = {}
    for d in result.deferred:
        key = (str(d.role), d.month_needed, d.reason_text, d.trigger)
        seen = groups.get(key)
        groups[key] = DeferredGroup(count=(seen.count if seen else 0) + 1, role=str(d.role),
                                    month_needed=d.month_needed, date=d.date,
                                    reason=d.reason_text, trigger=d.trigger)
    return sorted(groups.values(),
                  key=lambda g: (g.month_needed, _ROLE_RANK.get(g.role, 99), g.reason))


def pace_text(hiring: HiringAssumption, currency: str) -> str:
    """"at most 2 starts a month (25% of the 1 person in seat, at least 2); …; no budget cap":
    the hiring capacity, the new model's design and pilot, and the budget."""
    n = hiring.max_starts_per_month
    if n is None:
        return "no hiring capacity limit"
    people = hiring.people_in_seat
    if hiring.max_starts_share is None:
        basis = "hiring.max_starts_per_month, from the company file"
    else:
        basis = (f"{pct(hiring.max_starts_share, 0)} of the {people:,} "
                 f"{'person' if people == 1 else 'people'} in seat, at least "
                 f"{hiring.min_starts_per_month}")
    parts = [f"at most {n} start{'s' if n != 1 else ''} a month ({basis})"]
    if hiring.new_model_roles:
        roles = ", ".join(role_name(r) for r in hiring.new_model_roles)
        parts.append(f"roles today's team does not have ({roles}) start after the "
                     f"{hiring.model_change_weeks:g}-week design and pilot of the new model "
                     "(S3 roadmap)")
    if hiring.budget is None:
        parts.append("no budget cap")
    elif hiring.budget_share is not None:
        parts.append(f"budget {hiring.budget_share:.1%} of each month's ARR (less technology) for "
                     f"the team in seat, {money(hiring.budget, currency)} a year at the horizon "
                     f"(in seat today {money(hiring.run_rate_today, currency)}, at the horizon "
                     f"{money(hiring.run_rate_horizon, currency)})")
    else:
        parts.append(f"budget {money(hiring.budget, currency)} a year for the team in seat "
                     f"(today {money(hiring.run_rate_today, currency)}, at the horizon "
                     f"{money(hiring.run_rate_horizon, currency)})")
    return "; ".join(parts)


def lead_time_text(hiring: HiringAssumption) -> str:
    """"10 weeks to hire (every role); ramp 25% → 50% → 75% → 100% a month" from ``hiring``."""
    weeks = dict(hiring.lead_time_weeks)
    values = sorted(set(weeks.values()))
    if len(values) == 1:
        lead = f"{values[0]:g} weeks to hire (every role)"
    elif values:
        lead = "weeks to hire: " + ", ".join(f"{role_name(r)} {w:g}" for r, w in weeks.items())
    else:
        lead = "lead time not reported"
    if not hiring.ramp:
        return lead
    text = f"{lead}; ramp {' → '.join(pct(float(r), 0) for r in hiring.ramp)} of capacity a month"
    own = [f"{role_name(r)} {len(ramp)} months" for r, ramp in hiring.ramp_by_role.items()]
    return text + (f" (to full productivity: {', '.join(own)})" if own else "")


def target_texts(result: ProjectionResult) -> list[str]:
    """"month 12: 250 customers, $8.0M ARR" for each ``[[growth]]`` target."""
    out = []
    for target in result.growth.targets:
        parts = []
        if target.get("customers") is not None:
            parts.append(f"{float(target['customers'] or 0):,.0f} customers")
        if target.get("arr") is not None:
            parts.append(f"{money(float(target['arr'] or 0), result.currency)} ARR")
        out.append(f"month {target.get('months')}: " + ", ".join(parts))
    return out


def cost_checkpoints(result: ProjectionResult) -> list[ProjectionMonth]:
    """Today, month 12 (when inside the horizon) and the horizon: where the cost is read."""
    picks = {0, 12, result.horizon_months}
    return [m for m in result.months if m.month in picks]


def _assumptions(result: ProjectionResult) -> RenderableType:
    body = Text()
    growth = result.growth
    body.append("Growth: ", style="bold")
    if growth.targets:
        body.append("; ".join(target_texts(result)) + f" ({growth.interpolation} between targets)\n")
    else:
        body.append("no targets in the company file\n")
    for note in growth.notes:
        body.append(f"  • {note}\n")
    body.append("Retention: ", style="bold")
    body.append(f"{result.retention.source} — {result.retention.description}\n")
    body.append("Hiring: ", style="bold")
    body.append(lead_time_text(result.hiring) + "\n")
    body.append("Pace: ", style="bold")
    body.append(pace_text(result.hiring, result.currency))
    return Panel(body, title="Assumptions", box=box.ROUNDED)


def _band_cell(value: float | None, band: Band | None,
               fmt: Callable[[float], str] = count) -> Text:
    """The P50 with the P10–P90 range dimmed on a second line (one line when the paths agree):
    keeps the month table narrow enough for a 120-column terminal."""
    one = band_text(value, band, fmt)
    if band is None or " (" not in one:
        return Text(one)
    cell = Text(one.split(" (", 1)[0])
    cell.append(f"\n{fmt(band.p10)}–{fmt(band.p90)}", style="dim")
    return cell


def _months_table(result: ProjectionResult) -> Table:
    table = Table(title="Month by month (P50; P10–P90 below it)", box=box.SIMPLE_HEAVY,
                  pad_edge=False, show_edge=False)
    for col in ("month", "stage", "customers", "ARR", "team", "in seat", "ramping", "open",
                "cost", "cost %", "needed"):
        table.add_column(col, justify="left" if col == "month" else "right", overflow="fold",
                         no_wrap=col == "month")
    cur = result.currency
    for m in shown_months(result):
        table.add_row(
            f"{m.month:>2} {month_label(m.date)}", str(m.stage), _band_cell(None, m.customers),
            _band_cell(None, m.arr, lambda v: money(v, cur)),
            _band_cell(m.required["total"], m.required_bands.get("total")),
            str(total(m.in_seat)), str(total(m.ramping)), str(total(m.open_requisitions)),
            money(m.cost, cur), pct(m.cost_share),
            pct(m.cost_share_required.p50 if m.cost_share_required else None))
    table.caption = ("team: people the plan needs; in seat: hired (ramping included); open: "
                     "requisitions open, nobody started yet; cost: a month, for the people in "
                     "seat; cost %: that cost a year ÷ ARR; needed: the cost of the team needed a "
                     "year ÷ ARR (P50)")
    return table


def _calendar(result: ProjectionResult) -> RenderableType:
    if not result.hires:
        return Text("No requisitions to open in the horizon.", style="green")
    table = Table(title=f"Hiring calendar ({len(result.hires)} requisitions)", box=box.SIMPLE_HEAVY)
    for col in ("open", "role", "start", "fully productive", "for", "trigger"):
        table.add_column(col, overflow="fold")
    by_month = {m.month: m.date for m in result.months}
    for g in hire_groups(result):
        needed = by_month.get(g.month_needed)
        trigger = Text(g.trigger)
        if g.delay:
            trigger.append(f" — late: {g.delay}", style="yellow")
        table.add_row(g.open_date.isoformat(), Text(f"{g.count} × {role_name(g.role)}"),
                      g.start_date.isoformat(), g.productive_date.isoformat(),
                      month_label(needed) if needed else f"month {g.month_needed}", trigger)
    return table


def _deferred(result: ProjectionResult) -> RenderableType:
    if not result.deferred:
        return Text("")
    table = Table(title=f"Deferred beyond the horizon ({len(result.deferred)} requisitions)",
                  box=box.SIMPLE_HEAVY)
    for col in ("role", "for", "reason", "trigger"):
        table.add_column(col, overflow="fold")
    for g in deferred_groups(result):
        table.add_row(Text(f"{g.count} × {role_name(g.role)}"), month_label(g.date),
                      Text(g.reason, style="yellow"), Text(g.trigger))
    return table


def _events(result: ProjectionResult) -> RenderableType:
    events = [e for e in result.timeline if e.kind != "hire"]
    if not events:
        return Text("No stage, org-model or phase change in the horizon.")
    table = Table(title="What happens when", box=box.SIMPLE_HEAVY)
    for col in ("month", "kind", "event", "detail"):
        table.add_column(col, overflow="fold")
    for e in events:
        table.add_row(f"{e.month:>2} {month_label(e.date)}",
                      Text(EVENT_LABEL.get(e.kind, e.kind), style=_EVENT_STYLE.get(e.kind, "")),
                      Text(e.title), Text(e.detail))
    return table


def _verdict(share: float | None, band: tuple[float, float]) -> Text:
    if share is None:
        return Text("—", style="dim")
    if share < band[0]:
        return Text("below", style="yellow")
    if share > band[1]:
        return Text("above", style="bold red")
    return Text("within", style="green")


def _cost(result: ProjectionResult) -> RenderableType:
    rule = result.bands.get("cost_share_rule", (0.05, 0.15))
    blended = result.bands.get("blended", (0.10, 0.25))
    table = Table(title="What it costs", box=box.SIMPLE_HEAVY)
    for col in ("when", "cost / month", "cost share (in seat)", "needed team share",
                f"blended ({pct(blended[0], 0)}–{pct(blended[1], 0)})",
                f"per tier vs {pct(rule[0], 0)}–{pct(rule[1], 0)} rule", "spent since today"):
        table.add_column(col, justify="left" if col == "when" else "right", overflow="fold")
    cur = result.currency
    for m in cost_checkpoints(result):
        tiers = Text()
        for tier, share in m.tier_cost_share.items():
            tiers.append(f"{str(tier).replace('_', ' ')} {pct(share)} ")
            tiers.append_text(_verdict(share, rule))
            tiers.append("\n")
        blend = Text(f"{pct(m.blended_cost_share)} ")
        blend.append_text(_verdict(m.blended_cost_share, blended))
        when = "today" if m.month == 0 else f"month {m.month}"
        table.add_row(f"{when} ({month_label(m.date)})", money(m.cost, cur), pct(m.cost_share),
                      band_text(None, m.cost_share_required, pct), blend, tiers,
                      money(m.cumulative_cost, cur))
    table.caption = ("per tier: cost per customer ÷ the tier's average ACV (the rule); blended: "
                     "CS cost per customer ÷ ARR; spent since today counts from month 0 (this month)")
    return table


def _scenarios(result: ProjectionResult) -> RenderableType:
    if not result.scenarios:
        return Text("No scenarios.")
    cur = result.currency
    h = result.horizon_months
    table = Table(title=f"Scenarios at month {h}", box=box.SIMPLE_HEAVY)
    table.add_column("")
    for s in result.scenarios:
        table.add_column(Text(s.name + (" (base)" if s.is_base else ""), style="bold"),
                         justify="right", overflow="fold")

    def signed(value: float | None, text: str) -> str:
        return "—" if value is None else ("+" if value > 0 else "") + text

    rows: list[tuple[str, list[str]]] = [
        ("retention", [s.retention for s in result.scenarios]),
        ("customers", [f"{s.customers:,.0f}" for s in result.scenarios]),
        ("ARR", [money(s.arr, cur) for s in result.scenarios]),
        ("team needed", [band_text(s.required["total"], s.required_total_band)
                         for s in result.scenarios]),
        ("hires", [f"{s.hires:,}" for s in result.scenarios]),
        (f"in-seat cost, months 0–{h}", [money(s.cumulative_cost, cur)
                                          for s in result.scenarios]),
        ("in-seat cost share", [pct(s.cost_share) for s in result.scenarios]),
        ("blended share", [pct(s.blended_cost_share) for s in result.scenarios]),
        ("Δ team", ["—" if s.is_base else signed(s.headcount_delta, f"{s.headcount_delta:,}")
                    for s in result.scenarios]),
        (f"Δ cost, months 0–{h}", ["—" if s.is_base else signed(
            s.cumulative_cost_delta, money(s.cumulative_cost_delta, cur))
            for s in result.scenarios]),
        ("Δ cost share", ["—" if s.is_base or s.cost_share_delta is None else signed(
            s.cost_share_delta, f"{s.cost_share_delta * 100:.1f} pts")
            for s in result.scenarios]),
    ]
    for label, cells in rows:
        table.add_row(label, *(Text(c) for c in cells))
    notes = Text()
    for s in result.scenarios:
        notes.append(f"  • {s.name}: ", style="bold")
        notes.append(f"{s.description}\n")
    return Group(table, notes)


def _warnings(result: ProjectionResult) -> RenderableType:
    if not result.warnings:
        return Text("No warnings.", style="green")
    body = Text()
    for i, w in enumerate(result.warnings):
        body.append(("\n" if i else "") + f"[{w.code}] ", style="bold yellow")
        body.append(str(w.message))
    return Panel(body, title=f"Warnings ({len(result.warnings)})", box=box.ROUNDED)


def render_projection(result: ProjectionResult, console: Console) -> None:
    """Print the whole projection: header, assumptions, months, calendar, events, cost,
    scenarios and warnings."""
    header = Text()
    header.append(result.company, style="bold")
    seed = "drawn at random" if result.seed is None else str(result.seed)
    header.append(f" — {result.customers:,} customers, {money(result.arr, result.currency)} ARR "
                  f"today ({result.today.isoformat()}); {result.horizon_months} months ahead, "
                  f"{result.paths:,} paths, seed {seed} (benchmarks {result.benchmarks_version})")
    console.print(Group(header, _assumptions(result), _months_table(result), _calendar(result),
                        _deferred(result), _events(result), _cost(result), _scenarios(result),
                        _warnings(result)))
