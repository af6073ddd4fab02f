"""Let pyarrow's CSV reader type the numeric, date and flag columns of a CSV (issue 10, speed).

Reading a column as float64 / date32 / bool costs pyarrow about what reading it as text does, and
then the column needs no string parsing at all. The fast path must never change what an import
means, so a typed column is only *kept* when it is provably what the string parser would have
made of the same cells (``settled``); anything else — a cell pyarrow cannot convert (``$1,200``,
``31/03/2026``, ``N/A``), a non-finite number (``nan``, ``inf``), a date outside 1900–2200, or
any problem or note the column's checks raise — sends the column back to the string path, so
values, problems, cell texts in messages and notes are byte for byte today's. That fallback
costs a second read of those columns, which only unusual files pay.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

__all__ = ["FLOAT_TARGETS", "conversion_column", "one_dictionary", "predict_types", "settled"]

# contract_term_months is left out: its words ("One year") go through postsale.io.terms.
FLOAT_TARGETS = ("arr", "mrr", "previous_arr", "health_score", "tickets_per_month",
                 "implementation_weeks")
_DATE_TARGETS = ("start_date", "renewal_date")
_BOOL_TARGETS = ("strategic", "pinned")
# Text and enum columns with few distinct values (regions, languages, segments) are read as
# dictionaries: pyarrow hashes each block while parsing it, and the parsers then trim or match
# only the distinct values. ID, name and other mostly-unique columns stay plain text.
_DICT_TARGETS = ("region", "country", "language", "timezone", "owner", "currency", "segment",
                 "complexity", "onboarding_status", "tier_override", "status")
_DICTIONARY = pa.dictionary(pa.int32(), pa.string())
# What a head cell must look like for its column to be read typed (a prediction only: a cell
# further down that does not convert makes pyarrow fail and the column is read as text again).
_FLOAT_CELL = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_DATE_CELL = re.compile(r"\d{4}-\d{2}-\d{2}")
_BOOL_CELL = re.compile(r"true|false|True|False|TRUE|FALSE|1|0")
_FIRST_DAY, _LAST_DAY = np.datetime64("1900-01-01", "D"), np.datetime64("2200-12-31", "D")
_CONVERSION = re.compile(r"In CSV column #(\d+)")


def _kind(target: str) -> tuple[Any, re.Pattern[str]] | None:
    if target in FLOAT_TARGETS:
        return pa.float64(), _FLOAT_CELL
    if target in _DATE_TARGETS:
        return pa.date32(), _DATE_CELL
    if target in _BOOL_TARGETS:
        return pa.bool_(), _BOOL_CELL
    return None


def predict_types(targets: Mapping[int, str], head: str, delimiter: str) -> dict[int, Any]:
    """Position → Arrow type for the mapped columns whose head cells all convert (blank cells
    are fine: they read as null, i.e. missing, as the string path reads them)."""
    kinds = {pos: k for pos, t in targets.items() if (k := _kind(t)) is not None}
    few = [pos for pos, t in targets.items() if t in _DICT_TARGETS]
    if not kinds and not few:
        return {}
    try:
        rows = [r for r in csv.reader(io.StringIO(head, newline=""), delimiter=delimiter) if r][1:]
    except csv.Error:
        return {}
    fits = dict.fromkeys(kinds, bool(rows))
    for row in rows:
        for pos, (_, pattern) in kinds.items():
            if fits[pos] and pos < len(row) and row[pos] and not pattern.fullmatch(row[pos]):
                fits[pos] = False
    out = {pos: kinds[pos][0] for pos, ok in fits.items() if ok}
    for pos in few:
        cells = [row[pos] if pos < len(row) else "" for row in rows]
        if len(cells) >= 64 and len(set(cells)) * 4 <= len(cells):
            out[pos] = _DICTIONARY
    return out


def conversion_column(message: str) -> int | None:
    """The column position a pyarrow 'CSV conversion error' names (0-based), if any."""
    found = _CONVERSION.search(message)
    return int(found.group(1)) if found and "conversion error" in message else None


def settled(col: Any) -> bool:
    """Whether a typed column is exactly what the string parser makes of its cells: every float
    finite (pyarrow reads ``nan``/``inf``, which the string path treats otherwise) and every
    date within 1900–2200 (the string path's range)."""
    t = col.type
    if pa.types.is_floating(t):
        return bool(pc.all(pc.is_finite(col)).as_py() is not False)  # nulls are blank cells
    if pa.types.is_date32(t):
        low, high = pc.min_max(col).as_py().values()
        return low is None or bool(np.datetime64(low, "D") >= _FIRST_DAY
                                   and np.datetime64(high, "D") <= _LAST_DAY)
    return bool(pa.types.is_boolean(t) or pa.types.is_dictionary(t))


def one_dictionary(col: Any) -> Any:
    """A column read as a dictionary, as one DictionaryArray (pyarrow gives each block its own
    dictionary); anything else as it is."""
    if isinstance(col, pa.ChunkedArray) and pa.types.is_dictionary(col.type):
        return col.unify_dictionaries().combine_chunks() if col.num_chunks else \
            pa.array([], col.type)
    return col
