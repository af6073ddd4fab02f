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

__all__ = [
    "FirstYear",
    "GrowthInputs",
    "arrival_share",
    "first_year",
    "first_year_of",
    "growth_arrivals",
    "growth_inputs",
]

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
    inputs: GrowthInputs, company: Company, benchmarks: Benchmarks, months: int,
    share: npt.NDArray[np.float64] | None, *, extra_months: int = 0,
) -> ArrivalPlan:
    """The arrival plan of ``months + extra_months`` months (see ``growth.arrival_plan``); the
    extra months hold the last month's retention."""
    rates = inputs.retention.rates
    return arrival_plan(inputs.counts, inputs.tier_arr, company.growth,
                        [*rates, *[rates[-1]] * extra_months], months=months + extra_months,
                        interpolation=company.projection.interpolation, share=share,
                        scale_cap=benchmarks.value("projection.arrival_acv_multiple_max"))


@dataclass(frozen=True, eq=False)
class GrowthInputs:
    """Today's customers and ARR per tier and the retention of the months ahead."""

    counts: npt.NDArray[np.float64]
    tier_arr: npt.NDArray[np.float64]
    retention: RetentionSchedule


def growth_inputs(
    book: AccountBook, tier: npt.NDArray[np.integer], company: Company, benchmarks: Benchmarks,
    months: int, source: str | None = None,
) -> GrowthInputs:
    """Tier counts and ARR of the live accounts ``book``, and their retention for ``months``
    months (``source`` overrides ``[projection] retention``); the customer targets set the stage,
    and with it the stage-band rates, month by month."""
    codes = np.asarray(tier, dtype=np.int64)
    counts = np.bincount(codes, minlength=3).astype(np.float64)
    arr = np.bincount(codes, weights=book.arr, minlength=3).astype(np.float64)
    average_acv = [float(a / n) if n else 0.0 for a, n in zip(arr, counts, strict=True)]
    targets = [(g.months, float(g.customers)) for g in company.growth if g.customers is not None]
    path = target_path(float(counts.sum()), targets, months, company.projection.interpolation)
    retention = retention_schedule(book, codes, path, average_acv, company.projection, benchmarks,
                                   source=source)
    return GrowthInputs(counts=counts, tier_arr=arr, retention=retention)


def first_year_of(plan: ArrivalPlan, retention_source: str) -> FirstYear:
    """The first 12 months of an arrival plan of at least 12 months."""
    return FirstYear(gross=float(plan.arrivals[:YEAR].sum()),
                     net=float(plan.customers_target[YEAR] - plan.customers_target[0]),
                     retention_source=retention_source)


def first_year(
    book: AccountBook, tier: npt.NDArray[np.integer], company: Company, benchmarks: Benchmarks,
) -> FirstYear:
    """New customers expected in the next 12 months for the live accounts ``book`` (tiered ``tier``)."""
    inputs = growth_inputs(book, tier, company, benchmarks, YEAR)
    plan = growth_arrivals(inputs, company, benchmarks, YEAR, arrival_share(company))
    return first_year_of(plan, inputs.retention.source)
