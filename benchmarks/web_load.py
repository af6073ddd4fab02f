"""Loopback load test of the what-if panel (issue 14): 50 planners moving levers for 60 s on a
10,000-account workspace, served by ``postsale serve`` (gunicorn, the real entry point).

Usage (not run in CI; takes ~1.5 minutes)::

    PYTHONPATH=src .venv/bin/python benchmarks/web_load.py [--users 50] [--seconds 60]
        [--customers 10000] [--port 8765] [--workers 3] [--threads 2] [--keep]

What it does:

1. creates a fresh data directory under ``benchmarks/.data/web_load`` (SQLite): a workspace with
   the ``postsale sample`` book of ``--customers`` accounts and its company file
   (``postsale.sample.write_sample``, seed 7), and one planner user;
2. starts ``postsale serve`` as a subprocess on 127.0.0.1 and waits for ``/healthz``;
3. runs ``--users`` simulated planners, one thread and one HTTP session each (``requests``): each
   signs in through the login form and opens the plan page once (the "sign-in" row: timed, not
   part of the window — 50 password hashes at once take seconds of CPU), then, all together and
   for ``--seconds``, moves
   one lever to a neighbouring slider position (a random walk over accounts per CSM per tier, the
   two tier thresholds, the budget share and the low-touch renewals owner) and posts the whole
   panel to ``plan/what-if/`` as HTMX does (form fields, ``HX-Request``, the CSRF header), then
   thinks for a uniform 0.5–1.5 s (a person reading the figures; HTMX's own 250 ms debounce
   happens in the browser and is not part of the server's latency);
4. prints the request count, error count, and p50/p95/p99 latency of the what-ifs (and of the
   sign-in requests), and exits 1 when the what-if p95 is 300 ms or more or any request failed.
   A request the server's keep-alive timeout cut (``ConnectionError`` on a reused connection) is
   re-sent once, as browsers do, and counted; the time includes both attempts.

The random walk starts at the plan's own levers, so positions repeat (dragging back and forth) as
they would in a browser — the per-process result cache serves those — but most positions are new.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import requests

HERE = Path(__file__).resolve().parent
PASSWORD = "correct-horse-battery-9"
EMAIL = "planner@load.test"
SLUG = "load"
TODAY = dt.date.today()

#: slider positions of each lever (a planner moves one step at a time)
STEPS: dict[str, list[Any]] = {
    "accounts_per_csm.high_touch": list(range(8, 16)),
    "accounts_per_csm.low_touch": list(range(40, 85, 5)),
    "accounts_per_csm.tech_touch": list(range(200, 1100, 100)),
    "tiering.high_touch_min_acv": list(range(60_000, 160_000, 10_000)),
    "tiering.low_touch_min_acv": list(range(5_000, 25_000, 2_500)),
    "budget.share": [round(0.08 + 0.01 * i, 2) for i in range(10)],
    "renewals.low_touch": ["desk", "csm", "sales"],
}


def prepare(data_dir: Path, customers: int) -> None:
    """A fresh data directory: migrations, the workspace with its book, the planner."""
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    from postsale.web.runtime import configure, create_user, migrate

    configure(data_dir)
    migrate()
    from postsale.sample import write_sample
    from postsale.web.models import FileKind, Workspace
    from postsale.web.uploads_store import store_path

    files = data_dir / "sample"
    accounts, company = write_sample(files, customers, 7, TODAY)
    workspace = Workspace.objects.create(name="Load test", slug=SLUG,
                                         company_toml=company.read_text(encoding="utf-8"))
    upload = store_path(workspace, accounts, FileKind.ACCOUNTS, "accounts.csv", today=TODAY)
    assert upload.status == "ok", upload.problems
    create_user(EMAIL, PASSWORD, "planner", SLUG)


def serve(data_dir: Path, port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).with_name("postsale")
    command = [str(exe), "serve", "--port", str(port), "--data-dir", str(data_dir),
               "--workers", str(workers), "--threads", str(threads)]
    log = (data_dir / "serve.log").open("wb")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=os.environ.copy())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                return server
        except requests.RequestException:
            time.sleep(0.3)
    server.kill()
    raise SystemExit(f"postsale serve did not answer within 60 s; see {data_dir / 'serve.log'}")


class Planner(threading.Thread):
    """One person at the what-if panel."""

    def __init__(self, base: str, seconds: float, seed: int, barrier: threading.Barrier) -> None:
        super().__init__(daemon=True)
        self.base, self.seconds, self.rng = base, seconds, random.Random(seed)
        self.barrier = barrier
        self.http = requests.Session()
        self.form: dict[str, str] = {}
        self.timings: list[tuple[str, float]] = []
        self.errors: list[str] = []
        self.retried = 0

    def timed(self, kind: str, call: Any) -> requests.Response | None:
        start = time.perf_counter()
        try:
            try:
                response: requests.Response = call()
            except requests.ConnectionError:
                # the server closed an idle keep-alive connection as the request went out (its
                # keep-alive timeout is 2 s); a browser re-sends on a fresh connection, so do we
                self.retried += 1
                response = call()
        except requests.RequestException as error:
            self.errors.append(f"{kind}: {error}")
            return None
        self.timings.append((kind, time.perf_counter() - start))
        if response.status_code >= 400 or (kind == "whatif" and b'role="alert"' in response.content):
            self.errors.append(f"{kind}: HTTP {response.status_code}")
        return response

    def sign_in(self) -> bool:
        """Sign in and open the plan page (before the timed window: a planner does it once)."""
        http = self.http
        page = self.timed("login_page", lambda: http.get(f"{self.base}/login/", timeout=120))
        if page is None:
            return False
        token = http.cookies.get("csrftoken", "")
        self.timed("login", lambda: http.post(f"{self.base}/login/", timeout=120, data={
            "username": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": token}))
        plan = self.timed("plan_page", lambda: http.get(f"{self.base}/w/{SLUG}/plan/", timeout=120))
        if plan is None or plan.status_code != 200:
            return False
        self.form = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', plan.text))
        self.form.pop("csrfmiddlewaretoken", None)
        self.form["renewals.low_touch"] = "desk"
        return True

    def run(self) -> None:
        ready = self.sign_in()
        self.barrier.wait()
        if not ready:
            return
        http, form = self.http, self.form
        headers = {"X-CSRFToken": http.cookies.get("csrftoken", ""), "HX-Request": "true",
                   "Referer": f"{self.base}/w/{SLUG}/plan/"}
        stop_at = time.monotonic() + self.seconds
        time.sleep(self.rng.uniform(0.0, 1.0))  # people do not all move a lever at once
        while time.monotonic() < stop_at:
            lever = self.rng.choice(list(STEPS))
            steps = STEPS[lever]
            current = form.get(lever)
            index = next((i for i, s in enumerate(steps) if str(s) == current),
                         self.rng.randrange(len(steps)))
            index = min(max(index + self.rng.choice((-1, 1)), 0), len(steps) - 1)
            form[lever] = str(steps[index])
            if lever == "budget.share":
                form["budget.amount"] = ""
            self.timed("whatif", lambda: http.post(f"{self.base}/w/{SLUG}/plan/what-if/",
                                                   data=form, headers=headers, timeout=30))
            time.sleep(self.rng.uniform(0.5, 1.5))


def server_cpu_seconds(root: int) -> float:
    """CPU time (user + system) of ``postsale serve`` and its gunicorn workers so far (Linux /proc):
    what the what-ifs cost the server, whatever else runs on the machine."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if pid == root or ppid == root:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    args = parser.parse_args()

    data_dir = HERE / ".data" / "web_load"
    prepare(data_dir, args.customers)
    load_before = os.getloadavg()[0]
    server = serve(data_dir, args.port, args.workers, args.threads)
    base = f"http://127.0.0.1:{args.port}"
    try:
        barrier = threading.Barrier(args.users + 1, timeout=600)
        planners = [Planner(base, args.seconds, seed, barrier) for seed in range(args.users)]
        for planner in planners:
            planner.start()
        barrier.wait()  # everyone signed in and looking at the plan: the timed window starts
        started, cpu_before = time.monotonic(), server_cpu_seconds(server.pid)
        for planner in planners:
            planner.join(args.seconds + 120)
        elapsed = time.monotonic() - started
        cpu = server_cpu_seconds(server.pid) - cpu_before
        load_during = os.getloadavg()[0]
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)

    timings = [t for p in planners for t in p.timings]
    errors = [e for p in planners for e in p.errors]
    whatifs = [seconds for kind, seconds in timings if kind == "whatif"]
    setup = [seconds for kind, seconds in timings if kind != "whatif"]
    retried = sum(p.retried for p in planners)
    ms = 1000.0
    print(f"users {args.users}, {args.seconds:.0f} s, {args.customers:,} accounts, "
          f"gunicorn {args.workers} workers x {args.threads} threads, think 0.5-1.5 s, "
          f"{os.cpu_count()} CPUs, load average {load_before:.1f} before the run "
          f"(other processes share the machine)")
    print(f"what-ifs {len(whatifs)} in {elapsed:.1f} s ({len(whatifs) / elapsed:.1f}/s), "
          f"errors {len(errors)}, re-sent after a closed keep-alive connection {retried}")
    per_request = cpu / len(whatifs) if whatifs else float("nan")
    print(f"server CPU {cpu:.1f} s in the window = {per_request * ms:.1f} ms per what-if "
          f"(capacity of {os.cpu_count()} free cores ~ {(os.cpu_count() or 1) / per_request:.0f} "
          f"what-ifs/s); load average at the end {load_during:.1f}")
    for name, values in (("what-if", whatifs), ("sign-in", setup)):
        print(f"{name:8s} p50 {percentile(values, 50) * ms:6.1f} ms  "
              f"p95 {percentile(values, 95) * ms:6.1f} ms  p99 {percentile(values, 99) * ms:6.1f} ms"
              f"  max {max(values, default=0) * ms:6.1f} ms  mean "
              f"{(statistics.fmean(values) if values else 0) * ms:6.1f} ms")
    for error in errors[:10]:
        print("error:", error)
    p95 = percentile(whatifs, 95)
    return 0 if whatifs and not errors and p95 < 0.300 else 1


if __name__ == "__main__":
    sys.exit(main())
