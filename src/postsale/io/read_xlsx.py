"""XLSX account sheets, read row by row without trusting the workbook's own metadata.

Why apart from ``read``: fuzzing found workbooks that hang or crash openpyxl's read-only reader —
a styled cell at XFD1048576 in the stored dimension (openpyxl pads every row to it: 10^6 rows of
16,384 cells), chartsheet-only books, hidden first sheets, missing parts — and each needs its own
guard. Only the rows present in the file are read, cut to the header's width.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from postsale.core.msg import Msg
from postsale.errors import InputError, InputProblem, Words
from postsale.io import parse

__all__ = ["XlsxRows", "read_xlsx_rows"]

_XLSX_MAX_COLUMNS = 1024  # a header wider than this is not an account export


@dataclass(eq=False)
class XlsxRows:
    """The header, the data rows with their sheet row numbers, and notes (sheet chosen)."""

    header: list[str]
    header_row: int
    rows: list[tuple[Any, ...]]
    numbers: list[int]
    notes: list[str] = field(default_factory=list)


def _fail(file: str, problem: Words, fix: Words) -> InputError:
    return InputError([InputProblem(file, None, None, problem, fix)])


def _sheet(wb: Any, file: str) -> tuple[Any, list[str]]:
    """The sheet to read: a visible worksheet named "accounts", else the first visible one.

    Chartsheets are not worksheets; hidden and very hidden sheets are skipped, with a note."""
    visible = [ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    if not visible:
        raise _fail(file, Msg("errors_io.xlsx.no_sheet"), Msg("errors_io.xlsx.no_sheet.fix"))
    by_name = {ws.title.strip().lower(): ws for ws in visible}
    ws = by_name.get("accounts", visible[0])
    notes = []
    skipped = [s.title for s in wb.worksheets if s not in visible]
    if skipped or len(visible) > 1:
        hidden = f" (hidden, skipped: {', '.join(skipped)})" if skipped else ""
        notes.append(f"{file}: read sheet '{ws.title}'{hidden}")
    return ws, notes


def read_xlsx_rows(path: Path, file: str) -> XlsxRows:
    """The account sheet's header and rows; ``InputError`` for a book that cannot be read.

    The stored dimension is ignored (``reset_dimensions``), so only rows in the file are read,
    and each row is cut to the header's width (at most ``_XLSX_MAX_COLUMNS``)."""
    import openpyxl  # type: ignore[import-untyped]

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, InvalidFileException …
        raise _fail(file, Msg("errors_io.xlsx.cannot_open", kind=type(exc).__name__),
                    Msg("errors_io.xlsx.damaged.fix")) from None
    try:
        ws, notes = _sheet(wb, file)
        ws.reset_dimensions()
        header: list[str] | None = None
        header_row, rows, numbers, width = 0, [], [], _XLSX_MAX_COLUMNS
        for r, full in enumerate(ws.iter_rows(values_only=True), start=1):
            row = full[:width]
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
                continue
            if header is None:
                header = [" ".join(str(parse.cell_text(v) or "").split()) for v in row]
                while header and not header[-1]:
                    header.pop()
                width, header_row = max(len(header), 1), r
                continue
            rows.append(row)
            numbers.append(r)
    except (KeyError, zipfile.BadZipFile, EOFError, ValueError, TypeError, AttributeError,
            SyntaxError) as exc:  # a missing part, a truncated zip, malformed XML
        raise _fail(file, Msg("errors_io.xlsx.damaged", kind=type(exc).__name__),
                    Msg("errors_io.xlsx.damaged.fix")) from None
    finally:
        wb.close()
    if header is None:
        raise _fail(file, Msg("errors_io.xlsx.empty", name=ws.title),
                    Msg("errors_io.xlsx.empty.fix"))
    return XlsxRows(header, header_row, rows, numbers, notes)
