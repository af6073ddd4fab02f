"""Where a projection's churn, contraction and expansion come from, month by month and per tier.

Sources (``[projection] retention``):

* ``book`` — the account book's own history: per tier, GRR = Σ min(ARR, previous) ÷ Σ previous and
  NRR = Σ ARR ÷ Σ previous over accounts with a ``previous_arr`` (a churned account, in the book with
  ARR 0, counts in the tier its previous ARR puts it in). A tier with fewer than
  ``projection.min_history_accounts`` such accounts takes the whole book's figures. The split of the
  gross loss between logo churn and contraction is measured too (ARR lost with churned accounts ÷
  all ARR lost) when the book holds churned accounts, else ``projection.churn_share``.
* ``stage`` — the seeds' GRR/NRR band of the stage the company is in that month (DOMAIN.md §3), at
  ``projection.band_position`` of the band (the midpoint by default), so the rates move as the
  company grows into the next stage. S0 gives stage 1 no NRR: postsale assumes no net expansion
  (NRR = GRR) there.
* ``median`` — the published medians (DOMAIN.md §9): GRR ``retention.median_grr`` for every tier,
  NRR by each tier's average ACV (``retention.median_nrr.acv_*``). The conservative scenario.
* ``auto`` (default) — ``book`` when the book has enough history, else ``stage``.

``[projection] grr``/``nrr`` in the company file fix both figures for every tier and month.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from postsale.company import ProjectionSettings
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from postsale.core.diagnosis import stage_of
from postsale.core.msg import Msg
from postsale.core.projection.montecarlo import Rates, rates_from_retention
from postsale.core.projection.role_words import clauses
from postsale.keys import TIER_KEYS

__all__ = ["MEDIAN_NRR_BANDS", "RetentionSchedule", "retention_schedule"]

FloatArray = npt.NDArray[np.float64]

# (upper ACV bound, benchmark key) of the published median NRR bands, DOMAIN.md §9
MEDIAN_NRR_BANDS: tuple[tuple[float, str], ...] = (
    (12_000, "retention.median_nrr.acv_under_12k"),
    (25_000, "retention.median_nrr.acv_12k_25k"),
    (50_000, "retention.median_nrr.acv_25k_50k"),
    (100_000, "retention.median_nrr.acv_50k_100k"),
    (250_000, "retention.median_nrr.acv_100k_250k"),
    (float("inf"), "retention.median_nrr.acv_over_250k"),
)


@dataclass(frozen=True)
class RetentionSchedule:
    """Monthly rates (one ``Rates`` per month 1..M), the annual figures per month and tier, and
    where they came from."""

    source: str
    description: Msg
    rates: tuple[Rates, ...]
    grr: tuple[tuple[float, float, float], ...]  # per month 1..M, per tier
    nrr: tuple[tuple[float, float, float], ...]
    churn_share: float
    keys: tuple[str, ...]


def _band_point(benchmarks: Benchmarks, key: str) -> float:
    lo, hi = benchmarks.band(key)
    return lo + benchmarks.value("projection.band_position") * (hi - lo)


@dataclass(frozen=True, eq=False)
class _History:
    """The part of a book's retention history that does not depend on the tiering (a plan
    measures the history once per tiering: the need, then the funded plan)."""

    base: npt.NDArray[np.bool_]  # accounts with a previous ARR
    churned: npt.NDArray[np.bool_] | None  # accounts with a previous ARR and none now (None: none)
    churned_tier: npt.NDArray[np.int64]  # their tier by previous ARR
    kept: FloatArray  # min(ARR, previous ARR), 0 without a previous ARR
    measured: int
    grr_all: float
    nrr_all: float
    churn_share: float | None


def _history(book: AccountBook, high_min: float, low_min: float) -> _History:
    prev = book.previous_arr
    base = np.isfinite(prev) & (prev > 0)
    arr = book.arr
    churned = base & (arr <= 0)
    was = prev[churned]
    churned_tier = np.where(was >= high_min, 0, np.where(was >= low_min, 1, 2))
    # (few full-length temporaries: a million-account book is measured twice per plan)
    kept = np.zeros(prev.shape[0])
    np.minimum(arr, prev, out=kept, where=base)
    prev_b = np.where(base, prev, 0.0)
    scratch = np.where(base, arr, 0.0)
    total = float(prev_b.sum())
    grr_all = float(kept.sum()) / total if total > 0 else 1.0
    nrr_all = float(scratch.sum()) / total if total > 0 else 1.0
    lost = float(np.subtract(prev_b, kept, out=scratch).sum())
    # without a churned account in the file the export is of live customers only: the split of the
    # loss cannot be measured (0% logo churn would be a guess that removes the churn risk)
    any_churned = bool(churned.any())
    churn_share = float(prev_b[churned].sum()) / lost if lost > 0 and any_churned else None
    return _History(base=base,
                    churned=churned if any_churned else None, churned_tier=churned_tier,
                    kept=kept, measured=int(base.sum()), grr_all=grr_all, nrr_all=nrr_all,
                    churn_share=churn_share)


def _book_history(
    book: AccountBook, tier: npt.NDArray[np.integer], benchmarks: Benchmarks
) -> tuple[FloatArray, FloatArray, float | None, int]:
    """Per-tier GRR and NRR from ``previous_arr``, the measured churn share and the accounts used.

    A churned account counts in the tier its previous ARR would have had. Memoized per book and
    tiering (a digest of the tier codes): a plan asks for the same tiering's history more than
    once (its first year, the selection's scale step)."""
    high_min = benchmarks.value("tiering.high_touch_min_acv")
    low_min = benchmarks.value("tiering.low_touch_min_acv")
    codes = np.ascontiguousarray(tier, dtype=np.int8)
    digest = hashlib.blake2b(codes.data, digest_size=16).hexdigest()
    key = ("retention_by_tier", high_min, low_min,
           benchmarks.value("projection.min_history_accounts"), digest)
    return book.memo(key, lambda: _tier_history(book, codes, benchmarks, high_min, low_min))


def _tier_history(
    book: AccountBook, tier: npt.NDArray[np.int8], benchmarks: Benchmarks, high_min: float,
    low_min: float,
) -> tuple[FloatArray, FloatArray, float | None, int]:
    h = book.memo(("retention_history", high_min, low_min),
                  lambda: _history(book, high_min, low_min))
    history_tier = np.asarray(tier)
    if h.churned is not None:
        history_tier = history_tier.astype(np.int8)  # tiers are 0-2: a 1 MB copy, not 8 MB
        history_tier[h.churned] = h.churned_tier
    minimum = benchmarks.value("projection.min_history_accounts")
    grr = np.full(3, h.grr_all)
    nrr = np.full(3, h.nrr_all)
    # per-tier sums in one bincount each over the whole book, rows without a previous ARR in a
    # fourth bin (their NaN previous ARR lands there only): no sort, no gathered copies
    binned = np.where(h.base, history_tier, np.int8(3)).astype(np.int8, copy=False)
    counts = np.bincount(binned, minlength=4)
    prev_sum = np.bincount(binned, weights=book.previous_arr, minlength=4)
    kept_sum = np.bincount(binned, weights=h.kept, minlength=4)
    arr_sum = np.bincount(binned, weights=book.arr, minlength=4)
    for i in range(3):
        p = float(prev_sum[i])
        if counts[i] >= minimum and p > 0:
            grr[i] = float(kept_sum[i]) / p
            nrr[i] = float(arr_sum[i]) / p
    return np.clip(grr, 1e-6, 1.0), np.maximum(nrr, np.clip(grr, 1e-6, 1.0)), h.churn_share, \
        h.measured


def _median_nrr(average_acv: Sequence[float], benchmarks: Benchmarks) -> tuple[FloatArray, list[str]]:
    nrr = np.empty(3)
    keys = []
    for i, acv in enumerate(average_acv):
        key = next(k for bound, k in MEDIAN_NRR_BANDS if acv < bound)
        nrr[i] = benchmarks.value(key)
        keys.append(key)
    return nrr, keys


def _stage_rates(
    customers_target: FloatArray, benchmarks: Benchmarks
) -> tuple[FloatArray, FloatArray, Msg, list[str]]:
    """Stage-band GRR/NRR of each month's stage (by the target customer count)."""
    months = len(customers_target) - 1
    stages = [stage_of(c, "stages.customers_max", benchmarks) for c in customers_target[1:]]
    grr_s = {s: _band_point(benchmarks, f"stages.grr.{s}") for s in set(stages)}
    nrr_s = {s: max(_band_point(benchmarks, f"stages.nrr.{s}"), grr_s[s]) if s >= 2 else grr_s[s]
             for s in set(stages)}
    grr_m = np.array([[grr_s[s]] * 3 for s in stages], dtype=np.float64).reshape(months, 3)
    nrr_m = np.array([[nrr_s[s]] * 3 for s in stages], dtype=np.float64).reshape(months, 3)
    text = Msg("projection.retention.stage_bands",
               position=benchmarks.value("projection.band_position"), stages=clauses([
                   Msg("projection.retention.stage_rate_1", stage=s, grr=grr_s[s], nrr=nrr_s[s])
                   if s == 1 else
                   Msg("projection.retention.stage_rate", stage=s, grr=grr_s[s], nrr=nrr_s[s])
                   for s in sorted(grr_s)]))
    keys = ["projection.band_position", "stages.customers_max.1", "stages.customers_max.2",
            "stages.customers_max.3", *(f"stages.grr.{s}" for s in sorted(grr_s)),
            *(f"stages.nrr.{s}" for s in sorted(nrr_s) if s >= 2)]
    return grr_m, nrr_m, text, keys


def retention_schedule(
    book: AccountBook,
    tier: npt.NDArray[np.integer],
    customers_target: FloatArray,
    average_acv: Sequence[float],
    settings: ProjectionSettings,
    benchmarks: Benchmarks,
    source: str | None = None,
) -> RetentionSchedule:
    """Rates for months 1..M (``len(customers_target) - 1``); ``source`` overrides the setting."""
    months = len(customers_target) - 1
    wanted = source or settings.retention
    share = benchmarks.value("projection.churn_share")
    keys: list[str] = ["projection.churn_share"]
    history = _book_history(book, tier, benchmarks) if wanted in ("auto", "book") else None
    enough = history is not None and history[3] >= benchmarks.value("projection.min_history_accounts")
    implausible: Msg | None = None
    if wanted == "auto" and history is not None and enough:
        # a history the plausibility check rejects (previous_arr of another period or unit) would
        # compound for months: "auto" falls back to the stage bands and says why ("book" obeys)
        max_nrr, min_grr = (benchmarks.value("plausibility.max_nrr"),
                            benchmarks.value("plausibility.min_grr"))
        top_nrr, low_grr = float(np.max(history[1])), float(np.min(history[0]))
        if top_nrr > max_nrr or low_grr < min_grr:
            implausible = Msg("projection.retention.implausible", nrr=top_nrr, grr=low_grr,
                              max_nrr=max_nrr, min_grr=min_grr)
            keys += ["plausibility.max_nrr", "plausibility.min_grr"]
            enough = False
    if source is None and (settings.grr is not None or settings.nrr is not None):
        grr_v = settings.grr if settings.grr is not None else 1.0
        nrr_v = max(settings.nrr if settings.nrr is not None else grr_v, grr_v)
        grr_m, nrr_m = np.full((months, 3), grr_v), np.full((months, 3), nrr_v)
        label, text = "company", Msg("projection.retention.company", grr=grr_v, nrr=nrr_v)
    elif history is not None and enough:
        grr_t, nrr_t, measured_share, measured = history
        grr_m, nrr_m = np.tile(grr_t, (months, 1)), np.tile(nrr_t, (months, 1))
        share = measured_share if measured_share is not None else share
        label = "book"
        text = Msg("projection.retention.book", accounts=measured,
                   grr=tuple(Msg("projection.retention.tier_rate1", tier=str(t), rate=float(g))
                             for t, g in zip(TIER_KEYS, grr_t, strict=True)),
                   nrr=tuple(Msg("projection.retention.tier_rate1", tier=str(t), rate=float(n))
                             for t, n in zip(TIER_KEYS, nrr_t, strict=True)),
                   churn=Msg("projection.retention.churn_measured", share=share)
                   if measured_share is not None else
                   Msg("projection.retention.churn_assumed", share=share))
        keys.append("projection.min_history_accounts")
    elif wanted == "median":
        nrr_t, nrr_keys = _median_nrr(average_acv, benchmarks)
        grr_v = benchmarks.value("retention.median_grr")
        grr_m, nrr_m = np.full((months, 3), grr_v), np.tile(np.maximum(nrr_t, grr_v), (months, 1))
        label = "median"
        text = Msg("projection.retention.median", grr=grr_v,
                   nrr=tuple(Msg("projection.retention.tier_rate0", tier=str(t), rate=float(n))
                             for t, n in zip(TIER_KEYS, nrr_t, strict=True)))
        keys += ["retention.median_grr", *nrr_keys]
    else:
        grr_m, nrr_m, text, stage_keys = _stage_rates(customers_target, benchmarks)
        label = "stage"
        if implausible is not None:
            text = implausible.with_params(text=text)
        keys += stage_keys
    share = float(min(max(share, 0.0), 1.0))
    cache: dict[tuple[float, ...], Rates] = {}
    rates: list[Rates] = []
    for g_row, n_row in zip(grr_m, nrr_m, strict=True):
        key = (*g_row, *n_row)
        if key not in cache:
            cache[key] = rates_from_retention(g_row, n_row, 3, churn_share=share)
        rates.append(cache[key])
    return RetentionSchedule(
        source=label, description=text, rates=tuple(rates),
        grr=tuple((float(r[0]), float(r[1]), float(r[2])) for r in grr_m),
        nrr=tuple((float(r[0]), float(r[1]), float(r[2])) for r in nrr_m),
        churn_share=share, keys=tuple(dict.fromkeys(keys)),
    )
