"""The assignment solvers (issue 4): invariants, the lower bound and the exact solver against brute
force on tiny books, and the quality bars on seeded synthetic books (like the reference's
``bench_assign.py``: lognormal weights, regions with restriction probabilities, capacity classes
1.5 / 1.0 / 0.6). No timing asserts: speed lives in benchmarks/assign.py."""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postsale.core.assignment.solve import (
    Problem,
    balanced,
    exact,
    fits,
    fluid_bound,
    improve,
    loads_of,
    lower_bound,
    lpt,
    round_robin,
)

SETTINGS = settings(max_examples=60, deadline=None)
EPS = 1e-9


def make(weight: list[float], group: list[int], eligible: list[list[bool]],
         capacity: list[float]) -> Problem:
    return Problem(np.asarray(weight, dtype=np.float64), np.asarray(group, dtype=np.intp),
                   np.asarray(eligible, dtype=bool), np.asarray(capacity, dtype=np.float64))


@st.composite
def problems(draw: st.DrawFn, max_accounts: int = 30, max_positions: int = 6,
             uniform: bool = False) -> Problem:
    """A small problem: every group may use at least one position."""
    m = draw(st.integers(1, max_positions))
    g = draw(st.integers(1, 4))
    rows = [draw(st.lists(st.booleans(), min_size=m, max_size=m)) for _ in range(g)]
    eligible = [r if any(r) else [True] * m for r in rows]
    n = draw(st.integers(0, max_accounts))
    weight = draw(st.lists(st.floats(0.01, 10.0), min_size=n, max_size=n))
    group = draw(st.lists(st.integers(0, g - 1), min_size=n, max_size=n))
    if uniform:
        return make(weight, [0] * n, [[True] * m], [1.0] * m)
    capacity = draw(st.lists(st.sampled_from([0.5, 0.6, 1.0, 1.5, 2.0]), min_size=m, max_size=m))
    return make(weight, group, eligible, capacity)


def assert_valid(problem: Problem, owner: npt.NDArray[np.intp]) -> None:
    """Every account on exactly one position (an owner index, one per account) it may use."""
    n = problem.weight.shape[0]
    assert owner.shape == (n,)
    assert ((owner >= 0) & (owner < problem.positions)).all()
    assert problem.eligible[problem.group, owner].all()


def brute_force(problem: Problem) -> float:
    """The optimum max load over every feasible assignment (tiny problems only)."""
    n, m = problem.weight.shape[0], problem.positions
    if n == 0:
        return 0.0
    every = np.array(list(itertools.product(range(m), repeat=n)), dtype=np.intp)
    ok = problem.eligible[problem.group[None, :], every].all(axis=1)
    every = every[ok]
    loads = np.zeros((every.shape[0], m))
    for i in range(n):
        np.add.at(loads, (np.arange(every.shape[0]), every[:, i]), problem.weight[i])
    return float((loads / problem.capacity).max(axis=1).min())


# ------------------------------------------------------------------ invariants


@SETTINGS
@given(problems())
def test_every_solver_assigns_every_account_once_to_an_eligible_position(problem: Problem) -> None:
    for owner in (lpt(problem), balanced(problem), round_robin(problem),
                  improve(problem, lpt(problem))):
        assert_valid(problem, owner)


@SETTINGS
@given(problems())
def test_no_assignment_beats_the_lower_bound(problem: Problem) -> None:
    bound = lower_bound(problem)
    for owner in (lpt(problem), balanced(problem), round_robin(problem)):
        assert bound <= loads_of(problem, owner).max(initial=0.0) + EPS


@SETTINGS
@given(problems(), st.data())
def test_improve_never_raises_the_maximum_and_keeps_fixed_accounts(problem: Problem,
                                                                   data: st.DataObject) -> None:
    start = round_robin(problem)
    n = problem.weight.shape[0]
    fixed = np.asarray(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
    better = improve(problem, start, fixed=fixed)
    assert_valid(problem, better)
    assert (better[fixed] == start[fixed]).all()
    assert loads_of(problem, better).max(initial=0.0) <= loads_of(problem, start).max(initial=0.0) + EPS


@SETTINGS
@given(problems(), st.data())
def test_lpt_keeps_placed_accounts_and_places_only_the_rest(problem: Problem,
                                                            data: st.DataObject) -> None:
    n = problem.weight.shape[0]
    start = balanced(problem)
    placed = np.asarray(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
    owner = lpt(problem, owner=np.where(placed, start, -1))
    assert_valid(problem, owner)
    assert (owner[placed] == start[placed]).all()


def test_a_group_no_position_may_take_is_left_unplaced() -> None:
    problem = make([1.0, 2.0, 0.5], [0, 1, 0], [[True, True], [False, False]], [1.0, 1.0])
    assert lpt(problem).tolist() == [0, -1, 1]
    assert balanced(problem).tolist() == [0, -1, 1]
    assert lower_bound(problem) == pytest.approx(1.0)  # the unplaceable account left out


def test_solvers_are_deterministic() -> None:
    problem = synthetic(2_000, 30, seed=3)
    assert (balanced(problem) == balanced(problem)).all()
    assert (lpt(problem) == lpt(problem)).all()


# ------------------------------------------------------------------ brute force on tiny books

TINY = settings(max_examples=40, deadline=None)


@TINY
@given(problems(max_accounts=7, max_positions=3))
def test_bound_heuristic_and_exact_solver_against_brute_force(problem: Problem) -> None:
    opt = brute_force(problem)
    assert lower_bound(problem) <= fluid_bound(problem) + EPS
    assert fluid_bound(problem) <= opt + 1e-7
    ours = loads_of(problem, balanced(problem)).max(initial=0.0)
    assert ours >= opt - EPS
    owner, best, bound, _ = exact(problem, time_limit=10.0)
    if problem.weight.size:
        assert_valid(problem, owner)
        assert best == pytest.approx(opt, rel=1e-6, abs=1e-9)
        assert loads_of(problem, owner).max() == pytest.approx(opt, rel=1e-6, abs=1e-9)
        assert bound <= opt + 1e-6


@TINY
@given(problems(max_accounts=7, max_positions=3, uniform=True))
def test_lpt_and_local_search_are_within_four_thirds_of_the_optimum(problem: Problem) -> None:
    # Graham's LPT bound (4/3 − 1/3m) holds where every position may take every account and
    # capacities are equal; the local search only lowers the maximum.
    opt = brute_force(problem)
    for owner in (lpt(problem), improve(problem, lpt(problem)), balanced(problem)):
        assert loads_of(problem, owner).max(initial=0.0) <= 4 / 3 * opt + EPS


@TINY
@given(problems(max_accounts=7, max_positions=3), st.floats(0.5, 3.0))
def test_fits_finds_an_assignment_within_the_limit_exactly_when_one_exists(
        problem: Problem, limit: float) -> None:
    found = fits(problem, limit, time_limit=10.0)
    if brute_force(problem) <= limit - 1e-7:
        assert found is not None
    if found is not None:
        assert_valid(problem, found)
        assert loads_of(problem, found).max(initial=0.0) <= limit + 1e-7


def test_the_fluid_bound_sees_groups_that_share_positions() -> None:
    # Two groups (say two languages) may use only position 0; each alone looks light.
    problem = make([0.6, 0.6, 0.1], [0, 1, 2], [[True, False], [True, False], [True, True]],
                   [1.0, 1.0])
    assert lower_bound(problem) == pytest.approx(0.65)
    assert fluid_bound(problem) == pytest.approx(1.2)
    assert loads_of(problem, balanced(problem)).max() == pytest.approx(1.2)


def test_fits_respects_fixed_owners() -> None:
    problem = make([1.0, 1.0, 1.0], [0, 0, 0], [[True, True]], [1.0, 2.0])
    fixed = np.array([0, -1, -1], dtype=np.intp)  # account 0 must stay on position 0
    found = fits(problem, 1.0, fixed_owner=fixed)
    assert found is not None
    assert found.tolist() == [0, 1, 1]
    assert fits(problem, 0.9, fixed_owner=fixed) is None


def test_the_local_search_frees_room_with_a_swap() -> None:
    # LPT puts 0.5 and 0.5 on separate positions and ends at 1.16; the optimum is 1.0 / 1.0.
    problem = make([0.5, 0.5, 0.34, 0.33, 0.33], [0] * 5, [[True, True]], [1.0, 1.0])
    assert loads_of(problem, lpt(problem)).max() > 1.1
    assert loads_of(problem, balanced(problem)).max() == pytest.approx(1.0)


def test_round_robin_rotates_through_each_groups_positions_blind_to_weight() -> None:
    problem = make([5.0, 1.0, 1.0, 1.0, 1.0], [0, 0, 0, 1, 1], [[True, True, True],
                                                             [False, True, True]], [1, 1, 1])
    assert round_robin(problem).tolist() == [0, 1, 2, 1, 2]


# ------------------------------------------------------------------ quality on seeded books

REGION_SHARE = np.array([0.40, 0.25, 0.15, 0.10, 0.10])
RESTRICT_P = np.array([0.05, 0.10, 0.70, 0.70, 0.60])
CLASS_SHARE = np.array([0.2, 0.6, 0.2])
CAPACITY = np.array([1.5, 1.0, 0.6])


def synthetic(n: int, m: int, seed: int = 7) -> Problem:
    """The reference instance's recipe: lognormal(0, 1) weights; five regions, each account
    restricted to its region's CSMs with the region's probability; capacity classes."""
    rng = np.random.default_rng([seed, n, m])
    per_region = np.maximum(np.round(REGION_SHARE * m).astype(int), 1)
    per_region[0] += m - per_region.sum()
    csm_region = np.repeat(np.arange(5), per_region)
    capacity = CAPACITY[rng.choice(3, size=m, p=CLASS_SHARE)]
    weight = np.maximum(np.round(rng.lognormal(0.0, 1.0, size=n), 3), 0.001)
    region = rng.choice(5, size=n, p=REGION_SHARE)
    restricted = rng.random(n) < RESTRICT_P[region]
    group = np.where(restricted, 1 + region, 0)
    eligible = np.vstack([np.ones(m, dtype=bool), csm_region[None, :] == np.arange(5)[:, None]])
    return Problem(weight, group.astype(np.intp), eligible, capacity.astype(np.float64))


def simple_bound(problem: Problem) -> float:
    """The issue's bound: max(total ÷ capacity, heaviest account ÷ its best capacity)."""
    best_cap = np.where(problem.eligible, problem.capacity[None, :], 0.0).max(axis=1)
    return max(float(problem.weight.sum() / problem.capacity.sum()),
               float((problem.weight / best_cap[problem.group]).max()))


def test_ten_thousand_accounts_within_one_percent_of_the_bound() -> None:
    problem = synthetic(10_000, 150)
    owner = balanced(problem)
    assert_valid(problem, owner)
    assert loads_of(problem, owner).max() <= 1.01 * simple_bound(problem)


def test_one_thousand_accounts_within_one_percent_of_the_optimum() -> None:
    problem = synthetic(1_000, 20)
    ours = float(loads_of(problem, balanced(problem)).max())
    proof = lower_bound(problem)
    if ours > 1.01 * proof:  # the bound alone does not prove it: ask HiGHS for a better one
        _, _, solver_bound, _ = exact(problem, time_limit=10.0)
        proof = max(proof, solver_bound)
    assert ours <= 1.01 * proof


def nested(seed: int = 2, fill: float = 0.98, k: int = 38, m: int = 333) -> Problem:
    """A language group that may use only ``k`` of ``m`` positions and fills ``fill`` of their
    capacity; the rest of the book may go anywhere. Accounts weigh 3–9% of a book (a sample
    book's high-touch weights), so headroom is scarce."""
    rng = np.random.default_rng(seed)
    sizes = np.array([0.031, 0.037, 0.046, 0.048, 0.055, 0.060, 0.072, 0.090])
    narrow = rng.choice(sizes, size=int(2 * k * fill / sizes.mean()))
    narrow = narrow[np.cumsum(narrow) <= fill * k]
    wide = rng.choice(sizes, size=int(2 * m / sizes.mean()))
    wide = wide[np.cumsum(wide) <= m - narrow.sum()]
    weight = np.r_[narrow, wide]
    group = np.r_[np.zeros(narrow.size), np.ones(wide.size)].astype(np.intp)
    eligible = np.vstack([np.arange(m) < k, np.ones(m, dtype=bool)])
    return Problem(weight, group, eligible, np.ones(m))


def test_flexible_accounts_leave_room_for_a_constrained_group() -> None:
    # Placement and local search alone end 1.4% over the bound here: the constrained group's
    # positions each take a flexible account they have no room for. The fluid split keeps
    # flexible accounts off them.
    problem = nested()
    bound = simple_bound(problem)
    assert loads_of(problem, balanced(problem)).max() <= 1.01 * bound
