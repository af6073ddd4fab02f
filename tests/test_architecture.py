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


WEB_ONLY = ("django", "ninja", "django_tasks", "django_tasks_db", "axes", "csp", "whitenoise",
            "gunicorn", "dj_database_url", "psycopg", "tomli_w")
PACKAGE = CORE.parent


def test_only_the_web_package_imports_the_web_extras() -> None:
    """``pip install postsale`` (no ``[web]``) must work: outside ``postsale.web`` the web
    libraries are imported only inside the CLI's web commands, after checking they exist."""
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "web":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
        for node in top_level:
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for name in names:
                assert name.split(".")[0] not in WEB_ONLY, f"{relative} imports {name} at module level"
                assert not name.startswith("postsale.web"), f"{relative} imports {name} at module level"


def test_the_cli_runs_without_the_web_extras(tmp_path: Path) -> None:
    """A fresh ``pip install postsale`` has no Django: ``postsale plan --demo`` still works and
    ``postsale serve`` says how to install the web extras (exit 2)."""
    import subprocess
    import sys

    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text("import sys\nfor name in ('django', 'ninja', 'django_tasks'):\n"
                       "    sys.modules[name] = None\n", encoding="utf-8")
    env = {"PYTHONPATH": f"{tmp_path}{__import__('os').pathsep}{PACKAGE.parent}",
           "POSTSALE_LANG": "en", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    code = "from postsale.cli import main; import sys; sys.argv = ['postsale', *sys.argv[1:]]; main()"
    plan = subprocess.run([sys.executable, "-c", code, "plan", "--demo", "-q"], capture_output=True,
                          text=True, env=env, timeout=300, check=False)
    assert plan.returncode == 0, plan.stderr
    serve = subprocess.run([sys.executable, "-c", code, "serve", "--data-dir", str(tmp_path / "d")],
                           capture_output=True, text=True, env=env, timeout=300, check=False)
    assert serve.returncode == 2, serve.stderr
    assert "pip install 'postsale[web]'" in serve.stderr
