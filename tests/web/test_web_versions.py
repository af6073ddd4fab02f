"""Versions, approval and comparison: the state machine, who may decide, the current version,
comparisons checked against the payloads and owners files, the audit trail, and the API."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TODAY  # type: ignore[attr-defined]

pytestmark = pytest.mark.django_db


# --- helpers: versions made from real results of the fixture workspace's book -------------------

def _plan_run(workspace: Any) -> Any:
    from postsale.api import run_plan
    from postsale.web.books import loaded_book

    loaded = loaded_book(workspace, today=TODAY)
    return run_plan(loaded.book, loaded.company, today=TODAY, notes=loaded.notes), loaded


def make_plan(workspace: Any, author: Any, *, payload: dict[str, Any] | None = None,
              title: str = "", status: str = "draft") -> Any:
    from postsale.web.versions_store import create_version

    if payload is None:
        run, _ = _plan_run(workspace)
        payload = run.result.to_dict()
    return create_version(workspace, "plan", author=author, payload=payload, title=title,
                          status=status)


def owners_bytes(columns: dict[str, Any]) -> bytes:
    """The owners CSV exactly as ``postsale assign --out`` writes it."""
    from postsale.report.assign_csv import write_owners

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "owners.csv"
        write_owners(target, columns)
        return target.read_bytes()


def make_assignment(workspace: Any, author: Any, *, shuffle: int = 0) -> Any:
    """An assignment version; ``shuffle`` > 0 hands every ``shuffle``-th account to the owner of
    the next one (a planner's edit, so two versions differ)."""
    from postsale.api import run_assignment
    from postsale.web.versions_store import create_version

    run, loaded = _plan_run(workspace)
    assigned = run_assignment(run, loaded.company, today=TODAY)
    columns = dict(assigned.owner_columns())
    if shuffle:
        owner_id = np.array(columns["owner_id"], dtype=object)
        owner_name = np.array(columns["owner_name"], dtype=object)
        picked = np.arange(0, len(owner_id) - 1, shuffle)
        owner_id[picked], owner_name[picked] = owner_id[picked + 1], owner_name[picked + 1]
        columns.update(owner_id=owner_id, owner_name=owner_name)
    return create_version(workspace, "assignment", author=author, payload=assigned.to_dict(),
                          owners_csv=owners_bytes(columns))


def make_projection(workspace: Any, author: Any, *, months: int = 6, seed: int = 7) -> Any:
    from postsale.api import run_projection
    from postsale.web.books import loaded_book
    from postsale.web.versions_store import create_version

    loaded = loaded_book(workspace, today=TODAY)
    result = run_projection(loaded.book, loaded.company, today=TODAY, months=months, paths=40,
                            seed=seed)
    return create_version(workspace, "projection", author=author, payload=result.to_dict())


def bearer(user: Any) -> Client:
    from postsale.web.models import ApiToken

    _, token = ApiToken.issue(user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def reload(version: Any) -> Any:
    from postsale.web.models import Version

    return Version.objects.get(pk=version.pk)


# --- the state machine --------------------------------------------------------------------------

def test_draft_proposed_approved_and_rejected_then_proposed_again(team: dict[str, Any]) -> None:
    from postsale.web.versions_store import (
        NoteRequiredError,
        VersionStateError,
        approve,
        current_version,
        propose,
        reject,
    )

    acme, planner, admin = team["acme"], team["planner"], team["admin"]
    first = make_plan(acme, planner)
    assert first.status == "draft"
    assert first.number == 1
    assert current_version(acme, "plan") is None
    with pytest.raises(VersionStateError):  # someone else's draft: it must be proposed first
        approve(first, admin)
    with pytest.raises(VersionStateError):
        reject(first, admin, "not proposed")
    propose(first, planner, "Q1 plan")
    assert reload(first).status == "proposed"
    with pytest.raises(NoteRequiredError):
        reject(first, admin, "   ")
    assert reload(first).status == "proposed"
    reject(first, admin, "cost share too high")
    rejected = reload(first)
    assert (rejected.status, rejected.decided_by, rejected.decision_note) == (
        "rejected", admin, "cost share too high")
    with pytest.raises(VersionStateError):
        approve(first, admin)
    assert reload(first).status == "rejected"
    propose(first, planner, "trimmed")
    again = reload(first)
    assert again.status == "proposed"
    assert again.decided_by is None
    assert again.decided_at is None
    approve(first, admin, "ok")
    assert reload(first).status == "approved"
    assert current_version(acme, "plan") == first
    with pytest.raises(VersionStateError):
        propose(first, planner)
    with pytest.raises(VersionStateError):
        approve(first, admin)
    own = make_plan(acme, admin)  # an admin's own draft may be approved directly
    approve(own, admin)
    assert current_version(acme, "plan") == own


def test_current_is_the_latest_approved_and_the_one_before_shows_superseded(
        team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    from postsale.web.versions_store import approve, current_version, propose

    acme, planner, admin = team["acme"], team["planner"], team["admin"]
    one, two, three = (make_plan(acme, planner, title=f"plan {n}") for n in (1, 2, 3))
    for version in (two, one):  # approved out of number order: the latest approval wins
        propose(version, planner)
        approve(version, admin)
    propose(three, planner)
    assert current_version(acme, "plan") == one
    assert reload(two).status == "approved"
    page = client_as("viewer").get(f"/w/{acme.slug}/versions/")
    assert page.status_code == 200
    html = page.content.decode()
    row = {v.pk: html.split(f'data-version="{v.pk}"')[1].split("</tr>")[0] for v in (one, two, three)}
    assert "badge current" in row[one.pk]
    assert "is-current" in html.split(f'data-version="{one.pk}"')[0][-40:]
    assert "badge superseded" in row[two.pk]
    assert "badge proposed" in row[three.pk]
    detail = client_as("viewer").get(f"/w/{acme.slug}/versions/{two.pk}/").content.decode()
    assert "badge superseded" in detail


def test_list_filters_by_kind_and_status_and_escapes_titles(
        team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    from postsale.web.versions_store import propose

    acme, planner = team["acme"], team["planner"]
    plan = make_plan(acme, planner, title="<script>alert(1)</script>")
    projection = make_projection(acme, planner)
    propose(projection, planner)
    browser = client_as("viewer")
    everything = browser.get(f"/w/{acme.slug}/versions/").content.decode()
    assert f'data-version="{plan.pk}"' in everything
    assert f'data-version="{projection.pk}"' in everything
    assert "<script>alert(1)</script>" not in everything
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in everything
    plans = browser.get(f"/w/{acme.slug}/versions/?kind=plan").content.decode()
    assert f'data-version="{plan.pk}"' in plans
    assert f'data-version="{projection.pk}"' not in plans
    proposed = browser.get(f"/w/{acme.slug}/versions/?status=proposed").content.decode()
    assert f'data-version="{projection.pk}"' in proposed
    assert f'data-version="{plan.pk}"' not in proposed
    browser.post("/i18n/setlang/", {"language": "ja", "next": "/"})
    japanese = browser.get(f"/w/{acme.slug}/versions/").content.decode()
    assert "バージョンを比較" in japanese
    assert "承認待ち" in japanese
    browser.post("/i18n/setlang/", {"language": "en", "next": "/"})
    odd = browser.get(f"/w/{acme.slug}/versions/?kind=nope&status=%3Cx%3E")
    assert odd.status_code == 200
    assert f'data-version="{plan.pk}"'.encode() in odd.content


# --- roles and workspaces -----------------------------------------------------------------------

def test_planner_proposes_but_cannot_approve_viewer_neither(
        team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    acme = team["acme"]
    version = make_plan(acme, team["planner"])
    base = f"/w/{acme.slug}/versions/{version.pk}"
    viewer, planner, admin = client_as("viewer"), client_as("planner"), client_as("admin")
    assert viewer.post(f"{base}/propose/", {"note": "x"}).status_code == 403
    assert reload(version).status == "draft"
    proposed = planner.post(f"{base}/propose/", {"note": "please"})
    assert proposed.status_code == 302
    assert reload(version).status == "proposed"
    assert planner.post(f"{base}/approve/").status_code == 403
    assert planner.post(f"{base}/reject/", {"note": "no"}).status_code == 403
    assert viewer.post(f"{base}/approve/").status_code == 403
    assert reload(version).status == "proposed"
    assert planner.get(f"{base}/propose/").status_code == 405
    page = planner.get(f"{base}/").content.decode()
    assert "/approve/" not in page  # no approve button for a planner
    assert "/approve/" in admin.get(f"{base}/").content.decode()
    refused = admin.post(f"{base}/reject/", {"note": "  "})
    assert refused.status_code == 400
    assert "reason" in refused.content.decode().lower()
    assert reload(version).status == "proposed"
    assert admin.post(f"{base}/approve/", {"note": "fine"}).status_code == 302
    assert reload(version).status == "approved"
    again = admin.post(f"{base}/reject/", {"note": "too late"})
    assert again.status_code == 409
    assert reload(version).status == "approved"
    own = make_plan(acme, team["admin"])  # an admin's own draft: approve offered, not reject
    own_page = admin.get(f"/w/{acme.slug}/versions/{own.pk}/").content.decode()
    assert f"/{own.pk}/approve/" in own_page
    assert f"/{own.pk}/reject/" not in own_page
    assert f"/{version.pk}/approve/" not in admin.get(f"{base}/").content.decode()


def test_another_workspaces_version_is_not_found_anywhere(
        team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    from postsale.web.versions_store import create_version

    acme, other = team["acme"], team["other"]
    mine = make_plan(acme, team["planner"], title="acme plan")
    secret = create_version(other, "plan", author=team["outsider"],
                            payload={"headcount": {"required": {"total": 9}}},
                            title="OTHER-SECRET", status="proposed")
    outsider, admin = client_as("outsider"), client_as("admin")
    # a non-member of acme: 404 on every page of it
    for url in ("", f"{mine.pk}/", f"{mine.pk}/payload.json", f"compare/?a={mine.pk}&b={mine.pk}"):
        assert outsider.get(f"/w/{acme.slug}/versions/{url}").status_code == 404
    # a valid id of another workspace under one's own: not found, nothing decided, nothing shown
    for url in (f"{secret.pk}/", f"{secret.pk}/payload.json", f"{secret.pk}/owners.csv"):
        assert admin.get(f"/w/{acme.slug}/versions/{url}").status_code == 404
    assert admin.post(f"/w/{acme.slug}/versions/{secret.pk}/approve/").status_code == 404
    assert reload(secret).status == "proposed"
    mixed = admin.get(f"/w/{acme.slug}/versions/compare/?a={mine.pk}&b={secret.pk}")
    assert mixed.status_code == 404
    assert "OTHER-SECRET" not in mixed.content.decode()
    assert "not in this workspace" in mixed.content.decode()
    api = bearer(team["admin"])
    for url in (f"{secret.pk}", f"{secret.pk}/payload", f"compare?a={mine.pk}&b={secret.pk}"):
        answer = api.get(f"/api/v1/workspaces/{acme.slug}/versions/{url}")
        assert answer.status_code == 404
        assert b"OTHER-SECRET" not in answer.content
    assert api.post(f"/api/v1/workspaces/{acme.slug}/versions/{secret.pk}/approve",
                    data={}, content_type="application/json").status_code == 404
    assert reload(secret).status == "proposed"
    assert bearer(team["outsider"]).get(
        f"/api/v1/workspaces/{acme.slug}/versions/{mine.pk}").status_code == 404


# --- downloads and audit ------------------------------------------------------------------------

def test_downloads_are_the_saved_payload_and_owners_file(
        team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    from postsale.web.books import media_path

    acme = team["acme"]
    version = make_assignment(acme, team["planner"])
    viewer = client_as("viewer")
    payload = viewer.get(f"/w/{acme.slug}/versions/{version.pk}/payload.json")
    assert payload.status_code == 200
    assert json.loads(b"".join(payload.streaming_content)) == json.loads(
        media_path(version.payload_path).read_text())
    owners = viewer.get(f"/w/{acme.slug}/versions/{version.pk}/owners.csv")
    assert owners.status_code == 200
    assert "attachment" in owners["Content-Disposition"]
    assert b"".join(owners.streaming_content) == media_path(version.owners_path).read_bytes()
    plan = make_plan(acme, team["planner"])
    assert viewer.get(f"/w/{acme.slug}/versions/{plan.pk}/owners.csv").status_code == 404
    assert version.summary["accounts"] == 120  # the fixture book's size, read from the payload


def test_every_decision_writes_an_audit_event_shown_in_the_history(
        team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    from postsale.web.models import AuditEvent
    from postsale.web.versions_store import approve, propose, reject

    acme, planner, admin = team["acme"], team["planner"], team["admin"]
    version = make_plan(acme, planner)
    propose(version, planner, "first try")
    reject(version, admin, "needs fewer managers")
    propose(version, planner, "second try")
    approve(version, admin, "good")
    events = list(AuditEvent.objects.filter(detail__version=version.pk).order_by("at", "id"))
    assert [(e.action, e.actor, e.detail.get("note")) for e in events] == [
        ("version.create.plan", planner, None),
        ("version.propose", planner, "first try"),
        ("version.reject", admin, "needs fewer managers"),
        ("version.propose", planner, "second try"),
        ("version.approve", admin, "good"),
    ]
    assert all(e.workspace == acme for e in events)
    history = client_as("viewer").get(f"/w/{acme.slug}/versions/{version.pk}/").content.decode()
    assert "needs fewer managers" in history
    assert "second try" in history
    assert history.count("admin@acme.test") >= 2


# --- the API ------------------------------------------------------------------------------------

def test_api_lists_reads_and_decides_with_roles(team: dict[str, Any]) -> None:
    from postsale.web.versions_store import payload_of

    acme = team["acme"]
    version = make_plan(acme, team["planner"], title="api plan")
    make_projection(acme, team["planner"])
    root = f"/api/v1/workspaces/{acme.slug}/versions"
    viewer, planner, admin = bearer(team["viewer"]), bearer(team["planner"]), bearer(team["admin"])
    listed = viewer.get(f"{root}?kind=plan").json()
    assert [v["id"] for v in listed] == [version.pk]
    assert listed[0]["state"] == "draft"
    assert listed[0]["summary"]["accounts"] == 120
    assert viewer.get(f"{root}?kind=nope").status_code == 422
    assert viewer.get(f"{root}/{version.pk}").json()["title"] == "api plan"
    assert viewer.get(f"{root}/{version.pk}/payload").json() == payload_of(version)

    def post(client: Client, action: str, note: str = "") -> Any:
        return client.post(f"{root}/{version.pk}/{action}", data={"note": note},
                           content_type="application/json")

    assert post(viewer, "propose").status_code == 403
    assert post(planner, "propose", "go").json()["status"] == "proposed"
    assert post(planner, "approve").status_code == 403
    assert post(admin, "reject").status_code == 422
    assert post(admin, "reject", "why not").json()["status"] == "rejected"
    conflict = post(admin, "approve")
    assert conflict.status_code == 409
    assert "rejected" in conflict.json()["detail"]
    assert post(planner, "propose", "again").status_code == 200
    approved = post(admin, "approve", "yes").json()
    assert (approved["status"], approved["state"], approved["decided_by"]) == (
        "approved", "current", "admin@acme.test")
    assert viewer.get(f"{root}?status=approved").json()[0]["id"] == version.pk
    from postsale.web.versions_store import create_version

    odd = create_version(acme, "plan", author=team["planner"], payload={"accounts": 5},
                         summary={"model": 3, "cost": "lots"})
    figures = viewer.get(f"{root}/{odd.pk}").json()["summary"]
    assert (figures["accounts"], figures["model"], figures["cost"]) == (5, None, None)


def test_openapi_documents_the_version_operations(team: dict[str, Any]) -> None:
    spec = bearer(team["viewer"]).get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    assert "/api/v1/workspaces/{slug}/versions/compare" in paths
    assert set(paths["/api/v1/workspaces/{slug}/versions/{pk}/reject"]) == {"post"}
    assert "VersionOut" in spec["components"]["schemas"]
    assert "CompareOut" in spec["components"]["schemas"]


# --- the property: current = most recently approved ---------------------------------------------

@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["propose", "approve", "reject", "new"]),
                          st.integers(0, 3)), min_size=1, max_size=25))
def test_current_is_always_the_most_recently_approved(
        team: dict[str, Any], actions: list[tuple[str, int]]) -> None:
    from postsale.web.models import Workspace
    from postsale.web.versions_store import (
        NoteRequiredError,
        VersionStateError,
        approve,
        create_version,
        current_version,
        propose,
        reject,
    )
    from postsale.web.views.core import unique_slug

    planner, admin = team["planner"], team["admin"]
    workspace = Workspace.objects.create(name="Prop", slug=unique_slug("Prop"))
    versions = [create_version(workspace, "plan", author=planner, payload={"n": 0})]
    status = {versions[0].pk: "draft"}
    last_approved = None
    for action, index in actions:
        if action == "new":
            made = create_version(workspace, "plan", author=planner, payload={"n": len(versions)})
            versions.append(made)
            status[made.pk] = "draft"
            continue
        version = versions[index % len(versions)]
        before = status[version.pk]
        try:
            if action == "propose":
                propose(version, planner)
            elif action == "approve":
                approve(version, admin)
            else:
                reject(version, admin, "reason")
        except (VersionStateError, NoteRequiredError):
            allowed = {"propose": ("draft", "rejected"), "approve": ("proposed",),
                       "reject": ("proposed",)}[action]
            assert before not in allowed
            continue
        status[version.pk] = {"propose": "proposed", "approve": "approved",
                              "reject": "rejected"}[action]
        if action == "approve":
            last_approved = version.pk
        current = current_version(workspace, "plan")
        assert (current.pk if current else None) == last_approved
    assert {v.pk: reload(v).status for v in versions} == status


# --- who may open what --------------------------------------------------------------------------

ROLES = ("anonymous", "outsider", "viewer", "planner", "admin")
RANK = {"viewer": 2, "planner": 3, "admin": 4}


def test_every_versions_page_and_operation_answers_each_role_as_it_should(
        team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    """Pages: anonymous → sign-in, a non-member → 404, below the role → 403, else served.
    API: anonymous → 401, non-member → 404, below the role → 403. Decisions are exercised on a
    fresh version per request so each one meets the state it needs."""
    from postsale.web.versions_store import propose

    acme = team["acme"]
    plan, other = make_plan(acme, team["planner"]), make_plan(acme, team["planner"])
    shown = f"/w/{acme.slug}/versions"
    api = f"/api/v1/workspaces/{acme.slug}/versions"
    reads = [(f"{shown}/", "viewer"), (f"{shown}/{plan.pk}/", "viewer"),
             (f"{shown}/{plan.pk}/payload.json", "viewer"),
             (f"{shown}/compare/?a={plan.pk}&b={other.pk}", "viewer"),
             (api, "viewer"), (f"{api}/{plan.pk}", "viewer"), (f"{api}/{plan.pk}/payload", "viewer"),
             (f"{api}/compare?a={plan.pk}&b={other.pk}", "viewer")]
    for who in ROLES:
        browser = client_as(who) if who != "anonymous" else Client()
        for url, needed in reads:
            status = browser.get(url).status_code
            if who == "anonymous":
                assert status == (401 if url.startswith("/api/") else 302), (who, url)
            elif who == "outsider":
                assert status == 404, (who, url)
            else:
                assert status == (200 if RANK[who] >= RANK[needed] else 403), (who, url)
        for action, needed in (("propose", "planner"), ("approve", "admin"), ("reject", "admin")):
            for page in (True, False):
                version = make_plan(acme, team["planner"])
                if action != "propose":
                    propose(version, team["planner"])
                url = (f"{shown}/{version.pk}/{action}/" if page
                       else f"{api}/{version.pk}/{action}")
                answer = (browser.post(url, {"note": "because"}) if page else
                          browser.post(url, {"note": "because"}, content_type="application/json"))
                status = answer.status_code
                if who == "anonymous":
                    expected = 302 if page else 401
                elif who == "outsider":
                    expected = 404
                elif RANK[who] < RANK[needed]:
                    expected = 403
                else:
                    expected = 302 if page else 200
                assert status == expected, (who, action, page, status)
