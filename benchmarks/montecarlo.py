"""Benchmark of the Monte Carlo engine (issue 5): speed targets and accuracy against per-account.

Book: 5 / 25 / 70% of accounts in tiers 0 / 1 / 2, ARR lognormal with medians $180k / $30k / $4.8k
and σ 1.0 / 0.7 / 0.6 (seeded); annual GRR 0.94 / 0.88 / 0.80 and NRR 1.10 / 1.02 / 0.95.

* speed — ``simulate`` on a 100,000-account book with 500 arrivals a month: 10,000 paths × 36 months
  (target < 10 s) and 1,000 paths × 24 months (target < 1 s); best of ``--repeats``.
* dynamics — the same 10,000 × 36 case with what ``postsale project`` adds: rates that change with
  the stage (month 12 and 24), an ARR multiplier on arrivals (1.0 → 1.3) with new customers
  tiered on their scaled ARR, and 5% of the accounts re-tiering.
* accuracy — on 10,000 accounts, month 36, no arrivals: P10–P90 spread (and sd) of ARR from
  ``simulate`` against ``simulate_per_account``, the straightforward per-account reference.
* pipeline — the whole ``build_projection`` (tiering, monthly re-tiering, paths, headcount per role
  on every path, hiring calendar, timeline and three scenarios beside the plan) on the seeded
  100,000-account sample company of ``benchmarks/run.py``: 1,000 paths × 24 months.

    python benchmarks/montecarlo.py
    python benchmarks/montecarlo.py --ref-paths 2000 --repeats 1   # quicker, noisier
"""

from __future__ import annotations

import argparse
import platform
import resource
import time

import numpy as np

from postsale.core.projection.montecarlo import (
    Projection,
    rates_from_retention,
    simulate,
    simulate_per_account,
)

RATES = rates_from_retention([0.94, 0.88, 0.80], [1.10, 1.02, 0.95])


def book(n: int, seed: int = 11) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng([seed, n])
    tier = np.repeat([0, 1, 2], [n // 20, n // 4, n - n // 20 - n // 4])
    median = np.array([180_000.0, 30_000.0, 4_800.0])[tier]
    return rng.lognormal(np.log(median), np.array([1.0, 0.7, 0.6])[tier]), tier


def timed(
    repeats: int, arr: np.ndarray, tier: np.ndarray, paths: int, months: int
) -> tuple[float, Projection]:
    best, proj = float("inf"), None
    for r in range(repeats):
        t = time.perf_counter()
        proj = simulate(arr, tier, RATES, months=months, paths=paths, arrivals=500.0, seed=r)
        best = min(best, time.perf_counter() - t)
    assert proj is not None
    return best, proj


def spread(values: np.ndarray) -> float:
    lo, hi = np.quantile(values, [0.1, 0.9])
    return float(hi - lo)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="best of N runs per speed case")
    parser.add_argument("--ref-paths", type=int, default=10_000, help="per-account reference paths")
    parser.add_argument("--engine-paths", type=int, default=40_000, help="engine paths for accuracy")
    args = parser.parse_args()

    print(f"# Monte Carlo engine — Python {platform.python_version()}, numpy {np.__version__}, "
          f"{platform.machine()}, best of {args.repeats}")
    print("| case | accounts | paths × months | seconds | ARR₀ | P10 / P50 / P90 ARR at end | target |")
    print("|---|---:|---:|---:|---:|---|---|")
    arr, tier = book(100_000)
    for paths, months, target in ((10_000, 36, 10.0), (1_000, 24, 1.0)):
        seconds, proj = timed(args.repeats, arr, tier, paths, months)
        lo, mid, hi = proj.bands()["arr"][:, months]
        verdict = ("met" if seconds < target else "MISSED") + f" (< {target:g} s)"
        print(f"| speed | {arr.size:,} | {paths:,} × {months} | {seconds:.2f} | {arr.sum() / 1e6:,.0f}M | "
              f"{lo / 1e6:,.0f}M / {mid / 1e6:,.0f}M / {hi / 1e6:,.0f}M | {verdict} |")
    later = rates_from_retention([0.96, 0.92, 0.85], [1.15, 1.08, 1.0])
    latest = rates_from_retention([0.97, 0.94, 0.88], [1.2, 1.1, 1.02])
    schedule_rates = [RATES] * 12 + [later] * 12 + [latest] * 12
    schedule = np.repeat(tier[:, None], 37, axis=1)
    movers = np.flatnonzero((tier > 0) & (np.arange(arr.size) % 20 == 0))
    moved = np.arange(37)[None, :] >= (1 + movers % 36)[:, None]  # 5%: up one tier in month 1–36
    schedule[movers] = np.where(moved, tier[movers, None] - 1, tier[movers, None])
    scale = np.linspace(1.0, 1.3, 36)
    scaled = arr[:, None] * scale[None, :]  # new customers tiered on their scaled ARR
    lands = np.where((tier[:, None] == 1) & (scaled >= 100_000), 0,
                     np.where((tier[:, None] == 2) & (scaled >= 15_000), 1, tier[:, None]))
    best = float("inf")
    for r in range(args.repeats):
        t = time.perf_counter()
        simulate(arr, tier, schedule_rates, months=36, paths=10_000, arrivals=500.0,
                 arrival_scale=scale, tier_schedule=schedule, arrival_tiers=lands, seed=r)
        best = min(best, time.perf_counter() - t)
    verdict = ("met" if best < 10.0 else "MISSED") + " (< 10 s)"
    print(f"| dynamics: stage rates, arrival scale, {movers.size:,} accounts re-tiering, arrivals "
          f"tiered on scaled ARR | {arr.size:,} | 10,000 × 36 | {best:.2f} | | | {verdict} |")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of the speed runs: {rss:,.0f} MB")
    pipeline(args.repeats)

    arr, tier = book(10_000)
    t = time.perf_counter()
    ref = simulate_per_account(arr, tier, RATES, months=36, paths=args.ref_paths, seed=1)
    ref_s = time.perf_counter() - t
    rel_se = 0.89 * np.sqrt(1 / args.ref_paths + 1 / args.engine_paths)
    print(f"\nAccuracy, 10,000 accounts, ARR at month 36; per-account reference: {args.ref_paths:,} paths in "
          f"{ref_s:.1f} s; sampling error of the spread ratio ≈ ±{rel_se:.1%} (1 sd)")
    print("| engine | paths | seconds | P10–P90 spread ÷ reference | sd ÷ reference | mean ÷ reference "
          "| target |")
    print("|---|---:|---:|---:|---:|---:|---|")
    ref_end = ref.arr[:, 36]
    for per_tier in (1, 8, 32):
        t = time.perf_counter()
        eng = simulate(
            arr, tier, RATES, months=36, paths=args.engine_paths, seed=2, buckets_per_tier=per_tier
        )
        seconds = time.perf_counter() - t
        end = eng.arr[:, 36]
        ratio = spread(end) / spread(ref_end)
        verdict = ("met" if abs(ratio - 1) < 0.05 else "MISSED") + " (within 5%)"
        print(f"| buckets_per_tier={per_tier} | {args.engine_paths:,} | {seconds:.2f} | {ratio:.3f} | "
              f"{end.std() / ref_end.std():.3f} | {end.mean() / ref_end.mean():.4f} | {verdict} |")


def pipeline(repeats: int) -> None:
    """The whole projection of the 100,000-account sample company (cached by benchmarks/run.py)."""
    import datetime as dt
    from pathlib import Path

    from postsale.api import benchmarks_in_effect, load_inputs
    from postsale.core.projection.project import build_projection
    from postsale.sample import write_sample

    today = dt.date(2026, 11, 25)
    folder = Path(__file__).resolve().parent / ".data" / "book_100000"
    if not (folder / "accounts.csv").exists():
        write_sample(folder, 100_000, seed=7, today=today)
    book, company, _ = load_inputs(folder / "accounts.csv", folder / "company.toml")
    bench = benchmarks_in_effect(company)
    best, result = float("inf"), None
    for r in range(repeats):
        t = time.perf_counter()
        result = build_projection(book, company, bench, today, months=24, paths=1_000, seed=r)
        best = min(best, time.perf_counter() - t)
    assert result is not None
    last = result.months[-1]
    print(f"\nPipeline, {len(book):,} accounts, 1,000 paths × 24 months, {len(result.scenarios)} runs "
          f"(plan + scenarios): {best:.2f} s; {len(result.hires):,} requisitions; required at month 24 "
          f"{last.required_bands['total'].p10:,.0f} / {last.required_bands['total'].p50:,.0f} / "
          f"{last.required_bands['total'].p90:,.0f} (P10/P50/P90)")


if __name__ == "__main__":
    main()
