"""Factorizing text columns: numpy and Arrow inputs agree, subsets of a factorized column match
factorizing the subset, and Arrow columns become the same Python strings."""

from __future__ import annotations

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
from hypothesis import given
from hypothesis import strategies as st

from postsale.core.categorical import factorize, subset_codes, text_objects

VALUES = st.lists(st.sampled_from(["EMEA", "APAC", "Americas", "", None, "emea", "Zürich"]),
                  max_size=40)


def _same(a: tuple[list[str], np.ndarray], b: tuple[list[str], np.ndarray]) -> None:
    assert a[0] == b[0]
    assert a[1].tolist() == b[1].tolist()


@given(VALUES)
def test_arrow_and_dictionary_columns_factorize_like_numpy(values: list[str | None]) -> None:
    expected = factorize(np.array(values, dtype=object))
    plain = pa.array(values, type=pa.string())
    _same(factorize(plain), expected)
    _same(factorize(pa.chunked_array([plain])), expected)
    _same(factorize(pc.dictionary_encode(plain, null_encoding="encode")), expected)
    _same(factorize(pc.dictionary_encode(plain)), expected)  # nulls as null indices


def test_a_dictionary_with_repeated_and_blank_values_keeps_one_label_each() -> None:
    # what the importer builds: distinct raw values, trimmed afterwards (" EMEA" → "EMEA", " " → "")
    column = pa.DictionaryArray.from_arrays(pa.array([0, 1, 2, 3, 0], type=pa.int32()),
                                            pa.array(["EMEA", "EMEA", "", None]))
    labels, codes = factorize(column)
    assert labels == ["EMEA"]
    assert codes.tolist() == [0, 0, -1, -1, 0]
    assert text_objects(column).tolist() == ["EMEA", "EMEA", "", None, "EMEA"]


@given(VALUES, st.data())
def test_a_subset_of_the_codes_is_the_factorized_subset(values: list[str | None],
                                                        data: st.DataObject) -> None:
    mask = np.array(data.draw(st.lists(st.booleans(), min_size=len(values),
                                       max_size=len(values))), dtype=bool)
    column = np.array(values, dtype=object)
    _same(subset_codes(*factorize(column), mask), factorize(column[mask]))
    rows = np.flatnonzero(mask)
    _same(subset_codes(*factorize(column), rows), factorize(column[rows]))


def test_text_objects_builds_python_strings_with_none_for_null() -> None:
    many = pa.array(["b", None, "a"] * 3000)  # few distinct values: encoded first
    assert text_objects(many).tolist() == ["b", None, "a"] * 3000
    unique = pa.chunked_array([pa.array([f"id-{i}" for i in range(5000)]),
                               pa.array([None], type=pa.string())])
    out = text_objects(unique)
    assert out.dtype == object
    assert out.tolist() == [f"id-{i}" for i in range(5000)] + [None]
