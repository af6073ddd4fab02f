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

Dynamics: the rates may change month by month (one ``Rates`` per month, e.g. as the company moves
through the stages of DOMAIN.md §3); each month's arrivals may carry an ARR multiplier (so the new
customers' ARR meets a growth target); and the current accounts may re-tier as their ARR moves
(``tier_schedule``: each account's tier per month, from the tiering rules applied to its expected
ARR). Re-tiering accounts are grouped by their tier path (at most ``max_mover_groups`` groups, moves
dated to the start of 2-, 3-… month blocks when there are more paths) and then by size; a bucket
follows its group's tier path, taking that tier's rates and counting in that tier. A new customer
arrives in the tier its copied account takes at that month's ARR scale (``arrival_tiers``; in the
engine a bucket whose accounts land in several tiers splits its copies, each part with the moments
of its accounts) and keeps it.

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
CodeArray = npt.NDArray[np.int8]  # tier codes per account and month: 1 byte, the largest arrays here
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
            raise ValueError("churn, contraction and expansion need one value per tier")  # i18n: not text
        churn, contraction, expansion = arrays
        if not (np.all(np.isfinite(churn)) and np.all((churn >= 0) & (churn < 1))):
            raise ValueError("monthly churn must be in [0, 1)")  # i18n: not text
        if not (np.all(np.isfinite(contraction)) and np.all((contraction >= 0) & (contraction < 1))):
            raise ValueError("monthly contraction must be in [0, 1)")  # i18n: not text
        if not (np.all(np.isfinite(expansion)) and np.all(expansion >= 0)):
            raise ValueError("monthly expansion must be finite and ≥ 0")  # i18n: not text
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
        raise ValueError("churn_share must be in [0, 1]")  # i18n: not text
    g_annual = np.broadcast_to(np.asarray(grr, dtype=np.float64), (tiers,)).copy()
    n_annual = np.broadcast_to(np.asarray(nrr, dtype=np.float64), (tiers,)).copy()
    if not np.all((g_annual > 0) & (g_annual <= 1)):
        raise ValueError("annual GRR must be in (0, 1]")  # i18n: not text
    if not np.all(np.isfinite(n_annual) & (n_annual >= g_annual)):
        raise ValueError("annual NRR must be finite and ≥ GRR")  # i18n: not text
    g = g_annual ** (1.0 / WINDOW)
    survive = g**churn_share
    keep = g ** (1.0 - churn_share)
    expansion = np.maximum(n_annual ** (1.0 / WINDOW) / survive - keep, 0.0)
    return Rates(churn=1.0 - survive, contraction=1.0 - keep, expansion=expansion)


@dataclass(frozen=True, eq=False)
class Projection:
    """Simulated paths. Month axis has ``months + 1`` entries; index 0 is the current book.

    ``customers``/``arr``: (paths, months+1); ``tier_customers``/``tier_arr``:
    (paths, months+1, tiers); ``tier_arrivals``: new customers per month and tier (month 0: none);
    ``grr``/``nrr``: (paths, months+1), NaN for months < 12 or a zero
    starting ARR.
    """

    customers: IntArray
    arr: FloatArray
    tier_customers: IntArray
    tier_arr: FloatArray
    tier_arrivals: IntArray
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
            raise ValueError("quantiles must be a sequence of values in [0, 1]")  # i18n: not text
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


@dataclass(frozen=True, eq=False)
class _Dynamics:
    """Per-month inputs, validated: rates (months, tiers) for months 1..M, the ARR multiplier of
    each month's arrivals, and the cumulative log of the no-expansion factor (for GRR)."""

    churn: FloatArray
    growth: FloatArray
    gross_log: FloatArray  # (months+1, tiers): Σ log((1 - contraction) / growth) over months 1..t
    arrival_scale: FloatArray
    n_tiers: int


def _dynamics(
    rates: Rates | Sequence[Rates], months: int, arrival_scale: float | Sequence[float] | FloatArray | None
) -> _Dynamics:
    schedule = [rates] * months if isinstance(rates, Rates) else list(rates)
    first = rates if isinstance(rates, Rates) else (schedule[0] if schedule else None)
    if first is None or len(schedule) != months:
        raise ValueError("rates must be one Rates or one per month of the horizon")  # i18n: not text
    nt = first.n_tiers
    if any(r.n_tiers != nt for r in schedule):
        raise ValueError("every month's rates need the same number of tiers")  # i18n: not text
    churn = np.array([r.churn for r in schedule]).reshape(months, nt)
    growth = np.array([r.growth for r in schedule]).reshape(months, nt)
    keep = np.array([1.0 - r.contraction for r in schedule]).reshape(months, nt)
    gross_log = np.zeros((months + 1, nt))
    with np.errstate(divide="ignore"):
        gross_log[1:] = np.cumsum(np.log(keep) - np.log(growth), axis=0)
    scale = np.broadcast_to(np.asarray(1.0 if arrival_scale is None else arrival_scale,
                                       dtype=np.float64), (months,)).copy()
    if not np.all(np.isfinite(scale) & (scale >= 0)):
        raise ValueError("arrival_scale must be finite and ≥ 0")  # i18n: not text
    return _Dynamics(churn=churn, growth=growth, gross_log=gross_log, arrival_scale=scale, n_tiers=nt)


def _check_inputs(
    arr: FloatArray, tier: npt.NDArray[np.integer], n_tiers: int, months: int, paths: int,
    tier_schedule: npt.NDArray[np.integer] | None,
) -> tuple[FloatArray, IntArray, CodeArray]:
    """Validated ARR, month-0 tiers and the tier schedule (accounts, months+1)."""
    a = np.asarray(arr, dtype=np.float64).reshape(-1)
    t = np.asarray(tier).reshape(-1).astype(np.int64)
    if a.size != t.size:
        raise ValueError("arr and tier must have the same length")  # i18n: not text
    if not np.all(np.isfinite(a) & (a >= 0)):
        raise ValueError("ARR must be finite and ≥ 0")  # i18n: not text
    if t.size and (t.min() < 0 or t.max() >= n_tiers):
        raise ValueError("tier codes must index the rates")  # i18n: not text
    if months < 0 or paths < 1:
        raise ValueError("months must be ≥ 0 and paths ≥ 1")  # i18n: not text
    if tier_schedule is None:
        sched = np.broadcast_to(t.astype(np.int8)[:, None], (t.size, months + 1))
    else:
        sched = np.asarray(tier_schedule).astype(np.int8, copy=False)
        if sched.shape != (t.size, months + 1):
            raise ValueError("tier_schedule must have shape (accounts, months + 1)")  # i18n: not text
        if sched.size and (sched.min() < 0 or sched.max() >= n_tiers or np.any(sched[:, 0] != t)):
            raise ValueError(
                "tier_schedule must hold tier codes and start at each account's tier")  # i18n: not text
    return a, t, sched


def _check_arrival_tiers(
    arrival_tiers: npt.NDArray[np.integer] | None, accounts: int, n_tiers: int, months: int
) -> CodeArray | None:
    if arrival_tiers is None:
        return None
    out = np.asarray(arrival_tiers).astype(np.int8, copy=False)
    if out.shape != (accounts, months):
        raise ValueError("arrival_tiers must have shape (accounts, months)")  # i18n: not text
    if out.size and (out.min() < 0 or out.max() >= n_tiers):
        raise ValueError("arrival_tiers must hold tier codes")  # i18n: not text
    return out


def _arrival_plan(
    arrivals: float | Sequence[float] | FloatArray | None,
    arrival_share: Sequence[float] | FloatArray | None,
    t: IntArray,
    n_tiers: int,
    months: int,
) -> tuple[FloatArray, FloatArray]:
    """Monthly mean arrivals per tier, shape (months, tiers), and the share used."""
    lam = np.broadcast_to(np.asarray(0.0 if arrivals is None else arrivals, dtype=np.float64), (months,))
    if not np.all(np.isfinite(lam) & (lam >= 0)):
        raise ValueError("arrival means must be finite and ≥ 0")  # i18n: not text
    counts = np.bincount(t, minlength=n_tiers).astype(np.float64)
    if arrival_share is None:
        share = counts / counts.sum() if counts.sum() > 0 else np.zeros(n_tiers)
    else:
        share = np.asarray(arrival_share, dtype=np.float64).reshape(-1)
        if share.size != n_tiers or np.any(share < 0) or not np.isclose(share.sum(), 1.0):
            raise ValueError(
                "arrival_share needs one non-negative value per tier, summing to 1")  # i18n: not text
    if np.any(lam > 0) and np.any((share > 0) & (counts == 0)):
        raise ValueError(
            "arrivals need at least one current account in every arriving tier")  # i18n: not text
    return lam[:, None] * share[None, :], share


@dataclass(frozen=True, eq=False)
class _Landing:
    """Where copies of each initial bucket arrive, month by month (months, buckets, tiers).

    ``share``: the fraction of the bucket's accounts that take each tier at that month's ARR scale;
    ``mean``/``var``: the ARR moments of those accounts. ``split[m]`` is False when every bucket
    lands whole in one tier that month (then ``tier[m]`` says which)."""

    share: FloatArray
    mean: FloatArray
    var: FloatArray
    split: npt.NDArray[np.bool_]
    tier: IntArray


def _landing(
    a: FloatArray, bucket: IntArray, n_buckets: int, b_tier: IntArray,
    arrival_tiers: CodeArray | None, n_tiers: int, months: int,
) -> _Landing | None:
    """Sub-bucket moments per arrival tier (``None``: every copy keeps its bucket's tier)."""
    if arrival_tiers is None or months == 0 or bool(np.all(arrival_tiers == b_tier[bucket][:, None])):
        return None
    size = n_buckets * n_tiers
    count = np.zeros((months, n_buckets, n_tiers))
    total = np.zeros((months, n_buckets, n_tiers))
    square = np.zeros((months, n_buckets, n_tiers))
    squares = a * a
    for m in range(months):
        column = arrival_tiers[:, m]
        if m and np.array_equal(column, arrival_tiers[:, m - 1]):  # scales repeat month to month
            count[m], total[m], square[m] = count[m - 1], total[m - 1], square[m - 1]
            continue
        key = bucket * n_tiers + column
        count[m] = np.bincount(key, minlength=size).reshape(n_buckets, n_tiers)
        total[m] = np.bincount(key, weights=a, minlength=size).reshape(n_buckets, n_tiers)
        square[m] = np.bincount(key, weights=squares, minlength=size).reshape(n_buckets, n_tiers)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(count > 0, total / count, 0.0)
        var = np.where(count > 0, np.maximum(square / count - mean**2, 0.0), 0.0)
    share = count / count.sum(axis=2, keepdims=True)
    split = (share > 0).sum(axis=2).max(axis=1) > 1
    return _Landing(share=share, mean=mean, var=var, split=split, tier=share.argmax(axis=2))


def _draw_arrivals(
    rng: np.random.Generator,
    lam_t: FloatArray,
    pick: list[FloatArray],
    moments: tuple[FloatArray, FloatArray],
    b_tier: IntArray,
    landing: tuple[_Landing, int] | None,
    paths: int,
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Counts, ΣARR and bucket cv² of one month's arrivals per path and tier: (paths, tiers) each.

    Each arrival copies a random current account of its tier: the number copied from each bucket of
    that tier is Poisson with the tier's rate times the bucket's share of its accounts (the same as
    a Poisson total split multinomially ∝ bucket size), and their ARR sum is normal with the
    bucket's mean and variance (sampling with replacement), so the large accounts of the tail keep
    their weight. With a ``landing`` (and its month index) the copies of a bucket count in the tier
    their account takes at the month's ARR scale; a bucket whose accounts land in several tiers
    splits its copies the same way, each part with the moments of the accounts landing there.
    """
    mu, var = moments
    n_tiers = lam_t.size
    k = np.zeros((paths, n_tiers), dtype=np.int64)
    s = np.zeros((paths, n_tiers))
    q = np.zeros((paths, n_tiers))
    for i in range(n_tiers):
        if lam_t[i] <= 0:
            continue
        members = np.flatnonzero(b_tier == i)
        # Poisson splitting: a Poisson(λ) number of arrivals shared multinomially over the buckets
        # is the same as independent Poisson(λ·pick) counts per bucket — drawn in one call
        rate = lam_t[i] * pick[i]
        whole = np.ones(members.size, dtype=bool)
        if landing is not None and landing[0].split[landing[1]]:
            plan, m = landing
            whole = (plan.share[m, members] > 0).sum(axis=1) == 1
            parted = members[~whole]
            parts = rng.poisson(rate[~whole][:, None] * plan.share[m, parted],
                                size=(paths, parted.size, n_tiers))  # (paths, split, tiers)
            mean, spread = plan.mean[m, parted], plan.var[m, parted]
            sums = np.maximum(parts * mean + np.sqrt(parts * spread) * rng.standard_normal(parts.shape),
                              0.0)
            k += parts.sum(axis=1)
            s += sums.sum(axis=1)
            q += (parts * (spread + mean**2)).sum(axis=1)
        kept = members[whole]
        kb = rng.poisson(rate[whole], size=(paths, kept.size))
        dest = b_tier[kept] if landing is None else landing[0].tier[landing[1], kept]
        counts = kb.astype(np.float64)
        for d in np.unique(dest):
            sel = dest == d
            # the copies' ARR sums of the buckets landing in one tier are independent normals, so
            # their total is one normal with the summed mean and variance (one draw per path)
            mean_sum = counts[:, sel] @ mu[kept][sel]
            var_sum = counts[:, sel] @ var[kept][sel]
            k[:, d] += kb[:, sel].sum(axis=1)
            s[:, d] += np.maximum(mean_sum + np.sqrt(var_sum) * rng.standard_normal(paths), 0.0)
            q[:, d] += counts[:, sel] @ (var[kept][sel] + mu[kept][sel] ** 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        cv2 = np.where(s > 0, np.maximum(q * k / (s * s) - 1.0, 0.0), 0.0)
    return k, s, cv2


def _size_buckets(a: FloatArray, idx: IntArray, per_tier: int) -> list[IntArray]:
    """Equal-count ∪ equal-ARR-share cuts of the accounts ``idx``: a list of member arrays."""
    order = idx[np.argsort(a[idx], kind="stable")]
    sorted_arr = a[order]
    steps = np.arange(1, per_tier)
    by_count = (steps * idx.size) // per_tier
    total = sorted_arr.sum()
    by_share = np.searchsorted(np.cumsum(sorted_arr), total * steps / per_tier) if total > 0 else by_count
    cuts = np.unique(np.concatenate([[0], by_count, by_share, [idx.size]]))
    return [order[lo:hi] for lo, hi in itertools.pairwise(cuts)]


def _mover_groups(sched: CodeArray, movers: IntArray, max_groups: int) -> IntArray:
    """Group id per mover: accounts with the same tier path share a group. When there are more
    than ``max_groups`` paths, tiers are read at the start of ever longer blocks of months
    (2, 3, … months), so a move is dated to its block's first month."""
    months = sched.shape[1] - 1
    block = 1
    while True:
        cols = (np.arange(months + 1) // block) * block
        _, group = np.unique(sched[np.ix_(movers, cols)], axis=0, return_inverse=True)
        group = group.reshape(-1)
        if int(group.max(initial=-1)) + 1 <= max_groups or block > months:
            return group.astype(np.int64)
        block += 1


def _buckets(
    a: FloatArray, sched: CodeArray, n_tiers: int, per_tier: int, max_movers: int
) -> tuple[IntArray, IntArray]:
    """Bucket id per account and each bucket's tier per month, shape (months+1, buckets).

    Accounts that keep their tier are cut by size per tier; accounts that re-tier during the
    horizon are grouped by their tier path (see ``_mover_groups``) and, inside a group, by size.
    """
    t = sched[:, 0]
    moves = np.any(sched != t[:, None], axis=1)
    bucket = np.empty(a.size, dtype=np.int64)
    tier_paths: list[IntArray] = []
    for i in range(n_tiers):
        idx = np.flatnonzero((t == i) & ~moves)
        for members in (_size_buckets(a, idx, per_tier) if idx.size else []):
            bucket[members] = len(tier_paths)
            tier_paths.append(sched[members[0]])
    movers = np.flatnonzero(moves)
    if movers.size:
        group = _mover_groups(sched, movers, max_movers)
        per_group = 1  # movers sit near a tier floor: similar sizes, and cv² keeps the spread
        months = sched.shape[1] - 1
        block_path = np.empty(months + 1, dtype=np.int64)
        for g in range(int(group.max()) + 1):
            members_g = movers[group == g]
            # the group's path: the tier most of its accounts hold each month
            counts = np.apply_along_axis(np.bincount, 0, sched[members_g], None, n_tiers)
            block_path[:] = counts.argmax(axis=0)
            block_path[0] = sched[members_g[0], 0]
            for members in _size_buckets(a, members_g, per_group):
                bucket[members] = len(tier_paths)
                tier_paths.append(block_path.copy())
    return bucket, np.asarray(tier_paths, dtype=np.int64).T.reshape(sched.shape[1], -1)


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


def _onehot(codes: IntArray, n_tiers: int) -> FloatArray:
    out = np.zeros((codes.size, n_tiers))
    out[np.arange(codes.size), codes] = 1.0
    return out


def simulate(
    arr: FloatArray,
    tier: npt.NDArray[np.integer],
    rates: Rates | Sequence[Rates],
    *,
    months: int,
    paths: int,
    arrivals: float | Sequence[float] | FloatArray | None = None,
    arrival_share: Sequence[float] | FloatArray | None = None,
    arrival_scale: float | Sequence[float] | FloatArray | None = None,
    tier_schedule: npt.NDArray[np.integer] | None = None,
    arrival_tiers: npt.NDArray[np.integer] | None = None,
    seed: SeedLike = None,
    buckets_per_tier: int = 8,
    max_mover_groups: int = 24,
) -> Projection:
    """Bucketed Monte Carlo of the book (see the module docstring for the model and the method).

    ``arr``/``tier``: current accounts' ARR and tier codes; ``rates``: one ``Rates`` for every month
    or one per month (months 1..M); ``arrivals``: monthly mean of new customers (scalar or one value
    per month); ``arrival_scale``: multiplier of each month's arrivals' ARR; ``tier_schedule``: each
    current account's tier per month (accounts, months+1), for re-tiering as ARR moves;
    ``arrival_tiers``: the tier a copy of each current account takes when it arrives in month 1..M
    (accounts, months), default its own tier; ``seed``: an int or a ``numpy.random.Generator``.
    """
    dyn = _dynamics(rates, months, arrival_scale)
    nt = dyn.n_tiers
    a, t, sched = _check_inputs(arr, tier, nt, months, paths, tier_schedule)
    if buckets_per_tier < 1:
        raise ValueError("buckets_per_tier must be ≥ 1")  # i18n: not text
    rng = _rng(seed)
    lam, _ = _arrival_plan(arrivals, arrival_share, t, nt, months)
    bucket, b_path = _buckets(a, sched, nt, buckets_per_tier, max_mover_groups)
    n_initial = b_path.shape[1]
    b_tier = b_path[0]
    landing = _landing(a, bucket, n_initial, b_tier,
                       _check_arrival_tiers(arrival_tiers, a.size, nt, months), nt, months)
    ring = min(WINDOW, months)
    # columns: initial buckets | arrivals older than the window, per tier | ring of the last 12 months
    n_kept = n_initial + nt
    arrival_tiers = np.tile(np.arange(nt), 1 + ring)
    g_path = np.concatenate(
        [b_path, np.broadcast_to(arrival_tiers, (months + 1, arrival_tiers.size))], axis=1)
    n_buckets = g_path.shape[1]

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

    tier_customers = np.empty((paths, months + 1, nt), dtype=np.int64)
    tier_arr = np.empty((paths, months + 1, nt))
    tier_arrivals = np.zeros((paths, months + 1, nt), dtype=np.int64)
    old_arr = np.zeros((paths, months + 1, nt))  # ARR at t, by tier at t, of accounts present at t - 12
    onehot = _onehot(g_path[0], nt)
    tier_customers[:, 0] = n @ onehot.astype(np.int64)
    tier_arr[:, 0] = s @ onehot

    for month in range(1, months + 1):
        codes = g_path[month]
        if month == 1 or np.any(codes != g_path[month - 1]):
            onehot = _onehot(codes, nt)
        d = rng.binomial(n, dyn.churn[month - 1][codes])
        mean = s / np.maximum(n, 1)
        spread = d * (n - d) / np.maximum(n - 1, 1) * cv2
        lost = mean * (d + np.sqrt(spread) * rng.standard_normal(n.shape))
        np.clip(lost, 0.0, s, out=lost)
        n -= d
        s -= lost
        s *= dyn.growth[month - 1][codes] * (n > 0)
        slot = n_kept + ((month - 1) % WINDOW) * nt if ring else n_kept
        if month > WINDOW:  # the cohort that arrived 12 months ago joins the older arrivals
            _merge(n, s, cv2, slice(n_initial, n_kept), slice(slot, slot + nt))
        if month >= WINDOW:
            old_arr[:, month] = s[:, :n_kept] @ onehot[:n_kept]
        if ring:
            k, sk, ck = _draw_arrivals(rng, lam[month - 1], pick, (mu0, var0), b_tier,
                                       None if landing is None else (landing, month - 1), paths)
            n[:, slot : slot + nt] = k
            s[:, slot : slot + nt] = sk * dyn.arrival_scale[month - 1]
            cv2[:, slot : slot + nt] = ck
            tier_arrivals[:, month] = k
        tier_customers[:, month] = n @ onehot.astype(np.int64)
        tier_arr[:, month] = s @ onehot

    return _finish(tier_customers, tier_arr, old_arr, tier_arrivals, dyn)


def _finish(
    tier_customers: IntArray, tier_arr: FloatArray, old_arr: FloatArray, tier_arrivals: IntArray,
    dyn: _Dynamics,
) -> Projection:
    arr_total = tier_arr.sum(axis=2)
    months = arr_total.shape[1] - 1
    grr = np.full(arr_total.shape, np.nan)
    nrr = np.full(arr_total.shape, np.nan)
    if months >= WINDOW:
        start = arr_total[:, : months + 1 - WINDOW]
        gross = np.exp(dyn.gross_log[WINDOW:] - dyn.gross_log[: months + 1 - WINDOW])
        with np.errstate(divide="ignore", invalid="ignore"):
            ok = start > 0
            nrr[:, WINDOW:] = np.where(ok, old_arr[:, WINDOW:].sum(axis=2) / start, np.nan)
            grr[:, WINDOW:] = np.where(ok, (old_arr[:, WINDOW:] * gross).sum(axis=2) / start, np.nan)
    return Projection(
        customers=tier_customers.sum(axis=2),
        arr=arr_total,
        tier_customers=tier_customers,
        tier_arr=tier_arr,
        tier_arrivals=tier_arrivals,
        grr=grr,
        nrr=nrr,
    )


def simulate_per_account(
    arr: FloatArray,
    tier: npt.NDArray[np.integer],
    rates: Rates | Sequence[Rates],
    *,
    months: int,
    paths: int,
    arrivals: float | Sequence[float] | FloatArray | None = None,
    arrival_share: Sequence[float] | FloatArray | None = None,
    arrival_scale: float | Sequence[float] | FloatArray | None = None,
    tier_schedule: npt.NDArray[np.integer] | None = None,
    arrival_tiers: npt.NDArray[np.integer] | None = None,
    seed: SeedLike = None,
) -> Projection:
    """Reference: the same model simulated account by account (one uniform per account-month),
    vectorized over (paths × accounts) each month. Memory and time grow with paths × accounts."""
    dyn = _dynamics(rates, months, arrival_scale)
    nt = dyn.n_tiers
    a, t, sched = _check_inputs(arr, tier, nt, months, paths, tier_schedule)
    lands = _check_arrival_tiers(arrival_tiers, a.size, nt, months)
    if lands is None:
        lands = np.broadcast_to(t[:, None], (a.size, months))
    rng = _rng(seed)
    lam, share = _arrival_plan(arrivals, arrival_share, t, nt, months)
    pools = [np.flatnonzero(t == i) for i in range(nt)]
    cum = np.cumsum(share)
    eye = np.eye(nt)
    bins = nt + 1  # arrivals: per path one bin per tier, then one for churned accounts
    base = (np.arange(paths, dtype=np.int64) * bins)[:, None]
    value = np.tile(a, (paths, 1))  # the current book: its tier per month is the schedule's
    alive = np.ones(value.shape, dtype=bool)
    new_value = np.zeros((paths, 0))  # arrivals: their tier code, nt once churned
    new_code = np.zeros((paths, 0), dtype=np.int64)
    born = [0]  # born[m]: arrival columns before month m's arrivals
    tier_customers = np.zeros((paths, months + 1, nt), dtype=np.int64)
    tier_arr = np.zeros((paths, months + 1, nt))
    tier_arrivals = np.zeros((paths, months + 1, nt), dtype=np.int64)
    old_arr = np.zeros((paths, months + 1, nt))

    def arrival_totals(upto: int) -> tuple[FloatArray, IntArray]:
        keys = (base + new_code[:, :upto]).ravel()
        sums = np.bincount(keys, weights=new_value[:, :upto].ravel(), minlength=paths * bins)
        counts = np.bincount(keys, minlength=paths * bins)
        return (sums.reshape(paths, bins)[:, :nt].astype(np.float64),
                counts.reshape(paths, bins)[:, :nt].astype(np.int64))

    onehot = eye[sched[:, 0]]
    tier_arr[:, 0] = value @ onehot
    tier_customers[:, 0] = np.rint(alive.astype(np.float32) @ onehot.astype(np.float32))
    for month in range(1, months + 1):
        codes = sched[:, month]
        onehot = eye[codes]
        dead = rng.random(value.shape, dtype=np.float32) < dyn.churn[month - 1][codes].astype(np.float32)
        alive &= ~dead
        value *= dyn.growth[month - 1][codes]
        value[dead] = 0.0
        if new_code.size:
            pad_churn = np.append(dyn.churn[month - 1], 0.0).astype(np.float32)
            gone = rng.random(new_code.shape, dtype=np.float32) < pad_churn[new_code]
            new_code[gone] = nt
            new_value *= np.append(dyn.growth[month - 1], 0.0)[new_code]
        born.append(new_code.shape[1])
        k = rng.poisson(lam[month - 1].sum(), size=paths)
        width = int(k.max())
        if width:
            code = np.minimum(np.searchsorted(cum, rng.random((paths, width)), side="right"), nt - 1)
            code = np.where(np.arange(width)[None, :] < k[:, None], code, nt)
            values = np.zeros((paths, width))
            landed = np.full((paths, width), nt, dtype=np.int64)
            for i in range(nt):
                sel = code == i
                copied = pools[i][rng.integers(0, pools[i].size, size=int(sel.sum()))]
                values[sel] = a[copied]
                landed[sel] = lands[copied, month - 1]
            code = landed
            tier_arrivals[:, month] = np.stack([(code == i).sum(axis=1) for i in range(nt)], axis=1)
            new_value = np.concatenate([new_value, values * dyn.arrival_scale[month - 1]], axis=1)
            new_code = np.concatenate([new_code, code], axis=1)
        sums, counts = arrival_totals(new_code.shape[1])
        book_arr = value @ onehot
        tier_arr[:, month] = book_arr + sums
        tier_customers[:, month] = np.rint(alive.astype(np.float32) @ onehot.astype(np.float32)) + counts
        if month >= WINDOW:
            old_arr[:, month] = book_arr + arrival_totals(born[month - WINDOW + 1])[0]
    return _finish(tier_customers, tier_arr, old_arr, tier_arrivals, dyn)
