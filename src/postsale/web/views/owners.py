"""The owners page: accounts with their current owner, proposed owner and reason (an assignment
version), filtered and paged on the server (HTMX swaps the rows), the planners' lock and pin
controls, the rebalance job with its progress, and the owners CSV of the approved version."""

from __future__ import annotations

from typing import Any

import pyarrow.compute as pc  # type: ignore[import-untyped]
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from postsale.core.msg import Msg
from postsale.errors import PostsaleError
from postsale.i18n import tr
from postsale.web.access import workspace_of, workspace_view
from postsale.web.books import NoBookError, loaded_book, media_path
from postsale.web.jobs_assign import KIND, start_rebalance
from postsale.web.models import Job, VersionKind, Workspace
from postsale.web.owners_data import (
    MAX_NUMBER,
    ControlError,
    Filters,
    choices,
    filter_rows,
    owners_table,
    page_of,
    proposal_version,
    set_control,
    with_controls,
    with_reasons,
)
from postsale.web.uploads_store import problems_of
from postsale.web.versions_store import current_version


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _number(raw: str | None) -> int | None:
    try:
        number = int(raw) if raw else None
    except ValueError:
        return None
    return number if number is None or 0 < number <= MAX_NUMBER else None


def _rows_context(request: HttpRequest, workspace: Workspace) -> dict[str, Any]:
    """Everything the table needs: the proposal, the filters, one page of rows."""
    loaded = loaded_book(workspace)
    wanted = _number(request.GET.get("version"))
    version = proposal_version(workspace, wanted)
    if wanted is not None and version is None:
        raise Http404
    table = owners_table(loaded, version)
    filters = Filters.of(request.GET)
    page = page_of(filter_rows(table, filters), _number(request.GET.get("page")) or 1)
    return {"version": version, "filters": filters, "query": filters.query(),
            "page": page, "rows": with_reasons(version, with_controls(workspace, page.rows)),
            "choices": choices(table)}


@workspace_view("viewer")
@require_GET
def owners_page(request: HttpRequest, slug: str) -> HttpResponse:
    workspace = workspace_of(request)
    try:
        context = _rows_context(request, workspace)
    except NoBookError:
        return render(request, "web/no_book.html")
    except PostsaleError as error:
        return render(request, "web/owners.html", {"problems": problems_of(error)})
    context["approved"] = current_version(workspace, VersionKind.ASSIGNMENT)
    context["job"] = (Job.objects.filter(workspace=workspace, kind=KIND)
                      .order_by("-created_at", "-id").first())
    return render(request, "web/owners.html", context)


@workspace_view("viewer")
@require_GET
def owners_rows(request: HttpRequest, slug: str) -> HttpResponse:
    """The table alone (HTMX swaps it when a filter or the page changes)."""
    try:
        context = _rows_context(request, workspace_of(request))
    except NoBookError as error:
        raise Http404 from error
    return render(request, "web/_owners_rows.html", context)


@workspace_view("planner")
@require_POST
def owners_control(request: HttpRequest, slug: str) -> HttpResponse:
    """Lock, pin or clear one account; answers with its row (or the error in its place)."""
    workspace = workspace_of(request)
    loaded = loaded_book(workspace)
    version = proposal_version(workspace, _number(request.POST.get("version")))
    table = owners_table(loaded, version)
    account = str(request.POST.get("account_id", ""))[:200]
    action = request.POST.get("action", "")
    error = ""
    try:
        set_control(workspace, loaded, table, account, locked=action == "lock",
                    pinned_owner=str(request.POST.get("owner", "")) if action == "pin" else "",
                    user=request.user)
    except ControlError as problem:
        error = tr(Msg(problem.code, **problem.params))
    if not account:  # a form without its account: a bad request, not a missing account
        return HttpResponseBadRequest(error, content_type="text/plain; charset=utf-8")
    at = pc.index(table["account_id"], account).as_py()
    if at < 0:
        raise Http404
    rows = table.slice(at, 1).to_pylist()
    if not _htmx(request) and not error:  # a plain form post (no script): back to the page
        return redirect("owners", slug=workspace.slug)
    # HTMX swaps only 2xx answers: the row with its error comes back as 200 to the page's script
    status = 422 if error and not _htmx(request) else 200
    return render(request, "web/_owners_row.html",
                  {"row": with_reasons(version, with_controls(workspace, rows))[0],
                   "error": error, "version": version,
                   "can_plan": True}, status=status)


@workspace_view("planner")
@require_POST
def owners_rebalance(request: HttpRequest, slug: str) -> HttpResponse:
    """Queue a rebalance; answers with the job's progress box (it polls itself)."""
    workspace = workspace_of(request)
    job = start_rebalance(workspace, request.user, propose=request.POST.get("propose") == "on",
                          note=str(request.POST.get("note", "")))
    if not _htmx(request):  # a plain form post: the page shows the latest job
        return redirect("owners", slug=workspace.slug)
    return render(request, "web/_owners_job.html", {"job": job}, status=202)


@workspace_view("viewer")
@require_GET
def owners_job(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    job = get_object_or_404(Job, pk=job_id, workspace=workspace_of(request), kind=KIND)
    return render(request, "web/_owners_job.html", {"job": job})


@workspace_view("viewer")
@require_GET
def owners_csv(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The approved assignment's owners CSV as saved (spreadsheet-safe: the CLI's writer)."""
    workspace = workspace_of(request)
    version = current_version(workspace, VersionKind.ASSIGNMENT)
    if version is None or not version.owners_path:
        return render(request, "web/owners_no_csv.html", status=404)
    return csv_response(workspace, version.number, version.owners_path)


def csv_response(workspace: Workspace, number: int, relative: str) -> FileResponse:
    name = f"{workspace.slug}-owners-v{number}.csv"
    return FileResponse(media_path(relative).open("rb"), as_attachment=True, filename=name,
                        content_type="text/csv; charset=utf-8")


urlpatterns = [
    path("owners/", owners_page, name="owners"),
    path("owners/rows/", owners_rows, name="owners_rows"),
    path("owners/control/", owners_control, name="owners_control"),
    path("owners/rebalance/", owners_rebalance, name="owners_rebalance"),
    path("owners/jobs/<int:job_id>/", owners_job, name="owners_job"),
    path("owners/owners.csv", owners_csv, name="owners_csv"),
]
