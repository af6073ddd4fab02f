"""Shared fixtures: a fixed ``today`` and the default benchmark table.

Keep this file small: book builders, the plan runner and hypothesis strategies live in
``tests/strategies.py`` (import them with ``from strategies import ...``).
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from hypothesis import settings

from postsale.benchmarks import default_benchmarks
from postsale.core.benchmarks import Benchmarks
from strategies import TODAY

# The suite reads English unless a test chooses a language (--lang, activate, POSTSALE_LANG): a
# developer's ja_JP locale must not change what the English tests see.
os.environ["POSTSALE_LANG"] = "en"

# Tests never assert on wall-clock time: hypothesis' per-example deadline is one (it failed a
# detection test on a machine busy with other work), so every test runs without it.
settings.register_profile("postsale", deadline=None)
settings.load_profile("postsale")


def pytest_report_header() -> str:
    """Which database the web app's tests use: scripts/test runs tests/web a second time with
    ``DATABASE_URL`` pointing at PostgreSQL (the password, if any, is not printed)."""
    from urllib.parse import urlsplit

    url = os.environ.get("DATABASE_URL")
    if not url:
        return "web tests database: SQLite (default; set DATABASE_URL for PostgreSQL)"
    parts = urlsplit(url)
    where = f"{parts.scheme}://{parts.username or ''}@{parts.hostname}:{parts.port or ''}{parts.path}"
    return f"web tests database: {where} (pytest-django tests in test_{parts.path.strip('/')}[_gwN])"


@pytest.fixture
def today() -> dt.date:
    """The fixed date every core test plans on (never the clock)."""
    return TODAY


@pytest.fixture
def benchmarks() -> Benchmarks:
    """The default benchmark table (no overrides)."""
    return default_benchmarks()


@pytest.fixture(autouse=True)
def _no_inherited_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports follow ``COLUMNS``; the runner's own (pytest workers may export 80) must not
    change what a test reads. A test that means a width sets it (``env={"COLUMNS": ...}``)."""
    monkeypatch.delenv("COLUMNS", raising=False)
