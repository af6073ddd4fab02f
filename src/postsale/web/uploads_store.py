"""Keeping an uploaded file: copied into the workspace's folder under a fresh name (atomically),
hashed, then read with postsale's own importer so the page can show every problem with its row,
column and fix — the same messages as the CLI."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tempfile
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow.csv as pacsv  # type: ignore[import-untyped]
from django.conf import settings
from django.db import transaction

from postsale.core.msg import Msg
from postsale.errors import ConfigError, InputError, PostsaleError
from postsale.i18n import tr
from postsale.io.write import atomic_path
from postsale.web.audit import record
from postsale.web.books import company_of, current_uploads, media_path
from postsale.web.models import FileKind, Upload, Workspace

ALLOWED_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".parquet", ".json", ".jsonl"}
CHUNK = 1024 * 1024


def workspace_dir(workspace: Workspace) -> str:
    return f"ws-{workspace.pk}"


def _stored_name(original: str) -> str:
    suffix = Path(original).suffix.lower()
    return f"{uuid.uuid4().hex}{suffix}"


def save_stream(workspace: Workspace, chunks: Iterable[bytes], original_name: str) -> tuple[str, int, str]:
    """Write ``chunks`` to a new file under the workspace's folder: (relative path, size, sha256).
    Written to a temporary file first and renamed (``postsale.io.write.atomic_path``, as every
    CLI output): a cut upload leaves nothing behind."""
    relative = f"{workspace_dir(workspace)}/uploads/{_stored_name(original_name)}"
    target = media_path(relative)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    digest, size = hashlib.sha256(), 0
    with atomic_path(target) as tmp, tmp.open("wb") as handle:
        for chunk in chunks:
            size += len(chunk)
            if size > settings.POSTSALE_MAX_UPLOAD_BYTES:
                raise UploadTooLargeError(size)
            digest.update(chunk)
            handle.write(chunk)
    return relative, size, digest.hexdigest()


class UploadTooLargeError(ValueError):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def _words(value: Any) -> dict[str, Any]:
    """A problem's or fix's sentence in the active language, and (a message) its code and
    parameters, so a page can show it again in its reader's language."""
    if isinstance(value, Msg):
        return {"text": tr(value), "msg": value.to_json()}
    return {"text": tr(value), "msg": None}


def problems_of(error: PostsaleError) -> list[dict[str, Any]]:
    """postsale's error as rows for the page: file, row, column, problem, fix (rendered in the
    active language; ``problem_msg``/``fix_msg`` keep the messages for readers of another
    language — the ``stored_text`` template filter)."""
    rows: list[tuple[str, int | None, str | None, Any, Any]]
    if isinstance(error, InputError):
        rows = [(p.file, p.row, p.column, p.problem, p.fix) for p in error.problems]
    elif isinstance(error, ConfigError):
        rows = [(error.source, None, error.key, error.problem, error.fix)]
    else:
        return [{"file": "", "row": None, "column": None, "problem": str(error), "fix": "",
                 "problem_msg": None, "fix_msg": None}]
    out = []
    for file, row, column, problem, fix in rows:
        said, cure = _words(problem), _words(fix)
        out.append({"file": file, "row": row, "column": column, "problem": said["text"],
                    "fix": cure["text"], "problem_msg": said["msg"], "fix_msg": cure["msg"]})
    return out


def check_upload(workspace: Workspace, upload: Upload, today: dt.date | None = None) -> Upload:
    """Read the workspace's book with this upload in place of its kind's current file; the upload
    becomes ``ok`` (with its row count) or ``error`` (with every problem found)."""
    from postsale.api import load_book
    from postsale.io.team_file import read_team

    when = today or dt.date.today()
    path = media_path(upload.stored_path)
    try:
        if upload.kind == FileKind.TEAM:
            loaded = read_team(path, when)
            upload.rows = len(loaded.roster)
        else:
            current = current_uploads(workspace)
            current[upload.kind] = upload
            accounts = current.get(FileKind.ACCOUNTS)
            if accounts is None:  # a secondary file before the book: checked once the book comes
                upload.rows = None
            else:
                def path_of(kind: str) -> Path | None:
                    found = current.get(kind)
                    return media_path(found.stored_path) if found is not None else None

                book, _company, _notes = load_book(
                    media_path(accounts.stored_path), company_of(workspace), today=when,
                    subscriptions=path_of(FileKind.SUBSCRIPTIONS),
                    opportunities=path_of(FileKind.OPPORTUNITIES), tickets=path_of(FileKind.TICKETS))
                upload.rows = len(book) if upload.kind == FileKind.ACCOUNTS else None
        upload.status, upload.problems = Upload.Status.OK, []
    except PostsaleError as error:
        involved = [upload, *current_uploads(workspace).values()]
        upload.status = Upload.Status.ERROR
        upload.problems = named_as_uploaded(problems_of(error), involved)
    upload.save(update_fields=["status", "problems", "rows"])
    return upload


def named_as_uploaded(problems: list[dict[str, Any]], uploads: list[Upload]) -> list[dict[str, Any]]:
    """Problems naming files as their uploader knows them (``accounts.csv``), never by where the
    server keeps them (``/srv/…/ws-3/uploads/3f2a….csv``: meaningless to a user, and a path of
    the server's disk is not theirs to see)."""
    names: dict[str, str] = {}
    for found in uploads:
        stored = media_path(found.stored_path)
        names[str(stored)] = found.original_name
        names[stored.name] = found.original_name
    order = sorted(names, key=len, reverse=True)  # whole paths before bare file names

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: plain(inner) for key, inner in value.items()}
        if isinstance(value, list):
            return [plain(inner) for inner in value]
        if not isinstance(value, str):
            return value
        for stored in order:
            value = value.replace(stored, names[stored])
        return value

    return [{key: plain(value) for key, value in problem.items()} for problem in problems]


def store_path(workspace: Workspace, source: Path, kind: str, original_name: str | None = None,
               user: Any = None, today: dt.date | None = None) -> Upload:
    """Store a file from disk as an upload of ``kind`` and check it (tests, the demo, imports)."""
    with source.open("rb") as handle:
        relative, size, digest = save_stream(workspace, iter(lambda: handle.read(CHUNK), b""),
                                             original_name or source.name)
    with transaction.atomic():
        upload = Upload.objects.create(workspace=workspace, kind=kind,
                                       original_name=original_name or source.name,
                                       stored_path=relative, size=size, sha256=digest,
                                       uploaded_by=user if getattr(user, "is_authenticated", False)
                                       else None)
        record(user, f"upload.{kind}", workspace, upload.original_name, size=size)
    return check_upload(workspace, upload, today)


def store_columns(workspace: Workspace, columns: Any, name: str, user: Any = None,
                  today: dt.date | None = None) -> Upload:
    """Store generated account columns (``postsale.sample``) as the workspace's account file."""
    from postsale.sample import _table

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        pacsv.write_csv(_table(columns), str(path))
        return store_path(workspace, path, FileKind.ACCOUNTS, name, user, today)


def delete_files(workspace: Workspace) -> None:
    """Remove the workspace's folder (after its rows are deleted)."""
    shutil.rmtree(media_path(workspace_dir(workspace)), ignore_errors=True)


__all__ = ["ALLOWED_SUFFIXES", "UploadTooLargeError", "check_upload",
           "delete_files", "problems_of", "save_stream", "store_columns", "store_path"]
