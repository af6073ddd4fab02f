"""Members (admin only), deleting a workspace, the audit log page, personal API tokens and the
workspaces API: the last admin stays, new users pass Django's password validators, a token
authenticates API calls until it is revoked, names are escaped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from conftest import PASSWORD  # type: ignore[attr-defined]

pytestmark = pytest.mark.django_db


def _role_of(team: dict[str, Any], who: str) -> str | None:
    from postsale.web.models import Membership

    found = Membership.objects.filter(workspace=team["acme"], user=team[who]).first()
    return found.role if found is not None else None


def _membership_id(team: dict[str, Any], who: str) -> int:
    from postsale.web.models import Membership

    return int(Membership.objects.get(workspace=team["acme"], user=team[who]).pk)


def test_only_admins_open_the_members_page(client_as: Callable[[str], Client]) -> None:
    assert client_as("admin").get("/w/acme/members/").status_code == 200
    assert client_as("planner").get("/w/acme/members/").status_code == 403
    assert client_as("viewer").post("/w/acme/members/", {"action": "remove"}).status_code == 403
    assert client_as("outsider").get("/w/acme/members/").status_code == 404


def test_add_change_and_remove_a_member_with_audit(client_as: Callable[[str], Client],
                                                   team: dict[str, Any],
                                                   make_user: Callable[..., Any]) -> None:
    from postsale.web.models import AuditEvent

    make_user("new@acme.test")
    admin = client_as("admin")
    assert admin.post("/w/acme/members/", {"action": "add", "email": "NEW@acme.test",
                                           "role": "planner"}).status_code == 302
    page = admin.get("/w/acme/members/").content.decode()
    assert "new@acme.test" in page
    again = admin.post("/w/acme/members/", {"action": "add", "email": "new@acme.test",
                                            "role": "viewer"})
    assert again.status_code == 400
    assert "already a member" in again.content.decode()
    missing = admin.post("/w/acme/members/", {"action": "add", "email": "ghost@acme.test",
                                              "role": "viewer"})
    assert "no active user has the email ghost@acme.test" in missing.content.decode()
    admin.post("/w/acme/members/", {"action": "role", "member": _membership_id(team, "viewer"),
                                    "role": "planner"})
    assert _role_of(team, "viewer") == "planner"
    admin.post("/w/acme/members/", {"action": "remove",
                                    "member": _membership_id(team, "planner")})
    assert _role_of(team, "planner") is None
    actions = set(AuditEvent.objects.filter(workspace=team["acme"]).values_list("action", flat=True))
    assert {"member.add", "member.role", "member.remove"} <= actions


def test_the_last_admin_can_be_neither_removed_nor_demoted(client_as: Callable[[str], Client],
                                                           team: dict[str, Any]) -> None:
    admin = client_as("admin")
    me = _membership_id(team, "admin")
    removed = admin.post("/w/acme/members/", {"action": "remove", "member": me}, follow=True)
    assert "last admin" in removed.content.decode()
    assert _role_of(team, "admin") == "admin"
    admin.post("/w/acme/members/", {"action": "role", "member": me, "role": "viewer"})
    assert _role_of(team, "admin") == "admin"
    # with a second admin, the first may step down
    admin.post("/w/acme/members/", {"action": "role", "member": _membership_id(team, "planner"),
                                    "role": "admin"})
    admin.post("/w/acme/members/", {"action": "role", "member": me, "role": "viewer"})
    assert _role_of(team, "admin") == "viewer"


def test_create_a_user_with_an_initial_password(client_as: Callable[[str], Client],
                                                team: dict[str, Any]) -> None:
    admin = client_as("admin")
    weak = admin.post("/w/acme/members/", {"action": "create", "email": "fresh@acme.test",
                                           "password": "123", "role": "viewer"})
    assert weak.status_code == 400
    assert not get_user_model().objects.filter(email="fresh@acme.test").exists()
    made = admin.post("/w/acme/members/", {"action": "create", "email": "Fresh@acme.test",
                                           "password": PASSWORD, "role": "planner"})
    assert made.status_code == 302
    user = get_user_model().objects.get(email="fresh@acme.test")
    assert user.check_password(PASSWORD)
    assert user.memberships.get().role == "planner"


def test_delete_the_workspace_after_typing_its_name(
        client_as: Callable[[str], Client], team: dict[str, Any],
        django_capture_on_commit_callbacks: Any) -> None:
    from postsale.web.books import media_path
    from postsale.web.models import AuditEvent, Upload, Workspace
    from postsale.web.uploads_store import workspace_dir

    folder = media_path(workspace_dir(team["acme"]))
    assert folder.exists()
    admin = client_as("admin")
    wrong = admin.post("/w/acme/members/delete-workspace/", {"confirm_name": "acme"})
    assert wrong.status_code == 302
    assert Workspace.objects.filter(slug="acme").exists()
    assert client_as("planner").post("/w/acme/members/delete-workspace/",
                                     {"confirm_name": "Acme"}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True) as committed:
        done = admin.post("/w/acme/members/delete-workspace/", {"confirm_name": "Acme"})
    assert done.status_code == 302
    assert committed  # the files go once the deletion commits
    assert not Workspace.objects.filter(slug="acme").exists()
    assert not Upload.objects.filter(workspace_id=team["acme"].pk).exists()
    assert not folder.exists()
    assert AuditEvent.objects.filter(action="workspace.delete", target="acme").exists()
    assert Workspace.objects.filter(slug="other").exists()


def test_the_audit_page_filters_by_action_and_escapes(client_as: Callable[[str], Client],
                                                      team: dict[str, Any]) -> None:
    from postsale.web.audit import record

    for i in range(60):
        record(team["admin"], "member.add", team["acme"], f"user{i}@acme.test")
    record(team["admin"], "settings.change", team["acme"], "<i>raw</i>")
    record(team["outsider"], "settings.change", team["other"], "secret-of-other")
    viewer = client_as("viewer")
    page = viewer.get("/w/acme/audit/").content.decode()
    assert "&lt;i&gt;raw&lt;/i&gt;" in page
    assert "<i>raw</i>" not in page
    assert "secret-of-other" not in page
    assert "page 1 of 2" in page
    filtered = viewer.get("/w/acme/audit/?action=settings.change").content.decode()
    assert "&lt;i&gt;raw&lt;/i&gt;" in filtered
    assert "user1@acme.test" not in filtered
    assert client_as("outsider").get("/w/acme/audit/").status_code == 404


def test_tokens_authenticate_api_calls_until_revoked(client_as: Callable[[str], Client],
                                                     team: dict[str, Any]) -> None:
    from postsale.web.models import ApiToken

    browser = client_as("planner")
    assert Client().get("/account/tokens/").status_code == 302
    made = browser.post("/account/tokens/", {"action": "create", "name": "<b>ci</b>"})
    assert made.status_code == 200
    assert made["Cache-Control"] == "no-store"
    page = made.content.decode()
    token = page.split('data-token>')[1].split("<")[0]
    assert token.startswith("pst_")
    assert "&lt;b&gt;ci&lt;/b&gt;" in page
    row = ApiToken.objects.get(user=team["planner"])
    assert row.digest != token
    assert token not in row.digest
    assert token not in browser.get("/account/tokens/").content.decode()  # shown once
    api = Client()
    listed = api.get("/api/v1/workspaces", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert listed.status_code == 200
    assert [w["slug"] for w in listed.json()] == ["acme"]
    assert listed.json()[0]["role"] == "planner"
    assert api.get("/api/v1/workspaces/other",
                   HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 404
    assert client_as("viewer").post("/account/tokens/", {"action": "revoke",
                                                         "token": row.pk}).status_code == 302
    assert ApiToken.objects.filter(pk=row.pk).exists()  # someone else's token stays
    browser.post("/account/tokens/", {"action": "revoke", "token": row.pk})
    assert not ApiToken.objects.filter(pk=row.pk).exists()
    assert api.get("/api/v1/workspaces",
                   HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    assert api.get("/api/v1/workspaces",
                   HTTP_AUTHORIZATION="Bearer pst_not-a-token").status_code == 401


def test_workspaces_and_members_api(client_as: Callable[[str], Client], team: dict[str, Any],
                                    make_user: Callable[..., Any]) -> None:
    from postsale.web.models import ApiToken

    _row, token = ApiToken.issue(team["viewer"], "cli")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    api = Client()
    made = api.post("/api/v1/workspaces", {"name": "Initech <x>"},
                    content_type="application/json", **auth)
    assert made.status_code == 201
    slug = made.json()["slug"]
    assert made.json()["role"] == "admin"
    assert made.json()["name"] == "Initech <x>"
    assert api.get(f"/api/v1/workspaces/{slug}", **auth).status_code == 200
    assert api.get("/api/v1/workspaces/acme/members", **auth).status_code == 403
    make_user("dev@initech.test")
    added = api.post(f"/api/v1/workspaces/{slug}/members",
                     {"email": "dev@initech.test", "role": "planner"},
                     content_type="application/json", **auth)
    assert added.status_code == 201
    created = api.post(f"/api/v1/workspaces/{slug}/members",
                       {"email": "ops@initech.test", "role": "viewer", "password": "short"},
                       content_type="application/json", **auth)
    assert created.status_code == 422
    members = api.get(f"/api/v1/workspaces/{slug}/members", **auth).json()
    assert {m["email"]: m["role"] for m in members} == {"dev@initech.test": "planner",
                                                        "viewer@acme.test": "admin"}
    mine = next(m["id"] for m in members if m["email"] == "viewer@acme.test")
    last = api.delete(f"/api/v1/workspaces/{slug}/members/{mine}", **auth)
    assert last.status_code == 409
    assert "last admin" in last.json()["detail"]
    demote = api.patch(f"/api/v1/workspaces/{slug}/members/{mine}", {"role": "viewer"},
                       content_type="application/json", **auth)
    assert demote.status_code == 409
    dev = next(m["id"] for m in members if m["email"] == "dev@initech.test")
    assert api.patch(f"/api/v1/workspaces/{slug}/members/{dev}", {"role": "admin"},
                     content_type="application/json", **auth).json()["role"] == "admin"
    assert api.delete(f"/api/v1/workspaces/{slug}/members/{dev}", **auth).status_code == 204
    assert client_as("outsider").delete(f"/api/v1/workspaces/{slug}").status_code == 404
    assert api.delete(f"/api/v1/workspaces/{slug}", **auth).status_code == 204
    assert api.get(f"/api/v1/workspaces/{slug}", **auth).status_code == 404


def test_workspace_and_user_names_are_escaped(client_as: Callable[[str], Client],
                                              team: dict[str, Any],
                                              make_user: Callable[..., Any]) -> None:
    from postsale.web.models import Membership, Workspace

    Workspace.objects.filter(pk=team["acme"].pk).update(name="Acme <script>x()</script>")
    odd = make_user("o'<b>@acme.test")
    Membership.objects.create(workspace=team["acme"], user=odd, role="viewer")
    page = client_as("admin").get("/w/acme/members/").content.decode()
    assert "Deletes Acme &lt;script&gt;x()&lt;/script&gt; with its files" in page
    assert "<script>x()" not in page
    assert "o&#x27;&lt;b&gt;@acme.test" in page
