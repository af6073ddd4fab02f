"""Issue 3 acceptance: the four org charts for sample companies of 40, 300, 1,200 and 5,000
customers — spans of control, the recommended chart holding exactly the plan's headcount, the
other charts explaining their own headcount, the seeds' evolution of the recommended model — and
tree invariants on generated books."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import Counter
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postsale.api import run_plan
from postsale.benchmarks import default_benchmarks
from postsale.company import Company, company_from_mapping
from postsale.io.read import book_from_columns
from postsale.keys import TIER_KEYS, OrgModel
from postsale.results import PlanResult
from postsale.sample import company_toml, generate_accounts

TODAY = dt.date(2026, 11, 25)
SIZES = (40, 300, 1200, 5000)
LEADERS = {"team_lead", "manager", "director", "vp", "cco"}


def _company(customers: int, seed: int, budget: float | None = None) -> Company:
    text = company_toml(customers, seed) + ("" if budget is None else f"\n[budget]\nshare = {budget}\n")
    return company_from_mapping(tomllib.loads(text), "sample", default_benchmarks())


@cache
def sample_plan(customers: int, seed: int = 1, profile: str = "global",
                budget: float | None = None) -> PlanResult:
    book = book_from_columns(generate_accounts(customers, seed, TODAY, profile=profile),
                             source="sample")
    return run_plan(book, _company(customers, seed, budget), today=TODAY).result


def _reports(chart: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    nodes = {n["id"]: n for n in chart["nodes"]}
    out: dict[str, list[dict[str, Any]]] = {i: [] for i in nodes}
    for n in chart["nodes"]:
        if n["reports_to"] is not None:
            out[n["reports_to"]].append(n)
    return out


def assert_tree(chart: dict[str, Any]) -> None:
    """Every position but one reports to exactly one existing position; no cycles."""
    nodes = {n["id"]: n for n in chart["nodes"]}
    assert len(nodes) == len(chart["nodes"]), "duplicate position ids"
    tops = [n for n in chart["nodes"] if n["reports_to"] is None]
    assert len(tops) == 1, f"{len(tops)} tops"
    for n in chart["nodes"]:
        seen = {n["id"]}
        current = n
        while current["reports_to"] is not None:
            assert current["reports_to"] in nodes, f"{current['id']} reports to a missing seat"
            current = nodes[current["reports_to"]]
            assert current["id"] not in seen, "reporting cycle"
            seen.add(current["id"])
    assert len(chart["edges"]) == len(nodes) - 1


def assert_spans(chart: dict[str, Any]) -> None:
    """S0 spans: team lead ≤ 5; manager ≤ 10 people or ≤ 3 team leads; director ≤ 4 leaders."""
    bench = default_benchmarks()
    tl_max = bench.band("spans.team_lead")[1]
    mgr_max = bench.value("spans.manager_max")
    mgr_tls = bench.band("spans.manager_team_leads")[1]
    dir_max = bench.value("spans.director_max_managers")
    nodes = {n["id"]: n for n in chart["nodes"]}
    for leader_id, reports in _reports(chart).items():
        leader = nodes[leader_id]
        kinds: Counter[str] = Counter()
        for r in reports:  # a node stands for ``count`` seats
            kinds[r["role"]] += r["count"]
        seats = sum(kinds.values())
        if reports:
            assert leader["count"] == 1, "a group of seats leads nobody"
        if leader["role"] == "team_lead":
            assert seats <= tl_max, (leader["title"], seats)
        elif leader["role"] == "manager":
            assert seats <= mgr_max, (leader["title"], seats)
            assert kinds["team_lead"] <= mgr_tls, (leader["title"], kinds)
        elif leader["role"] == "director":
            assert kinds["manager"] + kinds["director"] <= dir_max, (leader["title"], kinds)
        elif leader["role"] not in ("vp", "cco"):
            assert seats <= 2, "an individual contributor leads at most a founding trio"


@pytest.mark.parametrize("customers", SIZES)
def test_every_chart_is_a_tree_with_benchmark_spans(customers: int) -> None:
    plan = sample_plan(customers)
    assert set(plan.org.charts) == set(OrgModel)
    for chart in plan.org.charts.values():
        assert_tree(chart)
        assert_spans(chart)


@pytest.mark.parametrize("customers", SIZES)
def test_recommended_chart_holds_exactly_the_plan_headcount(customers: int) -> None:
    plan = sample_plan(customers)
    chart = plan.org.charts[plan.org.recommended]
    assert chart["headcount"] == plan.headcount.required
    cost = sum(r.cost for r in plan.headcount.roles.values())
    assert chart["cost"] == pytest.approx(cost)


@pytest.mark.parametrize("customers", SIZES)
def test_other_charts_state_their_headcount_cost_and_why(customers: int) -> None:
    plan = sample_plan(customers)
    for model, chart in plan.org.charts.items():
        assert chart["headcount"]["total"] == sum(n["count"] for n in chart["nodes"])
        assert chart["cost"] > 0
        assert chart["differences"], f"{model} does not explain its headcount"
        if chart["headcount"] != plan.org.charts[OrgModel.SPECIALIST]["headcount"]:
            assert any(":" in str(d) for d in chart["differences"]), chart["differences"]


def test_recommended_model_moves_with_scale_as_the_seeds_describe() -> None:
    # S0's fit by scale alone: a budget that funds any model (the budget's own effect is below)
    recommended = {n: sample_plan(n, budget=1.0).org.recommended for n in SIZES}
    assert recommended[40] is OrgModel.GENERALIST
    assert recommended[300] is OrgModel.SPECIALIST
    assert recommended[1200] in (OrgModel.POD, OrgModel.GEOGRAPHIC)
    assert recommended[5000] in (OrgModel.POD, OrgModel.GEOGRAPHIC)


def test_pod_chart_has_tams_in_enterprise_pods_and_shared_services() -> None:
    chart = sample_plan(1200).org.charts[OrgModel.POD]
    pods = [u for u in chart["units"] if u["kind"] == "pod"]
    assert any(str(u["name"]).startswith("Enterprise pod") for u in pods)
    tams = [n for n in chart["nodes"] if n["role"] == "tam"]
    assert tams
    assert all(n["unit"].startswith("Enterprise pod") for n in tams)
    assert any(str(u["name"]) == "Shared services" for u in chart["units"])
    assert any("tam" in str(d) for d in chart["differences"])


def test_runner_up_says_what_would_change() -> None:
    org = sample_plan(300).org
    assert org.runner_up["model"] != org.recommended
    assert org.runner_up["what_would_change"]


def test_a_book_60_percent_in_one_region_is_not_geographic() -> None:
    plan = sample_plan(2000, seed=3, profile="americas")
    assert plan.org.recommended is not OrgModel.GEOGRAPHIC


def _served(plan: PlanResult, tiers: list[str], regions: list[str]) -> None:
    """Every tier in every region has a CSM seat. CSM seats are fungible (issue 10): a tier too
    small for a seat of its own is covered by another tier's CSM in the same region."""
    for model, chart in plan.org.charts.items():
        seats = [n for n in chart["nodes"] if n["tier"] is not None]
        for tier, region in set(zip(tiers, regions, strict=True)):
            here = [n for n in seats if not n["regions"] or region in n["regions"]]
            own = [n for n in here if n["tier"] == tier]
            assert own or (here and not any(n["tier"] == tier for n in seats)), \
                f"{model}: no seat serves {tier} in {region}"


@settings(max_examples=15, deadline=None)
@given(customers=st.integers(min_value=1, max_value=700), seed=st.integers(0, 10_000),
       profile=st.sampled_from(["global", "americas", "emea", "apac"]))
def test_invariants_on_generated_books(customers: int, seed: int, profile: str) -> None:
    columns = generate_accounts(customers, seed, TODAY, profile=profile)
    book = book_from_columns(columns, source="sample")
    run = run_plan(book, _company(customers, seed), today=TODAY)
    plan = run.result
    for chart in plan.org.charts.values():
        assert_tree(chart)
        assert_spans(chart)
    assert plan.org.charts[plan.org.recommended]["headcount"] == plan.headcount.required
    tiers = [str(TIER_KEYS[t]) for t in run.tiering.tier.tolist()]
    regions = [str(r) for r in book.region.tolist()]
    _served(plan, tiers, regions)


def test_a_global_book_gets_geographic_with_coverage_reported() -> None:
    plan = sample_plan(5000, budget=1.0)
    assert plan.org.recommended is OrgModel.GEOGRAPHIC
    chart = plan.org.charts[OrgModel.GEOGRAPHIC]
    regions = [u for u in chart["units"] if u["kind"] == "region"]
    assert len(regions) >= 3
    assert all(u["accounts"] >= 300 for u in regions)
    coverage = chart["coverage"]
    assert coverage is not None
    languages = {row["language"] for row in coverage["languages"]}
    assert len(languages) >= 3
    gaps = coverage["language_gaps"]
    uncovered = [row for row in coverage["languages"] if not row["covered"]]
    assert len(gaps) == len(uncovered)  # every uncovered language is named as a gap
    assert {"covered_utc_hours", "needed_utc_hours", "gaps", "follow_the_sun"} <= \
        coverage["hours"].keys()


def test_architecture_names_the_phase_and_its_trigger() -> None:
    arch = sample_plan(300).org.architecture
    assert set(arch["departments"]) == {"implementation_and_delivery", "customer_success",
                                        "operations_center", "service_support"}
    assert arch["intervention_point"] in ("after_delivery", "after_the_deal")  # never presales
    assert arch["phase"]["number"] >= 1
    assert arch["phase"]["trigger"]


def test_a_model_the_budget_cannot_carry_gives_way_to_one_it_can() -> None:
    # S3: "if margins are tight, your model must be more efficient" — at the default budget the
    # 5,000-customer book's regional chart costs more than 15% of ARR, the role-based one does not
    funded = sample_plan(5000)
    assert funded.org.recommended is OrgModel.SPECIALIST
    reason = next(str(r) for r in funded.org.reasons[OrgModel.GEOGRAPHIC] if "above the" in str(r))
    assert reason.startswith("−30: its chart costs $")
    assert funded.economics.full_cost <= funded.economics.budget.amount  # type: ignore[union-attr]
