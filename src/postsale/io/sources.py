"""Several files, one book (issue 11): subscriptions, opportunities and tickets joined to the
accounts file on the account ID and rolled up by the rules of ``postsale.core.lines``.

Each secondary file is read with the accounts reader's formats (CSV/TSV, XLSX, Parquet, JSON; see
``postsale.io.read.open_table``); its headers are matched to line fields by the aliases of
``benchmarks/sources.toml`` (and ``[import.columns]``), its cells parsed by ``postsale.io.parse``.
All or nothing, like the accounts file: bad amounts or dates are listed with file, row, column
and fix, and nothing is planned.

Joining (decided here, documented in the README):

* values from the lines **override** the accounts file's columns for the accounts that have lines
  (ARR from subscriptions wins over an ARR column, with a note counting the accounts whose figure
  changed);
* an account with no line keeps its own ARR when the accounts file has an ARR column; without one
  it has none: ARR 0 (not a paying customer — churned or a prospect), with a note;
* IDs in a secondary file that are not in the accounts file are a note with the count and
  examples (their lines are left out; never silent);
* a ticket file lists every ticket: an account without one has 0 tickets a month.

Every rule applied becomes a warning ``import_subscriptions`` / ``import_opportunities`` /
``import_tickets`` whose message states it with its figures, so a user can check it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from postsale.benchmarks import data_file
from postsale.core import lines
from postsale.core.book import AccountBook
from postsale.core.msg import Msg
from postsale.errors import MAX_LISTED_PROBLEMS, InputError, InputProblem
from postsale.io import parse
from postsale.io.arrivals import ticket_arrivals
from postsale.io.line_notes import rules_text
from postsale.io.read import ImportNote, LoadedAccounts, open_table

__all__ = [
    "FIELDS",
    "UNREAD",
    "SourceFiles",
    "SourceRules",
    "cents_header",
    "interval_months",
    "join_sources",
    "match_fields",
    "missing_fields",
    "source_aliases",
]

IntArray = npt.NDArray[np.intp]
KINDS = ("subscriptions", "opportunities", "tickets")
FIELDS: dict[str, tuple[str, ...]] = {
    "subscriptions": ("account_id", "arr", "mrr", "amount", "quantity", "unit_price", "start",
                      "end", "renewal", "status", "interval", "interval_count", "term", "type",
                      "recurring", "currency"),
    "opportunities": ("account_id", "arr", "mrr", "amount", "close_date", "stage", "type", "won",
                      "closed", "currency"),
    "tickets": ("account_id", "created", "ticket_id", "status"),
}
_REQUIRED = {"subscriptions": ("account_id",), "opportunities": ("account_id", "close_date"),
             "tickets": ("account_id", "created")}
UNREAD = {("tickets", "ticket_id"), ("tickets", "status")}
_MONEY = ("arr", "mrr", "amount", "unit_price")
_NUMBERS = ("quantity", "term", "interval_count")
_DATES = ("start", "end", "renewal", "close_date", "created")
_ONE_OFF = ("one_time", "onetime", "one_off", "oneoff", "setup", "service", "non_recurring",
            "nonrecurring", "implementation", "training", "consulting", "usage", "overage")
_CANCELLED = {"canceled", "cancelled", "ended", "expired", "churned", "inactive", "terminated",
              "closed", "deleted", "void", "lapsed"}
_TRIAL = {"trialing", "trial", "in_trial", "free_trial", "trialling"}
_INTERVALS = {"day": 12 / 365.25, "daily": 12 / 365.25, "week": 12 / 52, "weekly": 12 / 52,
              "month": 1.0, "monthly": 1.0, "mo": 1.0, "m": 1.0, "quarter": 3.0, "quarterly": 3.0,
              "q": 3.0, "half_year": 6.0, "semi_annual": 6.0, "semiannual": 6.0, "year": 12.0,
              "yearly": 12.0, "annual": 12.0, "annually": 12.0, "yr": 12.0, "y": 12.0,
              "biennial": 24.0, "two_years": 24.0}


@dataclass(frozen=True)
class SourceFiles:
    """The secondary files of a book (``--subscriptions`` … or ``[import]``)."""

    subscriptions: Path | None = None
    opportunities: Path | None = None
    tickets: Path | None = None

    def given(self) -> dict[str, Path]:
        return {k: p for k in KINDS if (p := getattr(self, k)) is not None}


@dataclass(frozen=True)
class SourceRules:
    """The overridable defaults of ``[import]`` (see the README)."""

    history_months: int = 12
    opportunity_months: int = 12
    ticket_window_months: int = 6
    columns: Mapping[str, str] = field(default_factory=dict)  # [import.columns] header → field
    currency: str = "USD"  # the company currency; lines in others converted by ``rates``
    rates: Mapping[str, float] = field(default_factory=dict)  # [currencies]
    timezone: str | None = None  # [support] timezone: the clock of the arrival profile


@cache
def source_aliases() -> dict[str, dict[str, str]]:
    """Per kind: normalised header → line field (``benchmarks/sources.toml``)."""
    raw = data_file("sources.toml")
    out: dict[str, dict[str, str]] = {}
    for kind in KINDS:
        table: dict[str, str] = {}
        for name in raw["account_id"]:
            table.setdefault(parse.normalise_token(name), "account_id")
        for target, names in raw[kind].items():
            for name in names:
                table.setdefault(parse.normalise_token(name), target)
        out[kind] = table
    return out


def cents_header(header: str) -> bool:
    """A money header in minor units (``plan_amount_in_cents``, ``Amount (cents)``): its values
    are divided by 100 when read. Only the header says so — 1999 may be $1,999 or $19.99."""
    return "cents" in parse.normalise_token(header).split("_")


def match_fields(kind: str, headers: list[str], user: Mapping[str, str]) -> dict[str, int]:
    """Field → header position as ``postsale plan`` reads a ``kind`` file: ``[import.columns]``
    first, then the aliases of ``benchmarks/sources.toml`` in their order. ``postsale inspect``
    shows this very mapping, so what it says is what the plan reads."""
    tokens = [parse.normalise_token(h) for h in headers]
    positions: dict[str, int] = {}
    wanted = FIELDS[kind]
    for header, target in user.items():
        key = parse.normalise_token(header)
        if target in wanted and key in tokens and target not in positions:
            positions[target] = tokens.index(key)
    aliases = source_aliases()[kind]
    order = list(aliases)
    ranked = sorted((order.index(t), pos) for pos, t in enumerate(tokens) if t in aliases)
    used = set(positions.values())
    for _, pos in ranked:
        target = aliases[tokens[pos]]
        if target not in positions and pos not in used:
            positions[target] = pos
            used.add(pos)
    return positions


def missing_fields(kind: str, positions: Mapping[str, int]) -> list[str]:
    """The fields a ``kind`` file needs and ``positions`` lacks (an amount: any money field)."""
    missing = [f for f in _REQUIRED[kind] if f not in positions]
    if kind == "subscriptions" and not {"arr", "mrr", "amount", "unit_price"} & set(positions):
        missing.append("amount")
    if kind == "opportunities" and not {"arr", "mrr", "amount"} & set(positions):
        missing.append("amount")
    if kind == "opportunities" and not {"stage", "won"} & set(positions):
        missing.append("stage")
    return missing


def _map(kind: str, headers: list[str], user: Mapping[str, str], file: str) -> dict[str, int]:
    """:func:`match_fields`, or an input error naming each missing field and the fix."""
    positions = match_fields(kind, headers, user)
    missing = missing_fields(kind, positions)
    if missing:
        listed = ", ".join(f"'{h}'" for h in headers[:30]) + (" …" if len(headers) > 30 else "")
        raise InputError([InputProblem(
            file, None, None, Msg("errors_io.lines.missing", column=m, kind=kind, headers=listed),
            Msg("errors_io.lines.missing.fix", column=m))
            for m in missing])
    return positions


def _text(col: Any) -> Any:
    s = parse.as_text(col)
    return pc.if_else(pc.equal(s, ""), pa.scalar(None, pa.string()), s)


def _tokens(col: Any) -> npt.NDArray[np.object_]:
    """Normalised tokens of a text column (lower case, ``_`` for punctuation), None for blank;
    only the distinct values are normalised (statuses, stages, intervals are few)."""
    enc = pc.dictionary_encode(_text(col), null_encoding="encode")
    labels = [None if v is None else parse.normalise_token(str(v))
              for v in enc.dictionary.to_pylist()]
    idx = np.asarray(enc.indices.to_numpy(zero_copy_only=False), dtype=np.intp)
    table = np.empty(len(labels), dtype=object)  # null is one of the dictionary's values
    table[:] = labels
    return table[idx] if labels else np.full(len(idx), None, dtype=object)


def _lookup(tokens: npt.NDArray[np.object_], test: Any) -> npt.NDArray[Any]:
    """``test(token)`` evaluated once per distinct token and broadcast."""
    from postsale.core.categorical import factorize

    labels, codes = factorize(tokens)
    table = np.array([test(t) for t in labels] + [test(None)])
    return np.asarray(table[codes])


@dataclass(eq=False)
class _Lines:
    """A secondary file's parsed fields, each line's account index and the problems found."""

    kind: str
    file: str
    fields: dict[str, Any]
    account: IntArray
    rows: int
    unknown: list[str]
    unknown_count: int
    cents: list[str] = field(default_factory=list)  # money headers in minor units (÷ 100)
    blank: int = 0  # tickets without an account (left out)
    key_header: str = "account_id"
    created: Any = None  # tickets: the creation cells as read (their time of day: io.arrivals)


def _read(kind: str, path: Path, book_ids: Any, rules: SourceRules) -> _Lines:
    file = str(path)
    table = open_table(path, kind)
    positions = _map(kind, table.headers, rules.columns, file)
    # a ticket is counted, never read: its ID and status are recognised (so they are not taken
    # for something else) but not parsed — on 2M tickets that is most of the work
    chosen = sorted(((f, p) for f, p in positions.items() if (kind, f) not in UNREAD),
                    key=lambda kv: kv[1])
    try:
        body = table.read([p for _, p in chosen], None)
    except OSError as exc:
        raise InputError([InputProblem(file, None, None,
                                       Msg("errors_io.file.unreadable", reason=str(exc)),
                                       Msg("errors_io.team.unreadable.fix"))]) from None
    cols = {name: col for (name, _), col in zip(chosen, body.columns, strict=True)}
    fields: dict[str, Any] = {}
    bad: list[tuple[str, Any, Msg, Msg]] = []  # field, mask, problem, fix
    cents: list[str] = []
    for name, col in cols.items():
        if name in _MONEY:
            parsed = parse.parse_money(col)
            fields[name] = parsed.values
            header = table.headers[positions[name]]
            if cents_header(header):  # minor units (Recurly's *_in_cents): 1999 is 19.99
                fields[name] = parsed.values / 100.0
                cents.append(header)
            bad.append((name, parsed.bad, Msg("errors_io.lines.amount"),
                        Msg("errors_io.lines.amount.fix")))
        elif name in _NUMBERS:
            parsed_n = parse.parse_number(col)
            fields[name] = parsed_n.values
            bad.append((name, parsed_n.bad, Msg("errors_io.lines.number"),
                        Msg("errors_io.lines.number.fix")))
        elif name in _DATES:
            parsed_d = parse.parse_dates(col, excel_serials=body.excel)
            fields[name] = parsed_d.values
            bad.append((name, parsed_d.bad, Msg("errors_io.cell.date"),
                        Msg("errors_io.lines.date.fix")))
        elif name in ("won", "closed", "recurring"):
            parsed_b = parse.parse_bool(col)
            fields[name] = parsed_b.values
            bad.append((name, parsed_b.bad, Msg("errors_io.lines.flag"),
                        Msg("errors_io.lines.flag.fix")))
        elif name == "currency":
            fields[name] = np.asarray(_text(col).to_numpy(zero_copy_only=False), dtype=object)
        elif name != "account_id":
            fields[name] = _tokens(col)
    ids = _text(cols["account_id"])
    problems: list[InputProblem] = []
    total = 0
    blank = np.asarray(pc.is_null(ids).to_numpy(zero_copy_only=False), dtype=np.bool_)
    # a ticket from a requester without an organization is normal: left out with a note; a
    # money line without its account is an error (its revenue would vanish)
    blank_ok = kind == "tickets"
    checks = [*([] if blank_ok else [("account_id", blank, Msg("errors_io.lines.id_blank"),
                                      Msg("errors_io.lines.id_blank.fix"))]), *bad]
    for name, mask, problem, fix in checks:
        hits = np.flatnonzero(mask)
        total += hits.size
        if hits.size and len(problems) < MAX_LISTED_PROBLEMS:
            hits = hits[:MAX_LISTED_PROBLEMS - len(problems)]
            rows = body.locate(hits.astype(np.int64))
            col = cols[name]
            for i, row in zip(hits.tolist(), rows, strict=True):
                cell = parse.cell_text(parse.as_arrow(col)[i].as_py()) or ""
                problems.append(InputProblem(file, row, table.headers[positions[name]],
                                             problem.with_params(c=repr(cell[:40])), fix))
    if body.structural_total:  # CSV rows with the wrong number of fields: never skipped silently
        total += body.structural_total
        problems += body.structural()[:max(0, MAX_LISTED_PROBLEMS - len(problems))]
    if total:
        raise InputError(sorted(problems, key=lambda p: p.row or 0), total=total)
    index = np.asarray(pc.fill_null(pc.index_in(ids, value_set=book_ids), -1)
                       .to_numpy(zero_copy_only=False), dtype=np.intp)
    missing = (index < 0) & ~blank
    unknown: list[str] = []
    if missing.any():
        unknown = [str(v) for v in pc.unique(pc.filter(ids, pa.array(missing))).slice(0, 5)
                   .to_pylist()]
    count = len(pc.unique(pc.filter(ids, pa.array(missing)))) if missing.any() else 0
    return _Lines(kind, file, fields, index, body.n_rows, unknown, count, cents,
                  int(blank.sum()), table.headers[positions["account_id"]], cols.get("created"))


def interval_months(token: str | None) -> float:
    """Months of one billing interval: ``month``, ``monthly``, ``per year``, ``3 months``,
    ``every_2_years`` …; NaN when unknown."""
    if token is None:
        return np.nan
    words = [w for w in token.split("_") if w not in ("per", "every", "billed", "billing")]
    count = 1.0
    if len(words) == 2 and words[0].isdigit():
        count, words = float(words[0]), words[1:]
    if len(words) != 1:
        return np.nan
    word = words[0]
    unit = _INTERVALS.get(word, _INTERVALS.get(word.removesuffix("s"), np.nan))
    return count * unit


def _intervals(f: dict[str, Any]) -> npt.NDArray[np.float64] | None:
    if "interval" not in f:
        return None
    months = _lookup(f["interval"], interval_months).astype(np.float64)
    if "interval_count" in f:
        count = f["interval_count"]
        months = months * np.where(np.isfinite(count) & (count > 0), count, 1.0)
    return np.asarray(months, dtype=np.float64)


def _recurring(f: dict[str, Any], size: int) -> npt.NDArray[np.bool_]:
    out = np.ones(size, dtype=np.bool_)
    if "type" in f:
        out &= _lookup(f["type"], lambda t: t is None or not any(w in t for w in _ONE_OFF)
                       ).astype(np.bool_)
    if "recurring" in f:
        out &= f["recurring"]
    return out


def _subscriptions(data: _Lines, n: int, as_of: dt.date, rules: SourceRules) -> lines.Rollup:
    f = data.fields
    interval = _intervals(f)
    annual, amount_rules = lines.annual_amounts(
        arr=f.get("arr"), mrr=f.get("mrr"), amount=f.get("amount"), quantity=f.get("quantity"),
        unit_price=f.get("unit_price"), interval_months=interval, lines=data.rows)
    cancelled = _lookup(f["status"], lambda t: t in _CANCELLED).astype(np.bool_) \
        if "status" in f else None
    trial = _lookup(f["status"], lambda t: t in _TRIAL).astype(np.bool_) if "status" in f \
        else np.zeros(data.rows, dtype=np.bool_)
    roll = lines.subscription_rollup(
        data.account, n, np.where(trial, 0.0, annual), as_of, start=f.get("start"),
        end=f.get("end"), renewal=f.get("renewal"), recurring=_recurring(f, data.rows),
        cancelled=cancelled, term=f.get("term"), interval_months=interval,
        history_months=rules.history_months)
    extra = (lines.Rule("arr", "trial_lines", {"lines": int((trial & (data.account >= 0)).sum())}),) \
        if trial.any() else ()
    return replace(roll, rules=(*roll.rules, *amount_rules, *extra))


def _opportunities(data: _Lines, n: int, as_of: dt.date, rules: SourceRules, with_arr: bool
                   ) -> lines.Rollup:
    f = data.fields
    annual, _ = lines.annual_amounts(arr=f.get("arr"), mrr=f.get("mrr"), amount=f.get("amount"),
                                     lines=data.rows)
    stage = f.get("stage")
    if "won" in f:
        won = f["won"]
    else:
        won = _lookup(f["stage"], lambda t: (t is not None and "won" in t.split("_")) or t == "closedwon"
                      ).astype(np.bool_)
    if "closed" in f:
        closed = f["closed"] | won
    elif stage is not None:
        closed = won | _lookup(stage, lambda t: t is not None and (
            "closed" in t or "lost" in t.split("_") or t.startswith("closed"))).astype(np.bool_)
    else:
        closed = won
    renewal = _lookup(f["type"], lambda t: t is not None and "renew" in t).astype(np.bool_) \
        if "type" in f else np.zeros(data.rows, dtype=np.bool_)
    return lines.opportunity_rollup(
        data.account, n, annual, f["close_date"], as_of, won=np.asarray(won, dtype=np.bool_),
        open_renewal=renewal & ~closed, recurring=_recurring(f, data.rows),
        months=rules.opportunity_months, with_arr=with_arr)


def _fill(book_cols: dict[str, Any], roll: lines.Rollup, column: str) -> int:
    """Lines' values override the book's where the lines say something; returns the count."""
    values = roll.columns[column]
    given = ~np.isnat(values) if values.dtype.kind == "M" else ~np.isnan(values)
    book_cols[column] = np.where(given, values, book_cols[column])
    return int(given.sum())


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def join_sources(loaded: LoadedAccounts, sources: SourceFiles, as_of: dt.date,
                 rules: SourceRules | None = None) -> LoadedAccounts:
    """The accounts with their subscriptions, opportunities and tickets rolled up and joined
    (module docstring); notes say every rule applied."""
    rules = rules or SourceRules()
    given = sources.given()
    if not given:
        return loaded
    book = loaded.book
    n = len(book)
    book_ids = pa.array(book.account_id, type=pa.string(), from_pandas=True)
    cols: dict[str, Any] = book.columns()
    present = set(book.present)
    notes: list[ImportNote] = []
    had_arr = "arr" in book.present
    arr_before = np.array(book.arr, copy=True)
    covered = np.zeros(n, dtype=np.bool_)
    arrivals = None
    for kind, path in given.items():
        data = _read(kind, path, book_ids, rules)
        notes += _convert_currency(data, rules)
        if kind == "subscriptions":
            roll = _subscriptions(data, n, as_of, rules)
        elif kind == "opportunities":
            roll = _opportunities(data, n, as_of, rules, with_arr="subscriptions" not in given)
        else:
            roll = lines.ticket_rollup(data.account, n, data.fields["created"], as_of,
                                       window_months=rules.ticket_window_months)
            arrivals = ticket_arrivals(data.created, data.fields["created"], data.account, as_of,
                                       rules.ticket_window_months, rules.timezone, data.file)
        for column in roll.columns:
            if column in ("churned", "billing_months"):
                continue
            if column == "renewal_date" and kind == "opportunities" and "subscriptions" in given:
                before = ~np.isnat(cols[column])
                values = roll.columns[column]
                cols[column] = np.where(before, cols[column], values)  # subscriptions first
            elif column == "arr":
                covered |= roll.has_lines
                summed = np.nan_to_num(roll.columns["arr"])
                negative = roll.has_lines & (summed < 0)
                if negative.any():  # credits larger than the charges: no revenue, never below
                    notes.append(ImportNote("negative_arr", (
                        f"{data.file}: the lines of {_count(int(negative.sum()), 'account')} sum "
                        "below 0 (credits or discounts larger than the charges): ARR 0")))
                cols["arr"] = np.where(roll.has_lines, np.maximum(summed, 0.0), cols["arr"])
            else:
                _fill(cols, roll, column)
            present.add(column)
        text = f"{data.file} ({data.rows:,} lines): {rules_text(roll.rules)}"
        if data.cents:
            text += "; " + ", ".join(f"'{h}'" for h in data.cents) + " in cents: divided by 100"
        if kind == "tickets" and "tickets_per_month" in book.present:
            text += "; it replaces the accounts file's tickets-per-month column"
        notes.append(ImportNote(kind, text))
        if data.blank:
            notes.append(ImportNote("blank_ids", (
                f"{data.file}: {_count(data.blank, 'ticket')} without an account (blank "
                f"'{data.key_header}') left out — a requester "
                "without an organization")))
        if data.unknown_count:
            examples = ", ".join(repr(v) for v in data.unknown)
            left_out = int((data.account < 0).sum()) - data.blank
            hint = _names_not_ids(book, data)
            if kind == "tickets" and left_out == data.rows - data.blank:
                raise InputError([InputProblem(
                    data.file, None, data.key_header,
                    Msg("errors_io.lines.no_ticket_match",
                        ids=", ".join(repr(str(v)) for v in book.account_id[:3]),
                        examples=examples, hint=hint),
                    Msg("errors_io.lines.no_ticket_match.fix"))])
            notes.append(ImportNote("unmatched_ids", (
                f"{data.file}: {_count(data.unknown_count, 'account ID')} not in the accounts "
                f"file (e.g. {examples}): {_count(left_out, 'line')} left out — check that "
                f"both files use the same ID{hint}")))
    arr_files = [str(p) for k, p in given.items() if k != "tickets"]
    if not had_arr and arr_files and not covered.any():
        shown = ", ".join(repr(str(v)) for v in book.account_id[:3])
        raise InputError([InputProblem(
            arr_files[0], None, None,
            Msg("errors_io.lines.no_match", ids=shown),
            Msg("errors_io.lines.no_match.fix"))])
    if "arr" in present - set(book.present) or covered.any():
        uncovered = ~covered
        if had_arr:
            changed = covered & ~np.isclose(np.nan_to_num(arr_before), cols["arr"])
            if changed.any():
                notes.append(ImportNote("arr_replaced", (
                    f"ARR from the line items replaces the accounts file's ARR for "
                    f"{int(covered.sum()):,} accounts ({int(changed.sum()):,} of them differ)")))
            if uncovered.any():
                notes.append(ImportNote("no_lines", (
                    f"{_count(int(uncovered.sum()), 'account')} without a line keep their ARR "
                    "from the accounts file")))
        else:
            cols["arr"] = np.where(uncovered, 0.0, cols["arr"])
            if uncovered.any():
                notes.append(ImportNote("no_lines", (
                    f"{_count(int(uncovered.sum()), 'account')} without a line: ARR 0 (not a "
                    "paying customer — churned or a prospect)")))
    notes += _customers_without_revenue(loaded, cols["arr"], covered, given, rules)
    new_book = AccountBook(present=frozenset(present), **cols)
    return LoadedAccounts(book=new_book, columns=loaded.columns,
                          notes=(*loaded.notes, *notes), arrivals=arrivals)


def _customers_without_revenue(loaded: LoadedAccounts, arr: Any, covered: Any,
                               given: Mapping[str, Path], rules: SourceRules) -> list[ImportNote]:
    """Accounts the accounts file calls customers (status active) left with no ARR by the line
    files: the two files disagree, and the plan would serve them as churned — say so."""
    from postsale.core.book import STATUS_KEYS
    from postsale.keys import AccountStatus

    book = loaded.book
    if "status" not in book.present or not {"subscriptions", "opportunities"} & set(given):
        return []
    active = np.asarray(book.status) == STATUS_KEYS.index(AccountStatus.ACTIVE)
    bare = active & ~(np.nan_to_num(arr) > 0) & (covered | ("subscriptions" not in given))
    n = int(bare.sum())
    if not n:
        return []
    names = book.name if "name" in book.present else book.account_id
    shown = ", ".join(repr(str(v)) for v in names[np.flatnonzero(bare)[:3]])
    header = loaded.columns.get("status", "status")
    if "subscriptions" in given:
        why = ("no line active on the as-of date in the subscriptions file: ARR 0 — check their "
               "lines' end dates and statuses")
    else:
        why = (f"no closed-won recurring deal in the trailing {rules.opportunity_months} months: "
               "ARR 0 — if they still pay (a monthly or multi-year contract booked earlier), give "
               "a subscriptions file or raise [import] opportunity_months")
    return [ImportNote("customers_without_revenue", (
        f"{_count(n, 'account')} marked as {'a customer' if n == 1 else 'customers'} in "
        f"'{header}' ({shown}) {'has' if n == 1 else 'have'} {why}"))]


def _names_not_ids(book: AccountBook, data: _Lines) -> str:
    """When the unmatched keys are the accounts' *names* (Zendesk's "Organization", HubSpot's
    "Associated Company"), say so: the join is on the ID."""
    if "name" not in book.present or not data.unknown:
        return ""
    names = {str(v).strip().casefold(): str(i) for v, i in zip(book.name, book.account_id,
                                                               strict=True) if v is not None}
    hits = [(v, names[v.strip().casefold()]) for v in data.unknown if v.strip().casefold() in names]
    if not hits:
        return ""
    v, i = hits[0]
    return (f"; '{data.key_header}' holds account names ({v!r} is the name of account {i!r}), "
            "not IDs: export the column with the IDs the accounts file uses")


def _convert_currency(data: _Lines, rules: SourceRules) -> list[ImportNote]:
    """Lines in several currencies: each amount converted to the company currency with the
    ``[currencies]`` rates (summing euros and dollars as they are would be wrong), or an input
    error listing each currency and the fix. One foreign currency without a rate is used as
    written, with a note (as for the accounts file)."""
    from postsale.core.categorical import factorize
    from postsale.io.localize import currency_code, one_currency_fix, rate_table

    if "currency" not in data.fields:
        return []
    home = rules.currency.strip().upper()
    labels, codes = factorize(data.fields.pop("currency"))
    iso = [currency_code(str(v), home) or home for v in labels]
    rates = rate_table(rules.rates, home)
    used = codes >= 0
    counts = dict.fromkeys(iso, 0)
    for k, n in enumerate(np.bincount(codes[used], minlength=len(iso)).tolist()):
        counts[iso[k]] += int(n)
    missing = sorted(c for c, n in counts.items() if n and c not in rates)
    listing = ", ".join(f"{c} {n:,}" for c, n in sorted(counts.items()) if n)
    if missing and len([c for c, n in counts.items() if n]) > 1:
        lines_ = "; ".join(f"{c} = … ({home} per {c})" for c in missing)
        raise InputError([InputProblem(
            data.file, None, "currency",
            Msg("errors_io.lines.currencies", listing=listing, missing=", ".join(missing),
                home=home),
            Msg("errors_io.lines.currencies.fix", rates=lines_))])
    if missing:
        return [ImportNote("currency_symbol_mismatch", (
            f"{data.file}: the amounts are in {missing[0]} but the company currency is {home}: "
            f"used as written; {one_currency_fix(missing[0], home)}"))]
    factor = np.array([rates[c] for c in iso] + [1.0])[np.where(used, codes, len(iso))]
    if np.all(factor == 1.0):
        return []
    for name in _MONEY:
        if name in data.fields:
            data.fields[name] = data.fields[name] * factor
    shown = ", ".join(f"{c} at {rates[c]:g}" for c in sorted(counts) if counts[c] and c != home)
    return [ImportNote("currency_converted", (
        f"{data.file}: line amounts converted to {home} ({listing} lines; {shown})"))]
