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

from postsale.i18n import current, tr
from postsale.keys import ROLE_KEYS
from postsale.report import fmt as _fmt
from postsale.report.fmt import tier_word
from postsale.report.text import money, pct
from postsale.results_projection import Band, HiringAssumption, ProjectionMonth, ProjectionResult

__all__ = [
    "DeferredGroup",
    "HireGroup",
    "band_text",
    "cost_checkpoints",
    "count",
    "deferred_groups",
    "event_label",
    "hire_groups",
    "lead_time_text",
    "month_label",
    "pace_text",
    "points",
    "render_projection",
    "role_name",
    "shown_months",
    "target_texts",
    "total",
]

#: Every month is listed up to this horizon; beyond it, monthly to 12 then quarterly + the last.
MONTHLY_UP_TO = 24
_ROLE_RANK = {str(r): i for i, r in enumerate(ROLE_KEYS)}
_EVENT_STYLE = {"stage": "bold cyan", "org_model": "cyan", "phase": "magenta",  # i18n: not text
                "first_role": "green", "shortfall": "bold red"}  # i18n: not text


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


def event_label(kind: str) -> str:
    """A timeline event's kind in words ("org model", "first role")."""
    if kind == "stage":
        return tr("report.project.event.stage")
    if kind == "org_model":
        return tr("report.project.event.org_model")
    if kind == "phase":
        return tr("report.project.event.phase")
    if kind == "first_role":
        return tr("report.project.event.first_role")
    if kind == "hire":
        return tr("report.project.event.hire")
    if kind == "shortfall":
        return tr("report.project.event.shortfall")
    return kind


def role_name(role: str) -> str:
    """"CSM · high touch" for ``csm_high_touch``, "Support" for ``support_engineer`` (the short
    names of the charts, ``report.role.<key>``); an unknown key is shown as it is."""
    return _fmt.short_role(role)


def month_label(date: dt.date) -> str:
    """"Nov 2026" in the active language (CLDR, not the process locale)."""
    return current().value(date, "month")


def _month(n: int) -> str:
    return tr("report.project.month_n", n=n)


def total(values: Mapping[str, int]) -> int:
    """The ``total`` entry if the dict has one, else the sum (``ramping`` and
    ``open_requisitions`` carry no ``total`` key)."""
    if "total" in values:
        return int(values["total"])
    return int(sum(values.values()))


def count(value: float) -> str:
    """A head or customer count: "1,234"."""
    return _fmt.number(value)


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
        trigger, delay = str(h.trigger), (None if h.delay_reason_text is None
                                         else str(h.delay_reason_text))
        key = (str(h.role), h.open_date, trigger, delay)
        seen = groups.get(key)
        groups[key] = HireGroup(
            count=(seen.count if seen else 0) + 1, role=str(h.role), open_date=h.open_date,
            start_date=seen.start_date if seen else h.start_date,
            productive_date=seen.productive_date if seen else h.productive_date,
            month_needed=seen.month_needed if seen else h.month_needed, trigger=trigger,
            delay=delay)
    return sorted(groups.values(),
                  key=lambda g: (g.open_date, g.productive_date, _ROLE_RANK.get(g.role, 99)))


def deferred_groups(result: ProjectionResult) -> list[DeferredGroup]:
    """The deferred requisitions folded by role, month needed, reason and trigger."""
    groups: dict[tuple[str, int, str, str], DeferredGroup] = {}
    for d in result.deferred:
        key = (str(d.role), d.month_needed, str(d.reason_text), str(d.trigger))
        seen = groups.get(key)
        groups[key] = DeferredGroup(count=(seen.count if seen else 0) + 1, role=str(d.role),
                                    month_needed=d.month_needed, date=d.date,
                                    reason=key[2], trigger=key[3])
    return sorted(groups.values(),
                  key=lambda g: (g.month_needed, _ROLE_RANK.get(g.role, 99), g.reason))


def pace_text(hiring: HiringAssumption, currency: str) -> str:
    """"at most 2 starts a month (25% of the 1 person in seat, at least 2); …; no budget cap":
    the hiring capacity, the new model's design and pilot, and the budget."""
    n = hiring.max_starts_per_month
    if n is None:
        return tr("report.project.pace.no_limit")
    people = hiring.people_in_seat
    if hiring.max_starts_share is None:
        basis = tr("report.project.pace.basis_file")
    else:
        basis = tr("report.project.pace.basis_share", share=pct(hiring.max_starts_share, 0),
                   people=people, least=hiring.min_starts_per_month)
    parts = [tr("report.project.pace.at_most", n=n, basis=basis)]
    if hiring.new_model_roles:
        roles = tr("report.sep.comma").join(role_name(r) for r in hiring.new_model_roles)
        parts.append(tr("report.project.pace.new_roles", roles=roles,
                        weeks=hiring.model_change_weeks))
    if hiring.budget is None:
        parts.append(tr("report.project.pace.no_budget"))
    elif hiring.budget_share is not None:
        parts.append(tr("report.project.pace.budget_share", share=hiring.budget_share,
                        budget=money(hiring.budget, currency),
                        today=money(hiring.run_rate_today, currency),
                        horizon=money(hiring.run_rate_horizon, currency)))
    else:
        parts.append(tr("report.project.pace.budget", budget=money(hiring.budget, currency),
                        today=money(hiring.run_rate_today, currency),
                        horizon=money(hiring.run_rate_horizon, currency)))
    return tr("report.sep.semicolon").join(parts)


def lead_time_text(hiring: HiringAssumption) -> str:
    """"10 weeks to hire (every role); ramp 25% → 50% → 75% → 100% a month" from ``hiring``."""
    weeks = dict(hiring.lead_time_weeks)
    values = sorted(set(weeks.values()))
    if len(values) == 1:
        lead = tr("report.project.lead.every_role", weeks=values[0])
    elif values:
        lead = tr("report.project.lead.by_role", roles=tr("report.sep.comma").join(
            f"{role_name(r)} {current().value(w, 'g')}" for r, w in weeks.items()))
    else:
        lead = tr("report.project.lead.none")
    if not hiring.ramp:
        return lead
    text = tr("report.project.lead.ramp", lead=lead,
              ramp=" → ".join(pct(float(r), 0) for r in hiring.ramp))
    own = [tr("report.project.lead.months", role=role_name(r), n=len(ramp))
           for r, ramp in hiring.ramp_by_role.items()]
    return text + (tr("report.project.lead.own", roles=tr("report.sep.comma").join(own))
                   if own else "")


def target_texts(result: ProjectionResult) -> list[str]:
    """"month 12: 250 customers, $8.0M ARR" for each ``[[growth]]`` target."""
    out = []
    for target in result.growth.targets:
        parts = []
        if target.get("customers") is not None:
            parts.append(tr("report.project.n_customers",
                            n=_fmt.number(float(target["customers"] or 0))))
        if target.get("arr") is not None:
            parts.append(tr("report.project.arr_amount",
                            amount=money(float(target["arr"] or 0), result.currency)))
        out.append(tr("report.project.target", month=_month(int(target.get("months") or 0)),
                      parts=tr("report.sep.comma").join(parts)))
    return out


def cost_checkpoints(result: ProjectionResult) -> list[ProjectionMonth]:
    """Today, month 12 (when inside the horizon) and the horizon: where the cost is read."""
    picks = {0, 12, result.horizon_months}
    return [m for m in result.months if m.month in picks]


def _assumptions(result: ProjectionResult) -> RenderableType:
    body = Text()
    growth = result.growth
    body.append(tr("report.project.growth_label"), style="bold")
    if growth.targets:
        body.append(tr("report.sep.semicolon").join(target_texts(result))
                    + tr("report.project.between", how=growth.interpolation) + "\n")
    else:
        body.append(tr("report.project.no_targets") + "\n")
    for note in growth.notes:
        body.append(f"  • {note}\n")
    body.append(tr("report.text.retention"), style="bold")
    body.append(f"{result.retention.source} — {result.retention.description}\n")
    body.append(tr("report.project.hiring_label"), style="bold")
    body.append(lead_time_text(result.hiring) + "\n")
    body.append(tr("report.project.pace_label"), style="bold")
    body.append(pace_text(result.hiring, result.currency))
    return Panel(body, title=tr("report.project.section.assumptions"), box=box.ROUNDED)


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
    table = Table(title=tr("report.project.text.months_title"), box=box.SIMPLE_HEAVY,
                  pad_edge=False, show_edge=False)
    for i, col in enumerate((tr("report.project.col.month"), tr("report.project.col.stage"),
                             tr("report.project.col.customers"), tr("report.col.arr"),
                             tr("report.project.col.team"), tr("report.project.col.in_seat"),
                             tr("report.project.col.ramping"), tr("report.project.col.open"),
                             tr("report.project.col.cost"), tr("report.project.col.cost_pct"),
                             tr("report.project.col.needed"))):
        table.add_column(col, justify="left" if i == 0 else "right", overflow="fold",
                         no_wrap=i == 0)
    cur = result.currency
    for m in shown_months(result):
        table.add_row(
            f"{m.month:>2} {month_label(m.date)}", str(m.stage), _band_cell(None, m.customers),
            _band_cell(None, m.arr, lambda v: money(v, cur)),
            _band_cell(m.required["total"], m.required_bands.get("total")),
            str(total(m.in_seat)), str(total(m.ramping)), str(total(m.open_requisitions)),
            money(m.cost, cur), pct(m.cost_share),
            pct(m.cost_share_required.p50 if m.cost_share_required else None))
    table.caption = tr("report.project.text.months_caption")
    return table


def _calendar(result: ProjectionResult) -> RenderableType:
    if not result.hires:
        return Text(tr("report.project.no_requisitions"), style="green")
    table = Table(title=tr("report.project.text.calendar_title", n=len(result.hires)),
                  box=box.SIMPLE_HEAVY)
    for col in (tr("report.project.col.open_date"), tr("report.text.col.role"),
                tr("report.project.col.start"), tr("report.project.col.productive"),
                tr("report.project.col.for"), tr("report.text.col.trigger")):
        table.add_column(col, overflow="fold")
    by_month = {m.month: m.date for m in result.months}
    for g in hire_groups(result):
        needed = by_month.get(g.month_needed)
        trigger = Text(str(g.trigger))
        if g.delay:
            trigger.append(" — " + tr("report.project.late", reason=g.delay), style="yellow")
        table.add_row(g.open_date.isoformat(), Text(f"{g.count} × {role_name(g.role)}"),
                      g.start_date.isoformat(), g.productive_date.isoformat(),
                      month_label(needed) if needed else _month(g.month_needed), trigger)
    return table


def _deferred(result: ProjectionResult) -> RenderableType:
    if not result.deferred:
        return Text("")
    table = Table(title=tr("report.project.deferred_title", n=len(result.deferred)),
                  box=box.SIMPLE_HEAVY)
    for col in (tr("report.text.col.role"), tr("report.project.col.for"),
                tr("report.project.col.reason"), tr("report.text.col.trigger")):
        table.add_column(col, overflow="fold")
    for g in deferred_groups(result):
        table.add_row(Text(f"{g.count} × {role_name(g.role)}"), month_label(g.date),
                      Text(str(g.reason), style="yellow"), Text(str(g.trigger)))
    return table


def _events(result: ProjectionResult) -> RenderableType:
    events = [e for e in result.timeline if e.kind != "hire"]
    if not events:
        return Text(tr("report.project.text.no_events"))
    table = Table(title=tr("report.project.section.events"), box=box.SIMPLE_HEAVY)
    for col in (tr("report.project.col.month"), tr("report.project.col.kind"),
                tr("report.project.col.event"), tr("report.text.col.detail")):
        table.add_column(col, overflow="fold")
    for e in events:
        table.add_row(f"{e.month:>2} {month_label(e.date)}",
                      Text(event_label(e.kind), style=_EVENT_STYLE.get(e.kind, "")),
                      Text(str(e.title)), Text(str(e.detail)))
    return table


def _verdict(share: float | None, band: tuple[float, float]) -> Text:
    if share is None:
        return Text("—", style="dim")
    if share < band[0]:
        return Text(tr("report.project.below"), style="yellow")
    if share > band[1]:
        return Text(tr("report.project.above"), style="bold red")  # i18n: not text
    return Text(tr("report.project.within"), style="green")


def _cost(result: ProjectionResult) -> RenderableType:
    rule = result.bands.get("cost_share_rule", (0.05, 0.15))
    blended = result.bands.get("blended", (0.10, 0.25))
    table = Table(title=tr("report.project.section.cost"), box=box.SIMPLE_HEAVY)
    for i, col in enumerate((
            tr("report.project.col.when"), tr("report.project.col.cost_month"),
            tr("report.project.col.share_in_seat"), tr("report.project.col.needed_share"),
            tr("report.project.col.blended", band=f"{pct(blended[0], 0)}–{pct(blended[1], 0)}"),
            tr("report.project.col.per_tier", band=f"{pct(rule[0], 0)}–{pct(rule[1], 0)}"),
            tr("report.project.col.spent"))):
        table.add_column(col, justify="left" if i == 0 else "right", overflow="fold")
    cur = result.currency
    for m in cost_checkpoints(result):
        tiers = Text()
        for tier, share in m.tier_cost_share.items():
            tiers.append(f"{tier_word(tier)} {pct(share)} ")
            tiers.append_text(_verdict(share, rule))
            tiers.append("\n")
        blend = Text(f"{pct(m.blended_cost_share)} ")
        blend.append_text(_verdict(m.blended_cost_share, blended))
        when = tr("report.project.today") if m.month == 0 else _month(m.month)
        table.add_row(f"{when} ({month_label(m.date)})", money(m.cost, cur), pct(m.cost_share),
                      band_text(None, m.cost_share_required, pct), blend, tiers,
                      money(m.cumulative_cost, cur))
    table.caption = tr("report.project.text.cost_caption")
    return table



def _scenarios(result: ProjectionResult) -> RenderableType:
    if not result.scenarios:
        return Text(tr("report.project.no_scenarios"))
    cur = result.currency
    h = result.horizon_months
    table = Table(title=tr("report.project.scenarios_at", n=h), box=box.SIMPLE_HEAVY)
    table.add_column("")
    for s in result.scenarios:
        table.add_column(Text(str(s.name) + (tr("report.project.base_suffix") if s.is_base
                                             else ""),
                              style="bold"),
                         justify="right", overflow="fold")

    def signed(value: float | None, text: str) -> str:
        return "—" if value is None else ("+" if value > 0 else "") + text

    rows: list[tuple[str, list[str]]] = [
        (tr("report.project.row.retention"), [str(s.retention) for s in result.scenarios]),
        (tr("report.project.row.customers"), [_fmt.number(s.customers)
                                              for s in result.scenarios]),
        (tr("report.col.arr"), [money(s.arr, cur) for s in result.scenarios]),
        (tr("report.project.row.team_needed"), [band_text(s.required["total"],
                                                          s.required_total_band)
                                                for s in result.scenarios]),
        (tr("report.project.row.hires"), [_fmt.number(s.hires) for s in result.scenarios]),
        (tr("report.project.row.in_seat_cost", n=h), [money(s.cumulative_cost, cur)
                                                      for s in result.scenarios]),
        (tr("report.project.row.in_seat_share"), [pct(s.cost_share) for s in result.scenarios]),
        (tr("report.project.row.blended"), [pct(s.blended_cost_share) for s in result.scenarios]),
        (tr("report.project.row.d_team"), ["—" if s.is_base else signed(
            s.headcount_delta, _fmt.number(s.headcount_delta)) for s in result.scenarios]),
        (tr("report.project.row.d_cost", n=h), ["—" if s.is_base else signed(
            s.cumulative_cost_delta, money(s.cumulative_cost_delta, cur))
            for s in result.scenarios]),
        (tr("report.project.row.d_share"), ["—" if s.is_base or s.cost_share_delta is None
                                            else signed(s.cost_share_delta, points(
                                                s.cost_share_delta))
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
        return Text(tr("report.warnings.none"), style="green")
    body = Text()
    for i, w in enumerate(result.warnings):
        body.append(("\n" if i else "") + f"[{w.code}] ", style="bold yellow")  # i18n: not text
        body.append(str(w.message))
    return Panel(body, title=tr("report.text.warnings", n=len(result.warnings)), box=box.ROUNDED)


def render_projection(result: ProjectionResult, console: Console) -> None:
    """Print the whole projection: header, assumptions, months, calendar, events, cost,
    scenarios and warnings."""
    header = Text()
    header.append(result.company, style="bold")
    seed = tr("report.project.seed_random") if result.seed is None else str(result.seed)
    header.append(tr("report.project.text.header", customers=result.customers,
                     arr=money(result.arr, result.currency), date=result.today.isoformat(),
                     months=result.horizon_months, paths=result.paths, seed=seed,
                     version=result.benchmarks_version))
    console.print(Group(header, _assumptions(result), _months_table(result), _calendar(result),
                        _deferred(result), _events(result), _cost(result), _scenarios(result),
                        _warnings(result)))


def points(delta: float) -> str:
    """A change of a share in percentage points ("1.5 pts")."""
    return tr("report.project.points", n=_fmt.number(delta * 100, 1))
