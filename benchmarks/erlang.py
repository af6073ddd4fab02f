"""Erlang C staffing: postsale against pyworkforce 0.5.1, in the same process (issue 12 item 4).

For each scenario of the reference grid (shared/reference/perf/bench_erlang.py) it times:

* **one interval** — ``postsale.core.support.erlang.minimum_agents`` against
  ``pyworkforce.queuing.ErlangC(...).required_positions(...)``, µs per call;
* **a week of hourly intervals** — the way postsale staffs a channel: 168 loads (the scenario's
  load shaped by the default round-the-clock profile with ±10% seeded noise, so all 168 differ
  and nothing is shared; peak = the scenario) in one ``agents_for_loads`` call against 168
  pyworkforce calls; µs per interval.

and checks that postsale's agents are the true minimum (pyworkforce's N, or one fewer where its
round(A + 1) start skips it). Then 5,000 erlangs: µs per call for both.

    .venv/bin/python benchmarks/erlang.py              # needs the test extra (pyworkforce)
    .venv/bin/python benchmarks/erlang.py --json benchmarks/erlang.json
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pyworkforce  # type: ignore[import-untyped]
from pyworkforce.queuing import ErlangC  # type: ignore[import-untyped]

from postsale.benchmarks import default_benchmarks
from postsale.core.support import erlang
from postsale.core.support.profile import default_profile

# name, arrivals/hour, AHT min, interval min, target SL, target time (min), shrinkage, max occupancy
SCENARIOS = [
    ("phone-t1 (200/h, 6m, 80/20s)", 200, 6, 30, 0.80, 20 / 60, 0.00, 1.00),
    ("phone-t1 +30% shrink, occ<=85%", 200, 6, 30, 0.80, 20 / 60, 0.30, 0.85),
    ("chat (90/h, 12m, 80/60s, 30% shrink)", 90, 12, 30, 0.80, 60 / 60, 0.30, 1.00),
    ("phone-large (1200/h, 5m, 80/30s)", 1200, 5, 30, 0.80, 30 / 60, 0.00, 1.00),
    ("phone-xl (6000/h, 6m, 90/15s)", 6000, 6, 30, 0.90, 15 / 60, 0.00, 1.00),
    ("ticket-t1 (30/h, 25m, 90/4h)", 30, 25, 60, 0.90, 240, 0.00, 1.00),
    ("ticket-t1 +35% shrink, occ<=85%", 30, 25, 60, 0.90, 240, 0.35, 0.85),
    ("ticket-t2 (8/h, 45m, 90/8h)", 8, 45, 60, 0.90, 480, 0.00, 1.00),
    ("ticket-ent (12/h, 40m, 95/1h)", 12, 40, 60, 0.95, 60, 0.00, 1.00),
    ("ticket-email (100/h, 15m, 80/2h)", 100, 15, 60, 0.80, 120, 0.00, 1.00),
    ("ticket-email +30% shrink, occ<=90%", 100, 15, 60, 0.80, 120, 0.30, 0.90),
]


def per_call(fn: Callable[[], Any], min_time: float, repeats: int) -> float:
    """Best of ``repeats`` of a calibrated loop, µs per call."""
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        dt = time.perf_counter() - t0
        if dt >= min_time:
            break
        n = max(n * 2, int(n * min_time / max(dt, 1e-9) * 1.1))
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        samples.append((time.perf_counter() - t0) / n * 1e6)
    return min(samples)


def _pyworkforce(per_interval: float, aht: float, target: float, interval: float, shrink: float,
                 sl: float, occ: float) -> dict[str, Any]:
    result: dict[str, Any] = ErlangC(transactions=per_interval, aht=aht, asa=target,
                                     interval=interval, shrinkage=shrink).required_positions(
        service_level=sl, max_occupancy=occ)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--min-time", type=float, default=0.2, help="seconds per timing sample")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    noise = np.random.default_rng(12).uniform(0.9, 1.1, 168)
    shape = default_profile(default_benchmarks()) * noise
    shape = shape / shape.max()  # the busiest hour carries the scenario's load
    print(f"# python {platform.python_version()}, numpy {np.__version__}, "
          f"pyworkforce {pyworkforce.__version__}, {platform.machine()} {platform.system()}")
    print("| scenario | A (Erl) | pyworkforce N | postsale N | one interval: pyworkforce µs | "
          "postsale µs | × | week (168 h): pyworkforce µs/interval | postsale µs/interval | × |")
    print("|" + "---|" * 10)
    rows = []
    for name, per_hour, aht, interval, sl, target, shrink, occ in SCENARIOS:
        per_interval = per_hour * interval / 60.0
        a = per_interval / interval * aht
        theirs = _pyworkforce(per_interval, aht, target, interval, shrink, sl, occ)
        ours = erlang.minimum_agents(a, sl, target, aht, occ, shrink)
        assert ours.agents in (theirs["raw_positions"], theirs["raw_positions"] - 1), name
        t_py = per_call(lambda: _pyworkforce(per_interval, aht, target, interval, shrink, sl, occ),
                        args.min_time, args.repeats)
        t_ps = per_call(lambda: erlang.minimum_agents(a, sl, target, aht, occ, shrink),
                        args.min_time, args.repeats)
        loads = a * shape
        week_theirs = [int(_pyworkforce(x * interval / aht, aht, target, interval, shrink, sl,
                                        occ)["raw_positions"]) for x in loads]
        week_ours = erlang.agents_for_loads(loads, sl, target, aht, occ)
        assert all(o in (t, t - 1) for o, t in zip(week_ours.tolist(), week_theirs, strict=True))

        def week_postsale(loads: np.ndarray = loads, sl: float = sl, target: float = target,
                          aht: float = aht, occ: float = occ) -> None:
            erlang.agents_for_loads(loads, sl, target, aht, occ)

        def week_pyworkforce(loads: np.ndarray = loads, aht: float = aht,
                             target: float = target, interval: float = interval,
                             shrink: float = shrink, sl: float = sl, occ: float = occ) -> None:
            for x in loads:
                _pyworkforce(x * interval / aht, aht, target, interval, shrink, sl, occ)

        w_py = per_call(week_pyworkforce, args.min_time, max(2, args.repeats // 2)) / loads.size
        w_ps = per_call(week_postsale, args.min_time, args.repeats) / loads.size
        rows.append({"scenario": name, "load": a, "pyworkforce_agents": theirs["raw_positions"],
                     "postsale_agents": ours.agents, "one_pyworkforce_us": t_py,
                     "one_postsale_us": t_ps, "week_pyworkforce_us_per_interval": w_py,
                     "week_postsale_us_per_interval": w_ps})
        flag = " **(−1)**" if ours.agents < theirs["raw_positions"] else ""
        print(f"| {name} | {a:,.2f} | {theirs['raw_positions']} | {ours.agents}{flag} | "
              f"{t_py:,.1f} | {t_ps:,.1f} | {t_py / t_ps:,.1f} | {w_py:,.1f} | {w_ps:,.2f} | "
              f"{w_py / w_ps:,.0f} |")
    one = statistics.geometric_mean([r["one_pyworkforce_us"] / r["one_postsale_us"] for r in rows])
    week = statistics.geometric_mean([r["week_pyworkforce_us_per_interval"]
                                      / r["week_postsale_us_per_interval"] for r in rows])
    print(f"\ngeometric mean speed-up: one interval {one:.1f}×, a week of intervals {week:.0f}×")

    big = 5000.0
    s = erlang.minimum_agents(big, 0.8, 20 / 60, 6.0)
    t_ps = per_call(lambda: erlang.minimum_agents(big, 0.8, 20 / 60, 6.0), args.min_time,
                    args.repeats)
    t0 = time.perf_counter()
    theirs = _pyworkforce(big * 30 / 6, 6.0, 20 / 60, 30, 0.0, 0.8, 1.0)
    t_py = (time.perf_counter() - t0) * 1e6
    exact = math.isclose(s.service_level, theirs["service_level"], abs_tol=1e-9) \
        and s.agents == theirs["raw_positions"]
    print(f"5,000 erlangs (80% in 20 s, 6 min): postsale {s.agents} agents in {t_ps:,.0f} µs; "
          f"pyworkforce {theirs['raw_positions']} in {t_py:,.0f} µs (one call) — "
          f"{t_py / t_ps:,.0f}×, same answer: {exact}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"rows": rows, "one_interval_speedup": one, "week_speedup": week,
                       "erlangs_5000": {"agents": s.agents, "postsale_us": t_ps,
                                        "pyworkforce_us": t_py}}, f, indent=1)


if __name__ == "__main__":
    main()
