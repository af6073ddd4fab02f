"""API for versions: list, read, download the payload, propose / approve / reject, compare.

The same rules as the pages (``postsale.web.views.versions``): viewers read, planners propose,
admins approve and reject (a rejection needs its reason); a version is only ever looked up inside
the workspace of the URL, so another workspace's id answers 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import ValidationError

from postsale.core.msg import Msg
from postsale.i18n import tr
from postsale.web.access import workspace_of
from postsale.web.api import workspace_operation
from postsale.web.models import Version, VersionKind
from postsale.web.versions_compare import CompareError, compare, moved_accounts
from postsale.web.versions_store import (
    NoteRequiredError,
    VersionStateError,
    approve,
    current_ids,
    payload_of,
    propose,
    reject,
)
from postsale.web.views.versions import MOVED_PAGE, state_of, version_in

router = Router(tags=["versions"])

KindName = Literal["plan", "assignment", "projection"]
StatusName = Literal["draft", "proposed", "approved", "rejected"]
Figure = int | float | str | None


Number = int | float


class SummaryOut(Schema):
    """The summary figures a version records (which ones depends on its kind; see
    ``versions_store.SUMMARY_KEYS``): plan — accounts, arr, required, required_by_role, cost,
    cost_share, budget, funded, model; assignment — accounts, people, open_requisitions, moved,
    imbalance; projection — months, paths, seed, required_month0, required_last, hires,
    cost_last (cumulative cost to the horizon), arr_last (median ARR at the horizon)."""

    accounts: int | None = None
    arr: Number | None = None
    required: Number | None = None
    required_by_role: dict[str, Number] | None = None
    cost: Number | None = None
    cost_share: Number | None = None
    budget: Number | None = None
    funded: Literal["needed_fits", "funded", "exceeds_budget"] | None = None
    model: str | None = None
    people: int | None = None
    open_requisitions: int | None = None
    moved: int | None = None
    imbalance: Number | None = None
    months: int | None = None
    paths: int | None = None
    seed: int | None = None
    required_month0: Number | None = None
    required_last: Number | None = None
    hires: int | None = None
    cost_last: Number | None = None
    arr_last: Number | None = None


def _summary(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures that fit :class:`SummaryOut` (a figure of an unexpected type, written by an
    older or other saver, is left out rather than failing the whole answer)."""
    kept: dict[str, Any] = {}
    for key in SummaryOut.model_fields:
        if key not in figures:
            continue
        try:
            SummaryOut.model_validate({key: figures[key]})
        except ValidationError:
            continue
        kept[key] = figures[key]
    return kept


class VersionOut(Schema):
    """One version as lists show it. ``state`` is ``current`` or ``superseded`` for approved
    versions (the current one of a kind is its most recently approved), else the status."""

    id: int
    kind: KindName
    number: int
    title: str
    status: StatusName
    state: Literal["draft", "proposed", "rejected", "current", "superseded"]
    author: str | None
    created_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_note: str
    has_owners_csv: bool
    summary: SummaryOut


class DecisionIn(Schema):
    """The note that goes with a decision (required to reject)."""

    note: str = ""


class ErrorOut(Schema):
    detail: str


class VersionFilter(Schema):
    kind: KindName | None = None
    status: StatusName | None = None


class CompareQuery(Schema):
    a: int = Field(ge=1, le=2**31 - 1, description="the first version's id")  # i18n: not text
    b: int = Field(ge=1, le=2**31 - 1, description="the second version's id")  # i18n: not text
    page: int = Field(1, ge=1, le=1_000_000, description="page of the moved-accounts table")  # i18n: not text


class CompareFigureOut(Schema):
    """One compared figure: its message code, both values, b − a when both are numbers."""

    code: str
    a: Figure
    b: Figure
    change: int | float | None
    spec: str


class RoleChangeOut(Schema):
    role: str
    a: int | float
    b: int | float
    change: int | float | None


class BookChangeOut(Schema):
    person_id: str
    label: str
    a: int | None
    b: int | None
    change: int | float | None
    arr_a: float | None
    arr_b: float | None


class MovedRowOut(Schema):
    account_id: str
    owner_a: str
    owner_a_name: str
    owner_b: str
    owner_b_name: str


class MovedOut(Schema):
    """Accounts whose owner differs (``count``; ``rows`` is one page, sorted by account)."""

    count: int
    common: int
    only_a: int
    only_b: int
    page: int
    page_size: int
    rows: list[MovedRowOut]


class CompareOut(Schema):
    kind: KindName
    a: VersionOut
    b: VersionOut
    figures: list[CompareFigureOut]
    by_role: list[RoleChangeOut] | None = None
    books: list[BookChangeOut] | None = None
    moved: MovedOut | None = None


def _out(version: Version, current: set[int]) -> dict[str, Any]:
    return {
        "id": version.pk, "kind": version.kind, "number": version.number, "title": version.title,
        "status": version.status, "state": state_of(version, current),
        "author": version.author.email if version.author else None,
        "created_at": version.created_at,
        "decided_by": version.decided_by.email if version.decided_by else None,
        "decided_at": version.decided_at, "decision_note": version.decision_note,
        "has_owners_csv": bool(version.owners_path),
        "summary": _summary(version.summary if isinstance(version.summary, dict) else {}),
    }


@workspace_operation(router, "get", "/workspaces/{slug}/versions", role="viewer",
                     response=list[VersionOut], operation_id="versions_list")
def list_versions(request: HttpRequest, slug: str,
                  filters: Query[VersionFilter]) -> list[dict[str, Any]]:
    """Every version of the workspace, newest first (``kind``/``status`` narrow it)."""
    workspace = workspace_of(request)
    rows = Version.objects.filter(workspace=workspace).select_related("author", "decided_by")
    if filters.kind is not None:
        rows = rows.filter(kind=filters.kind)
    if filters.status is not None:
        rows = rows.filter(status=filters.status)
    marked = current_ids(workspace)
    return [_out(v, marked) for v in rows.order_by("kind", "-number")]


@workspace_operation(router, "get", "/workspaces/{slug}/versions/compare", role="viewer",
                     response={200: CompareOut, 400: ErrorOut},
                     operation_id="versions_compare")
def compare_versions(request: HttpRequest, slug: str, query: Query[CompareQuery]) -> Any:
    """Two versions of one kind side by side (400 when the kinds differ); for assignments, the
    accounts that change owner, ``page`` by ``page`` (50 a page)."""
    workspace = workspace_of(request)
    left, right = version_in(workspace, query.a), version_in(workspace, query.b)
    try:
        found = compare(left, right)
        moved = moved_accounts(left, right) if left.kind == VersionKind.ASSIGNMENT else None
    except CompareError as error:
        return Status(400, {"detail": tr(Msg(error.code, a=left.number, b=right.number,
                                      kind_a=tr(Msg(f"web_versions.kind.{left.kind}")),
                                      kind_b=tr(Msg(f"web_versions.kind.{right.kind}"))))})
    marked = current_ids(workspace)
    body: dict[str, Any] = {"kind": left.kind, "a": _out(left, marked), "b": _out(right, marked),
                            **found}
    if moved is not None:
        number = query.page
        body["moved"] = {"count": moved.count, "common": moved.common, "only_a": moved.only_a,
                         "only_b": moved.only_b, "page": number, "page_size": MOVED_PAGE,
                         "rows": moved.page(number, MOVED_PAGE)}
    return Status(200, body)


@workspace_operation(router, "get", "/workspaces/{slug}/versions/{pk}", role="viewer",
                     response=VersionOut, operation_id="versions_get")
def get_version(request: HttpRequest, slug: str, pk: int) -> dict[str, Any]:
    """One version: its row, state and summary figures."""
    workspace = workspace_of(request)
    return _out(version_in(workspace, pk), current_ids(workspace))


@workspace_operation(router, "get", "/workspaces/{slug}/versions/{pk}/payload", role="viewer",
                     response=dict[str, Any], operation_id="versions_payload")
def get_payload(request: HttpRequest, slug: str, pk: int) -> dict[str, Any]:
    """The version's full result: postsale's own JSON (``PlanResult.to_dict()``,
    ``AssignmentRun.to_dict()`` or ``ProjectionResult.to_dict()``)."""
    workspace = workspace_of(request)
    version = version_in(workspace, pk)
    try:
        return payload_of(version)
    except OSError:  # the file is gone from the data folder: nothing to serve
        raise Http404 from None


def _decide(request: HttpRequest, pk: int, body: DecisionIn, action: Any) -> Any:
    workspace = workspace_of(request)
    version = version_in(workspace, pk)
    try:
        decided = action(version, request.user, body.note[:2000])
    except NoteRequiredError:
        return Status(422, {"detail": tr(Msg("web_versions.error.note_required"))})
    except VersionStateError as error:
        return Status(409, {"detail": tr(Msg("web_versions.error.state",
                                             status=tr(Msg(f"web_versions.status.{error}"))))})
    decided = version_in(workspace, decided.pk)
    return Status(200, _out(decided, current_ids(workspace)))


DECISION = {200: VersionOut, 409: ErrorOut}


@workspace_operation(router, "post", "/workspaces/{slug}/versions/{pk}/propose",
                     role="planner", response=DECISION, operation_id="versions_propose")
def propose_version(request: HttpRequest, slug: str, pk: int, body: DecisionIn) -> Any:
    """Ask an admin to approve a draft (or a rejected version, again). Planner."""
    return _decide(request, pk, body, propose)


@workspace_operation(router, "post", "/workspaces/{slug}/versions/{pk}/approve",
                     role="admin", response=DECISION, operation_id="versions_approve")
def approve_version(request: HttpRequest, slug: str, pk: int, body: DecisionIn) -> Any:
    """Approve a proposed version: it becomes the current one of its kind. Admin."""
    return _decide(request, pk, body, approve)


@workspace_operation(router, "post", "/workspaces/{slug}/versions/{pk}/reject",
                     role="admin", response=DECISION, operation_id="versions_reject")
def reject_version(request: HttpRequest, slug: str, pk: int, body: DecisionIn) -> Any:
    """Send a proposed version back; ``note`` (the reason) is required. Admin."""
    return _decide(request, pk, body, reject)


__all__ = ["router"]
