"""Shared fixtures: a fixed ``today`` and the default benchmark table.

Keep this file small: book builders, the plan runner and hypothesis strategies live in
``tests/strategies.py`` (import them with ``from strategies import ...``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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


# Tests that pin a rule issue 10 changed on purpose (renewals ownership, one implementation
# throughput model, full-cost economics, the funded plan, mistakes judged on today's team) and are
# still to be rewritten to the new rule: strict xfail, so each fails loudly once it passes again.
# The list lives in tests/pending_issue10.txt; empty it as the tests are rewritten.
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    pending_file = Path(__file__).with_name("pending_issue10.txt")
    if not pending_file.exists():
        return
    pending = {line.strip() for line in pending_file.read_text().splitlines()
               if line.strip() and not line.startswith("#")}
    for item in items:
        if item.nodeid in pending:
            item.add_marker(pytest.mark.xfail(
                strict=True, reason="issue 10 changed this rule; test to be rewritten"))
