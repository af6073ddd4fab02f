"""Book builders and hypothesis strategies for the core tests.

``make_book`` builds a small AccountBook by hand (enum columns may be given as their string keys);
``plan`` runs the whole pure pipeline with a company-file mapping. The strategies draw books as
lists of row dicts so that a book and "the same book plus more accounts" share their columns
(``book_pairs``), which is what the monotonicity invariant needs.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from hypothesis import strategies as st

from postsale.benchmarks import default_benchmarks
from postsale.company import Company, company_from_mapping
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import COMPLEXITY_KEYS, ONBOARDING_KEYS, SEGMENT_KEYS, UNKNOWN, AccountBook
from postsale.core.capacity import Workload
from postsale.core.plan import build_plan
from postsale.core.tiering import TieringResult
from postsale.keys import TIER_KEYS
from postsale.results import PlanResult

__all__ = [
    "ARR_ANCHORS",
    "MONOTONE_COLUMNS",
    "OPTIONAL_COLUMNS",
    "TODAY",
    "account_rows",
    "book_from_rows",
    "book_pairs",
    "books",
    "company_and_benchmarks",
    "make_book",
    "make_workload",
    "plan",
]

TODAY = dt.date(2026, 11, 25)

_ENUM_KEYS: dict[str, tuple[str, ...]] = {
    "segment": tuple(str(k) for k in SEGMENT_KEYS),
    "complexity": tuple(str(k) for k in COMPLEXITY_KEYS),
    "onboarding_status": tuple(str(k) for k in ONBOARDING_KEYS),
    "tier_override": tuple(str(k) for k in TIER_KEYS),
}
_DATES = ("start_date", "renewal_date")


def _code(column: str, value: Any) -> int:
    if value is None:
        return UNKNOWN
    if isinstance(value, str):
        return _ENUM_KEYS[column].index(value)
    return int(value)


def make_book(arr: Sequence[float] | np.ndarray, **columns: Any) -> AccountBook:
    """A book with the given ARR column and any other canonical columns.

    A scalar column value is repeated for every account; enum columns accept their keys
    (``complexity="high"``, ``tier_override=["low_touch", None]``); ``None`` means unknown.
    """
    arr = np.asarray(arr, dtype=np.float64)
    n = arr.shape[0]
    cols: dict[str, Any] = {"account_id": [f"A{i:06d}" for i in range(n)], "arr": arr}
    for name, value in columns.items():
        values = list(value) if isinstance(value, Sequence | np.ndarray) and not isinstance(
            value, str) else [value] * n
        if len(values) != n:
            raise ValueError(f"column {name} has {len(values)} values for {n} accounts")
        if name in _ENUM_KEYS:
            cols[name] = np.asarray([_code(name, v) for v in values], dtype=np.int8)
        elif name in _DATES:
            cols[name] = np.asarray(values, dtype="datetime64[D]")
        elif name == "strategic":
            cols[name] = np.asarray(values, dtype=bool)
        elif name in ("region", "language", "country", "timezone", "name", "owner"):
            cols[name] = np.asarray(values, dtype=object)
        else:
            cols[name] = np.asarray([math.nan if v is None else v for v in values],
                                    dtype=np.float64)
    return AccountBook.from_columns(cols)


def company_and_benchmarks(raw: Mapping[str, Any] | None = None) -> tuple[Company, Benchmarks]:
    """A company from a company-file mapping and the benchmark table in effect for it."""
    company = company_from_mapping(raw or {}, "company.toml", default_benchmarks())
    return company, company.apply(default_benchmarks())


def plan(
    book: AccountBook, raw: Mapping[str, Any] | None = None, today: dt.date = TODAY
) -> tuple[PlanResult, TieringResult]:
    """The whole pure pipeline on ``book`` with a company-file mapping."""
    company, bench = company_and_benchmarks(raw)
    return build_plan(book, company, bench, today)


# ------------------------------------------------------------------ hypothesis strategies

# ARR values on and around every tier boundary of DOMAIN.md §6, plus churned (0) accounts.
ARR_ANCHORS: tuple[float, ...] = (
    0.0, 500.0, 999.0, 1_000.0, 5_000.0, 9_999.0, 10_000.0, 25_000.0, 49_999.0, 50_000.0,
    79_999.0, 80_000.0, 85_000.0, 99_999.0, 100_000.0, 250_000.0, 1_000_000.0,
)

OPTIONAL_COLUMNS: tuple[str, ...] = (
    "segment", "region", "language", "start_date", "renewal_date", "health_score",
    "tickets_per_month", "implementation_weeks", "onboarding_status", "complexity", "strategic",
    "previous_arr", "tier_override",
)

# ``implementation_weeks`` is left out of the monotonicity invariant on purpose: the plan uses the
# book's *mean* implementation length as its estimate for the new-customer flow, so adding an
# account with a short recorded implementation legitimately lowers the estimate (and can lower the
# implementation-specialist need). Every other column affects only its own account's workload.
MONOTONE_COLUMNS: tuple[str, ...] = tuple(c for c in OPTIONAL_COLUMNS
                                          if c != "implementation_weeks")

_NAN = st.just(math.nan)
_DATE = st.one_of(st.none(), st.dates(min_value=dt.date(2023, 1, 1),
                                      max_value=dt.date(2028, 12, 31)))
_MONEY = st.one_of(st.sampled_from(ARR_ANCHORS),
                   st.floats(min_value=0.0, max_value=2_000_000.0, allow_nan=False))


def account_rows() -> st.SearchStrategy[dict[str, Any]]:
    """One account with a value for every optional column (unknowns included)."""
    return st.fixed_dictionaries({
        "arr": _MONEY,
        "segment": st.integers(-1, 2),
        "region": st.sampled_from([None, "Americas", "EMEA", "APAC"]),
        "language": st.sampled_from([None, "en", "ja", "pt", "ms", "zh"]),
        "start_date": _DATE,
        "renewal_date": _DATE,
        "health_score": st.one_of(_NAN, st.floats(min_value=0.0, max_value=100.0)),
        "tickets_per_month": st.one_of(_NAN, st.floats(min_value=0.0, max_value=300.0)),
        "implementation_weeks": st.one_of(_NAN, st.floats(min_value=1.0, max_value=26.0)),
        "onboarding_status": st.integers(-1, 2),
        "complexity": st.integers(-1, 2),
        "strategic": st.booleans(),
        "previous_arr": st.one_of(_NAN, _MONEY),
        "tier_override": st.one_of(st.just(-1), st.just(-1), st.integers(-1, 2)),
    })


def book_from_rows(rows: Sequence[Mapping[str, Any]], columns: frozenset[str]) -> AccountBook:
    """Build a book from row dicts, keeping only ``columns`` (plus account_id and arr)."""
    cols: dict[str, Any] = {
        "account_id": np.asarray([f"A{i:06d}" for i in range(len(rows))], dtype=object),
        "arr": np.asarray([r["arr"] for r in rows], dtype=np.float64),
    }
    for name in columns:
        values = [r[name] for r in rows]
        if name in _ENUM_KEYS:
            cols[name] = np.asarray(values, dtype=np.int8)
        elif name in _DATES:
            cols[name] = np.asarray(values, dtype="datetime64[D]")
        elif name == "strategic":
            cols[name] = np.asarray(values, dtype=bool)
        elif name in ("region", "language"):
            cols[name] = np.asarray(values, dtype=object)
        else:
            cols[name] = np.asarray(values, dtype=np.float64)
    return AccountBook.from_columns(cols, present=frozenset({"account_id", "arr", *columns}))


def _column_sets(pool: Sequence[str]) -> st.SearchStrategy[frozenset[str]]:
    return st.sets(st.sampled_from(tuple(pool))).map(frozenset)


@st.composite
def books(draw: st.DrawFn, min_size: int = 0, max_size: int = 40,
          columns: Sequence[str] = OPTIONAL_COLUMNS) -> AccountBook:
    """A book with a random subset of ``columns`` present."""
    present = draw(_column_sets(columns))
    rows = draw(st.lists(account_rows(), min_size=min_size, max_size=max_size))
    return book_from_rows(rows, present)


@st.composite
def book_pairs(draw: st.DrawFn, max_size: int = 40,
               columns: Sequence[str] = MONOTONE_COLUMNS) -> tuple[AccountBook, AccountBook]:
    """``(book, book plus at least one more account)``, both with the same columns present."""
    present = draw(_column_sets(columns))
    base = draw(st.lists(account_rows(), min_size=0, max_size=max_size))
    extra = draw(st.lists(account_rows(), min_size=1, max_size=max_size))
    return book_from_rows(base, present), book_from_rows(base + extra, present)


def make_workload(**fields: Any) -> Workload:
    """A Workload with neutral defaults (no accounts, nothing known) and the given fields."""
    defaults: dict[str, Any] = {
        "customers": 0, "arr": 0.0, "tier_accounts": (0, 0, 0), "tier_arr": (0.0, 0.0, 0.0),
        "onboarding_in_progress": 0, "onboarding_not_started": 0, "onboarding_known": False,
        "new_customers_per_year": 0.0, "new_customers_source": "test",
        "implementation_weeks": 6.0, "implementation_weeks_from_book": False,
        "tickets_known": False, "tickets_per_day": 0.0, "renewals_known": False,
        "renewals_standard_12m": 0, "renewals_complex_12m": 0, "at_risk_tech_touch": 0,
        "health_known": False,
    }
    return Workload(**(defaults | fields))
