"""Two versions of one kind side by side: what changed in headcount, cost, people and owners.

Every figure is read from the two payloads (postsale's own JSON of each result) and the two owners
CSVs; the web layer only subtracts. Moved accounts are found with Arrow (a hash join on
``account_id``, one vectorised comparison of owners): no Python loop over accounts, so two
100,000-row owners files compare in well under a second, and the result is kept per pair of files
(files of a version never change) so paging through the table does not redo the join.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
import pyarrow.csv as pacsv  # type: ignore[import-untyped]

from postsale.web.books import media_path
from postsale.web.models import Version, VersionKind
from postsale.web.versions_store import dig, payload_of

MOVED_CACHE_SIZE = 8


class CompareError(ValueError):
    """Two versions that cannot be compared (``code`` names the message: different kinds, a
    version missing its owners file)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class MovedAccounts:
    """Accounts whose owner differs between owners file a and b (``table``: account_id,
    owner_a, owner_a_name, owner_b, owner_b_name, sorted by account), and the accounts only one
    file has."""

    count: int
    common: int
    only_a: int
    only_b: int
    table: Any  # pyarrow.Table

    def page(self, number: int, size: int) -> list[dict[str, str]]:
        """Rows ``(number-1)*size`` … as dicts (``number`` from 1)."""
        start = max(0, (number - 1) * size)
        rows: list[dict[str, str]] = self.table.slice(start, size).to_pylist()
        return rows


_OWNER_TYPES = {"account_id": pa.string(), "owner_id": pa.string(), "owner_name": pa.string()}


def _owners(path: Path, side: str) -> Any:
    """One owners file's account and owner columns (all text, as written)."""
    table = pacsv.read_csv(
        str(path),
        convert_options=pacsv.ConvertOptions(column_types=_OWNER_TYPES,
                                             include_columns=list(_OWNER_TYPES),
                                             strings_can_be_null=False))
    return table.rename_columns(["account_id", f"owner_{side}", f"owner_{side}_name"])


def moved_between(path_a: Path, path_b: Path) -> MovedAccounts:
    """The accounts that change owner from owners file a to b (an account counts once; an owner
    is compared by its id, and by its name where neither has an id: unassigned, churned)."""
    a, b = _owners(path_a, "a"), _owners(path_b, "b")
    joined = a.join(b, keys="account_id", join_type="inner")
    same_id = pc.equal(joined["owner_a"], joined["owner_b"])
    no_id = pc.and_(pc.equal(joined["owner_a"], ""), pc.equal(joined["owner_b"], ""))
    same = pc.if_else(no_id, pc.equal(joined["owner_a_name"], joined["owner_b_name"]), same_id)
    moved = joined.filter(pc.invert(same)).sort_by("account_id")
    moved = moved.select(["account_id", "owner_a", "owner_a_name", "owner_b", "owner_b_name"])
    common = joined.num_rows
    return MovedAccounts(count=moved.num_rows, common=common, only_a=a.num_rows - common,
                         only_b=b.num_rows - common, table=moved)


_CACHE: OrderedDict[tuple[str, str], MovedAccounts] = OrderedDict()
_LOCK = threading.Lock()


def moved_accounts(a: Version, b: Version) -> MovedAccounts:
    """Moved accounts between two assignment versions (cached per pair of owners files)."""
    if not a.owners_path or not b.owners_path:
        raise CompareError("web_versions.compare.no_owners")
    key = (a.owners_path, b.owners_path)
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit
    try:
        found = moved_between(media_path(a.owners_path), media_path(b.owners_path))
    except (OSError, pa.ArrowInvalid, KeyError) as error:  # a file gone or not an owners file
        raise CompareError("web_versions.compare.bad_owners") from error
    with _LOCK:
        _CACHE[key] = found
        while len(_CACHE) > MOVED_CACHE_SIZE:
            _CACHE.popitem(last=False)
    return found


def _change(a: Any, b: Any) -> Any:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool) \
            and not isinstance(b, bool):
        return b - a
    return None


def figure(code: str, a: Any, b: Any, spec: str = "int") -> dict[str, Any]:
    """One compared figure: its label code, both values, b − a when both are numbers, and how to
    format them (``int``, ``money``, ``pct``, ``text``)."""
    return {"code": code, "a": a, "b": b, "change": _change(a, b), "spec": spec}


def compare_plans(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Headcount by role (the recommended plan's), total people, cost, its share of ARR, budget,
    funding status and organization model of two plan payloads."""
    roles_a = dig(a, "headcount", "required") or {}
    roles_b = dig(b, "headcount", "required") or {}
    roles = [r for r in dict.fromkeys([*roles_a, *roles_b]) if r != "total"]
    by_role = [{"role": r, "a": roles_a.get(r, 0), "b": roles_b.get(r, 0),
                "change": _change(roles_a.get(r, 0), roles_b.get(r, 0))}
               for r in roles if roles_a.get(r, 0) or roles_b.get(r, 0)]
    return {
        "by_role": by_role,
        "figures": [
            figure("web_versions.fig.accounts", dig(a, "accounts"), dig(b, "accounts")),
            figure("web_versions.fig.arr", dig(a, "arr"), dig(b, "arr"), "money"),
            figure("web_versions.fig.people", roles_a.get("total"), roles_b.get("total")),
            figure("web_versions.fig.cost", dig(a, "economics", "full_cost"),
                   dig(b, "economics", "full_cost"), "money"),
            figure("web_versions.fig.cost_share",
                   dig(a, "economics", "full_cost_share_of_revenue"),
                   dig(b, "economics", "full_cost_share_of_revenue"), "pct1"),
            figure("web_versions.fig.budget", dig(a, "funding", "budget", "amount"),
                   dig(b, "funding", "budget", "amount"), "money"),
            figure("web_versions.fig.funded", dig(a, "funding", "status"),
                   dig(b, "funding", "status"), "funded"),
            figure("web_versions.fig.model", dig(a, "org", "recommended"),
                   dig(b, "org", "recommended"), "term"),
        ],
    }


def compare_projections(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Required people at month 0 and at the horizon, hires, and cost (monthly and cumulative)
    and median ARR at the horizon of two projection payloads."""
    return {
        "figures": [
            figure("web_versions.fig.horizon", dig(a, "horizon_months"), dig(b, "horizon_months")),
            figure("web_versions.fig.required_month0", dig(a, "months", 0, "required", "total"),
                   dig(b, "months", 0, "required", "total"), "num1"),
            figure("web_versions.fig.required_last", dig(a, "months", -1, "required", "total"),
                   dig(b, "months", -1, "required", "total"), "num1"),
            figure("web_versions.fig.hires", len(dig(a, "hires") or []),
                   len(dig(b, "hires") or [])),
            figure("web_versions.fig.cost_last", dig(a, "months", -1, "cost"),
                   dig(b, "months", -1, "cost"), "money"),
            figure("web_versions.fig.cumulative_cost", dig(a, "months", -1, "cumulative_cost"),
                   dig(b, "months", -1, "cumulative_cost"), "money"),
            figure("web_versions.fig.arr_last", dig(a, "months", -1, "arr", "p50"),
                   dig(b, "months", -1, "arr", "p50"), "money"),
        ],
    }


def compare_assignments(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """People, open requisitions and each person's book (accounts, ARR) in two assignment
    payloads; moved accounts come from the owners files (:func:`moved_accounts`)."""
    people_a = {p["person_id"]: p for p in dig(a, "people") or [] if isinstance(p, dict)}
    people_b = {p["person_id"]: p for p in dig(b, "people") or [] if isinstance(p, dict)}
    books = []
    for pid in dict.fromkeys([*people_a, *people_b]):
        pa_, pb_ = people_a.get(pid, {}), people_b.get(pid, {})
        books.append({"person_id": pid, "label": pb_.get("label") or pa_.get("label") or pid,
                      "a": pa_.get("accounts"), "b": pb_.get("accounts"),
                      "change": _change(pa_.get("accounts", 0), pb_.get("accounts", 0)),
                      "arr_a": pa_.get("arr"), "arr_b": pb_.get("arr")})
    return {
        "books": books,
        "figures": [
            figure("web_versions.fig.accounts", dig(a, "accounts"), dig(b, "accounts")),
            figure("web_versions.fig.people_in_seat", dig(a, "roster", "people"),
                   dig(b, "roster", "people")),
            figure("web_versions.fig.open_requisitions", dig(a, "roster", "open_requisitions"),
                   dig(b, "roster", "open_requisitions")),
            figure("web_versions.fig.imbalance",
                   dig(a, "imbalance", "postsale", "max_over_balanced"),
                   dig(b, "imbalance", "postsale", "max_over_balanced"), "num2"),
        ],
    }


def compare(a: Version, b: Version) -> dict[str, Any]:
    """The comparison of two versions of one workspace and kind (the caller has checked the
    workspace; a different kind raises :class:`CompareError`)."""
    if a.kind != b.kind:
        raise CompareError("web_versions.compare.kinds_differ")
    try:
        left, right = payload_of(a), payload_of(b)
    except (OSError, ValueError) as error:  # a result file gone or damaged on disk
        raise CompareError("web_versions.compare.file_missing") from error
    if a.kind == VersionKind.PLAN:
        return compare_plans(left, right)
    if a.kind == VersionKind.PROJECTION:
        return compare_projections(left, right)
    return compare_assignments(left, right)


def forget_moved() -> None:
    """Empty the moved-accounts cache (tests)."""
    with _LOCK:
        _CACHE.clear()


__all__ = ["CompareError", "MovedAccounts", "compare", "compare_assignments", "compare_plans",
           "compare_projections", "forget_moved", "moved_accounts", "moved_between"]
