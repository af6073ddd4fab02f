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
CSV line numbers of the listed problems are found by scanning the file once.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from postsale.core.book import AccountBook
from postsale.core.categorical import is_arrow, text_objects
from postsale.errors import MAX_LISTED_PROBLEMS, InputError, InputProblem
from postsale.io import csv_typed, parse
from postsale.io.json_records import decode_json
from postsale.io.parse import ENUM_COLUMNS, accepted_values, map_headers
from postsale.io.read_guards import check_typed_columns, detect_encoding
from postsale.io.read_xlsx import read_xlsx_rows
from postsale.io.values import value_map

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


@dataclass(frozen=True)
class ImportNote:
    """A caveat of an import that did not stop it (e.g. MRR converted), for a plan's warnings."""

    code: str
    message: str


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


@dataclass(eq=False)
class _Body:
    """Requested columns (Arrow), row count, record index → row number, structural problems."""

    columns: list[Any]
    n_rows: int
    locate: Locate
    structural: Callable[[], list[InputProblem]] = list
    structural_total: int = 0
    excel: bool = False
    # CSV read with pyarrow typing some columns (postsale.io.csv_typed): their positions, and a
    # reader of given positions as text, for the columns the fast path hands back
    typed: frozenset[int] = frozenset()
    strings: Callable[[list[int]], list[Any]] | None = None


@dataclass(eq=False)
class _Source:
    headers: list[str]
    header_row: int
    unit: str  # "row" (line or sheet row) or "record" (JSON, Parquet)
    read: Callable[..., _Body]  # (positions, progress); CSV also takes types (csv_typed)
    notes: list[ImportNote] = field(default_factory=list)
    predict: Callable[[Mapping[int, str]], dict[int, Any]] | None = None


Table = _Source  # what open_table returns: headers, header row, unit, read(positions, progress)


def _fail(file: str, problem: str, fix: str, row: int | None = None) -> InputError:
    return InputError([InputProblem(file, row, None, problem, fix)])


def _offset(base: int) -> Locate:
    return lambda idx: [int(i) + base for i in idx]


# ----------------------------------------------------------------------------------------------
# CSV

_CANDIDATES = (",", ";", "\t", "|")
_LINE_END = re.compile(r"\r\n|\r|\n")


def _sniff_delimiter(sample: str | Sequence[str], prefer: str) -> str:
    """The candidate that splits the header most and the next records the same way.

    Records are parsed with the csv module, so quoted delimiters and quoted line breaks count as
    the reader will see them (a physical line of a quoted multi-line value is not a record)."""
    sample = sample if isinstance(sample, str) else "\n".join(sample)
    best, best_score = prefer, (0.0, 0)
    for cand in _CANDIDATES:
        try:
            rows = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=cand) if r]
        except csv.Error:
            continue
        rows = rows[:-1] if len(rows) > 2 else rows  # the sample may end inside a record
        if not rows or len(rows[0]) < 2:
            continue
        rest = [len(r) for r in rows[1:21]]
        same = sum(c == len(rows[0]) for c in rest) / len(rest) if rest else 1.0
        score = (same + (0.01 if cand == prefer else 0.0), len(rows[0]))
        if score > best_score:
            best, best_score = cand, score
    return best


class _CsvLines:
    """Line numbers of records, found by one scan with the csv module — on the error path only.

    pyarrow skips blank lines and rows with the wrong number of fields, and quoted values may span
    lines, so record index + 2 is not always the line; this scan mirrors pyarrow's rules.
    """

    def __init__(self, path: Path, encoding: str, delimiter: str, skip: int, width: int,
                 file: str, invalid: int) -> None:
        self.path, self.encoding, self.delimiter = path, encoding, delimiter
        self.skip, self.width, self.file, self.invalid = skip, width, file, invalid

    def _scan(self, wanted: set[int]) -> tuple[dict[int, int], list[InputProblem]]:
        found: dict[int, int] = {}
        bad: list[InputProblem] = []
        need_bad, last = min(self.invalid, _LIMIT), max(wanted, default=-1)
        with open(self.path, encoding=self.encoding, errors="replace", newline="") as f:
            reader = csv.reader(f, delimiter=self.delimiter)
            try:
                for _ in range(self.skip):
                    next(reader)
                prev, k = reader.line_num, 0
                for row in reader:
                    start, prev = prev + 1, reader.line_num
                    if not row:
                        continue
                    if len(row) != self.width:
                        if len(bad) < need_bad:
                            bad.append(InputProblem(
                                self.file, start, None,
                                f"this row has {len(row)} fields but the header has {self.width}",
                                "check the delimiter and quotes on this line (a value containing "
                                "the delimiter must be in double quotes)"))
                        continue
                    if k in wanted:
                        found[k] = start
                    k += 1
                    if k > last and len(bad) >= need_bad:
                        break
            except (csv.Error, StopIteration):
                pass
        return found, bad

    def locate(self, idx: IntArray) -> list[int]:
        found, _ = self._scan({int(i) for i in idx})
        return [found.get(int(i), int(i) + self.skip + 1) for i in idx]

    def structural(self) -> list[InputProblem]:
        return self._scan(set())[1] if self.invalid else []


def _csv_source(path: Path, file: str) -> _Source:
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    encoding = "utf-16" if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8"
    try:
        text = codecs.getincrementaldecoder(encoding + ("-sig" if encoding == "utf-8" else ""))(
        ).decode(head, final=False)
    except UnicodeDecodeError:
        encoding = detect_encoding(head) or "cp1252"
        text = head.decode(encoding, errors="replace")
    # Only CR, LF and CRLF end a CSV line (str.splitlines also splits at form feeds and U+2028,
    # which would shift every row number and make pyarrow skip the first account).
    lines = _LINE_END.split(text.lstrip("\ufeff"))
    if len(head) == 1 << 16 and len(lines) > 1:
        lines = lines[:-1]  # the last line of the sample may be cut short
    lead = 0
    while lead < len(lines) and not lines[lead].strip():
        lead += 1
    if lead == len(lines):
        raise _fail(file, "the file has no header and no rows", "export the accounts again")
    prefer = "\t" if path.suffix.lower() == ".tsv" else ","
    hint = lines[lead].strip(" ")
    if hint.lower().startswith("sep=") and len(hint) == 5:
        delimiter, lead = hint[4], lead + 1  # Excel's "sep=;" hint line (also "sep=" + tab)
    else:
        delimiter = _sniff_delimiter("\n".join(lines[lead:]), prefer)
    reader = csv.reader(io.StringIO("\n".join(lines[lead:]), newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])
    except csv.Error:
        header = []
    # A quoted header cell may hold a line break: pyarrow skips physical lines, so skip them all.
    header_lines = max(reader.line_num, 1)
    headers = [" ".join(h.split()) for h in header]
    notes: list[ImportNote] = []

    def read(positions: list[int], progress: Progress | None,
             types: Mapping[int, Any] | None = None) -> _Body:
        types = {p: t for p, t in (types or {}).items() if p in positions}
        while True:
            try:
                return _read_body(positions, progress, types)
            except pa.ArrowInvalid as exc:  # a typed column with a cell pyarrow cannot convert
                pos = csv_typed.conversion_column(str(exc))
                if not types or "conversion error" not in str(exc):
                    raise
                types = {} if pos not in types else {p: t for p, t in types.items() if p != pos}

    def _read_body(positions: list[int], progress: Progress | None,
                   types: dict[int, Any]) -> _Body:
        names = [f"c{i}" for i in range(len(headers))]
        wanted = [names[i] for i in positions] or names[:1]
        typed = {names[p]: t for p, t in types.items()}
        for enc in dict.fromkeys((encoding, "cp1252", "latin-1")):
            invalid = [0]  # rows with the wrong number of fields: skipped, counted, found later

            def skip(_row: Any, count: list[int] = invalid) -> str:
                count[0] += 1
                return "skip"

            try:
                try:
                    table = _read_csv(path, enc, delimiter, names, wanted, lead + header_lines,
                                      skip, progress, typed=typed)
                except pa.ArrowInvalid as exc:
                    if "straddl" not in str(exc):
                        raise
                    # A value longer than a 4 MB block (a pasted document in a notes column):
                    # read the file as one block (slower, never refused).
                    invalid[0] = 0
                    table = _read_csv(path, enc, delimiter, names, wanted, lead + header_lines,
                                      skip, progress, block=min(path.stat().st_size + 1, 1 << 31),
                                      typed=typed)
            except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
                if typed and "conversion error" in str(exc):
                    raise
                if isinstance(exc, UnicodeDecodeError) or "UTF8" in str(exc):
                    continue
                if "Could not skip" in str(exc):  # only the header (no line end after it)
                    return _Body([pa.array([], pa.string()) for _ in positions], 0, _offset(1))
                raise _fail(file, f"cannot read the file as CSV ({exc})",
                            "check that it is a CSV export with one header line; quotes must "
                            "be closed") from None
            if enc != "utf-8" and enc != "utf-16":
                notes.append(ImportNote("encoding", f"{file} is not UTF-8; read as {enc}"))
            lines_ = _CsvLines(path, enc, delimiter, lead + 1, len(headers), file, invalid[0])
            return _Body([table.column(w) for w in wanted] if positions else [], table.num_rows,
                         lines_.locate, lines_.structural, invalid[0], typed=frozenset(types),
                         strings=lambda ps: read(ps, None).columns)
        raise AssertionError("latin-1 decodes every byte")  # pragma: no cover

    sample = "\n".join(lines[lead:])  # the header and the head's whole lines
    return _Source(headers, lead + 1, "row", read, notes,
                   predict=lambda targets: csv_typed.predict_types(targets, sample, delimiter))


class _Reporting(io.RawIOBase):
    """A binary file that reports how far it has been read (pyarrow reads ahead in blocks)."""

    def __init__(self, f: io.BufferedReader, total: int, progress: Progress) -> None:
        super().__init__()
        self._f, self._total, self._progress = f, total, progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._f.readinto(buffer)
        self._progress(min(self._f.tell(), self._total), self._total)
        return n


def _read_csv(path: Path, encoding: str, delimiter: str, names: list[str], wanted: list[str],
              skip: int, on_invalid: Callable[[Any], str], progress: Progress | None,
              block: int = 4 << 20, typed: Mapping[str, Any] | None = None) -> Any:
    """The wanted columns as strings, parsed by pyarrow's multithreaded reader (blocks of 4 MB
    parsed in parallel, as ``pyarrow.csv.read_csv`` alone does); ``typed`` columns as the given
    Arrow types, blank cells (only) null — ``NA``, ``null`` and the like stay unconvertible."""
    import pyarrow.csv as pcsv  # type: ignore[import-untyped]

    total = path.stat().st_size
    with open(path, "rb") as f:
        table = pcsv.read_csv(
            f if progress is None else _Reporting(f, total, progress),
            read_options=pcsv.ReadOptions(column_names=names, skip_rows=skip, block_size=block,
                                          encoding="utf8" if encoding == "utf-8" else encoding),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                            invalid_row_handler=on_invalid),
            convert_options=pcsv.ConvertOptions(
                column_types={n: (typed or {}).get(n, pa.string()) for n in wanted},
                include_columns=wanted, null_values=[""],
                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    if progress is not None:
        progress(total, total)
    return table


# ----------------------------------------------------------------------------------------------
# XLSX, JSON, Parquet


def _cells_source(headers: list[str], cells: Sequence[Sequence[object]], locate: Locate,
                  header_row: int, unit: str, excel: bool, size: int = 1) -> _Source:
    """A source over Python rows (XLSX, JSON): columns are built once, per requested column."""
    width = len(headers)
    padded = [tuple(r[:width]) + (None,) * (width - len(r)) for r in cells]
    transposed = list(zip(*padded, strict=True)) if padded else [() for _ in headers]

    def read(positions: list[int], progress: Progress | None) -> _Body:
        cols = [parse.as_arrow(list(transposed[i])) for i in positions]
        if progress is not None:
            progress(size, size)
        return _Body(cols, len(padded), locate, excel=excel)

    return _Source(headers, header_row, unit, read)


def _xlsx_source(path: Path, file: str) -> _Source:
    """The first visible worksheet (or "accounts"), streamed row by row (``read_xlsx``)."""
    sheet = read_xlsx_rows(path, file)
    sheet_rows = np.asarray(sheet.numbers, dtype=np.int64)
    source = _cells_source(sheet.header, sheet.rows, lambda idx: [int(sheet_rows[i]) for i in idx],
                           sheet.header_row, "row", excel=True, size=path.stat().st_size)
    source.notes.extend(ImportNote("xlsx_sheet", note) for note in sheet.notes)
    return source


def _records_source(records: list[dict[str, Any]], rows: Sequence[int], file: str) -> _Source:
    """Flat records (checked by ``json_records``) as columns; problems name ``rows``."""
    headers = list(dict.fromkeys(k for r in records for k in r))
    cells = [tuple(r.get(h) for h in headers) for r in records]
    at = np.asarray(rows, dtype=np.int64)
    return _cells_source([str(h) for h in headers], cells, lambda idx: [int(at[i]) for i in idx],
                         0, "record", excel=False)


def _json_source(path: Path, file: str, lines: bool) -> _Source:
    """JSON arrays and JSON Lines, decoded and shape-checked in Python (``json_records``) before
    any value reaches Arrow: pyarrow's JSON reader crashes the process on a ``null`` line."""
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(file, f"not UTF-8 text (byte {exc.start})", "save the JSON as UTF-8") from None
    decoded = decode_json(text, file, lines)
    return _records_source(decoded.records, decoded.rows, file)


def _parquet_source(path: Path, file: str) -> _Source:
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise _fail(file, f"cannot read as Parquet ({exc})", "write the file again") from None
    schema, total_rows, size = pf.schema_arrow, pf.metadata.num_rows, path.stat().st_size

    def read(positions: list[int], progress: Progress | None) -> _Body:
        wanted = [schema.names[i] for i in positions]
        batches = []
        for batch in pf.iter_batches(batch_size=1 << 16, columns=wanted):
            batches.append(batch)
            if progress is not None:
                progress(size * sum(b.num_rows for b in batches) // max(total_rows, 1), size)
        table = pa.Table.from_batches(batches, pa.schema([schema.field(w) for w in wanted]))
        check_typed_columns(file, [table.column(w) for w in wanted], wanted)
        return _Body([table.column(w) for w in wanted], total_rows, _offset(1))

    return _Source(list(schema.names), 0, "record", read)


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
    problem: str
    fix: str
    refs: IntArray | None = None
    repeat: bool = False  # a repeated account ID: line items to aggregate, or a mistake


def _trimmed(col: Any) -> Any:
    """Strings, trimmed, with blank cells as nulls."""
    s = parse.as_text(col)
    return pc.if_else(pc.equal(s, ""), pa.scalar(None, pa.string()), s)


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


_LABEL = {"arr": "ARR", "mrr": "MRR", "previous_arr": "previous ARR", "health_score": "health score",
          "tickets_per_month": "tickets per month", "implementation_weeks": "implementation weeks",
          "contract_term_months": "contract term (months)"}
_DATE_FIX = "write it as 2026-03-31 (also accepted: " + ", ".join(parse.DATE_FORMS[1:]) + ")"


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
    header, label = headers[pos], _LABEL.get(target, target)
    # a CSV column pyarrow read as a dictionary: its distinct values are trimmed or matched once
    col = csv_typed.one_dictionary(col) if pos in body.typed else col
    distinct = isinstance(col, pa.DictionaryArray) and pos in body.typed

    def add(mask: BoolArray, problem: str, fix: str, refs: IntArray | None = None,
            _col: Any = col, _pos: int = pos, _header: str = header, repeat: bool = False) -> None:
        if mask.any():
            checks.append(_Check(_pos, _header, mask, _col, problem, fix, refs, repeat))

    parsed: parse.Parsed[Any] | None = None
    if target == "account_id":
        ids = _trimmed(col)
        add(_np(pc.is_null(ids)), "account_id is blank", "give every account a unique ID")
        dup, first = _duplicates(ids)
        add(dup, "account_id {c} appears again (first on row {r})",
            "keep one row per account: merge or remove the repeat", first, repeat=True)
        values[target] = ids
    elif target in _TEXT:
        values[target] = pa.DictionaryArray.from_arrays(col.indices, _trimmed(col.dictionary)) \
            if distinct else _text_arrow(col)
    elif target in _MONEY:
        parsed = parse.parse_money(col)
        add(parsed.bad, f"{label} {{c}} is not an amount",
            "write a number such as 30000, $30,000, 30K or 1.2M")
        add(parsed.values < 0, f"{label} {{c}} is negative",
            f"{label} cannot be negative; write the amount, 0 if none")
        add(np.abs(parsed.values) > _MAX_AMOUNT, f"{label} {{c}} is not a finite amount below "
            "10^15", "write the amount as a plain number such as 30000 (check the column)")
        if target != "previous_arr":
            add(np.isnan(parsed.values) & ~parsed.bad, f"{label} is blank",
                "write 0 for an account without revenue, or remove the row")
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
        add(parsed.bad, f"{label} {{c}} is not a number", "write a number such as 12 or 2.5")
        add(np.abs(parsed.values) > _MAX_AMOUNT, f"{label} {{c}} is not a finite number below 10^15",
            "write a plain number such as 12 or 2.5")
        if target == "health_score":
            add((parsed.values < 0) | (parsed.values > 100), "health score {c} is outside "
                "0–100", "write a score from 0 to 100 (rescale 0–1 or 0–10 scores)")
        else:
            add(parsed.values < 0, f"{label} {{c}} is negative",
                f"{label} cannot be negative; write 0 if none")
        values[target] = parsed.values
    elif target in _DATES:
        parsed = parse.parse_dates(col, excel_serials=body.excel)
        add(parsed.bad, "{c} is not a date we can read", _DATE_FIX)
        values[target] = parsed.values
    elif target in ENUM_COLUMNS:
        parsed = parse.parse_enum(col.dictionary if distinct else col, target,
                                  value_map(target, header, mapped))
        if distinct:  # enum values are matched each on its own: per distinct value, then spread
            parsed = parsed.take(np.asarray(col.indices.to_numpy(zero_copy_only=False),
                                            dtype=np.intp))
        add(parsed.bad, f"unknown {target} {{c}}",
            f"use one of: {', '.join(accepted_values(target))} (or leave it blank), or map it "
            f"in the company file: [values.{target}] then \"Your value\" = "
            f"\"{accepted_values(target)[0]}\" (\"\" = unknown), or leave the column out: "
            f"[columns] \"{header}\" = \"ignore\" (`postsale inspect` writes both)")
        values[target] = parsed.values
    elif target in ("strategic", "pinned"):
        parsed = parse.parse_bool(col)
        add(parsed.bad, f"{target} {{c}} is not yes or no",
            "write yes/no, true/false, 1/0 or x (blank = no)")
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
        problem = check.problem.format(c=_cell(check.col, i), r=ref_rows.get(j))
        if unit == "record":
            problem += f" (record {rows[j]})"
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
        header.append(InputProblem(file, None, None, "there are no accounts in the file",
                                   "export the accounts again; only a header was found"))
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


def read_accounts(path: str | Path, columns: Mapping[str, str] | None = None,
                  progress: Progress | None = None, *, grain: LineGrain | None = None,
                  require_arr: bool = True,
                  values: Mapping[str, Mapping[str, str]] | None = None) -> LoadedAccounts:
    """Load, validate and parse an account file; see :func:`load_accounts`. Also returns which
    header fed each column and the import's notes (MRR converted, guessed formats, encoding).

    ``grain``: aggregate a file whose account ID repeats (line items) instead of failing.
    ``require_arr`` False: the ARR column may be missing (a subscription or opportunity file
    gives it); the book's ARR is then NaN until the caller fills it. ``values``: the company
    file's ``[values.<column>]`` (raw → canonical enum values)."""
    file = str(path)
    source = open_table(path, "accounts")
    try:
        return _load(source, file, columns, progress, grain, require_arr, values)
    except OSError as exc:
        raise _fail(file, f"cannot read the file ({exc.strerror or exc})",
                    "check that it exists, is readable and is not locked by another program"
                    ) from None


def open_table(path: str | Path, what: str = "accounts") -> _Source:
    """The headers of a table file and a reader of its columns (any supported format); the
    file-level checks (missing, folder, unknown type, empty) raise ``InputError``. ``what``
    names the export in the fixes (``export the subscriptions again``)."""
    p, file = Path(path), str(path)
    kind = _EXTENSIONS.get(p.suffix.lower())
    if not p.exists():
        raise _fail(file, "file not found", f"check the path (looked in {p.resolve().parent})")
    if p.is_dir():
        raise _fail(file, "this is a folder, not a file", f"give the path of the {what} file")
    if kind is None:
        fix = ("save it from Excel as .xlsx or .csv" if p.suffix.lower() == ".xls" else
               "use .csv, .tsv, .xlsx, .parquet, .json or .jsonl")
        raise _fail(file, f"unknown file type '{p.suffix or '(none)'}'", fix)
    readers: dict[str, Callable[[Path, str], _Source]] = {
        "csv": _csv_source, "xlsx": _xlsx_source, "parquet": _parquet_source,
        "json": lambda q, f: _json_source(q, f, False),
        "jsonl": lambda q, f: _json_source(q, f, True),
    }
    try:
        if p.stat().st_size == 0:
            raise _fail(file, "the file is empty", f"export the {what} again, with a header row")
        return readers[kind](p, file)
    except OSError as exc:
        raise _fail(file, f"cannot read the file ({exc.strerror or exc})",
                    "check that it exists, is readable and is not locked by another program"
                    ) from None


def load_accounts(path: str | Path, columns: Mapping[str, str] | None = None,
                  progress: Callable[[int, int], None] | None = None) -> AccountBook:
    """The account book in ``path`` (.csv/.tsv/.txt, .xlsx, .parquet, .json, .jsonl).

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
        raise _fail(source, f"columns have different lengths ({sorted(lengths)})",
                    "give every column one value per account")
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
