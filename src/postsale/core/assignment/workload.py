"""Workload weights (issue 4): what one account costs a CSM, as a fraction of a full book.

An account's base weight is ``1 / accounts_per_csm`` of its tier, so a CSM holding the benchmark
book carries 1.0. Multipliers (each a benchmark, each shown) adjust it for complexity, health risk,
onboarding and renewal proximity, then each tier is scaled back to its base total: the benchmark
ratio prices the tier's average account, and the multipliers say which accounts take more of it.
A person's load is the sum of weights ÷ capacity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from postsale.core.benchmarks import Benchmarks
from postsale.core.book import COMPLEXITY_KEYS, ONBOARDING_KEYS, AccountBook
from postsale.core.ratios import accounts_per_csm_key
from postsale.keys import TIER_KEYS, Complexity, OnboardingStatus

__all__ = ["WEIGHT_KEYS", "Weights", "account_weights"]

WEIGHT_KEYS = ("assignment.weight.complexity_high", "assignment.weight.complexity_low",
               "assignment.weight.at_risk", "assignment.weight.onboarding",
               "assignment.weight.renewal_soon", "assignment.renewal_soon_days")


@dataclass(frozen=True, eq=False)
class Weights:
    """Per-account weight and the factors behind it (for the explanation of a book)."""

    weight: npt.NDArray[np.float64]
    base: npt.NDArray[np.float64]
    factors: dict[str, float]
    sources: tuple[str, ...]


def account_weights(book: AccountBook, tier: npt.NDArray[np.int8], benchmarks: Benchmarks,
                    today: dt.date, automation_maturity: str = "early",
                    books: Sequence[float | None] | None = None) -> Weights:
    """Vectorized weights for every account. ``books``: accounts per CSM by tier when the plan is
    sized by the effort model (the books the service catalogue implies); a tier without one, or
    ``None``, uses the ratio."""
    keys = [accounts_per_csm_key(t, benchmarks, automation_maturity) for t in TIER_KEYS]
    per_csm = np.array([benchmarks.value(k) for k in keys])
    if books is not None:
        per_csm = np.array([b if b else r for b, r in zip(books, per_csm, strict=True)])
        keys = [*keys, "effort.working_hours_per_year", "effort.utilisation"]
    base = 1.0 / per_csm[tier]
    w = base.copy()
    f = {k.rsplit(".", 1)[1]: benchmarks.value(k) for k in WEIGHT_KEYS}
    w[book.complexity == COMPLEXITY_KEYS.index(Complexity.HIGH)] *= f["complexity_high"]
    w[book.complexity == COMPLEXITY_KEYS.index(Complexity.LOW)] *= f["complexity_low"]
    with np.errstate(invalid="ignore"):
        w[book.health_score < benchmarks.value("tiering.at_risk_health")] *= f["at_risk"]
    onboarding = (book.onboarding_status == ONBOARDING_KEYS.index(OnboardingStatus.IN_PROGRESS)) | (
        book.onboarding_status == ONBOARDING_KEYS.index(OnboardingStatus.NOT_STARTED))
    w[onboarding] *= f["onboarding"]
    today64 = np.datetime64(today, "D")
    days = (book.renewal_date - today64).astype("timedelta64[D]").astype(np.float64)
    days[np.isnat(book.renewal_date)] = np.nan
    with np.errstate(invalid="ignore"):
        w[(days >= 0) & (days <= f["renewal_soon_days"])] *= f["renewal_soon"]
    # The accounts-per-CSM benchmark already prices the average account of a tier, so the
    # multipliers redistribute a tier's work between its accounts instead of inflating it: each
    # tier's weights are scaled back to (accounts × base).
    for t in range(len(TIER_KEYS)):
        members = tier == t
        if members.any():
            w[members] *= base[members].sum() / w[members].sum()
    return Weights(weight=w, base=base, factors=f,
                   sources=(*keys, *WEIGHT_KEYS, "tiering.at_risk_health"))
