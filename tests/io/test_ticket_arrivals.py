"""Ticket creation times → hour of the week in company time (io/arrivals.py)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pytest

from postsale.company_support import ArrivalProfile
from postsale.io.arrivals import hour_of_week, ticket_arrivals
from postsale.io.parse import parse_dates

AS_OF = dt.date(2026, 6, 1)


def _measure(cells: list[str | None], account: list[int] | None = None, timezone: str | None = None,
             window: int = 6) -> tuple[np.ndarray, ArrivalProfile]:
    created = parse_dates(cells).values
    ids = np.asarray(account if account is not None else [0] * len(cells), dtype=np.intp)
    p = ticket_arrivals(pa.array(cells, pa.string()), created, ids, AS_OF, window, timezone, "t.csv")
    return np.asarray(p.weights), p


def _bin(day: int, hour: int) -> int:
    return day * 24 + hour


def test_hour_of_week_starts_monday_midnight() -> None:
    monday = (dt.date(2026, 5, 4) - dt.date(1970, 1, 1)).days * 1440  # a Monday
    minutes = np.array([monday, monday + 9 * 60 + 59, monday + 6 * 1440 + 23 * 60 + 1])
    assert hour_of_week(minutes).tolist() == [0, 9, 167]


@pytest.mark.parametrize(("cell", "expected"), [
    ("2026-05-04 09:15", _bin(0, 9)),            # Zendesk: naive, taken as company time
    ("2026-05-04T09:15:00", _bin(0, 9)),
    ("05/04/2026 2:15 PM", _bin(0, 14)),         # US month-first with AM/PM
    ("05/04/2026 12:05 AM", _bin(0, 0)),
    ("Mon, May 4, 2026 11:30 AM", _bin(0, 11)),
    ("2026-05-04T09:15:00Z", _bin(0, 9)),        # UTC, no [support] timezone: stays UTC
    ("2026-05-04T01:15:00+02:00", _bin(6, 23)),  # 23:15 UTC the Sunday before
    ("2026-05-04T09:15:00.000-0500", _bin(0, 14)),
])
def test_one_ticket_lands_in_its_hour(cell: str, expected: int) -> None:
    weights, p = _measure([cell])
    assert weights.sum() == 1
    assert int(np.argmax(weights)) == expected
    assert p.tickets == 1


def test_offsets_convert_to_the_desk_time_zone_with_daylight_saving() -> None:
    # 14:00 UTC is 10:00 in New York in May (EDT) and 09:00 in January (EST)
    weights, p = _measure(["2026-05-04T14:00:00Z", "2026-01-05T14:00:00Z"],
                          timezone="America/New_York")
    assert weights[_bin(0, 10)] == 1
    assert weights[_bin(0, 9)] == 1
    assert p.timezone == "America/New_York"
    assert "converted to America/New_York" in p.notes[0]
    _, utc = _measure(["2026-05-04T14:00:00Z"])
    assert utc.timezone == "UTC"
    assert "set [support] timezone" in utc.notes[0]


def test_naive_times_are_not_converted_even_with_a_timezone() -> None:
    weights, p = _measure(["2026-05-04 09:15"], timezone="Asia/Tokyo")
    assert weights[_bin(0, 9)] == 1
    assert p.notes == ()


def test_the_window_and_the_accounts_are_the_volumes() -> None:
    cells = ["2026-05-04 09:00",  # counted
             "2025-11-30 10:00",  # before the 6-month window (after 2025-12-01)
             "2026-06-02 11:00",  # after as-of
             "2026-05-05 12:00",  # no account: not in the volume, not in the profile
             "2026-05-06",        # no time of day: volume only
             None]
    weights, p = _measure(cells, account=[0, 0, 0, -1, 0, 0])
    assert weights.sum() == 1
    assert weights[_bin(0, 9)] == 1
    assert p.tickets == 1
    assert p.window == (dt.date(2026, 5, 4), dt.date(2026, 5, 4))
    assert "1 of 2 tickets in the window have no time of day" in p.notes[0]
    wider, _ = _measure(cells, account=[0, 0, 0, -1, 0, 0], window=12)
    assert wider[_bin(6, 10)] == 1  # 2025-11-30 was a Sunday


def test_typed_timestamp_columns() -> None:
    aware = pa.array([dt.datetime(2026, 5, 4, 14, tzinfo=dt.UTC)], pa.timestamp("us", "UTC"))
    naive = pa.array([dt.datetime(2026, 5, 4, 14)], pa.timestamp("us"))
    midnight = pa.array([dt.datetime(2026, 5, 4)], pa.timestamp("us"))
    for col, zone, expected in ((aware, "America/New_York", _bin(0, 10)),
                                (naive, "America/New_York", _bin(0, 14))):
        created = parse_dates(col).values
        p = ticket_arrivals(col, created, np.zeros(1, np.intp), AS_OF, 6, zone, "t.parquet")
        assert int(np.argmax(p.weights)) == expected
        assert p.tickets == 1
    p = ticket_arrivals(midnight, parse_dates(midnight).values, np.zeros(1, np.intp), AS_OF, 6,
                        None, "t.parquet")
    assert p.tickets == 0  # dates stored as timestamps: no time of day


def test_no_ticket_in_the_window() -> None:
    weights, p = _measure(["2020-01-01 10:00"])
    assert weights.sum() == 0
    assert p.tickets == 0
    assert p.window is None
