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

__all__ = ["support_lines", "support_rows", "support_table"]

_HOURS = {"8x5": "8×5", "24x7": "24×7", "follow_the_sun": "follow-the-sun"}
COLUMNS = ("channel", "hours", "tickets/day", "target", "handle", "busiest hour", "SL achieved",
           "occupancy", "FTE")


def _target(c: SupportChannelResult) -> str:
    if c.answer_seconds is not None:
        return f"{fmt.percent(c.service_level_target, 0)} in {c.answer_seconds:g} s"
    return f"{fmt.percent(c.service_level_target, 0)} in {c.resolution_hours:g} business h"


def support_rows(support: SupportStaffing) -> list[dict[str, Any]]:
    """One row per desk (a channel, a follow-the-sun hub or the premium hours), as strings."""
    rows: list[dict[str, Any]] = []
    for c in support.channels:
        for d in c.desks:
            where = _HOURS[c.hours] if d.hub is None else (
                "premium 24×7 (off-hours)" if d.hub == "premium_24x7"
                else f"{d.hub} (UTC{d.utc_offset:+d})")
            handle = f"{c.handle_minutes:g} min" + (f" ÷ {c.concurrency}" if c.concurrency > 1 else "")
            rows.append({
                "channel": c.name if c.name == c.kind else f"{c.name} ({c.kind})", "hours": where,
                "tickets/day": fmt.number(c.tickets_per_day * d.share, 1),
                "target": _target(c), "handle": handle,
                "busiest hour": f"{d.peak_agents} agent{'s' if d.peak_agents != 1 else ''}",
                "SL achieved": fmt.percent(d.service_level, 1),
                "occupancy": fmt.percent(d.occupancy, 0),
                "FTE": fmt.number(d.agent_hours_per_week / support.hours_per_fte_week
                                  / (1.0 - c.shrinkage), 2)})
    return rows


def support_lines(support: SupportStaffing, currency: str) -> list[str]:
    """The block's notes: total, the ratio model beside it, the arrival profile used (measured,
    company file or default, and why), premium 24×7, when to hire."""
    volume = max(support.fte - support.floor_fte, 0.0)
    lines = [f"{fmt.number(support.fte, 2)} FTE → {support.headcount} support engineers "
             f"({fmt.money(support.cost, currency)} a year): agent-hours a week ÷ "
             f"{support.hours_per_fte_week:g} h ÷ (1 − shrinkage). Keeping every channel open in "
             f"every open hour takes {fmt.number(support.floor_fte, 2)} FTE with no tickets at all "
             f"(one person per channel and open hour); the volume adds {fmt.number(volume, 2)}. "
             f"The S0 ratio (tickets per engineer a day) would say "
             f"{fmt.number(support.ratio_fte, 2)} FTE."]
    profile = support.arrival_profile
    lines.append(f"When tickets arrive: {profile.explanation}"
                 + "".join(f"; {n}" for n in profile.notes) + ".")
    premium = support.premium_24x7
    if premium is not None:
        lines.append(
            f"Premium 24×7 on {premium.channel}: {premium.customers} customers × "
            f"{fmt.money(premium.price, currency)} = {fmt.money(premium.revenue, currency)} a "
            f"year against {premium.extra_headcount} more engineers "
            f"({fmt.money(premium.extra_cost, currency)}): net {fmt.money(premium.net, currency)}.")
    lines.append(tr(support.trigger))
    return lines


def support_table(plan: PlanResult) -> Table | None:
    """The Rich table of the text report, or None when support is sized by the ratios."""
    support = plan.headcount.support
    if support is None:
        return None
    table = Table(title="Support staffing by queue", box=box.SIMPLE_HEAVY)
    for col in COLUMNS:
        table.add_column(col, justify="left" if col in ("channel", "hours", "target") else "right")
    for row in support_rows(support):
        table.add_row(*(row[c] for c in COLUMNS))
    table.caption = escape("\n".join(support_lines(support, plan.currency)))
    table.caption_justify = "left"
    return table
