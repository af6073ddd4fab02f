"""The projection job, page and API, the jobs page and the job-progress fragment, and the queue's
claim rules (reaping a dead worker's task, a run that lost its claim saving nothing). Jobs run
in-process here (``drain``); ``test_web_jobs_kill.py`` runs real worker processes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

SMALL = {"months": 12, "paths": 200, "seed": 7}


def drain() -> None:
    """Run every queued task in this thread (the worker's loop in batch mode, no heartbeat). The
    loop's ``close_old_connections`` is switched off: inside the test's transaction it would close
    the connection (on PostgreSQL) and lose the test's rows."""
    from unittest import mock

    from postsale.web import runners  # noqa: F401
    from postsale.web.jobs import _worker_class

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        _worker_class()(queue_names=["default"], interval=0, batch=True, backend_name="default",
                        startup_delay=False, max_tasks=None, worker_id="test-worker",
                        excluded_queue_names=[]).run()


def queue_projection(workspace: Any, user: Any = None, **params: Any) -> Any:
    from postsale.web.jobs import enqueue
    from postsale.web.jobs_project import projection_params

    wanted = {**SMALL, **params}
    return enqueue(workspace, "projection",
                   projection_params(wanted["months"], wanted["paths"], wanted["seed"]), user)


def test_projection_job_saves_one_version_whose_month0_is_the_plans_headcount(
        team: dict[str, Any]) -> None:
    from postsale.api import run_plan
    from postsale.web.books import loaded_book
    from postsale.web.models import Job, JobStatus, Version
    from postsale.web.versions_store import payload_of

    job = queue_projection(team["acme"], team["planner"])
    drain()
    job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.DONE, job.error
    assert job.attempts == 1
    assert job.progress == 1.0
    version = Version.objects.get(workspace=team["acme"], kind="projection")
    assert job.version == version
    assert version.number == 1
    assert version.author == team["planner"]
    loaded = loaded_book(team["acme"])
    plan = run_plan(loaded.book, loaded.company, today=loaded.today).result
    assert version.summary["required_month0"] == plan.headcount.required["total"]
    payload = payload_of(version)
    assert payload["months"][0]["required"]["total"] == plan.headcount.required["total"]
    assert version.summary["months"] == 12
    assert version.summary["paths"] == 200
    assert version.summary["seed"] == 7
    assert len(payload["months"]) == 13
    assert version.summary["hires"] == len(payload["hires"])


def test_a_failed_job_keeps_a_catalog_message_shown_in_the_viewers_language(
        team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    from postsale.web.models import Job, JobStatus, Membership, Version

    Membership.objects.create(workspace=team["other"], user=team["viewer"], role="viewer")
    job = queue_projection(team["other"])  # "other" has no account book
    drain()
    job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.FAILED
    assert job.error_msg["code"] == "web_proj.job.error.no_book"
    assert not Version.objects.filter(workspace=team["other"]).exists()
    browser = client_as("viewer")
    english = browser.get("/w/other/jobs/").content.decode()
    assert "upload the account file" in english
    browser.cookies["postsale_language"] = "ja"
    japanese = browser.get("/w/other/jobs/").content.decode()
    assert "アカウントファイルをアップロード" in japanese
    assert "upload the account file" not in japanese


def test_progress_fragment_polls_only_while_the_job_is_live(
        team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    job = queue_projection(team["acme"])
    browser = client_as("viewer")
    url = f"/w/acme/jobs/{job.pk}/progress/"
    live = browser.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in live
    assert 'data-job-status="queued"' in live
    drain()
    done = browser.get(url + "?reload=1", HTTP_HX_REQUEST="true")
    assert done.status_code == 200
    assert done["HX-Refresh"] == "true"
    text = done.content.decode()
    assert "hx-trigger" not in text
    assert 'data-job-status="done"' in text
    assert "/w/acme/projection/?v=1" in text
    assert browser.get("/w/acme/jobs/").status_code == 200
    assert client_as("outsider").get(url).status_code == 404


def test_projection_page_shows_bands_calendar_and_scenarios(
        team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    from postsale.web.models import Version
    from postsale.web.versions_store import payload_of

    queue_projection(team["acme"])
    queue_projection(team["acme"], months=6, seed=8)
    drain()
    browser = client_as("viewer")
    page = browser.get("/w/acme/projection/")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-version="2"' in text  # the latest by default
    assert text.count('class="band-chart"') == 4
    assert text.count('class="median"') == 4
    assert 'id="hiring-calendar"' in text or "No hires needed" in text
    payload = payload_of(Version.objects.get(workspace=team["acme"], number=2))
    assert text.count("<tr", text.index('id="scenarios"')) >= len(payload["scenarios"]) + 1
    assert "As planned" in text
    assert 'action="/w/acme/projection/run/"' not in text  # a viewer does not run
    first = browser.get("/w/acme/projection/?v=1").content.decode()
    assert 'data-version="1"' in first
    assert "No saved projection has that number" in browser.get(
        "/w/acme/projection/?v=99").content.decode()
    browser.cookies["postsale_language"] = "ja"
    japanese = browser.get("/w/acme/projection/").content.decode()
    assert "採用カレンダー" in japanese
    assert "As planned" not in japanese


def test_planner_runs_a_projection_from_the_page_and_the_form_checks_its_ranges(
        team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    from postsale.web.models import Job

    assert client_as("viewer").post("/w/acme/projection/run/", SMALL).status_code == 403
    assert client_as("outsider").post("/w/acme/projection/run/", SMALL).status_code == 404
    planner = client_as("planner")
    page = planner.get("/w/acme/projection/").content.decode()
    assert 'action="/w/acme/projection/run/"' in page
    sent = planner.post("/w/acme/projection/run/", SMALL)
    assert sent.status_code == 302
    job = Job.objects.get(workspace=team["acme"])
    assert sent["Location"] == f"/w/acme/projection/?job={job.pk}"
    assert job.params == {**SMALL, "lang": "en"}  # the asker's language travels with the job
    assert job.created_by == team["planner"]
    watching = planner.get(sent["Location"]).content.decode()
    assert f"/w/acme/jobs/{job.pk}/progress/?reload=1" in watching
    refused = planner.post("/w/acme/projection/run/", {**SMALL, "paths": 20_000})
    assert refused.status_code == 422
    assert "Out of range: enter a value from 1 to 10,000" in refused.content.decode()
    too_big = planner.post("/w/acme/projection/run/", {"months": 120, "paths": 10_000})
    assert "Paths × months may be at most 480,000" in too_big.content.decode()
    assert Job.objects.filter(workspace=team["acme"]).count() == 1


def _claim(task_id: str, worker: str, age_seconds: float) -> None:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    row = DBTaskResult.objects.get(pk=task_id)
    DBTaskResult.objects.filter(pk=task_id).update(
        status=TaskResultStatus.RUNNING, worker_ids=[*row.worker_ids, worker],
        started_at=timezone.now() - dt.timedelta(seconds=age_seconds))


def test_reaper_requeues_a_dead_workers_task_then_fails_it_with_the_reason(
        team: dict[str, Any]) -> None:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from postsale.web import jobs
    from postsale.web.models import JobStatus, WorkerHeartbeat

    job = queue_projection(team["acme"])
    WorkerHeartbeat.objects.create(worker_id="alive", host="h", pid=1)
    _claim(job.task_id, "alive", jobs.STALE_SECONDS * 3)
    assert jobs.reap_stale() == 0  # its worker still beats
    WorkerHeartbeat.objects.all().delete()
    assert jobs.reap_stale() == 1
    assert DBTaskResult.objects.get(pk=job.task_id).status == TaskResultStatus.READY
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert job.note_msg["code"] == "web_proj.job.note.retrying"
    for _ in range(jobs.MAX_ATTEMPTS - 1):
        _claim(job.task_id, "dead-again", jobs.STALE_SECONDS * 3)
        jobs.reap_stale()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error_msg["code"] == "web_proj.job.error.worker_lost"
    assert job.error_msg["params"]["attempts"] == jobs.MAX_ATTEMPTS
    assert DBTaskResult.objects.get(pk=job.task_id).status == TaskResultStatus.FAILED
    assert not job.version


def test_reaper_marks_a_job_that_saved_its_version_done_instead_of_running_it_again(
        team: dict[str, Any]) -> None:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from postsale.web import jobs
    from postsale.web.models import Job, JobStatus

    job = queue_projection(team["acme"])
    _claim(job.task_id, "gone", jobs.STALE_SECONDS * 3)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.DONE)  # saved, then the worker died
    assert jobs.reap_stale() == 1
    assert DBTaskResult.objects.get(pk=job.task_id).status == TaskResultStatus.SUCCESSFUL


def test_a_run_that_lost_its_claim_saves_no_version(team: dict[str, Any]) -> None:
    from django_tasks_db.models import DBTaskResult

    from postsale.web import jobs
    from postsale.web.models import Version
    from postsale.web.versions_store import create_version

    job = queue_projection(team["acme"])
    _claim(job.task_id, "slow", 0)
    started = DBTaskResult.objects.get(pk=job.task_id).started_at
    jobs._CLAIM.value = (job.task_id, started - dt.timedelta(seconds=1))  # a later claim exists
    try:
        with pytest.raises(jobs.ClaimLostError):
            create_version(team["acme"], "projection", author=None, payload={}, summary={})
        jobs._CLAIM.value = (job.task_id, started)
        made = create_version(team["acme"], "projection", author=None, payload={}, summary={})
    finally:
        jobs._CLAIM.value = None
    assert list(Version.objects.filter(workspace=team["acme"])) == [made]
    job.refresh_from_db()
    assert job.status == "done"
    assert job.version == made


def test_api_runs_lists_and_reads_projections_and_jobs(
        team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    planner, viewer = client_as("planner"), client_as("viewer")
    base = "/api/v1/workspaces/acme"
    assert viewer.post(f"{base}/projections", SMALL, content_type="application/json"
                       ).status_code == 403
    assert client_as("outsider").get(f"{base}/jobs").status_code == 404
    made = planner.post(f"{base}/projections", SMALL, content_type="application/json")
    assert made.status_code == 202, made.content
    job = made.json()
    assert job["status"] == "queued"
    assert job["kind"] == "projection"
    assert job["progress_url"] == f"/w/acme/jobs/{job['id']}/progress/"
    assert "worker" in job["note"]
    assert job["note_msg"]["code"] == "web_proj.job.note.queued"
    drain()
    one = viewer.get(f"{base}/jobs/{job['id']}").json()
    assert one["status"] == "done"
    assert one["version"] == 1
    assert one["attempts"] == 1
    assert [j["id"] for j in viewer.get(f"{base}/jobs").json()] == [job["id"]]
    listed = viewer.get(f"{base}/projections").json()
    assert [v["number"] for v in listed] == [1]
    assert listed[0]["summary"]["paths"] == 200
    full = viewer.get(f"{base}/projections/1").json()
    assert full["result"]["months"][0]["required"]["total"] == listed[0]["summary"][
        "required_month0"]
    assert viewer.get(f"{base}/projections/2").status_code == 404
    assert viewer.get(f"{base}/jobs/999999").status_code == 404
    refused = planner.post(f"{base}/projections", {**SMALL, "paths": 10_001},
                           content_type="application/json")
    assert refused.status_code == 422


def test_jobs_page_names_a_kind_it_does_not_know_and_escapes_nothing_unsafe(
        team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    from postsale.web.models import Job

    Job.objects.create(workspace=team["acme"], kind="<b>rebalance</b>")
    text = client_as("viewer").get("/w/acme/jobs/").content.decode()
    assert "Job (&lt;b&gt;rebalance&lt;/b&gt;)" in text
    assert "<b>rebalance" not in text


def test_heartbeats_are_judged_by_the_database_clock(team: dict[str, Any]) -> None:
    from django.db.models.functions import Now

    from postsale.web import jobs
    from postsale.web.models import WorkerHeartbeat

    jobs.beat("w1")
    jobs.beat("w1")  # again: the same row
    alive = WorkerHeartbeat.objects.filter(last_seen__gte=jobs._db_now_minus(jobs.STALE_SECONDS))
    assert list(alive.values_list("worker_id", flat=True)) == ["w1"]
    old = WorkerHeartbeat.objects.create(worker_id="w0", host="h", pid=1)
    WorkerHeartbeat.objects.filter(pk=old.pk).update(
        last_seen=timezone.now() - dt.timedelta(seconds=3 * jobs.STALE_SECONDS))
    jobs.reap_stale()
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["w1"]
    assert WorkerHeartbeat.objects.filter(last_seen__lte=Now()).count() == 1


def test_a_queued_job_says_when_no_worker_is_running(client_as: Callable[[str], Client],
                                                     team: dict[str, Any]) -> None:
    """With no live ``postsale worker`` a queued job's box says to start one (a newcomer would
    otherwise watch it wait for ever); once a worker beats, the note goes."""
    from postsale.web import runners  # noqa: F401  (the job kinds)
    from postsale.web.jobs import enqueue
    from postsale.web.models import WorkerHeartbeat

    job = enqueue(team["acme"], "projection", dict(SMALL), team["planner"])
    url = f"/w/acme/jobs/{job.pk}/progress/"
    assert "data-no-worker" in client_as("viewer").get(url).content.decode()
    WorkerHeartbeat.objects.create(worker_id="w-1", host="h", pid=1)
    assert "data-no-worker" not in client_as("viewer").get(url).content.decode()
