"""When support contacts arrive and when a channel is open: 168 hours of a week (Monday 00:00 first).

* **Opening hours.** ``8x5``: Monday–Friday, ``org.business_hours_start``–``end`` (09–17) local
  time; ``24x7``: every hour; ``follow_the_sun``: one 8×5 shift per region hub, each in its own
  time zone (S0 model 4: "follow-the-sun coverage"), so the hubs hand over around the globe.
* **Arrival profile.** Without per-ticket timestamps, a documented business-hours profile: a
  weekday carries ``support.profile.business_hours_share`` of its tickets in business hours and
  the rest spread over its other hours; ``support.profile.weekend_share`` of the week's tickets
  arrive at weekends. A live channel only receives contacts while open, so its profile is this one
  restricted to its open hours (for 8×5: flat over the working week). A measured profile (168
  weights from ticket timestamps) replaces the default when the caller has one.
* **Hubs.** Follow-the-sun hubs (Americas, EMEA, APAC; their opening hour in UTC is benchmark
  data) are staffed where the book's tickets come from: each account's time zone goes to the
  nearest hub, weighted by its tickets (or one per account without ticket data); a hub below
  ``support.follow_the_sun.min_hub_share`` of the volume hands its accounts to the nearest staffed
  hub. Without time zones the three hubs share the volume equally (and the result says so).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from postsale.core.benchmarks import Benchmarks
from postsale.core.org.coverage import utc_offset_hours

__all__ = [
    "DAYS",
    "HOURS_PER_WEEK",
    "HUBS",
    "Hub",
    "business_mask",
    "default_profile",
    "even_hubs",
    "hub_offset",
    "ticket_hubs",
]

HOURS_PER_WEEK = 168
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
HUBS = ("americas", "emea", "apac")
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Hub:
    """A follow-the-sun hub: its name, UTC offset and share of the ticket volume."""

    name: str
    utc_offset: int
    share: float


def _hours(benchmarks: Benchmarks) -> tuple[int, int]:
    return (int(benchmarks.value("org.business_hours_start")),
            int(benchmarks.value("org.business_hours_end")))


def business_mask(benchmarks: Benchmarks, utc_offset: int = 0) -> BoolArray:
    """Monday–Friday business hours; with ``utc_offset``, those local hours expressed in UTC."""
    start, end = _hours(benchmarks)
    day = np.zeros(24, dtype=np.bool_)
    day[start:end] = True
    local = np.concatenate([np.tile(day, 5), np.zeros(48, dtype=np.bool_)])
    return np.roll(local, -utc_offset)


def default_profile(benchmarks: Benchmarks, utc_offset: int = 0) -> FloatArray:
    """The documented business-hours arrival profile (module docstring), summing to 1."""
    start, end = _hours(benchmarks)
    inside = benchmarks.value("support.profile.business_hours_share")
    weekend = benchmarks.value("support.profile.weekend_share")
    open_hours = end - start
    day = np.full(24, (1.0 - inside) / (24 - open_hours))
    day[start:end] = inside / open_hours
    week = np.concatenate([np.tile(day * (1.0 - weekend) / 5.0, 5),
                           np.full(48, weekend / 48.0)])
    return np.roll(week / week.sum(), -utc_offset)


def hub_offset(hub: str, benchmarks: Benchmarks) -> int:
    """A hub's UTC offset: its local opening hour minus the UTC hour it opens, in −12…+12."""
    start, _ = _hours(benchmarks)
    opens = int(benchmarks.value(f"support.follow_the_sun.hub_opens_utc.{hub}"))
    return (start - opens + 12) % 24 - 12


def _distance(a: npt.ArrayLike, b: npt.ArrayLike) -> FloatArray:
    d = np.abs(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)) % 24
    return np.asarray(np.minimum(d, 24 - d), dtype=np.float64)


def even_hubs(benchmarks: Benchmarks) -> tuple[Hub, ...]:
    """The three hubs sharing the volume equally (no time zones to place the tickets)."""
    return tuple(Hub(h, hub_offset(h, benchmarks), 1.0 / len(HUBS)) for h in HUBS)


def ticket_hubs(zone_labels: list[str], zone_codes: npt.NDArray[np.intp], weights: FloatArray,
                reference_date: dt.date, benchmarks: Benchmarks) -> tuple[Hub, ...]:
    """Staffed follow-the-sun hubs and their shares of the volume (module docstring).

    ``zone_labels``/``zone_codes``: the accounts' IANA time zones factorized (code −1: none);
    ``weights``: each account's tickets (or 1). Unknown zones are left out of the split; with no
    usable zone at all the result is empty (the caller falls back to :func:`even_hubs`)."""
    offsets = np.array([hub_offset(h, benchmarks) for h in HUBS], dtype=np.float64)
    zone_offsets = np.array([np.nan if (o := utc_offset_hours(z, reference_date)) is None else o
                             for z in zone_labels], dtype=np.float64)
    known = zone_codes >= 0
    by_zone = np.bincount(zone_codes[known], weights=weights[known], minlength=len(zone_labels))
    usable = np.isfinite(zone_offsets) & (by_zone > 0)
    if not usable.any():
        return ()
    nearest = np.argmin(_distance(zone_offsets[usable, None], offsets[None, :]), axis=1)
    share = np.bincount(nearest, weights=by_zone[usable], minlength=len(HUBS))
    share = share / share.sum()
    staffed = share >= benchmarks.value("support.follow_the_sun.min_hub_share")
    if not staffed.any():
        staffed = share == share.max()
    for i in np.flatnonzero(~staffed & (share > 0)):
        order = np.argsort(_distance(offsets[i], offsets), kind="stable")
        target = next(j for j in order if staffed[j])
        share[target] += share[i]
        share[i] = 0.0
    return tuple(Hub(HUBS[i], int(offsets[i]), float(share[i])) for i in np.flatnonzero(staffed))
