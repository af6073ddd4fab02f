"""The plan page, the what-if panel and the plan API: roles, figures equal to ``run_plan`` and to
``postsale plan -f json``, lever errors naming the key with a fix, saved versions."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from typer.testing import CliRunner

from postsale.api import run_plan
from postsale.benchmarks import default_benchmarks
from postsale.company import company_from_mapping

pytestmark = pytest.mark.django_db

COMPANY = """
[company]
name = "Acme"
gross_margin = 0.7

[accounts_per_csm]
high_touch = 10

[budget]
share = 0.12

[[growth]]
months = 12
customers = 150
"""


@pytest.fixture(autouse=True)
def _fresh_results() -> None:
    from postsale.web.planning import forget_plans

    forget_plans()


def _whatif(browser: Client, data: dict[str, str]) -> Any:
    return browser.post("/w/acme/plan/what-if/", data, HTTP_HX_REQUEST="true")


def _plan_of(team: dict[str, Any], raw: dict[str, Any]) -> Any:
    """``run_plan`` on the workspace's book with a company built from ``raw`` (the reference)."""
    from postsale.web.books import loaded_book

    loaded = loaded_book(team["acme"])
    company = company_from_mapping(raw, "test", default_benchmarks())
    return run_plan(loaded.book, company, today=loaded.today, notes=loaded.notes).result


def test_viewer_reads_the_plan_without_what_if_controls(client_as: Callable[[str], Client]) -> None:
    page = client_as("viewer").get("/w/acme/plan/")
    assert page.status_code == 200
    html = page.content.decode()
    for heading in ("Diagnosis", "Funded vs needed", "Tiers and unit economics",
                    "Headcount: now vs needed", "Hiring triggers", "Common mistakes", "Warnings"):
        assert heading in html
    assert "hx-post" not in html
    assert 'name="accounts_per_csm.low_touch"' not in html
    assert "Save as version" not in html
    assert "planners run what-ifs" in html


def test_planner_gets_the_what_if_panel_and_save_buttons(client_as: Callable[[str], Client]) -> None:
    html = client_as("planner").get("/w/acme/plan/").content.decode()
    assert 'hx-post="/w/acme/plan/what-if/"' in html
    assert 'hx-trigger="input changed delay:250ms"' in html
    assert 'name="accounts_per_csm.low_touch" value="50"' in html
    assert 'name="renewals.low_touch"' in html
    assert "Save as version" in html
    assert "Propose for approval" in html
    assert "<script>" not in html  # CSP: no inline script


def test_plan_page_refuses_outsiders_and_sends_anonymous_to_sign_in(
        client_as: Callable[[str], Client]) -> None:
    assert client_as("outsider").get("/w/acme/plan/").status_code == 404
    assert client_as("anonymous").get("/w/acme/plan/").status_code == 302
    assert _whatif(client_as("viewer"), {}).status_code == 403
    assert _whatif(client_as("outsider"), {}).status_code == 404
    assert client_as("viewer").post("/w/acme/plan/save/", {}).status_code == 403


def test_plan_page_speaks_the_request_language(client_as: Callable[[str], Client]) -> None:
    browser = client_as("viewer")
    browser.cookies["postsale_language"] = "ja"
    html = browser.get("/w/acme/plan/").content.decode()
    assert "よくある間違い" in html or "計画の人数" in html
    assert "People in the plan" not in html


def test_more_accounts_per_csm_means_fewer_csms_exactly_as_run_plan(
        team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    from postsale.web.planning import WhatIf, plan_with, summary

    workspace = team["acme"]
    few = summary(plan_with(workspace, WhatIf(accounts_per_csm={"low_touch": 30})).result)
    many = summary(plan_with(workspace, WhatIf(accounts_per_csm={"low_touch": 80})).result)
    assert few["required_by_role"]["csm_low_touch"] > many["required_by_role"]["csm_low_touch"]
    reference = _plan_of(team, {"accounts_per_csm": {"low_touch": 80}})
    assert many == summary(reference)
    assert many["required_by_role"]["csm_low_touch"] == reference.headcount.required["csm_low_touch"]

    fragment = _whatif(client_as("planner"), {"accounts_per_csm.low_touch": "80"})
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert 'data-figure="role.csm_low_touch"' in html
    base = summary(plan_with(workspace).result)
    change = many["required_by_role"]["csm_low_touch"] - base["required_by_role"]["csm_low_touch"]
    assert f"<td class=\"num delta\">{change}</td>" in html
    assert "<html" not in html  # a fragment, not a page


def test_an_untouched_panel_is_the_plan_itself(team: dict[str, Any],
                                               client_as: Callable[[str], Client]) -> None:
    html = client_as("planner").get("/w/acme/plan/").content.decode()
    import re

    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', html))
    fields.pop("csrfmiddlewaretoken", None)
    fields.update(dict.fromkeys([f"renewals.{t}" for t in ("high_touch", "low_touch")], ""))
    fragment = _whatif(client_as("planner"), fields).content.decode()
    assert "nothing changes" in fragment


@pytest.mark.parametrize(("field", "value", "fix"), [
    ("accounts_per_csm.low_touch", "0", "accounts per CSM"),
    ("accounts_per_csm.high_touch", "lots", "write a plain number"),
    ("budget.share", "1.5", ""),
    ("growth[1].months", "", "how many months"),
    ("renewals.tech_touch", "robots", '"csm", "desk", "automatic", "sales"'),
])
def test_an_invalid_lever_names_its_field_and_the_fix(client_as: Callable[[str], Client],
                                                     field: str, value: str, fix: str) -> None:
    data = {field: value}
    if field.startswith("growth"):
        data["growth[1].customers"] = "200"
    fragment = _whatif(client_as("planner"), data)
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert f'data-field="{field}"' in html
    assert f"<strong>{field}</strong>" in html.replace("&quot;", '"')
    assert fix in html.replace("&quot;", '"')
    assert " — " in html  # problem — fix


def test_budget_and_renewals_levers_move_the_figures(team: dict[str, Any]) -> None:
    from postsale.web.planning import WhatIf, plan_with, summary

    workspace = team["acme"]
    tight = summary(plan_with(workspace, WhatIf(budget_share=0.02)).result)
    assert tight["budget"] == pytest.approx(0.02 * tight["arr"])
    assert tight == summary(_plan_of(team, {"budget": {"share": 0.02}}))
    desk = summary(plan_with(workspace, WhatIf(renewals={"high_touch": "desk"})).result)
    assert desk == summary(_plan_of(team, {"renewals": {"high_touch": "desk"}}))
    grown = summary(plan_with(workspace, WhatIf(high_touch_min_acv=40000.0)).result)
    assert grown == summary(_plan_of(team, {"benchmarks": {"tiering.high_touch_min_acv": 40000}}))


def test_the_result_cache_returns_the_same_run_for_the_same_levers(team: dict[str, Any]) -> None:
    from postsale.web.planning import WhatIf, plan_with

    first = plan_with(team["acme"], WhatIf(accounts_per_csm={"low_touch": 70}))
    again = plan_with(team["acme"], WhatIf(accounts_per_csm={"low_touch": 70.0}))
    other = plan_with(team["acme"], WhatIf(accounts_per_csm={"low_touch": 60}))
    assert first is again
    assert other is not first


def test_dragging_back_to_a_position_never_recomputes(team: dict[str, Any],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import postsale.web.planning as planning

    calls: list[object] = []
    real = planning.run_plan

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(planning, "run_plan", counted)
    positions = [planning.WhatIf(accounts_per_csm={"low_touch": 40 + i})
                 for i in range(planning.RESULT_CACHE_SIZE + 2)]
    first = [planning.summary_with(team["acme"], w) for w in positions]
    assert len(calls) == len(positions)
    again = [planning.summary_with(team["acme"], w) for w in reversed(positions)]
    assert len(calls) == len(positions)  # the whole plans left the plan cache; figures did not
    assert again == list(reversed(first))


def test_levers_apply_over_the_workspace_company_settings(
        make_workspace: Callable[..., Any], make_user: Callable[..., Any]) -> None:
    from postsale.web.books import loaded_book
    from postsale.web.planning import WhatIf, company_with

    workspace = make_workspace("Settings", company_toml=COMPANY)
    loaded = loaded_book(workspace)
    company = company_with(loaded, workspace, WhatIf(accounts_per_csm={"low_touch": 70},
                                                     budget_amount=1e6))
    assert company.overrides["accounts_per_csm.high_touch"] == 10  # kept
    assert company.overrides["accounts_per_csm.low_touch"] == 70
    assert company.budget.amount == 1e6
    assert company.budget.share is None
    assert company.company.gross_margin == 0.7


def test_saving_and_proposing_a_plan_version_with_its_summary(
        team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    from postsale.web.models import AuditEvent, Version
    from postsale.web.versions_store import SUMMARY_KEYS, payload_of

    browser = client_as("planner")
    saved = browser.post("/w/acme/plan/save/", {"action": "save",
                                               "accounts_per_csm.low_touch": "70"})
    assert saved.status_code == 302
    version = Version.objects.get(workspace=team["acme"], kind="plan")
    assert version.status == "draft"
    assert set(version.summary) == set(SUMMARY_KEYS["plan"])  # jsonb keeps no key order
    assert version.overrides == {"accounts_per_csm": {"low_touch": 70.0}}
    reference = _plan_of(team, {"accounts_per_csm": {"low_touch": 70}})
    assert version.summary["required"] == reference.headcount.required["total"]
    assert payload_of(version)["headcount"]["required"] == reference.headcount.required
    assert "Saved as plan version 1." in browser.get("/w/acme/plan/").content.decode()

    browser.post("/w/acme/plan/save/", {"action": "propose"})
    proposed = Version.objects.get(workspace=team["acme"], kind="plan", number=2)
    assert proposed.status == "proposed"
    assert AuditEvent.objects.filter(action="version.propose", workspace=team["acme"]).exists()


def test_a_post_without_the_panels_inputs_keeps_the_company_settings(
        make_workspace: Callable[..., Any]) -> None:
    from postsale.web.books import loaded_book
    from postsale.web.plan_form import whatif_from_form
    from postsale.web.planning import baseline_levers

    workspace = make_workspace("Settings", company_toml=COMPANY)
    levers = baseline_levers(loaded_book(workspace))
    assert levers["budget_share"] == 0.12
    assert levers["growth"] == [{"months": 12, "customers": 150, "arr": None}]
    assert whatif_from_form({"action": "propose"}, levers).is_baseline()
    cleared = whatif_from_form({"growth[1].months": "", "growth[1].customers": ""}, levers)
    assert cleared.growth == ()


def test_saving_with_an_invalid_lever_saves_nothing(team: dict[str, Any],
                                                   client_as: Callable[[str], Client]) -> None:
    from postsale.web.models import Version

    browser = client_as("planner")
    browser.post("/w/acme/plan/save/", {"action": "save", "accounts_per_csm.low_touch": "-3"})
    assert not Version.objects.filter(workspace=team["acme"]).exists()
    assert "accounts_per_csm.low_touch" in browser.get("/w/acme/plan/").content.decode()


def test_api_plan_what_if_and_save(team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    from postsale.web.planning import WhatIf, plan_with

    viewer, planner = client_as("viewer"), client_as("planner")
    plan = viewer.get("/api/v1/workspaces/acme/plan")
    assert plan.status_code == 200
    assert plan.json()["headcount"]["required"] == \
        plan_with(team["acme"]).result.headcount.required
    assert client_as("outsider").get("/api/v1/workspaces/acme/plan").status_code == 404

    body = {"accounts_per_csm": {"low_touch": 80}, "renewals": {"high_touch": "desk"}}
    assert viewer.post("/api/v1/workspaces/acme/what-if", body,
                       content_type="application/json").status_code == 403
    answer = planner.post("/api/v1/workspaces/acme/what-if", body, content_type="application/json")
    assert answer.status_code == 200, answer.content
    out = answer.json()
    reference = _plan_of(team, {"accounts_per_csm": {"low_touch": 80},
                                "renewals": {"high_touch": "desk"}})
    assert out["whatif"]["required"] == reference.headcount.required["total"]
    assert out["deltas"]["required"] == out["whatif"]["required"] - out["baseline"]["required"]
    assert plan_with(team["acme"], WhatIf(**body)).result.headcount.required["total"] == \
        out["whatif"]["required"]

    wrong = planner.post("/api/v1/workspaces/acme/what-if", {"accounts_per_csm": {"low_touch": -1}},
                         content_type="application/json")
    assert wrong.status_code == 422
    assert wrong.json()["problems"][0]["column"] == "accounts_per_csm.low_touch"
    assert wrong.json()["problems"][0]["fix"]

    saved = planner.post("/api/v1/workspaces/acme/plans",
                         {"levers": body, "propose": True, "title": "Renewals desk"},
                         content_type="application/json")
    assert saved.status_code == 201, saved.content
    assert saved.json()["status"] == "proposed"
    assert saved.json()["summary"]["required"] == out["whatif"]["required"]
    assert planner.post("/api/v1/workspaces/acme/plans", {"title": "a\x00b"},
                        content_type="application/json").status_code == 422
    assert viewer.post("/api/v1/workspaces/acme/plans", {},
                       content_type="application/json").status_code == 403


def test_the_plan_operations_are_in_the_openapi(client_as: Callable[[str], Client]) -> None:
    spec = client_as("viewer").get("/api/v1/openapi.json").json()
    assert {"/api/v1/workspaces/{slug}/plan", "/api/v1/workspaces/{slug}/what-if",
            "/api/v1/workspaces/{slug}/plans"} <= set(spec["paths"])
    assert "accounts_per_csm" in spec["components"]["schemas"]["WhatIf"]["properties"]
    assert "deltas" in spec["components"]["schemas"]["WhatIfOut"]["properties"]


def test_api_plan_without_a_book_is_a_422_with_a_fix(client_as: Callable[[str], Client]) -> None:
    answer = client_as("outsider").get("/api/v1/workspaces/other/plan")
    assert answer.status_code == 422
    assert answer.json()["problems"][0]["fix"]


def test_the_plan_agrees_with_postsale_plan_json(
        make_workspace: Callable[..., Any], make_user: Callable[..., Any], tmp_path: Path) -> None:
    """The API's plan (the page's figures) equals the CLI's JSON for the same book and company."""
    from postsale.cli import app
    from postsale.web.books import current_uploads, loaded_book, media_path
    from postsale.web.models import Membership

    workspace = make_workspace("Cli", customers=400, seed=11, company_toml=COMPANY)
    user = make_user("cfo@cli.test")
    Membership.objects.create(workspace=workspace, user=user, role="viewer")
    browser = Client()
    browser.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    web = browser.get(f"/api/v1/workspaces/{workspace.slug}/plan").json()

    company = tmp_path / "company.toml"
    company.write_text(COMPANY, encoding="utf-8")
    accounts = media_path(current_uploads(workspace)["accounts"].stored_path)
    today = loaded_book(workspace).today.isoformat()
    result = CliRunner().invoke(app, ["plan", str(accounts), "--company", str(company),
                                      "--format", "json", "--today", today, "--lang", "en"])
    assert result.exit_code == 0, result.output
    cli = json.loads(result.stdout)
    assert tomllib.loads(COMPANY)["company"]["name"] == web["company"]
    for key in ("accounts", "arr", "stage", "phase", "tiers", "economics", "headcount",
                "triggers", "funding", "org", "checks", "advice"):
        assert web[key] == cli[key], key
    assert [w["code"] for w in web["warnings"]] == [w["code"] for w in cli["warnings"]]


def test_broken_company_settings_show_their_problem_not_a_server_error(
        team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    from postsale.web.models import Workspace

    Workspace.objects.filter(pk=team["acme"].pk).update(
        company_toml="[accounts_per_csm]\nlow_touch = -4\n")
    page = client_as("planner").get("/w/acme/plan/")
    assert page.status_code == 200
    assert "accounts_per_csm.low_touch" in page.content.decode()
    fragment = _whatif(client_as("planner"), {"accounts_per_csm.low_touch": "60"})
    assert fragment.status_code == 200
    assert 'data-field="accounts_per_csm.low_touch"' in fragment.content.decode()


def test_a_budget_too_small_for_any_plan_shows_over_budget(
        team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    from postsale.web.planning import WhatIf, plan_with, summary

    starved = plan_with(team["acme"], WhatIf(budget_share=0.001)).result
    assert starved.funding is not None
    assert starved.funding.status == "exceeds_budget"
    assert summary(starved)["funded"] is False
    html = _whatif(client_as("planner"), {"budget.share": "0.001"}).content.decode()
    assert "Over budget" in html
    assert ("crosses the budget line" in html) == (summary(plan_with(team["acme"]).result)["funded"]
                                                    is True)
