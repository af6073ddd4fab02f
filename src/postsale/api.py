"""The one door: load benchmarks, read inputs, run the pure core, return typed results.

The CLI and (later) the web app call exactly these functions; a Python user can too::

    import postsale
    result = postsale.plan("accounts.csv", company="company.toml")
    result.to_dict()["headcount"]["required"]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from postsale.benchmarks import default_benchmarks
from postsale.company import Company, company_from_mapping
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from postsale.core.plan import build_plan
from postsale.core.tiering import TieringResult
from postsale.results import PlanResult, Warning

__all__ = ["PlanRun", "benchmarks_in_effect", "demo_inputs", "load_inputs", "plan", "run_plan"]

ProgressCallback = Callable[[int, int], None]


class PlanRun:
    """A plan with the book and per-account tiers it was computed from (for exports)."""

    def __init__(self, result: PlanResult, book: AccountBook, tiering: TieringResult) -> None:
        self.result = result
        self.book = book
        self.tiering = tiering

    def account_rows(self) -> list[tuple[str, str, str]]:
        """(account_id, tier, reasons) for every account — the CRM write-back of tiering.

        Reason texts are built once per distinct reason mask (a handful), then broadcast.
        """
        import numpy as np

        from postsale.core.tiering import reason_texts
        from postsale.keys import TIER_KEYS

        masks, inverse = np.unique(self.tiering.reasons, return_inverse=True)
        texts = np.array(["; ".join(reason_texts(int(m), self.tiering.thresholds)) for m in masks],
                         dtype=object)[inverse]
        tiers = np.array([str(t) for t in TIER_KEYS], dtype=object)[self.tiering.tier]
        ids = self.book.account_id.astype(str)
        return list(zip(ids.tolist(), tiers.tolist(), texts.tolist(), strict=True))


def benchmarks_in_effect(company: Company | None = None) -> Benchmarks:
    """Default benchmarks with the company's overrides applied."""
    base = default_benchmarks()
    return company.apply(base) if company is not None else base


def load_company_file(path: str | Path | None) -> Company:
    """Read a company file, or the defaults when ``path`` is None."""
    if path is None:
        return Company()
    from postsale.io.company_file import load_company

    return load_company(path, default_benchmarks())


def load_inputs(
    accounts: str | Path, company: str | Path | None = None,
    progress: ProgressCallback | None = None,
) -> tuple[AccountBook, Company, tuple[Warning, ...]]:
    """Read an account file (any supported format) and an optional company file.

    The third item holds the import's caveats (MRR converted, guessed date order, encoding
    fallback…) as warnings with codes ``import_<note>``, for the plan to carry.
    """
    from postsale.io.read import read_accounts

    parsed = load_company_file(company)
    loaded = read_accounts(accounts, columns=parsed.columns or None, progress=progress)
    notes = tuple(Warning(code=f"import_{n.code}", message=n.message) for n in loaded.notes)
    return loaded.book, parsed, notes


def demo_inputs(today: dt.date) -> tuple[AccountBook, Company]:
    """The built-in sample company: the seeds' 300 customers and a single Head of CS."""
    import tomllib

    from postsale.io.read import book_from_columns
    from postsale.sample import demo_accounts, demo_company_toml

    company = company_from_mapping(tomllib.loads(demo_company_toml()), "built-in demo company",
                                   default_benchmarks())
    return book_from_columns(demo_accounts(today), source="built-in demo book"), company


def run_plan(book: AccountBook, company: Company | None = None, *,
             today: dt.date | None = None, notes: tuple[Warning, ...] = ()) -> PlanRun:
    """Plan a book; ``today`` defaults to the current date (read here, never in the core).

    ``notes`` (import caveats from :func:`load_inputs`) are appended to the plan's warnings.
    """
    company = company or Company()
    when = today or dt.date.today()
    result, tiering = build_plan(book, company, benchmarks_in_effect(company), when)
    if notes:
        result = result.model_copy(update={"warnings": (*result.warnings, *notes)})
    return PlanRun(result, book, tiering)


def plan(
    accounts: AccountBook | str | Path,
    company: Company | str | Path | Mapping[str, Any] | None = None,
    *,
    today: dt.date | None = None,
) -> PlanResult:
    """Plan the post-sale organization for an account book (path or AccountBook)."""
    if isinstance(company, Mapping):
        company = company_from_mapping(company, "company mapping", default_benchmarks())
    elif company is not None and not isinstance(company, Company):
        company = load_company_file(company)
    if not isinstance(accounts, AccountBook):
        from postsale.io.read import load_accounts

        book = load_accounts(accounts, columns=company.columns if company else None)
    else:
        book = accounts
    return run_plan(book, company, today=today).result
