"""The projection page in a real browser: headless Chromium runs the inlined plotly.js offline and
draws every chart (headcount with bands, cost share against the bands, the hiring calendar as a
timeline, customers, ARR and the scenarios)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from postsale.api import demo_inputs, run_projection
from postsale.report.project_html import CHART_IDS, render_projection_html

TODAY = dt.date(2026, 11, 25)


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    if found is None:
        pytest.fail("Chromium is not installed: .ci/run installs it (apt-get install chromium)")
    return found


def test_plotly_draws_every_projection_chart(tmp_path: Path) -> None:
    book, company = demo_inputs(TODAY)
    result = run_projection(book, company, today=TODAY, months=24, paths=100, seed=2)
    page = tmp_path / "projection.html"
    page.write_text(render_projection_html(result), encoding="utf-8")
    run = subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=15000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    dom = run.stdout
    assert run.returncode == 0, run.stderr[-2000:]
    for chart in CHART_IDS:
        start = dom.find(f'id="{chart}"')
        assert start >= 0, chart
        following = dom[start:]
        nxt = min((following.find(f'id="{other}"') for other in CHART_IDS
                   if other != chart and following.find(f'id="{other}"') > 0), default=len(following))
        assert 'class="main-svg"' in following[:nxt], f"plotly.js did not draw {chart}"
    assert len(re.findall(r'class="trace scatter', dom)) >= 6  # lines and bands
    assert "class=\"bars\"" in dom or 'class="trace bars' in dom  # the hiring calendar
