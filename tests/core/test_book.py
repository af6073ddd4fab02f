"""AccountBook text columns given as Arrow: read lazily as the same Python strings, factorized once,
and kept through ``take`` and ``dataclasses.replace``."""

from __future__ import annotations

import dataclasses
import pickle

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pytest

from postsale.core.book import AccountBook
from postsale.core.categorical import factorize

REGIONS = ["EMEA", None, "APAC", "EMEA", "Americas"]


def _books() -> tuple[AccountBook, AccountBook]:
    columns = {"account_id": ["A1", "A2", "A3", "A4", "A5"], "arr": [1.0, 0.0, 3.0, 4.0, 5.0],
               "region": REGIONS}
    arrow = {**columns, "account_id": pa.array(columns["account_id"]),
             "region": pa.array(REGIONS, type=pa.string()).dictionary_encode()}
    return AccountBook.from_columns(columns), AccountBook.from_columns(arrow)


def test_an_arrow_text_column_reads_as_the_numpy_column() -> None:
    numpy_book, arrow_book = _books()
    assert "region" not in arrow_book.__dict__  # not built until read
    assert arrow_book.region.dtype == object
    assert arrow_book.region.tolist() == numpy_book.region.tolist() == REGIONS
    assert arrow_book.region is arrow_book.region  # built once
    assert arrow_book.account_id.tolist() == ["A1", "A2", "A3", "A4", "A5"]
    assert arrow_book.owner.tolist() == [None] * 5  # absent columns stay numpy
    with pytest.raises(AttributeError):
        arrow_book.no_such_column  # type: ignore[attr-defined]  # noqa: B018


def test_codes_are_factorized_once_and_read_only() -> None:
    numpy_book, arrow_book = _books()
    for book in (numpy_book, arrow_book):
        labels, codes = book.codes("region")
        assert labels == ["APAC", "Americas", "EMEA"]
        assert codes.tolist() == factorize(np.array(REGIONS, dtype=object))[1].tolist()
        assert book.codes("region") is book.codes("region")
        with pytest.raises(ValueError, match="read-only"):
            codes[0] = 1
    assert "region" not in arrow_book.__dict__  # codes come straight from Arrow


def test_take_replace_and_pickle_keep_the_columns() -> None:
    _, book = _books()
    part = book.take(book.active)
    assert "region" not in part.__dict__
    assert part.region.tolist() == ["EMEA", "APAC", "EMEA", "Americas"]
    assert book.take(np.array([4, -1, 0])).region.tolist() == ["Americas", "Americas", "EMEA"]
    assert part.codes("region")[0] == ["APAC", "Americas", "EMEA"]
    richer = dataclasses.replace(book, arr=book.arr * 2)
    assert richer.region.tolist() == REGIONS
    assert richer.arr.tolist() == [2.0, 0.0, 6.0, 8.0, 10.0]
    again = pickle.loads(pickle.dumps(book))
    assert again.region.tolist() == REGIONS


def test_memo_computes_once_per_book_and_key() -> None:
    numpy_book, arrow_book = _books()
    calls: list[str] = []

    def total(tag: str) -> float:
        calls.append(tag)
        return float(numpy_book.arr.sum())

    assert numpy_book.memo(("total", 1), lambda: total("a")) == 13.0
    assert numpy_book.memo(("total", 1), lambda: total("b")) == 13.0
    assert numpy_book.memo(("total", 2), lambda: total("c")) == 13.0
    assert arrow_book.memo(("total", 1), lambda: total("d")) == 13.0  # another book
    assert dataclasses.replace(numpy_book).memo(("total", 1), lambda: total("e")) == 13.0
    assert calls == ["a", "c", "d", "e"]


@pytest.mark.parametrize("region", [pa.array(REGIONS, type=pa.string()),
                                    pa.array(REGIONS, type=pa.string()).dictionary_encode(),
                                    pa.DictionaryArray.from_arrays(pa.array([0, 1, 2, 0, None]),
                                                                   ["EMEA", None, "APAC"])])
def test_missing_and_codes_do_not_build_strings(region: pa.Array) -> None:
    """A blank check and codes read Arrow (nulls in the indices or in the dictionary), also
    after the column was built as strings, and agree with the strings."""
    book = AccountBook.from_columns({"account_id": pa.array(["A1", "A2", "A3", "A4", "A5"]),
                                     "arr": [1.0] * 5, "region": region})
    blank = book.missing("region")
    assert "region" not in book.__dict__
    built = book.region
    assert blank.tolist() == [v is None for v in built.tolist()]
    assert book.missing("owner").tolist() == [True] * 5  # an absent (numpy) column
    labels, codes = book.codes("region")
    assert codes.tolist() == factorize(built)[1].tolist()
    assert labels == factorize(built)[0]


def test_active_codes_are_the_active_accounts_codes_with_unused_labels_dropped() -> None:
    from strategies import make_book

    book = make_book([10.0, 0.0, 5.0, 7.0], region=["EMEA", "APAC", None, "EMEA"])
    labels, codes = book.active_codes("region")
    active = book.active
    assert not bool(active.all())  # the zero-ARR account is not a customer
    want_labels, want_codes = factorize(np.asarray(["EMEA", None, "EMEA"], dtype=object))
    assert labels == want_labels == ["EMEA"]  # APAC has no active account
    assert codes.tolist() == want_codes.tolist()
    assert book.active_codes("region") is book.active_codes("region")  # once per book
    everyone = make_book([1.0, 2.0], region=["EMEA", "APAC"])
    assert everyone.active_codes("region")[0] == everyone.codes("region")[0]
