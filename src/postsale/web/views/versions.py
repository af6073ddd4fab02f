"""Versions: every saved plan, assignment and projection, their approval, and two side by side.

A planner proposes a version, an admin approves or rejects it (a rejection says why); the current
version of a kind is its most recently approved one, and an earlier approved one shows as
superseded (derived, never stored). Versions are always looked up inside the requested workspace,
so a valid id of another workspace is simply not found.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from postsale.core.msg import Msg
from postsale.i18n import current, tr
from postsale.web.access import workspace_of, workspace_view
from postsale.web.books import media_path
from postsale.web.models import AuditEvent, Version, VersionKind, VersionStatus, Workspace
from postsale.web.versions_compare import CompareError, compare, moved_accounts
from postsale.web.versions_store import (
    SUMMARY_KEYS,
    NoteRequiredError,
    VersionStateError,
    approve,
    current_ids,
    propose,
    reject,
)

LIST_PAGE = 100
MOVED_PAGE = 50

#: how each summary figure is shown (``current().value`` specs; ``funded``/``term`` are keys)
SUMMARY_SPECS: dict[str, str] = {
    "accounts": "int", "arr": "money", "required": "int", "cost": "money", "cost_share": "pct1",
    "budget": "money", "funded": "funded", "model": "term", "people": "int", "moved": "int",
    "imbalance": "num2", "open_requisitions": "int", "months": "int", "paths": "int", "seed": "",
    "required_month0": "num1", "required_last": "num1", "hires": "int", "cost_last": "money",
    "arr_last": "money",
}


def version_in(workspace: Workspace, pk: Any) -> Version:
    """Version ``pk`` of this workspace, or 404 (an id from another workspace included)."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < key < 2**31:  # no such id on any database (and no overflow on PostgreSQL)
        raise Http404
    found = (Version.objects.select_related("author", "decided_by")
             .filter(workspace=workspace, pk=key).first())
    if found is None:
        raise Http404
    return found


def show(value: Any, spec: str) -> str:
    """A figure in the active language (``funded``: the funding status; ``term``: a key)."""
    if value is None or value == "":
        return "—"
    if spec == "funded":
        return tr(Msg(f"web_versions.funded.{value}"))
    if spec == "term":
        return tr(Msg(f"label.{value}"))
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return current().value(value, spec)


def show_change(value: Any, spec: str) -> str:
    """b − a with its sign (empty when there is no number or no change)."""
    if value is None or value == 0 or spec in ("funded", "term", ""):
        return ""
    text = show(abs(value), spec)
    return ("+" if value > 0 else "−") + text


def state_of(version: Version, current: set[int]) -> str:
    """current / superseded (approved ones) or the stored status."""
    if version.status == VersionStatus.APPROVED:
        return "current" if version.pk in current else "superseded"
    return str(version.status)


@workspace_view("viewer")
def versions_page(request: HttpRequest, slug: str) -> HttpResponse:
    workspace = workspace_of(request)
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    rows = Version.objects.filter(workspace=workspace).select_related("author", "decided_by")
    if kind in VersionKind.values:
        rows = rows.filter(kind=kind)
    else:
        kind = ""
    if status in VersionStatus.values:
        rows = rows.filter(status=status)
    else:
        status = ""
    page = Paginator(rows.order_by("kind", "-number"), LIST_PAGE).get_page(request.GET.get("page"))
    marked = current_ids(workspace)
    groups: dict[str, list[dict[str, Any]]] = {}
    for version in page.object_list:
        groups.setdefault(version.kind, []).append(
            {"v": version, "state": state_of(version, marked)})
    return render(request, "web/versions.html", {
        "groups": [(k, groups[k]) for k in VersionKind.values if k in groups],
        "page": page, "kind": kind, "status": status,
        "kinds": VersionKind.values, "statuses": VersionStatus.values,
    })


def _summary_rows(version: Version) -> list[dict[str, str]]:
    keys = SUMMARY_KEYS.get(version.kind, ())
    return [{"code": f"web_versions.sum.{key}", "text": show(version.summary[key],
                                                             SUMMARY_SPECS.get(key, ""))}
            for key in keys if key in version.summary and key != "required_by_role"]


def _history(version: Version) -> list[dict[str, Any]]:
    events = (AuditEvent.objects.filter(workspace=version.workspace, detail__version=version.pk,
                                        action__startswith="version.")
              .select_related("actor").order_by("at", "id"))
    return [{"event": e, "code": "web_versions.event." + e.action.split(".")[1]} for e in events]


def _detail(request: HttpRequest, version: Version, error: str = "",
            status: int = 200) -> HttpResponse:
    marked = current_ids(version.workspace)
    by_role = version.summary.get("required_by_role") or {}
    return render(request, "web/version_detail.html", {
        "v": version, "state": state_of(version, marked), "summary": _summary_rows(version),
        "kind_label": tr(Msg(f"web_versions.kind.{version.kind}")),
        "by_role": [(role, n) for role, n in by_role.items() if n],
        "history": _history(version), "error": error,
        "can_propose": version.status in (VersionStatus.DRAFT, VersionStatus.REJECTED),
        "can_decide": version.status == VersionStatus.PROPOSED or (
            version.status == VersionStatus.DRAFT and version.author_id is not None
            and version.author_id == request.user.pk),  # an admin's own draft (store rule)
        "others": Version.objects.filter(workspace=version.workspace, kind=version.kind)
                  .exclude(pk=version.pk).order_by("-number")[:50],
    }, status=status)


@workspace_view("viewer")
def version_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _detail(request, version_in(workspace_of(request), pk))


def _decided(request: HttpRequest, version: Version, action: Any, done_code: str
             ) -> HttpResponse:
    note = request.POST.get("note", "")[:2000]
    try:
        action(version, request.user, note)
    except NoteRequiredError:
        return _detail(request, version, tr(Msg("web_versions.error.note_required")), 400)
    except VersionStateError as error:
        return _detail(request, version, tr(Msg("web_versions.error.state",
                                                status=tr(Msg(f"web_versions.status.{error}")))),
                       409)
    messages.success(request, tr(Msg(done_code, number=version.number)))
    return redirect("version_detail", slug=version.workspace.slug, pk=version.pk)


@workspace_view("planner")
@require_POST
def version_propose(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _decided(request, version_in(workspace_of(request), pk), propose,
                    "web_versions.done.propose")


@workspace_view("admin")
@require_POST
def version_approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _decided(request, version_in(workspace_of(request), pk), approve,
                    "web_versions.done.approve")


@workspace_view("admin")
@require_POST
def version_reject(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _decided(request, version_in(workspace_of(request), pk), reject,
                    "web_versions.done.reject")


def _file(relative: str, name: str, content_type: str) -> FileResponse:
    if not relative:
        raise Http404
    target = media_path(relative)
    if not target.is_file():
        raise Http404
    return FileResponse(target.open("rb"), as_attachment=True, filename=name,
                        content_type=content_type)


@workspace_view("viewer")
@require_GET
def version_payload(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    version = version_in(workspace_of(request), pk)
    return _file(version.payload_path, f"{slug}-{version.kind}-v{version.number}.json",
                 "application/json")


@workspace_view("viewer")
@require_GET
def version_owners(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    version = version_in(workspace_of(request), pk)
    return _file(version.owners_path, f"{slug}-owners-v{version.number}.csv",
                 "text/csv; charset=utf-8")


def _figures(found: dict[str, Any]) -> list[dict[str, str]]:
    return [{"code": f["code"], "a": show(f["a"], f["spec"]), "b": show(f["b"], f["spec"]),
             "change": show_change(f["change"], f["spec"])} for f in found["figures"]]


@workspace_view("viewer")
def versions_compare(request: HttpRequest, slug: str) -> HttpResponse:
    workspace = workspace_of(request)
    choices = (Version.objects.filter(workspace=workspace).order_by("kind", "-number")
               .only("pk", "kind", "number", "title", "status"))
    context: dict[str, Any] = {"choices": choices, "a": None, "b": None, "error": ""}
    raw_a, raw_b = request.GET.get("a", ""), request.GET.get("b", "")
    if not raw_a or not raw_b:
        return render(request, "web/versions_compare.html", context)
    try:
        a, b = version_in(workspace, raw_a), version_in(workspace, raw_b)
    except Http404:
        context["error"] = tr(Msg("web_versions.compare.not_found"))
        return render(request, "web/versions_compare.html", context, status=404)
    context.update(a=a, b=b)
    try:
        found = compare(a, b)
        moved = moved_accounts(a, b) if a.kind == VersionKind.ASSIGNMENT else None
    except CompareError as error:
        context["error"] = tr(Msg(error.code, a=a.number, b=b.number,
                                  kind_a=tr(Msg(f"web_versions.kind.{a.kind}")),
                                  kind_b=tr(Msg(f"web_versions.kind.{b.kind}"))))
        return render(request, "web/versions_compare.html", context, status=400)
    context.update(
        figures=_figures(found),
        by_role=[{**row, "change_text": show_change(row["change"], "int")}
                 for row in found.get("by_role", [])],
        books=[{**row, "change_text": show_change(row["change"], "int")}
               for row in found.get("books", [])])
    if moved is not None:
        pages = Paginator(range(moved.count), MOVED_PAGE).get_page(request.GET.get("page"))
        context.update(moved=moved, moved_page=pages,
                       moved_rows=moved.page(pages.number, MOVED_PAGE) if moved.count else [])
    return render(request, "web/versions_compare.html", context)


urlpatterns = [
    path("versions/", versions_page, name="versions"),
    path("versions/compare/", versions_compare, name="versions_compare"),
    path("versions/<int:pk>/", version_page, name="version_detail"),
    path("versions/<int:pk>/propose/", version_propose, name="version_propose"),
    path("versions/<int:pk>/approve/", version_approve, name="version_approve"),
    path("versions/<int:pk>/reject/", version_reject, name="version_reject"),
    path("versions/<int:pk>/payload.json", version_payload, name="version_payload"),
    path("versions/<int:pk>/owners.csv", version_owners, name="version_owners"),
]
