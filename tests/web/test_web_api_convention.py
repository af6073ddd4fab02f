"""``workspace_operation`` (postsale.web.api), the way every router declares a workspace operation,
on a probe API mounted only for these tests: the role is checked in the authentication step,
before ninja validates anything, so a non-member gets 404 and a member below the role 403 whatever
they send; the view then has the workspace and membership; the role is in the OpenAPI document."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from ninja import NinjaAPI, Router, Schema

from postsale.web.access import workspace_of
from postsale.web.api import ROLE_KEY, callers, workspace_operation

pytestmark = [pytest.mark.django_db, pytest.mark.urls("test_web_api_convention")]


class ProbeIn(Schema):
    n: int


class ProbeOut(Schema):
    workspace: str
    role: str
    n: int


router = Router()


@workspace_operation(router, "post", "/workspaces/{slug}/probe", role="planner", response=ProbeOut)
def probe(request: HttpRequest, slug: str, body: ProbeIn) -> ProbeOut:
    return ProbeOut(workspace=workspace_of(request).slug,
                    role=request.membership.role,  # type: ignore[attr-defined]
                    n=body.n)


@workspace_operation(router, "get", "/workspaces/{slug}/probe.csv", role="viewer",
                     response={200: None},
                     openapi_extra={"responses": {200: {"description": "CSV",
                                                        "content": {"text/csv": {}}}}})
def probe_csv(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponse("a,b\n1,2\n", content_type="text/csv")


probe_api = NinjaAPI(urls_namespace="probe", auth=callers(), docs_url=None)


@probe_api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return probe_api.create_response(request, {"detail": "forbidden"}, status=403)


probe_api.add_router("", router)
urlpatterns = [path("probe/", probe_api.urls)]


def bearer(team: dict[str, Any], who: str) -> dict[str, str]:
    from postsale.web.models import ApiToken

    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(team[who], 'probe')[1]}"}


def send(team: dict[str, Any], who: str, body: Any, slug: str = "acme") -> Any:
    headers = {} if who == "anonymous" else bearer(team, who)
    return Client().post(f"/probe/workspaces/{slug}/probe", json.dumps(body),
                         content_type="application/json", **headers)


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("outsider", 404), ("viewer", 403),
                                             ("planner", 422), ("admin", 422)])
def test_the_role_is_checked_before_the_body(team: dict[str, Any], who: str, status: int) -> None:
    assert send(team, who, {"n": "not a number"}).status_code == status


def test_at_the_role_the_view_has_its_workspace(team: dict[str, Any]) -> None:
    done = send(team, "planner", {"n": 3})
    assert done.status_code == 200, done.content
    assert done.json() == {"workspace": "acme", "role": "planner", "n": 3}
    assert send(team, "admin", {"n": 4}).json()["role"] == "admin"


def test_an_unknown_or_malformed_workspace_is_404(team: dict[str, Any]) -> None:
    assert send(team, "admin", {"n": 1}, slug="nope").status_code == 404
    assert send(team, "admin", {"n": 1}, slug="ac%00me").status_code == 404
    assert send(team, "admin", {"n": 1}, slug="other").status_code == 404


def test_a_session_needs_the_csrf_token(team: dict[str, Any]) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(team["planner"], backend="django.contrib.auth.backends.ModelBackend")
    csrf = "probe" * 6 + "ok"  # a CSRF secret: 32 letters, as Django's cookie holds
    browser.cookies[settings.CSRF_COOKIE_NAME] = csrf
    url, body = "/probe/workspaces/acme/probe", json.dumps({"n": 5})
    assert browser.post(url, body, content_type="application/json").status_code == 403
    passed = browser.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert passed.status_code == 200, passed.content


def test_the_role_is_published_in_the_document() -> None:
    document = probe_api.get_openapi_schema()
    operation = document["paths"]["/probe/workspaces/{slug}/probe"]["post"]
    assert operation[ROLE_KEY] == "planner"
    assert {"401", "403", "404", "422"} <= set(map(str, operation["responses"]))
    download = document["paths"]["/probe/workspaces/{slug}/probe.csv"]["get"]
    assert download[ROLE_KEY] == "viewer"
    assert "text/csv" in download["responses"][200]["content"]  # a download declares its type


def test_a_download_answers_with_its_own_type(team: dict[str, Any]) -> None:
    got = Client().get("/probe/workspaces/acme/probe.csv", **bearer(team, "viewer"))
    assert got.status_code == 200
    assert got["Content-Type"].startswith("text/csv")
