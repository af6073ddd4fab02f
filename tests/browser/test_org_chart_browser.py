"""The org design page in a real browser: headless Chromium runs plotly.js offline and draws the
icicle charts (DOM after JS), and a screenshot of the page is a real, non-blank image.

Chromium is a test dependency installed by ``.ci/run``; without it this test fails (it does not
skip), so a CI image that lost the browser is noticed.
"""

from __future__ import annotations

import datetime as dt
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from postsale.api import demo_inputs, run_plan
from postsale.keys import OrgModel
from postsale.report.org_html import render_org_html

TODAY = dt.date(2026, 11, 25)
WIDTH, HEIGHT = 1400, 2400


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    if found is None:
        pytest.fail("Chromium is not installed: .ci/run installs it "
                    "(apt-get install chromium); the browser tests need it")
    return found


def _run(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
         "--virtual-time-budget=15000", *extra, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    book, company = demo_inputs(TODAY)
    plan = run_plan(book, company, today=TODAY).result
    path = tmp_path_factory.mktemp("org") / "org.html"
    path.write_text(render_org_html(plan), encoding="utf-8")
    return path


def test_plotly_draws_every_icicle(page: Path, tmp_path: Path) -> None:
    result = _run(page, tmp_path / "profile", "--dump-dom")
    dom = result.stdout
    assert result.returncode == 0, result.stderr[-2000:]
    assert 'class="main-svg"' in dom, "plotly.js did not render (no main-svg)"
    assert dom.count("iciclelayer") >= len(OrgModel)
    assert dom.count('class="slice') > 4 * len(OrgModel)
    assert "Head of Customer Success" in dom or "Director of Customer Success" in dom


def _png_header(data: bytes) -> tuple[int, int, int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert length == 13
    return width, height, depth, colour


def _idat(data: bytes) -> bytes:
    pos, out = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            out += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    return out


def test_screenshot_is_the_requested_size_and_not_blank(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "org.png"
    result = _run(page, tmp_path / "profile", "--hide-scrollbars", f"--screenshot={shot}",
                  f"--window-size={WIDTH},{HEIGHT}")
    assert shot.exists(), result.stderr[-2000:]
    data = shot.read_bytes()
    width, height, depth, colour = _png_header(data)
    assert (width, height) == (WIDTH, HEIGHT)
    assert depth == 8
    raw = zlib.decompress(_idat(data))
    channels = {2: 3, 6: 4}[colour]
    assert len(raw) == height * (1 + width * channels)  # a whole, decodable image
    # A blank page compresses to a few KB; a page of charts, cards and text does not.
    assert len(data) > 60_000, f"screenshot looks blank ({len(data)} bytes)"
    # Filter bytes aside, the rows hold many distinct values (colours), not one background.
    assert len(set(raw[: width * channels * 400])) > 50
