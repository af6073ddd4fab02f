"""The owners page and API: filters on the server, locks and pins that change the next rebalance,
the rebalance job writing an assignment version with its owners CSV, the CSV only from an
approved version, and who may do what."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from django.test import Client
from web_org_helpers import own_accounts, rebalance_now  # type: ignore[import-not-found]

from conftest import TODAY  # type: ignore[attr-defined]

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}



@pytest.fixture
def owned(team: dict[str, Any], tmp_path: Any) -> dict[str, Any]:
    return own_accounts(team, tmp_path)


def owners_rows(version: Any) -> dict[str, dict[str, str]]:
    from postsale.web.books import media_path

    text = media_path(version.owners_path).read_text(encoding="utf-8")
    return {row["account_id"]: row for row in csv.DictReader(io.StringIO(text))}


def test_rebalance_job_writes_a_draft_version_with_the_owners_csv(owned: dict[str, Any],
                                                                 tmp_path: Any) -> None:
    from postsale.api import assign
    from postsale.web.books import loaded_book
    from postsale.web.models import VersionStatus
    from postsale.web.versions_store import payload_of

    version = rebalance_now(owned["acme"], owned["planner"])
    assert version.kind == "assignment"
    assert version.status == VersionStatus.DRAFT
    assert version.author == owned["planner"]
    assert set(version.summary) == {"accounts", "people", "moved", "imbalance",
                                    "open_requisitions"}
    assert version.summary["accounts"] == 120
    assert version.summary["people"] == 6
    assert version.summary["moved"] > 0
    rows = owners_rows(version)
    assert len(rows) == 120
    assert list(next(iter(rows.values()))) == ["account_id", "owner_id", "owner_name",
                                                "previous_owner", "moved", "reason", "violations"]
    # byte for byte what `postsale assign --team team.csv --out owners.csv` writes for these inputs
    from postsale.report.assign_csv import write_owners
    from postsale.web.books import current_uploads, media_path

    loaded = loaded_book(owned["acme"], TODAY)
    team_path = media_path(current_uploads(owned["acme"])["team"].stored_path)
    cli = assign(loaded.book, loaded.company, team=team_path, today=TODAY)
    out = tmp_path / "owners.csv"
    write_owners(out, cli.owner_columns())
    assert media_path(version.owners_path).read_bytes() == out.read_bytes()
    assert payload_of(version)["roster"]["people"] == 6


def test_a_locked_account_keeps_its_owner_and_a_pin_sends_it_to_the_named_owner(
        owned: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    from postsale.web.models import AccountControl, AuditEvent

    acme, planner = owned["acme"], owned["planner"]
    first = owners_rows(rebalance_now(acme, planner))
    moved = [a for a, r in first.items() if r["moved"] == "true"]
    stays = [a for a, r in first.items()
             if r["moved"] == "false" and owned["tiers"][a] == "high_touch"]
    assert moved
    assert stays
    locked = moved[0]
    tier = owned["tiers"][stays[0]]
    assert tier == "high_touch"
    pinned = stays[0]  # kept by Ana: pin it to Alf, the other high-touch CSM
    browser = client_as("planner")
    plain = browser.post(f"/w/{acme.slug}/owners/control/", {"account_id": locked,
                                                            "action": "lock"})
    assert plain.status_code == 302  # without script: back to the page
    answer = browser.post(f"/w/{acme.slug}/owners/control/", {"account_id": locked,
                                                             "action": "lock"}, **HTMX)
    assert answer.status_code == 200, answer.content
    assert "Locked" in answer.content.decode()
    answer = browser.post(f"/w/{acme.slug}/owners/control/", {"account_id": pinned,
                                                             "action": "pin", "owner": "p-alf"},
                          **HTMX)
    assert answer.status_code == 200, answer.content
    assert AccountControl.objects.filter(workspace=acme).count() == 2
    assert AuditEvent.objects.filter(workspace=acme, action="owners.control.lock",
                                     target=locked).exists()
    assert AuditEvent.objects.filter(workspace=acme, action="owners.control.pin",
                                     target=pinned).exists()

    version = rebalance_now(acme, planner)
    second = owners_rows(version)
    assert second[locked]["owner_name"] == first[locked]["previous_owner"]
    assert second[locked]["moved"] == "false"
    assert second[pinned]["owner_id"] == "p-alf"
    assert version.overrides["controls"]["locked"] == 1
    assert version.overrides["controls"]["pinned"] == 1
    assert version.overrides["controls"]["not_held"] == []

    cleared = browser.post(f"/w/{acme.slug}/owners/control/", {"account_id": locked,
                                                              "action": "clear"}, **HTMX)
    assert cleared.status_code == 200
    assert not AccountControl.objects.filter(workspace=acme, account_id=locked).exists()


def test_a_pin_the_core_cannot_keep_is_reported_not_faked(
        owned: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    """A high-touch account pinned to a tech-touch CSM: the core moves it to someone who may own
    it, and the version and the page say the pin did not hold."""
    acme = owned["acme"]
    account = next(a for a, t in owned["tiers"].items() if t == "high_touch")
    browser = client_as("planner")
    assert browser.post(f"/w/{acme.slug}/owners/control/", {"account_id": account,
                        "action": "pin", "owner": "p-cai"}, **HTMX).status_code == 200
    version = rebalance_now(acme, owned["planner"])
    assert owners_rows(version)[account]["owner_id"] != "p-cai"
    assert version.overrides["controls"]["not_held"] == [account]
    page = browser.get(f"/w/{acme.slug}/owners/").content.decode()
    assert "Locks or pins that could not hold in this assignment: 1 " in page
    assert account in page


def test_controls_that_cannot_hold_are_refused_with_the_fix(owned: dict[str, Any],
                                                            client_as: Callable[[str], Client]
                                                            ) -> None:
    acme = owned["acme"]
    browser = client_as("planner")
    account = next(iter(owned["tiers"]))
    unknown = browser.post(f"/w/{acme.slug}/owners/control/",
                           {"account_id": account, "action": "pin", "owner": "Zed <b>"})
    assert unknown.status_code == 422
    text = unknown.content.decode()
    assert "Nobody called Zed &lt;b&gt; is on the team" in text
    assert "<b>" not in text
    swapped = browser.post(f"/w/{acme.slug}/owners/control/",
                           {"account_id": account, "action": "pin", "owner": "Zed"}, **HTMX)
    assert swapped.status_code == 200  # HTMX swaps only 2xx: the row shows the error
    assert 'role="alert"' in swapped.content.decode()
    api = browser.put(f"/api/v1/workspaces/{acme.slug}/owners/NOPE-1/control",
                      data=json.dumps({"locked": True}), content_type="application/json")
    assert api.status_code == 404
    assert "NOPE-1" in api.json()["detail"]


def test_filters_search_and_pages_on_the_server(owned: dict[str, Any],
                                                client_as: Callable[[str], Client]) -> None:
    acme = owned["acme"]
    rebalance_now(acme, owned["planner"])
    browser = client_as("viewer")
    base = f"/api/v1/workspaces/{acme.slug}/owners"
    everything = browser.get(base, {"size": 500}).json()
    assert everything["total"] == 120
    assert everything["version"]["status"] == "draft"
    high = browser.get(base, {"tier": "high_touch", "size": 500}).json()
    assert high["total"] == sum(t == "high_touch" for t in owned["tiers"].values())
    assert {r["tier"] for r in high["rows"]} == {"high_touch"}
    moved = browser.get(base, {"moved": "yes", "size": 500}).json()
    stays = browser.get(base, {"moved": "no", "size": 500}).json()
    assert moved["total"] + stays["total"] == 120
    assert all(r["moved"] for r in moved["rows"])
    assert moved["total"] > 0
    to_alf = browser.get(base, {"proposed": "Alf", "size": 500}).json()
    assert to_alf["total"] > 0
    assert {r["proposed_name"] for r in to_alf["rows"]} == {"Alf"}
    by_ben = browser.get(base, {"owner": "ben", "size": 500}).json()
    assert {r["owner"] for r in by_ben["rows"]} == {"Ben"}
    one = everything["rows"][7]
    found = browser.get(base, {"q": one["account_id"].lower()}).json()
    assert one["account_id"] in [r["account_id"] for r in found["rows"]]
    named = browser.get(base, {"q": one["name"][:6].upper(), "size": 500}).json()
    assert one["account_id"] in [r["account_id"] for r in named["rows"]]
    page2 = browser.get(base, {"size": 50, "page": 2}).json()
    assert page2["page"] == 2
    assert page2["pages"] == 3
    assert len(page2["rows"]) == 50
    assert page2["rows"][0]["account_id"] == everything["rows"][50]["account_id"]

    region = everything["rows"][0]["region"]
    fragment = browser.get(f"/w/{acme.slug}/owners/rows/", {"region": region}).content.decode()
    in_region = sum(r["region"] == region for r in everything["rows"])
    assert f"accounts shown: {in_region}" in fragment
    assert fragment.count("<tr") - 1 == min(in_region, 50)
    page = browser.get(f"/w/{acme.slug}/owners/").content.decode()
    assert "Proposed owners from the draft assignment v1 (not approved)" in page
    assert 'hx-get="/w/acme/owners/rows/"' in page
    assert "Run rebalance" not in page  # a viewer may not rebalance
    reason = next(r["reason"] for r in everything["rows"] if r["reason"])
    assert reason in page
    browser.post("/i18n/setlang/", {"language": "ja", "next": "/"})
    japanese = browser.get(f"/w/{acme.slug}/owners/").content.decode()
    assert reason not in japanese  # the reason in the reader's language, not the CSV's


def test_owners_csv_only_from_the_approved_version(owned: dict[str, Any],
                                                   client_as: Callable[[str], Client]) -> None:
    from postsale.web.versions_store import approve

    acme = owned["acme"]
    viewer = client_as("viewer")
    assert viewer.get(f"/w/{acme.slug}/owners/owners.csv").status_code == 404
    draft = rebalance_now(acme, owned["planner"], propose=True)
    assert draft.status == "proposed"
    none = viewer.get(f"/w/{acme.slug}/owners/owners.csv")
    assert none.status_code == 404
    assert "No approved assignment yet" in none.content.decode()
    api_none = viewer.get(f"/api/v1/workspaces/{acme.slug}/owners.csv")
    assert api_none.status_code == 404
    assert "an admin approves it" in api_none.json()["detail"]
    assert "No approved assignment yet" in viewer.get(f"/w/{acme.slug}/owners/").content.decode()

    approve(draft, owned["admin"])
    later = rebalance_now(acme, owned["planner"])  # a newer draft does not change the CSV
    assert later.number == 2
    page = viewer.get(f"/w/{acme.slug}/owners/owners.csv")
    assert page.status_code == 200
    body = b"".join(page.streaming_content)
    from postsale.web.books import media_path

    assert body == media_path(draft.owners_path).read_bytes()
    assert "owners-v1.csv" in page["Content-Disposition"]
    api = viewer.get(f"/api/v1/workspaces/{acme.slug}/owners.csv")
    assert api.status_code == 200
    assert b"".join(api.streaming_content) == body
    shown = viewer.get(f"/w/{acme.slug}/owners/").content.decode()
    assert "Proposed owners from the approved assignment v1" in shown


def test_owners_csv_cells_are_formula_safe() -> None:
    from postsale.report.assign_csv import owners_csv_bytes

    columns = {"account_id": np.array(["=cmd|'/c calc'!A1"], dtype=object),
               "owner_id": np.array(["p1"], dtype=object),
               "owner_name": np.array(["+SUM(A1)"], dtype=object),
               "previous_owner": np.array([""], dtype=object), "moved": np.array([False]),
               "reason": np.array(["kept"], dtype=object),
               "violations": np.array([""], dtype=object)}
    text = owners_csv_bytes(columns).decode()
    assert "'=cmd" in text
    assert "'+SUM(A1)" in text


def test_run_rebalance_button_queues_a_job_and_the_page_polls_it(
        owned: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    from postsale.web.jobs import Progress
    from postsale.web.jobs_assign import rebalance
    from postsale.web.models import Job

    acme = owned["acme"]
    browser = client_as("planner")
    page = browser.get(f"/w/{acme.slug}/owners/").content.decode()
    assert "Run rebalance" in page
    queued = browser.post(f"/w/{acme.slug}/owners/rebalance/", {"propose": "on"}, **HTMX)
    assert queued.status_code == 202
    job = Job.objects.get(workspace=acme)
    assert job.kind == "rebalance"
    assert job.params["propose"] is True
    text = queued.content.decode()
    assert f'hx-get="/w/acme/owners/jobs/{job.pk}/"' in text
    assert 'hx-trigger="every 1s"' in text
    job.params["today"] = TODAY.isoformat()
    job.save()
    version = rebalance(Job.objects.get(pk=job.pk), Progress(job))
    Job.objects.filter(pk=job.pk).update(status="done", version=version)
    done = browser.get(f"/w/{acme.slug}/owners/jobs/{job.pk}/").content.decode()
    assert "every 1s" not in done
    assert f"?version={version.number}" in done
    assert version.status == "proposed"
    api = browser.post(f"/api/v1/workspaces/{acme.slug}/assignments",
                       data=json.dumps({"propose": False}), content_type="application/json")
    assert api.status_code == 202
    assert api.json()["kind"] == "rebalance"
    assert api.json()["status"] == "queued"


@pytest.mark.parametrize(("who", "page", "api", "control", "job", "put"), [
    ("anonymous", 302, 401, 302, 401, 401), ("outsider", 404, 404, 404, 404, 404),
    ("viewer", 200, 200, 403, 403, 403), ("planner", 200, 200, 404, 202, 404),
    ("admin", 200, 200, 404, 202, 404),
])
def test_roles(team: dict[str, Any], client_as: Callable[[str], Client], who: str, page: int,
               api: int, control: int, job: int, put: int) -> None:
    """Viewers read, planners lock, pin and rebalance (404 here: the account does not exist),
    another workspace's admin sees nothing."""
    acme = team["acme"]
    browser = client_as(who)
    account = "does-not-matter"
    assert browser.get(f"/w/{acme.slug}/owners/").status_code == page
    assert browser.get(f"/w/{acme.slug}/owners/owners.csv").status_code == (
        404 if page == 200 else page)
    assert browser.get(f"/api/v1/workspaces/{acme.slug}/owners").status_code == api
    assert browser.post(f"/w/{acme.slug}/owners/control/",
                        {"account_id": account, "action": "lock"}, **HTMX).status_code == control
    assert browser.post(f"/w/{acme.slug}/owners/rebalance/", **HTMX).status_code == (
        202 if job == 202 else control)
    assert browser.post(f"/api/v1/workspaces/{acme.slug}/assignments", data=json.dumps({}),
                        content_type="application/json").status_code == job
    assert browser.put(f"/api/v1/workspaces/{acme.slug}/owners/{account}/control",
                       data=json.dumps({"locked": True}),
                       content_type="application/json").status_code == put
    assert browser.delete(
        f"/api/v1/workspaces/{acme.slug}/owners/{account}/control").status_code == put


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_queued_rebalance(team: dict[str, Any], tmp_path: Any) -> None:
    """The job kind is registered for ``postsale worker`` (runners imports jobs_assign)."""
    from postsale.web.jobs import run_worker
    from postsale.web.jobs_assign import start_rebalance
    from postsale.web.models import Job, JobStatus

    owned = own_accounts(team, tmp_path)
    job = start_rebalance(owned["acme"], owned["planner"], propose=True, today=TODAY)
    run_worker(once=True)
    job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.DONE, job.error
    assert job.progress == 1.0
    assert job.version is not None
    assert job.version.status == "proposed"
    assert job.version.owners_path
