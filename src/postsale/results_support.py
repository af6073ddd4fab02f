"""The support desk sized by its queues (``headcount.support`` of the plan JSON; issue 12 item 4).

Present only when the company file has ``[support.channels]`` and the book has a ticket volume;
otherwise support is sized by the S0 ratios and ``headcount.roles.support_engineer.formula`` says
so. Shares, service levels and occupancy are fractions; ``agents_by_hour`` has 168 entries, one
per hour of the week from Monday 00:00 (company time; UTC for follow-the-sun hubs).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from postsale.results_text import Text, TextModel, render_context

__all__ = ["ArrivalProfileResult", "PremiumSupportResult", "SupportChannelResult",
           "SupportDeskResult", "SupportStaffing"]


class _Result(TextModel, BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    def to_dict(self, lang: str | None = None, currency: str = "USD") -> dict[str, Any]:
        """JSON-ready, messages rendered in ``lang`` (``results_text``)."""
        return self.model_dump(mode="json", context=render_context(lang, currency))


class ArrivalProfileResult(_Result):
    """Which arrival profile sized the desks, and why (``headcount.support.arrival_profile``).

    ``source``: ``measured`` (from a ticket export's creation times), ``company_file``
    (``[support] arrival_profile``) or ``default`` (the documented business-hours profile);
    ``reason`` says why the default was kept: ``no_export`` (no per-ticket export),
    ``too_few_tickets`` (fewer than ``min_tickets`` with a time of day), or None.
    ``weights``: the profile used, 168 fractions summing to 1 (Monday 00:00 first, company
    time). Follow-the-sun hubs keep the default per hub (their customers' local day)."""

    source: Literal["measured", "company_file", "default"]
    reason: Literal["no_export", "too_few_tickets"] | None = None
    tickets: int | None = None  # tickets counted with a time of day
    min_tickets: float | None = None
    file: str | None = None
    window_start: str | None = None  # ISO dates of the creation window counted
    window_end: str | None = None
    timezone: str | None = None  # [support] timezone; None: as written (naive) / UTC (offsets)
    business_hours_share: float  # of the week's tickets, Monday–Friday business hours
    weekend_share: float
    busiest_day: int  # 0 = Monday
    busiest_hour: int  # hour of day (company time)
    busiest_hour_share: float  # of the week's tickets
    weights: tuple[float, ...]
    explanation: Text
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...]


class SupportDeskResult(_Result):
    """One desk of a channel: the whole channel, one follow-the-sun hub, or the premium hours."""

    hub: str | None  # americas / emea / apac, "premium_24x7", or None for a single desk
    utc_offset: int | None
    share: float  # of the channel's volume
    open_hours_per_week: int
    tickets_per_week: float
    agents_by_hour: tuple[int, ...]
    agent_hours_per_week: float
    peak_agents: int
    minimum_staffed_hours: int  # open hours held at one person by the every-open-hour rule
    service_level: float  # lowest achieved in an open hour (live) / achieved (email)
    occupancy: float  # load ÷ agents over the open week


class SupportChannelResult(_Result):
    """One ``[support.channels.<name>]``, with every default resolved and what it needs."""

    name: str
    kind: Literal["chat", "phone", "email"]
    model: Literal["erlang_c", "backlog"]
    hours: Literal["8x5", "24x7", "follow_the_sun"]
    share: float
    tickets_per_day: float
    service_level_target: float
    answer_seconds: float | None
    resolution_hours: float | None
    handle_minutes: float
    concurrency: int
    shrinkage: float
    max_occupancy: float
    desks: tuple[SupportDeskResult, ...]
    agent_hours_per_week: float
    fte: float
    explanation: Text
    sources: tuple[str, ...]


class PremiumSupportResult(_Result):
    """Premium 24×7 support sold at extra cost: the people it adds against what it earns."""

    channel: str
    price: float
    adoption: float
    customers: int
    revenue: float
    extra_fte: float
    extra_headcount: int
    extra_cost: float
    net: float
    explanation: Text


class SupportStaffing(_Result):
    """The support engineers the queues need; ``ratio_fte`` is the S0 ratio model beside it."""

    model: Literal["queue"] = "queue"
    tickets_per_day: float
    tickets_per_week: float
    volume_source: Literal["book", "company_file"]
    channels: tuple[SupportChannelResult, ...]
    fte: float
    headcount: int
    cost: float
    hours_per_fte_week: float
    ratio_fte: float
    capacity_tickets_per_day: float  # the volume this headcount still holds at target
    floor_fte: float  # keeping every channel open every open hour with no tickets at all
    premium_24x7: PremiumSupportResult | None = None
    hubs_source: Literal["time_zones", "even_split"] | None = None
    arrival_profile: ArrivalProfileResult
    trigger: Text
    sources: tuple[str, ...]
