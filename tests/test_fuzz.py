"""Fuzz the real entry points with generated account, company and team files (issue 11 item 7).

Whatever the files hold, ``postsale`` exits 0 or 2 — never 1 (an internal error) or a traceback —
leaves nothing in the output folder when it fails, and writes strict JSON (no NaN or Infinity).
Bounded for the suite (a few dozen files); ``scripts/fuzz.py`` runs thousands in subprocesses with
a timeout and a memory limit.
"""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from fuzz_inputs import account_file, company_file, team_file
from postsale.cli import app

runner = CliRunner()
TODAY = "2026-11-25"


def fuzz(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


def _strict(text: str) -> object:
    def refuse(constant: str) -> object:
        raise AssertionError(f"{constant} in the JSON output")

    return json.loads(text, parse_constant=refuse)


def _check(args: list[str], out: Path) -> None:
    result = runner.invoke(app, [*args, "--today", TODAY])
    text = result.output
    assert result.exit_code in (0, 2), f"exit {result.exit_code}: {text[-2000:]}"
    assert result.exception is None or isinstance(result.exception, SystemExit), text[-2000:]
    assert "Traceback" not in text
    assert "internal error" not in text
    written = sorted(p.name for p in out.iterdir())
    if result.exit_code != 0:
        assert written == [], f"partial output left: {written}"
        assert "fix:" in text, text[-2000:]
    for name in written:
        assert not name.startswith("."), f"temp file left: {name}"
        if name.endswith(".json"):
            _strict((out / name).read_text(encoding="utf-8"))


def _inputs(rng: random.Random, root: Path) -> tuple[Path, Path, Path]:
    (root / "in").mkdir()
    (root / "out").mkdir()
    return account_file(rng, root / "in"), company_file(rng, root / "in"), root / "out"


@fuzz(35)
@given(rng=st.randoms(use_true_random=False), with_company=st.booleans())
def test_fuzz_plan(rng: random.Random, with_company: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        accounts, company, out = _inputs(rng, Path(tmp))
        args = ["plan", str(accounts), "-f", "json", "-o", str(out / "plan.json"),
                "--accounts-out", str(out / "tiers.csv")]
        _check(args + (["-c", str(company)] if with_company else []), out)


@fuzz(12)
@given(rng=st.randoms(use_true_random=False))
def test_fuzz_assign_with_a_team(rng: random.Random) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        accounts, company, out = _inputs(rng, Path(tmp))
        team = team_file(rng, Path(tmp) / "in")
        _check(["assign", str(accounts), "-c", str(company), "--team", str(team), "-o",
                str(out / "owners.csv"), "-f", "json", "--summary-out", str(out / "s.json")], out)


@fuzz(8)
@given(rng=st.randoms(use_true_random=False))
def test_fuzz_project(rng: random.Random) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        accounts, company, out = _inputs(rng, Path(tmp))
        _check(["project", str(accounts), "-c", str(company), "--paths", "20", "--months", "6",
                "-f", "json", "-o", str(out / "p.json")], out)
