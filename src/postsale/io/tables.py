"""Tables from files: CSV/TSV, XLSX, JSON (Lines) and Parquet read into named columns.

A *source* (``Table``) knows a file's headers, where its header row is, and how to read the
requested columns (Arrow) with record → row numbers for messages; ``postsale.io.read`` maps and
parses those columns into an account book. Split from ``read.py`` so each module holds one idea:
this one the file formats (delimiter sniffing, encodings, pyarrow's parallel CSV reader, XLSX and
JSON guards), that one the columns and the all-or-nothing checks.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]

from postsale.core.msg import Msg
from postsale.errors import MAX_LISTED_PROBLEMS, InputError, InputProblem, Words
from postsale.io import csv_typed, parse
from postsale.io.json_records import decode_json
from postsale.io.read_guards import check_typed_columns, detect_encoding
from postsale.io.read_xlsx import read_xlsx_rows

__all__ = ["ImportNote", "Table", "csv_source", "json_source", "parquet_source",
           "sniff_delimiter", "xlsx_source"]

Progress = Callable[[int, int], None]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Locate = Callable[[IntArray], list[int]]


@dataclass(frozen=True)
class ImportNote:
    """A caveat of an import that did not stop it (e.g. MRR converted), for a plan's warnings."""

    code: str
    message: str


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


def _fail(file: str, problem: Words, fix: Words, row: int | None = None) -> InputError:
    return InputError([InputProblem(file, row, None, problem, fix)])


def _offset(base: int) -> Locate:
    return lambda idx: [int(i) + base for i in idx]


# ----------------------------------------------------------------------------------------------
# CSV

_CANDIDATES = (",", ";", "\t", "|")
_LINE_END = re.compile(r"\r\n|\r|\n")


def sniff_delimiter(sample: str | Sequence[str], prefer: str) -> str:
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
        need_bad, last = min(self.invalid, MAX_LISTED_PROBLEMS), max(wanted, default=-1)
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
                                Msg("errors_io.file.fields", fields=len(row), width=self.width),
                                Msg("errors_io.file.fields.fix")))
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


def csv_source(path: Path, file: str) -> _Source:
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
        raise _fail(file, Msg("errors_io.file.no_header"), Msg("errors_io.file.no_header.fix"))
    prefer = "\t" if path.suffix.lower() == ".tsv" else ","
    hint = lines[lead].strip(" ")
    if hint.lower().startswith("sep=") and len(hint) == 5:
        delimiter, lead = hint[4], lead + 1  # Excel's "sep=;" hint line (also "sep=" + tab)
    else:
        delimiter = sniff_delimiter("\n".join(lines[lead:]), prefer)
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
                raise _fail(file, Msg("errors_io.file.csv", reason=str(exc)),
                            Msg("errors_io.file.csv.fix")) from None
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


def xlsx_source(path: Path, file: str) -> _Source:
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


def json_source(path: Path, file: str, lines: bool) -> _Source:
    """JSON arrays and JSON Lines, decoded and shape-checked in Python (``json_records``) before
    any value reaches Arrow: pyarrow's JSON reader crashes the process on a ``null`` line."""
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(file, Msg("errors_company.not_utf8", byte=str(exc.start)),
                    Msg("errors_io.file.json_utf8.fix")) from None
    decoded = decode_json(text, file, lines)
    return _records_source(decoded.records, decoded.rows, file)


def parquet_source(path: Path, file: str) -> _Source:
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise _fail(file, Msg("errors_io.file.parquet", reason=str(exc)),
                    Msg("errors_io.file.parquet.fix")) from None
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


