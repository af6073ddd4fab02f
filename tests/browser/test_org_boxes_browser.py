"""The box-and-line org chart in Debian's Chromium, driven by Playwright (``executable_path``;
never ``playwright install``): the 300-customer demo and a 5,000-customer sample, both made by
the real ``postsale`` entry point. Boxes are visible and labelled down to the managers, a click
opens and closes a team, the search box finds a unit, Export SVG downloads an SVG, Export PNG a
PNG, and screenshots of the chart are real, non-blank images (kept in the test's tmp dir).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.browser.test_org_chart_browser import _chromium, _png_header

playwright = pytest.importorskip("playwright.sync_api")

POSTSALE = str(Path(sys.executable).with_name("postsale"))


def _postsale(*args: str) -> None:
    done = subprocess.run([POSTSALE, *args], capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("orgboxes")
    _postsale("org", "--demo", "--today", "2026-11-25", "-f", "html", "-o", str(out / "demo.html"))
    _postsale("sample", "-n", "5000", "--seed", "7", "--today", "2026-11-25", "-o",
              str(out / "s5000"))
    _postsale("org", str(out / "s5000" / "accounts.csv"), "-c", str(out / "s5000" / "company.toml"),
              "--today", "2026-11-25", "-f", "html", "-o", str(out / "s5000.html"))
    team = out / "team.csv"
    team.write_text("person_id,name,role\np1,Ana <b>Lima</b>,csm_high_touch\np2,Bo Chen,"
                    "csm_low_touch\np3,Dana Ruiz,manager\n", encoding="utf-8")
    _postsale("org", "--demo", "--today", "2026-11-25", "-t", str(team), "-f", "html", "-o",
              str(out / "team.html"))
    return {"demo": out / "demo.html", "sample": out / "s5000.html", "team": out / "team.html"}


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        yield b
        b.close()


def _open(browser: object, page_path: Path) -> tuple[object, list[str]]:
    page = browser.new_page(viewport={"width": 1400, "height": 1000},  # type: ignore[attr-defined]
                            accept_downloads=True)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_path.as_uri())
    page.locator(".boxchart .bx").first.wait_for(state="visible", timeout=20000)
    return page, errors


def _not_blank(png: bytes) -> None:
    width, height, _, _ = _png_header(png)
    assert width > 400
    assert height > 300
    assert len(set(png[-4000:])) > 40, "the screenshot looks blank"


@pytest.mark.parametrize("which", ["demo", "sample"])
def test_managers_labelled_expand_collapse_search_export(
        which: str, pages: dict[str, Path], browser: object, tmp_path: Path) -> None:
    page, errors = _open(browser, pages[which])
    card = page.locator(".boxchart").first  # the recommended model
    card.scroll_into_view_if_needed()
    boxes = card.locator(".bx")
    texts = boxes.all_inner_texts()
    assert texts
    assert all(t.strip() for t in texts), "a box without a label"
    assert any("people ·" in t for t in texts)
    managers = card.locator(".bx", has_text="manager · click for the team")
    if which == "sample":
        # collapsed below the managers: leaders drawn, their teams not yet
        assert managers.count() >= 3
        assert not any(" seats · " in t for t in texts)
    shot = tmp_path / f"{which}-managers.png"
    card.screenshot(path=str(shot))
    _not_blank(shot.read_bytes())

    # click a manager: its team box appears (or, shown already at the top, goes); click again:
    # back as it was
    manager = managers.last
    team_id = f'{manager.get_attribute("data-id")}/team'
    team_box = card.locator(f'.bx[data-id="{team_id}"]')
    shown = team_box.count()
    assert shown == (1 if which == "demo" else 0)
    manager.click()
    page.wait_for_timeout(600)
    assert team_box.count() == 1 - shown
    if not shown:
        assert " seats · " in team_box.inner_text()
    card.locator(f'.bx[data-id="{team_id[:-5]}"]').click()
    page.wait_for_timeout(600)
    assert team_box.count() == shown

    # search a unit of a team: the path to it opens and the box is highlighted
    data = page.evaluate("k => JSON.parse(document.getElementById('boxes-' + k).textContent)",
                         card.get_attribute("data-model"))
    team = next(b for b in data["boxes"] if b["kind"] == "team" and b["units"])
    card.locator(".box-search").fill(team["units"][0])
    page.wait_for_timeout(700)
    assert "box" in card.locator(".box-found").inner_text()
    hit = card.locator(f'.bx[data-id="{team["id"]}"]')
    assert hit.count() == 1
    assert "outline" in (hit.get_attribute("style") or "")
    shot = tmp_path / f"{which}-search.png"
    card.screenshot(path=str(shot))
    _not_blank(shot.read_bytes())

    with page.expect_download() as svg:
        card.locator("button[data-act=svg]").click()
    svg_path = tmp_path / "chart.svg"
    svg.value.save_as(svg_path)
    text = svg_path.read_text(encoding="utf-8")
    assert "<svg" in text
    assert team["units"][0].split(" ")[0] in text
    with page.expect_download() as png:
        card.locator("button[data-act=png]").click()
    png_path = tmp_path / "chart.png"
    png.value.save_as(png_path)
    _not_blank(png_path.read_bytes())
    assert errors == []
    page.close()


def test_team_file_people_on_their_seats_names_escaped_open_seats_marked(
        pages: dict[str, Path], browser: object, tmp_path: Path) -> None:
    page, errors = _open(browser, pages["team"])
    card = page.locator(".boxchart").first
    card.scroll_into_view_if_needed()
    head = card.locator('.bx[data-id="manager-1"]')
    assert "Dana Ruiz · Head of Customer Success" in head.inner_text()
    team = card.locator('.bx[data-id="manager-1/team"]')
    people = team.locator(".person").all_inner_texts()
    assert people == ["Ana <b>Lima</b> · Enterprise CSM (high touch)",
                      "Bo Chen · CSM (low touch)"]
    assert team.locator("b").count() == 0  # the name is text, not markup
    assert team.locator(".open-req").inner_text() == "7 open requisitions"
    card.locator(".box-search").fill("bo chen")
    page.wait_for_timeout(700)
    assert "outline" in (team.get_attribute("style") or "")
    shot = tmp_path / "team.png"
    card.screenshot(path=str(shot))
    _not_blank(shot.read_bytes())
    assert errors == []
    page.close()
