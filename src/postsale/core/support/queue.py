"""Support engineers from the queue of each channel (issue 12 item 4; DOMAIN.md §9).

S0: "the better metric is ticket volume and resolution time, not customer count"; hire "when the
SLA starts slipping". With ``[support.channels]`` the support desk is sized by its queues:

* **Live channels (chat, phone): Erlang C per hour.** Each open hour h gets the week's volume
  times its arrival weight (``profile``), an offered load A_h = arrivals/h × AHT (÷ concurrency
  for chat) and the exact minimum agents meeting the service level and the occupancy cap
  (``erlang.agents_for_loads``) — never fewer than one: an open channel needs someone in every
  open hour, however quiet.
* **Email (asynchronous tickets): backlog model.** Tickets arrive round the clock (the
  round-the-clock profile) and are worked in open hours by a flat roster of c agents, each
  clearing ``max_occupancy`` × 60 ÷ AHT tickets an hour. The base is the throughput,
  c ≥ tickets per open hour × AHT ÷ occupancy; the resolution target is then checked with a fluid
  FIFO queue over open hours (5-minute steps, three weeks so the backlog reaches its weekly
  cycle): a backlog that the window cannot clear (Monday morning's weekend tickets, say) needs
  more people. The SLA clock runs in open hours (a business-hours SLA). The fluid delays depend
  only on volume ÷ c, so the largest volume per agent is found once per channel and the roster
  is ceil(volume ÷ that), element-wise.
* **From agents to people.** Agent-hours a week ÷ ``support.hours_per_fte_week`` ÷
  (1 − shrinkage) = FTE per channel; the channels' FTE add up (agents work any channel) and the
  support headcount is their ceiling. Shrinkage is applied to the week's total, not rounded up
  per interval (rounding each hour's positions up, as pyworkforce's ``positions`` does, staffs a
  quiet 24×7 chat with 2 × 168 ÷ 40 ≈ 8 people where 1 × 168 ÷ 40 ÷ 0.7 = 6 cover it).
* **Arrival profile.** One per company (``arrivals.resolve_arrivals``): the company file's,
  else the one measured from a ticket export, else the default; every desk and every volume
  (plan, capacity, projection) uses the same one.
* **Premium 24×7** (``[support] premium_24x7``): premium customers (``adoption`` of the
  customers, and that share of the channel's volume) get the channel in the hours it is closed;
  their off-hours tickets (the round-the-clock profile's off-hours share) are an extra live desk.

Every function takes volumes as arrays of any shape (a plan's 0-d, a projection's paths × months).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from postsale.company import Company
from postsale.company_support import SupportChannel
from postsale.core.benchmarks import Benchmarks
from postsale.core.support.arrivals import resolve_arrivals
from postsale.core.support.erlang import agents_for_loads
from postsale.core.support.profile import (
    HOURS_PER_WEEK,
    Hub,
    business_mask,
    default_profile,
)

__all__ = ["ChannelSpec", "Desk", "DeskLoad", "backlog_desk", "channel_specs", "desk_agents",
           "desks", "fluid_service_level", "headcount", "live_desk", "premium_channel",
           "premium_desk", "queue_fte", "tickets_per_agent_hour", "weekly_volume"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
_STEPS = 12  # 5-minute steps per hour in the backlog model
_WEEKS = 3


@dataclass(frozen=True)
class ChannelSpec:
    """One channel with every default resolved; ``sources`` name the benchmark keys used."""

    name: str
    kind: str
    hours: str
    service_level: float
    target: float  # answer seconds (live) or resolution hours (email)
    handle_minutes: float
    concurrency: int
    shrinkage: float
    max_occupancy: float
    share: float
    sources: tuple[str, ...]

    @property
    def live(self) -> bool:
        return self.kind != "email"


def _pick(channel: SupportChannel, field: str, key: str, benchmarks: Benchmarks,
          used: list[str]) -> float:
    value = getattr(channel, field)
    if value is None:
        used.append(key)
        return benchmarks.value(key)
    return float(value)


def channel_specs(company: Company, benchmarks: Benchmarks) -> tuple[ChannelSpec, ...]:
    """The company's channels with defaults from the benchmarks and shares of the volume
    (given shares; else per-channel ``tickets_per_day``; else an equal split)."""
    channels = company.support.channels
    volumes = [c.tickets_per_day for c in channels.values()]
    total = sum(v or 0.0 for v in volumes)
    out = []
    for name, c in channels.items():
        used: list[str] = []
        target_field = "answer_seconds" if c.live else "resolution_hours"
        if c.share is not None:
            share = c.share
        elif None not in volumes and total > 0:
            share = (c.tickets_per_day or 0.0) / total
        else:
            share = 1.0 / len(channels)
        out.append(ChannelSpec(
            name=name, kind=c.kind, hours=c.hours,
            service_level=_pick(c, "service_level", f"support.{c.kind}.service_level",
                                benchmarks, used),
            target=_pick(c, target_field, f"support.{c.kind}.{target_field}", benchmarks, used),
            handle_minutes=_pick(c, "handle_minutes", f"support.{c.kind}.handle_minutes",
                                 benchmarks, used),
            concurrency=int(_pick(c, "concurrency", "support.chat.concurrency", benchmarks, used))
            if c.kind == "chat" else 1,
            shrinkage=_pick(c, "shrinkage", "support.shrinkage", benchmarks, used),
            max_occupancy=_pick(c, "max_occupancy", "support.max_occupancy", benchmarks, used),
            share=share, sources=tuple(used)))
    return tuple(out)


def weekly_volume(tickets_per_day: npt.ArrayLike, benchmarks: Benchmarks) -> FloatArray:
    """Tickets a week from tickets per working day (× working days a month × 12 ÷ 52)."""
    return np.asarray(tickets_per_day, dtype=np.float64) * (
        benchmarks.value("capacity.working_days_per_month") * 12.0 / 52.0)


@dataclass(frozen=True, eq=False)
class Desk:
    """Who answers one channel in one place: its open hours and its customers' arrival profile
    (168 weights summing to 1), with its share of the channel's volume."""

    channel: str
    hub: str | None
    utc_offset: int | None
    share: float
    open: BoolArray
    arrivals: FloatArray


def desks(spec: ChannelSpec, hubs: tuple[Hub, ...], benchmarks: Benchmarks,
          profile: FloatArray | None = None) -> tuple[Desk, ...]:
    """The desks of a channel: one (8×5 or 24×7, company time) or one per follow-the-sun hub.
    ``profile``: the arrival profile in company time (None: the default); follow-the-sun hubs
    keep the default in each hub's local day (``arrivals`` module docstring)."""
    if spec.hours == "follow_the_sun":
        return tuple(Desk(spec.name, h.name, h.utc_offset, h.share,
                          business_mask(benchmarks, h.utc_offset),
                          default_profile(benchmarks, h.utc_offset)) for h in hubs)
    open_ = business_mask(benchmarks) if spec.hours == "8x5" \
        else np.ones(HOURS_PER_WEEK, dtype=np.bool_)
    arrivals = default_profile(benchmarks) if profile is None else profile
    return (Desk(spec.name, None, None, 1.0, open_, arrivals),)


def premium_desk(spec: ChannelSpec, channel_desks: tuple[Desk, ...], adoption: float,
                 benchmarks: Benchmarks, profile: FloatArray | None = None) -> Desk:
    """The premium customers' channel in the hours it is otherwise closed (company time for 8×5;
    UTC hours no hub covers for follow-the-sun); share = adoption × the off-hours arrivals."""
    covered = np.zeros(HOURS_PER_WEEK, dtype=np.bool_)
    for d in channel_desks:
        covered |= d.open
    arrivals = default_profile(benchmarks) if profile is None else profile
    off = ~covered
    return Desk(spec.name, "premium_24x7", None, adoption * float(arrivals[off].sum()), off,
                arrivals)


@dataclass(frozen=True, eq=False)
class DeskLoad:
    """A desk's staffing: agents per open hour (shape (..., 168), 0 when closed) and agent-hours."""

    agents: IntArray
    agent_hours: FloatArray


def live_desk(desk: Desk, spec: ChannelSpec, volume: FloatArray) -> DeskLoad:
    weights = np.where(desk.open, desk.arrivals, 0.0)
    total = weights.sum()
    weights = weights / total if total > 0 else np.where(desk.open, 1.0, 0.0) / desk.open.sum()
    opened = np.flatnonzero(desk.open)
    unique, inverse = np.unique(weights[opened], return_inverse=True)
    handle = spec.handle_minutes / spec.concurrency
    loads = volume[..., None] * desk.share * unique * handle / 60.0
    agents_u = np.maximum(1, agents_for_loads(loads, spec.service_level, spec.target / 60.0,
                                              handle, spec.max_occupancy))
    agents = np.zeros((*volume.shape, HOURS_PER_WEEK), dtype=np.int64)
    agents[..., opened] = agents_u[..., inverse]
    return DeskLoad(agents, agents.sum(axis=-1).astype(np.float64))


def _open_time_arrivals(open_: BoolArray, arrivals: FloatArray) -> FloatArray:
    """Arrivals per 5-minute step of open time: an open hour's own arrivals spread over its
    steps, plus the closed hours' arrivals since the last open hour at its first step."""
    idx = np.flatnonzero(open_)
    cum = np.concatenate([[0.0], np.cumsum(np.tile(arrivals, 2))])
    # arrivals from the end of the previous open hour (cyclically) to the start of this one
    prev_end = np.roll(idx, 1) + 1
    prev_end = np.where(prev_end > idx, prev_end - HOURS_PER_WEEK, prev_end)
    waiting = cum[idx + HOURS_PER_WEEK] - cum[prev_end + HOURS_PER_WEEK]
    steps = np.repeat(arrivals[idx] / _STEPS, _STEPS).reshape(idx.size, _STEPS)
    steps[:, 0] += waiting
    return steps.reshape(-1)


def fluid_service_level(open_: BoolArray, arrivals: FloatArray, x: float,
                        window_hours: float) -> float:
    """Share of a week's tickets resolved within ``window_hours`` open hours when a week brings
    ``x`` hours of the roster's work (fluid FIFO, 5-minute steps, the third of three weeks)."""
    week = _open_time_arrivals(open_, arrivals)
    flow = np.tile(week, _WEEKS) * x
    step = 1.0 / _STEPS
    last = slice(flow.size - week.size, flow.size)
    arrived = np.cumsum(flow)
    served = np.arange(1, flow.size + 1) * step  # the roster clears 1 hour of work an hour
    # departures of a work-conserving queue (Reich's formula for the Lindley recursion):
    # D_i = min(A_i, capacity_i + min_k≤i (A_k−1 − capacity_k−1))
    slack = np.minimum.accumulate(np.concatenate([[0.0], arrived[:-1]]) - (served - step))
    departed = np.minimum(arrived, served + slack)
    done = np.searchsorted(departed, arrived - 1e-12 * max(x, 1.0), side="left")
    delay = done - np.arange(flow.size) + 1  # steps, from the start of the arrival step
    total = flow[last].sum()
    if total <= 0:
        return 1.0
    return float(flow[last][delay[last] <= window_hours * _STEPS + 1e-9].sum() / total)


@lru_cache(maxsize=256)
def _volume_per_capacity(open_key: bytes, arrivals_key: bytes, service_level: float,
                         window_hours: float) -> float:
    """The largest week of work (in hours of the roster's capacity) whose fluid delays meet the
    target; at most the open hours (beyond them a week's tickets outrun a week's capacity)."""
    open_ = np.frombuffer(open_key, dtype=np.bool_)
    arrivals = np.frombuffer(arrivals_key, dtype=np.float64)
    lo, hi = 0.0, float(open_.sum())
    if fluid_service_level(open_, arrivals, hi, window_hours) >= service_level:
        return hi
    for _ in range(50):
        mid = (lo + hi) / 2.0
        if fluid_service_level(open_, arrivals, mid, window_hours) >= service_level:
            lo = mid
        else:
            hi = mid
    return lo


def tickets_per_agent_hour(spec: ChannelSpec) -> float:
    """Tickets one agent clears in an open hour: occupancy × 60 ÷ handle minutes."""
    return spec.max_occupancy * 60.0 / spec.handle_minutes


def backlog_desk(desk: Desk, spec: ChannelSpec, volume: FloatArray) -> DeskLoad:
    per_agent_hour = tickets_per_agent_hour(spec)
    limit = _volume_per_capacity(desk.open.tobytes(), np.ascontiguousarray(desk.arrivals).tobytes(),
                                 spec.service_level, spec.target)
    roster = np.maximum(1, np.ceil(volume * desk.share / (per_agent_hour * limit) - 1e-9))
    agents = np.where(desk.open, roster[..., None], 0).astype(np.int64)
    return DeskLoad(agents, roster * float(desk.open.sum()))


def desk_agents(desk: Desk, spec: ChannelSpec, volume: npt.ArrayLike) -> DeskLoad:
    """Agents per hour of one desk for weekly channel ``volume`` (any shape)."""
    v = np.asarray(volume, dtype=np.float64)
    return live_desk(desk, spec, v) if spec.live else backlog_desk(desk, spec, v)


def queue_fte(tickets_per_day: npt.ArrayLike, company: Company, benchmarks: Benchmarks,
              hubs: tuple[Hub, ...]) -> FloatArray:
    """Support FTE from the queues of every channel (and premium 24×7), element-wise."""
    volume = weekly_volume(tickets_per_day, benchmarks)
    hours = benchmarks.value("support.hours_per_fte_week")
    total = np.zeros(volume.shape)
    premium = company.support.premium_24x7
    profile = resolve_arrivals(company, benchmarks).weights
    for spec in channel_specs(company, benchmarks):
        channel = desks(spec, hubs, benchmarks, profile)
        load = [desk_agents(d, spec, volume * spec.share) for d in channel]
        if premium is not None and spec.name == premium_channel(company):
            extra = premium_desk(spec, channel, premium.adoption, benchmarks, profile)
            load.append(live_desk(extra, spec, volume * spec.share))
        agent_hours = np.sum([d.agent_hours for d in load], axis=0)
        total = total + agent_hours / hours / (1.0 - spec.shrinkage)
    return np.asarray(total, dtype=np.float64)


def premium_channel(company: Company) -> str | None:
    """The channel premium 24×7 opens round the clock (named, or the first live one not 24×7)."""
    premium = company.support.premium_24x7
    if premium is None:
        return None
    if premium.channel is not None:
        return premium.channel
    return next((n for n, c in company.support.channels.items()
                 if c.live and c.hours != "24x7"), None)


def headcount(fte: npt.ArrayLike) -> IntArray:
    """Whole support engineers for the queues' FTE (an open channel is always staffed)."""
    return np.ceil(np.asarray(fte, dtype=np.float64) - 1e-9).astype(np.int64)

