"""The plan's ``headcount.support`` detail (core/support/staffing.py)."""

from __future__ import annotations

import pytest

from postsale.company import company_from_mapping
from postsale.core.benchmarks import Benchmarks
from postsale.core.support.profile import even_hubs
from postsale.core.support.queue import headcount, queue_fte
from postsale.core.support.staffing import channel_volume, formula, support_staffing

CHANNELS = {"chat": {"kind": "chat", "share": 0.6},
            "email": {"kind": "email", "share": 0.4, "resolution_hours": 4}}


def test_detail_adds_up_and_names_its_sources(benchmarks: Benchmarks) -> None:
    company = company_from_mapping({"support": {"channels": CHANNELS}}, "c.toml", benchmarks)
    s = support_staffing(120.0, False, 500, company, benchmarks, None)
    assert s.fte == pytest.approx(float(queue_fte(120.0, company, benchmarks, ())), abs=1e-3)
    assert s.headcount == int(headcount(s.fte))
    assert s.cost == s.headcount * benchmarks.value("costs.support_engineer")
    assert sum(c.fte for c in s.channels) == pytest.approx(s.fte, abs=1e-3)
    for c in s.channels:
        assert c.agent_hours_per_week == sum(sum(d.agents_by_hour) for d in c.desks)
    assert {"support.shrinkage", "support.chat.answer_seconds", "support.email.handle_minutes",
            "support.max_occupancy", "support.hours_per_fte_week"} <= set(s.sources)
    assert "support.email.resolution_hours" not in s.sources  # given in the company file
    assert s.ratio_fte == pytest.approx(120 / 25)
    message, sources = formula(s)
    text = str(message)
    assert text.startswith("queue model")
    assert "Erlang C" in text
    assert "backlog model" in text
    assert sources == s.sources


def test_capacity_is_the_volume_where_the_next_hire_is_due(benchmarks: Benchmarks) -> None:
    company = company_from_mapping({"support": {"channels": CHANNELS}}, "c.toml", benchmarks)
    s = support_staffing(120.0, False, 500, company, benchmarks, None)
    cap = s.capacity_tickets_per_day
    assert cap >= 120.0
    assert int(headcount(queue_fte(cap, company, benchmarks, even_hubs(benchmarks)))) <= s.headcount
    assert int(headcount(queue_fte(cap * 1.01 + 0.1, company, benchmarks,
                                   even_hubs(benchmarks)))) > s.headcount
    assert f"up to {cap:,.1f} tickets a day" in str(s.trigger)


def test_premium_revenue_against_its_cost(benchmarks: Benchmarks) -> None:
    company = company_from_mapping({"support": {"channels": {"phone": {"kind": "phone"}},
                                                "premium_24x7": {"price": 9000, "adoption": 0.25}}},
                                   "c.toml", benchmarks)
    s = support_staffing(10.0, False, 200, company, benchmarks, None)
    p = s.premium_24x7
    assert p is not None
    assert (p.customers, p.revenue) == (50, 450_000)
    assert p.extra_fte == pytest.approx(128 / 40 / 0.7, abs=1e-3)  # one agent, 128 closed hours
    assert p.extra_cost == p.extra_headcount * benchmarks.value("costs.support_engineer")
    assert p.net == p.revenue - p.extra_cost


def test_channel_volumes_replace_the_books(benchmarks: Benchmarks) -> None:
    company = company_from_mapping({"support": {"channels": {
        "chat": {"kind": "chat", "tickets_per_day": 4}, "email": {"kind": "email",
                                                                  "tickets_per_day": 6}}}},
        "c.toml", benchmarks)
    assert channel_volume(company, False, 0.0) == (True, 10.0, True)
    shares = company_from_mapping({"support": {"channels": CHANNELS}}, "c.toml", benchmarks)
    assert channel_volume(shares, True, 7.5) == (True, 7.5, False)
