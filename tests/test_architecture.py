"""The core is pure: it never imports an adapter (io, report, cli, api, web, store) or does I/O."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "src" / "postsale" / "core"
FORBIDDEN_PREFIXES = ("postsale.io", "postsale.report", "postsale.cli", "postsale.api",
                      "postsale.web", "postsale.store", "postsale.sample", "postsale.benchmarks")
FORBIDDEN_MODULES = {"os", "sys", "pathlib", "shutil", "subprocess", "socket", "requests",
                     "urllib", "rich", "typer", "random", "time"}
FORBIDDEN_CALLS = {"print", "open", "input"}


def _imports(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_core_imports_no_adapter_and_no_io_module() -> None:
    files = sorted(CORE.rglob("*.py"))
    assert files, "core package not found"
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name in _imports(tree):
            assert not name.startswith(FORBIDDEN_PREFIXES), f"{path.name} imports {name}"
            assert name.split(".")[0] not in FORBIDDEN_MODULES, f"{path.name} imports {name}"


def test_core_never_prints_opens_or_reads_the_clock() -> None:
    for path in sorted(CORE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name):
                    assert func.id not in FORBIDDEN_CALLS, f"{path.name} calls {func.id}()"
                if isinstance(func, ast.Attribute):
                    assert func.attr not in {"today", "now", "utcnow"}, (
                        f"{path.name} reads the clock ({func.attr})")
