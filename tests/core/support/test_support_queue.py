"""The queue model of the support desk (core/support/queue.py, profile.py): the issue's example,
minimum staffing, shrinkage over the week, the email backlog, follow-the-sun hubs, premium 24×7,
and element-wise agreement over arrays."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postsale.benchmarks import default_benchmarks
from postsale.company import Company, company_from_mapping
from postsale.core.benchmarks import Benchmarks
from postsale.core.support.erlang import minimum_agents
from postsale.core.support.profile import (
    HOURS_PER_WEEK,
    business_mask,
    default_profile,
    even_hubs,
    hub_offset,
    ticket_hubs,
)
from postsale.core.support.queue import (
    channel_specs,
    desk_agents,
    desks,
    fluid_service_level,
    headcount,
    premium_desk,
    queue_fte,
    weekly_volume,
)


def _company(benchmarks: Benchmarks, channels: dict[str, Any], **support: Any) -> Company:
    return company_from_mapping({"support": {"channels": channels, **support}}, "test.toml",
                                benchmarks)


def _people(benchmarks: Benchmarks, channels: dict[str, Any], tickets: float, **support: Any) -> int:
    company = _company(benchmarks, channels, **support)
    return int(headcount(queue_fte(tickets, company, benchmarks, even_hubs(benchmarks))))


def test_three_tickets_a_day_on_chat(benchmarks: Benchmarks) -> None:
    """Issue 12: "at 3 tickets a day postsale staffs nobody, where a chat desk open 8×5 needs 2
    people and 24×7 needs 8 (pyworkforce)". One agent in every open hour: 8×5 is 40 agent-hours
    ÷ 40 ÷ 0.7 = 1.43 FTE → 2 people; 24×7 is 168 ÷ 40 ÷ 0.7 = 6.0 FTE → 6. pyworkforce's 8
    rounds each hour's positions up first (ceil(1 ÷ 0.7) = 2 per hour × 168 ÷ 40 = 8.4):
    shrinkage is a share of the week's paid time, so it applies to the week's total."""
    chat = {"kind": "chat"}
    assert _people(benchmarks, {"chat": {**chat, "hours": "8x5"}}, 3.0) == 2
    assert _people(benchmarks, {"chat": {**chat, "hours": "24x7"}}, 3.0) == 6
    assert minimum_agents(3.0 * 21.7 * 12 / 52 / 40 * 12 / 60 / 2, 0.8, 1.0, 6.0, 0.85,
                          0.3).positions == 2  # pyworkforce's per-hour positions
    assert math.floor(2 * HOURS_PER_WEEK / 40) == 8


def test_every_open_hour_has_someone(benchmarks: Benchmarks) -> None:
    company = _company(benchmarks, {"phone": {"kind": "phone", "hours": "8x5"}})
    spec = channel_specs(company, benchmarks)[0]
    desk = desks(spec, (), benchmarks)[0]
    agents = desk_agents(desk, spec, 0.0).agents
    assert agents.tolist() == business_mask(benchmarks).astype(int).tolist()
    assert int(agents.sum()) == 40


def test_busy_hours_get_more_agents_and_the_week_adds_up(benchmarks: Benchmarks) -> None:
    company = _company(benchmarks, {"phone": {"kind": "phone", "hours": "24x7"}})
    spec = channel_specs(company, benchmarks)[0]
    desk = desks(spec, (), benchmarks)[0]
    volume = float(weekly_volume(2000.0, benchmarks))
    load = desk_agents(desk, spec, volume)
    profile = default_profile(benchmarks)
    for h in (3, 10, 130):  # Monday 03:00, Monday 10:00, Saturday 10:00
        a = volume * profile[h] * spec.handle_minutes / 60.0
        assert load.agents[h] == max(1, minimum_agents(a, 0.8, 20 / 60, 6.0, 0.85).agents)
    assert load.agents[10] > load.agents[3]
    fte = queue_fte(2000.0, company, benchmarks, ())
    assert float(fte) == pytest.approx(load.agents.sum() / 40 / 0.7)


def test_chat_concurrency_divides_the_handle_time(benchmarks: Benchmarks) -> None:
    one = _people(benchmarks, {"chat": {"kind": "chat", "concurrency": 1}}, 2000.0)
    three = _people(benchmarks, {"chat": {"kind": "chat", "concurrency": 3}}, 2000.0)
    assert three < one


def test_fluid_backlog_model(benchmarks: Benchmarks) -> None:
    open_ = business_mask(benchmarks)
    arrivals = default_profile(benchmarks)
    assert fluid_service_level(open_, arrivals, 1e-6, 1.0) == 1.0
    # a roster busy all 40 open hours starts Monday with the weekend's and the night's tickets
    # (≈ 2.7 hours of work) and barely gains on them during the week: few resolve within an
    # hour, all within four
    assert fluid_service_level(open_, arrivals, 40.0, 1.0) < 0.2
    assert fluid_service_level(open_, arrivals, 40.0, 4.0) == 1.0
    levels = [fluid_service_level(open_, arrivals, x, 1.0) for x in (5.0, 20.0, 30.0, 38.0)]
    assert levels == sorted(levels, reverse=True)
    assert levels[0] == 1.0 > levels[-1]


def test_email_roster_is_throughput_unless_the_window_needs_more(benchmarks: Benchmarks) -> None:
    """Base: tickets per open hour × AHT ÷ occupancy; a window shorter than the night's backlog
    takes more people than throughput alone."""
    tickets = 300.0
    per_open_hour = float(weekly_volume(tickets, benchmarks)) / 40
    throughput = math.ceil(per_open_hour * 20 / 60 / 0.85)
    day = _company(benchmarks, {"email": {"kind": "email", "resolution_hours": 24}})
    spec = channel_specs(day, benchmarks)[0]
    desk = desks(spec, (), benchmarks)[0]
    assert int(desk_agents(desk, spec, weekly_volume(tickets, benchmarks)).agents.max()) == throughput
    hour = _company(benchmarks, {"email": {"kind": "email", "resolution_hours": 1}})
    spec1 = channel_specs(hour, benchmarks)[0]
    roster = int(desk_agents(desks(spec1, (), benchmarks)[0], spec1,
                             weekly_volume(tickets, benchmarks)).agents.max())
    assert roster > throughput
    x = float(weekly_volume(tickets, benchmarks)) / (0.85 * 3 * roster)
    assert fluid_service_level(desk.open, desk.arrivals, x, 1.0) >= 0.9


def test_hubs_follow_the_tickets_time_zones(benchmarks: Benchmarks) -> None:
    labels = ["America/New_York", "Europe/Berlin", "Asia/Singapore", "Australia/Sydney"]
    codes = np.array([0, 0, 1, 2, 3, -1], dtype=np.intp)
    weights = np.array([50.0, 20.0, 25.0, 3.0, 2.0, 100.0])
    hubs = ticket_hubs(labels, codes, weights, dt.date(2026, 6, 1), benchmarks)
    shares = {h.name: round(h.share, 4) for h in hubs}
    assert shares == {"americas": 0.7, "emea": 0.25, "apac": 0.05}
    assert {h.name: h.utc_offset for h in hubs} == {"americas": -5, "emea": 1, "apac": 8}
    # a hub under the minimum share hands its tickets to the nearest staffed hub
    small = ticket_hubs(labels, codes, np.array([50.0, 20.0, 25.0, 1.0, 1.0, 0.0]),
                        dt.date(2026, 6, 1), benchmarks)
    assert [h.name for h in small] == ["americas", "emea"]
    assert sum(h.share for h in small) == pytest.approx(1.0)
    assert ticket_hubs(["Nowhere/Atlantis"], np.array([0]), np.array([1.0]),
                       dt.date(2026, 6, 1), benchmarks) == ()
    assert hub_offset("apac", benchmarks) == 8


def test_follow_the_sun_staffs_one_shift_per_hub(benchmarks: Benchmarks) -> None:
    company = _company(benchmarks, {"phone": {"kind": "phone", "hours": "follow_the_sun"}})
    spec = channel_specs(company, benchmarks)[0]
    hub_desks = desks(spec, even_hubs(benchmarks), benchmarks)
    assert [d.hub for d in hub_desks] == ["americas", "emea", "apac"]
    covered = np.zeros(HOURS_PER_WEEK, dtype=bool)
    for d in hub_desks:
        assert int(d.open.sum()) == 40
        covered |= d.open
    # Americas 14–22, EMEA 08–16, APAC 01–09 UTC: 01–22 UTC on weekdays, 22–01 uncovered
    assert int(covered.sum()) == 5 * 21
    assert np.flatnonzero(hub_desks[0].open)[0] == 14  # Americas opens 14:00 UTC Monday
    assert float(queue_fte(0.0, company, benchmarks, even_hubs(benchmarks))) == \
        pytest.approx(3 * 40 / 40 / 0.7)


def test_premium_desk_covers_the_closed_hours(benchmarks: Benchmarks) -> None:
    base = {"chat": {"kind": "chat", "hours": "8x5"}}
    company = _company(benchmarks, base, premium_24x7={"price": 5000, "adoption": 0.1})
    spec = channel_specs(company, benchmarks)[0]
    channel = desks(spec, (), benchmarks)
    extra = premium_desk(spec, channel, 0.1, benchmarks)
    assert int(extra.open.sum()) == HOURS_PER_WEEK - 40
    assert extra.share == pytest.approx(0.1 * default_profile(benchmarks)[~channel[0].open].sum())
    with_premium = float(queue_fte(3.0, company, benchmarks, ()))
    without = float(queue_fte(3.0, _company(benchmarks, base), benchmarks, ()))
    assert with_premium - without == pytest.approx(128 / 40 / 0.7)


def test_shares_split_the_volume(benchmarks: Benchmarks) -> None:
    both = {"chat": {"kind": "chat", "share": 0.25}, "email": {"kind": "email", "share": 0.75}}
    fte = float(queue_fte(1000.0, _company(benchmarks, both), benchmarks, ()))
    chat = float(queue_fte(250.0, _company(benchmarks, {"chat": {"kind": "chat"}}), benchmarks, ()))
    email = float(queue_fte(750.0, _company(benchmarks, {"email": {"kind": "email"}}),
                            benchmarks, ()))
    assert fte == pytest.approx(chat + email)
    volumes = {"chat": {"kind": "chat", "tickets_per_day": 10},
               "email": {"kind": "email", "tickets_per_day": 30}}
    assert [s.share for s in channel_specs(_company(benchmarks, volumes), benchmarks)] == [0.25, 0.75]


def test_arrays_are_staffed_element_wise(benchmarks: Benchmarks) -> None:
    company = _company(benchmarks, {"chat": {"kind": "chat", "hours": "24x7", "share": 0.5},
                                    "email": {"kind": "email", "share": 0.5}})
    volumes = np.array([[0.0, 3.0, 40.0], [400.0, 1234.5, 5000.0]])
    together = queue_fte(volumes, company, benchmarks, ())
    apart = np.array([[float(queue_fte(v, company, benchmarks, ())) for v in row] for row in volumes])
    assert together.shape == (2, 3)
    np.testing.assert_allclose(together, apart)


_BENCHMARKS = default_benchmarks()


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 3000), st.floats(0, 3000), st.sampled_from(["8x5", "24x7", "follow_the_sun"]),
       st.sampled_from(["chat", "phone", "email"]))
def test_more_tickets_never_fewer_people(t1: float, t2: float, hours: str, kind: str) -> None:
    benchmarks = _BENCHMARKS
    company = _company(benchmarks, {"c": {"kind": kind, "hours": hours}})
    low, high = sorted((t1, t2))
    fte = queue_fte(np.array([low, high]), company, benchmarks, even_hubs(benchmarks))
    assert fte[1] >= fte[0] - 1e-12
