"""The tier-independent workload facts are memoized per book: a memo must never leak between
tierings, dates or benchmark values (each measurement equals the one of a fresh book)."""

from __future__ import annotations

import datetime as dt

from postsale.api import demo_inputs
from postsale.benchmarks import default_benchmarks
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from postsale.core.capacity import Workload, measure_workload
from postsale.core.tiering import assign_tiers
from postsale.core.workload_facts import book_facts, live_book
from strategies import TODAY

LATER = TODAY + dt.timedelta(days=200)


def _fresh() -> tuple[AccountBook, object]:
    book, company = demo_inputs(TODAY)
    return book, company


def _measure(book: AccountBook, benchmarks: Benchmarks, today: dt.date) -> Workload:
    _, company = demo_inputs(TODAY)
    return measure_workload(book, assign_tiers(book, benchmarks), benchmarks, company, today)


def _variants() -> list[tuple[Benchmarks, dt.date]]:
    _, company = demo_inputs(TODAY)
    base = company.apply(default_benchmarks())
    funded = base.with_overrides({"tiering.high_touch_funded_min_acv": 40_000.0,
                                  "tiering.low_touch_funded_min_acv": 8_000.0}, origin="test")
    unhealthy = base.with_overrides({"tiering.at_risk_health": 90.0,
                                     "capacity.tech_touch_human_min_acv": 0.0}, origin="test")
    return [(base, TODAY), (funded, TODAY), (base, LATER), (unhealthy, TODAY), (funded, LATER),
            (base, TODAY)]


def test_one_book_measures_like_fresh_books_across_tierings_dates_and_benchmarks() -> None:
    shared, _ = _fresh()
    variants = _variants()
    measured = [_measure(shared, bm, today) for bm, today in variants]
    fresh = [_measure(_fresh()[0], bm, today) for bm, today in variants]
    assert measured == fresh
    # the variants really differ, so a memo shared between them would be caught
    base, funded, later, unhealthy = fresh[:4]
    assert funded.tier_accounts != base.tier_accounts
    assert later.renewals_12m != base.renewals_12m or later.new_customers_per_year != \
        base.new_customers_per_year
    assert unhealthy.at_risk_tech_touch != base.at_risk_tech_touch


def test_facts_are_computed_once_per_book_and_key() -> None:
    book, _ = _fresh()
    other, _ = _fresh()
    bm = _variants()[0][0]
    facts = book_facts(book, bm, TODAY)
    assert book_facts(book, bm, TODAY) is facts
    assert book_facts(book, bm, LATER) is not facts
    assert book_facts(other, bm, TODAY) is not facts
    assert live_book(book, facts) is live_book(book, facts)
    assert len(live_book(book, facts)) == facts.customers


def test_tiering_of_one_book_matches_fresh_books_across_thresholds() -> None:
    """The steps before the funded floors are memoized per book: every tiering of one book equals
    the tiering of a fresh book, whichever thresholds ran before."""
    shared, _ = _fresh()
    base = _variants()[0][0]
    moved = base.with_overrides({"tiering.high_touch_min_acv": 30_000.0}, origin="test")
    variants = [v[0] for v in _variants()] + [moved, base]
    for bm in variants:
        got, want = assign_tiers(shared, bm), assign_tiers(_fresh()[0], bm)
        assert (got.tier == want.tier).all()
        assert (got.reasons == want.reasons).all()
        assert got.thresholds == want.thresholds
    assert not (assign_tiers(shared, moved).tier == assign_tiers(shared, base).tier).all()


def test_retention_history_memo_never_leaks_between_tierings() -> None:
    # the per-tier history is memoized by a digest of the tier codes: each tiering of one book
    # gets the figures a fresh book gives, and a different tiering different figures
    from postsale.core.projection.retention import _book_history

    book, _ = _fresh()
    variants = _variants()
    shared = [_book_history(book, assign_tiers(book, bm).tier, bm) for bm, _ in variants]
    fresh = []
    for bm, _ in variants:
        other, _ = _fresh()
        fresh.append(_book_history(other, assign_tiers(other, bm).tier, bm))
    for a, b in zip(shared, fresh, strict=True):
        assert a[0].tolist() == b[0].tolist()
        assert a[1].tolist() == b[1].tolist()
        assert a[2:] == b[2:]
    assert shared[0][0].tolist() != shared[1][0].tolist()  # the variants really differ
