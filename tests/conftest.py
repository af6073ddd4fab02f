"""Shared fixtures: a fixed ``today`` and the default benchmark table.

Keep this file small: book builders, the plan runner and hypothesis strategies live in
``tests/strategies.py`` (import them with ``from strategies import ...``).
"""

from __future__ import annotations

import datetime as dt

import pytest

from postsale.benchmarks import default_benchmarks
from postsale.core.benchmarks import Benchmarks
from strategies import TODAY


@pytest.fixture
def today() -> dt.date:
    """The fixed date every core test plans on (never the clock)."""
    return TODAY


@pytest.fixture
def benchmarks() -> Benchmarks:
    """The default benchmark table (no overrides)."""
    return default_benchmarks()
