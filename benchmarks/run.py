"""Performance benchmark of `postsale plan` (issue 2 targets) against a pyarrow baseline.

For each book size it generates a seeded sample company (cached under benchmarks/.data/), then, in
fresh subprocesses so peak memory is per run:

* baseline — pyarrow.csv.read_csv of the same file (the floor any importer has to pay);
* postsale — load_accounts (parse + validate) and the full plan (tier, economics, capacity,
  triggers, diagnosis, fit, checks) through the public API, as `postsale plan` runs it.

It prints seconds, peak RSS and the ratio to the baseline. Targets (PRODUCT.md quality bars):
100k accounts planned in < 3 s; 1M in < 20 s and < 2 GB.

    python benchmarks/run.py                 # 10k, 100k, 1M
    python benchmarks/run.py --sizes 10000   # one size
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
TODAY = dt.date(2026, 11, 25)

CHILD_BASELINE = """
import json, resource, sys, time
import pyarrow.csv as pv
t = time.perf_counter()
table = pv.read_csv(sys.argv[1])
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "rows": table.num_rows,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

CHILD_POSTSALE = """
import datetime as dt, json, resource, sys, time
t0 = time.perf_counter()
from postsale.api import load_inputs, run_plan
import pyarrow as pa
# pyarrow's first pa.array() imports pandas when it is installed (the test extra brings it for
# pyworkforce): a one-off library load, counted as module load like the imports above
pa.array([0])
t1 = time.perf_counter()
book, company, notes = load_inputs(sys.argv[1], sys.argv[2])
t2 = time.perf_counter()
run = run_plan(book, company, today=dt.date.fromisoformat(sys.argv[3]), notes=notes)
t3 = time.perf_counter()
payload = run.result.to_dict()
t4 = time.perf_counter()
print(json.dumps({"import_seconds": t2 - t1, "plan_seconds": t3 - t2, "json_seconds": t4 - t3,
                  "startup_seconds": t1 - t0, "rows": len(book),
                  "required_total": payload["headcount"]["required"]["total"],
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _sample(size: int) -> tuple[Path, Path]:
    out = DATA / f"book_{size}"
    accounts, company = out / "accounts.csv", out / "company.toml"
    if not accounts.exists():
        from postsale.sample import write_sample

        write_sample(out, size, seed=7, today=TODAY)
    return accounts, company


def _child(code: str, *args: str) -> dict[str, float]:
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                            check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def run(sizes: list[int], repeats: int) -> list[dict[str, float]]:
    rows = []
    for size in sizes:
        accounts, company = _sample(size)
        base = min((_child(CHILD_BASELINE, str(accounts)) for _ in range(repeats)),
                   key=lambda r: r["seconds"])
        ours = min((_child(CHILD_POSTSALE, str(accounts), str(company), TODAY.isoformat())
                    for _ in range(repeats)),
                   key=lambda r: r["import_seconds"] + r["plan_seconds"])
        total = ours["import_seconds"] + ours["plan_seconds"]
        rows.append({
            "accounts": size,
            "csv_mb": accounts.stat().st_size / 1e6,
            "pyarrow_read_s": base["seconds"],
            "import_s": ours["import_seconds"],
            "plan_s": ours["plan_seconds"],
            "startup_s": ours["startup_seconds"],
            "total_s": total,
            "ratio_to_pyarrow": total / base["seconds"],
            "peak_mb": ours["peak_mb"],
            "pyarrow_peak_mb": base["peak_mb"],
            "required_total": ours["required_total"],
        })
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=3, help="best of N runs per size")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args()
    rows = run(args.sizes, args.repeats)
    print(f"# postsale plan benchmark — Python {platform.python_version()}, "
          f"{platform.machine()}, best of {args.repeats}")
    print("| accounts | CSV MB | pyarrow read s | import s | plan s | total s | × pyarrow "
          "| peak MB | module load s | target |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    targets = {100_000: (3.0, None), 1_000_000: (20.0, 2048.0)}
    for r in rows:
        limit = targets.get(int(r["accounts"]))
        verdict = ""
        if limit:
            ok = r["total_s"] < limit[0] and (limit[1] is None or r["peak_mb"] < limit[1])
            verdict = ("met" if ok else "MISSED") + f" (< {limit[0]:g} s" + (
                f", < {limit[1]:g} MB)" if limit[1] else ")")
        print(f"| {int(r['accounts']):,} | {r['csv_mb']:.1f} | {r['pyarrow_read_s']:.3f} | "
              f"{r['import_s']:.3f} | {r['plan_s']:.3f} | {r['total_s']:.3f} | "
              f"{r['ratio_to_pyarrow']:.1f}× | {r['peak_mb']:.0f} | {r['startup_s']:.2f} | "
              f"{verdict} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
