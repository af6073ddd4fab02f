"""The support role sized by its queues: the hooks ``core.capacity`` calls and the plan's
``headcount.support`` detail (``results_support.SupportStaffing``).

When ``[support.channels]`` is configured and a ticket volume is known (the book's tickets, or
every channel's ``tickets_per_day``), the support engineers of the plan, the org chart and the
projection come from ``queue.queue_fte``; otherwise from the S0 ratios, and the formula says why.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import numpy.typing as npt

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from postsale.core.msg import Msg, Param
from postsale.core.support import erlang
from postsale.core.support.arrivals import resolve_arrivals
from postsale.core.support.profile import HOURS_PER_WEEK, Hub, even_hubs, ticket_hubs
from postsale.core.support.queue import (
    ChannelSpec,
    Desk,
    DeskLoad,
    channel_specs,
    desk_agents,
    desks,
    fluid_service_level,
    headcount,
    live_desk,
    premium_channel,
    premium_desk,
    queue_fte,
    tickets_per_agent_hour,
    weekly_volume,
)
from postsale.results_support import (
    PremiumSupportResult,
    SupportChannelResult,
    SupportDeskResult,
    SupportStaffing,
)

__all__ = ["channel_volume", "formula", "measure_hubs", "support_fte", "support_staffing",
           "team_capacity", "uses_queue"]

FloatArray = npt.NDArray[np.float64]
_QUEUE_KEYS = ("support.hours_per_fte_week", "capacity.working_days_per_month",
               "org.business_hours_start", "org.business_hours_end")


def uses_queue(company: Company, tickets_known: bool) -> bool:
    """Support is sized by the queues: channels configured and a ticket volume known."""
    return bool(company.support.channels) and tickets_known


def channel_volume(company: Company, tickets_known: bool, tickets_per_day: float
                   ) -> tuple[bool, float, bool]:
    """(known, tickets per working day, from the company file): every channel's
    ``tickets_per_day`` replaces the book's volume (the company file is the explicit figure)."""
    volumes = [c.tickets_per_day for c in company.support.channels.values()]
    if volumes and None not in volumes:
        return True, float(sum(v or 0.0 for v in volumes)), True
    return tickets_known, tickets_per_day, False


def measure_hubs(book: AccountBook, live: slice | npt.NDArray[np.bool_], tickets: FloatArray,
                 tickets_known: bool, company: Company, benchmarks: Benchmarks,
                 today: dt.date) -> tuple[Hub, ...] | None:
    """Follow-the-sun hubs from the live accounts' time zones (weighted by tickets), only when a
    channel is follow-the-sun; None otherwise or without time zones (then the hubs split evenly)."""
    if not any(c.hours == "follow_the_sun" for c in company.support.channels.values()):
        return None
    labels, codes = book.codes("timezone")
    codes = np.asarray(codes)[live]
    weights = tickets if tickets_known and float(tickets.sum()) > 0 else np.ones(codes.shape)
    hubs = ticket_hubs(list(labels), codes, np.asarray(weights, dtype=np.float64), today,
                       benchmarks)
    return hubs or None


def _hubs(hubs: tuple[Hub, ...] | None, benchmarks: Benchmarks) -> tuple[Hub, ...]:
    return hubs if hubs is not None else even_hubs(benchmarks)


def support_fte(tickets_per_day: npt.ArrayLike, company: Company, benchmarks: Benchmarks,
                hubs: tuple[Hub, ...] | None) -> FloatArray:
    """Support FTE from the queues, element-wise (``role_counts``' hook)."""
    return queue_fte(tickets_per_day, company, benchmarks, _hubs(hubs, benchmarks))


def _desk_result(desk: Desk, spec: ChannelSpec, load: DeskLoad, volume: float) -> SupportDeskResult:
    agents = load.agents.reshape(HOURS_PER_WEEK)
    open_hours = int(desk.open.sum())
    tickets = volume * desk.share
    work = tickets * spec.handle_minutes / 60.0 / spec.concurrency  # agent-hours of handling
    if spec.live:
        weights = np.where(desk.open, desk.arrivals, 0.0)
        weights = weights / weights.sum() if weights.sum() > 0 else desk.open / open_hours
        levels = [erlang.service_level(int(agents[h]), float(tickets * weights[h]
                                                             * spec.handle_minutes / 60.0
                                                             / spec.concurrency),
                                       spec.target / 60.0, spec.handle_minutes / spec.concurrency)
                  for h in np.flatnonzero(desk.open)]
        level = min(levels) if levels else 1.0
    else:
        roster = float(agents[desk.open].max(initial=1))
        x = tickets / (tickets_per_agent_hour(spec) * roster)
        level = fluid_service_level(desk.open, desk.arrivals, x, spec.target)
    return SupportDeskResult(
        hub=desk.hub, utc_offset=desk.utc_offset, share=round(desk.share, 6),
        open_hours_per_week=open_hours, tickets_per_week=round(tickets, 3),
        agents_by_hour=tuple(int(a) for a in agents),
        agent_hours_per_week=float(load.agent_hours),
        peak_agents=int(agents.max(initial=0)),
        minimum_staffed_hours=int(((agents == 1) & desk.open).sum()),
        service_level=round(level, 6),
        occupancy=round(work / float(load.agent_hours), 6) if load.agent_hours else 0.0)


def _hours(hours: str) -> Msg:
    """A channel's opening hours (8×5, 24×7, follow-the-sun)."""
    if hours == "8x5":
        return Msg("support.hours.8x5")
    if hours == "24x7":
        return Msg("support.hours.24x7")
    return Msg("support.hours.follow_the_sun")


def _kind(kind: str) -> Msg:
    """A channel's kind (chat, phone, email)."""
    if kind == "chat":
        return Msg("support.kind.chat")
    if kind == "phone":
        return Msg("support.kind.phone")
    return Msg("support.kind.email")


def _explain(spec: ChannelSpec, tickets_per_day: float, rows: list[SupportDeskResult],
             fte: float, hours: float) -> Msg:
    """How a channel's FTE follow from its queue: Erlang C per open hour for live channels, the
    backlog model for email."""
    agent_hours = sum(d.agent_hours_per_week for d in rows)
    where = _hours(spec.hours)
    if spec.hours == "follow_the_sun":
        where = Msg("support.hours.hubs", hours=where, hubs=tuple(
            Msg("support.hub_share", hub=str(d.hub), share=d.share)
            for d in rows if d.hub != "premium_24x7"))
    held = sum(d.minimum_staffed_hours for d in rows)
    opened = sum(d.open_hours_per_week for d in rows)
    people = Msg("support.explain.fte", agent_hours=agent_hours, hours=hours,
                 shrinkage=spec.shrinkage, fte=fte)
    volume = Msg("support.explain.volume", tickets=tickets_per_day * spec.share, share=spec.share,
                 total=tickets_per_day)
    if spec.live:
        params: dict[str, Param] = {
            "volume": volume, "where": where, "service_level": spec.service_level,
            "target": spec.target, "handle": spec.handle_minutes,
            "occupancy": spec.max_occupancy, "peak": _peak(rows), "held": held,
            "opened": opened, "people": people}
        if spec.kind == "chat":
            return Msg("support.explain.chat", concurrency=spec.concurrency, **params)
        return Msg("support.explain.phone", **params)
    rate = tickets_per_agent_hour(spec)
    throughput = sum(d.tickets_per_week for d in rows) / max(opened, 1) / rate
    return Msg("support.explain.backlog", volume=volume, where=where, rate=rate,
               handle=spec.handle_minutes, occupancy=spec.max_occupancy, throughput=throughput,
               service_level=spec.service_level, target=spec.target,
               peak=max(d.peak_agents for d in rows), people=people)


def _peak(rows: list[SupportDeskResult]) -> Msg:
    peaks = sorted({d.peak_agents for d in rows})
    top = peaks[-1] if peaks else 0
    if len(peaks) > 1:
        return Msg("support.explain.peak_range", low=peaks[0], top=top)
    return Msg("support.explain.peak", agents=top)


def team_capacity(people: int, company: Company, benchmarks: Benchmarks,
                  hubs: tuple[Hub, ...] | None) -> float:
    """The largest ticket volume a day ``people`` support engineers hold at every channel's
    service level (0 when they cannot staff every open hour even at no volume). A function of
    the team alone — the plan's capacity, the trigger and the projection's texts agree."""
    return _capacity(people, company, benchmarks, _hubs(hubs, benchmarks))


def _capacity(people: int, company: Company, benchmarks: Benchmarks,
              hubs: tuple[Hub, ...]) -> float:
    """:func:`team_capacity`: a doubling search from 1 ticket a day, then three vectorized
    129-point grids (resolution below a thousandth of the bracket)."""
    lo, hi = 0.0, 1.0
    while int(headcount(queue_fte(hi, company, benchmarks, hubs))) <= people and hi < 1e8:
        lo, hi = hi, hi * 4.0
    for _ in range(3):
        grid = np.linspace(lo, hi, 129)
        fits = headcount(queue_fte(grid, company, benchmarks, hubs)) <= people
        last = int(np.flatnonzero(fits).max(initial=0))
        lo, hi = float(grid[last]), float(grid[min(last + 1, grid.size - 1)])
    return math.floor(lo * 1000.0) / 1000.0  # rounded down: the team still holds the figure


def support_staffing(tickets_per_day: float, from_company_file: bool, customers: int,
                     company: Company, benchmarks: Benchmarks, hubs: tuple[Hub, ...] | None
                     ) -> SupportStaffing:
    """The plan's ``headcount.support``: every channel's desks, agents per hour, service level
    and occupancy achieved, FTE, premium 24×7, and when to hire the next engineer (S0)."""
    staffed_hubs = _hubs(hubs, benchmarks)
    volume = float(weekly_volume(tickets_per_day, benchmarks))
    hours = benchmarks.value("support.hours_per_fte_week")
    premium = company.support.premium_24x7
    premium_name = premium_channel(company)
    channels: list[SupportChannelResult] = []
    premium_fte = 0.0
    arrivals = resolve_arrivals(company, benchmarks)
    for spec in channel_specs(company, benchmarks):
        channel_desks = desks(spec, staffed_hubs, benchmarks, arrivals.weights)
        rows = [_desk_result(d, spec, desk_agents(d, spec, volume * spec.share), volume * spec.share)
                for d in channel_desks]
        fte = sum(r.agent_hours_per_week for r in rows) / hours / (1.0 - spec.shrinkage)
        if premium is not None and spec.name == premium_name:
            extra = premium_desk(spec, channel_desks, premium.adoption, benchmarks,
                                 arrivals.weights)
            row = _desk_result(extra, spec, live_desk(extra, spec, np.asarray(volume * spec.share)),
                               volume * spec.share)
            premium_fte = row.agent_hours_per_week / hours / (1.0 - spec.shrinkage)
            rows.append(row)
        base_fte = fte
        fte += premium_fte if spec.name == premium_name else 0.0
        channels.append(SupportChannelResult(
            name=spec.name, kind=spec.kind,
            model="erlang_c" if spec.live else "backlog", hours=spec.hours,
            share=spec.share, tickets_per_day=round(tickets_per_day * spec.share, 4),
            service_level_target=spec.service_level,
            answer_seconds=spec.target if spec.live else None,
            resolution_hours=None if spec.live else spec.target,
            handle_minutes=spec.handle_minutes, concurrency=spec.concurrency,
            shrinkage=spec.shrinkage, max_occupancy=spec.max_occupancy, desks=tuple(rows),
            agent_hours_per_week=sum(r.agent_hours_per_week for r in rows), fte=round(fte, 4),
            explanation=_explain(spec, tickets_per_day,
                                 [r for r in rows if r.hub != "premium_24x7"], base_fte, hours),
            sources=spec.sources))
    total = sum(c.fte for c in channels)
    people = int(headcount(total))
    cost = people * benchmarks.value("costs.support_engineer")
    premium_result = None
    if premium is not None and premium_name is not None:
        without = int(headcount(total - premium_fte))
        buyers = round(customers * premium.adoption)
        extra_cost = (people - without) * benchmarks.value("costs.support_engineer")
        premium_result = PremiumSupportResult(
            channel=premium_name, price=premium.price, adoption=premium.adoption,
            customers=buyers, revenue=buyers * premium.price, extra_fte=round(premium_fte, 4),
            extra_headcount=people - without, extra_cost=extra_cost,
            net=buyers * premium.price - extra_cost,
            explanation=Msg("support.premium.explanation", channel=premium_name,
                            customers=buyers, adoption=premium.adoption, fte=premium_fte,
                            more=people - without))
    capacity = _capacity(people, company, benchmarks, staffed_hubs)
    floor = float(queue_fte(0.0, company, benchmarks, staffed_hubs))
    ratio = benchmarks.value("capacity.tickets_per_engineer_per_day")
    headroom = capacity / tickets_per_day - 1.0 if tickets_per_day > 0 else 0.0
    trigger = (Msg("support.staffing.trigger", people=people, capacity=capacity,
                   today=tickets_per_day, headroom=headroom) if headroom >= 0 else
               Msg("support.staffing.trigger_short", people=people, capacity=capacity,
                   today=tickets_per_day, headroom=headroom))
    used = sorted({k for c in channels for k in c.sources} | set(_QUEUE_KEYS)
                  | set(arrivals.result.sources)
                  | {"costs.support_engineer", "capacity.tickets_per_engineer_per_day"}
                  | ({"support.follow_the_sun.min_hub_share"} if hubs is not None else set()))
    return SupportStaffing(
        tickets_per_day=round(tickets_per_day, 4), tickets_per_week=round(volume, 3),
        volume_source="company_file" if from_company_file else "book",
        channels=tuple(channels), fte=round(total, 4), headcount=people, cost=cost,
        hours_per_fte_week=hours, ratio_fte=round(tickets_per_day / ratio, 4),
        capacity_tickets_per_day=round(capacity, 3), floor_fte=round(floor, 4),
        premium_24x7=premium_result,
        hubs_source=None if not any(c.hours == "follow_the_sun" for c in channels)
        else ("time_zones" if hubs is not None else "even_split"),
        arrival_profile=arrivals.result, trigger=trigger, sources=tuple(used))



def formula(support: SupportStaffing) -> tuple[Msg, tuple[str, ...]]:
    """The support role's formula and sources when the queues size it."""
    parts: Msg | None = None
    for c in support.channels:
        part = Msg("support.formula.channel", name=c.name, kind=_kind(c.kind),
                   hours=_hours(c.hours), explanation=c.explanation)
        parts = part if parts is None else Msg("support.formula.and", first=parts, then=part)
    premium = support.premium_24x7
    params: dict[str, Param] = {
        "parts": parts, "fte": support.fte, "headcount": support.headcount,
        "ratio": support.ratio_fte, "tickets": support.tickets_per_day}
    if premium is not None:
        return Msg("support.formula.premium", premium=premium.extra_headcount,
                   **params), support.sources
    return Msg("support.formula.queue", **params), support.sources
