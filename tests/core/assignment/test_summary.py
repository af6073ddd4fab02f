"""Per-person books, the diff against current owners, and imbalance figures of an assignment."""

from __future__ import annotations

import numpy as np
import pytest

from postsale.core.assignment.assign import Assignment, AssignmentRules, assign_book
from postsale.core.assignment.roster import Roster
from postsale.core.assignment.summary import (
    book_positions,
    changed,
    diff,
    imbalance,
    person_books,
    pool_books,
    timezone_spread,
)
from postsale.core.assignment.workload import account_weights
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from strategies import TODAY, make_book

LOW, TECH = 1, 2


def roster(*people: tuple[str, str | None, int, str | None, frozenset[str], str | None],
           capacity: list[float] | None = None) -> Roster:
    tiers = np.zeros((len(people), 3), dtype=bool)
    for j, p in enumerate(people):
        tiers[j, p[2]] = True
    return Roster(
        person_id=tuple(p[0] for p in people), name=tuple(p[1] for p in people),
        role=tuple(("csm_low_touch", "csm_low_touch", "csm_tech_touch")[p[2]] for p in people),
        tiers=tiers, region=tuple(p[3] for p in people), languages=tuple(p[4] for p in people),
        timezone=tuple(p[5] for p in people),
        capacity=np.ones(len(people)) if capacity is None else np.asarray(capacity, dtype=float),
    )


def run(book: AccountBook, tier: list[int], team: Roster, benchmarks: Benchmarks,
        rules: AssignmentRules | None = None) -> tuple[Assignment, np.ndarray]:
    codes = np.asarray(tier, dtype=np.int8)
    weights = account_weights(book, codes, benchmarks, TODAY)
    return assign_book(book, codes, weights, team, rules or AssignmentRules(), TODAY), codes


def test_timezone_spread_goes_round_the_clock() -> None:
    owner = np.array([0, 0, 1, 1, 1, 2, 3, -1], dtype=np.intp)
    offset = np.array([9.0, -8.0, 1.0, 1.0, 1.0, np.nan, 0.0, 5.0])
    spread = timezone_spread(owner, offset, 5)
    assert spread[0] == pytest.approx(7.0)  # Tokyo and Los Angeles, across the Pacific
    assert spread[1] == 0.0
    assert np.isnan(spread[2])  # no known zone
    assert spread[3] == 0.0
    assert np.isnan(spread[4])  # no accounts


def test_timezone_spread_of_three_offsets() -> None:
    owner = np.zeros(3, dtype=np.intp)
    assert timezone_spread(owner, np.array([-5.0, 0.0, 5.5]), 1)[0] == pytest.approx(10.5)


def test_person_books(benchmarks: Benchmarks) -> None:
    book = make_book([30_000, 20_000, 40_000, 1_000],
                     language=["English", "German", "English", None],
                     timezone=["Europe/Berlin", "Europe/London", "America/New_York", None])
    team = roster(("p1", "Ana", LOW, None, frozenset({"English"}), "Europe/Berlin"),
                  ("p2", None, TECH, None, frozenset(), None))
    rules = AssignmentRules(require_language=False, max_timezone_hours=None)
    a, _ = run(book, [LOW, LOW, LOW, TECH], team, benchmarks, rules)
    books = person_books(book, a, team, (), TODAY)
    assert books.accounts.tolist() == [3, 1]
    assert books.arr.tolist() == [90_000, 1_000]
    np.testing.assert_allclose(books.workload, [a.weights.weight[:3].sum(), a.weights.weight[3]])
    np.testing.assert_allclose(books.load, a.load)
    assert books.book_languages == (("English", "German"), ())
    assert books.missing_languages == (("German",), ())
    assert books.timezone_spread[0] == pytest.approx(6.0)  # New York (−5) to Berlin (+1)
    assert books.farthest_hours[0] == pytest.approx(6.0)
    assert np.isnan(books.farthest_hours[1])
    assert books.owns_book.tolist() == [True, True]


def test_unstated_languages_are_never_missing(benchmarks: Benchmarks) -> None:
    book = make_book([30_000], language=["Japanese"])
    team = roster(("p1", None, LOW, None, frozenset(), None))
    a, _ = run(book, [LOW], team, benchmarks)
    assert person_books(book, a, team, (), TODAY).missing_languages == ((),)


def test_diff_counts_moves_per_person_and_reason(benchmarks: Benchmarks) -> None:
    # p3 left: its two accounts move; p1 keeps its own; the new account is placed.
    book = make_book([30_000, 30_000, 30_000, 30_000, 30_000],
                     owner=["p1", "p3", "p3", None, "p2"])
    team = roster(("p1", "Ana", LOW, None, frozenset(), None),
                  ("p2", "Ben", LOW, None, frozenset(), None))
    a, tier = run(book, [LOW] * 5, team, benchmarks, AssignmentRules(tolerance=1.0))
    d = diff(a, tier, len(team))
    assert d.moves == 2
    assert d.kept == 2
    assert d.placed == 1
    assert d.moves_in.sum() == 2
    assert d.moves_out.tolist() == [0, 0]  # p3 is not on the roster
    assert d.from_departed == (("p3", 2),)
    by_reason = tuple((str(r), c) for r, c in d.by_reason)
    assert by_reason == (("moved: the previous owner is not on the roster (left)", 2),)


def test_moving_to_a_pool_is_a_move(benchmarks: Benchmarks) -> None:
    book = make_book([3_000, 3_000, 3_000, 30_000],
                     owner=["p2", "pool:tech_touch", None, "p1"])
    team = roster(("p1", "Ana", LOW, None, frozenset(), None),
                  ("p2", "Ben", TECH, None, frozenset(), None))
    rules = AssignmentRules(pooled_tiers=("tech_touch",))
    a, tier = run(book, [TECH, TECH, TECH, LOW], team, benchmarks, rules)
    assert a.owner.tolist()[:3] == [-1, -1, -1]
    assert changed(a, tier).tolist() == [True, False, False, False]
    d = diff(a, tier, len(team))
    assert (d.to_pool, d.moves, d.moves_out.tolist()) == (1, 1, [0, 1])
    pools = pool_books(book, a, tier)
    assert pools.accounts.tolist() == [0, 0, 3]
    assert pools.arr.tolist() == [0, 0, 9_000]
    assert book_positions(team, rules.pooled_tiers).tolist() == [True, False]


def test_imbalance_against_balanced_load_and_lower_bound(benchmarks: Benchmarks) -> None:
    book = make_book([30_000] * 6)
    team = roster(("p1", None, LOW, None, frozenset(), None),
                  ("p2", None, LOW, None, frozenset(), None),
                  ("p3", None, TECH, None, frozenset(), None))
    rules = AssignmentRules(pooled_tiers=("tech_touch",))
    a, _ = run(book, [LOW] * 6, team, benchmarks, rules)
    imb = imbalance(a, team, rules.pooled_tiers)
    # the pool's CSM does not count towards the capacity of named books
    assert imb.balanced_load == pytest.approx(a.weights.weight.sum() / 2)
    assert imb.max_load == pytest.approx(imb.balanced_load)
    assert imb.max_over_balanced == pytest.approx(1.0)
    assert imb.round_robin_over_lower_bound >= 1.0 - 1e-9
    assert imb.max_over_lower_bound == pytest.approx(imb.max_load / a.lower_bound)


def test_imbalance_of_nothing_is_one() -> None:
    from postsale.core.assignment.summary import Imbalance

    empty = Imbalance(max_load=0.0, round_robin_max=0.0, balanced_load=0.0, lower_bound=0.0,
                      target=0.0)
    assert (empty.max_over_balanced, empty.max_over_lower_bound) == (1.0, 1.0)


def test_roster_mismatches_name_the_spelling() -> None:
    from postsale.core.assignment.summary import roster_mismatches

    book = make_book([30_000, 3_000], region=["EMEA", "APAC"], language=["English", "German"])
    team = roster(("p1", None, LOW, "Europe", frozenset({"en", "German"}), None),
                  ("p2", None, LOW, "apac", frozenset(), None))
    notes = [str(n) for n in roster_mismatches(book, team)]
    assert len(notes) == 2
    assert notes[0].startswith("region 'Europe' in the roster matches no account")
    assert "APAC, EMEA" in notes[0]
    assert notes[1].startswith("language 'en'")
    assert roster_mismatches(make_book([1.0]), team) == ()  # the book states neither


def test_tier_bound_is_what_the_tier_alone_forces(benchmarks: Benchmarks) -> None:
    from postsale.core.assignment.summary import tier_bound

    # 8 low-touch accounts on one low-touch CSM, 1 tech-touch account on three tech-touch CSMs
    book = make_book([30_000] * 8 + [3_000])
    team = roster(("p1", None, LOW, None, frozenset(), None),
                  ("p2", None, TECH, None, frozenset(), None),
                  ("p3", None, TECH, None, frozenset(), None),
                  ("p4", None, TECH, None, frozenset(), None))
    a, tier = run(book, [LOW] * 8 + [TECH], team, benchmarks)
    low_work = float(a.weights.weight[:8].sum())
    assert tier_bound(a, team, tier, ()) == pytest.approx(low_work)
    assert a.max_load == pytest.approx(low_work)
    imb = imbalance(a, team, (), tier)
    assert imb.lower_bound >= a.lower_bound
    assert imb.max_over_lower_bound == pytest.approx(1.0)
