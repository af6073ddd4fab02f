"""Bulk writing of all-text rows into a constant-memory XlsxWriter worksheet (the Accounts sheet).

Why: a 500,000-account workbook is 1.5 million string cells, and XlsxWriter spends ~10 µs on each
(dimension checks, a cell tuple, a flushed row dict, per-cell attribute escaping and regexes) —
most of the 500k-account XLSX time (issue 13 acceptance: < 10 s). Here each row becomes one
f-string and a chunk of rows one ``write`` to the worksheet's row file: the **same XML XlsxWriter
writes** (``<row r=".."><c r="A2" s="1" t="inlineStr"><is><t>..</t></is></c>…``), with a cell's
escaping done by XlsxWriter's own helpers whenever the text holds anything that needs it.

This relies on XlsxWriter's constant-memory internals (``fh``, ``previous_row``, ``table``,
``_write_single_row``, ``_check_dimensions``); :func:`fast_rows_supported` checks them and the
caller falls back to ``write_string`` otherwise. ``tests/report/test_xlsx_rows.py`` compares the
two paths cell by cell, tricky texts included, so an XlsxWriter upgrade that changes them fails.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from xlsxwriter.utility import _preserve_whitespace, _utf16_len, _utf16_truncate
from xlsxwriter.xmlwriter import XMLwriter

__all__ = ["fast_rows_supported", "write_text_rows"]

#: Anything XlsxWriter would transform in a cell text: XML specials, control characters, its
#: ``_xHHHH_`` escape, non-characters, leading/trailing whitespace. Such texts (rare in ids) take
#: XlsxWriter's own escaping; every other text is written as is.
_SPECIAL = re.compile(r"[&<>\"\x00-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_CHUNK = 20_000  # rows per write to the row file


def fast_rows_supported(ws: Any) -> bool:
    """The worksheet is in constant-memory mode with default rows and the internals we use."""
    needed = ("fh", "previous_row", "table", "row_info", "_write_single_row", "_check_dimensions",
              "_escape_data", "default_row_height", "original_row_height", "excel_version")
    return (bool(getattr(ws, "constant_memory", False)) and all(hasattr(ws, n) for n in needed)
            and not ws.row_info and ws.default_row_height == ws.original_row_height
            and ws.excel_version != 2010)


def _inline(ws: Any, text: str) -> str:
    """The ``<t>`` element of one cell text, exactly as XlsxWriter's ``_write_cell`` builds it."""
    if _SPECIAL.search(text) is None and len(text) <= ws.xls_strmax // 2:
        return f"<t>{text}</t>"
    if len(text) > ws.xls_strmax // 2 and _utf16_len(text) > ws.xls_strmax:
        text = _utf16_truncate(text, ws.xls_strmax)
    text = XMLwriter._escape_control_characters(text)
    if text.startswith("<r>") and text.endswith("</r>"):
        return text  # XlsxWriter writes a rich-string-looking text unescaped; so do we
    preserve = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
    return f"<t{preserve}>{ws._escape_data(text)}</t>"


def write_text_rows(ws: Any, first_row: int, columns: Sequence[Sequence[str]], fmt: Any) -> int:
    """Write ``columns`` (equal-length lists of strings) as rows from ``first_row`` (0-based),
    every cell a string with ``fmt``; returns the row after the last one written.

    Rows above ``first_row`` must be written already (the header): they are flushed first.
    """
    n = len(columns[0]) if columns else 0
    if n == 0:
        return first_row
    ws._check_dimensions(first_row, 0)
    ws._check_dimensions(first_row + n - 1, len(columns) - 1)
    ws._write_single_row(first_row)  # flush the pending rows (the header) to the row file
    s = fmt._get_xf_index()
    # one row: <row r="2"><c r="A2" s="1" t="inlineStr"><is><t>..</t></is></c>…</row>
    template = '<row r="{0}">' + "".join(
        f'<c r="{chr(ord("A") + c)}{{0}}"{{{c + 1}}}' for c in range(len(columns))) + "</row>"
    caches: list[dict[str, str]] = [{} for _ in columns]
    write = ws.fh.write
    for start in range(0, n, _CHUNK):
        stop = min(start + _CHUNK, n)
        frags = [_cells(ws, s, columns[c][start:stop], caches[c]) for c in range(len(columns))]
        write("".join(map(template.format, range(first_row + 1 + start, first_row + 1 + stop),
                          *frags)))
    ws.previous_row = first_row + n
    ws.table.clear()
    return first_row + n


def _cells(ws: Any, s: int, texts: Sequence[str], known: dict[str, str]) -> list[str]:
    """Each text's cell after its reference: `` s="1" t="inlineStr"><is><t>..</t></is></c>``."""
    out = []
    for text in texts:
        frag = known.get(text)
        if frag is None:
            frag = f' s="{s}" t="inlineStr"><is>{_inline(ws, text)}</is></c>'
            if len(known) < 10_000:  # tiers and reasons repeat; ids do not
                known[text] = frag
        out.append(frag)
    return out
