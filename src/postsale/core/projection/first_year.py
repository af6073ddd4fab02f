"""New customers of the next 12 months: the growth the targets ask for plus the customers who
replace the ones expected to churn.

Onboarding is sized on new customers (DOMAIN.md §1: 25–45 implementations a year each), and a
``[[growth]]`` target counts customers net of churn: reaching 450 from 300 while 8% of customers
leave takes about 175 new ones, not 150. The plan (``capacity``) and the projection use this one
computation, so the plan's implementation need is the projection's month 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from postsale.core.projection.growth import ArrivalPlan, arrival_plan, target_path
from postsale.core.projection.retention import RetentionSchedule, retention_schedule
from postsale.keys import TIER_KEYS

__all__ = ["FirstYear", "arrival_share", "first_year", "growth_arrivals"]

YEAR = 12


@dataclass(frozen=True)
class FirstYear:
    """Expected new customers in months 1–12 (``gross``), the net growth and the retention used."""

    gross: float
    net: float
    retention_source: str

    @property
    def replacing_churn(self) -> float:
        return self.gross - self.net


def arrival_share(company: Company) -> npt.NDArray[np.float64] | None:
    """``[projection.arrival_mix]`` in tier order (``None``: new customers follow today's mix)."""
    mix = company.projection.arrival_mix
    return None if mix is None else np.array([mix.get(t, 0.0) for t in TIER_KEYS])


def growth_arrivals(
    tier_counts: npt.NDArray[np.float64], tier_arr: npt.NDArray[np.float64], company: Company,
    retention: RetentionSchedule, benchmarks: Benchmarks, months: int,
    share: npt.NDArray[np.float64] | None,
) -> ArrivalPlan:
    """The arrival plan of ``months`` months under ``retention`` (see ``growth.arrival_plan``)."""
    return arrival_plan(tier_counts, tier_arr, company.growth, retention.rates, months=months,
                        interpolation=company.projection.interpolation, share=share,
                        scale_cap=benchmarks.value("projection.arrival_acv_multiple_max"))


def first_year(
    book: AccountBook, tier: npt.NDArray[np.integer], company: Company, benchmarks: Benchmarks,
) -> FirstYear:
    """New customers expected in the next 12 months for the live accounts ``book`` (tiered ``tier``)."""
    codes = np.asarray(tier, dtype=np.int64)
    counts = np.bincount(codes, minlength=3).astype(np.float64)
    arr = np.bincount(codes, weights=book.arr, minlength=3).astype(np.float64)
    average_acv = [float(a / n) if n else 0.0 for a, n in zip(arr, counts, strict=True)]
    targets = [(g.months, float(g.customers)) for g in company.growth if g.customers is not None]
    path = target_path(float(counts.sum()), targets, YEAR, company.projection.interpolation)
    retention = retention_schedule(book, codes, path, average_acv, company.projection, benchmarks)
    plan = growth_arrivals(counts, arr, company, retention, benchmarks, YEAR, arrival_share(company))
    return FirstYear(gross=float(plan.arrivals.sum()), net=float(path[-1] - path[0]),
                     retention_source=retention.source)
