"""Benchmark of `postsale plan BOOK --company F --format xlsx --out plan.xlsx` (issue 13 item 4).

Target: the workbook of a 500,000-account book — every sheet, the Inputs sheet with the capacity
model as formulas, and the per-account sheet — written in < 10 s. Each run is a fresh subprocess
(module load excluded) that loads the book, plans it, then times ``write_plan_xlsx`` alone and the
whole (load + plan + write).

    python benchmarks/xlsx.py                      # 500k, best of 3
    python benchmarks/xlsx.py --sizes 100000 --repeats 1
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile

from run import TODAY, _sample  # the seeded sample books, cached under benchmarks/.data/

CHILD = """
import datetime as dt, json, resource, sys, time
from pathlib import Path
from postsale.api import load_inputs, run_plan
from postsale.report.xlsx import write_plan_xlsx
t0 = time.perf_counter()
book, company, notes = load_inputs(sys.argv[1], sys.argv[2])
run = run_plan(book, company, today=dt.date.fromisoformat(sys.argv[3]), notes=notes)
t1 = time.perf_counter()
out = Path(sys.argv[4])
write_plan_xlsx(run.result, out, accounts=run.account_rows())
t2 = time.perf_counter()
print(json.dumps({"plan_seconds": t1 - t0, "xlsx_seconds": t2 - t1, "total_seconds": t2 - t0,
                  "xlsx_mb": out.stat().st_size / 1e6,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(sizes: list[int], repeats: int) -> list[dict[str, float]]:
    rows = []
    for size in sizes:
        accounts, company = _sample(size)
        best: dict[str, float] | None = None
        for _ in range(repeats):
            with tempfile.TemporaryDirectory() as tmp:
                done = subprocess.run(
                    [sys.executable, "-c", CHILD, str(accounts), str(company), TODAY.isoformat(),
                     f"{tmp}/plan.xlsx"], capture_output=True, text=True, check=True)
            r = json.loads(done.stdout.strip().splitlines()[-1])
            if best is None or r["total_seconds"] < best["total_seconds"]:
                best = r
        assert best is not None
        rows.append({"accounts": size, **best})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500_000])
    parser.add_argument("--repeats", type=int, default=3, help="best of N runs per size")
    parser.add_argument("--json", type=str, help="also write the rows as JSON here")
    args = parser.parse_args()
    rows = run(args.sizes, args.repeats)
    print(f"# postsale plan --format xlsx — Python {platform.python_version()}, "
          f"{platform.machine()}, best of {args.repeats}")
    print("| accounts | load + plan s | xlsx write s | total s | xlsx MB | peak MB | target |")
    print("|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        verdict = ("met" if r["total_seconds"] < 10 else "MISSED") + " (< 10 s)" \
            if int(r["accounts"]) == 500_000 else ""
        print(f"| {int(r['accounts']):,} | {r['plan_seconds']:.2f} | {r['xlsx_seconds']:.2f} | "
              f"{r['total_seconds']:.2f} | {r['xlsx_mb']:.1f} | {r['peak_mb']:.0f} | {verdict} |")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(rows, handle, indent=2)
            handle.write("\n")


if __name__ == "__main__":
    main()
