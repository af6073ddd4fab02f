"""S0's support trigger on the queue model (core/support/trigger.py): with [support.channels] it
fires exactly when the engineers in seat cannot meet every service level at today's volume, and
the projection's support hires give the same capacity as their reason."""

from __future__ import annotations

from typing import Any

import pytest

from postsale.core.capacity import required_headcount
from postsale.core.support.profile import even_hubs
from postsale.core.support.queue import headcount, queue_fte
from postsale.core.support.staffing import team_capacity
from postsale.core.triggers import evaluate_triggers
from postsale.results import Trigger
from strategies import company_and_benchmarks, make_workload

CHANNELS = {"channels": {"chat": {"kind": "chat", "share": 0.6},
                         "email": {"kind": "email", "share": 0.4}}}


def _triggers(in_seat: int, tickets_per_day: float, support: dict[str, Any] | None = CHANNELS
              ) -> tuple[dict[str, Trigger], int]:
    raw: dict[str, Any] = {"team": {"support_engineer": in_seat}}
    if support is not None:
        raw["support"] = support
    company, bench = company_and_benchmarks(raw)
    work = make_workload(customers=200, tier_accounts=(0, 200, 0), tickets_known=True,
                         tickets_per_day=tickets_per_day)
    hc = required_headcount(work, bench, company)
    return {t.key: t for t in evaluate_triggers(work, hc, bench, company)}, \
        hc.required["support_engineer"]


@pytest.mark.parametrize("tickets", [3.0, 24.8, 60.0, 150.0])
def test_fires_exactly_when_the_team_in_seat_misses_the_sla(tickets: float) -> None:
    _, need = _triggers(0, tickets)
    for in_seat in range(0, need + 2):
        t, _ = _triggers(in_seat, tickets)
        trigger = t["support_sla_capacity"]
        assert "support_tickets_per_engineer_per_day" not in t
        assert trigger.fired is (in_seat < need)
        assert trigger.measured == pytest.approx(tickets)
        assert str(trigger.unit) == "tickets a day"
        # the threshold is the volume the team in seat holds: above today's exactly when it holds
        assert (trigger.threshold >= tickets) is (in_seat >= need)
        if trigger.fired:
            assert f"the desks need {need} at today's volume — hire {need - in_seat}" \
                in str(trigger.message)
        else:
            assert "headroom" in str(trigger.message)


def test_below_the_coverage_floor_it_says_so() -> None:
    """Chat and email open 8×5 need one person each every open hour: 80 agent-hours a week ÷ 40 ÷
    0.7 = 2.86 FTE, so 3 people before any ticket. One engineer cannot keep them open."""
    t, need = _triggers(1, 24.8)
    trigger = t["support_sla_capacity"]
    assert trigger.fired
    assert trigger.threshold == 0.0
    assert "1 support engineer in seat cannot keep every channel open every open hour (that " \
        "takes 3 even with no tickets)" in str(trigger.message)
    assert need >= 3


def test_without_channels_the_s0_ratio_trigger_is_unchanged() -> None:
    t, _ = _triggers(1, 30.0, support=None)
    assert "support_sla_capacity" not in t
    ratio = t["support_tickets_per_engineer_per_day"]
    assert ratio.fired
    assert ratio.threshold == 25


def test_team_capacity_is_where_the_team_stops_fitting() -> None:
    company, bench = company_and_benchmarks({"support": CHANNELS})
    hubs = even_hubs(bench)
    for people in (2, 3, 5, 9):
        held = team_capacity(people, company, bench, None)
        if held == 0:
            assert int(headcount(queue_fte(0.0, company, bench, hubs))) > people
            continue
        assert int(headcount(queue_fte(held, company, bench, hubs))) <= people
        assert int(headcount(queue_fte(held + 0.01, company, bench, hubs))) > people
    assert team_capacity(2, company, bench, None) == 0.0  # 2.86 FTE just to open both channels
