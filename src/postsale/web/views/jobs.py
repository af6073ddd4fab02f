"""The jobs page (the workspace's recent jobs: status, progress, attempts, the reason a job failed,
the version it produced) and the generic job-progress fragment other pages poll with HTMX.

The fragment polls itself (``hx-trigger="every 1s"``) only while the job is queued or running; a
finished job's fragment has no trigger, so polling stops by itself. Messages stored on the job
(what it is doing, why it failed) are rendered in the viewer's language.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse

from postsale.web import runners  # noqa: F401  (every kind's label)
from postsale.web.access import workspace_of, workspace_view
from postsale.web.jobs import kind_label, msg_from_json
from postsale.web.models import Job, JobStatus, VersionKind

RECENT_JOBS = 50

#: the page that shows each version kind (a finished job links to its version there)
VERSION_PAGES: dict[str, str] = {VersionKind.PROJECTION: "projection"}


def job_view(job: Job) -> dict[str, Any]:
    """What a template needs of a job: its row, messages, whether it is live, its version link."""
    live = job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
    version = job.version
    link = ""
    if version is not None and version.kind in VERSION_PAGES:
        link = (reverse(VERSION_PAGES[version.kind], kwargs={"slug": job.workspace.slug})
                + f"?v={version.number}")
    return {"job": job, "live": live, "note": msg_from_json(job.note_msg) if live else None,
            "error": msg_from_json(job.error_msg), "version": version, "link": link,
            "percent": round(job.progress * 100), "kind": kind_label(job.kind)}


@workspace_view("viewer")
def jobs_page(request: HttpRequest, slug: str) -> HttpResponse:
    workspace = workspace_of(request)
    jobs = (Job.objects.filter(workspace=workspace).select_related("version", "workspace",
                                                                   "created_by")
            .order_by("-created_at", "-id")[:RECENT_JOBS])
    return render(request, "web/jobs/jobs.html", {"jobs": [job_view(j) for j in jobs]})


@workspace_view("viewer")
def job_progress(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    """The progress fragment of one job. ``?reload=1``: once the job has finished, the response
    asks HTMX to reload the page (``HX-Refresh``), so the page shows the result."""
    workspace = workspace_of(request)
    job = get_object_or_404(Job.objects.select_related("version", "workspace"),
                            pk=job_id, workspace=workspace)
    view = job_view(job)
    reload = request.GET.get("reload") == "1"
    response = render(request, "web/jobs/progress.html", {**view, "reload": reload})
    if reload and not view["live"] and request.headers.get("HX-Request") == "true":
        response["HX-Refresh"] = "true"
    return response


urlpatterns = [
    path("jobs/", jobs_page, name="jobs"),
    path("jobs/<int:job_id>/progress/", job_progress, name="job_progress"),
]
