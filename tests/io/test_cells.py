"""``cells.as_text``: trimming is skipped only when no cell has whitespace to trim."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from postsale.io.cells import SPACES, as_text


def test_spaces_are_exactly_what_pyarrow_trims() -> None:
    # the skip test judges cells by these characters' first and last UTF-8 bytes
    points = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    trimmed = pc.equal(pc.utf8_trim_whitespace(pa.array(points)), "").to_pylist()
    assert tuple(c for c, empty in zip(points, trimmed, strict=True) if empty) == SPACES


_CELLS = st.lists(st.one_of(st.none(), st.text(alphabet=st.sampled_from(
    ["a", "Z", "é", "日", "\u200b", *SPACES]), max_size=4)), max_size=12)


@given(_CELLS, st.integers(0, 3), st.booleans())
@settings(max_examples=300, deadline=None)
def test_as_text_equals_pyarrows_trim(cells: list[str | None], cut: int, large: bool) -> None:
    arr = pa.array(cells, type=pa.large_string() if large else pa.string())[cut:]
    assert as_text(arr).to_pylist() == pc.utf8_trim_whitespace(arr).to_pylist()


def test_a_clean_column_is_returned_without_a_copy() -> None:
    arr = pa.array(["ACCT-1", "Nöel GmbH", None, "", "日本"])
    assert as_text(arr) is arr
    assert as_text(pa.array(["ok", "trailing\u3000"])).to_pylist() == ["ok", "trailing"]
