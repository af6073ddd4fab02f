"""Leadership layers read their spans from the benchmarks (STYLE habit 14)."""

from __future__ import annotations

import pytest

from postsale.keys import OrgModel
from strategies import TODAY, make_book, plan


@pytest.mark.parametrize("team_leads_per_manager", [2, 3, 4])
def test_the_chart_places_the_managers_the_plan_counts(team_leads_per_manager: int) -> None:
    # 3,000 low-touch accounts: 60 CSMs (> spans.team_leads_from_csms) under team leads, team
    # leads under managers; a budget that funds them all (no lever widens the books)
    result, _ = plan(make_book([30_000.0] * 3_000),
                     {"benchmarks": {"spans": {"manager_team_leads": team_leads_per_manager}},
                      "budget": {"share": 1.0}})
    chart = result.org.charts[OrgModel.SPECIALIST]
    assert chart["headcount"]["manager"] == result.headcount.required["manager"]
    leads = {n["id"]: n for n in chart["nodes"] if n["role"] == "team_lead"}
    per_manager: dict[str, int] = {}
    for lead in leads.values():
        per_manager[lead["reports_to"]] = per_manager.get(lead["reports_to"], 0) + lead["count"]
    assert max(per_manager.values()) <= team_leads_per_manager


@pytest.mark.parametrize("customers", [300, 5_000, 20_000])
def test_leaders_keep_the_seeds_spans_in_every_chart(customers: int) -> None:
    """No leader of one, no VP over more than spans.vp_max_directors directors, a CCO never over
    a single VP alone (S0 spans; issue 10 item 5), on sample books of every size."""
    import tomllib

    from postsale.api import run_plan
    from postsale.benchmarks import default_benchmarks
    from postsale.company import company_from_mapping
    from postsale.io.read import book_from_columns
    from postsale.sample import company_toml, generate_accounts

    book = book_from_columns(generate_accounts(customers, 7, TODAY), source="sample")
    company = company_from_mapping(tomllib.loads(company_toml(customers, 7)), "sample",
                                   default_benchmarks())
    result = run_plan(book, company, today=TODAY).result
    vp_max = default_benchmarks().value("spans.vp_max_directors")
    for model, graph in result.org.charts.items():
        seats: dict[str, int] = {}
        directors: dict[str, int] = {}
        for node in graph["nodes"]:
            boss = node["reports_to"]
            if boss:
                seats[boss] = seats.get(boss, 0) + node["count"]
                if node["role"] == "director":
                    directors[boss] = directors.get(boss, 0) + node["count"]
        for node in graph["nodes"]:
            if node["role"] in ("manager", "director", "vp", "cco"):
                assert seats.get(node["id"], 0) != 1, (model, node["title"])
            if node["role"] == "vp":
                assert directors.get(node["id"], 0) <= vp_max, (model, node["title"])
