"""API: workspaces, their members, uploads and company settings (``/api/v1/workspaces…``).

The same rules as the pages, through the same functions: ``views.members`` (never remove the
last admin), ``views.uploads.receive`` (streamed to disk, size and type limits, checked by
postsale's importer or an ``import`` job above 20 MB) and ``views.settings_views.save_company``
(validated with postsale's company rules; ConfigError → 422 with the key and fix).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from postsale.web.access import workspace_of
from postsale.web.api import caller_operation, problem_response, workspace_operation
from postsale.web.audit import record
from postsale.web.models import Membership, Role, Upload, Workspace

router = Router(tags=["workspaces"])


class WorkspaceIn(Schema):
    name: str


class WorkspaceOut(Schema):
    slug: str
    name: str
    role: str
    created_at: dt.datetime


class MemberIn(Schema):
    email: str
    role: str = Role.VIEWER
    #: given: a new user is created with this initial password (Django's validators apply)
    password: str | None = None


class RoleIn(Schema):
    role: str


class MemberOut(Schema):
    id: int
    email: str
    role: str
    added_at: dt.datetime


class ProblemOut(Schema):
    file: str | None = None
    row: int | None = None
    column: str | None = None
    problem: str
    fix: str


class UploadOut(Schema):
    id: int
    kind: str
    original_name: str
    size: int
    sha256: str
    rows: int | None
    status: str
    problems: list[ProblemOut]
    uploaded_by: str | None
    uploaded_at: dt.datetime
    job: int | None = None


class SettingsIn(Schema):
    toml: str


class SettingsOut(Schema):
    toml: str
    changes: dict[str, list[Any]] | None = None


class ErrorOut(Schema):
    """An error with its rows (400 / 409 / 413 / 415; 401, 403, 404 and 422 are the API's
    :class:`postsale.web.api.Problem`, added by the operation's declaration)."""

    detail: str
    problems: list[ProblemOut] | None = None


def _workspace_out(found: Membership) -> WorkspaceOut:
    ws = found.workspace
    return WorkspaceOut(slug=ws.slug, name=ws.name, role=found.role, created_at=ws.created_at)


def _member_out(found: Membership) -> MemberOut:
    return MemberOut(id=found.pk, email=found.user.email or found.user.username, role=found.role,
                     added_at=found.added_at)


def _upload_out(upload: Upload, job: int | None = None) -> UploadOut:
    by = upload.uploaded_by
    return UploadOut(id=upload.pk, kind=upload.kind, original_name=upload.original_name,
                     size=upload.size, sha256=upload.sha256, rows=upload.rows,
                     status=upload.status, problems=[ProblemOut(**p) for p in upload.problems],
                     uploaded_by=(by.email or by.username) if by is not None else None,
                     uploaded_at=upload.uploaded_at, job=job)


def _caller(request: HttpRequest) -> Any:
    """The signed-in caller (the API's auth let only authenticated users through)."""
    user = request.user
    assert isinstance(user, get_user_model())  # i18n: not text
    return user


@caller_operation(router, "get", "/workspaces", response=list[WorkspaceOut])
def list_workspaces(request: HttpRequest) -> list[WorkspaceOut]:
    """The caller's workspaces with the caller's role in each."""
    found = (Membership.objects.select_related("workspace").filter(user=_caller(request))
             .order_by("workspace__name"))
    return [_workspace_out(m) for m in found]


@caller_operation(router, "post", "/workspaces", response={201: WorkspaceOut})
def create_workspace(request: HttpRequest, body: WorkspaceIn) -> Any:
    """A new workspace; the caller becomes its admin."""
    from django.utils.text import slugify

    from postsale.core.msg import Msg
    from postsale.i18n import tr
    from postsale.web.views.core import unique_slug

    name = body.name.strip()[:200]
    if not slugify(name):
        return problem_response(request, 422, tr(Msg("web.workspace.name_invalid")))
    user = _caller(request)
    with transaction.atomic():
        workspace = Workspace.objects.create(name=name, slug=unique_slug(name), created_by=user)
        found = Membership.objects.create(workspace=workspace, user=user,
                                          role=Role.ADMIN)
        record(request.user, "workspace.create", workspace, workspace.slug)
    return Status(201, _workspace_out(found))


@workspace_operation(router, "get", "/workspaces/{slug}", role=Role.VIEWER,
                     response={200: WorkspaceOut})
def get_workspace(request: HttpRequest, slug: str) -> WorkspaceOut:
    found: Membership = request.membership  # type: ignore[attr-defined]  # the role check's
    return _workspace_out(found)


@workspace_operation(router, "delete", "/workspaces/{slug}", role=Role.ADMIN,
                     response={204: None})
def delete_workspace(request: HttpRequest, slug: str) -> Any:
    """Delete the workspace, its rows and its files (admin)."""
    from postsale.web.views.members import delete_workspace as delete

    delete(workspace_of(request), request.user)
    return Status(204, None)


@workspace_operation(router, "get", "/workspaces/{slug}/members", role=Role.ADMIN,
                     response={200: list[MemberOut]})
def list_members(request: HttpRequest, slug: str) -> list[MemberOut]:
    workspace = workspace_of(request)
    return [_member_out(m) for m in Membership.objects.select_related("user")
            .filter(workspace=workspace).order_by("user__email")]


@workspace_operation(router, "post", "/workspaces/{slug}/members", role=Role.ADMIN,
                     response={201: MemberOut, 400: ErrorOut, 409: ErrorOut})
def add_member(request: HttpRequest, slug: str, body: MemberIn) -> Any:
    """Add an existing user by email, or create one when ``password`` is given (admin)."""
    from postsale.web.views.members import MemberError, add_member, create_member

    workspace = workspace_of(request)
    try:
        if body.password is not None:
            found = create_member(workspace, body.email, body.password, body.role, request.user)
        else:
            found = add_member(workspace, body.email, body.role, request.user)
    except MemberError as error:
        return problem_response(request, error.status, error.text())
    except ValidationError as error:
        return problem_response(request, 422, " ".join(str(m) for m in error.messages))
    return Status(201, _member_out(found))


@workspace_operation(router, "patch", "/workspaces/{slug}/members/{member_id}",
                     role=Role.ADMIN,
                     response={200: MemberOut, 400: ErrorOut, 409: ErrorOut})
def change_member(request: HttpRequest, slug: str, member_id: int, body: RoleIn) -> Any:
    from postsale.web.views.members import MemberError, change_role

    workspace = workspace_of(request)
    try:
        found = change_role(workspace, member_id, body.role, request.user)
        return Status(200, _member_out(found))
    except MemberError as error:
        return problem_response(request, error.status, error.text())


@workspace_operation(router, "delete", "/workspaces/{slug}/members/{member_id}",
                     role=Role.ADMIN,
                     response={204: None, 409: ErrorOut})
def remove_member(request: HttpRequest, slug: str, member_id: int) -> Any:
    from postsale.web.views.members import MemberError, remove_member

    workspace = workspace_of(request)
    try:
        remove_member(workspace, member_id, request.user)
    except MemberError as error:
        return problem_response(request, error.status, error.text())
    return Status(204, None)


@workspace_operation(router, "get", "/workspaces/{slug}/uploads", role=Role.VIEWER,
                     response={200: list[UploadOut]})
def list_uploads(request: HttpRequest, slug: str) -> list[UploadOut]:
    """The workspace's uploads, newest first (at most 200)."""
    workspace = workspace_of(request)
    return [_upload_out(u) for u in workspace.uploads.select_related("uploaded_by")[:200]]


@workspace_operation(router, "post", "/workspaces/{slug}/uploads", role=Role.PLANNER,
                     response={201: UploadOut, 202: UploadOut, 400: ErrorOut, 413: ErrorOut,
                               415: ErrorOut})
def upload_file(request: HttpRequest, slug: str, kind: Form[str],
                file: File[UploadedFile]) -> Any:
    """Upload one file of ``kind`` (multipart): 201 checked (``ok``), 422 with every problem by
    row and column, 202 when a large file is being checked by an ``import`` job (``job``)."""
    from postsale.web.views.uploads import UploadRefusedError, receive

    workspace = workspace_of(request)
    try:
        upload, job = receive(workspace, kind, file, request.user)
    except UploadRefusedError as refused:
        rows = refused.rows(str(file.name or ""))
        return problem_response(request, refused.status, rows[0]["problem"], rows)
    if job is not None:
        return Status(202, _upload_out(upload, job.pk))
    if upload.status == Upload.Status.ERROR:
        first = upload.problems[0]["problem"] if upload.problems else ""
        return problem_response(request, 422, first, upload.problems)
    return Status(201, _upload_out(upload))


@workspace_operation(router, "get", "/workspaces/{slug}/settings", role=Role.VIEWER,
                     response={200: SettingsOut})
def get_settings(request: HttpRequest, slug: str) -> SettingsOut:
    """The company settings as the company file's TOML text."""
    return SettingsOut(toml=workspace_of(request).company_toml)


@workspace_operation(router, "put", "/workspaces/{slug}/settings", role=Role.ADMIN,
                     response={200: SettingsOut})
def put_settings(request: HttpRequest, slug: str, body: SettingsIn) -> Any:
    """Replace the company settings (admin); validated like ``--company`` (422 with the key and
    the fix when wrong)."""
    from postsale.web.views.settings_views import save_company

    workspace = workspace_of(request)
    summary = save_company(workspace, body.toml, request.user, "api")
    return Status(200, SettingsOut(toml=workspace.company_toml, changes=summary))


__all__ = ["router"]
