"""Sign-in, workspaces, the first-run page, the language switch and ``postsale users create``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from conftest import PASSWORD  # type: ignore[attr-defined]

pytestmark = pytest.mark.django_db


def test_sign_in_with_the_password_and_see_only_ones_own_workspaces(team: dict[str, Any]) -> None:
    browser = Client()
    page = browser.get("/login/")
    assert page.status_code == 200
    assert b'name="csrfmiddlewaretoken"' in page.content
    signed = browser.post("/login/", {"username": "planner@acme.test", "password": PASSWORD})
    assert signed.status_code == 302
    home = browser.get("/").content.decode()
    assert "Acme" in home
    assert "Other" not in home


def test_wrong_password_is_refused_and_five_failures_lock_the_account(team: dict[str, Any]) -> None:
    browser = Client()
    for _ in range(5):
        refused = browser.post("/login/", {"username": "viewer@acme.test", "password": "nope-nope"})
        assert b"do not match" in refused.content or refused.status_code == 429
    locked = browser.post("/login/", {"username": "viewer@acme.test", "password": PASSWORD})
    assert locked.status_code == 429
    assert b"Sign-in paused" in locked.content


def test_anonymous_is_sent_to_sign_in() -> None:
    page = Client().get("/")
    assert page.status_code == 302
    assert page["Location"].startswith("/login/")


def test_creating_a_workspace_makes_its_creator_admin(client_as: Callable[[str], Client]) -> None:
    from postsale.web.models import AuditEvent, Membership, Workspace

    browser = client_as("viewer")
    made = browser.post("/", {"name": "Globex <b>Corp</b>"})
    assert made.status_code == 302
    workspace = Workspace.objects.get(name="Globex <b>Corp</b>")
    assert workspace.slug == "globex-bcorpb"
    assert Membership.objects.get(workspace=workspace).role == "admin"
    assert AuditEvent.objects.filter(action="workspace.create", workspace=workspace).exists()
    home = browser.get("/").content.decode()
    assert "Globex &lt;b&gt;Corp&lt;/b&gt;" in home
    assert "<b>Corp</b>" not in home


def test_first_run_page_only_from_this_machine_and_only_without_users() -> None:
    outside = Client(REMOTE_ADDR="203.0.113.9")
    assert outside.get("/first-run/").status_code == 404
    local = Client(REMOTE_ADDR="127.0.0.1")
    assert local.get("/first-run/").status_code == 200
    weak = local.post("/first-run/", {"email": "boss@acme.test", "password": "123"})
    assert weak.status_code == 200
    assert not get_user_model().objects.exists()
    made = local.post("/first-run/", {"email": "Boss@Acme.test", "password": PASSWORD})
    assert made.status_code == 302
    boss = get_user_model().objects.get()
    assert boss.username == "boss@acme.test"
    assert boss.is_superuser
    assert boss.password.startswith("pbkdf2_sha256$")  # Django's hashing, never the text
    assert Client(REMOTE_ADDR="127.0.0.1").get("/first-run/").status_code == 404


def test_language_switcher_changes_the_page_language(client_as: Callable[[str], Client]) -> None:
    browser = client_as("planner")
    switched = browser.post("/i18n/setlang/", {"language": "ja", "next": "/"})
    assert switched.status_code == 302
    page = browser.get("/").content.decode()
    assert '<html lang="ja">' in page
    assert "あなたのワークスペース" in page


def test_security_headers_on_every_page() -> None:
    page = Client().get("/login/")
    assert page["X-Frame-Options"] == "DENY"
    assert page["X-Content-Type-Options"] == "nosniff"
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_users_create_from_the_cli(team: dict[str, Any]) -> None:
    from typer.testing import CliRunner

    from postsale.cli import app

    runner = CliRunner()
    made = runner.invoke(app, ["users", "create", "ana@acme.test", "--role", "planner",
                               "--workspace", "acme", "--password-stdin"], input=PASSWORD + "\n")
    assert made.exit_code == 0, made.output
    from postsale.web.models import Membership

    assert Membership.objects.get(user__username="ana@acme.test").role == "planner"
    weak = runner.invoke(app, ["users", "create", "bo@acme.test", "--role", "admin",
                               "--password-stdin"], input="123\n")
    assert weak.exit_code == 2
    assert "password" in weak.output
    nowhere = runner.invoke(app, ["users", "create", "cy@acme.test", "--role", "viewer",
                                  "--password-stdin"], input=PASSWORD + "\n")
    assert nowhere.exit_code == 2
    assert "--workspace" in nowhere.output
