"""Leadership layers read their spans from the benchmarks (STYLE habit 14)."""

from __future__ import annotations

import pytest

from postsale.keys import OrgModel
from strategies import make_book, plan


@pytest.mark.parametrize("team_leads_per_manager", [2, 3, 4])
def test_the_chart_places_the_managers_the_plan_counts(team_leads_per_manager: int) -> None:
    # 3,000 low-touch accounts: 60 CSMs under team leads, team leads under managers
    result, _ = plan(make_book([30_000.0] * 3_000),
                     {"benchmarks": {"spans": {"manager_team_leads": team_leads_per_manager}}})
    chart = result.org.charts[OrgModel.SPECIALIST]
    assert chart["headcount"]["manager"] == result.headcount.required["manager"]
    leads = {n["id"]: n for n in chart["nodes"] if n["role"] == "team_lead"}
    per_manager: dict[str, int] = {}
    for lead in leads.values():
        per_manager[lead["reports_to"]] = per_manager.get(lead["reports_to"], 0) + lead["count"]
    assert max(per_manager.values()) <= team_leads_per_manager
