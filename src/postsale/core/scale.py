"""S3 selection step 5, "project scale and growth": can the recommended model reach the book the
``[[growth]]`` targets ask for, and what would keeping everyone high-touch take?

S3's example: today 100 customers / $3M ARR, in 12 months 250 / $8M, two years later 500 / $18M;
"if you run high-touch with 100 customers at $30K ACV, can you hire CSMs fast enough to keep the
ratio at 500 customers? Do you want to build a 40-person CS team?" With the benchmark ratio (12
accounts per high-touch CSM) 500 customers take ⌈500 ÷ 12⌉ = 42 CSMs — the seed's "~40".

The path is the deterministic expected one (no Monte Carlo in the plan): the projection's own
arrivals (``projection.first_year.growth_arrivals``) and retention rates, each tier's expected count
following ``E[t] = E[t-1]·(1 − churn[t]) + arrivals[t]·share`` (the recursion of
``projection.growth.arrival_plan``), today's tiers kept (accounts crossing an ACV band as they expand
are not re-tiered here). At each horizon the workload is today's scaled to the projected book, and
``capacity.role_counts`` sizes the team — the one implementation of the capacity rules — plus the
seats the recommended org chart adds to the role formulas, as the projection does.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from postsale.core.capacity import Workload, WorkloadArrays, role_counts
from postsale.core.csm_book import csm_books
from postsale.core.economics import team_cost, technology_cost
from postsale.core.msg import Msg
from postsale.core.projection.first_year import arrival_share, growth_arrivals, growth_inputs
from postsale.core.projection.pacing import max_starts_per_month
from postsale.keys import CSM_ROLE_BY_TIER, ROLE_KEYS, TIER_KEYS, Role, Tier
from postsale.results import Headcount

__all__ = ["HorizonBook", "ScaleProjection", "horizons", "project_scale", "team_at"]

FloatArray = npt.NDArray[np.float64]
SHORT_KEY = "selection.scale_horizon_short_months"
LONG_KEY = "selection.scale_horizon_long_months"


@dataclass(frozen=True)
class HorizonBook:
    """The expected book and the team it takes at one horizon."""

    months: int
    customers: float
    arr: float
    tier_accounts: tuple[int, int, int]
    new_customers_per_year: float
    people: int
    csms: int
    cost: float  # team plus technology, a year
    cost_share: float | None
    headcount: dict[Role, int]
    hires_needed: int  # people beyond today's team
    hiring_capacity: int  # people who can start by then at the hiring pace
    all_high_touch_csms: int  # every customer high-touch at the plan's high-touch book
    all_high_touch_book: float  # that book: the ratio, or the catalogue's under effort sizing
    all_high_touch_people: int
    all_high_touch_cost_share: float | None
    today_ratio_csms: int | None  # CSMs at today's accounts per CSM in seat


@dataclass(frozen=True)
class ScaleProjection:
    """Today and the projected horizons, and where the horizons came from."""

    from_targets: bool
    horizons: tuple[HorizonBook, ...]
    notes: tuple[Msg | str, ...]  # the growth notes are messages (projection domain)
    max_starts_per_month: int
    sources: tuple[str, ...]


def horizons(company: Company, benchmarks: Benchmarks) -> tuple[tuple[int, ...], bool]:
    """The months to project: the ``[[growth]]`` targets' (at most five), else S3's 12 and 24."""
    months = sorted({g.months for g in company.growth})[:5]
    if months:
        return tuple(months), True
    return (int(benchmarks.value(SHORT_KEY)), int(benchmarks.value(LONG_KEY))), False


def _scaled(workload: Workload, counts: npt.NDArray[np.int64], new_per_year: float
            ) -> WorkloadArrays:
    """Today's workload scaled to a projected book: each tier's renewals, tickets and at-risk
    accounts grow with its accounts, onboarding with the new customers."""
    now = np.asarray(workload.tier_accounts, dtype=np.float64)
    ratio = np.divide(counts, now, out=np.ones(3), where=now > 0)
    total_now = max(float(now.sum()), 1.0)
    k = float(counts.sum()) / total_now
    onboarding = workload.onboarding_active * (new_per_year / workload.new_customers_per_year
                                               if workload.new_customers_per_year > 0 else k)
    return WorkloadArrays(
        tier_accounts=np.asarray(counts, dtype=np.int64),
        onboarding_active=np.asarray(float(onboarding)),
        new_customers_per_year=np.asarray(float(new_per_year)),
        implementation_weeks=workload.implementation_weeks,
        tickets_per_day=np.asarray(workload.tickets_per_day * k) if workload.tickets_known
        else None,
        renewals_standard_12m=np.asarray(workload.renewals_standard_12m * k),
        renewals_complex_12m=np.asarray(workload.renewals_complex_12m * float(ratio[0])),
        customers=np.asarray(int(counts.sum()), dtype=np.int64),
        renewals_by_tier=None if workload.renewals_by_tier is None
        else np.asarray(workload.renewals_by_tier, dtype=np.float64) * ratio,
        onboarding_by_tier=None,
        new_customers_share=None if workload.new_customers_share is None
        else np.asarray(workload.new_customers_share, dtype=np.float64),
        tech_at_risk=np.asarray(workload.at_risk_tech_touch * float(ratio[2]))
        if workload.health_known else None,
    )


def team_at(arrays: WorkloadArrays, benchmarks: Benchmarks, company: Company,
            structure: dict[Role, int]) -> dict[Role, int]:
    """The role formulas on ``arrays`` (0-d) plus the org chart's own seats (``structure``)."""
    counts, _ = role_counts(arrays, benchmarks, company)
    return {r: max(0, int(counts[r]) + structure.get(r, 0)) for r in ROLE_KEYS}


def _csms(team: dict[Role, int]) -> int:
    return sum(team[CSM_ROLE_BY_TIER[t]] for t in TIER_KEYS)


def project_scale(
    book: AccountBook, tier: npt.NDArray[np.integer], workload: Workload, headcount: Headcount,
    company: Company, benchmarks: Benchmarks,
) -> ScaleProjection:
    """The expected book and team at each horizon (module docstring). ``book``/``tier``: the live
    accounts and their tiers."""
    months, from_targets = horizons(company, benchmarks)
    last = max(months)
    inputs = growth_inputs(book, tier, company, benchmarks, last)
    plan = growth_arrivals(inputs, company, benchmarks, last, arrival_share(company))
    counts = np.asarray(inputs.counts, dtype=np.float64)
    arr = np.asarray(inputs.tier_arr, dtype=np.float64)
    mean_acv = np.divide(arr, counts, out=np.zeros(3), where=counts > 0)
    path_counts = [counts.copy()]
    path_arr = [float(arr.sum())]
    for t in range(1, last + 1):
        r = inputs.retention.rates[t - 1]
        counts = counts * (1.0 - r.churn) + plan.arrivals[t - 1] * plan.share
        arr = (arr * (1.0 - r.churn) * r.growth
               + plan.arrivals[t - 1] * plan.share * mean_acv * plan.arrival_scale[t - 1])
        path_counts.append(counts.copy())
        path_arr.append(float(arr.sum()))
    structure = {Role(r): headcount.required.get(r, 0) - headcount.role_based.get(r, 0)
                 for r in map(str, ROLE_KEYS)} if headcount.role_based else {}
    people_now = headcount.current.get("total", 0)
    limit, limit_keys = max_starts_per_month(people_now, benchmarks)
    high_keys: list[str] = []
    csms_now = sum(headcount.current.get(str(CSM_ROLE_BY_TIER[t]), 0) for t in TIER_KEYS)
    out: list[HorizonBook] = []
    for h in months:
        expected = np.rint(path_counts[h]).astype(np.int64)
        customers = float(expected.sum())
        new_per_year = float(plan.arrivals[max(0, h - 12):h].sum())
        arrays = _scaled(workload, expected, new_per_year)
        team = team_at(arrays, benchmarks, company, structure)
        cost = team_cost({str(r): n for r, n in team.items()}, benchmarks) + technology_cost(
            tuple(int(x) for x in expected), benchmarks)
        arr_h = path_arr[h]
        every_high = np.array([int(customers), 0, 0], dtype=np.int64)
        high_arrays = _scaled(workload, every_high, new_per_year)
        if high_arrays.renewals_by_tier is not None:  # every renewal is a high-touch CSM's
            high_arrays = dataclasses.replace(high_arrays, renewals_by_tier=np.asarray(
                [float(np.sum(high_arrays.renewals_by_tier)), 0.0, 0.0]))
        high_team = team_at(high_arrays, benchmarks, company, {})
        # the high-touch book the plan staffs to (core/csm_book.py): S3's ⌈500 ÷ 12⌉ by ratio, the
        # service catalogue's book on the all-high-touch workload under effort sizing
        high_book = csm_books(high_arrays, benchmarks, company)[Tier.HIGH_TOUCH]
        high_keys += high_book.sources
        high_size = high_book.value or benchmarks.value("accounts_per_csm.high_touch")
        high_cost = team_cost({str(r): n for r, n in high_team.items()}, benchmarks) + \
            technology_cost((int(customers), 0, 0), benchmarks)
        people = sum(team.values())
        out.append(HorizonBook(
            months=h, customers=customers, arr=arr_h,
            tier_accounts=(int(expected[0]), int(expected[1]), int(expected[2])),
            new_customers_per_year=new_per_year, people=people, csms=_csms(team), cost=cost,
            cost_share=cost / arr_h if arr_h > 0 else None, headcount=team,
            hires_needed=max(0, people - people_now), hiring_capacity=limit * h,
            all_high_touch_csms=math.ceil(customers / high_size - 1e-9),
            all_high_touch_book=high_size,
            all_high_touch_people=sum(high_team.values()),
            all_high_touch_cost_share=high_cost / arr_h if arr_h > 0 else None,
            today_ratio_csms=math.ceil(customers / (workload.customers / csms_now) - 1e-9)
            if csms_now and workload.customers else None,
        ))
    notes: tuple[Msg | str, ...] = (*plan.notes, Msg("selection.scale.tiers_kept"))
    return ScaleProjection(
        from_targets=from_targets, horizons=tuple(out), notes=notes, max_starts_per_month=limit,
        sources=(*(() if from_targets else (SHORT_KEY, LONG_KEY)), *dict.fromkeys(high_keys),
                 *limit_keys,
                 "economics.scale_limit.high_touch", "economics.scale_limit.low_touch"))
