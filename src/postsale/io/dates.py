"""Dates in the forms CRM and billing exports write them (ISO, day- or month-first, month
names, compact, Excel serials), parsed vectorized over distinct values; an ambiguous
column's order is decided for the whole column and said in a note."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from postsale.io.cells import (
    ArrayLike,
    BoolArray,
    IntArray,
    Parsed,
    _blank,
    _np_bool,
    _np_int,
    _text_via_distinct,
    as_arrow,
)

__all__ = ["DATE_FORMS", "parse_dates"]

# ----------------------------------------------------------------------------------------------
# Dates

DATE_FORMS = ("2026-03-31", "2026/03/31", "31/03/2026", "03/31/2026", "31.03.2026", "Mar 31, 2026",
              "31 Mar 2026", "2026-03-31T10:00:00Z")
_TIME = (
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp][Mm])?\s*"
    r"(?:Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?)?"
)
_ISO_RE = rf"^(?P<y>\d{{4}})[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}}){_TIME}$"
_NUMERIC_RE = rf"^(?P<a>\d{{1,2}})(?P<sep>[-/.])(?P<b>\d{{1,2}})[-/.](?P<y>\d{{4}}|\d{{2}}){_TIME}$"
_DAY_NAME_RE = (
    rf"^(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[\s\-/]+(?P<mon>[A-Za-z]{{3,9}})\.?,?[\s\-/]+"
    rf"(?P<y>\d{{4}}|\d{{2}}){_TIME}$"
)
_NAME_DAY_RE = (
    rf"^(?:[A-Za-z]{{3,9}},?\s+)?(?P<mon>[A-Za-z]{{3,9}})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?"
    rf"\s+(?P<y>\d{{4}}){_TIME}$"
)
_COMPACT_RE = r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"
_SERIAL_RE = r"^(?P<n>\d{1,7})(?:\.\d+)?$"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_LONG = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
_MONTH_NAMES = pa.array([*_MONTHS, *_MONTH_LONG, "sept"])
_MONTH_NUMBERS = np.array([*range(1, 13), *range(1, 13), 9, -1])
_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
_FIRST_YEAR, _LAST_YEAR = 1900, 2200


def _field(parts: Any, name: str) -> IntArray:
    return _np_int(pc.struct_field(parts, name))


def _year(parts: Any) -> IntArray:
    """Four-digit years as written; two-digit years are 2000–2069 or 1970–1999 (like strptime)."""
    text = pc.struct_field(parts, "y")
    years = _np_int(text)
    short = _np_bool(pc.equal(pc.utf8_length(text), 2))
    return np.where(short, np.where(years < 70, years + 2000, years + 1900), years)


def _month(parts: Any) -> IntArray:
    idx = pc.index_in(pc.utf8_lower(pc.struct_field(parts, "mon")), value_set=_MONTH_NAMES)
    which = np.asarray(pc.fill_null(idx, len(_MONTH_NUMBERS) - 1).to_numpy(zero_copy_only=False))
    return np.asarray(_MONTH_NUMBERS[which], dtype=np.int64)


def _parse_date_strings(strings: Any, excel_serials: bool) -> Parsed[np.datetime64]:
    """Match each accepted form with one regex over the column and assemble y/m/d with numpy."""
    n = len(strings)
    blank = _blank(strings)
    y, m, d = (np.full(n, -1, dtype=np.int64) for _ in range(3))
    notes: list[str] = []

    def take(mask: BoolArray, yy: IntArray, mm: IntArray, dd: IntArray) -> None:
        y[mask], m[mask], d[mask] = yy[mask], mm[mask], dd[mask]

    iso = pc.extract_regex(strings, _ISO_RE)
    take(_np_bool(pc.is_valid(iso)), _field(iso, "y"), _field(iso, "m"), _field(iso, "d"))
    compact = pc.extract_regex(strings, _COMPACT_RE)
    take(_np_bool(pc.is_valid(compact)), _field(compact, "y"), _field(compact, "m"),
         _field(compact, "d"))

    num = pc.extract_regex(strings, _NUMERIC_RE)
    num_ok = _np_bool(pc.is_valid(num))
    if num_ok.any():
        a, b, yy = _field(num, "a"), _field(num, "b"), _year(num)
        dotted = _np_bool(pc.equal(pc.struct_field(num, "sep"), "."))
        slashed = num_ok & ~dotted
        # Per column: any first field above 12 means day-first (31/03/2026); otherwise US order.
        day_first = bool((slashed & (a > 12)).any())
        ambiguous = slashed & (a <= 12) & (b <= 12) & (a != b)
        if not day_first and ambiguous.any() and not (slashed & (b > 12)).any():
            notes.append("dates like 03/04/2026 read month-first (US); write 2026-04-03 to be sure")
        first_is_day = dotted | day_first
        take(num_ok, yy, np.where(first_is_day, b, a), np.where(first_is_day, a, b))

    for pattern in (_DAY_NAME_RE, _NAME_DAY_RE):
        named = pc.extract_regex(strings, pattern)
        ok = _np_bool(pc.is_valid(named))
        if ok.any():
            take(ok, _year(named), _month(named), _field(named, "d"))

    valid = (m >= 1) & (m <= 12) & (d >= 1) & (d <= 31) & (y >= _FIRST_YEAR) & (y <= _LAST_YEAR)
    months = np.where(valid, (y - 1970) * 12 + (m - 1), 0).astype("datetime64[M]")
    dates = months.astype("datetime64[D]") + np.where(valid, d - 1, 0).astype("timedelta64[D]")
    valid &= dates.astype("datetime64[M]") == months  # 31 April and 29 February 2027 are bad

    if excel_serials:
        serial = pc.extract_regex(strings, _SERIAL_RE)
        s_ok = _np_bool(pc.is_valid(serial)) & ~valid
        if s_ok.any():
            days = _field(serial, "n")
            # Excel counts 1900-02-29, which never existed: serials before it start a day later.
            days = np.where(days < 60, days + 1, days)
            s_dates = _EXCEL_EPOCH + days.astype("timedelta64[D]")
            s_ok &= (days > 0) & (s_dates <= np.datetime64(f"{_LAST_YEAR}-12-31"))
            dates = np.where(s_ok, s_dates, dates)
            valid |= s_ok

    good = valid & ~blank
    dates[~good] = np.datetime64("NaT")
    return Parsed(dates, ~blank & ~good, tuple(notes))


def parse_dates(values: ArrayLike, *, excel_serials: bool = False) -> Parsed[np.datetime64]:
    """Dates in the forms of ``DATE_FORMS`` (plus ``20260331`` and 2-digit years) → datetime64[D].

    ``31/03/2026`` vs ``03/31/2026`` is decided per column: if any value's first field is above
    12 the column is day-first, otherwise month-first (US), with a note when a value was ambiguous.
    ``31.03.2026`` is always day-first. Times and zones are dropped: the date as written is kept
    (a renewal on "2026-03-31T23:00-05:00" renews on the 31st). Two-digit years are 2000–2069 and
    1970–1999. ``excel_serials`` reads bare numbers as Excel day serials (only XLSX cells).
    """
    arr = as_arrow(values)
    t = arr.type
    if pa.types.is_date(t) or pa.types.is_timestamp(t):
        dates = np.asarray(pc.cast(arr, pa.date32(), safe=False).to_numpy(zero_copy_only=False),
                           dtype="datetime64[D]")
        return Parsed(dates, np.zeros(len(dates), dtype=np.bool_))
    return _text_via_distinct(arr, lambda s: _parse_date_strings(s, excel_serials))


