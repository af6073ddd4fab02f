"""Every language end to end (issue 13 acceptance): the plan, the org chart (300 and 5,000 seats)
and the board pack rendered by the real ``postsale`` entry point with ``--lang``, opened in
Debian's Chromium (Playwright with ``executable_path``) and screenshotted; the board pack's PDF
rendered to PNG with poppler's ``pdftoppm`` and checked for its pages, for text inside the page
box, and — in Japanese and Chinese — for CJK glyphs drawn from a CJK font (not tofu boxes).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest
from tests.browser.test_org_chart_browser import _chromium, _png_header

from postsale.i18n import LANGUAGES, renderer

playwright = pytest.importorskip("playwright.sync_api")

POSTSALE = str(Path(sys.executable).with_name("postsale"))
TODAY = "2026-11-25"
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _postsale(*args: str) -> None:
    done = subprocess.run([POSTSALE, *args, "--today", TODAY], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("languages")
    files: dict[str, Path] = {}
    # 160,000 customers: the recommended chart has just over 5,000 seats
    subprocess.run([POSTSALE, "sample", "-n", "160000", "--seed", "7", "--today", TODAY, "-o",
                    str(out / "big")], check=True, capture_output=True, timeout=300)
    files["org5000-json"] = out / "org5000.json"
    _postsale("org", str(out / "big" / "accounts.csv"), "-c", str(out / "big" / "company.toml"),
              "-f", "json", "-o", str(files["org5000-json"]))
    for lang in LANGUAGES:
        files[f"plan-{lang}"] = out / f"plan-{lang}.html"
        _postsale("plan", "--demo", "--lang", lang, "-f", "html", "-o", str(files[f"plan-{lang}"]))
        files[f"org-{lang}"] = out / f"org-{lang}.html"
        _postsale("org", "--demo", "--lang", lang, "-f", "html", "-o", str(files[f"org-{lang}"]))
        files[f"pack-{lang}"] = out / f"pack-{lang}.pdf"
        _postsale("report", "--demo", "--lang", lang, "-o", str(files[f"pack-{lang}"]))
        files[f"board-{lang}"] = out / f"board-{lang}.html"
        _postsale("report", "--demo", "--lang", lang, "-o", str(files[f"board-{lang}"]))
    for lang in LANGUAGES:  # the 5,000-seat chart in every language
        files[f"org5000-{lang}"] = out / f"org5000-{lang}.html"
        _postsale("org", str(out / "big" / "accounts.csv"), "-c",
                  str(out / "big" / "company.toml"), "--lang", lang, "-f", "html", "-o",
                  str(files[f"org5000-{lang}"]))
    return files


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        yield b
        b.close()


def _screenshot(browser: object, page_path: Path, shot: Path, lang: str,
                wait_for: str | None = None) -> str:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_path.as_uri())
    page.wait_for_load_state("load")
    if wait_for:  # the box chart is drawn by script after the page loads
        page.locator(wait_for).first.wait_for(state="visible", timeout=30000)
    page.wait_for_timeout(300)
    png = page.screenshot(full_page=False)
    shot.write_bytes(png)
    width, height, _, _ = _png_header(png)
    assert (width, height) == (1280, 900)
    assert len(set(png[-4000:])) > 40, "the screenshot looks blank"
    assert page.evaluate("document.documentElement.lang") == lang
    text = page.evaluate("document.body.innerText")
    page.close()
    assert not errors, errors
    return str(text)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("what", ["plan", "org", "board"])
def test_pages_render_in_each_language(what: str, lang: str, outputs: dict[str, Path],
                                       browser: object, tmp_path: Path) -> None:
    text = _screenshot(browser, outputs[f"{what}-{lang}"], tmp_path / f"{what}-{lang}.png", lang)
    words = renderer(lang)
    assert words.message("label.high_touch", {}) in text or \
        words.message("label.csm_high_touch", {}) in text or \
        words.message("label.manager", {}) in text
    if lang in ("ja", "zh"):
        assert len(CJK.findall(text)) > 100, f"{what} in {lang} holds little {lang} text"
    if lang != "en":
        english = outputs[f"{what}-en"]
        assert outputs[f"{what}-{lang}"].read_text(encoding="utf-8") != \
            english.read_text(encoding="utf-8")


def test_the_big_chart_has_5000_seats(outputs: dict[str, Path]) -> None:
    import json

    design = json.loads(outputs["org5000-json"].read_text(encoding="utf-8"))
    assert design["charts"][design["recommended"]]["seats"] >= 5000


@pytest.mark.parametrize("lang", LANGUAGES)
def test_org_chart_at_5000_seats(lang: str, outputs: dict[str, Path], browser: object,
                                 tmp_path: Path) -> None:
    text = _screenshot(browser, outputs[f"org5000-{lang}"], tmp_path / f"org5000-{lang}.png",
                       lang, wait_for=".boxchart .bx")
    assert renderer(lang).message("label.manager", {}) in text
    if lang in ("ja", "zh"):
        assert len(CJK.findall(text)) > 100


@pytest.mark.parametrize("lang", LANGUAGES)
def test_board_pack_pdf_pages_inside_the_box_and_glyphs(lang: str, outputs: dict[str, Path],
                                                        tmp_path: Path) -> None:
    pdf_path = outputs[f"pack-{lang}"]
    done = subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf_path), str(tmp_path / "p")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    pngs = sorted(tmp_path.glob("p-*.png"))
    with pdfplumber.open(pdf_path) as pdf:
        assert 4 <= len(pdf.pages) == len(pngs)
        cjk_fonts: set[str] = set()
        cjk_chars = 0
        for page in pdf.pages:
            for ch in page.chars:
                assert ch["x0"] >= 0, (lang, ch["text"])
                assert ch["x1"] <= page.width + 0.5, (lang, ch["text"])
                assert ch["top"] >= 0, (lang, ch["text"])
                assert ch["bottom"] <= page.height + 0.5, (lang, ch["text"])
                if CJK.match(ch["text"]):
                    cjk_chars += 1
                    cjk_fonts.add(str(ch["fontname"]))
    if lang in ("ja", "zh"):
        assert cjk_chars > 200, f"the {lang} board pack holds {cjk_chars} CJK characters"
        # every CJK character comes from the language's CJK face: a Latin font would draw tofu
        # boxes, and the other language's face would give some Han characters the wrong forms
        assert cjk_fonts, lang
        face = "CJK-JP" if lang == "ja" else "CJK-SC"
        assert all(face in f for f in cjk_fonts), cjk_fonts
