"""Which arrival profile sizes the desks (core/support/arrivals.py): the company file's, else a
measured one with enough tickets, else the default — and the desks follow it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

from postsale.company import Company, company_from_mapping
from postsale.company_support import ArrivalProfile
from postsale.core.benchmarks import Benchmarks
from postsale.core.support.arrivals import resolve_arrivals
from postsale.core.support.erlang import minimum_agents
from postsale.core.support.profile import default_profile
from postsale.core.support.queue import weekly_volume
from postsale.core.support.staffing import support_staffing
from postsale.errors import ConfigError

MONDAY_9 = 9  # hour-of-week index of Monday 09:00–10:00


def _measured(tickets: int, at: int = MONDAY_9) -> ArrivalProfile:
    weights = [0.0] * 168
    weights[at] = float(tickets)
    return ArrivalProfile(origin="measured", weights=tuple(weights), tickets=tickets,
                          file="tickets.csv", window=(dt.date(2026, 1, 5), dt.date(2026, 5, 25)))


def _company(benchmarks: Benchmarks, profile: ArrivalProfile | None = None,
             support: dict[str, Any] | None = None, **raw: Any) -> Company:
    company = company_from_mapping({"support": support or {
        "channels": {"chat": {"kind": "chat"}}}, **raw}, "c.toml", benchmarks)
    if profile is None:
        return company
    return company.model_copy(update={"support": company.support.model_copy(
        update={"arrival_profile": profile})})


def test_without_an_export_the_default_and_why(benchmarks: Benchmarks) -> None:
    a = resolve_arrivals(_company(benchmarks), benchmarks)
    assert a.weights is None
    assert a.result.source == "default"
    assert a.result.reason == "no_export"
    assert np.allclose(a.result.weights, default_profile(benchmarks), atol=1e-7)
    assert "support.profile.business_hours_share" in a.result.sources
    assert "no per-ticket export" in str(a.result.explanation)


def test_a_measured_profile_is_used_from_min_tickets(benchmarks: Benchmarks) -> None:
    minimum = int(benchmarks.value("support.profile.min_tickets"))
    few = resolve_arrivals(_company(benchmarks, _measured(minimum - 1)), benchmarks)
    assert few.weights is None
    assert few.result.reason == "too_few_tickets"
    assert few.result.tickets == minimum - 1
    assert f"only {minimum - 1:,} tickets in tickets.csv" in str(few.result.explanation)
    enough = resolve_arrivals(_company(benchmarks, _measured(minimum)), benchmarks)
    assert enough.result.source == "measured"
    assert enough.weights is not None
    assert enough.weights[MONDAY_9] == 1.0
    r = enough.result
    assert (r.busiest_day, r.busiest_hour, r.busiest_hour_share) == (0, 9, 1.0)
    assert r.business_hours_share == 1.0
    assert r.weekend_share == 0.0
    assert f"measured from {minimum:,} tickets in tickets.csv created 2026-01-05 to 2026-05-25" \
        in str(r.explanation)
    assert "Mon 09:00–10:00" in str(r.explanation)
    # the threshold is data: an override changes the decision
    bench = benchmarks.with_overrides({"support.profile.min_tickets": 10.0}, "company file")
    assert resolve_arrivals(_company(bench, _measured(10)), bench).result.source == "measured"


def test_the_company_file_profile_wins_and_is_validated(benchmarks: Benchmarks) -> None:
    rows = [[0] * 24 for _ in range(7)]
    rows[2][15] = 3  # Wednesday 15:00
    rows[3][15] = 1
    company = _company(benchmarks, support={"channels": {"chat": {"kind": "chat"}},
                                            "arrival_profile": rows})
    a = resolve_arrivals(company, benchmarks)
    assert a.result.source == "company_file"
    assert a.weights is not None
    assert a.weights[2 * 24 + 15] == pytest.approx(0.75)
    for bad in ([[1] * 24] * 6, [[1] * 23] * 7, [[-1] * 24] * 7, [[0] * 24] * 7, "flat"):
        with pytest.raises(ConfigError) as err:
            _company(benchmarks, support={"channels": {"chat": {"kind": "chat"}},
                                          "arrival_profile": bad})
        assert err.value.key == "support.arrival_profile"
    with pytest.raises(ConfigError) as err:
        _company(benchmarks, support={"channels": {"chat": {"kind": "chat"}},
                                      "timezone": "Mars/Olympus"})
    assert "IANA" in str(err.value.fix)


def test_an_8x5_chat_staffs_its_measured_peak(benchmarks: Benchmarks) -> None:
    """Every ticket on Monday 09:00–10:00: that hour carries the week's whole volume, every other
    open hour keeps its one person; the default profile spreads it over 40 hours."""
    minimum = int(benchmarks.value("support.profile.min_tickets"))
    measured = support_staffing(40.0, False, 100, _company(benchmarks, _measured(minimum)),
                                benchmarks, None)
    default = support_staffing(40.0, False, 100, _company(benchmarks), benchmarks, None)
    week = float(weekly_volume(40.0, benchmarks))
    handle = benchmarks.value("support.chat.handle_minutes") / benchmarks.value(
        "support.chat.concurrency")
    peak = minimum_agents(week * handle / 60.0, benchmarks.value("support.chat.service_level"),
                          benchmarks.value("support.chat.answer_seconds") / 60.0, handle,
                          benchmarks.value("support.max_occupancy")).agents
    desk = measured.channels[0].desks[0]
    assert desk.agents_by_hour[MONDAY_9] == desk.peak_agents == peak
    assert sorted(set(desk.agents_by_hour)) == [0, 1, peak]
    assert peak > default.channels[0].desks[0].peak_agents
    # 39 quiet open hours at one person and the peak hour: (39 + peak) ÷ 40 h ÷ (1 − 30%)
    assert measured.fte == pytest.approx((39 + peak) / 40 / 0.7, abs=1e-4)
    assert default.fte == pytest.approx(sum(default.channels[0].desks[0].agents_by_hour) / 40 / 0.7,
                                        abs=1e-4)
    assert measured.arrival_profile.source == "measured"
    assert default.arrival_profile.source == "default"


def test_follow_the_sun_hubs_keep_the_default(benchmarks: Benchmarks) -> None:
    minimum = int(benchmarks.value("support.profile.min_tickets"))
    support = {"channels": {"phone": {"kind": "phone", "hours": "follow_the_sun"}}}
    company = _company(benchmarks, _measured(minimum), support=support)
    plain = _company(benchmarks, support=support)
    s = support_staffing(40.0, False, 100, company, benchmarks, None)
    assert "follow-the-sun hubs keep the default" in str(s.arrival_profile.explanation)
    assert s.fte == support_staffing(40.0, False, 100, plain, benchmarks, None).fte
