"""docs/: the generated reference pages match the code, and no page links outside the repository."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from postsale.benchmarks import default_benchmarks
from postsale.company import company_from_mapping
from postsale.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("postsale_docs_script", ROOT / "scripts" / "docs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DOCS = _script()


def test_generated_pages_are_up_to_date() -> None:
    assert DOCS.stale() == [], "run: python scripts/docs.py"


def test_an_edited_page_is_reported_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in DOCS.PAGES:
        (tmp_path / name).write_text((ROOT / "docs" / name).read_text("utf-8"), encoding="utf-8")
    monkeypatch.setattr(DOCS, "DOCS", tmp_path)
    assert DOCS.stale() == []
    (tmp_path / "benchmarks.md").write_text("| `accounts_per_csm.high_touch` | 13 |\n")
    (tmp_path / "cli.md").unlink()
    assert DOCS.stale() == ["benchmarks.md", "cli.md"]


def test_every_company_file_section_is_documented() -> None:
    with pytest.raises(ConfigError) as info:
        company_from_mapping({"zzzzzz": {}}, "x", default_benchmarks())
    accepted = set(str(info.value).split("use one of: ")[1].split(", "))
    assert set(DOCS.SECTIONS) == accepted
    page = (ROOT / "docs" / "company-file.md").read_text("utf-8")
    for section in accepted:
        assert re.search(rf"^## `\[\[?{re.escape(section)}[\].]", page, re.M), section


def test_every_benchmark_and_command_is_documented() -> None:
    page = (ROOT / "docs" / "benchmarks.md").read_text("utf-8")
    for key, entry in default_benchmarks().items():
        assert f"| `{key}` |" in page
        assert " ".join(entry.source.split()).replace("|", "\\|") in page
    cli = (ROOT / "docs" / "cli.md").read_text("utf-8")
    for command in ("plan", "org", "project", "assign", "sample", "inspect", "benchmarks"):
        assert f"## postsale {command}\n" in cli
    assert "[growth]" in cli  # brackets in help render literally


def test_docs_link_only_inside_the_repository() -> None:
    pages = sorted((ROOT / "docs").glob("*.md"))
    assert {p.name for p in pages} >= {"method.md", "company-file.md", "benchmarks.md", "cli.md",
                                       "translations.md"}
    for page in pages:
        text = page.read_text("utf-8")
        assert "../shared" not in text, page.name
        assert "/work/" not in text, page.name
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
            if target.startswith(("http://", "https://")):
                continue
            assert (page.parent / target).resolve().is_relative_to(ROOT), (page.name, target)
            assert (page.parent / target).exists(), (page.name, target)
