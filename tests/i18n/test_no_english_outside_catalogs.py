"""No user-visible English outside the message catalogs (issue 13 item 1).

The core and the reports are scanned as source (AST): any string literal, or literal part of an
f-string, that reads as prose — two words of letters — is a sentence that cannot be translated.
Docstrings, message codes, log/CSS/markup fragments and lines marked ``# i18n: not text`` (an
internal invariant's message, never shown to a user) are not prose. The Jinja templates are
scanned for text between tags outside ``{{ tr(...) }}``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "postsale"
PROSE = re.compile(r"[A-Za-z]{2,}[,:;]? [A-Za-z]{2,}")
MARKUP = re.compile(r"[<>{}=;]|^\s*[.#@]|px\b|\bvar\(|rgba?\(|%\(")
NOT_TEXT = "# i18n: not text"

SCANNED = ["core", "report"]


def _docstrings(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _prose_literals(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    skip = _docstrings(tree)
    found: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str) \
                or id(node) in skip:
            continue
        text = node.value
        line = lines[node.lineno - 1] if node.lineno <= len(lines) else ""
        end = lines[(node.end_lineno or node.lineno) - 1]
        if NOT_TEXT in line or NOT_TEXT in end or not PROSE.search(text) or MARKUP.search(text):
            continue
        found.append(f"{path.relative_to(SRC)}:{node.lineno}: {text[:70]!r}")
    return found


@pytest.mark.parametrize("package", SCANNED)
def test_no_prose_literals_in_python(package: str) -> None:
    found = [hit for path in sorted((SRC / package).rglob("*.py")) for hit in _prose_literals(path)]
    assert not found, f"{len(found)} English literals outside the catalogs:\n" + "\n".join(found)


_TAGS = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}|<script.*?</script>|<style.*?</style>|<[^>]+>",
                   re.S)


def test_no_prose_in_templates() -> None:
    found: list[str] = []
    for path in sorted((SRC / "report" / "templates").glob("*.html")):
        text = _TAGS.sub("\n", path.read_text(encoding="utf-8"))
        for chunk in text.splitlines():
            if PROSE.search(chunk) and not MARKUP.search(chunk):
                found.append(f"{path.name}: {chunk.strip()[:70]!r}")
    assert not found, f"{len(found)} English texts in templates:\n" + "\n".join(found)
