"""S0's support hiring trigger on the queue model: "hire when SLAs start slipping — on leading
indicators", not on a tickets-per-engineer ratio (DOMAIN.md §4; issue 12 item 4).

With ``[support.channels]`` the trigger compares today's tickets a day (measured) with the volume
at which the support engineers in seat (``[team] support_engineer``) no longer meet every
channel's service level (threshold: ``staffing.team_capacity``). It fires when they cannot meet
it at today's volume — exactly when the queues need more engineers than are in seat. Nobody in
seat holds nothing: an open channel needs someone in every open hour. The projection's hiring
texts use the same capacity (``capacity_text``), so a month's support hire and its reason agree.
"""

from __future__ import annotations

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.support.profile import Hub
from postsale.core.support.queue import headcount
from postsale.core.support.staffing import team_capacity
from postsale.keys import Role
from postsale.results import Trigger
from postsale.results_support import SupportStaffing

__all__ = ["KEY", "capacity_text", "queue_trigger"]

KEY = "support_sla_capacity"


def _engineers(n: int) -> str:
    return f"{n} support engineer{'s' if n != 1 else ''}"


def queue_trigger(support: SupportStaffing, in_seat: int, company: Company,
                  benchmarks: Benchmarks, hubs: tuple[Hub, ...] | None) -> Trigger:
    """The support trigger when the queues size support (module docstring)."""
    today = support.tickets_per_day
    held = team_capacity(in_seat, company, benchmarks, hubs)
    need = support.headcount
    fired = need > in_seat
    channels = ", ".join(c.name for c in support.channels)
    seat = _engineers(in_seat) + " in seat" if in_seat else "no support engineer in seat"
    floor = int(headcount(support.floor_fte))
    verb = "holds" if in_seat == 1 else "hold"
    if in_seat < floor:
        state = (f"{seat} cannot keep every channel open every open hour (that takes {floor} "
                 "even with no tickets)")
    else:
        state = f"{seat} {verb} every channel's service level up to {held:,.1f} tickets a day"
    if fired:
        verdict = (f"{'' if in_seat < floor else 'the SLA is slipping now: '}the desks need "
                   f"{need} at today's volume — hire {need - in_seat}")
    else:
        headroom = held / today - 1.0 if today > 0 else float("inf")
        verdict = (f"{headroom:+.0%} headroom; hire the next before the volume reaches it"
                   if today > 0 else "hire the next before the volume reaches it")
    return Trigger(
        key=KEY, role=Role.SUPPORT_ENGINEER,
        description="hire a support engineer when the team in seat can no longer meet every "
                    "channel's service level (queue model, S0: before SLAs slip)",
        measured=today, threshold=round(held, 3), unit="tickets a day", fired=fired,
        evaluable=True,
        message=f"{today:,.1f} tickets a day ({channels}); {state}: {verdict}",
        sources=("support.hours_per_fte_week", "capacity.working_days_per_month",
                 *support.arrival_profile.sources))


def capacity_text(tickets: float, people: int, held: float, when: str) -> str:
    """The projection's reason for a support hire in month ``when``: the volume passes ``held``,
    what the ``people`` engineers already staffed hold at every channel's service level
    (:func:`staffing.team_capacity`)."""
    digits = 1 if f"{tickets:.1f}" != f"{held:.1f}" else 2  # 76.41 past 76.38, not 76.4 past 76.4
    return (f"{tickets:,.{digits}f} tickets a day in {when}: past the {held:,.{digits}f} a day "
            f"{_engineers(people)} hold at every channel's service level (queue model; hire "
            "before SLAs slip)")
