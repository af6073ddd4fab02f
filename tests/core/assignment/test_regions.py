"""A team's region names meet the book's: ``AMER`` is ``Americas`` (issue 11 item 4)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from postsale.core.assignment.regions import align_regions
from postsale.io.localize import region_aliases

ALIASES = region_aliases()


def test_aliases_take_the_books_spelling() -> None:
    regions, renamed = align_regions(("AMER", "Asia Pacific", "eu", None),
                                     ["Americas", "APAC", "EMEA"], ALIASES)
    assert regions == ("Americas", "APAC", "EMEA", None)
    assert dict(renamed) == {"AMER": "Americas", "Asia Pacific": "APAC", "eu": "EMEA"}


def test_the_books_own_spelling_wins_both_ways() -> None:
    # a book written with AMER keeps it: a team file saying Americas becomes AMER
    regions, renamed = align_regions(("Americas", "amer"), ["AMER"], ALIASES)
    assert regions == ("AMER", "amer")  # 'amer' is the book's region already (case aside)
    assert renamed == (("Americas", "AMER"),)


def test_regions_of_the_companys_own_are_never_renamed() -> None:
    regions, renamed = align_regions(("LATAM", "DACH", "APAC"), ["Americas", "EMEA"], ALIASES)
    assert regions == ("LATAM", "DACH", "APAC")  # no APAC account: nothing to meet
    assert renamed == ()


@given(st.lists(st.sampled_from(["AMER", "NA", "Europe", "APJ", "LATAM", "DACH", None]), max_size=8))
def test_every_renamed_region_is_a_book_region(stated: list[str | None]) -> None:
    book = ["Americas", "EMEA", "APAC"]
    regions, renamed = align_regions(tuple(stated), book, ALIASES)
    assert len(regions) == len(stated)
    for before, after in zip(stated, regions, strict=True):
        assert after == before or after in book
    assert all(b in book for _, b in renamed)
