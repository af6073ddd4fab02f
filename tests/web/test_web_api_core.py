"""The caller's corner of the API (``/me``, ``/tokens``) and how the API authenticates: a Bearer
token needs no CSRF token, a browser session does on every unsafe method."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def session(team: dict[str, Any], who: str) -> tuple[Client, str]:
    """A browser signed in as ``who`` that enforces CSRF, and its CSRF token."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(team[who], backend="django.contrib.auth.backends.ModelBackend")
    assert browser.get("/").status_code == 200
    return browser, browser.cookies[settings.CSRF_COOKIE_NAME].value


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_me_lists_the_callers_workspaces_and_roles(team: dict[str, Any]) -> None:
    from postsale.web.models import ApiToken

    _, token = ApiToken.issue(team["planner"], "cli")
    me = Client().get("/api/v1/me", **bearer(token))
    assert me.status_code == 200
    assert me.json() == {"email": "planner@acme.test",
                         "workspaces": [{"slug": "acme", "name": "Acme", "role": "planner"}]}
    assert Client().get("/api/v1/me").status_code == 401
    assert Client().get("/api/v1/me", **bearer("pst_not-a-token")).status_code == 401


def test_session_calls_need_the_csrf_token_on_unsafe_methods(team: dict[str, Any]) -> None:
    from postsale.web.models import ApiToken

    browser, csrf = session(team, "planner")
    assert browser.get("/api/v1/me").status_code == 200  # safe: no token needed
    body = json.dumps({"name": "laptop"})
    forged = browser.post("/api/v1/tokens", body, content_type="application/json")
    assert forged.status_code == 403
    assert not ApiToken.objects.filter(name="laptop").exists()
    made = browser.post("/api/v1/tokens", body, content_type="application/json",
                        HTTP_X_CSRFTOKEN=csrf)
    assert made.status_code == 201, made.content
    row = ApiToken.objects.get(name="laptop")
    assert browser.delete(f"/api/v1/tokens/{row.pk}").status_code == 403
    assert browser.delete(f"/api/v1/tokens/{row.pk}", HTTP_X_CSRFTOKEN=csrf).status_code == 204
    assert not ApiToken.objects.filter(pk=row.pk).exists()


def test_bearer_calls_need_no_csrf_token(team: dict[str, Any]) -> None:
    from postsale.web.models import ApiToken

    _, token = ApiToken.issue(team["viewer"], "script")
    api = Client(enforce_csrf_checks=True)
    made = api.post("/api/v1/tokens", json.dumps({"name": "second"}),
                    content_type="application/json", **bearer(token))
    assert made.status_code == 201, made.content
    second = made.json()
    assert second["token"].startswith("pst_")
    assert second["prefix"] == second["token"][:12]
    listed = api.get("/api/v1/tokens", **bearer(second["token"])).json()
    assert {t["name"] for t in listed} == {"script", "second"}
    assert all("token" not in t and "digest" not in t for t in listed)
    assert api.delete(f"/api/v1/tokens/{second['id']}", **bearer(token)).status_code == 204
    assert api.get("/api/v1/me", **bearer(second["token"])).status_code == 401  # revoked


def test_tokens_are_only_the_callers_own(team: dict[str, Any]) -> None:
    from postsale.web.models import ApiToken, AuditEvent

    _, mine = ApiToken.issue(team["viewer"], "mine")
    theirs, _ = ApiToken.issue(team["admin"], "theirs")
    api = Client()
    assert [t["name"] for t in api.get("/api/v1/tokens", **bearer(mine)).json()] == ["mine"]
    assert api.delete(f"/api/v1/tokens/{theirs.pk}", **bearer(mine)).status_code == 404
    assert ApiToken.objects.filter(pk=theirs.pk).exists()
    made = api.post("/api/v1/tokens", json.dumps({"name": "x"}), content_type="application/json",
                    **bearer(mine))
    assert AuditEvent.objects.filter(action="token.create", actor=team["viewer"]).exists()
    assert made.json()["token"] not in json.dumps(list(AuditEvent.objects.values("detail",
                                                                                  "target")))


def test_a_token_name_is_checked(team: dict[str, Any]) -> None:
    from postsale.web.models import ApiToken

    _, token = ApiToken.issue(team["viewer"], "ok")
    api = Client()
    for bad in ("", "x" * 101, "nul\x00byte"):
        refused = api.post("/api/v1/tokens", json.dumps({"name": bad}),
                           content_type="application/json", **bearer(token))
        assert refused.status_code == 422, bad


def test_an_inactive_users_token_stops_working(team: dict[str, Any]) -> None:
    from postsale.web.models import ApiToken

    _, token = ApiToken.issue(team["admin"], "old")
    team["admin"].is_active = False
    team["admin"].save()
    assert Client().get("/api/v1/me", **bearer(token)).status_code == 401


def test_the_api_docs_load_nothing_from_another_site() -> None:
    """Swagger UI comes from django-ninja's own static files (the app works offline and its CSP
    allows scripts from itself only), never from a CDN."""
    import re

    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', docs.content.decode())
    assert any(s.endswith("swagger-ui-bundle.js") for s in sources)
    assert all(s.startswith("/static/") for s in sources), sources
    assert Client().get(next(s for s in sources if s.endswith(".js"))).status_code == 200
