"""An accounts file at line grain (the account ID repeats): aggregate it, or say why not.

Order-line and subscription-line exports repeat the account on every line. When repeated IDs are
the only problem of a file, they are read as line items and aggregated to one row per account by
the rules of ``postsale.core.lines`` (the same rules as a subscription file):

* **ARR** — when the lines carry their own dates (start or renewal dates differ between lines of
  one account), the sum of the lines active on the as-of date, with previous ARR 12 months
  earlier (line starts), the next renewal date and churn; otherwise the sum of every line.
* previous ARR, tickets per month: sum; health score: lowest (the riskiest line); start date:
  earliest; implementation weeks, strategic, pinned: largest / any; contract term and owner: most
  frequent (order lines are often booked by different reps).
* status (a line's own: ``canceled`` lines add no ARR): the account's best line — active, else
  trial, else churned.
* Account attributes (name, segment, region, country, language, time zone, onboarding
  status, complexity, tier override, and shared dates) must be the same on every line of an
  account: two names or two regions for one ID is ambiguous — two accounts sharing an ID, or a
  broken export — and stays an error naming both rows, unless ``[import.aggregate]`` gives the
  column a rule (``first``, ``last``, ``most_frequent`` …).

``[import.aggregate]`` column = rule overrides any default.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from postsale.core import lines
from postsale.core.book import STATUS_KEYS
from postsale.core.lines import Rule
from postsale.core.msg import Msg
from postsale.errors import MAX_LISTED_PROBLEMS, ConfigError, InputError, InputProblem
from postsale.io.line_notes import rules_text
from postsale.io.parse import ENUM_COLUMNS, accepted_values
from postsale.keys import AccountStatus

if TYPE_CHECKING:
    from postsale.io.read import ImportNote, LineGrain

__all__ = ["DEFAULT_RULES", "aggregate_lines", "line_accounts"]

IntArray = npt.NDArray[np.intp]

DEFAULT_RULES: dict[str, str] = {
    "previous_arr": "sum", "tickets_per_month": "sum", "health_score": "min",
    "start_date": "min", "implementation_weeks": "max", "strategic": "max", "pinned": "max",
    "contract_term_months": "most_frequent",
    # order lines are often booked by different reps: the owner with most lines, not an error
    "owner": "most_frequent",
}
_MONEY_RULE = "active lines"  # arr without an [import.aggregate] rule
_NOT_CUSTOMER = np.array([STATUS_KEYS.index(AccountStatus.CHURNED),
                          STATUS_KEYS.index(AccountStatus.PROSPECT)], dtype=np.int8)


def line_accounts(ids: npt.NDArray[np.object_]) -> tuple[npt.NDArray[np.object_], IntArray]:
    """Distinct IDs in order of first appearance and each line's index into them (−1 blank)."""
    enc = pc.dictionary_encode(pa.array(ids, type=pa.string(), from_pandas=True))
    uniq = np.asarray(enc.dictionary.to_numpy(zero_copy_only=False), dtype=object)
    codes = np.asarray(pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False), dtype=np.intp)
    return uniq, codes


def _shown(column: str, value: Any) -> str:
    if column in ENUM_COLUMNS and isinstance(value, np.integer | int):
        keys = accepted_values(column)
        return repr(keys[int(value)]) if 0 <= int(value) < len(keys) else "blank"
    if isinstance(value, np.datetime64):
        return str(value)
    return repr(value)


def _conflict_rows(account: IntArray, n: int, values: npt.NDArray[Any], bad: npt.NDArray[np.bool_]
                   ) -> tuple[IntArray, IntArray]:
    """For each ambiguous account (first few), its first line and the first line that differs."""
    _, codes = lines.value_codes(values)
    first = lines.reduce(account, n, codes.astype(np.float64), "first")
    valid = (codes >= 0) & (account >= 0)
    other = valid & bad[np.maximum(account, 0)] & (codes != first[np.maximum(account, 0)])
    who, second = np.unique(account[other], return_index=True)
    rows_other = np.flatnonzero(other)[second]
    first_rows = np.full(n, -1, dtype=np.intp)
    order = np.flatnonzero(valid)
    g, start = np.unique(account[order], return_index=True)
    first_rows[g] = order[start]
    return first_rows[who], rows_other


def aggregate_lines(values: dict[str, Any], present: frozenset[str], headers: Mapping[str, str],
                    grain: LineGrain, file: str, locate: Callable[[Any], list[int]]
                    ) -> tuple[dict[str, Any], list[ImportNote]]:
    """One row per account from line items (module docstring); raises ``InputError`` listing
    ambiguous accounts, ``ConfigError`` for an unknown ``[import.aggregate]`` rule."""
    from postsale.io.read import ImportNote

    for column, how in grain.aggregate.items():
        if how not in lines.AGGREGATIONS:
            raise ConfigError("[import.aggregate]", f"import.aggregate.{column}",
                              Msg("errors_io.grain.rule", value=repr(how)),
                              Msg("errors_company.use_one_of",
                                  choices=", ".join(lines.AGGREGATIONS)))
    ids, account = line_accounts(values["account_id"])
    n, rows = len(ids), len(account)
    out: dict[str, Any] = {"account_id": ids}
    rules: list[Rule] = []
    chosen = {c: grain.aggregate[c] for c in grain.aggregate if c in values}
    dated = [c for c in ("start_date", "renewal_date") if c in values and c not in chosen
             and bool(lines.conflicts(account, n, values[c]).any())]
    problems: list[InputProblem] = []
    total = 0
    if "status" in values and "status" not in chosen:
        # a line's own status: an ended (churned) line adds no ARR, and the account is as much a
        # customer as its best line (active > trial > churned > prospect: the lowest code)
        line_status = np.asarray(values["status"], dtype=np.int8)
        if "arr" in values and "arr" not in chosen:
            values = {**values, "arr": np.where(np.isin(line_status, _NOT_CUSTOMER), 0.0,
                                                values["arr"])}
        best = lines.reduce(account, n, np.where(line_status >= 0, line_status, np.nan), "min")
        out["status"] = np.where(np.isnan(best), -1, best).astype(np.int8)
        rules.append(Rule("status", "aggregate", {"how": "best (active > trial > churned)"}))
    if "arr" in values and "arr" not in chosen:
        if dated:
            roll = lines.subscription_rollup(
                account, n, values["arr"], grain.as_of,
                start=values.get("start_date") if "start_date" in dated else None,
                end=values.get("renewal_date") if "renewal_date" in dated else None,
                term=values.get("contract_term_months"), history_months=grain.history_months)
            out["arr"] = np.nan_to_num(roll.columns["arr"])
            for key in ("previous_arr", "start_date", "renewal_date"):
                if key in roll.columns and key not in chosen and (key not in values or key in dated):
                    out[key] = roll.columns[key]
            rules += [r for r in roll.rules if r.column == "arr" or r.column in out]
        else:
            out["arr"] = lines.reduce(account, n, values["arr"], "sum")
            rules.append(Rule("arr", "sum_lines", {"lines": rows}))
    for column, col in values.items():
        if column in out or column == "account_id":
            continue
        rule = chosen.get(column) or DEFAULT_RULES.get(column)
        if rule is not None:
            out[column] = lines.reduce(account, n, col, rule)
            if column in chosen:
                rules.append(Rule(column, "aggregate", {"how": rule}))
            continue
        ambiguous = lines.conflicts(account, n, col)
        if ambiguous.any():
            total += int(ambiguous.sum())
            firsts, seconds = _conflict_rows(account, n, col, ambiguous)
            room = MAX_LISTED_PROBLEMS - len(problems)
            firsts, seconds = firsts[:room], seconds[:room]
            where = locate(np.concatenate([firsts, seconds]).astype(np.int64))
            for k, (a, b) in enumerate(zip(firsts.tolist(), seconds.tolist(), strict=True)):
                label = column.replace("_", " ")
                problems.append(InputProblem(
                    file, where[len(firsts) + k], headers.get(column, column),
                    Msg("errors_io.grain.conflict", id=repr(ids[account[b]]), label=label,
                        here=_shown(column, col[b]), there=_shown(column, col[a]),
                        row=str(where[k])),
                    Msg("errors_io.grain.conflict.fix", label=label, column=column)))
        out[column] = lines.reduce(account, n, col, "first")
    if total:
        raise InputError(sorted(problems, key=lambda p: p.row or 0), total=total)
    ruled = {r.column for r in rules}
    defaults = sorted(c for c in values if c in DEFAULT_RULES and c not in chosen and c not in ruled)
    shared = sorted(c for c in values if c not in DEFAULT_RULES and c not in chosen
                    and c not in ("account_id", "arr") and c not in dated and c not in ruled)
    text = (f"{file}: the account ID repeats ({rows:,} rows for {n:,} accounts), so each row is "
            f"read as a line item and aggregated: {rules_text(rules) or 'no ARR column'}")
    if defaults:
        text += "; " + ", ".join(f"{c.replace('_', ' ')}: {DEFAULT_RULES[c].replace('_', ' ')}"
                                 for c in defaults)
    if shared:
        text += f"; the same on every line: {', '.join(c.replace('_', ' ') for c in shared)}"
    text += " (set a column's rule in [import.aggregate])"
    # without an amount the columns read (ID, name, country) repeat by nature: no doubling sign
    same = _repeated_rows(values, rows) if "arr" in values else 0
    if same:
        text += (f". {same:,} row{'s repeat' if same > 1 else ' repeats'} another row in every column: "
                 "counted as separate lines — if the export was doubled, remove them")
    return out, [ImportNote("line_grain", text)]


def _repeated_rows(values: Mapping[str, Any], rows: int) -> int:
    """Rows identical to an earlier row in every column read (a doubled export looks like
    this; two identical order lines do too, so it is a note, not an error)."""
    columns = {}
    for name, col in values.items():
        arr = np.asarray(col)
        columns[name] = pa.array(arr, type=pa.string(), from_pandas=True) if arr.dtype.kind == "O" \
            else pa.array(arr.astype("datetime64[D]") if arr.dtype.kind == "M" else arr)
    distinct = pa.table(columns).group_by(list(columns)).aggregate([]).num_rows
    return rows - int(distinct)
