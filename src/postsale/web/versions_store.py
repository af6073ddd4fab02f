"""Saved versions: their files, which one is current, and the approval flow.

A version's payload is postsale's own JSON of the result (``PlanResult.to_dict()``,
``AssignmentRun.to_dict()``, ``ProjectionResult.to_dict()``) in a file under the workspace's folder;
an assignment also keeps its owners CSV. ``summary`` holds the figures lists and comparisons need
(see ``SUMMARY_KEYS``). The current version of a kind is its latest *approved* one: a planner
proposes, an admin approves (or rejects), and only then does it become what the owners CSV and the
team see as the plan of record.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from postsale.web.audit import record
from postsale.web.books import media_path
from postsale.web.jobs import save_version
from postsale.web.models import Version, VersionKind, VersionStatus, Workspace

#: the summary figures each kind records (all optional; lists and comparisons show what is there)
SUMMARY_KEYS: dict[str, tuple[str, ...]] = {
    VersionKind.PLAN: ("accounts", "arr", "required", "required_by_role", "cost", "cost_share",
                       "budget", "funded", "model"),
    VersionKind.ASSIGNMENT: ("accounts", "people", "moved", "imbalance", "open_requisitions"),
    VersionKind.PROJECTION: ("months", "paths", "seed", "required_month0", "required_last",
                             "hires", "cost_last", "arr_last"),
}


class VersionStateError(ValueError):
    """A decision that does not fit the version's state (approving a rejected one, say)."""


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename (never half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def version_file(workspace: Workspace, kind: str, suffix: str) -> str:
    """A fresh relative path for one of a version's files."""
    return f"ws-{workspace.pk}/versions/{kind}-{uuid.uuid4().hex}{suffix}"


def create_version(workspace: Workspace, kind: str, *, author: Any, payload: dict[str, Any],
                   summary: dict[str, Any], owners_csv: bytes | None = None,
                   title: str = "", overrides: dict[str, Any] | None = None,
                   status: str = VersionStatus.DRAFT, based_on: Version | None = None) -> Version:
    """Save a version: its files first (atomically), then its row in one transaction, then the
    audit event. A process killed before the row is written leaves at most an unreferenced file,
    never a version."""

    def write(version: Version) -> None:
        version.payload_path = version_file(workspace, kind, ".json")
        atomic_write_bytes(media_path(version.payload_path),
                           json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8"))
        if owners_csv is not None:
            version.owners_path = version_file(workspace, kind, ".csv")
            atomic_write_bytes(media_path(version.owners_path), owners_csv)

    user = author if getattr(author, "is_authenticated", False) else None
    version = save_version(workspace, kind, author=user, write_files=write, title=title[:200],
                           overrides=overrides or {}, summary=summary, status=status,
                           based_on=based_on, company_toml=workspace.company_toml)
    record(user, f"version.create.{kind}", workspace, f"{kind} v{version.number}",
           status=status, version=version.pk)
    return version


def payload_of(version: Version) -> dict[str, Any]:
    """The version's full result (its JSON file)."""
    data: dict[str, Any] = json.loads(media_path(version.payload_path).read_text(encoding="utf-8"))
    return data


def current_version(workspace: Workspace, kind: str) -> Version | None:
    """The version of record: the latest approved one of ``kind``."""
    return (Version.objects.filter(workspace=workspace, kind=kind, status=VersionStatus.APPROVED)
            .order_by("-decided_at", "-number").first())


def _decide(version: Version, user: Any, allowed_from: tuple[str, ...], to: str, note: str,
            action: str, stamp: Callable[[Version], None] | None = None) -> Version:
    with transaction.atomic():
        locked = Version.objects.select_for_update().get(pk=version.pk)
        if locked.status not in allowed_from:
            raise VersionStateError(locked.status)
        locked.status = to
        if stamp is not None:
            stamp(locked)
        locked.decision_note = note[:2000] if note else locked.decision_note
        locked.save()
        record(user, action, locked.workspace, f"{locked.kind} v{locked.number}",
               version=locked.pk, note=note)
    return locked


def propose(version: Version, user: Any, note: str = "") -> Version:
    """A planner asks for approval (from draft, or again after a rejection)."""
    return _decide(version, user, (VersionStatus.DRAFT, VersionStatus.REJECTED),
                   VersionStatus.PROPOSED, note, "version.propose")


def _stamp(user: Any) -> Callable[[Version], None]:
    def stamp(version: Version) -> None:
        version.decided_by = user
        version.decided_at = timezone.now()

    return stamp


def approve(version: Version, user: Any, note: str = "") -> Version:
    """An admin approves a proposed version (an admin's own draft may be approved directly): it
    becomes the current version of its kind."""
    return _decide(version, user, (VersionStatus.PROPOSED, VersionStatus.DRAFT),
                   VersionStatus.APPROVED, note, "version.approve", _stamp(user))


def reject(version: Version, user: Any, note: str = "") -> Version:
    """An admin sends a proposed version back, with the reason."""
    return _decide(version, user, (VersionStatus.PROPOSED,), VersionStatus.REJECTED, note,
                   "version.reject", _stamp(user))
