"""Erlang C: validated against pyworkforce 0.5.1, an independent from-zero recursion, mpmath at
50 digits, a discrete-event simulation (SimPy) and the square-root staffing rule; the vectorized
staffing equals the scalar search; hypothesis for monotonicity."""

from __future__ import annotations

import math
from typing import Any

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postsale.core.support.erlang import (
    agents_for_loads,
    average_speed_of_answer,
    erlang_b,
    erlang_c,
    minimum_agents,
    positions,
    service_level,
)

pyworkforce = pytest.importorskip("pyworkforce.queuing")


def _b_from_zero(n: int, a: float) -> float:
    """Erlang B by the plain recursion from n = 0 (independent of the warm start)."""
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return b


def _sl_reference(n: int, a: float, ratio: float) -> float:
    b = _b_from_zero(n, a)
    c = n * b / (n - a * (1 - b))
    return max(0.0, 1.0 - c * math.exp(-(n - a) * ratio))


def _true_minimum(a: float, sl: float, ratio: float, occupancy: float) -> int:
    n = math.floor(a) + 1
    while not (_sl_reference(n, a, ratio) >= sl and a <= occupancy * n):
        n += 1
    return n


def _pyworkforce(per_hour: float, aht: float, target: float, interval: float, sl: float,
                 occupancy: float = 1.0, shrinkage: float = 0.0) -> dict[str, float]:
    result: dict[str, float] = pyworkforce.ErlangC(
        transactions=per_hour * interval / 60.0, aht=aht, asa=target, interval=interval,
        shrinkage=shrinkage).required_positions(service_level=sl, max_occupancy=occupancy)
    return result


def test_domain_reference_case() -> None:
    """DOMAIN.md §9 (pyworkforce's own test): 100 per 30 min, AHT 3, answer 0.33 min, SL 0.8,
    occupancy ≤ 0.85, shrinkage 0.3 → 14 raw, 20 positions, SL 0.888, occupancy 0.714."""
    s = minimum_agents(100 / 30 * 3, 0.8, 0.33, 3.0, max_occupancy=0.85, shrinkage=0.3)
    assert (s.agents, s.positions) == (14, 20)
    assert s.service_level == pytest.approx(0.8883500191794669, abs=1e-3)  # pyworkforce: 20/60 min
    assert s.occupancy == pytest.approx(10 / 14)


def test_off_by_one_case_pyworkforce_14_true_minimum_13() -> None:
    """30 tickets/h, 25 min AHT, 90% within 4 h, 60-min interval: A = 12.5. pyworkforce starts its
    search at round(13.5) = 14; 13 agents already give SL 0.993."""
    theirs = _pyworkforce(30, 25, 240, 60, 0.9)
    ours = minimum_agents(12.5, 0.9, 240, 25)
    assert theirs["raw_positions"] == 14
    assert ours.agents == 13
    assert ours.service_level == pytest.approx(0.993045, abs=1e-6)
    assert ours.service_level >= 0.9 > service_level(12, 12.5, 240, 25)  # 12 ≤ A: no queue


GRID = [(rate, aht, sl, target, occ)
        for rate in (8, 30, 90, 200, 1200)
        for aht in (3, 6, 12, 25)
        for sl in (0.7, 0.8, 0.9, 0.95)
        for target in (20 / 60, 1.0, 240.0)
        for occ in (1.0, 0.85)]


@pytest.mark.parametrize(("rate", "aht", "sl", "target", "occ"), GRID)
def test_grid_against_pyworkforce(rate: float, aht: float, sl: float, target: float,
                                  occ: float) -> None:
    """Same SL and P(wait) as pyworkforce at its N; ours is the true minimum, which is
    pyworkforce's N or — only when its round(A + 1) start skips it — one fewer."""
    a = rate / 60.0 * aht
    theirs = _pyworkforce(rate, aht, target, 60, sl, occ, 0.3)
    ours = minimum_agents(a, sl, target, aht, occ, 0.3)
    n = int(theirs["raw_positions"])
    assert service_level(n, a, target, aht) == pytest.approx(theirs["service_level"], abs=1e-9)
    assert erlang_c(n, a) == pytest.approx(theirs["waiting_probability"], abs=1e-9)
    assert ours.agents == _true_minimum(a, sl, target / aht, occ)
    skipped = round(a + 1) - 1 >= ours.agents  # pyworkforce never tried our N
    assert n == (ours.agents if not skipped else max(round(a + 1), math.ceil(a / occ)))
    assert ours.positions == positions(ours.agents, 0.3)


def test_the_grid_finds_the_off_by_one_somewhere() -> None:
    """The grid is not vacuous: some scenarios show pyworkforce's extra agent."""
    extra = 0
    for rate, aht, sl, target, occ in GRID:
        a = rate / 60.0 * aht
        extra += _pyworkforce(rate, aht, target, 60, sl, occ)["raw_positions"] \
            - minimum_agents(a, sl, target, aht, occ).agents
    assert extra > 0


@pytest.mark.parametrize("a", [150.3, 1000.0, 4999.7, 5000.0])
def test_warm_started_erlang_b_equals_the_recursion_from_zero(a: float) -> None:
    for n in (math.floor(a) - 30, math.floor(a) + 1, math.floor(a) + 60, math.floor(a) + 300):
        assert erlang_b(n, a) == pytest.approx(_b_from_zero(n, a), rel=1e-12)


def _mp_service_level(n: int, a: float, ratio: float) -> mpmath.mpf:
    """SL at 50 digits: Erlang B from the Poisson terms (no recursion), then Erlang C."""
    with mpmath.workdps(50):
        am = mpmath.mpf(a)
        terms = [mpmath.mpf(1)]
        for k in range(1, n + 1):
            terms.append(terms[-1] * am / k)
        b = terms[-1] / mpmath.fsum(terms)
        c = n * b / (n - am * (1 - b))
        return 1 - c * mpmath.exp(-(n - am) * ratio)


@pytest.mark.parametrize(("sl", "target"), [(0.8, 20 / 60), (0.9, 15 / 60)])
def test_5000_erlangs_is_the_exact_minimum(sl: float, target: float) -> None:
    """At 5,000 erlangs (6-min AHT) N meets the target and N − 1 does not, at 50 digits."""
    s = minimum_agents(5000.0, sl, target, 6.0)
    ratio = target / 6.0
    assert _mp_service_level(s.agents, 5000.0, ratio) >= sl
    assert _mp_service_level(s.agents - 1, 5000.0, ratio) < sl
    assert s.service_level == pytest.approx(float(_mp_service_level(s.agents, 5000.0, ratio)),
                                            abs=1e-10)


def test_5000_erlangs_follows_square_root_staffing() -> None:
    """Halfin–Whitt: with N = A + β√A, P(wait) → (1 + β·Φ(β)/φ(β))⁻¹ as A grows; the error is
    O(1/√A) (≈ 0.014 at 5,000 erlangs), so within 2/√A."""
    a = 5000.0
    s = minimum_agents(a, 0.8, 20 / 60, 6.0)
    beta = (s.agents - a) / math.sqrt(a)
    phi = math.exp(-beta * beta / 2) / math.sqrt(2 * math.pi)
    cdf = 0.5 * (1 + math.erf(beta / math.sqrt(2)))
    assert s.waiting_probability == pytest.approx(1 / (1 + beta * cdf / phi), abs=2 / math.sqrt(a))
    assert 0 < beta < 1  # a few dozen agents above the load, not hundreds


def test_average_speed_of_answer_and_occupancy() -> None:
    s = minimum_agents(20.0, 0.8, 20 / 60, 6.0)
    assert s.average_speed_of_answer == pytest.approx(erlang_c(25, 20.0) * 6.0 / 5.0)
    assert average_speed_of_answer(20, 20.0, 6.0) == math.inf
    assert s.occupancy == pytest.approx(0.8)


def test_zero_load_needs_one_agent() -> None:
    assert minimum_agents(0.0, 0.8, 1 / 3, 6.0).agents == 1
    assert agents_for_loads(np.zeros(3), 0.8, 1 / 3, 6.0).tolist() == [1, 1, 1]


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="load"):
        minimum_agents(-1.0, 0.8, 1, 1)
    with pytest.raises(ValueError, match="occupancy"):
        minimum_agents(1.0, 0.8, 1, 1, max_occupancy=0)


def test_vectorized_staffing_equals_the_scalar_search() -> None:
    rng = np.random.default_rng(3)
    for sl, target, aht, occ in ((0.8, 1 / 3, 6.0, 0.85), (0.9, 240.0, 25.0, 1.0),
                                 (0.95, 1.0, 12.0, 0.9)):
        loads = np.concatenate([rng.uniform(0, 60, 300), [12.5, 13.0, 0.0]])
        vec = agents_for_loads(loads.reshape(3, -1), sl, target, aht, occ).reshape(-1)
        assert vec.tolist() == [minimum_agents(x, sl, target, aht, occ).agents for x in loads]


def test_vectorized_staffing_at_5000_erlangs() -> None:
    loads = np.linspace(4990.0, 5010.0, 7)
    assert agents_for_loads(loads, 0.9, 0.25, 6.0).tolist() == \
        [minimum_agents(x, 0.9, 0.25, 6.0).agents for x in loads]


def _simulated_waits(rate: float, service: float, servers: int, seed: int) -> np.ndarray:
    """Waits of an M/M/servers FIFO queue simulated with SimPy (after a 500-unit warm-up)."""
    simpy = pytest.importorskip("simpy")
    rng = np.random.default_rng(seed)
    env = simpy.Environment()
    desk = simpy.Resource(env, capacity=servers)
    waits: list[float] = []

    def contact(env: Any, arrived: float) -> Any:
        with desk.request() as turn:
            yield turn
            if arrived > 500:
                waits.append(env.now - arrived)
            yield env.timeout(rng.exponential(1 / service))

    def arrivals(env: Any) -> Any:
        while True:
            yield env.timeout(rng.exponential(1 / rate))
            env.process(contact(env, env.now))

    env.process(arrivals(env))
    env.run(until=20_000)
    return np.array(waits)


def test_discrete_event_simulation_agrees_within_sampling_error() -> None:
    """M/M/6 at 4 erlangs (λ = 2, μ = 0.5), seeded: P(wait) and SL(0.5) of ~39,000 simulated
    contacts against Erlang C, within 3 standard errors from 20 batch means (waits are
    autocorrelated, so the batches, not the contacts, are the independent samples)."""
    waits = _simulated_waits(2.0, 0.5, 6, seed=1)
    assert waits.size > 30_000
    batches = np.array_split(waits, 20)
    for measured, exact in (([float((b > 1e-12).mean()) for b in batches], erlang_c(6, 4.0)),
                            ([float((b <= 0.5).mean()) for b in batches],
                             service_level(6, 4.0, 0.5, 2.0))):
        mean = float(np.mean(measured))
        se = float(np.std(measured, ddof=1) / math.sqrt(len(measured)))
        assert abs(mean - exact) < 3 * se + 0.005, (mean, exact, se)


loads = st.floats(min_value=0.0, max_value=400.0, allow_nan=False)
levels = st.sampled_from([0.5, 0.7, 0.8, 0.9, 0.95, 0.99])
times = st.sampled_from([0.1, 1 / 3, 1.0, 5.0, 60.0])
occupancies = st.sampled_from([0.6, 0.8, 0.85, 0.9, 1.0])


@settings(max_examples=150, deadline=None)
@given(loads, loads, levels, levels, times, times, occupancies, occupancies)
def test_more_volume_or_tighter_targets_never_need_fewer_agents(
        a1: float, a2: float, sl1: float, sl2: float, t1: float, t2: float, o1: float,
        o2: float) -> None:
    lo_a, hi_a = sorted((a1, a2))
    lo_sl, hi_sl = sorted((sl1, sl2))
    short, long_ = sorted((t1, t2))
    lo_o, hi_o = sorted((o1, o2))
    easy = minimum_agents(lo_a, lo_sl, long_, 6.0, hi_o).agents
    assert minimum_agents(hi_a, lo_sl, long_, 6.0, hi_o).agents >= easy
    assert minimum_agents(lo_a, hi_sl, long_, 6.0, hi_o).agents >= easy
    assert minimum_agents(lo_a, lo_sl, short, 6.0, hi_o).agents >= easy
    assert minimum_agents(lo_a, lo_sl, long_, 6.0, lo_o).agents >= easy
    # and the array path agrees with the scalar search on both loads
    assert agents_for_loads([lo_a, hi_a], hi_sl, short, 6.0, lo_o).tolist() == [
        minimum_agents(x, hi_sl, short, 6.0, lo_o).agents for x in (lo_a, hi_a)]
