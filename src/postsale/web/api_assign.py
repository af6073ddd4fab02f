"""API: the org chart, the owners table with its locks and pins, rebalance jobs and the approved
owners CSV — the same data and rules as the org chart and owners pages."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponseBase
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from postsale.core.msg import Msg
from postsale.i18n import tr
from postsale.web.access import workspace_of
from postsale.web.api import Problem, workspace_operation
from postsale.web.books import NoBookError, loaded_book, media_path
from postsale.web.jobs_assign import start_rebalance
from postsale.web.models import Job, VersionKind
from postsale.web.org_data import chart_data
from postsale.web.owners_data import (
    MAX_NUMBER,
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    ControlError,
    Filters,
    filter_rows,
    owners_table,
    page_of,
    proposal_version,
    set_control,
    with_controls,
)
from postsale.web.versions_store import current_version

router = Router(tags=["assignments"])


class VersionRef(Schema):
    number: int
    status: str


class OwnerRow(Schema):
    account_id: str
    name: str
    tier: str
    region: str
    owner: str
    proposed_id: str
    proposed_name: str
    moved: bool
    reason: str
    locked: bool
    pinned_owner: str


class OwnersPage(Schema):
    version: VersionRef | None
    total: int
    page: int
    pages: int
    size: int
    rows: list[OwnerRow]


class OwnersQuery(Schema):
    q: str = ""
    tier: str = ""
    region: str = ""
    owner: str = ""
    proposed: str = ""
    moved: str = ""
    version: int | None = Field(None, ge=1, le=MAX_NUMBER)
    page: int = Field(1, ge=1, le=MAX_NUMBER)
    size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


#: no NUL: PostgreSQL text and jsonb cannot hold one
NO_NUL = r"^[^\x00]*$"


class ControlIn(Schema):
    locked: bool = False
    pinned_owner: str = Field("", pattern=NO_NUL)


class ControlOut(Schema):
    account_id: str
    locked: bool
    pinned_owner: str


class RebalanceIn(Schema):
    propose: bool = False
    note: str = Field("", max_length=2000, pattern=NO_NUL)


class JobOut(Schema):
    id: int
    kind: str
    status: str
    progress: float
    error: str
    version: int | None


#: the operations' one-line summaries in the OpenAPI document (developer documentation)
SUMMARY = {
    "org_chart": "The recommended org chart as boxes, people on seats, open requisitions",  # i18n: not text
    "owners": "Accounts with current and proposed owner, reason, lock and pin (paged)",  # i18n: not text
    "put_control": "Lock an account to its current owner, or pin it to a named owner",  # i18n: not text
    "delete_control": "Clear an account's lock or pin",  # i18n: not text
    "post_assignment":
        "Run a rebalance as a job (a draft assignment version; proposed if asked)",  # i18n: not text
    "owners_csv": "The approved assignment's owners CSV (404 with the reason when none)",  # i18n: not text
}


def _loaded(request: HttpRequest) -> Any:
    """The workspace the operation's role check resolved and its loaded book (404 without)."""
    workspace = workspace_of(request)
    try:
        return workspace, loaded_book(workspace)
    except NoBookError as error:
        raise HttpError(404, tr(Msg("web_org.api.no_book"))) from error


@workspace_operation(router, "get", "/workspaces/{slug}/org-chart", role="viewer",
                     response={200: dict[str, Any], 404: Problem},
                     summary=SUMMARY["org_chart"])
def org_chart(request: HttpRequest, slug: str) -> dict[str, Any]:
    workspace, loaded = _loaded(request)
    return chart_data(workspace, loaded)


@workspace_operation(router, "get", "/workspaces/{slug}/owners", role="viewer",
                     response={200: OwnersPage, 404: Problem},
                     summary=SUMMARY["owners"])
def owners(request: HttpRequest, slug: str, query: Query[OwnersQuery]) -> dict[str, Any]:
    workspace, loaded = _loaded(request)
    version = proposal_version(workspace, query.version)
    if query.version is not None and version is None:
        raise HttpError(404, tr(Msg("web_org.api.no_version", n=query.version)))
    table = owners_table(loaded, version)
    filters = Filters.of(query.dict())
    page = page_of(filter_rows(table, filters), query.page, query.size)
    return {"version": None if version is None else {"number": version.number,
                                                     "status": version.status},
            "total": page.total, "page": page.page, "pages": page.pages, "size": page.size,
            "rows": with_controls(workspace, page.rows)}


@workspace_operation(router, "put", "/workspaces/{slug}/owners/{account_id}/control",
                     role="planner",
                     response={200: ControlOut, 404: Problem, 422: Problem},
                     summary=SUMMARY["put_control"])
def put_control(request: HttpRequest, slug: str, account_id: str, body: ControlIn
                ) -> Status[dict[str, Any]]:
    workspace, loaded = _loaded(request)
    table = owners_table(loaded, proposal_version(workspace))
    try:
        control = set_control(workspace, loaded, table, account_id, locked=body.locked,
                              pinned_owner=body.pinned_owner, user=request.user)
    except ControlError as problem:
        status = 404 if problem.code == "web_org.control.no_account" else 422
        return Status(status, {"detail": tr(Msg(problem.code, **problem.params))})
    return Status(200, {"account_id": account_id, "locked": bool(control and control.locked),
                        "pinned_owner": control.pinned_owner if control else ""})


@workspace_operation(router, "delete", "/workspaces/{slug}/owners/{account_id}/control",
                     role="planner",
                     response={204: None, 404: Problem}, summary=SUMMARY["delete_control"])
def delete_control(request: HttpRequest, slug: str, account_id: str) -> Status[None]:
    workspace, loaded = _loaded(request)
    table = owners_table(loaded, proposal_version(workspace))
    try:
        set_control(workspace, loaded, table, account_id, locked=False, pinned_owner="",
                    user=request.user)
    except ControlError as problem:
        raise HttpError(404, tr(Msg(problem.code, **problem.params))) from problem
    return Status(204, None)


def job_out(job: Job) -> dict[str, Any]:
    return {"id": job.pk, "kind": job.kind, "status": job.status, "progress": job.progress,
            "error": job.error, "version": job.version.number if job.version else None}


@workspace_operation(router, "post", "/workspaces/{slug}/assignments", role="planner",
                     response={202: JobOut, 404: Problem},
                     summary=SUMMARY["post_assignment"])
def post_assignment(request: HttpRequest, slug: str, body: RebalanceIn
                    ) -> Status[dict[str, Any]]:
    workspace, _loaded_book = _loaded(request)
    job = start_rebalance(workspace, request.user, propose=body.propose, note=body.note)
    return Status(202, job_out(job))


@workspace_operation(router, "get", "/workspaces/{slug}/owners.csv", role="viewer",
                     response={200: None, 404: Problem},
                     summary=SUMMARY["owners_csv"],
                     openapi_extra={"responses": {200: {
                         "description": "owners CSV",  # i18n: not text
                         "content": {"text/csv": {}}}}})
def owners_csv(request: HttpRequest, slug: str) -> HttpResponseBase:
    workspace = workspace_of(request)
    version = current_version(workspace, VersionKind.ASSIGNMENT)
    if version is None or not version.owners_path:
        raise HttpError(404, tr(Msg("web_org.owners.csv.none")))
    return FileResponse(media_path(version.owners_path).open("rb"), as_attachment=True,
                        filename=f"{workspace.slug}-owners-v{version.number}.csv",
                        content_type="text/csv; charset=utf-8")
