"""Erlang C (M/M/N queue) for live support channels: P(wait), service level, ASA, occupancy and
the exact minimum number of agents (DOMAIN.md §9 "support staffing").

Definitions, with offered load A = arrivals per unit time × average handle time (erlangs), N agents:

* Erlang B by the forward recursion B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1)) — the stable form
  of 1/B(n) = 1 + n/(A·B(n−1)): every step is a ratio of positive numbers, so nothing cancels and
  nothing overflows (the textbook Aᴺ/N! form overflows near A = 170);
* P(wait) = C(N, A) = N·B / (N − A·(1 − B)), defined for N > A (else the queue never empties);
* service level SL = 1 − C·exp(−(N − A)·T / AHT): the share answered within target time T;
* ASA = C·AHT / (N − A); occupancy = A / N.

**Warm start.** For large A the recursion need not start at 0: below n₀ = A − 12√A the loss
system is overloaded and B(n₀) ≈ 1 − n₀/A (relative error ≈ 1/144). Each later step multiplies an
error by n/A < 1, so over the 12√A steps up to A it shrinks by ≈ exp(−12²/2) = e⁻⁷² — far below
double precision. Staffing at 5,000 erlangs therefore costs O(√A) steps, not O(A), and never the
O(N²) of recomputing B from 0 for every candidate N (pyworkforce's cost).

**The exact minimum.** :func:`minimum_agents` searches up from ⌊A⌋ + 1 (the first N with a finite
queue) and returns the smallest N meeting both the SL target and the occupancy cap. pyworkforce
0.5.1 starts at round(A + 1) and so returns one agent too many when A's fraction is ≥ ½ and ⌈A⌉
already suffices (30 tickets/h, 25 min, 90% in 4 h: A = 12.5, it answers 14, 13 give SL 0.993).

**Arrays.** :func:`agents_for_loads` staffs any array of loads at once (a week of intervals, or
the paths × months × hours of a projection): every distinct load starts at ⌊A⌋ + 1 with Erlang B
in closed form in log space (Poisson probability ÷ Poisson CDF, scipy's ``gammaln``/``pdtr``),
then all loads step up together. Its answers equal the scalar search's (tests check both on
grids and with hypothesis).

Chat concurrency: an agent who handles k chats at once is modelled as an M/M/N queue whose
handle time is AHT ÷ k (each chat still takes AHT of the customer's time, but an agent's
capacity is k chats per AHT) — the usual planning approximation; the caller divides.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

__all__ = [
    "Staffing",
    "agents_for_loads",
    "average_speed_of_answer",
    "erlang_b",
    "erlang_c",
    "minimum_agents",
    "positions",
    "service_level",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_WARM_MARGIN = 12.0  # standard deviations √A below A where the recursion may start (see above)


def _warm_start(load: float) -> tuple[int, float]:
    """(n₀, B(n₀)): where the Erlang B recursion starts for ``load`` (module docstring)."""
    if load <= _WARM_MARGIN * _WARM_MARGIN:
        return 0, 1.0
    n0 = math.floor(load - _WARM_MARGIN * math.sqrt(load))
    return n0, 1.0 - n0 / load


def erlang_b(n: int, load: float) -> float:
    """Erlang B blocking probability B(n, A) by the stable forward recursion (warm-started)."""
    if n < 0 or load < 0:
        raise ValueError("agents and load must be non-negative")  # i18n: not text
    k, b = _warm_start(load)
    if k > n:
        k, b = 0, 1.0
    while k < n:
        k += 1
        ab = load * b
        b = ab / (k + ab)
    return b


def _c_from_b(n: int, load: float, b: float) -> float:
    return n * b / (n - load * (1.0 - b))


def erlang_c(n: int, load: float) -> float:
    """P(wait) C(n, A) of an M/M/n queue; 1.0 when n ≤ A (the queue grows without bound)."""
    if n <= load:
        return 1.0
    return _c_from_b(n, load, erlang_b(n, load))


def _sl(n: int, load: float, c: float, time_ratio: float) -> float:
    return max(0.0, 1.0 - c * math.exp(-(n - load) * time_ratio))


def service_level(n: int, load: float, target_time: float, handle_time: float) -> float:
    """Share of contacts answered within ``target_time`` (same unit as ``handle_time``)."""
    if n <= load:
        return 0.0
    return _sl(n, load, erlang_c(n, load), target_time / handle_time)


def average_speed_of_answer(n: int, load: float, handle_time: float) -> float:
    """Mean wait before an answer (unit of ``handle_time``); infinite when n ≤ A."""
    if n <= load:
        return math.inf
    return erlang_c(n, load) * handle_time / (n - load)


def positions(agents: int, shrinkage: float) -> int:
    """Scheduled positions for ``agents`` on the queue: ceil(agents ÷ (1 − shrinkage))."""
    return math.ceil(agents / (1.0 - shrinkage) - 1e-9)


class Staffing(NamedTuple):
    """The minimum staffing of one interval and what it achieves (a tuple: cheap to build)."""

    load: float  # erlangs
    agents: int  # on the queue (raw)
    positions: int  # agents ÷ (1 − shrinkage), rounded up
    service_level: float
    waiting_probability: float
    average_speed_of_answer: float  # unit of the handle time
    occupancy: float


def minimum_agents(load: float, target_sl: float, target_time: float, handle_time: float,
                   max_occupancy: float = 1.0, shrinkage: float = 0.0) -> Staffing:
    """The smallest N > A with SL ≥ ``target_sl`` and A/N ≤ ``max_occupancy``, and its figures.

    O(√A) warm-up plus one recursion step per candidate from ⌊A⌋ + 1 (the answer is within
    O(√A) of A by square-root staffing). ``target_time`` and ``handle_time`` share a unit.
    """
    if not (load >= 0 and math.isfinite(load)):
        raise ValueError(f"load must be a finite number ≥ 0, not {load}")  # i18n: not text
    if not (0 < max_occupancy <= 1) or not (0 <= target_sl < 1) or handle_time <= 0:
        raise ValueError("need 0 < max_occupancy ≤ 1, 0 ≤ target_sl < 1 and handle_time > 0")
    ratio = target_time / handle_time
    n = math.floor(load) + 1
    k, b = _warm_start(load)
    while k < n:
        k += 1
        ab = load * b
        b = ab / (k + ab)
    while True:
        c = _c_from_b(n, load, b)
        sl = _sl(n, load, c, ratio)
        if sl >= target_sl and load <= max_occupancy * n:
            break
        n += 1
        ab = load * b
        b = ab / (n + ab)
    return Staffing(load=load, agents=n, positions=positions(n, shrinkage), service_level=sl,
                    waiting_probability=c, average_speed_of_answer=c * handle_time / (n - load),
                    occupancy=load / n)


def _erlang_b_log_space(n: FloatArray, load: FloatArray) -> FloatArray:
    """B(n, A) element-wise in closed form: the Poisson probability of n over the Poisson CDF at
    n, the probability in log space (n·ln A − A − ln n!) and the CDF as a regularized gamma
    function — O(1) for any n, relative error ~1e-12 at 5,000 erlangs (tests). scipy.special is
    imported here, not at module load: it costs ~0.13 s and only plans with support channels use
    it."""
    from scipy.special import gammaln, pdtr

    with np.errstate(divide="ignore", invalid="ignore"):
        log_p = n * np.log(load) - load - gammaln(n + 1.0)
        b = np.exp(log_p) / pdtr(n, load)
    return np.where(load > 0, b, 0.0)


def agents_for_loads(loads: npt.ArrayLike, target_sl: float, target_time: float,
                     handle_time: float, max_occupancy: float = 1.0) -> IntArray:
    """:func:`minimum_agents`' ``agents`` for every element of ``loads`` (any shape), at once.

    Each distinct load starts at ⌊A⌋ + 1 with B from its closed form, then every load still short
    of its targets takes one recursion step per pass — as many passes as the largest load needs
    agents above its first candidate (O(√A)), each a handful of array operations."""
    a = np.asarray(loads, dtype=np.float64)
    if a.size == 0:
        return np.zeros(a.shape, dtype=np.int64)
    if not np.isfinite(a).all() or (a < 0).any():
        raise ValueError("loads must be finite numbers ≥ 0")  # i18n: not text
    if not (0 < max_occupancy <= 1) or not (0 <= target_sl < 1) or handle_time <= 0:
        raise ValueError("need 0 < max_occupancy ≤ 1, 0 ≤ target_sl < 1 and handle_time > 0")
    load, inverse = np.unique(a.reshape(-1), return_inverse=True)
    ratio = target_time / handle_time
    n = np.floor(load) + 1.0
    b = _erlang_b_log_space(n, load)
    agents = np.zeros(load.shape, dtype=np.int64)
    pending = np.arange(load.size)
    while pending.size:
        c = n * b / (n - load * (1.0 - b))
        sl = np.maximum(0.0, 1.0 - c * np.exp(-(n - load) * ratio))
        ok = (sl >= target_sl) & (load <= max_occupancy * n)
        agents[pending[ok]] = n[ok]
        keep = ~ok
        pending, n, b, load = pending[keep], n[keep] + 1.0, b[keep], load[keep]
        ab = load * b
        b = ab / (n + ab)
    return agents[inverse].reshape(a.shape)
