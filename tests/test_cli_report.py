"""``postsale report`` end to end through the real entry point: the demo's board pack as PDF
(A4 and Letter) is a few pages, every word inside the page box, page X of Y; bad input exits 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

POSTSALE = str(Path(sys.executable).with_name("postsale"))
MM = 72 / 25.4  # PDF points per millimetre


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([POSTSALE, "report", *args], capture_output=True, text=True,
                          check=False)


@pytest.fixture(scope="module", params=["a4", "letter"])
def pack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
         ) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp("board") / "plan.pdf"
    done = _run("--demo", "--today", "2026-01-15", "--paper", request.param, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "wrote the board pack" in done.stderr
    return request.param, out


def test_page_size_count_and_numbers(pack: tuple[str, Path]) -> None:
    paper, out = pack
    want = (210 * MM, 297 * MM) if paper == "a4" else (8.5 * 72, 11 * 72)
    with pdfplumber.open(out) as pdf:
        pages = pdf.pages
        assert 4 <= len(pages) <= 8
        for i, page in enumerate(pages, start=1):
            assert (page.width, page.height) == pytest.approx(want, abs=0.5)
            assert f"page {i} of {len(pages)}" in page.extract_text()


def test_every_word_is_inside_the_page_box(pack: tuple[str, Path]) -> None:
    _, out = pack
    with pdfplumber.open(out) as pdf:
        for page in pdf.pages:
            words = page.extract_words()
            assert words
            # inside the printable area: 10 mm at the sides and top, 5 mm below (the footer
            # sits in the bottom margin)
            assert min(w["x0"] for w in words) >= 10 * MM
            assert max(w["x1"] for w in words) <= page.width - 10 * MM
            assert min(w["top"] for w in words) >= 10 * MM
            assert max(w["bottom"] for w in words) <= page.height - 5 * MM


def test_summary_and_sections(pack: tuple[str, Path]) -> None:
    _, out = pack
    with pdfplumber.open(out) as pdf:
        first = pdf.pages[0].extract_text()
        text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Three decisions for the board" in first
    assert "8.5%" in first
    for title in ("Tiers and economics", "The org chart", "Hiring calendar and roadmap",
                  "Owner changes", "Assumptions and sources"):
        assert title in text
    assert text.index("Assumptions and sources") > text.index("Owner changes")


def test_html_pack(tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    done = _run("--demo", "-o", str(out), "-q")
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert "<svg" in html
    assert "<script" not in html
    assert "counter(pages)" in html


@pytest.mark.parametrize(("args", "says"), [
    (["--demo"], "--out"),
    (["--demo", "-o", "plan.docx"], "neither .pdf nor .html"),
    (["--demo", "-o", "plan.pdf", "--paper", "a5"], "a5"),
    (["-o", "plan.pdf"], "either an ACCOUNTS file or --demo"),
    (["missing.csv", "-o", "plan.pdf"], "missing.csv"),
])
def test_bad_input_exits_2(args: list[str], says: str, tmp_path: Path) -> None:
    done = subprocess.run([POSTSALE, "report", *args], capture_output=True, text=True,
                          check=False, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert says in done.stderr
    assert not (tmp_path / "plan.pdf").exists()


def test_owner_changes_when_the_book_names_owners(tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    book = Path(__file__).parent / "data" / "accounts_good.csv"  # owners: Dana Lee, Sam Ortiz
    done = _run(str(book), "--today", "2026-01-15", "-o", str(out), "-q")
    assert done.returncode == 0, done.stderr
    owners = out.read_text(encoding="utf-8").split('id="owners"')[1].split("</section>")[0]
    assert "2 accounts keep their owner, 0 move, 1 without an owner on file" in owners
    assert "postsale assign" not in owners  # the how-to line is only for books without owners
    demo = tmp_path / "demo.html"
    assert _run("--demo", "-o", str(demo), "-q").returncode == 0
    assert "postsale assign" in demo.read_text(encoding="utf-8").split('id="owners"')[1]


def test_pdftoppm_renders_every_page_with_ink_inside_the_page(
        pack: tuple[str, Path], tmp_path: Path) -> None:
    # the acceptance's own check: poppler's pdftoppm renders the PDF to PNGs (one per page) and
    # every page has ink, none of it on the outermost 3 mm (nothing cut at the page box)
    from PIL import Image

    _, out = pack
    done = subprocess.run(["pdftoppm", "-r", "50", "-png", str(out), str(tmp_path / "p")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    pngs = sorted(tmp_path.glob("p-*.png"))
    with pdfplumber.open(out) as pdf:
        assert len(pngs) == len(pdf.pages)
    edge = round(3 / 25.4 * 50)  # 3 mm at 50 dpi
    for png in pngs:
        gray = Image.open(png).convert("L")
        width, height = gray.size
        assert gray.getextrema()[0] < 128  # something dark is printed
        for box in ((0, 0, width, edge), (0, height - edge, width, height),
                    (0, 0, edge, height), (width - edge, 0, width, height)):
            assert gray.crop(box).getextrema()[0] > 200, (png.name, box)
