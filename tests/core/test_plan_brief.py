"""``build_plan(brief=True)`` (the web app's what-if panel) gives the same figures as the whole
plan — tiers, headcount, economics, funding, triggers, checks, warnings, the recommended model —
and leaves out only the chart graphs, the architecture and the advice."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest

from postsale.api import demo_inputs, run_plan
from postsale.benchmarks import default_benchmarks
from postsale.company import company_from_mapping
from postsale.io.read import book_from_columns
from postsale.sample import company_toml, generate_accounts

TODAY = dt.date(2026, 11, 25)
SAME = ("accounts", "customers", "arr", "stage", "phase", "tiers", "economics", "headcount",
        "triggers", "retention", "reporting_line", "checks", "warnings", "funding")


def _books() -> list[tuple[object, object]]:
    out = [demo_inputs(TODAY)]
    for customers, seed in ((60, 1), (2_500, 4)):
        company = company_from_mapping(tomllib.loads(company_toml(customers, seed)), "sample",
                                       default_benchmarks())
        out.append((book_from_columns(generate_accounts(customers, seed, TODAY), source="s"),
                    company))
    return out


@pytest.mark.parametrize("case", range(3))
def test_brief_plan_has_the_whole_plans_figures(case: int) -> None:
    book, company = _books()[case]
    whole = run_plan(book, company, today=TODAY).result.to_dict()  # type: ignore[arg-type]
    brief = run_plan(book, company, today=TODAY, brief=True).result.to_dict()  # type: ignore[arg-type]
    for key in SAME:
        assert brief[key] == whole[key], key
    assert brief["org"]["recommended"] == whole["org"]["recommended"]
    assert whole["org"]["charts"]
    assert not brief["org"]["charts"]
    assert whole["advice"]
    assert not brief["advice"]
