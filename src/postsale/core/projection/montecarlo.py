"""Vectorized Monte Carlo of the customer book: customers and ARR per month, per path, per tier.

Model (one month, per live account of tier ``i``): the account churns with probability
``churn[i]``; otherwise its ARR is multiplied by ``growth[i] = 1 - contraction[i] + expansion[i]``.
New customers arrive at the end of each month: a Poisson number with the given monthly mean, split
over tiers by ``arrival_share`` (default: the book's tier mix), each with an ARR drawn with
replacement from the current book's ARR of its tier. Arrivals do not churn in their first month.

Engine (``simulate``): accounts are grouped into buckets per tier, cut at equal-count and at
equal-ARR-share quantiles (``buckets_per_tier`` of each), so the large accounts of the tail sit in
small buckets. A bucket carries its count ``n``, ΣARR ``S`` and ΣARR², the latter kept as the
bucket's squared coefficient of variation ``cv² = n·ΣARR²/S² - 1``. Each month the churn count
``d`` is binomial and the churned ARR is normal with the exact mean and variance of ``d`` accounts
drawn without replacement from the bucket (``d·m`` and ``d·cv²·m²·(n-d)/(n-1)``, ``m = S/n``),
clipped to ``[0, S]``; survivors keep the bucket's ``cv²`` and are multiplied by the tier's growth.
Arrivals of each tier copy random current accounts: the copies per bucket are multinomial and their
ARR sum is normal with the bucket's moments. Each of the last 12 arrival months is its own bucket per
tier (needed for the 12-month windows); older arrivals merge into one bucket per tier (counts, ΣARR
and ΣARR² add). Plain cohorts (one bucket per tier, no ΣARR² term) lose the account-size variance
and make the bands about a third too narrow; see benchmarks/montecarlo.py for the measured spread
against ``simulate_per_account``, the straightforward per-account reference kept here.

GRR/NRR per path over the 12-month window ending at month ``t`` (``t ≥ 12``): ARR at ``t`` of the
accounts that existed at ``t-12``, divided by the total ARR at ``t-12``; GRR excludes expansion
(the survivors' ARR with contraction only). Both are NaN where undefined.

Pure: no I/O, no clock; randomness only from the ``numpy.random.Generator`` or seed passed in.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "Projection",
    "Rates",
    "rates_from_retention",
    "simulate",
    "simulate_per_account",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
SeedLike = int | np.random.Generator | None

WINDOW = 12


@dataclass(frozen=True, eq=False)
class Rates:
    """Monthly rates per tier (index = tier code): churn probability, contraction and expansion
    as fractional changes of a surviving account's ARR."""

    churn: FloatArray
    contraction: FloatArray
    expansion: FloatArray

    def __post_init__(self) -> None:
        arrays = [np.asarray(a, dtype=np.float64).reshape(-1) for a in self.astuple()]
        if len({a.size for a in arrays}) != 1 or arrays[0].size == 0:
            raise ValueError("churn, contraction and expansion need one value per tier")
        churn, contraction, expansion = arrays
        if not (np.all(np.isfinite(churn)) and np.all((churn >= 0) & (churn < 1))):
            raise ValueError("monthly churn must be in [0, 1)")
        if not (np.all(np.isfinite(contraction)) and np.all((contraction >= 0) & (contraction < 1))):
            raise ValueError("monthly contraction must be in [0, 1)")
        if not (np.all(np.isfinite(expansion)) and np.all(expansion >= 0)):
            raise ValueError("monthly expansion must be finite and ≥ 0")
        for name, value in zip(("churn", "contraction", "expansion"), arrays, strict=True):
            value.setflags(write=False)
            object.__setattr__(self, name, value)

    def astuple(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        return self.churn, self.contraction, self.expansion

    @property
    def n_tiers(self) -> int:
        return int(self.churn.size)

    @property
    def growth(self) -> FloatArray:
        """Monthly ARR multiplier of a surviving account: ``1 - contraction + expansion``."""
        return 1.0 - self.contraction + self.expansion


def rates_from_retention(
    grr: float | Sequence[float] | FloatArray,
    nrr: float | Sequence[float] | FloatArray,
    tiers: int = 3,
    *,
    churn_share: float = 0.75,
) -> Rates:
    """Monthly rates from annual GRR/NRR (fractions, e.g. 0.92 and 1.05), per tier or broadcast.

    Decomposition: the monthly gross retention factor is ``g = GRR^(1/12)``; the loss is split
    between logo churn and contraction in log terms by ``churn_share``:
    ``1 - churn = g^churn_share`` and ``1 - contraction = g^(1 - churn_share)``, so
    ``(1 - churn)(1 - contraction) = g``. Expansion closes the gap to NRR:
    ``(1 - churn)(1 - contraction + expansion) = NRR^(1/12)``. Hence the expected annual GRR of a
    cohort is ``((1-churn)(1-contraction))^12 = GRR`` and its expected NRR is
    ``((1-churn)·growth)^12 = NRR``.
    """
    if not 0.0 <= churn_share <= 1.0:
        raise ValueError("churn_share must be in [0, 1]")
    g_annual = np.broadcast_to(np.asarray(grr, dtype=np.float64), (tiers,)).copy()
    n_annual = np.broadcast_to(np.asarray(nrr, dtype=np.float64), (tiers,)).copy()
    if not np.all((g_annual > 0) & (g_annual <= 1)):
        raise ValueError("annual GRR must be in (0, 1]")
    if not np.all(np.isfinite(n_annual) & (n_annual >= g_annual)):
        raise ValueError("annual NRR must be finite and ≥ GRR")
    g = g_annual ** (1.0 / WINDOW)
    survive = g**churn_share
    keep = g ** (1.0 - churn_share)
    expansion = np.maximum(n_annual ** (1.0 / WINDOW) / survive - keep, 0.0)
    return Rates(churn=1.0 - survive, contraction=1.0 - keep, expansion=expansion)


@dataclass(frozen=True, eq=False)
class Projection:
    """Simulated paths. Month axis has ``months + 1`` entries; index 0 is the current book.

    ``customers``/``arr``: (paths, months+1); ``tier_customers``/``tier_arr``:
    (paths, months+1, tiers); ``grr``/``nrr``: (paths, months+1), NaN for months < 12 or a zero
    starting ARR.
    """

    customers: IntArray
    arr: FloatArray
    tier_customers: IntArray
    tier_arr: FloatArray
    grr: FloatArray
    nrr: FloatArray

    @property
    def paths(self) -> int:
        return int(self.arr.shape[0])

    @property
    def months(self) -> int:
        return int(self.arr.shape[1] - 1)

    def bands(self, q: Sequence[float] = (0.1, 0.5, 0.9)) -> dict[str, FloatArray]:
        """Quantiles over paths per month: each entry has shape (len(q), months+1).

        Keys: ``customers``, ``arr``, ``grr``, ``nrr`` (GRR/NRR quantiles ignore NaN; all-NaN months
        stay NaN).
        """
        qs = np.asarray(q, dtype=np.float64)
        if qs.ndim != 1 or not np.all((qs >= 0) & (qs <= 1)):
            raise ValueError("quantiles must be a sequence of values in [0, 1]")
        out: dict[str, FloatArray] = {
            "customers": np.quantile(self.customers.astype(np.float64), qs, axis=0),
            "arr": np.quantile(self.arr, qs, axis=0),
        }
        for name, values in (("grr", self.grr), ("nrr", self.nrr)):
            band = np.full((qs.size, values.shape[1]), np.nan)
            defined = ~np.all(np.isnan(values), axis=0)
            if np.any(defined):
                band[:, defined] = np.nanquantile(values[:, defined], qs, axis=0)
            out[name] = band
        return out


def _rng(seed: SeedLike) -> np.random.Generator:
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


def _check_inputs(
    arr: FloatArray, tier: npt.NDArray[np.integer], rates: Rates, months: int, paths: int
) -> tuple[FloatArray, IntArray]:
    a = np.asarray(arr, dtype=np.float64).reshape(-1)
    t = np.asarray(tier).reshape(-1).astype(np.int64)
    if a.size != t.size:
        raise ValueError("arr and tier must have the same length")
    if not np.all(np.isfinite(a) & (a >= 0)):
        raise ValueError("ARR must be finite and ≥ 0")
    if t.size and (t.min() < 0 or t.max() >= rates.n_tiers):
        raise ValueError("tier codes must index the rates")
    if months < 0 or paths < 1:
        raise ValueError("months must be ≥ 0 and paths ≥ 1")
    return a, t


def _arrival_plan(
    arrivals: float | Sequence[float] | FloatArray | None,
    arrival_share: Sequence[float] | FloatArray | None,
    a: FloatArray,
    t: IntArray,
    n_tiers: int,
    months: int,
) -> tuple[FloatArray, FloatArray]:
    """Monthly mean arrivals per tier, shape (months, tiers), and the share used."""
    lam = np.broadcast_to(np.asarray(0.0 if arrivals is None else arrivals, dtype=np.float64), (months,))
    if not np.all(np.isfinite(lam) & (lam >= 0)):
        raise ValueError("arrival means must be finite and ≥ 0")
    counts = np.bincount(t, minlength=n_tiers).astype(np.float64)
    if arrival_share is None:
        share = counts / counts.sum() if counts.sum() > 0 else np.zeros(n_tiers)
    else:
        share = np.asarray(arrival_share, dtype=np.float64).reshape(-1)
        if share.size != n_tiers or np.any(share < 0) or not np.isclose(share.sum(), 1.0):
            raise ValueError("arrival_share needs one non-negative value per tier, summing to 1")
    if np.any(lam > 0) and np.any((share > 0) & (counts == 0)):
        raise ValueError("arrivals need at least one current account in every arriving tier")
    return lam[:, None] * share[None, :], share


def _draw_arrivals(
    rng: np.random.Generator,
    lam_t: FloatArray,
    pick: list[FloatArray],
    moments: tuple[FloatArray, FloatArray],
    b_tier: IntArray,
    paths: int,
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Counts, ΣARR and bucket cv² of one month's arrivals per path and tier: (paths, tiers) each.

    Each arrival copies a random current account of its tier: the number copied from each bucket of
    that tier is multinomial (∝ bucket size) and their ARR sum is normal with the bucket's mean and
    variance (sampling with replacement), so the large accounts of the tail keep their weight.
    """
    mu, var = moments
    n_tiers = lam_t.size
    k = rng.poisson(lam_t, size=(paths, n_tiers)).astype(np.int64)
    s = np.zeros((paths, n_tiers))
    q = np.zeros((paths, n_tiers))
    for i in range(n_tiers):
        if not np.any(k[:, i]):
            continue
        members = np.flatnonzero(b_tier == i)
        kb = rng.multinomial(k[:, i], pick[i])
        sums = kb * mu[members] + np.sqrt(kb * var[members]) * rng.standard_normal(kb.shape)
        s[:, i] = np.maximum(sums, 0.0).sum(axis=1)
        q[:, i] = (kb * (var[members] + mu[members] ** 2)).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        cv2 = np.where(s > 0, np.maximum(q * k / (s * s) - 1.0, 0.0), 0.0)
    return k, s, cv2


def _buckets(a: FloatArray, t: IntArray, n_tiers: int, per_tier: int) -> tuple[IntArray, IntArray]:
    """Bucket id per account and tier per bucket: equal-count ∪ equal-ARR-share cuts per tier."""
    bucket = np.empty(a.size, dtype=np.int64)
    tiers: list[int] = []
    for i in range(n_tiers):
        idx = np.flatnonzero(t == i)
        if idx.size == 0:
            continue
        order = idx[np.argsort(a[idx], kind="stable")]
        sorted_arr = a[order]
        steps = np.arange(1, per_tier)
        by_count = (steps * idx.size) // per_tier
        total = sorted_arr.sum()
        by_share = np.searchsorted(np.cumsum(sorted_arr), total * steps / per_tier) if total > 0 else by_count
        cuts = np.unique(np.concatenate([[0], by_count, by_share, [idx.size]]))
        for lo, hi in itertools.pairwise(cuts):
            bucket[order[lo:hi]] = len(tiers)
            tiers.append(i)
    return bucket, np.asarray(tiers, dtype=np.int64)


def _merge(n: IntArray, s: FloatArray, cv2: FloatArray, into: slice, src: slice) -> None:
    """Add buckets ``src`` to buckets ``into`` (same tiers, in place), combining ΣARR²."""
    with np.errstate(divide="ignore", invalid="ignore"):
        sq = np.where(n[:, into] > 0, s[:, into] ** 2 * (1.0 + cv2[:, into]) / n[:, into], 0.0)
        sq += np.where(n[:, src] > 0, s[:, src] ** 2 * (1.0 + cv2[:, src]) / n[:, src], 0.0)
        n[:, into] += n[:, src]
        s[:, into] += s[:, src]
        cv2[:, into] = np.where(s[:, into] > 0, np.maximum(sq * n[:, into] / s[:, into] ** 2 - 1.0, 0.0), 0.0)
    n[:, src] = 0
    s[:, src] = 0.0
    cv2[:, src] = 0.0


def simulate(
    arr: FloatArray,
    tier: npt.NDArray[np.integer],
    rates: Rates,
    *,
    months: int,
    paths: int,
    arrivals: float | Sequence[float] | FloatArray | None = None,
    arrival_share: Sequence[float] | FloatArray | None = None,
    seed: SeedLike = None,
    buckets_per_tier: int = 8,
) -> Projection:
    """Bucketed Monte Carlo of the book (see the module docstring for the model and the method).

    ``arr``/``tier``: current accounts' ARR and tier codes; ``arrivals``: monthly mean of new
    customers (scalar or one value per month); ``seed``: an int or a ``numpy.random.Generator``.
    """
    a, t = _check_inputs(arr, tier, rates, months, paths)
    if buckets_per_tier < 1:
        raise ValueError("buckets_per_tier must be ≥ 1")
    rng = _rng(seed)
    nt = rates.n_tiers
    lam, _ = _arrival_plan(arrivals, arrival_share, a, t, nt, months)
    bucket, b_tier = _buckets(a, t, nt, buckets_per_tier)
    n_initial = b_tier.size
    ring = min(WINDOW, months)
    # columns: initial buckets | arrivals older than the window, per tier | ring of the last 12 months
    n_kept = n_initial + nt
    g_tier = np.concatenate([b_tier, np.tile(np.arange(nt), 1 + ring)])
    n_buckets = g_tier.size
    onehot = np.zeros((n_buckets, nt))
    onehot[np.arange(n_buckets), g_tier] = 1.0

    n0 = np.bincount(bucket, minlength=n_initial).astype(np.int64)
    s0 = np.bincount(bucket, weights=a, minlength=n_initial)
    mu0 = s0 / np.maximum(n0, 1)
    sq0 = np.bincount(bucket, weights=a * a, minlength=n_initial)
    var0 = np.maximum(sq0 / np.maximum(n0, 1) - mu0**2, 0.0)
    pick = [n0[b_tier == i] / max(int(n0[b_tier == i].sum()), 1) for i in range(nt)]
    n = np.zeros((paths, n_buckets), dtype=np.int64)
    s = np.zeros((paths, n_buckets))
    cv2 = np.zeros((paths, n_buckets))  # per bucket ΣARR²·n/(ΣARR)² - 1, invariant under the update
    n[:, :n_initial] = n0
    s[:, :n_initial] = s0
    cv2[:, :n_initial] = np.where(mu0 > 0, var0 / np.where(mu0 > 0, mu0, 1.0) ** 2, 0.0)

    churn_b = rates.churn[g_tier]
    growth_b = rates.growth[g_tier]
    tier_customers = np.empty((paths, months + 1, nt), dtype=np.int64)
    tier_arr = np.empty((paths, months + 1, nt))
    old_arr = np.zeros((paths, months + 1, nt))  # ARR at t of accounts present at t - 12
    onehot_int = onehot.astype(np.int64)
    tier_customers[:, 0] = n @ onehot_int
    tier_arr[:, 0] = s @ onehot

    for month in range(1, months + 1):
        d = rng.binomial(n, churn_b)
        mean = s / np.maximum(n, 1)
        spread = d * (n - d) / np.maximum(n - 1, 1) * cv2
        lost = mean * (d + np.sqrt(spread) * rng.standard_normal(n.shape))
        np.clip(lost, 0.0, s, out=lost)
        n -= d
        s -= lost
        s *= growth_b * (n > 0)
        slot = n_kept + ((month - 1) % WINDOW) * nt if ring else n_kept
        if month > WINDOW:  # the cohort that arrived 12 months ago joins the older arrivals
            _merge(n, s, cv2, slice(n_initial, n_kept), slice(slot, slot + nt))
        if month >= WINDOW:
            old_arr[:, month] = s[:, :n_kept] @ onehot[:n_kept]
        if ring:
            k, sk, ck = _draw_arrivals(rng, lam[month - 1], pick, (mu0, var0), b_tier, paths)
            n[:, slot : slot + nt] = k
            s[:, slot : slot + nt] = sk
            cv2[:, slot : slot + nt] = ck
        tier_customers[:, month] = n @ onehot_int
        tier_arr[:, month] = s @ onehot

    return _finish(tier_customers, tier_arr, old_arr, rates)


def _finish(tier_customers: IntArray, tier_arr: FloatArray, old_arr: FloatArray, rates: Rates) -> Projection:
    arr_total = tier_arr.sum(axis=2)
    months = arr_total.shape[1] - 1
    grr = np.full(arr_total.shape, np.nan)
    nrr = np.full(arr_total.shape, np.nan)
    if months >= WINDOW:
        start = arr_total[:, : months + 1 - WINDOW]
        gross = ((1.0 - rates.contraction) / rates.growth) ** WINDOW
        with np.errstate(divide="ignore", invalid="ignore"):
            ok = start > 0
            nrr[:, WINDOW:] = np.where(ok, old_arr[:, WINDOW:].sum(axis=2) / start, np.nan)
            grr[:, WINDOW:] = np.where(ok, (old_arr[:, WINDOW:] * gross).sum(axis=2) / start, np.nan)
    return Projection(
        customers=tier_customers.sum(axis=2),
        arr=arr_total,
        tier_customers=tier_customers,
        tier_arr=tier_arr,
        grr=grr,
        nrr=nrr,
    )


def simulate_per_account(
    arr: FloatArray,
    tier: npt.NDArray[np.integer],
    rates: Rates,
    *,
    months: int,
    paths: int,
    arrivals: float | Sequence[float] | FloatArray | None = None,
    arrival_share: Sequence[float] | FloatArray | None = None,
    seed: SeedLike = None,
) -> Projection:
    """Reference: the same model simulated account by account (one uniform per account-month),
    vectorized over (paths × accounts) each month. Memory and time grow with paths × accounts."""
    a, t = _check_inputs(arr, tier, rates, months, paths)
    rng = _rng(seed)
    nt = rates.n_tiers
    lam, share = _arrival_plan(arrivals, arrival_share, a, t, nt, months)
    pools = [a[t == i] for i in range(nt)]
    cum = np.cumsum(share)
    order = np.argsort(t, kind="stable")  # current accounts sorted by tier: tier totals are slices
    edges = np.searchsorted(t[order], np.arange(nt + 1))
    n_book = a.size
    bins = nt + 1  # arrivals: per path one bin per tier, then one for churned accounts
    base = (np.arange(paths, dtype=np.int64) * bins)[:, None]
    value = np.tile(a[order], (paths, 1))
    alive = np.ones(value.shape, dtype=bool)
    churn = np.tile(rates.churn[t[order]].astype(np.float32), (paths, 1))
    growth = np.tile(rates.growth[t[order]], (paths, 1))
    key = np.empty((paths, 0), dtype=np.int64)  # arrival columns only
    rate_churn = np.append(rates.churn, 0.0).astype(np.float32)
    rate_growth = np.append(rates.growth, 0.0)
    born = [n_book]  # born[m]: number of columns before month m's arrivals
    tier_customers = np.zeros((paths, months + 1, nt), dtype=np.int64)
    tier_arr = np.zeros((paths, months + 1, nt))
    old_arr = np.zeros((paths, months + 1, nt))

    def totals(upto: int, arr_out: FloatArray, count_out: IntArray | None) -> None:
        for i in range(nt):
            arr_out[:, i] = value[:, edges[i] : edges[i + 1]].sum(axis=1)
            if count_out is not None:
                count_out[:, i] = np.count_nonzero(alive[:, edges[i] : edges[i + 1]], axis=1)
        if upto > n_book:
            k = key[:, : upto - n_book].ravel()
            v = value[:, n_book:upto].ravel()
            arr_out += np.bincount(k, weights=v, minlength=paths * bins).reshape(paths, bins)[:, :nt]
            if count_out is not None:
                count_out += np.bincount(k, minlength=paths * bins).reshape(paths, bins)[:, :nt]

    totals(n_book, tier_arr[:, 0], tier_customers[:, 0])
    for month in range(1, months + 1):
        dead = rng.random(value.shape, dtype=np.float32) < churn
        alive &= ~dead
        np.copyto(key, base + nt, where=dead[:, n_book:])
        churn[dead] = 0.0
        growth[dead] = 0.0
        value *= growth
        born.append(value.shape[1])
        k = rng.poisson(lam[month - 1].sum(), size=paths)
        width = int(k.max())
        if width:
            new_code = np.minimum(np.searchsorted(cum, rng.random((paths, width)), side="right"), nt - 1)
            new_live = np.arange(width)[None, :] < k[:, None]
            new_code = np.where(new_live, new_code, nt)
            new_value = np.zeros((paths, width))
            for i in range(nt):
                sel = new_code == i
                new_value[sel] = pools[i][rng.integers(0, pools[i].size, size=int(sel.sum()))]
            value = np.concatenate([value, new_value], axis=1)
            alive = np.concatenate([alive, new_live], axis=1)
            key = np.concatenate([key, base + new_code], axis=1)
            churn = np.concatenate([churn, rate_churn[new_code]], axis=1)
            growth = np.concatenate([growth, rate_growth[new_code]], axis=1)
        totals(value.shape[1], tier_arr[:, month], tier_customers[:, month])
        if month >= WINDOW:
            totals(born[month - WINDOW + 1], old_arr[:, month], None)
    return _finish(tier_customers, tier_arr, old_arr, rates)
