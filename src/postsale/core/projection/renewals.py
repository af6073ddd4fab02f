"""The renewal pipeline rolled forward: renewals due in the 12 months from every projected month.

Renewals specialists are sized on the renewals due in the next 12 months (DOMAIN.md §4: "hire when
the next-12-month renewal pipeline exceeds capacity"). The plan counts them from today; a
projection needs the same count from every later month, and it is not today's count scaled by the
customer count: a book with multi-year contracts renews little this year and a wave the next.

* Today's accounts renew on their next renewal date (``capacity.days_to_next_renewal``: a past
  date rolls to its anniversary) and every year after it — the file has no contract term, so
  contracts are taken as annual once renewed. The window of month ``t`` is the 365 days from
  ``t`` twelfths of a year ahead; an account renews in it once its first date falls before the
  window ends. An account without a date renews in every window, as the plan assumes.
* Each counts with its expected survival to that month: the product of its tier's monthly logo
  churn along its tier path (re-tiering included).
* Customers won after today are on annual contracts: every one of them renews once in any 12-month
  window.
* A renewal is complex when the account is high-touch that month and of high complexity or in the
  enterprise segment (as in the plan); new high-touch customers are complex in today's share.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from postsale.core.book import AccountBook
from postsale.core.capacity import DAYS_PER_YEAR, complex_renewal, days_to_next_renewal
from postsale.core.projection.montecarlo import Rates
from postsale.core.tiering import HIGH

__all__ = ["RenewalWindows", "renewal_windows"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class RenewalWindows:
    """Expected renewals of today's accounts per month's 12-month window, and their survivors."""

    standard: FloatArray  # (months+1,)
    complex: FloatArray  # (months+1,)
    survivors: FloatArray  # (months+1, tiers): today's accounts expected to remain, by tier that month
    complex_share_high: float  # share of today's high-touch accounts whose renewals are complex
    standard_by_tier: FloatArray | None = None  # (months+1, tiers): ``standard`` split by tier

    def by_tier_for_paths(self, tier_customers: npt.NDArray[np.number]) -> FloatArray:
        """Standard renewals per tier of each path and month (paths, months+1, tiers): today's
        accounts by their tier that month, plus new customers of each tier once a year."""
        assert self.standard_by_tier is not None
        new = np.maximum(np.asarray(tier_customers, dtype=np.float64) - self.survivors, 0.0)
        new[..., HIGH] *= 1.0 - self.complex_share_high
        out: FloatArray = self.standard_by_tier + new
        return out

    def for_paths(
        self, customers: npt.NDArray[np.number], tier_customers: npt.NDArray[np.number]
    ) -> tuple[FloatArray, FloatArray]:
        """Standard and complex renewals of each path and month (paths, months+1).

        Customers beyond today's expected survivors are new, on annual contracts, so each renews
        once in the window.
        """
        new_all = np.maximum(customers - self.survivors.sum(axis=1), 0.0)
        new_high = np.minimum(np.maximum(tier_customers[..., HIGH] - self.survivors[:, HIGH], 0.0),
                              new_all)
        new_complex = new_high * self.complex_share_high
        return self.standard + new_all - new_complex, self.complex + new_complex


def _renewing_by_date(days: FloatArray, window_end: FloatArray) -> FloatArray:
    """How many of ``days`` fall before each window's end (an unknown date renews every window)."""
    known = np.sort(days[~np.isnan(days)])
    unknown = days.size - known.size
    counted: FloatArray = (np.searchsorted(known, window_end, side="left") + unknown).astype(np.float64)
    return counted


def renewal_windows(
    book: AccountBook,
    tier_schedule: npt.NDArray[np.integer],
    rates: Sequence[Rates],
    today: dt.date,
) -> RenewalWindows:
    """Roll today's renewal dates forward over ``tier_schedule``'s months (accounts, months+1).

    Accounts that keep their tier share their tier's survival curve, so they are counted from
    their sorted renewal dates; only the accounts that re-tier are followed one by one.
    """
    width = tier_schedule.shape[1]
    months = width - 1
    n_tiers = int(rates[0].churn.size) if rates else 3
    days = days_to_next_renewal(book.renewal_date, today)
    days[book.month_to_month] = np.inf  # month-to-month: no renewal event in any window
    window_end = np.arange(width, dtype=np.float64) * (DAYS_PER_YEAR / 12.0) + DAYS_PER_YEAR
    churn = np.minimum(np.array([r.churn for r in rates], dtype=np.float64).reshape(months, n_tiers),
                       1.0 - 1e-12)
    curve = np.vstack([np.zeros((1, n_tiers)), np.cumsum(np.log1p(-churn), axis=0)])  # log S_k(t)
    flagged = complex_renewal(book)
    tier0 = tier_schedule[:, 0]
    movers = np.any(tier_schedule != tier0[:, None], axis=1)
    standard = np.zeros(width)
    complex_ = np.zeros(width)
    survivors = np.zeros((width, n_tiers))
    by_tier = np.zeros((width, n_tiers))
    for k in range(n_tiers):
        stay = ~movers & (tier0 == k)
        alive = np.exp(curve[:, k])
        survivors[:, k] = alive * stay.sum()
        renewing = alive * _renewing_by_date(days[stay], window_end)
        if k == HIGH:
            hard = alive * _renewing_by_date(days[stay & flagged], window_end)
            complex_ += hard
            renewing = renewing - hard
        standard += renewing
        by_tier[:, k] += renewing
    if movers.any():
        path = tier_schedule[movers]
        log_alive = np.zeros(path.shape)
        if months:
            log_alive[:, 1:] = np.cumsum(np.log1p(-churn[np.arange(months)[None, :], path[:, 1:]]),
                                         axis=1)
        alive = np.exp(log_alive)
        moved_days = days[movers]
        with np.errstate(invalid="ignore"):
            renews = np.isnan(moved_days)[:, None] | (moved_days[:, None] < window_end[None, :])
        weight = alive * renews
        hard = (weight * ((path == HIGH) & flagged[movers][:, None])).sum(axis=0)
        complex_ += hard
        standard += weight.sum(axis=0) - hard
        for k in range(n_tiers):
            survivors[:, k] += (alive * (path == k)).sum(axis=0)
            easy = (path == k) & ~(flagged[movers][:, None] & (path == HIGH))
            by_tier[:, k] += (weight * easy).sum(axis=0)
    high_now = int((tier0 == HIGH).sum())
    share = float(((tier0 == HIGH) & flagged).sum()) / high_now if high_now else 0.0
    return RenewalWindows(standard=standard, complex=complex_, survivors=survivors,
                          complex_share_high=share, standard_by_tier=by_tier)
