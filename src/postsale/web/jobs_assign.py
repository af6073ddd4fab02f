"""The rebalance job: the workspace's book assigned to its team (``postsale assign`` in the
worker), with the planners' locks and pins applied, saved as a draft assignment version with its
owners CSV.

Locks and pins (``AccountControl``) reach the core as the book's own columns, the only way
``assign_book`` takes them: a locked account is pinned to its current owner (``pinned`` true,
``owner`` unchanged); a pinned account gets the named owner as its ``owner`` and is pinned. The
core keeps a pinned account with that owner only while the owner is on the roster and may own it
(tier, region, language, time zone); otherwise it moves like any other account. The version
records which controls did not hold (``overrides["controls"]["not_held"]``), so the page can say
so rather than pretend. A pin to someone other than today's owner also means the saved owners
CSV names the pinned owner as ``previous_owner`` (the core sees the book it was given).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

import numpy as np

from postsale.api import AssignmentRun, run_assignment, run_plan
from postsale.core.book import AccountBook
from postsale.io.team_file import LoadedTeam
from postsale.web.audit import record
from postsale.web.books import current_uploads, loaded_book, media_path
from postsale.web.jobs import Progress, enqueue, register
from postsale.web.models import (
    AccountControl,
    FileKind,
    Job,
    Version,
    VersionKind,
    Workspace,
)

KIND = "rebalance"
#: progress notes are message codes (the page renders them in the reader's language)
STEPS = ("web_org.step.book", "web_org.step.plan", "web_org.step.assign", "web_org.step.save")


@dataclasses.dataclass(frozen=True)
class Control:
    """One lock or pin as the job applies it."""

    account_id: str
    locked: bool
    pinned_owner: str


def controls_of(workspace: Workspace) -> list[Control]:
    return [Control(c.account_id, c.locked, c.pinned_owner)
            for c in AccountControl.objects.filter(workspace=workspace).order_by("account_id")]


def team_of(workspace: Workspace, today: dt.date) -> LoadedTeam | None:
    """The workspace's team upload, read as ``postsale assign --team`` reads it (None without)."""
    from postsale.io.team_file import read_team

    upload = current_uploads(workspace).get(FileKind.TEAM)
    return None if upload is None else read_team(media_path(upload.stored_path), today)


def apply_controls(book: AccountBook, controls: Iterable[Control]) -> tuple[AccountBook, int]:
    """The book with each control as its ``owner``/``pinned`` columns (see the module docstring);
    and how many controls named an account the book has."""
    wanted = {c.account_id: c for c in controls if c.locked or c.pinned_owner}
    if not wanted:
        return book, 0
    ids = np.asarray(book.account_id, dtype=object).astype(str)
    rows = np.flatnonzero(np.isin(ids, np.array(list(wanted), dtype=str)))
    if rows.size == 0:
        return book, 0
    owner = np.array(book.owner, dtype=object, copy=True)
    pinned = np.array(book.pinned, dtype=bool, copy=True)
    for row in rows.tolist():
        control = wanted[str(ids[row])]
        if control.pinned_owner:
            owner[row] = control.pinned_owner
            pinned[row] = True
        elif control.locked and owner[row]:
            pinned[row] = True
    columns = {**book.columns(), "owner": owner, "pinned": pinned}
    return AccountBook(present=book.present | {"owner", "pinned"}, **columns), int(rows.size)


def controls_not_held(run: AssignmentRun, controls: Iterable[Control],
                      current: dict[str, str]) -> list[str]:
    """Account ids whose lock or pin the assignment could not keep (the owner left the roster or
    may not own the account): ``current`` is each account's owner before the controls."""
    cols = run.owner_columns()
    ids = np.asarray(cols["account_id"], dtype=object).astype(str)
    position = {account: k for k, account in enumerate(ids.tolist())}
    missed = []
    for c in controls:
        k = position.get(c.account_id)
        if k is None or not (c.locked or c.pinned_owner):
            continue
        target = (c.pinned_owner or current.get(c.account_id, "")).strip().lower()
        got = {str(cols["owner_id"][k]).strip().lower(), str(cols["owner_name"][k]).strip().lower()}
        if target and target not in got:
            missed.append(c.account_id)
    return missed


def assignment_summary(data: dict[str, Any]) -> dict[str, Any]:
    """The version's summary figures (``versions_store.SUMMARY_KEYS['assignment']``)."""
    roster, diff = data.get("roster", {}), data.get("diff", {})
    return {"accounts": data.get("accounts"), "people": roster.get("people"),
            "moved": diff.get("moves"),
            "imbalance": data.get("imbalance", {}).get("postsale", {}).get("max_over_balanced"),
            "open_requisitions": roster.get("open_requisitions")}


@register(KIND)
def rebalance(job: Job, progress: Progress) -> Version:
    """Run the assignment on the cached book (team upload as the roster when there is one) and
    save it as a draft assignment version with its owners CSV; propose it when asked."""
    from postsale.report.assign_csv import owners_csv_bytes
    from postsale.web import versions_store

    workspace = job.workspace
    today = dt.date.fromisoformat(job.params["today"]) if job.params.get("today") else None
    progress(0.05, STEPS[0], force=True)
    loaded = loaded_book(workspace, today)
    controls = controls_of(workspace)
    ids = np.asarray(loaded.book.account_id, dtype=object).astype(str)
    owners = np.asarray(loaded.book.owner, dtype=object)
    wanted = {c.account_id for c in controls}
    current = {str(i): str(o or "") for i, o in zip(ids.tolist(), owners.tolist(), strict=True)
               if str(i) in wanted}
    book, applied = apply_controls(loaded.book, controls)
    team = team_of(workspace, loaded.today)
    progress(0.2, STEPS[1], force=True)
    plan = run_plan(book, loaded.company, today=loaded.today, notes=loaded.notes)
    progress(0.4, STEPS[2], force=True)
    run = run_assignment(plan, loaded.company, None if team is None else team.roster,
                         today=loaded.today,
                         notes=() if team is None else team.summary_notes())
    progress(0.85, STEPS[3], force=True)
    data = run.to_dict()
    missed = controls_not_held(run, controls, current)
    version = versions_store.create_version(
        workspace, VersionKind.ASSIGNMENT, author=job.created_by, payload=data,
        owners_csv=owners_csv_bytes(run.owner_columns()), summary=assignment_summary(data),
        title=str(job.params.get("title", ""))[:200],
        overrides={"controls": {"locked": sum(c.locked for c in controls),
                                "pinned": sum(bool(c.pinned_owner) for c in controls),
                                "applied": applied, "not_held": missed[:200],
                                "not_held_count": len(missed)},
                   "team": team is not None,
                   # each reason's sentence as the CSV has it, with its message: the page shows
                   # it in the reader's language
                   "reasons": [{"text": str(m), **m.to_json()} for m in run.assignment.reasons]})
    version.uploads.set(list(loaded.uploads.values()))
    if job.params.get("propose"):
        version = versions_store.propose(version, job.created_by,
                                         str(job.params.get("note", ""))[:2000])
    return version


def start_rebalance(workspace: Workspace, user: Any, *, propose: bool = False, note: str = "",
                    today: dt.date | None = None) -> Job:
    """Queue a rebalance (the worker runs it; the page polls the job)."""
    # no NUL: a jsonb column refuses it (the page's form is not validated like the API's body)
    params: dict[str, Any] = {"propose": bool(propose), "note": note.replace("\x00", "")[:2000]}
    if today is not None:
        params["today"] = today.isoformat()
    job = enqueue(workspace, KIND, params, user)
    record(user, "assignment.rebalance", workspace, f"job {job.pk}", propose=bool(propose))
    return job


__all__ = ["KIND", "Control", "apply_controls", "assignment_summary", "controls_not_held",
           "controls_of", "rebalance", "start_rebalance", "team_of"]
