"""Real plans for the economics, funding, tiering, fit, capacity and effort message tests: the
built-in demo company as is, with a tight budget (the funding levers fire) and sized by effort."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from postsale.api import PlanRun, demo_inputs, run_plan
from postsale.core.msg import Msg

TODAY = dt.date(2026, 6, 1)
LEFTOVER = re.compile(r"\{[a-z_]+(:[^}]*)?\}|Msg\(")


@cache
def demo() -> PlanRun:
    book, company = demo_inputs(TODAY)
    return run_plan(book, company, today=TODAY)


@cache
def tight() -> PlanRun:
    """The demo under a 5% budget: the funding levers move accounts down and widen books."""
    book, company = demo_inputs(TODAY)
    budget = company.budget.model_copy(update={"share": 0.05, "amount": None})
    return run_plan(book, company.model_copy(update={"budget": budget}), today=TODAY)


@cache
def effort() -> PlanRun:
    """The demo sized by the service catalogue (``[headcount] sizing = "effort"``)."""
    book, company = demo_inputs(TODAY)
    sizing = company.headcount.model_copy(update={"sizing": "effort"})
    return run_plan(book, company.model_copy(update={"headcount": sizing}), today=TODAY)


def strings(value: Any) -> Iterator[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from strings(v)


def assert_rendered(texts: list[str]) -> None:
    """Sentences, not placeholders or message reprs."""
    assert texts
    for text in texts:
        assert text.strip(), texts
        assert not LEFTOVER.search(text), text


def codes(value: Any) -> set[str]:
    """The message codes inside a ``<field>_msg`` JSON value (nested messages included)."""
    found: set[str] = set()
    if isinstance(value, dict):
        if isinstance(value.get("code"), str) and isinstance(value.get("params"), dict):
            found.add(value["code"])
        for v in value.values():
            found |= codes(v)
    elif isinstance(value, list):
        for v in value:
            found |= codes(v)
    return found


def is_msg(value: object) -> bool:
    return isinstance(value, Msg)
