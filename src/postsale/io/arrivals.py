"""When tickets arrive: the hour of the week (weekday × hour, 168 bins) of each ticket's creation,
counted over the tickets the volume counts (``core.lines.ticket_window``: matched to an account,
created in ``[import] ticket_window_months`` before as-of). The core decides whether there are
enough of them to replace the default profile (``core.support.arrivals``).

**Which clock.** The profile is in company time — the clock of the desk's 8×5 hours:

* a timestamp **with an offset** (``…T10:00:00Z``, ``…+02:00``, a time-zone-aware Parquet
  column) is converted: to ``[support] timezone`` when the company file names one (DST-aware),
  else to UTC, with a note saying so (a help desk's API exports are usually UTC);
* a **naive** timestamp (``2026-07-19 10:00``, as Zendesk and Freshdesk CSV exports write them,
  in the help desk's own time zone) is taken as company-local, as written;
* a ticket whose creation has no time of day (a date only) counts for the volume, not for the
  profile; the note counts them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from postsale.company_support import ArrivalProfile
from postsale.core import lines
from postsale.io.cells import _np_bool, _np_int, as_arrow, as_text

__all__ = ["hour_of_week", "ticket_arrivals"]

IntArray = npt.NDArray[np.int64]
_CLOCK_RE = (r"[T ]\s*(?P<h>\d{1,2}):(?P<mi>\d{2})(?::\d{2}(?:[.,]\d+)?)?\s*(?P<ap>[AaPp][Mm])?"
             r"\s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?$")
_WEEK = 7 * 24


def hour_of_week(minutes: IntArray) -> IntArray:
    """Monday-00:00-based hour of the week of minutes since 1970-01-01 00:00 (a Thursday)."""
    hours = minutes // 60
    return np.asarray(((hours // 24 + 3) % 7) * 24 + hours % 24, dtype=np.int64)


def _to_zone(utc_minutes: IntArray, zone: str) -> IntArray:
    """UTC minutes to the wall clock of ``zone``: one offset per distinct UTC hour (DST-aware)."""
    tz = ZoneInfo(zone)
    hours, inverse = np.unique(utc_minutes // 60, return_inverse=True)
    offsets = np.array([(dt.datetime.fromtimestamp(int(h) * 3600, tz).utcoffset()
                         or dt.timedelta()).total_seconds() // 60 for h in hours.tolist()],
                       dtype=np.int64)
    return np.asarray(utc_minutes + offsets[inverse], dtype=np.int64)


_NAIVE = -10_000  # no offset written


def _offset_minutes(zone: str) -> int:
    """``Z``/``UTC``/``GMT`` → 0, ``+02``/``-0530``/``+05:30`` → minutes east of UTC; "" → naive."""
    if not zone:
        return _NAIVE
    if zone in ("Z", "UTC", "GMT"):
        return 0
    digits = zone[1:].replace(":", "").ljust(4, "0")
    return (-1 if zone[0] == "-" else 1) * (int(digits[:2]) * 60 + int(digits[2:4]))


def _clock(col: Any, dates: npt.NDArray[np.datetime64]
           ) -> tuple[IntArray, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """(minutes since the epoch as written, has a time of day, has an offset — then in UTC)."""
    arr = as_arrow(col)
    n = len(arr)
    if pa.types.is_timestamp(arr.type):
        values = np.asarray(pc.cast(arr, pa.timestamp("s", arr.type.tz)).to_numpy(
            zero_copy_only=False), dtype="datetime64[s]").astype("datetime64[m]").astype(np.int64)
        timed = np.ones(n, dtype=np.bool_)
        if n and not (values % 1440).any():  # every value at midnight: dates stored as times
            timed[:] = False
        return values, timed, np.full(n, arr.type.tz is not None, dtype=np.bool_)
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.bool_), np.zeros(n, np.bool_)
    parts = pc.extract_regex(as_text(arr), _CLOCK_RE)
    timed = _np_bool(pc.is_valid(parts))
    hour = _np_int(pc.struct_field(parts, "h"))
    minute = _np_int(pc.struct_field(parts, "mi"))
    meridiem = pc.utf8_lower(pc.struct_field(parts, "ap"))
    pm, am = _np_bool(pc.equal(meridiem, "pm")), _np_bool(pc.equal(meridiem, "am"))
    timed &= np.where(pm | am, (hour >= 1) & (hour <= 12), hour <= 23) & (minute <= 59)
    hour = np.where(am & (hour == 12), 0, np.where(pm & (hour < 12), hour + 12, hour))
    zone = pc.dictionary_encode(pc.fill_null(pc.struct_field(parts, "tz"), ""))
    offsets = np.array([_offset_minutes(str(z)) for z in zone.dictionary.to_pylist()],
                       dtype=np.int64)
    offset = offsets[np.asarray(zone.indices.to_numpy(zero_copy_only=False), dtype=np.intp)] \
        if n else np.zeros(0, dtype=np.int64)
    aware = timed & (offset != _NAIVE)
    written = dates.astype("datetime64[D]").astype(np.int64) * 1440 + hour * 60 + minute
    return np.where(aware, written - offset, written), timed, aware


def ticket_arrivals(created_raw: Any, created: npt.NDArray[np.datetime64], account: IntArray,
                    as_of: dt.date, window_months: int, timezone: str | None, file: str
                    ) -> ArrivalProfile:
    """The counts of the tickets' creation by hour of the week in company time (module
    docstring); ``created`` is the column's dates as :func:`postsale.io.parse.parse_dates`
    read them (the date as written), ``created_raw`` the cells."""
    window = lines.ticket_window(account, created, as_of, window_months)
    rows = np.flatnonzero(window)
    cells = as_arrow(created_raw)
    minutes, timed, aware = _clock(cells if rows.size == len(cells) else cells.take(pa.array(rows)),
                                   created[rows])
    local = minutes.copy()
    if aware.any():
        local[aware] = _to_zone(minutes[aware], timezone) if timezone else minutes[aware]
    counts = np.bincount(hour_of_week(local[timed]), minlength=_WEEK)
    notes: list[str] = []
    if aware.any():
        notes.append(f"{int(aware.sum()):,} creation times with a UTC offset converted to "
                     + (timezone if timezone else
                        "UTC (set [support] timezone = \"Area/City\" to use your desk's time)"))
    if (timed & ~aware).any() and aware.any():
        notes.append(f"{int((timed & ~aware).sum()):,} without an offset taken as company time")
    if (~timed).any():
        notes.append(f"{int((~timed).sum()):,} of {rows.size:,} tickets in the window have no "
                     "time of day (counted in the volume, not in the profile)")
    days = created[rows][timed]
    span = (days.min().item(), days.max().item()) if days.size else None
    return ArrivalProfile(origin="measured", weights=tuple(float(c) for c in counts),
                          tickets=int(timed.sum()), file=file, window=span,
                          timezone=timezone or ("UTC" if aware.any() else None),
                          notes=tuple(notes))
