"""One-off fuzz run: thousands of generated account, company and team files through the CLI.

Each file runs ``postsale plan|assign|project`` in its own subprocess with a timeout and an
address-space limit (``resource``), so hangs, memory blow-ups and segfaults are caught and counted
instead of taking the machine down. Outcomes are classified (exit 0/2 is fine; exit 1, a
traceback, a signal, a timeout, the memory limit, a partial output, NaN/Infinity in JSON are
findings) and the first few of each are kept with their inputs under ``--keep``.

    python scripts/fuzz.py --files 5000 --jobs 2 --timeout 60 --memory-mb 2048 --keep /tmp/fuzz

The generators are the suite's (``tests/fuzz_inputs.py``); ``tests/test_fuzz.py`` runs a few dozen.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fuzz_inputs import account_file, company_file, team_file

TODAY = "2026-11-25"


def _limit(memory_mb: int) -> None:
    limit = memory_mb << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _command(rng: random.Random, folder: Path) -> tuple[list[str], Path]:
    inputs, out = folder / "in", folder / "out"
    inputs.mkdir()
    out.mkdir()
    accounts, company = account_file(rng, inputs), company_file(rng, inputs)
    which = rng.choice(["plan", "plan", "plan", "assign", "project", "org"])
    args = [str(Path(sys.executable).with_name("postsale")), which, str(accounts), "--today", TODAY]
    if rng.random() < 0.6:
        args += ["-c", str(company)]
    if which == "plan":
        args += ["-f", rng.choice(["json", "text", "html", "xlsx"]), "-o", str(out / "plan.out"),
                 "--accounts-out", str(out / "tiers.csv")]
    elif which == "assign":
        args += ["-o", str(out / "owners.csv"), "-f", "json", "--summary-out", str(out / "s.json")]
        if rng.random() < 0.6:
            args += ["--team", str(team_file(rng, inputs))]
    elif which == "project":
        args += ["--paths", str(rng.choice([10, 50])), "--months", str(rng.choice([6, 24])),
                 "-f", "json", "-o", str(out / "p.json")]
    else:
        args += ["-f", "json", "-o", str(out / "org.json")]
    return args, out


def _classify(done: subprocess.CompletedProcess[str] | None, out: Path, memory_hit: bool) -> str:
    if done is None:
        return "timeout"
    if done.returncode < 0:
        return f"signal {-done.returncode}"
    text = done.stderr + done.stdout[-2000:]
    if memory_hit or "MemoryError" in text:
        return "memory"
    if "Traceback" in text:
        return "traceback"
    if done.returncode not in (0, 2):
        return f"exit {done.returncode}"
    written = sorted(p.name for p in out.iterdir())
    if any(name.startswith(".") for name in written):
        return "temp file left"
    if done.returncode == 2:
        return "partial output" if written else ("ok 2" if "fix:" in text else "exit 2 without fix")
    for name in written:
        if name.endswith(".json") or name == "plan.out":
            try:
                json.loads((out / name).read_text("utf-8"), parse_constant=lambda c: 1 / 0)
            except ZeroDivisionError:
                return "NaN/Infinity in JSON"
            except (ValueError, UnicodeDecodeError):
                pass  # text, html or xlsx plan
    return "ok 0"


def run_one(seed: int, timeout: float, memory_mb: int, keep: Path | None) -> tuple[str, float]:
    rng = random.Random(seed)
    folder = Path(tempfile.mkdtemp(prefix="postsale-fuzz-"))
    try:
        args, out = _command(rng, folder)
        start = time.perf_counter()
        try:
            done: subprocess.CompletedProcess[str] | None = subprocess.run(
                args, capture_output=True, text=True, timeout=timeout, errors="replace",
                preexec_fn=lambda: _limit(memory_mb), check=False)
        except subprocess.TimeoutExpired:
            done = None
        elapsed = time.perf_counter() - start
        outcome = _classify(done, out, False)
        if keep is not None and not outcome.startswith("ok"):
            target = keep / f"{outcome.replace(' ', '_').replace('/', '_')}-{seed}"
            shutil.copytree(folder, target, dirs_exist_ok=True)
            (target / "command.txt").write_text(" ".join(args) + "\n" + (
                done.stderr[-5000:] if done else "timeout"))
        return outcome, elapsed
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--memory-mb", type=int, default=2048)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, default=None)
    opts = parser.parse_args()
    if opts.keep:
        opts.keep.mkdir(parents=True, exist_ok=True)
    counts: collections.Counter[str] = collections.Counter()
    slowest: list[tuple[float, int]] = []
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=opts.jobs) as pool:
        seeds = range(opts.seed, opts.seed + opts.files)
        for seed, (outcome, elapsed) in zip(seeds, pool.map(
                lambda s: run_one(s, opts.timeout, opts.memory_mb, opts.keep), seeds), strict=True):
            counts[outcome] += 1
            slowest = sorted([*slowest, (elapsed, seed)], reverse=True)[:5]
    print(f"{opts.files} files in {time.perf_counter() - start:.0f} s")
    for outcome, n in counts.most_common():
        print(f"  {outcome:24} {n}")
    print("slowest:", ", ".join(f"seed {s} {t:.1f} s" for t, s in slowest))


if __name__ == "__main__":
    main()
