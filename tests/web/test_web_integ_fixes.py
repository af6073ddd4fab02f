"""Regressions for the defects the permission matrix and schemathesis found once the areas were
merged and their routers moved to the role convention (``postsale.web.api``): each test fails on
the code before its fix."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

pytestmark = pytest.mark.django_db


def test_another_workspaces_member_is_404_before_the_role_is_read(
        client_as: Callable[[str], Client], team: dict[str, Any]) -> None:
    """IDOR: the member id is looked up within the URL's workspace first; a bad role for someone
    else's member must not answer 400 (which would tell the id exists somewhere)."""
    from postsale.web.models import Membership

    theirs = Membership.objects.filter(workspace=team["other"]).first()
    assert theirs is not None
    answer = client_as("admin").patch(f"/api/v1/workspaces/acme/members/{theirs.pk}",
                                      data=json.dumps({"role": "x"}),
                                      content_type="application/json")
    assert answer.status_code == 404
    mine = Membership.objects.get(workspace=team["acme"], user=team["viewer"])
    wrong_role = client_as("admin").patch(f"/api/v1/workspaces/acme/members/{mine.pk}",
                                          data=json.dumps({"role": "x"}),
                                          content_type="application/json")
    assert wrong_role.status_code == 400


def test_a_rolled_back_workspace_deletion_keeps_its_files(team: dict[str, Any]) -> None:
    from postsale.web.books import media_path
    from postsale.web.uploads_store import workspace_dir
    from postsale.web.views.members import delete_workspace

    folder = media_path(workspace_dir(team["acme"]))
    assert folder.exists()
    with transaction.atomic():
        delete_workspace(team["acme"], team["admin"])
        transaction.set_rollback(True)
    assert folder.exists()  # the rows are back: so are the files they name


def test_version_downloads_take_get_only(client_as: Callable[[str], Client],
                                         team: dict[str, Any]) -> None:
    from postsale.web.models import VersionStatus
    from postsale.web.versions_store import create_version

    version = create_version(team["acme"], "assignment", author=team["admin"], payload={"a": 1},
                             summary={}, owners_csv=b"account_id,owner_id\nA-1,P-1\n",
                             title="t", status=VersionStatus.APPROVED)
    browser = client_as("viewer")
    for tail in ("payload.json", "owners.csv"):
        url = f"/w/acme/versions/{version.pk}/{tail}"
        assert browser.get(url).status_code == 200
        assert browser.post(url).status_code == 405


def test_an_owners_csv_without_names_or_reasons_still_shows_the_owners_page(
        client_as: Callable[[str], Client], team: dict[str, Any]) -> None:
    """An assignment's owners CSV with only ``account_id,owner_id`` (another tool's, an older
    shape): its other columns are blank, not a server error."""
    from postsale.web.models import VersionStatus
    from postsale.web.versions_store import create_version

    create_version(team["acme"], "assignment", author=team["planner"], payload={}, summary={},
                   owners_csv=b"account_id,owner_id\n", title="bare",
                   status=VersionStatus.DRAFT)
    assert client_as("viewer").get("/w/acme/owners/").status_code == 200


def test_a_control_form_without_its_account_is_a_bad_request(
        client_as: Callable[[str], Client]) -> None:
    answer = client_as("planner").post("/w/acme/owners/control/", {"action": "lock"})
    assert answer.status_code == 400
    assert answer.content  # the reason, from the catalog


def test_a_rebalance_note_with_nul_is_refused_by_the_api_and_dropped_from_the_form(
        client_as: Callable[[str], Client], team: dict[str, Any]) -> None:
    """PostgreSQL's jsonb cannot hold ``\\u0000``: the API says so (422), the page's form drops it
    (a 500 on PostgreSQL before)."""
    from postsale.web.models import Job

    browser = client_as("planner")
    api = browser.post("/api/v1/workspaces/acme/assignments",
                       data=json.dumps({"note": "a\x00b"}), content_type="application/json")
    assert api.status_code == 422
    page = browser.post("/w/acme/owners/rebalance/", {"note": "a\x00b"})
    assert page.status_code == 302
    job = Job.objects.filter(workspace=team["acme"], kind="rebalance").latest("created_at")
    assert job.params["note"] == "ab"
