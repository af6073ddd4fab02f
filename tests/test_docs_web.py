"""docs/web.md travels with the code: every environment variable the web app reads and every
option of ``postsale serve``/``worker``/``users create`` is in it, and the README links it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer.main

from postsale.cli import app

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "docs" / "web.md").read_text(encoding="utf-8")
_READ = re.compile(r"""(?:environ\.get\(|environ\[|_flag\(|envvar=)\s*["']([A-Z][A-Z0-9_]+)["']""")


def _environment_read() -> set[str]:
    found: set[str] = set()
    for path in [*(ROOT / "src" / "postsale" / "web").rglob("*.py"),
                 ROOT / "src" / "postsale" / "cli" / "commands_web.py"]:
        found |= set(_READ.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_environment_variable_of_the_web_app_is_documented() -> None:
    names = _environment_read()
    assert {"POSTSALE_TLS", "DATABASE_URL", "POSTSALE_SECRET_KEY"} <= names  # the scan works
    missing = sorted(name for name in names
                     if f"`{name}" not in PAGE and name != "DJANGO_SETTINGS_MODULE")
    assert not missing, f"not in docs/web.md: {missing}"


def test_every_option_of_the_web_commands_is_documented() -> None:
    root: Any = typer.main.get_command(app)  # a click group (typer's own copy of click)
    commands = {"serve": root.commands["serve"], "worker": root.commands["worker"],
                "users create": root.commands["users"].commands["create"]}
    for name, command in commands.items():
        assert f"`postsale {name}" in PAGE, name
        for param in command.params:
            for flag in param.opts:
                if flag.startswith("--") and flag not in {"--help", "--lang"}:
                    assert flag in PAGE, f"postsale {name} {flag} is not in docs/web.md"


def test_the_readme_links_the_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count("(docs/web.md)") >= 3  # the web app's section, Documentation, Where next
