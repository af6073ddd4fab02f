"""Benchmark of several files, one book (issue 11): accounts + subscription lines + tickets to a plan.

Generates (cached under benchmarks/.data/sources_<accounts>/) a `postsale sample` company of
100,000 accounts (seed 7), with its ARR column removed, and from it:

* ``subscriptions.csv`` — 1,000,000 Stripe-style lines (id, Customer ID, Unit Amount, Quantity,
  Interval month/year, Status, Start, Current Period End, Ended At): each account's ARR split over
  its active lines, plus ended lines (churned accounts and past add-ons);
* ``tickets.csv`` — 2,000,000 Zendesk-style tickets (Ticket ID, Organization ID, Status,
  Created at) over the last 9 months.

Then, each in a fresh subprocess (peak memory is per run):

* baseline — ``pyarrow.csv.read_csv`` of the three files (the floor any importer pays);
* postsale — ``load_inputs`` (read, map, parse, roll up, join) and the full plan, as
  ``postsale plan accounts.csv --subscriptions … --tickets …`` runs them.

Prints seconds, peak RSS and the ratio to the baseline. Target (PRODUCT.md quality bars):
< 10 s and < 2 GB.

    python benchmarks/sources.py                 # 100k accounts, 1M lines, 2M tickets
    python benchmarks/sources.py --repeats 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
TODAY = dt.date(2026, 12, 5)

CHILD_BASELINE = """
import json, resource, sys, time
import pyarrow.csv as pv
t = time.perf_counter()
rows = sum(pv.read_csv(p).num_rows for p in sys.argv[1:])
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "rows": rows,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

CHILD_POSTSALE = """
import datetime as dt, json, resource, sys, time
t0 = time.perf_counter()
from postsale.api import load_inputs, run_plan
t1 = time.perf_counter()
today = dt.date.fromisoformat(sys.argv[5])
book, company, notes = load_inputs(sys.argv[1], sys.argv[2], today=today,
                                   subscriptions=sys.argv[3], tickets=sys.argv[4])
t2 = time.perf_counter()
run = run_plan(book, company, today=today, notes=notes)
t3 = time.perf_counter()
payload = run.result.to_dict()
print(json.dumps({"import_seconds": t2 - t1, "plan_seconds": t3 - t2,
                  "startup_seconds": t1 - t0, "accounts": len(book),
                  "arr": float(book.arr.sum()), "customers": int(book.active.sum()),
                  "required_total": payload["headcount"]["required"]["total"],
                  "notes": [w["code"] for w in payload["warnings"] if w["code"].startswith("import")],
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _write_csv(path: Path, columns: dict[str, object]) -> None:
    import pyarrow as pa
    import pyarrow.csv as pv

    pv.write_csv(pa.table(columns), path)


def generate(accounts: int, lines: int, tickets: int, seed: int = 7) -> tuple[Path, Path, Path,
                                                                                 Path]:
    """The cached files (accounts, company, subscriptions, tickets) for these sizes."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pv

    out = DATA / f"sources_{accounts}_{lines}_{tickets}"
    files = (out / "accounts.csv", out / "company.toml", out / "subscriptions.csv",
             out / "tickets.csv")
    if all(f.exists() for f in files):
        return files
    from postsale.sample import write_sample

    out.mkdir(parents=True, exist_ok=True)
    write_sample(out / "sample", accounts, seed=seed, today=TODAY)
    book = pv.read_csv(out / "sample" / "accounts.csv")
    (out / "company.toml").write_bytes((out / "sample" / "company.toml").read_bytes())
    drop = [c for c in ("arr", "previous_arr", "tickets_per_month") if c in book.column_names]
    pv.write_csv(book.drop(drop), files[0])
    ids = book.column("account_id")
    arr = np.asarray(pc.cast(book.column("arr"), pa.float64()).to_numpy(), dtype=np.float64)
    rng = np.random.default_rng(seed)
    n = len(arr)
    today = np.datetime64(TODAY, "D")
    # 80% of the lines run today and carry the ARR; 20% ended (past add-ons, churned accounts)
    live = int(lines * 0.8)
    who = np.concatenate([np.arange(n), rng.integers(0, n, live - n)])
    who = who[np.flatnonzero(arr[who] > 0)]
    share = rng.gamma(2.0, 1.0, who.size)
    totals = np.bincount(who, weights=share, minlength=n)
    annual = arr[who] * share / totals[who]
    ended_who = rng.integers(0, n, lines - who.size)
    ended_annual = rng.uniform(500, 20_000, ended_who.size).round(2)
    account = np.concatenate([who, ended_who])
    yearly = rng.random(account.size) < 0.6
    per_interval = np.concatenate([annual, ended_annual]) / np.where(yearly, 1.0, 12.0)
    quantity = rng.integers(1, 50, account.size)
    unit = (per_interval / quantity).round(6)
    start = today - rng.integers(30, 3 * 365, account.size).astype("timedelta64[D]")
    ended = np.arange(account.size) >= who.size
    end = np.where(ended, today - rng.integers(1, 700, account.size).astype("timedelta64[D]"),
                   np.datetime64("NaT"))
    start = np.where(ended & (start >= end), end - np.timedelta64(200, "D"), start)
    period_end = np.where(ended, end, today + rng.integers(1, 365, account.size)
                          .astype("timedelta64[D]"))
    order = rng.permutation(account.size)
    _write_csv(files[2], {
        "id": pa.array([f"sub_{i:07d}" for i in range(account.size)]),
        "Customer ID": ids.take(pa.array(account[order])),
        "Product": pa.array(np.where(yearly, "Platform", "Seats")[order]),
        "Quantity": pa.array(quantity[order]),
        "Unit Amount": pa.array(unit[order]),
        "Interval": pa.array(np.where(yearly, "year", "month")[order]),
        "Status": pa.array(np.where(ended, "canceled", "active")[order]),
        "Start (UTC)": pa.array(start[order]),
        "Current Period End (UTC)": pa.array(period_end[order]),
        "Ended At (UTC)": pa.array(end[order]),
    })
    busy = rng.gamma(0.7, 1.0, n)
    owner = rng.choice(n, tickets, p=busy / busy.sum())
    created = today - rng.integers(0, 270, tickets).astype("timedelta64[D]")
    _write_csv(files[3], {
        "Ticket ID": pa.array(np.arange(1, tickets + 1)),
        "Organization ID": ids.take(pa.array(owner)),
        "Status": pa.array(np.where(rng.random(tickets) < 0.9, "solved", "open")),
        "Created at": pa.array(created),
    })
    return files


def _child(code: str, *args: str) -> dict[str, object]:
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                            check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--tickets", type=int, default=2_000_000)
    parser.add_argument("--repeats", type=int, default=1, help="best of N runs")
    args = parser.parse_args()
    accounts, company, subs, tickets = generate(args.accounts, args.lines, args.tickets)
    base = min((_child(CHILD_BASELINE, str(accounts), str(subs), str(tickets))
                for _ in range(args.repeats)), key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]
    ours = min((_child(CHILD_POSTSALE, str(accounts), str(company), str(subs), str(tickets),
                       TODAY.isoformat()) for _ in range(args.repeats)),
               key=lambda r: float(r["import_seconds"]) + float(r["plan_seconds"]))  # type: ignore[arg-type]
    total = float(ours["import_seconds"]) + float(ours["plan_seconds"])  # type: ignore[arg-type]
    mb = sum(p.stat().st_size for p in (accounts, subs, tickets)) / 1e6
    ok = total < 10.0 and float(ours["peak_mb"]) < 2048  # type: ignore[arg-type]
    print(f"# postsale sources benchmark — Python {platform.python_version()}, "
          f"{platform.machine()}, best of {args.repeats}")
    print("| accounts | lines | tickets | CSV MB | pyarrow read s | import s | plan s | total s "
          "| × pyarrow | peak MB | pyarrow peak MB | target |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    print(f"| {args.accounts:,} | {args.lines:,} | {args.tickets:,} | {mb:.0f} | "
          f"{float(base['seconds']):.2f} | {float(ours['import_seconds']):.2f} | "  # type: ignore[arg-type]
          f"{float(ours['plan_seconds']):.2f} | {total:.2f} | "  # type: ignore[arg-type]
          f"{total / float(base['seconds']):.1f}× | {float(ours['peak_mb']):.0f} | "  # type: ignore[arg-type]
          f"{float(base['peak_mb']):.0f} | {'met' if ok else 'MISSED'} (< 10 s, < 2,048 MB) |")  # type: ignore[arg-type]
    print(f"customers {ours['customers']:,}, ARR {float(ours['arr']):,.0f}, "  # type: ignore[arg-type]
          f"required headcount {ours['required_total']}, notes {ours['notes']}")


if __name__ == "__main__":
    main()
