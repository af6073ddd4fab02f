"""Plausibility rules: input that imports cleanly but cannot be what the user meant (issue 11).

A company revenue column in $ millions read as ARR, a cost above the revenue it serves, a
retention no business has, an export a year old: each would give a confident, wrong plan. These
are pure rules over arrays and figures; each returns :class:`Finding` (a stable code and the
figures behind it) or None. The words are the adapters' (``postsale.results_plausibility``);
every threshold is a benchmark key under ``plausibility.`` (``benchmarks/default.toml``).

Codes (a contract, documented in the README):

- ``arr_looks_like_millions`` — money values so small they look like revenue in millions
- ``arr_looks_like_counts`` — money values that are small whole numbers (seats, users, counts)
- ``cost_above_arr`` — the CS work the book needs (fractional FTE × cost, so not a tiny book's one
  whole hire) costs more than the book's ARR: check the ARR column
- ``grr_implausible`` / ``nrr_implausible`` — GRR below 50% or NRR above 200% from ``previous_arr``
- ``stale_export`` — the newest date in the book is long before the as-of date
- ``as_of_before_data`` — most accounts start after the as-of date
- ``renewals_look_monthly`` — no contract term, yet most renewals fall within a month: monthly
  contracts sized as annual renewals
- ``churned_account_owned`` — accounts without revenue (churned) still have an owner
- ``currency_symbol_mismatch`` — amounts written in a currency other than the company's
  (emitted by ``postsale.io.localize``)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

__all__ = [
    "CODES",
    "Finding",
    "churned_owned",
    "cost_above_arr",
    "money_scale",
    "monthly_renewals",
    "retention",
    "stale_dates",
]

FloatArray = npt.NDArray[np.float64]

CODES = frozenset({
    "arr_looks_like_millions", "arr_looks_like_counts", "cost_above_arr", "grr_implausible",
    "nrr_implausible", "stale_export", "as_of_before_data", "renewals_look_monthly",
    "churned_account_owned", "currency_symbol_mismatch",
})

# headers that name a company's revenue or a unit of millions ("Revenue ($M)", "Umsatz Mio")
_MILLIONS_HEADER = re.compile(r"revenue|turnover|umsatz|sales|million|mio|\bmn\b|\bmm\b|\(m\)|\$m\b|"
                              r"in m\b|\bm\$|\bbn\b", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """A rule that fired: its stable ``code`` and the figures the message quotes."""

    code: str
    figures: dict[str, float | int | str] = field(default_factory=dict)


def money_scale(values: FloatArray, header: str, median_floor: float, count_max: float
                ) -> Finding | None:
    """ARR that is not annual revenue per account: the median positive value below
    ``median_floor`` is revenue in millions (a header naming revenue or millions, or fractional
    values such as 12.5) or a count (whole numbers up to ``count_max``, e.g. seats)."""
    positive = np.isfinite(values) & (values > 0)
    n = int(np.count_nonzero(positive))
    if not n:
        return None
    # the median is at least the floor when at most (n - 1) // 2 values are below it (the middle
    # value, or both middle values, are not): counted in one pass, without sorting a million ARRs
    if int(np.count_nonzero(positive & (values < median_floor))) <= (n - 1) // 2:
        return None
    live = values[positive]
    median = float(np.median(live))
    if median >= median_floor:
        return None
    figures: dict[str, float | int | str] = {
        "median": median, "max": float(live.max()), "accounts": len(live), "floor": median_floor}
    whole = bool((live == np.round(live)).all())
    if whole and float(live.max()) <= count_max and not _MILLIONS_HEADER.search(header):
        return Finding("arr_looks_like_counts", figures)
    return Finding("arr_looks_like_millions", figures)


def cost_above_arr(cost: float, arr: float, max_share: float) -> Finding | None:
    """A planned CS cost above ``max_share`` of ARR (1.0: more than the revenue it serves)."""
    if arr <= 0 or not np.isfinite(cost) or cost <= max_share * arr:
        return None
    return Finding("cost_above_arr", {"cost": cost, "arr": arr, "share": cost / arr,
                                      "max_share": max_share})


def retention(grr: float | None, nrr: float | None, min_grr: float, max_nrr: float
              ) -> list[Finding]:
    """GRR below ``min_grr`` or NRR above ``max_nrr``: the previous ARR column is likely something
    else (a different period, a currency, a one-off amount)."""
    out = []
    if grr is not None and grr < min_grr:
        out.append(Finding("grr_implausible", {"grr": grr, "min_grr": min_grr}))
    if nrr is not None and nrr > max_nrr:
        out.append(Finding("nrr_implausible", {"nrr": nrr, "max_nrr": max_nrr}))
    return out


def _months(a: np.datetime64, b: np.datetime64) -> float:
    return float((b - a).astype("timedelta64[D]").astype(np.int64)) / 30.4375


_NAT = np.iinfo(np.int64).min  # NaT as int64 days: below every date


def _days(dates: npt.NDArray[np.datetime64]) -> npt.NDArray[np.int64]:
    """Dates as int64 days since 1970 (NaT as the int64 minimum), without a copy for a book's
    ``datetime64[D]`` columns: the checks below scan a million-account book's dates in place."""
    return dates.astype("datetime64[D]", copy=False).view(np.int64)


def stale_dates(today: dt.date, starts: npt.NDArray[np.datetime64],
                renewals: npt.NDArray[np.datetime64], stale_months: float,
                future_share: float) -> Finding | None:
    """An as-of date far from the data: the newest start or renewal date more than
    ``stale_months`` before ``today`` (a stale export, or ``--today`` set wrong), or more than
    ``future_share`` of the known start dates after ``today`` (the as-of date is too early)."""
    now = np.datetime64(today, "D")
    start_days, renewal_days = _days(starts), _days(renewals)
    # NaT is the int64 minimum, so the plain maximum skips blanks (NaT only when all are blank)
    latest = max(int(start_days.max(initial=_NAT)), int(renewal_days.max(initial=_NAT)))
    if latest == _NAT:
        return None
    newest = np.datetime64(latest, "D")
    if _months(newest, now) > stale_months:
        return Finding("stale_export", {"newest": str(newest), "today": str(now),
                                        "months": round(_months(newest, now), 1),
                                        "limit": stale_months})
    known_count = int(np.count_nonzero(start_days != _NAT))
    if known_count:
        share = int(np.count_nonzero(start_days > now.astype(np.int64))) / known_count
        if share > future_share:
            known = starts[~np.isnat(starts)].astype("datetime64[D]")
            return Finding("as_of_before_data", {"share": share, "today": str(now),
                                                 "median_start": str(np.sort(known)[len(known) // 2])})
    return None


def monthly_renewals(today: dt.date, renewals: npt.NDArray[np.datetime64], live: npt.NDArray[np.bool_],
                     has_term: bool, max_share: float, min_accounts: int) -> Finding | None:
    """Without a contract term column, more than ``max_share`` of the live accounts' renewal
    dates within the next month looks like month-to-month contracts (a monthly billing date in
    the renewal column) staffed as annual renewals; annual terms spread over the year (~8%)."""
    if has_term:
        return None
    now = int(np.datetime64(today, "D").astype(np.int64))
    days = _days(renewals)
    known = live & (days != _NAT)
    count = int(np.count_nonzero(known))
    if count < min_accounts:
        return None
    share = int(np.count_nonzero(known & (days >= now) & (days <= now + 31))) / count
    if share <= max_share:
        return None
    return Finding("renewals_look_monthly", {"share": share, "accounts": count,
                                             "max_share": max_share})


def churned_owned(arr: FloatArray, owner_codes: npt.NDArray[np.intp]) -> Finding | None:
    """Accounts with no revenue (ARR 0 or blank: churned) that still name an owner; the owner
    column as factorized codes (−1 blank: ``AccountBook.codes``, so no million Python strings)."""
    churned = ~(arr > 0) & (owner_codes >= 0)
    n = int(churned.sum())
    if not n:
        return None
    return Finding("churned_account_owned", {"accounts": n, "first": int(np.flatnonzero(churned)[0])})

