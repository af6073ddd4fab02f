"""Chart nodes that stand for groups of identical seats (issue 10): a chart draws far fewer nodes
than seats, counts add up to the headcount, groups cut at leader boundaries keep their seats'
order and accounts, expanding a chart gives it seat by seat, and assignment expands groups into
the seats it gives accounts to."""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postsale.api import PlanRun, run_plan
from postsale.benchmarks import default_benchmarks
from postsale.core.assignment.roster import roster_from_chart
from postsale.core.org.chart import Position, group_id, seat_accounts, seat_ids
from postsale.core.org.layers import ChartBuilder
from postsale.io.read import book_from_columns
from postsale.keys import CSM_ROLE_BY_TIER, OrgModel, Role
from postsale.sample import generate_accounts
from strategies import TODAY

CSM_ROLES = {str(r) for r in CSM_ROLE_BY_TIER.values()}


@cache
def plan_20k() -> PlanRun:
    book = book_from_columns(generate_accounts(20_000, 7, TODAY, profile="global"), source="test")
    return run_plan(book, today=TODAY)


@pytest.mark.parametrize("model", list(OrgModel))
def test_a_20000_account_chart_has_far_fewer_nodes_than_seats(model: OrgModel) -> None:
    chart = plan_20k().result.org.charts[model]
    seats = sum(n["count"] for n in chart["nodes"])
    assert seats == chart["headcount"]["total"]
    # Pods are small units of their own (a lead, a CSM group, implementation, maybe a TAM each).
    assert len(chart["nodes"]) < seats * (0.6 if model is OrgModel.POD else 0.5)
    per_role: Counter[str] = Counter()
    for n in chart["nodes"]:
        per_role[n["role"]] += n["count"]
    assert {r: per_role.get(r, 0) for r in chart["headcount"] if r != "total"} == \
        {r: n for r, n in chart["headcount"].items() if r != "total"}
    cost = default_benchmarks()
    for n in chart["nodes"]:
        assert n["cost"] == pytest.approx(n["count"] * cost.value(f"costs.{n['role']}"))
        if n["count"] > 1:
            assert n["role"] not in ("team_lead", "manager", "director", "vp", "cco")
            assert len(seat_ids(n["id"], n["count"])) == n["count"]
    assert chart["cost"] == pytest.approx(sum(n["cost"] for n in chart["nodes"]))


def test_the_recommended_chart_still_holds_the_plan_headcount_and_every_account() -> None:
    result = plan_20k().result
    chart = result.org.charts[result.org.recommended]
    assert chart["headcount"] == result.headcount.required
    csm_accounts = sum(n["accounts"] for n in chart["nodes"] if n["role"] in CSM_ROLES)
    assert csm_accounts == result.customers


def test_roster_from_chart_expands_groups_into_seats() -> None:
    result = plan_20k().result
    chart = result.org.charts[result.org.recommended]
    roster = roster_from_chart(chart)
    tiered = [n for n in chart["nodes"] if n["tier"]]
    assert len(roster) == sum(n["count"] for n in tiered)
    assert len(set(roster.person_id)) == len(roster)
    assert set(roster.person_id) == {s for n in tiered for s in seat_ids(n["id"], n["count"])}
    assert roster.tiers.sum(axis=1).tolist() == [1] * len(roster)
    # Seats come as a chart drawn seat by seat lists them: by level, unit, then id.
    level = {s: (n["level"], n["unit_key"]) for n in tiered for s in seat_ids(n["id"], n["count"])}
    keys = [(*level[s], s) for s in roster.person_id]
    assert keys == sorted(keys)


def test_seat_ids_and_group_ids_round_trip() -> None:
    assert group_id(Role.CSM_LOW_TOUCH, 7, 1) == "csm_low_touch-7"
    assert group_id(Role.CSM_LOW_TOUCH, 7, 3) == "csm_low_touch-7..9"
    assert seat_ids("csm_low_touch-7..9", 3) == ["csm_low_touch-7", "csm_low_touch-8",
                                                 "csm_low_touch-9"]
    assert seat_ids("manager-2") == ["manager-2"]
    assert seat_accounts(11, 3) == [4, 4, 3]
    assert seat_accounts(0, 2) == [0, 0]


def test_a_group_expands_into_its_seats() -> None:
    node = Position(id="csm_high_touch-4..6", title="CSM", role=Role.CSM_HIGH_TOUCH, level=2,
                    unit="CS", reports_to="team_lead-1", accounts=10, cost=300.0, count=3)
    seats = node.seats()
    assert [s.id for s in seats] == ["csm_high_touch-4", "csm_high_touch-5", "csm_high_touch-6"]
    assert [s.accounts for s in seats] == [4, 3, 3]
    assert [s.cost for s in seats] == [100.0, 100.0, 100.0]
    assert {s.reports_to for s in seats} == {"team_lead-1"}
    assert all(s.count == 1 for s in seats)


def _seats(b: ChartBuilder, ids: list[str]) -> list[tuple[str, int]]:
    """(seat id, accounts) of every seat of ``ids``, in order."""
    return [(s, a) for i in b.resolve(ids)
            for s, a in zip(seat_ids(i, b.nodes[i].count),
                            seat_accounts(b.nodes[i].accounts, b.nodes[i].count), strict=True)]


@settings(max_examples=80, deadline=None)
@given(groups=st.lists(st.tuples(st.integers(1, 40), st.integers(0, 500)), min_size=1, max_size=5),
       parts=st.integers(1, 30))
def test_cutting_groups_into_chunks_keeps_seats_order_and_accounts(
        groups: list[tuple[int, int]], parts: int) -> None:
    b = ChartBuilder(default_benchmarks())
    ids = [i for count, accounts in groups
           for i in b.group(Role.CSM_LOW_TOUCH, "CS", count, accounts=accounts)]
    before = _seats(b, ids)
    chunks = b.chunks(ids, parts)
    total = sum(count for count, _ in groups)
    sizes = [b.size(c) for c in chunks]
    assert sum(sizes) == total
    assert len(sizes) == min(parts, total)
    assert max(sizes) - min(sizes) <= 1
    assert [seat for c in chunks for seat in _seats(b, c)] == before  # same seats, same accounts
    assert _seats(b, ids) == before  # the caller's ids still resolve after the cuts
    assert b.seat_count == total


def test_a_frozen_chart_orders_nodes_and_draws_them_from_its_rows() -> None:
    b = ChartBuilder(default_benchmarks())
    csms = [i for _ in range(12) for i in b.group(Role.CSM_LOW_TOUCH, "CS", 1, accounts=5)]
    csms += b.group(Role.CSM_LOW_TOUCH, "Alpha", 3, accounts=10, languages=("French",))
    lead = b.add(Role.MANAGER, "CS")
    first, rest = b.take(csms[-1:], 1)  # cut the group: its parts keep the group's ids in order
    b.report([*csms[:-1], *first, *rest], lead)
    chart = b.freeze(OrgModel.SPECIALIST, [])
    # by level, unit, then first seat id as text (csm_low_touch-10 before csm_low_touch-2)
    assert [p.id for p in chart.nodes] == [
        "manager-1", "csm_low_touch-13", "csm_low_touch-14..15", "csm_low_touch-1",
        "csm_low_touch-10", "csm_low_touch-11", "csm_low_touch-12",
        *(f"csm_low_touch-{k}" for k in range(2, 10))]
    assert chart.nodes == tuple(Position(*row) for row in chart.rows)
    assert chart.headcount["csm_low_touch"] == 15
    assert chart.headcount["total"] == 16
    cost = default_benchmarks()
    assert chart.cost == 15 * cost.value("costs.csm_low_touch") + cost.value("costs.manager")
    graph = chart.to_graph()
    assert graph["nodes"][2] == {
        "id": "csm_low_touch-14..15", "title": "CSM (low touch)", "role": "csm_low_touch",
        "title_code": "org_chart.title.csm_low_touch", "family": "CSM (low touch)",
        "family_key": "org_chart.title.csm_low_touch", "unit_key": "Alpha",
        "level": 1, "unit": "Alpha", "reports_to": "manager-1", "tier": None, "accounts": 6,
        "languages": ["French"], "timezone": None, "regions": [],
        "cost": 2 * cost.value("costs.csm_low_touch"), "count": 2}
    assert [e["to"] for e in graph["edges"]] == [p.id for p in chart.nodes[1:]]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 6), min_size=1, max_size=6), st.sampled_from(["none", "own", "other"]))
def test_size_and_report_see_the_same_seats_whether_or_not_a_group_was_cut(
        counts: list[int], cut: str) -> None:
    # size and report skip resolving ids while nothing is cut: the answer must not depend on it
    b = ChartBuilder(default_benchmarks())
    ids = [b.add(Role.CSM_LOW_TOUCH, "u", count=c) for c in counts]
    if cut == "other":
        b.cut(b.add(Role.SUPPORT_ENGINEER, "u", count=2), [1, 1])
    elif cut == "own" and counts[0] > 1:
        b.cut(ids[0], [1, counts[0] - 1])
    lead = b.add(Role.MANAGER, "u")
    assert b.size(ids) == sum(counts)
    b.report(ids, lead)
    led = [n for n in b.nodes.values() if n.role is Role.CSM_LOW_TOUCH]
    assert all(n.reports_to == lead for n in led)
    assert sum(n.count for n in led) == sum(counts)


def test_a_builder_reads_the_unit_spans_of_the_benchmarks_it_is_given() -> None:
    bench = default_benchmarks()
    b = ChartBuilder(bench)
    assert b.unit_spans(bench)[0] == int(bench.value("spans.manager_max"))
    other = bench.with_overrides({"spans.manager_max": 12}, "test")
    assert b.unit_spans(other)[0] == 12  # not the spans cached for the first benchmarks
    assert b.unit_spans(bench)[0] == int(bench.value("spans.manager_max"))
