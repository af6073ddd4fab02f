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
from postsale.core.msg import Msg
from postsale.core.support.profile import Hub
from postsale.core.support.queue import headcount
from postsale.core.support.staffing import team_capacity
from postsale.keys import Role
from postsale.results import Trigger
from postsale.results_support import SupportStaffing

__all__ = ["KEY", "capacity_msg", "capacity_text", "queue_trigger"]

KEY = "support_sla_capacity"


def _seat(in_seat: int) -> Msg:
    """The support engineers in seat, or none."""
    return Msg("support.trigger.seat", people=in_seat) if in_seat \
        else Msg("support.trigger.seat_none")


def queue_trigger(support: SupportStaffing, in_seat: int, company: Company,
                  benchmarks: Benchmarks, hubs: tuple[Hub, ...] | None) -> Trigger:
    """The support trigger when the queues size support (module docstring)."""
    today = support.tickets_per_day
    held = team_capacity(in_seat, company, benchmarks, hubs)
    need = support.headcount
    fired = need > in_seat
    channels = tuple(c.name for c in support.channels)
    seat = _seat(in_seat)
    floor = int(headcount(support.floor_fte))
    state = (Msg("support.trigger.below_floor", seat=seat, floor=floor) if in_seat < floor
             else Msg("support.trigger.holds_one", seat=seat, held=held) if in_seat == 1
             else Msg("support.trigger.holds", seat=seat, held=held))
    verdict: Msg
    if fired:
        verdict = (Msg("support.trigger.need", need=need, hire=need - in_seat) if in_seat < floor
                   else Msg("support.trigger.slipping", need=need, hire=need - in_seat))
    elif today > 0:
        verdict = Msg("support.trigger.headroom", headroom=held / today - 1.0)
    else:
        verdict = Msg("support.trigger.next")
    return Trigger(
        key=KEY, role=Role.SUPPORT_ENGINEER,
        description=Msg("support.trigger.description"),
        measured=today, threshold=round(held, 3), unit=Msg("support.trigger.unit"), fired=fired,
        evaluable=True,
        message=Msg("support.trigger.message", today=today, channels=channels, state=state,
                    verdict=verdict),
        sources=("support.hours_per_fte_week", "capacity.working_days_per_month",
                 *support.arrival_profile.sources))


def capacity_text(tickets: float, people: int, held: float, when: str) -> str:
    """:func:`capacity_msg` in the active language, for the projection's hiring texts while they
    are still strings (the projection owns their conversion to messages)."""
    return str(capacity_msg(tickets, people, held, when))


def capacity_msg(tickets: float, people: int, held: float, when: str) -> Msg:
    """The projection's reason for a support hire in month ``when``: the volume passes ``held``,
    what the ``people`` engineers already staffed hold at every channel's service level
    (:func:`staffing.team_capacity`). Two decimals when one would show both as the same figure
    (76.41 past 76.38, not 76.4 past 76.4)."""
    if f"{tickets:.1f}" != f"{held:.1f}":
        return Msg("support.capacity.reason", tickets=tickets, held=held, people=people, when=when)
    return Msg("support.capacity.reason_close", tickets=tickets, held=held, people=people,
               when=when)
