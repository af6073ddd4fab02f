"""Saved versions: their files, which one is current, and the approval flow.

A version's payload is postsale's own JSON of the result (``PlanResult.to_dict()``,
``AssignmentRun.to_dict()``, ``ProjectionResult.to_dict()``) in a file under the workspace's folder;
an assignment also keeps its owners CSV. ``summary`` holds the figures lists and comparisons need
(see ``SUMMARY_KEYS``). The current version of a kind is its latest *approved* one: a planner
proposes, an admin approves (or rejects), and only then does it become what the owners CSV and the
team see as the plan of record.

The states: draft → proposed → approved | rejected; rejected → proposed again; approved is final
(a later approval supersedes it: shown, never stored). A rejection needs its reason; an admin may
approve their *own* draft directly, never someone else's unproposed one. Approval times are kept
strictly increasing per workspace and kind, so "most recently approved" never depends on a clock
tick or on how a database sorts NULLs. Roles are the callers' business (pages and API check them).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from postsale.io.write import atomic_write_bytes
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


class NoteRequiredError(ValueError):
    """A rejection without its reason (the planner needs to know what to change)."""


def dig(data: Any, *path: str | int) -> Any:
    """``data[path[0]][path[1]]…`` through dicts (str keys) and lists (int positions, negative
    from the end), or None where a step is missing: payloads of older postsale versions may
    lack a part, and a list or comparison then shows a dash rather than failing."""
    for step in path:
        if isinstance(data, dict) and isinstance(step, str):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and -len(data) <= step < len(data):
            data = data[step]
        else:
            return None
    return data


def summary_of(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The ``SUMMARY_KEYS`` figures read from a payload (postsale's own JSON; nothing computed
    here): what lists show without opening the file. Missing parts give no key."""
    found: dict[str, Any] = {}

    def put(key: str, *path: str | int) -> None:
        value = dig(payload, *path)
        if value is not None:
            found[key] = value

    if kind == VersionKind.PLAN:
        put("accounts", "accounts")
        put("arr", "arr")
        put("required", "headcount", "required", "total")
        required = payload.get("headcount", {}).get("required")
        if isinstance(required, dict):
            found["required_by_role"] = {r: n for r, n in required.items() if r != "total"}
        put("cost", "economics", "full_cost")
        put("cost_share", "economics", "full_cost_share_of_revenue")
        put("budget", "funding", "budget", "amount")
        put("funded", "funding", "status")
        put("model", "org", "recommended")
    elif kind == VersionKind.ASSIGNMENT:
        put("accounts", "accounts")
        put("people", "roster", "people")
        put("open_requisitions", "roster", "open_requisitions")
        put("moved", "diff", "moves")
        put("imbalance", "imbalance", "postsale", "max_over_balanced")
    elif kind == VersionKind.PROJECTION:
        put("months", "horizon_months")
        put("paths", "paths")
        put("seed", "seed")
        put("required_month0", "months", 0, "required", "total")
        put("required_last", "months", -1, "required", "total")
        hires = payload.get("hires")
        if isinstance(hires, list):
            found["hires"] = len(hires)
        put("cost_last", "months", -1, "cumulative_cost")
        put("arr_last", "months", -1, "arr", "p50")
    return found


def write_file(relative: str, data: bytes) -> None:
    """One of a version's files, written atomically (``postsale.io.write``) in its folder."""
    path = media_path(relative)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    atomic_write_bytes(path, data)


def version_file(workspace: Workspace, kind: str, suffix: str) -> str:
    """A fresh relative path for one of a version's files."""
    return f"ws-{workspace.pk}/versions/{kind}-{uuid.uuid4().hex}{suffix}"


def create_version(workspace: Workspace, kind: str, *, author: Any, payload: dict[str, Any],
                   summary: dict[str, Any] | None = None, owners_csv: bytes | None = None,
                   title: str = "", overrides: dict[str, Any] | None = None,
                   status: str = VersionStatus.DRAFT, based_on: Version | None = None) -> Version:
    """Save a version: its files first (atomically), then its row and its audit event in one
    transaction. A process killed before the row is written leaves at most an unreferenced file,
    never a version; a row that cannot be written takes its files with it.

    ``summary`` figures given win over those read from the payload (:func:`summary_of`). A new
    version is a draft or a proposal; one created ``approved`` (an admin's own save) is stamped as
    decided by its author, like an approval."""
    if kind not in VersionKind.values:
        raise ValueError(f"unknown version kind {kind!r}")  # i18n: not text
    if status not in (VersionStatus.DRAFT, VersionStatus.PROPOSED, VersionStatus.APPROVED):
        raise VersionStateError(status)
    user = author if getattr(author, "is_authenticated", False) else None
    payload_path = version_file(workspace, kind, ".json")
    owners_path = version_file(workspace, kind, ".csv") if owners_csv is not None else ""
    write_file(payload_path, json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8"))
    if owners_csv is not None:
        write_file(owners_path, owners_csv)

    def write(version: Version) -> None:  # the files are already in place
        version.payload_path = payload_path
        version.owners_path = owners_path

    figures = {**summary_of(kind, payload), **(summary or {})}
    try:
        with transaction.atomic():
            version = save_version(workspace, kind, author=user, write_files=write,
                                   title=title[:200], overrides=overrides or {}, summary=figures,
                                   status=status, based_on=based_on,
                                   company_toml=workspace.company_toml)
            if status == VersionStatus.APPROVED:  # in turn with approvals (workspace locked)
                _stamp(user, _latest_approval(workspace.pk, kind))(version)
                version.save(update_fields=["decided_by", "decided_at"])
            record(user, f"version.create.{kind}", workspace, f"{kind} v{version.number}",
                   status=status, version=version.pk)
    except BaseException:
        for relative in (payload_path, owners_path):
            if relative:
                media_path(relative).unlink(missing_ok=True)
        raise
    return version


def payload_of(version: Version) -> dict[str, Any]:
    """The version's full result (its JSON file)."""
    data: dict[str, Any] = json.loads(media_path(version.payload_path).read_text(encoding="utf-8"))
    return data


def current_version(workspace: Workspace, kind: str) -> Version | None:
    """The version of record: the most recently approved one of ``kind`` (approval times are
    kept strictly increasing per kind by :func:`approve`; NULLs last on every database)."""
    return (Version.objects.filter(workspace=workspace, kind=kind, status=VersionStatus.APPROVED)
            .order_by(F("decided_at").desc(nulls_last=True), "-number").first())


def current_ids(workspace: Workspace) -> set[int]:
    """The primary keys of the current version of every kind (for lists that mark them)."""
    found = (current_version(workspace, kind) for kind in VersionKind.values)
    return {version.pk for version in found if version is not None}


def _decide(version: Version, user: Any, allowed_from: tuple[str, ...], to: str, note: str,
            action: str, stamp: Callable[[Version], None] | None = None) -> Version:
    with transaction.atomic():
        locked = Version.objects.select_for_update().get(pk=version.pk)
        if locked.status not in allowed_from:
            raise VersionStateError(locked.status)
        if (to == VersionStatus.APPROVED and locked.status == VersionStatus.DRAFT
                and (locked.author_id is None or locked.author_id != getattr(user, "pk", None))):
            raise VersionStateError(locked.status)  # someone else's draft: propose it first
        locked.status = to
        if stamp is not None:
            stamp(locked)
        else:  # a fresh proposal: the previous decision no longer stands
            locked.decided_by = None
            locked.decided_at = None
        locked.decision_note = note[:2000]
        locked.save()
        record(user, action, locked.workspace, f"{locked.kind} v{locked.number}",
               version=locked.pk, note=note[:2000], status=to)
    return locked


def propose(version: Version, user: Any, note: str = "") -> Version:
    """A planner asks for approval (from draft, or again after a rejection)."""
    return _decide(version, user, (VersionStatus.DRAFT, VersionStatus.REJECTED),
                   VersionStatus.PROPOSED, note.strip(), "version.propose")


def _stamp(user: Any, after: Any = None) -> Callable[[Version], None]:
    def stamp(version: Version) -> None:
        version.decided_by = user if getattr(user, "is_authenticated", False) else None
        now = timezone.now()
        if after is not None and now <= after:  # same clock tick: keep approvals in order
            now = after + dt.timedelta(microseconds=1)
        version.decided_at = now

    return stamp


def _latest_approval(workspace_id: int, kind: str) -> Any:
    """When the last approval of ``kind`` in the workspace was stamped (None: never)."""
    return (Version.objects.filter(workspace_id=workspace_id, kind=kind,
                                   status=VersionStatus.APPROVED)
            .aggregate(top=Max("decided_at"))["top"])


def approve(version: Version, user: Any, note: str = "") -> Version:
    """An admin approves a proposed version (an admin's own draft may be approved directly): it
    becomes the current version of its kind; the one before stays approved, superseded."""
    with transaction.atomic():
        # lock the workspace row so two approvals of one kind are stamped in turn
        Workspace.objects.select_for_update().filter(pk=version.workspace_id).first()
        return _decide(version, user, (VersionStatus.PROPOSED, VersionStatus.DRAFT),
                       VersionStatus.APPROVED, note.strip(), "version.approve",
                       _stamp(user, _latest_approval(version.workspace_id, version.kind)))


def reject(version: Version, user: Any, note: str = "") -> Version:
    """An admin sends a proposed version back, with the reason (required)."""
    if not note.strip():
        raise NoteRequiredError("reject")
    return _decide(version, user, (VersionStatus.PROPOSED,), VersionStatus.REJECTED, note.strip(),
                   "version.reject", _stamp(user))
