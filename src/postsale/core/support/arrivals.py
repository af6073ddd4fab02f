"""Which arrival profile sizes the support desks (issue 12 item 4: "an hourly/weekday arrival
profile when timestamps exist"), and the ``headcount.support.arrival_profile`` that says so.

In order: ``[support] arrival_profile`` of the company file (used as given); else the profile the
io layer measured from a ticket export's creation times, when it counted at least
``support.profile.min_tickets`` tickets with a time of day in the volume's window; else the
documented business-hours default (``profile.default_profile``), with the reason. A measured
profile of few tickets is mostly noise in its busiest hour, which is the hour that sizes a live
desk — hence the threshold.

Follow-the-sun hubs keep the default profile in each hub's local day: the measured profile mixes
every region's customers in one clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from postsale.company import Company
from postsale.company_support import ArrivalProfile
from postsale.core.benchmarks import Benchmarks
from postsale.core.msg import Msg
from postsale.core.support.profile import DAYS, business_mask, default_profile
from postsale.results_support import ArrivalProfileResult

__all__ = ["Arrivals", "resolve_arrivals"]

FloatArray = npt.NDArray[np.float64]
_KEY = "support.profile.min_tickets"
_DEFAULT_KEYS = ("support.profile.business_hours_share", "support.profile.weekend_share")


@dataclass(frozen=True, eq=False)
class Arrivals:
    """The profile the desks use (``weights`` None: the default) and the result describing it."""

    weights: FloatArray | None
    result: ArrivalProfileResult


class _Shape(NamedTuple):
    share: float  # weekday business hours
    weekend: float
    day: int
    hour: int
    top: float  # the busiest hour's share

    @property
    def busiest(self) -> Msg:
        return Msg("support.arrivals.busiest", day=_day(self.day),
                   hours=_clock(self.hour, (self.hour + 1) % 24), share=self.top)


def _day(day: int) -> Msg:
    """A weekday's short name (0 = Monday, ``profile.DAYS``)."""
    return (Msg("support.day.mon"), Msg("support.day.tue"), Msg("support.day.wed"),
            Msg("support.day.thu"), Msg("support.day.fri"), Msg("support.day.sat"),
            Msg("support.day.sun"))[day % len(DAYS)]


def _clock(start: int, end: int) -> str:
    """An hour range on the 24-hour clock (``09:00–10:00``), written alike in every language."""
    return f"{start:02d}:00–{end:02d}:00"


def _shape(weights: FloatArray, benchmarks: Benchmarks) -> _Shape:
    """Business-hours and weekend shares and the busiest hour of a normalised profile."""
    top = int(np.argmax(weights))
    return _Shape(round(float(weights[business_mask(benchmarks)].sum()), 6),
                  round(float(weights[5 * 24:].sum()), 6), top // 24, top % 24,
                  round(float(weights[top]), 6))


def resolve_arrivals(company: Company, benchmarks: Benchmarks) -> Arrivals:
    """The arrival profile in effect for ``company`` (module docstring) and its description."""
    given = company.support.arrival_profile
    minimum = benchmarks.value(_KEY)
    fts = any(c.hours == "follow_the_sun" for c in company.support.channels.values())
    if given is not None:
        raw = np.asarray(given.weights, dtype=np.float64)
        counted = given.tickets or 0
        if given.origin == "company_file" or (counted >= minimum and raw.sum() > 0):
            weights = raw / raw.sum()
            shape = _shape(weights, benchmarks)
            where = (Msg("support.arrivals.timezone", timezone=given.timezone) if given.timezone
                     else Msg("support.arrivals.as_written"))
            text: Msg
            if given.origin == "company_file":
                text = Msg("support.arrivals.company_file", busiest=shape.busiest,
                           share=shape.share)
                keys: tuple[str, ...] = ()
            elif given.window:
                text = Msg("support.arrivals.measured_window", tickets=counted, file=given.file,
                           start=given.window[0].isoformat(), end=given.window[1].isoformat(),
                           where=where, busiest=shape.busiest, share=shape.share,
                           weekend=shape.weekend)
                keys = (_KEY,)
            else:
                text = Msg("support.arrivals.measured", tickets=counted, file=given.file,
                           where=where, busiest=shape.busiest, share=shape.share,
                           weekend=shape.weekend)
                keys = (_KEY,)
            keys += _DEFAULT_KEYS if fts else ()
            return Arrivals(weights, _result(given.origin, None, given, minimum, weights,
                                             _hubs_note(text, fts), keys, benchmarks))
        reason: Literal["no_export", "too_few_tickets"] = "too_few_tickets"
        why = Msg("support.arrivals.too_few", tickets=counted, file=given.file, minimum=minimum,
                  key=_KEY)
    else:
        reason = "no_export"
        why = Msg("support.arrivals.no_export")
    weights = default_profile(benchmarks)
    start = int(benchmarks.value("org.business_hours_start"))
    end = int(benchmarks.value("org.business_hours_end"))
    text = Msg("support.arrivals.default", business=benchmarks.value(_DEFAULT_KEYS[0]),
               hours=_clock(start, end), weekend=benchmarks.value(_DEFAULT_KEYS[1]), why=why)
    return Arrivals(None, _result("default", reason, given, minimum, weights,
                                  _hubs_note(text, fts), (*_DEFAULT_KEYS, _KEY), benchmarks))


def _hubs_note(text: Msg, fts: bool) -> Msg:
    """The profile's description, and that follow-the-sun hubs keep the default per hub."""
    return Msg("support.arrivals.with_hubs", text=text) if fts else text


def _result(source: Literal["measured", "company_file", "default"],
            reason: Literal["no_export", "too_few_tickets"] | None, p: ArrivalProfile | None,
            minimum: float, weights: FloatArray, text: Msg, keys: tuple[str, ...],
            benchmarks: Benchmarks) -> ArrivalProfileResult:
    shape = _shape(weights, benchmarks)
    return ArrivalProfileResult(
        source=source, reason=reason, tickets=p.tickets if p is not None else None,
        min_tickets=minimum if p is None or p.origin == "measured" else None,
        file=p.file if p is not None else None,
        window_start=p.window[0].isoformat() if p is not None and p.window else None,
        window_end=p.window[1].isoformat() if p is not None and p.window else None,
        timezone=p.timezone if p is not None else None,
        weights=tuple(round(float(w), 8) for w in weights),
        explanation=text, notes=p.notes if p is not None else (),
        business_hours_share=shape.share, weekend_share=shape.weekend,
        busiest_day=shape.day, busiest_hour=shape.hour, busiest_hour_share=shape.top,
        sources=keys)
