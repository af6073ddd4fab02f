"""The owners table: every account with its current owner (the book's ``owner`` column, what the
CRM says today), its proposed owner and reason (an assignment version's owners CSV) and the
planners' lock or pin on it.

The proposal shown is a chosen version, else the workspace's current (approved) assignment, else
its latest draft or proposed one — the page labels which. The table is columnar (one Arrow table
per book and version, kept per process like the parsed book) and filtered with Arrow compute, so a
page of a million-account book costs a filter and a slice, never a Python loop over accounts.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
import pyarrow.csv as pacsv  # type: ignore[import-untyped]
from django.db import transaction
from django.utils import timezone

from postsale.api import run_plan
from postsale.io.team_file import LoadedTeam, read_team
from postsale.keys import TIER_KEYS
from postsale.web.audit import record
from postsale.web.books import LoadedBook, media_path
from postsale.web.models import AccountControl, Version, VersionKind, VersionStatus, Workspace

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
MAX_CHOICES = 300
TABLE_CACHE_SIZE = 4
TIERS = tuple(str(t) for t in TIER_KEYS)
MAX_NUMBER = 2**31 - 1  # the largest version number a database column holds


class ControlError(ValueError):
    """A lock or pin that cannot be set: ``code`` is the message (``web_org.control.*``)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def proposal_version(workspace: Workspace, number: int | None = None) -> Version | None:
    """The assignment version whose owners the page shows (see the module docstring)."""
    versions = Version.objects.filter(workspace=workspace, kind=VersionKind.ASSIGNMENT)
    if number is not None:
        if not 1 <= number <= MAX_NUMBER:  # beyond the column's range: no such version
            return None
        return versions.filter(number=number).first()
    from postsale.web.versions_store import current_version

    found = current_version(workspace, VersionKind.ASSIGNMENT)
    if found is not None:
        return found
    return (versions.filter(status__in=(VersionStatus.DRAFT, VersionStatus.PROPOSED))
            .order_by("-number").first())


@dataclass(frozen=True)
class Filters:
    """What the reader narrowed the table to (all optional)."""

    q: str = ""
    tier: str = ""
    region: str = ""
    owner: str = ""
    proposed: str = ""
    moved: str = ""  # "yes" | "no" | ""

    @classmethod
    def of(cls, data: Any) -> Filters:
        def get(name: str) -> str:
            return str(data.get(name) or "").strip()[:200]

        moved = get("moved")
        return cls(q=get("q"), tier=get("tier"), region=get("region"), owner=get("owner"),
                   proposed=get("proposed"), moved=moved if moved in ("yes", "no") else "")

    def query(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


_CACHE: OrderedDict[tuple[str, int | None], pa.Table] = OrderedDict()
_LOCK = threading.Lock()


def _owners_csv(version: Version) -> pa.Table:
    options = pacsv.ConvertOptions(column_types={
        c: pa.string() for c in ("account_id", "owner_id", "owner_name", "previous_owner",
                                 "reason", "violations")}, strings_can_be_null=False)
    return pacsv.read_csv(str(media_path(version.owners_path)), convert_options=options)


def owners_table(loaded: LoadedBook, version: Version | None) -> pa.Table:
    """One row per account of the book: ``account_id, name, tier, region, owner`` and, from the
    version's owners CSV (matched by account id; blank for an account it does not have),
    ``proposed_id, proposed_name, moved, reason``."""
    key = (loaded.key, version.pk if version is not None else None)
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit
    book = loaded.book
    tiering = run_plan(book, loaded.company, today=loaded.today, notes=loaded.notes).tiering
    ids = pa.array(np.asarray(book.account_id, dtype=object).astype(str), type=pa.string())

    def text(values: Any) -> pa.Array:
        return pc.fill_null(pa.array(np.asarray(values, dtype=object), type=pa.string(),
                                     from_pandas=True), "")

    columns: dict[str, Any] = {
        "account_id": ids, "name": text(book.name),
        "tier": pa.array(np.array(TIERS, dtype=object)[tiering.tier], type=pa.string()),
        "region": text(book.region), "owner": text(book.owner),
    }
    if version is not None and version.owners_path:
        csv = _owners_csv(version)
        for missing in {"account_id", "owner_id", "owner_name", "reason", "moved"} - set(
                csv.column_names):  # an owners CSV of another shape: its columns left blank
            csv = csv.append_column(missing, pa.array([""] * csv.num_rows, type=pa.string()))
        at = pc.index_in(ids, value_set=csv["account_id"])
        found = pc.is_valid(at)
        for name, source in (("proposed_id", "owner_id"), ("proposed_name", "owner_name"),
                             ("reason", "reason")):
            columns[name] = pc.fill_null(pc.take(csv[source], at), "")
        moved = pc.take(pc.equal(pc.utf8_lower(pc.cast(csv["moved"], pa.string())), "true"), at)
        columns["moved"] = pc.and_(pc.fill_null(moved, False), found)
    else:
        blank = pa.array([""] * len(ids), type=pa.string())
        columns.update(proposed_id=blank, proposed_name=blank, reason=blank,
                       moved=pa.array(np.zeros(len(ids), dtype=bool)))
    table = pa.table(columns)
    with _LOCK:
        _CACHE[key] = table
        while len(_CACHE) > TABLE_CACHE_SIZE:
            _CACHE.popitem(last=False)
    return table


def forget_tables() -> None:
    with _LOCK:
        _CACHE.clear()


def _equal(column: pa.Array, value: str) -> pa.Array:
    return pc.equal(pc.utf8_lower(column), value.lower())


def filter_rows(table: pa.Table, filters: Filters) -> pa.Table:
    """The rows matching every filter (text filters case-insensitive; ``q`` searches the account
    id and name)."""
    mask = pa.array(np.ones(table.num_rows, dtype=bool))
    if filters.q:
        hit = pc.or_(pc.match_substring(table["account_id"], filters.q, ignore_case=True),
                     pc.match_substring(table["name"], filters.q, ignore_case=True))
        mask = pc.and_(mask, hit)
    for name, value in (("tier", filters.tier), ("region", filters.region),
                        ("owner", filters.owner)):
        if value:
            mask = pc.and_(mask, _equal(table[name], value))
    if filters.proposed:
        mask = pc.and_(mask, pc.or_(_equal(table["proposed_id"], filters.proposed),
                                    _equal(table["proposed_name"], filters.proposed)))
    if filters.moved:
        moved = table["moved"]
        mask = pc.and_(mask, moved if filters.moved == "yes" else pc.invert(moved))
    return table.filter(mask)


def choices(table: pa.Table) -> dict[str, list[str]]:
    """The distinct values each select offers (at most MAX_CHOICES, sorted)."""

    def distinct(name: str) -> list[str]:
        values = [v for v in pc.unique(table[name]).to_pylist() if v]
        return sorted(values, key=str.lower)[:MAX_CHOICES]

    return {"tier": [t for t in TIERS if t in set(pc.unique(table["tier"]).to_pylist())],
            "region": distinct("region"), "owner": distinct("owner"),
            "proposed": distinct("proposed_name")}


@dataclass(frozen=True)
class Page:
    rows: list[dict[str, Any]]
    total: int
    page: int
    pages: int
    size: int


def page_of(table: pa.Table, page: int, size: int = PAGE_SIZE) -> Page:
    """Rows ``page`` (1-based) of ``size``, as dicts; page numbers outside the range clamp."""
    size = max(1, min(int(size), MAX_PAGE_SIZE))
    total = table.num_rows
    pages = max(1, -(-total // size))
    page = max(1, min(int(page), pages))
    rows = table.slice((page - 1) * size, size).to_pylist()
    return Page(rows=rows, total=total, page=page, pages=pages, size=size)


def with_controls(workspace: Workspace, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row with its ``locked`` flag and ``pinned_owner`` (from ``AccountControl``)."""
    found = {c.account_id: c for c in AccountControl.objects.filter(
        workspace=workspace, account_id__in=[r["account_id"] for r in rows])}
    for row in rows:
        control = found.get(row["account_id"])
        row["locked"] = bool(control and control.locked)
        row["pinned_owner"] = control.pinned_owner if control else ""
    return rows


def with_reasons(version: Version | None, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row with ``reason_msg`` (``{code, params}``) when the version recorded the message
    behind its reason sentence (the CSV holds the sentence in the language the job ran in)."""
    known = {r["text"]: {"code": r["code"], "params": r.get("params", {})}
             for r in (version.overrides.get("reasons", []) if version is not None else [])
             if r.get("text") and r.get("code")}
    for row in rows:
        row["reason_msg"] = known.get(row.get("reason", ""))
    return rows


def known_owners(loaded: LoadedBook, table: pa.Table) -> set[str]:
    """Whom an account may be pinned to (lower-cased): the team upload's people (ids and names),
    the book's current owners and the shown proposal's owners (open requisitions included)."""
    names = {str(v).lower() for col in ("owner", "proposed_id", "proposed_name")
             for v in pc.unique(table[col]).to_pylist() if v}
    team = team_of_safe(loaded)
    if team is not None:
        names |= {str(v).lower() for v in (*team.roster.person_id, *team.roster.name) if v}
        names |= {str(pid).lower() for pid, _, _ in team.members}
    return names


def team_of_safe(loaded: LoadedBook) -> LoadedTeam | None:
    """The team upload (None without; a file that no longer reads counts as none here — the
    uploads page shows its problems)."""
    from postsale.errors import PostsaleError
    from postsale.web.models import FileKind

    upload = loaded.uploads.get(FileKind.TEAM)
    if upload is None:
        return None
    try:
        return read_team(media_path(upload.stored_path), loaded.today)
    except PostsaleError:
        return None


def set_control(workspace: Workspace, loaded: LoadedBook, table: pa.Table, account_id: str,
                *, locked: bool, pinned_owner: str, user: Any) -> AccountControl | None:
    """Lock (keep today's owner) or pin (to a named owner) one account, audited; neither clears
    it. Raises ControlError: unknown account, a lock without a current owner, both at once, or a
    pin to someone neither the team, the book nor the proposal knows."""
    pinned_owner = pinned_owner.strip()[:200]
    at = pc.index(table["account_id"], account_id).as_py()
    if at < 0:
        raise ControlError("web_org.control.no_account", account=account_id)
    if locked and pinned_owner:
        raise ControlError("web_org.control.both")
    if locked and not table["owner"][at].as_py():
        raise ControlError("web_org.control.no_owner", account=account_id)
    if pinned_owner and pinned_owner.lower() not in known_owners(loaded, table):
        raise ControlError("web_org.control.unknown_owner", owner=pinned_owner)
    with transaction.atomic():
        if not locked and not pinned_owner:
            deleted, _ = AccountControl.objects.filter(workspace=workspace,
                                                       account_id=account_id).delete()
            if deleted:
                record(user, "owners.control.clear", workspace, account_id)
            return None
        control, _ = AccountControl.objects.update_or_create(
            workspace=workspace, account_id=account_id,
            defaults={"locked": locked, "pinned_owner": pinned_owner,
                      "set_by": user if getattr(user, "is_authenticated", False) else None,
                      "set_at": timezone.now()})
        record(user, "owners.control.lock" if locked else "owners.control.pin", workspace,
               account_id, owner=pinned_owner or str(table["owner"][at].as_py()))
    return control


__all__ = ["PAGE_SIZE", "ControlError", "Filters", "Page", "choices", "filter_rows",
           "forget_tables", "known_owners", "owners_table", "page_of", "proposal_version",
           "set_control", "with_controls", "with_reasons"]
