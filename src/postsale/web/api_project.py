"""API: projections (run one as a job, list the saved ones, read one's full result) and jobs.

A projection's full result is postsale's own ``ProjectionResult.to_dict()`` JSON as saved with the
version. Jobs carry their messages twice: the sentence in the caller's language (``note``,
``error``) and the code with raw parameters (``note_msg``, ``error_msg``) for tools.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.responses import Status

from postsale.api import MAX_PATH_MONTHS
from postsale.core.msg import Msg
from postsale.errors import ConfigError
from postsale.i18n import tr
from postsale.web.access import workspace_of
from postsale.web.api import workspace_operation
from postsale.web.books import current_uploads
from postsale.web.jobs import enqueue, msg_from_json
from postsale.web.jobs_project import projection_params
from postsale.web.models import FileKind, Job, Version, VersionKind
from postsale.web.versions_store import payload_of
from postsale.web.views.projection import MAX_MONTHS, MAX_PATHS, MAX_SEED

router = Router(tags=["projections", "jobs"])


class ProjectionIn(Schema):
    months: int = Field(24, ge=1, le=MAX_MONTHS)
    paths: int = Field(1000, ge=1, le=MAX_PATHS)
    seed: int | None = Field(None, ge=0, le=MAX_SEED)


class JobStateOut(Schema):
    id: int
    kind: str
    status: str
    progress: float
    attempts: int
    note: str
    note_msg: dict[str, Any]
    error: str
    error_msg: dict[str, Any]
    params: dict[str, Any]
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    version: int | None
    progress_url: str


class ProjectionVersionOut(Schema):
    number: int
    status: str
    created_at: datetime
    author: str | None
    summary: dict[str, Any]


class ProjectionDetailOut(ProjectionVersionOut):
    result: dict[str, Any]


def job_out(job: Job) -> dict[str, Any]:
    note, error = msg_from_json(job.note_msg), msg_from_json(job.error_msg)
    return {
        "id": job.pk, "kind": job.kind, "status": job.status, "progress": job.progress,
        "attempts": job.attempts, "note": tr(note) if note else "", "note_msg": job.note_msg or {},
        "error": tr(error) if error else "", "error_msg": job.error_msg or {},
        "params": job.params, "created_at": job.created_at, "started_at": job.started_at,
        "finished_at": job.finished_at,
        "version": job.version.number if job.version is not None else None,
        "progress_url": reverse("job_progress", kwargs={"slug": job.workspace.slug,
                                                        "job_id": job.pk}),
    }


def version_out(version: Version) -> dict[str, Any]:
    author = version.author
    return {"number": version.number, "status": version.status,
            "created_at": version.created_at, "summary": version.summary,
            "author": (author.email or author.get_username()) if author is not None else None}


@workspace_operation(router, "post", "/workspaces/{slug}/projections", role="planner",
                     response={202: JobStateOut}, operation_id="projections_run")
def run_projection(request: HttpRequest, slug: str, body: ProjectionIn) -> Status[dict[str, Any]]:
    """Queue a projection (planner); poll the job until it is done, then read its version."""
    workspace = workspace_of(request)
    if FileKind.ACCOUNTS not in current_uploads(workspace):
        raise ConfigError("accounts", None, Msg("web_proj.form.no_book"),
                          Msg("web_proj.form.no_book.fix"))
    if body.months * body.paths > MAX_PATH_MONTHS:
        raise ConfigError("paths", None, Msg("errors.api.path_months", paths=body.paths,
                                             months=body.months, limit=MAX_PATH_MONTHS),
                          Msg("errors.api.path_months.fix", paths=MAX_PATH_MONTHS // body.months,
                              months=body.months))
    job = enqueue(workspace, "projection",
                  projection_params(body.months, body.paths, body.seed), request.user)
    job = Job.objects.select_related("workspace", "version").get(pk=job.pk)
    return Status(202, job_out(job))


@workspace_operation(router, "get", "/workspaces/{slug}/projections", role="viewer",
                     response=list[ProjectionVersionOut], operation_id="projections_list")
def list_projections(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """The saved projections, newest first (viewer)."""
    workspace = workspace_of(request)
    rows = (Version.objects.filter(workspace=workspace, kind=VersionKind.PROJECTION)
            .select_related("author").order_by("-number")[:200])
    return [version_out(v) for v in rows]


@workspace_operation(router, "get", "/workspaces/{slug}/projections/{number}", role="viewer",
                     response=ProjectionDetailOut, operation_id="projections_get")
def get_projection(request: HttpRequest, slug: str, number: int) -> dict[str, Any]:
    """One saved projection with its full result (``ProjectionResult.to_dict()``)."""
    workspace = workspace_of(request)
    version = (Version.objects.filter(workspace=workspace, kind=VersionKind.PROJECTION,
                                      number=number).select_related("author").first())
    if version is None:
        raise Http404
    return {**version_out(version), "result": payload_of(version)}


@workspace_operation(router, "get", "/workspaces/{slug}/jobs", role="viewer",
                     response=list[JobStateOut], operation_id="jobs_list")
def list_jobs(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """The workspace's recent jobs, newest first (viewer)."""
    workspace = workspace_of(request)
    rows = (Job.objects.filter(workspace=workspace).select_related("workspace", "version")
            .order_by("-created_at", "-id")[:100])
    return [job_out(j) for j in rows]


@workspace_operation(router, "get", "/workspaces/{slug}/jobs/{job_id}", role="viewer",
                     response=JobStateOut, operation_id="jobs_get")
def get_job(request: HttpRequest, slug: str, job_id: int) -> dict[str, Any]:
    """One job: status, progress, attempts, the reason it failed, the version it saved."""
    workspace = workspace_of(request)
    job = (Job.objects.filter(workspace=workspace, pk=job_id)
           .select_related("workspace", "version").first())
    if job is None:
        raise Http404
    return job_out(job)
