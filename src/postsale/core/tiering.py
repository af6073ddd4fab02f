"""Tiering (C2): every account gets high-, low- or tech-touch from the hybrid rules of S3.

Rules, applied in this order (DOMAIN.md §6 "Hybrid tiers" and "Movement"):

1. **ACV band** — ARR ≥ ``tiering.high_touch_min_acv`` → high-touch; ≥ ``tiering.low_touch_min_acv``
   → low-touch; below → tech-touch (below ``tiering.tech_touch_min_acv`` is flagged).
2. **Revenue rank** — S3 labels the tiers "top 10–20% / middle 30–40% / bottom 40–60%" of revenue.
   Read as shares of revenue the bands are impossible together with the ACV bands (a $1K–10K
   tech-touch tail cannot hold 40–60% of ARR), so postsale reads them as shares of the customers
   ranked by revenue: accounts ranked inside the top ``tiering.high_touch_revenue_share`` of the book
   move up to high-touch when their ARR clears ``tiering.high_touch_acv_floor`` ($80K, "needs ≥
   $80K–200K"). The plan checks each tier's share of accounts against its band.
3. **Complexity** — a high-complexity account moves up one tier when its ARR reaches
   ``tiering.complexity_upgrade_fraction`` of the next tier's floor ("unique complexity needs more
   support").
4. **Contraction** — an account whose ARR fell by ``tiering.contraction_threshold`` or more since
   ``previous_arr`` keeps its (lower) band: rules 2 and 3 do not lift it ("contraction moves an
   account down").
5. **Temporary escalation** — an at-risk account (health < ``tiering.at_risk_health``) with ARR ≥
   ``tiering.escalation_min_acv`` moves up one tier, marked temporary.
6. **Strategic** — the strategic flag overrides ACV: high-touch ("important logo, market entry").
   6b. **Funded plan** — when the budget levers set ``tiering.high_touch_funded_min_acv`` /
   ``tiering.low_touch_funded_min_acv`` (0 by default), accounts of that tier below it move down one
   tier (S3: move the lowest-value accounts down; "if margins are tight, your model must be more
   efficient").
7. **Explicit override** — a ``tier_override`` value wins over everything.

Rule 2 depends on the whole book, not the account alone: adding larger accounts can push a
borderline $80K–100K account out of the top slice and *down* a tier. Invariants that assume each
account's tier depends only on itself (e.g. "adding accounts never lowers headcount") therefore hold
only with ``tiering.high_touch_revenue_share = 0``; the tests state this explicitly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import IntFlag

import numpy as np
import numpy.typing as npt

from postsale.core.benchmarks import Benchmarks
from postsale.core.book import UNKNOWN, AccountBook, IntCodes
from postsale.core.msg import Msg
from postsale.keys import TIER_KEYS, Complexity

__all__ = [
    "TIERING_KEYS",
    "TierReason",
    "TieringResult",
    "assign_tiers",
    "reason_messages",
    "top_ranked",
]

HIGH, LOW, TECH = 0, 1, 2
_HIGH_COMPLEXITY = list(Complexity).index(Complexity.HIGH)

TIERING_KEYS: tuple[str, ...] = (
    "tiering.high_touch_min_acv",
    "tiering.low_touch_min_acv",
    "tiering.tech_touch_min_acv",
    "tiering.high_touch_acv_floor",
    "tiering.high_touch_revenue_share",
    "tiering.complexity_upgrade_fraction",
    "tiering.contraction_threshold",
    "tiering.at_risk_health",
    "tiering.escalation_min_acv",
    "tiering.high_touch_funded_min_acv",
    "tiering.low_touch_funded_min_acv",
)


class TierReason(IntFlag):
    """Why an account has its tier; stored per account as a bit mask (vectorized)."""

    ACV_HIGH = 1 << 0
    ACV_LOW = 1 << 1
    ACV_TECH = 1 << 2
    BELOW_TECH_BAND = 1 << 3
    REVENUE_SHARE = 1 << 4
    COMPLEXITY = 1 << 5
    CONTRACTION = 1 << 6
    AT_RISK_ESCALATION = 1 << 7
    STRATEGIC = 1 << 8
    OVERRIDE = 1 << 9
    NO_REVENUE = 1 << 10
    FUNDED_DOWN = 1 << 11


@dataclass(frozen=True, eq=False)
class TieringResult:
    """Per-account tier codes (index into ``TIER_KEYS``) and reason masks, plus the thresholds used."""

    tier: IntCodes
    reasons: npt.NDArray[np.int32]
    thresholds: dict[str, float]

    def counts(self, active: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        """Active accounts per tier, in ``TIER_KEYS`` order."""
        return np.bincount(self.tier[active], minlength=len(TIER_KEYS)).astype(np.int64)


def reason_messages(mask: int, thresholds: dict[str, float]) -> list[Msg]:
    """The reasons of one account's mask as messages naming the thresholds (per distinct mask when
    exporting per-account tiers: a handful, never one per account)."""
    t = thresholds
    out: list[Msg] = []
    r = TierReason(mask)
    if TierReason.NO_REVENUE in r:
        out.append(Msg("tiering.reason.no_revenue"))
    if TierReason.ACV_HIGH in r:
        out.append(Msg("tiering.reason.acv_high", floor=t["tiering.high_touch_min_acv"]))
    if TierReason.ACV_LOW in r:
        out.append(Msg("tiering.reason.acv_low", low=t["tiering.low_touch_min_acv"],
                       high=t["tiering.high_touch_min_acv"]))
    if TierReason.ACV_TECH in r:
        out.append(Msg("tiering.reason.acv_tech", ceiling=t["tiering.low_touch_min_acv"]))
    if TierReason.BELOW_TECH_BAND in r:
        out.append(Msg("tiering.reason.below_tech_band", floor=t["tiering.tech_touch_min_acv"]))
    if TierReason.REVENUE_SHARE in r:
        out.append(Msg("tiering.reason.revenue_share", share=t["tiering.high_touch_revenue_share"],
                       floor=t["tiering.high_touch_acv_floor"]))
    if TierReason.COMPLEXITY in r:
        out.append(Msg("tiering.reason.complexity"))
    if TierReason.CONTRACTION in r:
        out.append(Msg("tiering.reason.contraction", share=t["tiering.contraction_threshold"]))
    if TierReason.AT_RISK_ESCALATION in r:
        out.append(Msg("tiering.reason.at_risk", health=t["tiering.at_risk_health"],
                       floor=t["tiering.escalation_min_acv"]))
    if TierReason.STRATEGIC in r:
        out.append(Msg("tiering.reason.strategic"))
    if TierReason.FUNDED_DOWN in r:
        out.append(Msg("tiering.reason.funded_down"))
    if TierReason.OVERRIDE in r:
        out.append(Msg("tiering.reason.override"))
    return out


def top_ranked(arr: npt.NDArray[np.float64], cutoff: float) -> npt.NDArray[np.bool_]:
    """Accounts whose rank by ARR (largest first, ties in book order) is below ``cutoff``.

    Selects with a partition instead of a full sort (linear time): a projection re-tiers the book
    every month, and this ranking was its slowest step.
    """
    n = arr.size
    count = min(n, max(0, math.ceil(cutoff)))
    out = np.zeros(n, dtype=bool)
    if count == 0:
        return out
    edge = np.partition(arr, n - count)[n - count]  # the count-th largest ARR
    out[arr > edge] = True
    ties = np.flatnonzero(arr == edge)
    out[ties[: count - int(out.sum())]] = True
    return out


# The ACV-band reason of each tier code (HIGH, LOW, TECH).
_ACV_REASON = np.array([int(TierReason.ACV_HIGH), int(TierReason.ACV_LOW),
                        int(TierReason.ACV_TECH)], dtype=np.int32)


def _flag(reasons: npt.NDArray[np.int32], rows: npt.NDArray[np.bool_], reason: TierReason) -> None:
    """Add ``reason`` to the accounts of ``rows``, in place (a masked ufunc: no gather/scatter)."""
    np.bitwise_or(reasons, np.int32(int(reason)), out=reasons, where=rows)


def _unfunded_tiers(book: AccountBook, t: dict[str, float]
                    ) -> tuple[IntCodes, npt.NDArray[np.int32]]:
    """Tiers and reasons after steps 1–6 (everything before the funded plan's floors)."""
    arr = book.arr
    n = len(book)

    # 1. ACV band.
    tier = np.full(n, TECH, dtype=np.int8)
    np.copyto(tier, LOW, where=arr >= t["tiering.low_touch_min_acv"])
    np.copyto(tier, HIGH, where=arr >= t["tiering.high_touch_min_acv"])
    reasons = _ACV_REASON[tier]
    no_revenue = arr <= 0
    below_band = (arr < t["tiering.tech_touch_min_acv"]) & ~no_revenue
    _flag(reasons, below_band, TierReason.BELOW_TECH_BAND)
    np.copyto(reasons, int(TierReason.NO_REVENUE), where=no_revenue)

    # 4 (evaluated first because it gates 2 and 3). Contraction.
    prev = book.previous_arr
    with np.errstate(invalid="ignore"):
        contracting = (prev > 0) & (arr <= prev * (1.0 - t["tiering.contraction_threshold"]))
    _flag(reasons, contracting, TierReason.CONTRACTION)
    liftable = ~contracting & ~no_revenue

    # 2. Revenue rank: accounts ranked (by ARR, among paying accounts) inside the top share.
    share = t["tiering.high_touch_revenue_share"]
    paying = int((arr > 0).sum())
    if share > 0 and paying > 0:
        in_top = top_ranked(arr, share * paying)
        lift = in_top & (arr >= t["tiering.high_touch_acv_floor"]) & (tier != HIGH) & liftable
        np.copyto(tier, HIGH, where=lift)
        _flag(reasons, lift, TierReason.REVENUE_SHARE)

    # 3. Complexity: up one tier when ARR reaches a fraction of the next tier's floor.
    fraction = t["tiering.complexity_upgrade_fraction"]
    complex_ = (book.complexity == _HIGH_COMPLEXITY) & liftable
    up_from_tech = complex_ & (tier == TECH) & (arr >= fraction * t["tiering.low_touch_min_acv"])
    up_from_low = complex_ & (tier == LOW) & (arr >= fraction * t["tiering.high_touch_min_acv"])
    np.copyto(tier, LOW, where=up_from_tech)
    np.copyto(tier, HIGH, where=up_from_low)
    _flag(reasons, up_from_tech | up_from_low, TierReason.COMPLEXITY)

    # 5. Temporary escalation of at-risk high-value accounts.
    with np.errstate(invalid="ignore"):
        at_risk = (book.health_score < t["tiering.at_risk_health"]) & (
            arr >= t["tiering.escalation_min_acv"]
        )
    escalate = at_risk & (tier != HIGH)
    np.subtract(tier, 1, out=tier, where=escalate)
    _flag(reasons, escalate, TierReason.AT_RISK_ESCALATION)

    # 6. Strategic overrides ACV.
    strategic = book.strategic & (tier != HIGH)
    np.copyto(tier, HIGH, where=book.strategic)
    _flag(reasons, strategic, TierReason.STRATEGIC)
    return tier, reasons


# The funded plan's floors (step 6b) are the only thresholds a budget lever changes: the steps
# before them are memoized per book and the other thresholds, so the funded tiering re-runs only
# 6b and 7.
_FUNDED_KEYS = ("tiering.high_touch_funded_min_acv", "tiering.low_touch_funded_min_acv")


def assign_tiers(book: AccountBook, benchmarks: Benchmarks) -> TieringResult:
    """Tier every account (vectorized over the book); see the module docstring for the rules.

    Masked ufuncs (``np.copyto``/``where=``) instead of boolean-index assignments: a million
    accounts are tiered twice per plan (the need, then the funded plan), and the second tiering
    reuses the first's steps 1–6 (``AccountBook.memo``)."""
    t = {key: benchmarks.value(key) for key in TIERING_KEYS}
    key = ("tiers_before_funding", *(t[k] for k in TIERING_KEYS if k not in _FUNDED_KEYS))
    unfunded_tier, unfunded_reasons = book.memo(key, lambda: _unfunded_tiers(book, t))
    tier = unfunded_tier.copy()
    reasons = unfunded_reasons.copy()
    arr = book.arr
    n = len(book)

    # 6b. The funded plan (S3: move the lowest-value accounts of a tier down): accounts below the
    # floor their tier's cost needs step down one tier (0 = off; set by the budget levers).
    high_floor = t["tiering.high_touch_funded_min_acv"]
    low_floor = t["tiering.low_touch_funded_min_acv"]
    down_high = (tier == HIGH) & (arr < high_floor) if high_floor > 0 else np.zeros(n, dtype=bool)
    np.copyto(tier, LOW, where=down_high)
    down_low = (tier == LOW) & (arr < low_floor) if low_floor > 0 else np.zeros(n, dtype=bool)
    np.copyto(tier, TECH, where=down_low)
    _flag(reasons, down_high | down_low, TierReason.FUNDED_DOWN)

    # 7. Explicit per-account override wins.
    override = book.tier_override != UNKNOWN
    np.copyto(tier, book.tier_override, where=override)
    _flag(reasons, override, TierReason.OVERRIDE)

    return TieringResult(tier=tier, reasons=reasons, thresholds=t)
