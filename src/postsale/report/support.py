"""The support-staffing block of the plan reports (text and HTML), from ``headcount.support``.

One row per channel (and per follow-the-sun hub): volume, target, handle time, the busiest hour's
agents, the service level and occupancy achieved, FTE; below it the total, premium 24×7 revenue
against its cost, and S0's "hire when the SLA starts slipping" line. Nothing is shown when the
plan sized support by the ratios (no ``[support.channels]``).
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.markup import escape
from rich.table import Table

from postsale.i18n import tr
from postsale.report import fmt
from postsale.results import PlanResult
from postsale.results_support import SupportChannelResult, SupportStaffing

__all__ = ["COLUMNS", "support_headers", "support_lines", "support_rows", "support_table"]

#: The rows' keys, in column order (``support_headers`` names them in the active language).
COLUMNS = ("channel", "hours", "tickets/day", "target", "handle",
           "busiest hour", "SL achieved", "occupancy", "FTE")  # i18n: not text (row keys)


def support_headers() -> list[str]:
    """The column headers, in ``COLUMNS`` order."""
    return [tr("report.support.col.channel"), tr("report.support.col.hours"),
            tr("report.support.col.tickets_day"), tr("report.support.col.target"),
            tr("report.support.col.handle"), tr("report.support.col.busiest_hour"),
            tr("report.support.col.sl_achieved"), tr("report.support.col.occupancy"),
            tr("report.support.col.fte")]


def _hours(hours: str) -> str:
    if hours == "8x5":
        return "8×5"
    if hours == "24x7":
        return "24×7"
    return tr("report.support.follow_the_sun")


def _target(c: SupportChannelResult) -> str:
    if c.answer_seconds is not None:
        return tr("report.support.target_seconds", share=fmt.percent(c.service_level_target, 0),
                  seconds=c.answer_seconds)
    return tr("report.support.target_hours", share=fmt.percent(c.service_level_target, 0),
              hours=c.resolution_hours)


def support_rows(support: SupportStaffing) -> list[dict[str, Any]]:
    """One row per desk (a channel, a follow-the-sun hub or the premium hours), as strings."""
    rows: list[dict[str, Any]] = []
    for c in support.channels:
        for d in c.desks:
            where = _hours(c.hours) if d.hub is None else (
                tr("report.support.premium_off_hours") if d.hub == "premium_24x7"
                else f"{d.hub} (UTC{d.utc_offset:+d})")
            handle = tr("report.support.minutes", n=c.handle_minutes) + (
                f" ÷ {c.concurrency}" if c.concurrency > 1 else "")
            rows.append({
                "channel": c.name if c.name == c.kind else f"{c.name} ({c.kind})", "hours": where,
                "tickets/day": fmt.number(c.tickets_per_day * d.share, 1),
                "target": _target(c), "handle": handle,
                "busiest hour": tr("report.support.agents", n=d.peak_agents),  # i18n: not text
                "SL achieved": fmt.percent(d.service_level, 1),  # i18n: not text
                "occupancy": fmt.percent(d.occupancy, 0),
                "FTE": fmt.number(d.agent_hours_per_week / support.hours_per_fte_week
                                  / (1.0 - c.shrinkage), 2)})
    return rows


def support_lines(support: SupportStaffing, currency: str) -> list[str]:
    """The block's notes: total, the ratio model beside it, the arrival profile used (measured,
    company file or default, and why), premium 24×7, when to hire."""
    volume = max(support.fte - support.floor_fte, 0.0)
    lines = [tr("report.support.total", fte=fmt.number(support.fte, 2), n=support.headcount,
                cost=fmt.money(support.cost, currency), hours=support.hours_per_fte_week,
                floor=fmt.number(support.floor_fte, 2), volume=fmt.number(volume, 2),
                ratio=fmt.number(support.ratio_fte, 2))]
    profile = support.arrival_profile
    lines.append(tr("report.support.arrivals", explanation="".join(
        [str(profile.explanation), *(tr("report.sep.semicolon") + str(n)
                                     for n in profile.notes)])))
    premium = support.premium_24x7
    if premium is not None:
        lines.append(tr(
            "report.support.premium", channel=premium.channel, customers=premium.customers,
            price=fmt.money(premium.price, currency), revenue=fmt.money(premium.revenue, currency),
            extra=premium.extra_headcount, extra_cost=fmt.money(premium.extra_cost, currency),
            net=fmt.money(premium.net, currency)))
    lines.append(str(support.trigger))
    return lines


def support_table(plan: PlanResult) -> Table | None:
    """The Rich table of the text report, or None when support is sized by the ratios."""
    support = plan.headcount.support
    if support is None:
        return None
    table = Table(title=tr("report.support.title"), box=box.SIMPLE_HEAVY)
    for col, header in zip(COLUMNS, support_headers(), strict=True):
        table.add_column(header, justify="left" if col in ("channel", "hours", "target")
                         else "right")
    for row in support_rows(support):
        table.add_row(*(row[c] for c in COLUMNS))
    table.caption = escape("\n".join(support_lines(support, plan.currency)))
    table.caption_justify = "left"
    return table
