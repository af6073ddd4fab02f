"""Repeated account IDs: the sorted-IDs shortcut of ``_duplicates`` finds exactly what hashing
every ID finds (the shortcut only answers "no repeats" for strictly increasing IDs)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from postsale.io.read import _duplicates


def _by_hand(ids: list[str | None]) -> tuple[list[bool], list[int]]:
    first: dict[str, int] = {}
    dup, refs = [], []
    for i, v in enumerate(ids):
        repeat = v is not None and v in first
        dup.append(repeat)
        refs.append(first[v] if repeat and v is not None else -1)
        if v is not None:
            first.setdefault(v, i)
    return dup, refs


@given(st.one_of(
    st.lists(st.one_of(st.none(), st.sampled_from(["a", "b", "c", "ab", "B"])), max_size=12),
    st.lists(st.text(max_size=3), max_size=12).map(sorted),
    st.lists(st.text(max_size=3), max_size=12, unique=True).map(sorted),
))
def test_duplicates_match_a_plain_scan(ids: list[str | None]) -> None:
    dup, refs = _duplicates(pa.array(ids, pa.string()))
    want_dup, want_refs = _by_hand(ids)
    assert dup.tolist() == want_dup
    assert [int(r) for r, d in zip(refs, dup, strict=True) if d] == \
        [r for r, d in zip(want_refs, want_dup, strict=True) if d]


def test_a_blank_between_equal_ids_does_not_hide_the_repeat() -> None:
    dup, refs = _duplicates(pa.array(["a", None, "a"], pa.string()))
    assert dup.tolist() == [False, False, True]
    assert int(refs[2]) == 0


def test_increasing_ids_have_no_repeats() -> None:
    dup, _ = _duplicates(pa.chunked_array([["A1", "A2"], ["A3"]], pa.string()))
    assert not np.any(dup)
