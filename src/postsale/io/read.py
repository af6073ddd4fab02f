"""Import an account book from CSV/TSV, XLSX, Parquet or JSON (PRODUCT.md C1, "Account columns").

All or nothing: every problem in the file is collected (the first 20 are listed, with the total) and
nothing is imported while any remains, so a plan never runs on half a book. Each problem names the
file, the row (the line in the file as an editor numbers it, header = row 1 unless blank lines or
Excel's ``sep=`` hint come first; XLSX sheet rows; JSON and Parquet record numbers), the column as
the user's file spells it, and the fix.

Speed: CSV is read by pyarrow in blocks parsed in parallel (``progress`` is called as blocks are
read), and every column is parsed vectorized (``postsale.io.parse``), a large book's columns in
parallel threads; Python loops run over columns, never over rows — except
for XLSX and JSON arrays, whose readers hand us Python cells anyway, and on the error path, where
CSV line numbers of the listed problems are found by scanning the file once. The file formats
themselves (sniffing, encodings, the CSV/XLSX/JSON/Parquet readers) are ``postsale.io.tables``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from postsale.core.book import AccountBook
from postsale.core.categorical import is_arrow, text_objects
from postsale.core.msg import Msg
from postsale.errors import MAX_LISTED_PROBLEMS, InputError, InputProblem
from postsale.io import csv_typed, parse
from postsale.io.parse import ENUM_COLUMNS, accepted_values, map_headers
from postsale.io.tables import (
    ImportNote,
    Table,
    _Body,
    _fail,
    _offset,
    _Source,
    csv_source,
    json_source,
    parquet_source,
    xlsx_source,
)
from postsale.io.values import value_map

if TYPE_CHECKING:
    from postsale.company_support import ArrivalProfile

__all__ = [
    "ImportNote",
    "LineGrain",
    "LoadedAccounts",
    "Table",
    "book_from_columns",
    "load_accounts",
    "open_table",
    "read_accounts",
    "read_table",
]

Progress = Callable[[int, int], None]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Locate = Callable[[IntArray], list[int]]

_MONEY, _NUMBERS = ("arr", "mrr", "previous_arr"), ("health_score", "tickets_per_month",
                                                   "implementation_weeks", "contract_term_months")
_DATES, _TEXT = ("start_date", "renewal_date"), ("name", "region", "country", "language",
                                                 "timezone", "owner", "currency")
_LIMIT = MAX_LISTED_PROBLEMS
_MAX_AMOUNT = 1e15  # beyond any real account; keeps sums and costs finite (no inf in a plan)
_PARALLEL_ROWS = 100_000  # books at least this long parse their columns in parallel threads
_EXTENSIONS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
               ".parquet": "parquet", ".pq": "parquet", ".json": "json", ".jsonl": "jsonl",
               ".ndjson": "jsonl"}


@dataclass(frozen=True, eq=False)
class LoadedAccounts:
    """The book, which header each canonical column came from, and the import's notes."""

    book: AccountBook
    columns: dict[str, str]
    notes: tuple[ImportNote, ...]
    # money column → the currency symbol or code written in each cell (None where none), for
    # postsale.io.localize; and the row numbers of record indices, for its messages
    markers: dict[str, Any] = field(default_factory=dict)
    locate: Locate = field(default=lambda idx: [int(i) + 2 for i in idx])
    # a ticket export's creation times by hour of the week (postsale.io.arrivals), if given
    arrivals: ArrivalProfile | None = None


# ----------------------------------------------------------------------------------------------
# Cells → columns, with every problem found


@dataclass(eq=False)
class _Check:
    """Cells with one kind of problem: ``problem`` has ``{c}`` (the cell) and ``{r}`` (the row of
    ``refs``, e.g. where a repeated ID first appears)."""

    order: int
    column: str
    mask: BoolArray
    col: Any
    problem: Msg
    fix: Msg
    refs: IntArray | None = None
    repeat: bool = False  # a repeated account ID: line items to aggregate, or a mistake


def _trimmed(col: Any) -> Any:
    """Strings, trimmed, with blank cells as nulls."""
    s = parse.as_text(col)
    blank = pc.equal(s, "")
    # no blank cell (a clean ID or name column): the strings as they are, without a copy
    return pc.if_else(blank, pa.scalar(None, pa.string()), s) if pc.any(blank).as_py() else s


def _text_arrow(col: Any) -> Any:
    """A text column, trimmed, null for blank, kept as Arrow (the book builds Python strings
    only if a caller reads it): a column with few distinct values (regions, languages) becomes a
    dictionary array whose distinct values alone are trimmed."""
    arr = parse.as_arrow(col)
    if (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)) and len(arr) > 4096 \
            and len(pc.unique(arr.slice(0, 4096))) < 2048:
        enc = pc.dictionary_encode(arr, null_encoding="encode")
        return pa.DictionaryArray.from_arrays(enc.indices, _trimmed(enc.dictionary))
    return _trimmed(col)


def _cell(col: Any, i: int) -> str:
    text = parse.cell_text(col[i].as_py()) or ""
    return repr(text if len(text) <= 40 else text[:39] + "…")


def _np(arr: Any) -> BoolArray:
    return np.asarray(pc.fill_null(arr, False).to_numpy(zero_copy_only=False), dtype=np.bool_)


_LABEL: dict[str, Msg] = {
    "arr": Msg("errors_io.col.arr"), "mrr": Msg("errors_io.col.mrr"),
    "previous_arr": Msg("errors_io.col.previous_arr"),
    "health_score": Msg("errors_io.col.health_score"),
    "tickets_per_month": Msg("errors_io.col.tickets_per_month"),
    "implementation_weeks": Msg("errors_io.col.implementation_weeks"),
    "contract_term_months": Msg("errors_io.col.contract_term_months")}
_DATE_FIX = Msg("errors_io.cell.date.fix", forms=", ".join(parse.DATE_FORMS[1:]))


def _duplicates(strings: Any) -> tuple[BoolArray, IntArray]:
    """Rows whose ID appeared on an earlier row, and the index of that first row."""
    arr = parse.as_arrow(strings)
    if len(arr) > 1 and pc.all(pc.fill_null(pc.greater(arr.slice(1), arr.slice(0, len(arr) - 1)),
                                            False)).as_py():
        # IDs in strictly increasing order (exports sorted by ID) cannot repeat: one comparison
        # pass instead of hashing every ID (0.12 s at 1M accounts)
        return np.zeros(len(arr), dtype=np.bool_), np.zeros(len(arr), dtype=np.int64)
    codes = np.asarray(pc.fill_null(pc.dictionary_encode(strings).indices, -1)
                       .to_numpy(zero_copy_only=False), dtype=np.int64)
    # Dictionary codes are numbered in order of first appearance, so a row repeats an earlier ID
    # exactly when its code is not above every code before it.
    before = np.maximum.accumulate(np.concatenate(([-1], codes[:-1]))) if len(codes) else codes
    first = (codes >= 0) & (codes > before)
    dup = (codes >= 0) & ~first
    return dup, np.flatnonzero(first)[np.where(dup, codes, 0)] if dup.any() else codes


def _parse_columns(body: _Body, chosen: list[tuple[str, int]], headers: list[str],
                   mapped: Mapping[str, Mapping[str, str]] | None = None,
                   ) -> tuple[dict[str, Any], list[_Check], list[ImportNote]]:
    """Parse each mapped column and record every kind of bad cell as a mask (no row loops).

    A large book's columns are parsed in parallel threads (pyarrow compute and most numpy kernels
    release the GIL); results are gathered in column order, so values, problems and notes are
    the same as parsing one column after the other."""
    jobs = list(zip(chosen, body.columns, strict=True))
    if body.n_rows >= _PARALLEL_ROWS and len(jobs) > 1 and (os.cpu_count() or 1) > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1)) as pool:
            parts = list(pool.map(
                lambda job: _parse_column(body, job[0][0], job[0][1], job[1], headers, mapped),
                jobs))
    else:
        parts = [_parse_column(body, target, pos, col, headers, mapped)
                 for (target, pos), col in jobs]
    # A typed CSV column is kept only when it is clean; otherwise it is read and parsed as text,
    # so its values, problems (with the cells as written) and notes are the string path's.
    redo = [k for k, ((_, pos), col) in enumerate(jobs) if pos in body.typed
            and not (csv_typed.settled(col) and not parts[k][1] and not parts[k][2])]
    if redo and body.strings is not None:
        texts = body.strings([jobs[k][0][1] for k in redo])
        for k, col in zip(redo, texts, strict=True):
            (target, pos), _ = jobs[k]
            parts[k] = _parse_column(body, target, pos, col, headers, mapped)
    values: dict[str, Any] = {}
    checks: list[_Check] = []
    notes: list[ImportNote] = []
    for column_values, column_checks, column_notes in parts:
        values.update(column_values)
        checks += column_checks
        notes += column_notes
    return values, checks, notes


def _parse_column(body: _Body, target: str, pos: int, col: Any, headers: list[str],
                  mapped: Mapping[str, Mapping[str, str]] | None = None,
                  ) -> tuple[dict[str, Any], list[_Check], list[ImportNote]]:
    """One mapped column: its values, its kinds of bad cells, its format notes."""
    values: dict[str, Any] = {}
    checks: list[_Check] = []
    notes: list[ImportNote] = []
    header = headers[pos]
    label: Msg | str = _LABEL.get(target, target)
    # a CSV column pyarrow read as a dictionary: its distinct values are trimmed or matched once
    col = csv_typed.one_dictionary(col) if pos in body.typed else col
    distinct = isinstance(col, pa.DictionaryArray) and pos in body.typed

    def add(mask: BoolArray, problem: Msg, fix: Msg, refs: IntArray | None = None,
            _col: Any = col, _pos: int = pos, _header: str = header, repeat: bool = False) -> None:
        if mask.any():
            checks.append(_Check(_pos, _header, mask, _col, problem, fix, refs, repeat))

    parsed: parse.Parsed[Any] | None = None
    if target == "account_id":
        ids = _trimmed(col)
        add(_np(pc.is_null(ids)), Msg("errors_io.cell.id_blank"),
            Msg("errors_io.cell.id_blank.fix"))
        dup, first = _duplicates(ids)
        add(dup, Msg("errors_io.cell.id_again"), Msg("errors_io.cell.id_again.fix"), first,
            repeat=True)
        values[target] = ids
    elif target in _TEXT:
        values[target] = pa.DictionaryArray.from_arrays(col.indices, _trimmed(col.dictionary)) \
            if distinct else _text_arrow(col)
    elif target in _MONEY:
        parsed = parse.parse_money(col)
        add(parsed.bad, Msg("errors_io.cell.amount", label=label),
            Msg("errors_io.cell.amount.fix"))
        add(parsed.values < 0, Msg("errors_io.cell.negative", label=label),
            Msg("errors_io.cell.negative_amount.fix", label=label))
        add(np.abs(parsed.values) > _MAX_AMOUNT, Msg("errors_io.cell.amount_huge", label=label),
            Msg("errors_io.cell.amount_huge.fix"))
        if target != "previous_arr":
            add(np.isnan(parsed.values) & ~parsed.bad, Msg("errors_io.cell.blank", label=label),
                Msg("errors_io.cell.blank.fix"))
        values["arr" if target == "mrr" else target] = parsed.values * (
            12 if target == "mrr" else 1)
        if parsed.currency is not None:
            values[_MARKER + ("arr" if target == "mrr" else target)] = parsed.currency
        if parsed.style is not None:
            notes.extend(_mixed_formats(body, header, col, parsed.style))
    elif target in _NUMBERS:
        if target == "contract_term_months":  # "Month-to-month", "One year" …
            from postsale.io.terms import parse_term

            parsed = parse_term(col)
        else:
            parsed = parse.parse_number(col)
        add(parsed.bad, Msg("errors_io.cell.number", label=label),
            Msg("errors_io.cell.number.fix"))
        add(np.abs(parsed.values) > _MAX_AMOUNT, Msg("errors_io.cell.number_huge", label=label),
            Msg("errors_io.cell.number_huge.fix"))
        if target == "health_score":
            add((parsed.values < 0) | (parsed.values > 100), Msg("errors_io.cell.health"),
                Msg("errors_io.cell.health.fix"))
        else:
            add(parsed.values < 0, Msg("errors_io.cell.negative", label=label),
                Msg("errors_io.cell.negative_number.fix", label=label))
        values[target] = parsed.values
    elif target in _DATES:
        parsed = parse.parse_dates(col, excel_serials=body.excel)
        add(parsed.bad, Msg("errors_io.cell.date"), _DATE_FIX)
        values[target] = parsed.values
    elif target in ENUM_COLUMNS:
        parsed = parse.parse_enum(col.dictionary if distinct else col, target,
                                  value_map(target, header, mapped))
        if distinct:  # enum values are matched each on its own: per distinct value, then spread
            parsed = parsed.take(np.asarray(col.indices.to_numpy(zero_copy_only=False),
                                            dtype=np.intp))
        add(parsed.bad, Msg("errors_io.cell.enum", column=target),
            Msg("errors_io.cell.enum.fix", choices=", ".join(accepted_values(target)),
                column=target, first=accepted_values(target)[0], header=header))
        values[target] = parsed.values
    elif target in ("strategic", "pinned"):
        parsed = parse.parse_bool(col)
        add(parsed.bad, Msg("errors_io.cell.flag", column=target),
            Msg("errors_io.cell.flag.fix"))
        values[target] = parsed.values
    if parsed is not None:
        notes.extend(ImportNote("format_guess", f"column '{header}': {n}")
                     for n in parsed.notes)
    return values, checks, notes


_MARKER = "_marker."


def _mixed_formats(body: _Body, header: str, col: Any, style: npt.NDArray[np.int8]
                   ) -> list[ImportNote]:
    """A note when a money column holds both US (1,234.50) and European (1.234,50) amounts: each
    was read by its own format, but the user should know the export mixes them."""
    us, eu = np.flatnonzero(style == parse.STYLE_US), np.flatnonzero(style == parse.STYLE_EU)
    if not len(us) or not len(eu):
        return []
    picks = np.concatenate((us[:2], eu[:2]))
    rows = body.locate(picks)
    shown = [f"{_cell(col, int(i))} (row {r})" for i, r in zip(picks.tolist(), rows, strict=True)]
    n_us = min(len(us), 2)
    return [ImportNote("mixed_money_formats",
                       f"column '{header}' mixes number formats: {len(us):,} amounts in US style "
                       f"(1,234.50), e.g. {', '.join(shown[:n_us])}, and {len(eu):,} in European "
                       f"style (1.234,50), e.g. {', '.join(shown[n_us:])}; each amount was read "
                       "in its own format (a lone separator before three digits groups "
                       "thousands): check these rows")]


def _collect(file: str, unit: str, header: list[InputProblem], checks: list[_Check],
             body: _Body) -> tuple[list[InputProblem], int]:
    """The first problems in file order (at most 20, cheaply) and the total count."""
    total = len(header) + body.structural_total + sum(int(c.mask.sum()) for c in checks)
    if not total:
        return [], 0
    picks = sorted((int(i), c.order, k) for k, c in enumerate(checks)
                   for i in np.flatnonzero(c.mask)[:_LIMIT])[:_LIMIT]
    refs = [(j, int(ref[i])) for j, (i, _, k) in enumerate(picks)
            if (ref := checks[k].refs) is not None]
    rows = body.locate(np.array([i for i, _, _ in picks] + [r for _, r in refs], dtype=np.int64))
    ref_rows = {j: rows[len(picks) + n] for n, (j, _) in enumerate(refs)}
    cells = []
    for j, (i, _, k) in enumerate(picks):
        check = checks[k]
        first_row = ref_rows.get(j)
        problem = check.problem.with_params(c=_cell(check.col, i),
                                            r=None if first_row is None else str(first_row))
        if unit == "record":
            problem = Msg("errors_io.in_record", problem=problem, record=str(rows[j]))
        cells.append(InputProblem(file, rows[j], check.column, problem, check.fix))
    listed = cells + (body.structural() if body.structural_total else [])
    listed.sort(key=lambda p: p.row or 0)
    return (header + listed)[:_LIMIT], total


# ----------------------------------------------------------------------------------------------
# Entry points


@dataclass(frozen=True)
class LineGrain:
    """How to read an accounts file whose ID repeats (line items): the as-of date of the
    active-line rule and ``[import.aggregate]`` column → rule. See ``postsale.io.grain``."""

    as_of: dt.date
    aggregate: Mapping[str, str] = field(default_factory=dict)
    history_months: int = 12  # previous ARR: the lines active this many months before as-of


def _profiles(source: _Source) -> list[Any]:
    """Every column profiled on a head sample (the error path: suggestions that see values)."""
    from postsale.io.detect import profile_column

    body = source.read(list(range(len(source.headers))), None)
    return [profile_column(h, c.slice(0, 5000)) for h, c in zip(source.headers, body.columns,
                                                                 strict=True)]


def _load(source: _Source, file: str, columns: Mapping[str, str] | None,
          progress: Progress | None, grain: LineGrain | None = None,
          require_arr: bool = True,
          enum_values: Mapping[str, Mapping[str, str]] | None = None) -> LoadedAccounts:
    """Map headers, read the mapped columns, parse and check them; raise with every problem.

    With ``grain``, repeated IDs are line items, aggregated by ``postsale.io.grain`` when they are
    the only problem; without it (or when other cells are bad) they are errors."""
    mapping = map_headers(source.headers, columns, require_arr=require_arr)
    if any(c in ("account_id", "arr") for c, _, _ in mapping.problems):
        try:  # the values make the suggestions better, but must not hide the missing column
            profiles = _profiles(source)
        except (InputError, pa.ArrowException, ValueError):
            profiles = None
        if profiles is not None:
            mapping = map_headers(source.headers, columns, profiles, require_arr=require_arr)
    chosen = sorted(mapping.positions.items(), key=lambda kv: kv[1])
    if source.predict is not None:  # CSV: pyarrow types the numeric, date and flag columns
        types = source.predict({pos: t for t, pos in chosen})
        body = source.read([pos for _, pos in chosen], progress, types)
    else:
        body = source.read([pos for _, pos in chosen], progress)
    header = [InputProblem(file, source.header_row or None, c, pr, fx)
              for c, pr, fx in mapping.problems]
    if body.n_rows == 0 and not body.structural_total:
        header.append(InputProblem(file, None, None, Msg("errors_io.no_accounts"),
                                   Msg("errors_io.no_accounts.fix")))
    values, checks, notes = _parse_columns(body, chosen, source.headers, enum_values)
    present = frozenset("arr" if t == "mrr" else t for t, _ in chosen)
    repeats = [c for c in checks if c.repeat]
    if grain is not None and repeats and not header and not body.structural_total \
            and len(repeats) == len(checks):
        from postsale.io.grain import aggregate_lines

        headers_of = {t: source.headers[pos] for t, pos in chosen}
        # line items are the rare path: their text columns as numpy objects for the group-bys
        values = {k: text_objects(v) if is_arrow(v) else v for k, v in values.items()}
        values, more = aggregate_lines(values, present, headers_of, grain, file, body.locate)
        present = present | frozenset(k for k in values if k != "churned")
        notes = [*notes, *more]
        checks = []
    elif grain is not None:  # line items, aggregated once the other problems are fixed
        checks = [c for c in checks if not c.repeat]
    if "arr" not in values:  # an accounts file without ARR: its subscriptions or deals give it
        values["arr"] = np.full(len(next(iter(values.values()))) if values else body.n_rows,
                                np.nan)  # after aggregation: one per account
    problems, total = _collect(file, source.unit, header, checks, body)
    if total:
        raise InputError(problems, total=total)
    markers = {k[len(_MARKER):]: values.pop(k) for k in list(values) if k.startswith(_MARKER)}
    return LoadedAccounts(
        book=AccountBook.from_columns(values, present=present),
        columns={t: source.headers[pos] for t, pos in chosen},
        notes=(*source.notes, *(ImportNote(c, m) for c, m in mapping.notes), *notes),
        markers=markers, locate=body.locate,
    )


def read_accounts(path: str | Path | Any, columns: Mapping[str, str] | None = None,
                  progress: Progress | None = None, *, grain: LineGrain | None = None,
                  require_arr: bool = True,
                  values: Mapping[str, Mapping[str, str]] | None = None) -> LoadedAccounts:
    """Load, validate and parse an account file; see :func:`load_accounts`. Also returns which
    header fed each column and the import's notes (MRR converted, guessed formats, encoding).

    ``grain``: aggregate a file whose account ID repeats (line items) instead of failing.
    ``require_arr`` False: the ARR column may be missing (a subscription or opportunity file
    gives it); the book's ARR is then NaN until the caller fills it. ``values``: the company
    file's ``[values.<column>]`` (raw → canonical enum values)."""
    from postsale.io.frames import frame_source, is_frame, source_name

    file = source_name(path)
    source = frame_source(path) if is_frame(path) else open_table(path, "accounts")
    try:
        return _load(source, file, columns, progress, grain, require_arr, values)
    except OSError as exc:
        raise _fail(file, Msg("errors_io.file.unreadable", reason=str(exc.strerror or exc)),
                    Msg("errors_io.file.unreadable.fix")) from None


_WHAT: dict[str, Msg] = {
    "accounts": Msg("errors_io.what.accounts"), "subscriptions": Msg("errors_io.what.subscriptions"),
    "opportunities": Msg("errors_io.what.opportunities"), "tickets": Msg("errors_io.what.tickets"),
    "table": Msg("errors_io.what.table")}


def open_table(path: str | Path, what: str = "accounts") -> _Source:
    """The headers of a table file and a reader of its columns (any supported format); the
    file-level checks (missing, folder, unknown type, empty) raise ``InputError``. ``what``
    names the export in the fixes (``export the subscriptions again``)."""
    p, file = Path(path), str(path)
    kind = _EXTENSIONS.get(p.suffix.lower())
    export = _WHAT.get(what, what)
    if not p.exists():
        raise _fail(file, Msg("errors_io.file.not_found"),
                    Msg("errors_io.file.not_found.fix", folder=str(p.resolve().parent)))
    if p.is_dir():
        raise _fail(file, Msg("errors_io.out.folder"), Msg("errors_io.file.folder.fix", what=export))
    if kind is None:
        fix = Msg("errors_io.file.type.xls_fix") if p.suffix.lower() == ".xls" \
            else Msg("errors_io.file.type.fix")
        raise _fail(file, Msg("errors_io.file.type", suffix=p.suffix) if p.suffix
                    else Msg("errors_io.file.type_none"), fix)
    readers: dict[str, Callable[[Path, str], _Source]] = {
        "csv": csv_source, "xlsx": xlsx_source, "parquet": parquet_source,
        "json": lambda q, f: json_source(q, f, False),
        "jsonl": lambda q, f: json_source(q, f, True),
    }
    try:
        if p.stat().st_size == 0:
            raise _fail(file, Msg("errors_io.file.empty"),
                        Msg("errors_io.file.empty.fix", what=export))
        return readers[kind](p, file)
    except OSError as exc:
        raise _fail(file, Msg("errors_io.file.unreadable", reason=str(exc.strerror or exc)),
                    Msg("errors_io.file.unreadable.fix")) from None


def load_accounts(path: str | Path | Any, columns: Mapping[str, str] | None = None,
                  progress: Callable[[int, int], None] | None = None) -> AccountBook:
    """The account book in ``path`` (.csv/.tsv/.txt, .xlsx, .parquet, .json, .jsonl), or in a
    pandas or polars DataFrame (same checks; rows are its positions from 0).

    ``columns`` maps extra headers to canonical columns (the company file's ``[columns]``; it wins
    over the built-in aliases). ``progress(bytes_done, bytes_total)`` is called as the file is
    read. Raises :class:`~postsale.errors.InputError` listing every problem (up to 20, with the
    total) — nothing is imported from a file with problems.
    """
    return read_accounts(path, columns, progress).book


def _arrow_column(values: Any) -> Any:
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        return pa.array(values.astype("datetime64[D]"))
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiub":
        return pa.array(values)
    try:
        return pa.array(values, type=pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return parse.as_arrow(list(values))


def book_from_columns(columns: Mapping[str, Any], source: str = "columns") -> AccountBook:
    """A book from in-memory columns (header → array or list of cells), checked like a file.

    Used for generated books (the demo) and Python callers; values may be raw text (parsed like
    a CSV's cells) or already typed (numbers, ``datetime64``, bool). Problems name record numbers.
    """
    headers = [str(h) for h in columns]
    arrays = [_arrow_column(v) for v in columns.values()]
    lengths = {len(a) for a in arrays}
    if len(lengths) > 1:
        raise _fail(source, Msg("errors_io.lengths", lengths=str(sorted(lengths))),
                    Msg("errors_io.lengths.fix"))
    n = lengths.pop() if lengths else 0

    def read(positions: list[int], progress: Progress | None) -> _Body:
        return _Body([arrays[i] for i in positions], n, _offset(1))

    return _load(_Source(headers, 0, "record", read), source, None, None).book


def read_table(path: str | Path) -> tuple[list[str], list[Any], int, int]:
    """Every column of a file as read for import (headers, Arrow columns, row count, rows skipped
    for a wrong number of fields), unparsed: what ``postsale inspect`` profiles. Raises
    :class:`InputError` like :func:`read_accounts`."""
    source = open_table(path, "table")
    try:
        body = source.read(list(range(len(source.headers))), None)
    except OSError as exc:
        raise _fail(str(path), f"cannot read the file ({exc.strerror or exc})",
                    "check that it exists and is readable") from None
    return source.headers, body.columns, body.n_rows, body.structural_total
