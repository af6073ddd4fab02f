"""The org chart page and its JSON: the plan's recommended chart (same seats), people on seats
from the team file or the approved assignment, open requisitions otherwise, no inline script,
and who may see it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from web_org_helpers import own_accounts, rebalance_now  # type: ignore[import-not-found]

from conftest import TODAY  # type: ignore[attr-defined]

pytestmark = pytest.mark.django_db


def recommended_seats(workspace: Any) -> int:
    from postsale.api import run_plan
    from postsale.web.books import loaded_book

    loaded = loaded_book(workspace)
    plan = run_plan(loaded.book, loaded.company, today=loaded.today).result
    return int(plan.org.charts[plan.org.recommended]["headcount"]["total"])


def plan_hires(workspace: Any) -> dict[str, int]:
    from postsale.api import run_plan
    from postsale.web.books import loaded_book

    loaded = loaded_book(workspace)
    return dict(run_plan(loaded.book, loaded.company, today=loaded.today).result.headcount.hires)


def test_chart_json_has_the_plans_recommended_seats_and_open_requisitions(
        team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    acme = team["acme"]
    data = client_as("viewer").get(f"/w/{acme.slug}/org/data.json").json()
    assert data["seats"] == recommended_seats(acme) == data["chart_seats"]
    assert data["source"] == "plan"
    assert data["people"] is False
    assert data["open"] > 0
    assert data["open"] == sum(n for role, n in plan_hires(acme).items() if n > 0 and role != "total")
    assert "total" not in data["open_by_role"]
    assert sum(b["count"] for b in data["boxes"]) == data["seats"]
    assert len({b["id"] for b in data["boxes"]}) == len(data["boxes"])
    ids = {b["id"] for b in data["boxes"]}
    assert all(b["parentId"] is None or b["parentId"] in ids for b in data["boxes"])
    assert sum(b["parentId"] is None for b in data["boxes"]) == 1
    assert {s["id"] for s in data["search"]} == ids
    assert data["words"]["seats"] == "{n} seats"
    api = client_as("viewer").get(f"/api/v1/workspaces/{acme.slug}/org-chart").json()
    assert api["seats"] == data["seats"]
    assert api["boxes"] == data["boxes"]


def test_people_from_the_team_file_sit_on_seats(team: dict[str, Any], tmp_path: Any,
                                                client_as: Callable[[str], Client]) -> None:
    owned = own_accounts(team, tmp_path)
    data = client_as("viewer").get(f"/w/{owned['acme'].slug}/org/data.json").json()
    assert data["source"] == "team"
    assert data["people"] is True
    seated = [name for b in data["boxes"] for name, _title in b.get("people", ())]
    assert seated
    assert set(seated) <= {"Ana", "Alf", "Ben", "Bea", "Cai", "Cat"}
    assert data["seats"] == recommended_seats(owned["acme"])
    assert data["open"] == data["seats"] - len(seated)
    assert any("ana" in s["text"] for s in data["search"])  # the search finds people by name


def test_people_from_the_approved_assignment_when_there_is_no_team_file(
        team: dict[str, Any], tmp_path: Any, client_as: Callable[[str], Client]) -> None:
    from postsale.web.versions_store import approve, propose

    owned = own_accounts(team, tmp_path, with_team=False)
    acme = owned["acme"]
    browser = client_as("viewer")
    before = browser.get(f"/w/{acme.slug}/org/data.json").json()
    assert before["source"] == "plan"
    version = rebalance_now(acme, owned["planner"])
    assert browser.get(f"/w/{acme.slug}/org/data.json").json()["source"] == "plan"  # a draft
    propose(version, owned["planner"])  # the planner's draft: proposed, then approved
    approve(version, owned["admin"])
    data = browser.get(f"/w/{acme.slug}/org/data.json").json()
    assert data["source"] == "assignment"
    assert data["version"] == version.number
    seated = {name for b in data["boxes"] for name, _title in b.get("people", ())}
    assert seated
    assert seated <= {"Ana", "Ben", "Cai"}


def test_the_page_loads_its_script_and_data_from_files_not_inline(
        team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    acme = team["acme"]
    page = client_as("viewer").get(f"/w/{acme.slug}/org/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-src="/w/{acme.slug}/org/data.json"' in html
    for script in ("report-vendor/d3.min.js", "report-vendor/d3-flextree.min.js",
                   "report-vendor/d3-org-chart.min.js", "web/orgchart.js"):
        assert f'src="/static/{script}"' in html
    assert "<script>" not in html
    assert "onclick" not in html
    assert "Expand all" in html
    assert "Fit to screen" in html
    assert "script-src 'self'" in page["Content-Security-Policy"]
    for name in ("report-vendor/d3-org-chart.min.js", "web/orgchart.js"):
        from django.contrib.staticfiles import finders

        assert finders.find(name), name


def test_the_page_speaks_the_readers_language(team: dict[str, Any],
                                             client_as: Callable[[str], Client]) -> None:
    browser = client_as("viewer")
    browser.post("/i18n/setlang/", {"language": "ja", "next": "/"})
    html = browser.get(f"/w/{team['acme'].slug}/org/").content.decode()
    assert "すべて展開" in html
    english = client_as("planner").get(f"/w/{team['acme'].slug}/org/data.json").json()
    data = browser.get(f"/w/{team['acme'].slug}/org/data.json").json()
    assert data["words"]["seats"] == "{n} 席"
    assert data["boxes"][0]["title"] != english["boxes"][0]["title"]  # the plan's words too


def test_no_book_yet(team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    other = client_as("outsider")
    assert other.get(f"/w/{team['other'].slug}/org/").status_code == 200
    assert other.get(f"/w/{team['other'].slug}/org/data.json").status_code == 404
    assert other.get(f"/api/v1/workspaces/{team['other'].slug}/org-chart").status_code == 404


@pytest.mark.parametrize(("who", "page", "api"), [
    ("anonymous", 302, 401), ("outsider", 404, 404), ("viewer", 200, 200),
    ("planner", 200, 200), ("admin", 200, 200),
])
def test_roles(team: dict[str, Any], client_as: Callable[[str], Client], who: str, page: int,
               api: int) -> None:
    browser = client_as(who)
    slug = team["acme"].slug
    assert browser.get(f"/w/{slug}/org/").status_code == page
    assert browser.get(f"/w/{slug}/org/data.json").status_code == page
    assert browser.get(f"/api/v1/workspaces/{slug}/org-chart").status_code == api


def test_a_large_chart_draws_a_box_per_team_not_per_seat(make_workspace: Callable[..., Any],
                                                         team: dict[str, Any]) -> None:
    """5,000 seats stay drawable: the box data groups each manager's team into one box."""
    from postsale.web.books import loaded_book
    from postsale.web.org_data import chart_data

    big = make_workspace("Big", customers=20_000, seed=5)
    data = chart_data(big, loaded_book(big, TODAY))
    assert data["seats"] == recommended_seats(big)
    assert data["seats"] > 400
    assert len(data["boxes"]) < data["seats"] / 2
