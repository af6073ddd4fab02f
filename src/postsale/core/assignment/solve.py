"""Solvers behind one shape: weights, account groups, an eligibility matrix, capacities.

Accounts are grouped by their eligible set (tier, region, language, time zone collapse to a few
hundred groups); ``eligible[g, j]`` says whether group ``g`` may go to position ``j``.

* :func:`lpt` — longest processing time first, each account onto the eligible position where it
  ends least loaded ((load + weight) ÷ capacity), lazy heaps per group and capacity, the most
  constrained groups first (so flexible accounts fill the gaps instead of taking the few positions
  a language group may use): the classic ≤ 4/3 approximation when every position may take every
  account and capacities are equal, in practice within 0.1% of the lower bound on large books.
* :func:`improve` — local search on the most-loaded position: move one of its accounts, or swap
  one with an account of a lightly loaded position, whichever lowers the pair's maximum most (a
  move-and-swap chain through a third position when neither does).
* :func:`balanced` — the fresh assignment: a fluid split of each group between classes of
  positions (a small LP), LPT inside each class, then :func:`improve`.
* :func:`exact` — HiGHS (scipy.optimize.milp) on small books, to prove the heuristic's gap.
* :func:`fits` — HiGHS: an assignment within a load limit, if one exists, keeping the most
  current owners when given (small books).
* :func:`round_robin` — what CRM assignment rules do, as the baseline.
* :func:`lower_bound` — max(total ÷ capacity, heaviest account ÷ its best capacity, each group's
  weight ÷ the capacity it may use): no assignment can beat it. :func:`fluid_bound` adds the
  fluid optimum (the LP of :func:`balanced`), which sees groups sharing positions.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["Problem", "balanced", "exact", "fits", "fluid_bound", "improve", "loads_of",
           "lower_bound", "lpt", "round_robin"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True, eq=False)
class Problem:
    """``weight[i]``, ``group[i]``, ``eligible[g, j]``, ``capacity[j]`` (all > 0)."""

    weight: FloatArray
    group: IntArray
    eligible: npt.NDArray[np.bool_]
    capacity: FloatArray

    @property
    def positions(self) -> int:
        return int(self.capacity.shape[0])


def loads_of(problem: Problem, owner: IntArray) -> FloatArray:
    """Normalized load (Σ weight ÷ capacity) per position; owner −1 counts nowhere."""
    placed = owner >= 0
    raw = np.bincount(owner[placed], weights=problem.weight[placed], minlength=problem.positions)
    return raw / problem.capacity


def lower_bound(problem: Problem) -> float:
    """A bound no assignment can beat (see the module docstring); accounts no position may take
    are left out (nothing places them)."""
    if problem.weight.size == 0 or problem.positions == 0:
        return 0.0
    best_cap = np.where(problem.eligible, problem.capacity[None, :], 0.0).max(axis=1)
    placeable = best_cap[problem.group] > 0
    if not placeable.any():
        return 0.0
    weight, group = problem.weight[placeable], problem.group[placeable]
    total = float(weight.sum()) / float(problem.capacity.sum())
    single = float((weight / best_cap[group]).max())
    group_weight = np.bincount(group, weights=weight, minlength=problem.eligible.shape[0])
    group_cap = (problem.eligible * problem.capacity[None, :]).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_group = np.where(group_weight > 0, group_weight / group_cap, 0.0)
    return max(total, single, float(per_group.max()))


def lpt(problem: Problem, owner: IntArray | None = None,
        only: npt.NDArray[np.bool_] | None = None) -> IntArray:
    """Place accounts (all, or those in ``only``) on top of the loads of ``owner`` (accounts
    already placed stay): groups with the least eligible capacity first, heaviest first within a
    group, each on the eligible position where it ends least loaded ((load + weight) ÷ capacity;
    one lazy heap per group and capacity, or per group alone when a group's positions have more
    than 8 different capacities). An account no position may take stays at −1."""
    n = problem.weight.shape[0]
    owner = np.full(n, -1, dtype=np.intp) if owner is None else owner.copy()
    todo = (owner < 0) if only is None else only & (owner < 0)
    load = np.bincount(owner[owner >= 0], weights=problem.weight[owner >= 0],
                       minlength=problem.positions).astype(np.float64)
    cap = problem.capacity
    room = (problem.eligible * cap[None, :]).sum(axis=1)  # eligible capacity per group
    idx = np.flatnonzero(todo & (room[problem.group] > 0))  # no eligible position: left at −1
    order = idx[np.lexsort((-problem.weight[idx], room[problem.group[idx]]))]
    version = [0] * problem.positions
    load_list = load.tolist()
    cap_list = cap.tolist()
    heaps: dict[int, list[list[tuple[float, int, int]]]] = {}
    groups = problem.group.tolist()
    weights = problem.weight.tolist()
    result = owner.tolist()
    for i in order.tolist():
        g = groups[i]
        w = weights[i]
        mine = heaps.get(g)
        if mine is None:
            mine = heaps[g] = _heaps(np.flatnonzero(problem.eligible[g]), cap, load_list, version)
        best, best_heap, j = np.inf, mine[0], -1
        for heap in mine:
            while True:  # drop stale tops (their position took an account from another heap)
                _, ver, top = heap[0]
                if ver == version[top]:
                    break
                heapq.heapreplace(heap, (load_list[top] / cap_list[top], version[top], top))
            value = (load_list[top] + w) / cap_list[top]
            if value < best:
                best, best_heap, j = value, heap, top
        result[i] = j
        load_list[j] += w
        version[j] += 1
        heapq.heapreplace(best_heap, (load_list[j] / cap_list[j], version[j], j))
    return np.asarray(result, dtype=np.intp)


def _heaps(positions: IntArray, cap: FloatArray, load: list[float], version: list[int]
           ) -> list[list[tuple[float, int, int]]]:
    """Heaps of (load ÷ capacity, version, position): one per capacity when there are at most 8
    (inside one, the least loaded is also where an account ends least loaded), else one."""
    values, which = np.unique(cap[positions], return_inverse=True)
    parts = [positions[which.reshape(-1) == k] for k in range(values.size)] \
        if values.size <= 8 else [positions]
    out = []
    for part in parts:
        heap = [(load[j] / float(cap[j]), version[j], j) for j in part.tolist()]
        heapq.heapify(heap)
        out.append(heap)
    return out


def balanced(problem: Problem, max_pairs: int = 250_000, max_rounds: int = 2000) -> IntArray:
    """A fresh assignment: the fluid split, then LPT per class of positions, then :func:`improve`.

    Positions with the same eligibility (the same groups may use them) form a class. A linear
    program (HiGHS) splits each group's weight between the classes it may use so that the largest
    class load ÷ capacity is least — the fluid optimum, which no assignment beats. Each group's
    accounts are dealt to its classes heaviest first (to the class furthest below its share), so
    every class gets its share and a mix of large and small accounts; inside a class every account
    may go to every position, where LPT is at its best. This keeps flexible accounts off the few
    positions a constrained group needs. Without the LP (more than ``max_pairs`` group × class
    pairs, or no solution) it is :func:`lpt`, most constrained groups first.
    """
    n = problem.weight.shape[0]
    if n == 0 or problem.positions == 0:
        return np.full(n, -1, dtype=np.intp)
    split = _class_split(problem, max_pairs)
    start = lpt(problem) if split is None else lpt(split)
    return improve(problem, start, max_rounds=max_rounds)


@dataclass(frozen=True, eq=False)
class _Fluid:
    """The fluid split: group ``g_idx[k]`` sends ``share[k]`` weight to class ``c_idx[k]``;
    ``value`` is the largest class load ÷ capacity (the LP optimum)."""

    value: float
    share: FloatArray
    g_idx: IntArray
    c_idx: IntArray
    position_class: IntArray
    class_cap: FloatArray


def _fluid(problem: Problem, max_pairs: int) -> _Fluid | None:
    """Solve the fluid split (None when it has more than ``max_pairs`` group × class pairs, or
    fails). Positions with the same eligibility form a class: the LP is small."""
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    columns, position_class = np.unique(problem.eligible.T, axis=0, return_inverse=True)
    position_class = position_class.reshape(-1)
    k = columns.shape[0]
    class_cap = np.bincount(position_class, weights=problem.capacity, minlength=k)
    group_weight = np.bincount(problem.group, weights=problem.weight,
                               minlength=problem.eligible.shape[0])
    g_idx, c_idx = np.nonzero(columns.T & (group_weight > 0)[:, None])
    if g_idx.size == 0 or g_idx.size > max_pairs:
        return None
    pairs = g_idx.size
    used = np.unique(g_idx)
    row_of = np.full(problem.eligible.shape[0], -1, dtype=np.intp)
    row_of[used] = np.arange(used.size)
    cols = np.arange(pairs)
    a_eq = coo_matrix((np.ones(pairs), (row_of[g_idx], cols)), shape=(used.size, pairs + 1))
    a_ub = coo_matrix((np.r_[np.ones(pairs), -class_cap],
                       (np.r_[c_idx, np.arange(k)], np.r_[cols, np.full(k, pairs)])),
                      shape=(k, pairs + 1))
    cost = np.zeros(pairs + 1)
    cost[-1] = 1.0
    res = linprog(cost, A_ub=a_ub.tocsr(), b_ub=np.zeros(k), A_eq=a_eq.tocsr(),
                  b_eq=group_weight[used], bounds=(0, None), method="highs")
    if res.status != 0 or res.x is None:
        return None
    return _Fluid(float(res.x[-1]), np.maximum(res.x[:pairs], 0.0), g_idx, c_idx, position_class,
                  class_cap.astype(np.float64))


def fluid_bound(problem: Problem, max_pairs: int = 250_000) -> float:
    """A stronger bound: :func:`lower_bound`, or the fluid optimum when higher — the least
    maximum load even if accounts could be split between positions (an LP over groups and classes
    of positions). It sees what no single group shows: a region's CSMs shared by its language
    groups, a cell of whole seats. Accounts no position may take are left out, as there. Falls
    back to :func:`lower_bound` above ``max_pairs``."""
    bound = lower_bound(problem)
    if problem.weight.size == 0 or problem.positions == 0:
        return bound
    fluid = _fluid(problem, max_pairs)
    return bound if fluid is None else max(bound, fluid.value)


def _class_split(problem: Problem, max_pairs: int) -> Problem | None:
    """The accounts regrouped by the class of positions the fluid split sends them to (None when
    the LP is skipped or fails)."""
    fluid = _fluid(problem, max_pairs)
    if fluid is None:
        return None
    share, g_idx, c_idx = fluid.share, fluid.g_idx, fluid.c_idx
    group_weight = np.bincount(problem.group, weights=problem.weight,
                               minlength=problem.eligible.shape[0])
    account_class = np.full(problem.weight.shape[0], -1, dtype=np.intp)
    order = np.argsort(-problem.weight, kind="stable")
    by_group = order[np.argsort(problem.group[order], kind="stable")]  # group, heaviest first
    cuts = np.searchsorted(problem.group[by_group], np.arange(problem.eligible.shape[0] + 1))
    for g in np.unique(g_idx).tolist():
        members = by_group[cuts[g]:cuts[g + 1]]
        mine = np.flatnonzero(g_idx == g)
        keep = share[mine] > 1e-9 * group_weight[g]
        targets, classes = share[mine][keep], c_idx[mine][keep]
        if classes.size <= 1:
            account_class[members] = classes[0] if classes.size else c_idx[mine][0]
            continue
        account_class[members] = classes[_deal(problem.weight[members].tolist(), targets.tolist(),
                                               fluid.class_cap[classes].tolist())]
    if (account_class < 0).any():  # a group no position may take (or weightless): no split
        return None
    eligible = np.zeros((fluid.class_cap.size, problem.positions), dtype=bool)
    eligible[fluid.position_class, np.arange(problem.positions)] = True
    return Problem(problem.weight, account_class, eligible, problem.capacity)


def _deal(weights: list[float], targets: list[float], capacity: list[float]) -> list[int]:
    """Deal accounts (heaviest first) to the bin furthest below its target, relative to its
    capacity: each bin ends within one account of its target."""
    heap = [(-t / c, b) for b, (t, c) in enumerate(zip(targets, capacity, strict=True))]
    heapq.heapify(heap)
    out = []
    for w in weights:
        key, b = heap[0]
        out.append(b)
        heapq.heapreplace(heap, (key + w / capacity[b], b))
    return out


def improve(problem: Problem, owner: IntArray, fixed: npt.NDArray[np.bool_] | None = None,
            max_rounds: int = 2000, goal: float | None = None, candidates: int = 8) -> IntArray:
    """Lower the maximum load by local search on the most-loaded position ``p``.

    Each round applies the step that leaves the lowest maximum among the positions it touches:

    * move one of ``p``'s accounts to the position that may take it where it ends least
      loaded, or
    * swap one of ``p``'s accounts with an account of a light position (for each of ``p``'s
      groups, its ``candidates`` least-loaded eligible positions);
    * only when neither lowers the maximum, a chain: move one of ``p``'s accounts to a light
      position ``q``, and swap one of ``q``'s accounts with one of a third position ``r`` (or
      just move it there), so that ``q`` ends below the old maximum too — the step that frees
      room when every account is larger than any position's headroom (at most
      ``max_rounds // 10`` chains).

    Every account lands only where it is eligible; ``fixed`` accounts stay. It stops when no step
    helps, after ``max_rounds``, or once the maximum is at most ``goal`` (default: within 0.01% of
    :func:`lower_bound`, nothing left to win). The maximum never rises.
    """
    owner = owner.copy()
    n = owner.shape[0]
    m = problem.positions
    if n == 0 or m == 0:
        return owner
    fixed = np.zeros(n, dtype=bool) if fixed is None else fixed
    stop = lower_bound(problem) * (1.0 + 1e-4) if goal is None else goal
    search = _Search(problem, loads_of(problem, owner), owner, fixed, candidates)
    chains = max_rounds // 10  # the costly step; a budget keeps a long search bounded
    for _ in range(max_rounds):
        p = int(np.argmax(search.load))
        if search.load[p] <= stop or not search.members[p]:
            break
        _, steps = min(search.move(p), search.swap(p), key=lambda found: found[0])
        if not steps and chains > 0:
            chains -= 1
            _, steps = search.chain(p)
        if not steps:
            break
        for i, q in steps:
            search.transfer(i, q)
    return search.owner


class _Search:
    """State of :func:`improve`: loads, owners, the movable accounts of each position."""

    def __init__(self, problem: Problem, load: FloatArray, owner: IntArray,
                 fixed: npt.NDArray[np.bool_], candidates: int) -> None:
        self.problem = problem
        self.load = load
        self.owner = owner
        self.candidates = candidates
        movable = np.flatnonzero((owner >= 0) & ~fixed)
        by_position = movable[np.argsort(owner[movable], kind="stable")]
        cuts = np.searchsorted(owner[by_position], np.arange(problem.positions + 1))
        self.members = [set(by_position[cuts[j]:cuts[j + 1]].tolist())
                        for j in range(problem.positions)]

    def transfer(self, i: int, q: int) -> None:
        p = int(self.owner[i])
        w = float(self.problem.weight[i])
        self.load[p] -= w / self.problem.capacity[p]
        self.load[q] += w / self.problem.capacity[q]
        self.owner[i] = q
        self.members[p].discard(i)
        self.members[q].add(i)

    def accounts(self, j: int) -> IntArray:
        return np.fromiter(sorted(self.members[j]), dtype=np.intp, count=len(self.members[j]))

    def light(self, g: int, below: float, exclude: tuple[int, ...], count: int) -> list[int]:
        """Group ``g``'s ``count`` least-loaded eligible positions under ``below``."""
        mask = self.problem.eligible[g] & (self.load < below)
        mask[list(exclude)] = False
        found = np.flatnonzero(mask)
        if found.size > count:
            found = found[np.argpartition(self.load[found], count)[:count]]
        return sorted(found.tolist())

    def move(self, p: int) -> tuple[float, list[tuple[int, int]]]:
        pr, load, cap = self.problem, self.load, self.problem.capacity
        top = float(load[p])
        mine = self.accounts(p)
        best: tuple[float, int, int] | None = None
        for g in np.unique(pr.group[mine]).tolist():
            mask = pr.eligible[g] & (load < top)
            mask[p] = False
            to = np.flatnonzero(mask)
            if to.size == 0:
                continue
            # where an account ends least loaded: the least-loaded position of some capacity
            by_cap = to[np.lexsort((load[to], cap[to]))]
            firsts = by_cap[np.r_[True, cap[by_cap][1:] != cap[by_cap][:-1]]]
            if firsts.size > 4 * self.candidates:
                firsts = firsts[np.argsort(load[firsts], kind="stable")[:4 * self.candidates]]
            ours = mine[pr.group[mine] == g]
            w = pr.weight[ours][:, None]
            new_max = np.maximum(top - w / cap[p], load[firsts][None, :] + w / cap[firsts][None, :])
            k = int(np.argmin(new_max))
            r, c = divmod(k, firsts.size)
            value = float(new_max.flat[k])
            if value < top - 1e-12 and (best is None or value < best[0]):
                best = (value, int(ours[r]), int(firsts[c]))
        return (np.inf, []) if best is None else (best[0], [(best[1], best[2])])

    def _partners(self, p: int, top: float) -> list[int]:
        mine = self.accounts(p)
        chosen: set[int] = set()
        for g in np.unique(self.problem.group[mine]).tolist():
            chosen.update(self.light(g, top, (p,), self.candidates))
        return sorted(chosen)

    def _pair(self, p: int, q: int, ours: IntArray, base_p: float, base_q: float
              ) -> tuple[float, int, int] | None:
        """Best exchange of one of ``ours`` (on ``p``) with one of ``q``'s accounts, from loads
        ``base_p``/``base_q``: (larger of the two new loads, account from p, account from q)."""
        pr = self.problem
        theirs = self.accounts(q)
        theirs = theirs[pr.eligible[pr.group[theirs], p]]
        ours = ours[pr.eligible[pr.group[ours], q]]
        if theirs.size == 0 or ours.size == 0:
            return None
        a = pr.weight[ours][:, None]
        b = pr.weight[theirs][None, :]
        new_max = np.maximum(base_p + (b - a) / pr.capacity[p], base_q + (a - b) / pr.capacity[q])
        k = int(np.argmin(new_max))
        r, c = divmod(k, theirs.size)
        return float(new_max.flat[k]), int(ours[r]), int(theirs[c])

    def swap(self, p: int) -> tuple[float, list[tuple[int, int]]]:
        top = float(self.load[p])
        mine = self.accounts(p)
        best: tuple[float, int, int, int] | None = None
        for q in self._partners(p, top):
            found = self._pair(p, q, mine, top, float(self.load[q]))
            if found and found[0] < top - 1e-12 and (best is None or found[0] < best[0]):
                best = (found[0], found[1], q, found[2])
        return (np.inf, []) if best is None else (best[0], [(best[1], best[2]), (best[3], p)])

    def chain(self, p: int) -> tuple[float, list[tuple[int, int]]]:
        pr, load = self.problem, self.load
        top = float(load[p])
        mine = self.accounts(p)
        best: tuple[float, list[tuple[int, int]]] | None = None
        for g in np.unique(pr.group[mine]).tolist():
            ours = mine[pr.group[mine] == g]
            # the lightest few of p's accounts of this group, one per distinct weight
            _, first = np.unique(pr.weight[ours], return_index=True)
            for i in ours[first[:3]].tolist():
                w_i = float(pr.weight[i])
                after_p = top - w_i / pr.capacity[p]
                for q in self.light(g, top, (p,), max(2, self.candidates // 2)):
                    base_q = float(load[q]) + w_i / pr.capacity[q]
                    theirs = self.accounts(q)
                    partners: set[int] = set()
                    for h in np.unique(pr.group[theirs]).tolist():
                        partners.update(self.light(h, top, (p, q), self.candidates))
                    for r in sorted(partners):
                        found = self._pair(q, r, theirs, base_q, float(load[r]))
                        moved = self._single(q, r, theirs, base_q)
                        for option in (found, moved):
                            if option is None:
                                continue
                            value = max(option[0], after_p)
                            if value < top - 1e-12 and (best is None or value < best[0]):
                                steps = [(i, q), (option[1], r)]
                                if option[2] >= 0:
                                    steps.append((option[2], q))
                                best = (value, steps)
        return (np.inf, []) if best is None else best

    def _single(self, q: int, r: int, theirs: IntArray, base_q: float
                ) -> tuple[float, int, int] | None:
        """Best single move of one of ``theirs`` from ``q`` (at ``base_q``) to ``r``."""
        pr = self.problem
        ok = theirs[pr.eligible[pr.group[theirs], r]]
        if ok.size == 0:
            return None
        w = pr.weight[ok]
        new_max = np.maximum(base_q - w / pr.capacity[q], self.load[r] + w / pr.capacity[r])
        k = int(np.argmin(new_max))
        return float(new_max[k]), int(ok[k]), -1


def round_robin(problem: Problem) -> IntArray:
    """CRM-style rotation: each group's accounts rotate through its eligible positions in file
    order, blind to weight and capacity (the baseline the issue asks to beat)."""
    owner = np.full(problem.weight.shape[0], -1, dtype=np.intp)
    for g in np.unique(problem.group).tolist():
        members = np.flatnonzero(problem.group == g)
        eligible = np.flatnonzero(problem.eligible[g])
        if eligible.size:
            owner[members] = eligible[np.arange(members.size) % eligible.size]
    return owner


def exact(problem: Problem, time_limit: float = 30.0,
          warm: IntArray | None = None) -> tuple[IntArray, float, float, str]:
    """Min-max assignment by MILP (HiGHS via scipy): returns (owner, max load, proven bound,
    status). Meant for books of up to a few thousand accounts."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    n, m = problem.weight.shape[0], problem.positions
    rows, cols = np.nonzero(problem.eligible[problem.group])
    k = rows.size
    c = np.zeros(k + 1)
    c[-1] = 1.0
    assign = coo_matrix((np.ones(k), (rows, np.arange(k))), shape=(n, k + 1))
    load_rows = coo_matrix((problem.weight[rows], (cols, np.arange(k))), shape=(m, k + 1)).tolil()
    load_rows[:, k] = -problem.capacity.reshape(-1, 1)
    constraints = [LinearConstraint(assign, 1, 1), LinearConstraint(load_rows.tocsr(), -np.inf, 0)]
    integrality = np.ones(k + 1)
    integrality[-1] = 0
    bounds = Bounds(np.zeros(k + 1), np.r_[np.ones(k), np.inf])
    del warm  # scipy's milp takes no starting point; HiGHS finds its own incumbent
    res = milp(c, constraints=constraints, integrality=integrality, bounds=bounds,
               options={"time_limit": time_limit, "disp": False})
    owner = np.full(n, -1, dtype=np.intp)
    if res.x is None:
        return owner, float("inf"), float(getattr(res, "mip_dual_bound", 0.0) or 0.0), res.message
    chosen = res.x[:k] > 0.5
    owner[rows[chosen]] = cols[chosen]
    bound = getattr(res, "mip_dual_bound", None)
    return owner, float(res.x[-1]), float(bound if bound is not None else res.x[-1]), \
        str(res.message)


def fits(problem: Problem, limit: float, time_limit: float = 2.0,
         fixed_owner: IntArray | None = None, prefer: IntArray | None = None) -> IntArray | None:
    """An assignment with every load ≤ ``limit`` (a MILP for HiGHS), or None when there is none
    or ``time_limit`` runs out before one is found. Accounts with ``fixed_owner[i] >= 0`` stay
    there. With ``prefer`` (a current owner per account, −1 for none) it keeps as many accounts
    with their current owner as it can prove in the time; without, it takes the first assignment
    found. Meant for small books."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    n, m = problem.weight.shape[0], problem.positions
    if n == 0:
        return np.zeros(0, dtype=np.intp)
    allowed = problem.eligible[problem.group]
    if fixed_owner is not None:
        pinned = fixed_owner >= 0
        allowed[pinned] = False
        allowed[np.flatnonzero(pinned), fixed_owner[pinned]] = True
    rows, cols = np.nonzero(allowed)
    if np.unique(rows).size < n:
        return None
    k = rows.size
    assign = coo_matrix((np.ones(k), (rows, np.arange(k))), shape=(n, k))
    load = coo_matrix((problem.weight[rows] / problem.capacity[cols], (cols, np.arange(k))),
                      shape=(m, k))
    cost = np.zeros(k)
    if prefer is not None:
        cost = ((prefer[rows] >= 0) & (cols != prefer[rows])).astype(np.float64)
    res = milp(cost, constraints=[LinearConstraint(assign.tocsr(), 1, 1),
                                  LinearConstraint(load.tocsr(), -np.inf, limit)],
               integrality=np.ones(k), bounds=Bounds(0, 1),
               options={"time_limit": time_limit, "disp": False})
    if res.x is None:
        return None
    owner = np.full(n, -1, dtype=np.intp)
    chosen = res.x > 0.5
    owner[rows[chosen]] = cols[chosen]
    loads = loads_of(problem, owner)
    if (owner < 0).any() or loads.max() > limit * (1 + 1e-9) + 1e-12:
        return None
    return owner
