"""Files: the account book and its optional companions (subscriptions, opportunities, tickets,
team). A planner uploads; everyone in the workspace sees the current file of each kind, the
history and, for a refused file, every problem with its row, column and fix (postsale's own
importer messages, in the request's language).

The upload is streamed to disk (``uploads_store.save_stream``: chunks, never the whole file in
memory) and checked by postsale's importer. A file above ``import_job_bytes()`` is checked in a
job (``jobs_import``) so the request returns at once; the page polls the job's fragment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from postsale.core.msg import Msg
from postsale.i18n import current, tr
from postsale.web import runners  # noqa: F401  (the import job kind is registered)
from postsale.web.access import workspace_of, workspace_view
from postsale.web.audit import record
from postsale.web.books import current_uploads
from postsale.web.models import ROLE_RANK, FileKind, Job, JobStatus, Role, Upload, Workspace
from postsale.web.uploads_store import (
    ALLOWED_SUFFIXES,
    UploadTooLargeError,
    check_upload,
    save_stream,
)

MB = 1024 * 1024
#: files above this size are checked by a job, not in the request
DEFAULT_IMPORT_JOB_BYTES = 20 * MB


def import_job_bytes() -> int:
    return int(getattr(settings, "POSTSALE_IMPORT_JOB_BYTES", DEFAULT_IMPORT_JOB_BYTES))


class UploadRefusedError(ValueError):
    """A file refused before it is kept (size, type, missing): the message and its fix."""

    def __init__(self, status: int, problem: Msg, fix: Msg) -> None:
        super().__init__(problem.code)
        self.status = status
        self.problem = problem
        self.fix = fix

    def rows(self, name: str) -> list[dict[str, Any]]:
        return [{"file": name, "row": None, "column": None, "problem": tr(self.problem),
                 "fix": tr(self.fix)}]


def _too_large(name: str, size: int) -> UploadRefusedError:
    limit = settings.POSTSALE_MAX_UPLOAD_BYTES
    return UploadRefusedError(
        413, Msg("web_uploads.too_large", name=name, size=size / MB, limit=limit / MB),
        Msg("web_uploads.too_large.fix", limit=limit / MB))


def _checked_name(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise UploadRefusedError(
            415, Msg("web_uploads.bad_type", name=name, suffix=suffix or "—"),
            Msg("web_uploads.bad_type.fix", allowed=", ".join(sorted(ALLOWED_SUFFIXES))))
    return name


def receive(workspace: Workspace, kind: str, incoming: Any, user: Any) -> tuple[Upload, Job | None]:
    """Keep an uploaded file (a Django ``UploadedFile``) of ``kind`` and check it: in the request
    for a small file, in an ``import`` job above ``import_job_bytes()``. Raises
    UploadRefusedError for a file refused before it is kept (nothing stays on disk)."""
    from postsale.web.jobs import enqueue

    if kind not in FileKind.values:
        raise UploadRefusedError(400, Msg("web_uploads.bad_kind", kind=kind),
                                 Msg("web_uploads.bad_kind.fix",
                                     kinds=", ".join(FileKind.values)))
    if incoming is None:
        raise UploadRefusedError(400, Msg("web_uploads.no_file"), Msg("web_uploads.no_file.fix"))
    name = _checked_name(Path(str(incoming.name)).name[:255])
    if incoming.size is not None and incoming.size > settings.POSTSALE_MAX_UPLOAD_BYTES:
        raise _too_large(name, incoming.size)
    try:
        relative, size, digest = save_stream(workspace, incoming.chunks(), name)
    except UploadTooLargeError as error:
        raise _too_large(name, error.size) from error
    in_job = size > import_job_bytes()
    with transaction.atomic():
        upload = Upload.objects.create(workspace=workspace, kind=kind, original_name=name,
                                       stored_path=relative, size=size, sha256=digest,
                                       uploaded_by=user if user.is_authenticated else None)
        record(user, f"upload.{kind}", workspace, name, size=size, upload=upload.pk,
               checked="job" if in_job else "request")
        job = enqueue(workspace, "import", {"upload": upload.pk, "lang": current().lang},
                      user) if in_job else None
    if job is None:
        check_upload(workspace, upload)
    return upload, job


class SizeLimitHandler(FileUploadHandler):
    """First of the request's upload handlers: stops reading a file body as soon as it passes
    the limit (announced length or bytes counted), so an oversized upload is never written to a
    temporary file; the view then refuses it with the limit named. The rest of the body is read
    and dropped (no connection reset, so the browser receives the answer)."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.seen = self.announced = 0
        self.too_large: tuple[str, int] | None = None

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.seen = 0

    def handle_raw_input(self, input_data: Any, meta: Any, content_length: int, boundary: Any,
                         encoding: str | None = None) -> None:
        self.announced = content_length  # the whole body: the file plus a few small fields

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.seen += len(raw_data)
        limit = settings.POSTSALE_MAX_UPLOAD_BYTES
        if self.seen > limit or self.announced > limit + MB:
            self.too_large = (str(self.file_name or ""), max(self.seen, self.announced))
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


class UploadForm(forms.Form):
    kind = forms.ChoiceField(choices=FileKind.choices)


def _page(request: HttpRequest, workspace: Workspace, *, refused: list[dict[str, Any]] | None = None,
          status: int = 200) -> HttpResponse:
    current = current_uploads(workspace)
    history = Paginator(workspace.uploads.select_related("uploaded_by"), 25)
    page = history.get_page(request.GET.get("page"))
    shown: Upload | None = None
    if request.GET.get("upload", "").isdigit():
        shown = workspace.uploads.filter(pk=int(request.GET["upload"])).first()
    job: Job | None = None
    if request.GET.get("job", "").isdigit():
        job = workspace.jobs.filter(pk=int(request.GET["job"]), kind="import").first()
    membership = getattr(request, "membership", None)
    can_upload = membership is not None and ROLE_RANK[membership.role] >= ROLE_RANK[Role.PLANNER]
    return render(request, "web/uploads.html", {
        "kinds": [{"kind": kind, "current": current.get(kind)} for kind in FileKind.values],
        "history": page, "shown": shown, "job": job, "refused": refused,
        "can_upload": can_upload, "max_mb": settings.POSTSALE_MAX_UPLOAD_BYTES / MB,
        "accept": ",".join(sorted(ALLOWED_SUFFIXES)), "job_mb": import_job_bytes() / MB,
        "allowed": ", ".join(sorted(ALLOWED_SUFFIXES)),
    }, status=status)


@csrf_exempt  # only so the size limit is in place before the body is read; checked below
@workspace_view("viewer")
@require_http_methods(["GET", "POST"])
def uploads_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The files page; POST (planner) uploads one file and redirects to its result."""
    limit = SizeLimitHandler(request)
    request.upload_handlers = [limit, *request.upload_handlers]
    return _uploads(request, slug, limit)


@csrf_protect
def _uploads(request: HttpRequest, slug: str, limit: SizeLimitHandler) -> HttpResponse:
    workspace = workspace_of(request)
    if request.method != "POST":
        return _page(request, workspace)
    if not request.membership.allows(Role.PLANNER):  # type: ignore[attr-defined]
        raise PermissionDenied
    incoming = request.FILES.get("file")
    if limit.too_large is not None:
        name, size = limit.too_large
        return _page(request, workspace, refused=_too_large(name, size).rows(name), status=413)
    try:
        upload, job = receive(workspace, request.POST.get("kind", ""), incoming, request.user)
    except UploadRefusedError as refused:
        name = Path(str(incoming.name)).name if incoming is not None else ""
        return _page(request, workspace, refused=refused.rows(name), status=refused.status)
    target = reverse("uploads", kwargs={"slug": slug})
    query = f"?upload={upload.pk}" + (f"&job={job.pk}" if job is not None else "")
    return redirect(target + query)


@workspace_view("viewer")
@require_GET
def import_job_fragment(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    """The progress of an import job, polled every second by the page until it ends (HTMX stops
    polling on status 286)."""
    job = workspace_of(request).jobs.filter(pk=job_id, kind="import").first()
    if job is None:
        raise Http404
    upload = workspace_of(request).uploads.filter(pk=job.params.get("upload")).first()
    ended = job.status in (JobStatus.DONE, JobStatus.FAILED)
    response = render(request, "web/_import_job.html", {"job": job, "upload": upload,
                                                         "ended": ended})
    if ended and request.headers.get("HX-Request"):
        response.status_code = 286
    return response


urlpatterns = [
    path("files/", uploads_page, name="uploads"),
    path("files/jobs/<int:job_id>/", import_job_fragment, name="uploads_job"),
]
