"""Growth inputs of a projection: the ``[[growth]]`` targets month by month, and the new customers
(how many, of which tier, how large) that the targets call for.

Targets: month 0 is today's book; between two targets the value moves at a constant monthly rate
(``compound``, the default: growth plans are rates) or by a constant amount (``linear``); after the
last target it keeps the last segment's average monthly change as an amount, not as a rate — a plan
says nothing past its last target, and compounding an aggressive last step (1 → 100 customers in a
year) would explode beyond anything planned. Without a customer target the count is held at
today's (new customers replace the expected churn); without an ARR target new customers carry the
current book's ARR mix of their tier.

Arrivals: the expected count of each tier follows ``E[t] = E[t-1]·(1 - churn[t]) + λ[t]·share``;
``λ[t]`` is what lifts the expected total to the target. New customers' ARR is scaled month by month
(``arrival_scale``) so the expected ARR meets an ARR target, within a cap of
``projection.arrival_acv_multiple_max`` (and its inverse); a capped month is reported, because then
the target is out of reach through new customers alone (or exceeded by expansion alone).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from postsale.company import GrowthTarget
from postsale.core.msg import Msg
from postsale.core.projection.montecarlo import Rates

__all__ = ["ArrivalPlan", "arrival_plan", "target_path"]

FloatArray = npt.NDArray[np.float64]


def target_path(
    current: float, targets: Sequence[tuple[int, float]], months: int, interpolation: str
) -> FloatArray:
    """Month 0..``months`` values from today's ``current`` through ``(month, value)`` targets."""
    points = [(0, float(current)), *sorted((int(m), float(v)) for m, v in targets if m > 0)]
    out = np.full(months + 1, float(current))
    if len(points) == 1:
        return out
    compound = interpolation == "compound"
    for t in range(months + 1):
        after = next((i for i, (m, _) in enumerate(points) if m >= t), None)
        if after is None:  # past the last target: its average monthly change goes on, linearly
            (m0, v0), (m1, v1) = points[-2], points[-1]
            out[t] = max(0.0, v1 + (v1 - v0) / (m1 - m0) * (t - m1)) if m1 > m0 else v1
            continue
        if after == 0:
            out[t] = points[0][1]
            continue
        (m0, v0), (m1, v1) = points[after - 1], points[after]
        if m1 == m0:
            out[t] = v1
        elif compound and v0 > 0 and v1 > 0:
            out[t] = v0 * (v1 / v0) ** ((t - m0) / (m1 - m0))
        else:
            out[t] = max(0.0, v0 + (v1 - v0) * (t - m0) / (m1 - m0))
    return out


@dataclass(frozen=True, eq=False)
class ArrivalPlan:
    """Expected new customers per month (index 0 = month 1), their tier mix and ARR scale."""

    customers_target: FloatArray  # months+1
    arr_target: FloatArray | None  # months+1, None without an ARR target
    arrivals: FloatArray  # months
    share: FloatArray  # tiers
    arrival_scale: FloatArray  # months
    capped_months: tuple[int, ...]
    notes: tuple[Msg, ...]


def arrival_plan(
    tier_counts: FloatArray,
    tier_arr: FloatArray,
    growth: Sequence[GrowthTarget],
    rates: Sequence[Rates],
    *,
    months: int,
    interpolation: str,
    share: FloatArray | None,
    scale_cap: float,
) -> ArrivalPlan:
    """The arrivals that meet the targets in expectation (see the module docstring)."""
    counts = np.asarray(tier_counts, dtype=np.float64)
    arr = np.asarray(tier_arr, dtype=np.float64)
    customers_now = float(counts.sum())
    notes: list[Msg] = []
    mix = counts / customers_now if share is None and customers_now > 0 else (
        np.asarray(share, dtype=np.float64) if share is not None else np.zeros(counts.size))
    customer_targets = [(g.months, float(g.customers)) for g in growth if g.customers is not None]
    arr_targets = [(g.months, float(g.arr)) for g in growth if g.arr is not None]
    customers_target = target_path(customers_now, customer_targets, months, interpolation)
    if not customer_targets:
        notes.append(Msg("projection.growth.no_customer_target", customers=customers_now))
    arr_target = (target_path(float(arr.sum()), arr_targets, months, interpolation)
                  if arr_targets else None)
    if arr_target is None:
        notes.append(Msg("projection.growth.no_arr_target"))
    mean_acv = np.divide(arr, counts, out=np.zeros_like(arr), where=counts > 0)
    expected = counts.copy()
    expected_arr = arr.copy()
    lam = np.zeros(months)
    scale = np.ones(months)
    capped: list[int] = []
    for t in range(1, months + 1):
        r = rates[t - 1]
        survivors = expected * (1.0 - r.churn)
        lam[t - 1] = max(0.0, customers_target[t] - float(survivors.sum()))
        kept_arr = expected_arr * (1.0 - r.churn) * r.growth
        new_arr = lam[t - 1] * float((mix * mean_acv).sum())
        if arr_target is not None and new_arr > 0:
            wanted = (arr_target[t] - float(kept_arr.sum())) / new_arr
            scale[t - 1] = min(max(wanted, 1.0 / scale_cap), scale_cap)
            if wanted > scale_cap or wanted < 1.0 / scale_cap:
                capped.append(t)
        expected = survivors + lam[t - 1] * mix
        expected_arr = kept_arr + lam[t - 1] * mix * mean_acv * scale[t - 1]
    if capped:
        notes.append(Msg("projection.growth.arr_capped", low=1 / scale_cap, high=scale_cap,
                         months=len(capped), first=capped[0]))
    return ArrivalPlan(customers_target=customers_target, arr_target=arr_target, arrivals=lam,
                       share=mix, arrival_scale=scale, capped_months=tuple(capped),
                       notes=tuple(notes))
