"""The CSV fast path (``postsale.io.csv_typed``): pyarrow types the numeric, date and flag columns,
and an import means exactly what the string path makes of the same file — the same values, the
same problems on the same rows with the cells as written, the same notes."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postsale.errors import InputError
from postsale.io import csv_typed
from postsale.io import read as read_module
from postsale.io.read import read_accounts

_HEADER = "account_id,arr,health_score,renewal_date,strategic,previous_arr"


def _plain(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.astype(str).tolist()
    if isinstance(value, pa.Array | pa.ChunkedArray):
        return value.to_pylist()
    return repr(value)


def _outcome(path: Path, fast: bool, force: dict[int, Any] | None = None
             ) -> tuple[Any, frozenset[int]]:
    """What importing ``path`` gives (book columns, notes, markers, or the error), and which
    columns were read typed (``force``: these, whatever the head predicts)."""
    typed: list[frozenset[int]] = []
    parse_columns = read_module._parse_columns

    def spy(body: Any, *args: Any, **kwargs: Any) -> Any:
        typed.append(body.typed)
        return parse_columns(body, *args, **kwargs)

    predict = csv_typed.predict_types if fast else (lambda *a, **k: {})
    if force is not None:
        predict = lambda *a, **k: dict(force)  # noqa: E731
    with mock.patch.object(read_module, "_parse_columns", spy), \
            mock.patch.object(csv_typed, "predict_types", predict):
        try:
            loaded = read_accounts(path)
        except InputError as exc:
            return ("error", [str(p) for p in exc.problems], exc.total), typed[0]
    cols = {k: _plain(v) for k, v in loaded.book.columns().items()}
    markers = {k: _plain(v) for k, v in loaded.markers.items()}
    return ("ok", cols, loaded.notes, markers, loaded.columns), typed[0]


def _same_both_ways(path: Path, force: dict[int, Any] | None = None
                    ) -> tuple[Any, frozenset[int]]:
    fast, typed = _outcome(path, True, force)
    slow, untyped = _outcome(path, False)
    assert untyped == frozenset()
    assert fast == slow
    return fast, typed


def _write(tmp_path: Path, rows: list[str], header: str = _HEADER) -> Path:
    path = tmp_path / "accounts.csv"
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _clean_rows(n: int) -> list[str]:
    return [f"A{i:06d},{1000 + i}.5,{i % 101},2026-0{1 + i % 9}-1{i % 10},"
            f"{'true' if i % 3 else 'false'},{'' if i % 4 else 900 + i}" for i in range(n)]


def test_clean_columns_are_read_typed_and_mean_the_same(tmp_path: Path) -> None:
    outcome, typed = _same_both_ways(_write(tmp_path, _clean_rows(50)))
    assert outcome[0] == "ok"
    assert typed == frozenset({1, 2, 3, 4, 5})  # every numeric, date and flag column


def test_formatted_cells_keep_the_string_path(tmp_path: Path) -> None:
    rows = [*_clean_rows(10), "B1,\"$1,200\",50,31/03/2026,yes,N/A"]
    outcome, typed = _same_both_ways(_write(tmp_path, rows))
    assert outcome[0] == "ok"
    assert typed == frozenset({2})  # predicted from the head: only the health score converts


@pytest.mark.parametrize("cell", ["inf", "-inf", "nan", "NaN", "-nan", "1e20", "1e400",
                                  "99999999999999999999", "-5"])
def test_non_finite_huge_and_negative_amounts_are_refused_alike(tmp_path: Path,
                                                                cell: str) -> None:
    rows = _clean_rows(3000)  # the cell after the 64 KB head: pyarrow reads it as a float
    rows[2900] = rows[2900].split(",", 1)[0] + f",{cell}," + rows[2900].split(",", 2)[2]
    outcome, typed = _same_both_ways(_write(tmp_path, rows))
    assert 1 in typed  # the column was read typed, then handed back to the string path
    assert outcome[0] == "error"
    assert "row 2902" in outcome[1][0]
    if cell.lower() != "nan":  # "nan" is a blank marker: "ARR is blank"
        assert repr(cell) in outcome[1][0]  # the cell as written


def test_problems_name_the_same_rows_and_cells(tmp_path: Path) -> None:
    rows = _clean_rows(40)
    rows[5] = "A5,-12.0,50,2026-02-28,true,7"  # negative ARR
    rows[30] = "A30,12,101,1899-12-31,true,7"  # health above 100, a date before 1900
    outcome, typed = _same_both_ways(_write(tmp_path, rows))
    assert typed >= {1, 2, 3}
    assert outcome[0] == "error"
    assert outcome[2] == 3
    assert any("row 7" in p and "'-12.0'" in p for p in outcome[1])


def test_a_cell_beyond_the_head_that_does_not_convert(tmp_path: Path) -> None:
    """The head predicts typed columns; a formatted amount after 64 KB makes pyarrow fail the
    conversion, and the column is read as text again."""
    rows = _clean_rows(3000)
    rows[2900] = "Z1,\"€ 1.200,50\",50,31.03.2026,x,"
    rows[2950] = "Z2,7,50,2026-02-30,true,"  # 30 February: pyarrow refuses it, so does postsale
    outcome, typed = _same_both_ways(_write(tmp_path, rows))
    assert outcome[0] == "error"
    assert "row 2952" in outcome[1][0]
    assert not typed & {1, 3, 4}
    assert 2 in typed  # the clean column stays typed


def test_mrr_becomes_arr_times_twelve_on_the_fast_path(tmp_path: Path) -> None:
    path = _write(tmp_path, [f"A{i},{i}.25" for i in range(20)], "account_id,mrr")
    outcome, typed = _same_both_ways(path)
    assert typed == frozenset({1})
    assert outcome[1]["arr"][3] == str(3.25 * 12)
    assert any(n.code == "mrr" or "MRR" in n.message for n in outcome[2])


_NUMERIC_CELLS = st.one_of(
    st.integers(-10**6, 10**17).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(0, 1e6).map(lambda f: f"{f:.2f}"),
    st.floats(0, 1e6).map(lambda f: f"{f:e}"),
    st.sampled_from(["", "0", "-0", "+5", " 5", "1.", ".5", "00012", "1e5", "1E-3", "NaN",
                     "inf", "Infinity", "-nan", "$1,200", "1.200,50", "N/A", "-", "12K", "9" * 25]),
)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_NUMERIC_CELLS, _NUMERIC_CELLS, _NUMERIC_CELLS), min_size=1,
                max_size=30), st.booleans())
def test_generated_numeric_columns_mean_the_same_on_both_paths(
        cells: list[tuple[str, str, str]], force: bool) -> None:
    """Predicted from the head, or forced typed (so that cells the head would have kept on the
    string path — nan, inf, -nan — reach the typed path's checks)."""
    rows = [f"A{i},{a},{b},{c}" for i, (a, b, c) in enumerate(cells)]
    types = dict.fromkeys((1, 2, 3), pa.float64()) if force else None
    with tempfile.TemporaryDirectory() as tmp:
        _same_both_ways(_write(Path(tmp), rows, "account_id,arr,health_score,previous_arr"),
                        types)


def test_conversion_column_reads_pyarrow_messages() -> None:
    assert csv_typed.conversion_column(
        "In CSV column #3: CSV conversion error to double: invalid value '$2'") == 3
    assert csv_typed.conversion_column("CSV parse error: Expected 3 columns") is None


@pytest.mark.parametrize("cell", ["-nan", "inf", "NaN"])
def test_a_non_finite_previous_arr_is_read_as_text(tmp_path: Path, cell: str) -> None:
    """previous ARR may be blank, so a NaN from pyarrow raises no check of its own: the typed
    column is handed back because it is not finite ("-nan" is not an amount; "NaN" is blank)."""
    rows = _clean_rows(3000)
    rows[2900] = rows[2900].rsplit(",", 1)[0] + f",{cell}"
    outcome, typed = _same_both_ways(_write(tmp_path, rows))
    assert 5 in typed
    assert outcome[0] == ("ok" if cell == "NaN" else "error")


_REGIONS = ["EMEA", " APAC ", "", "Americas", "EMEA"]
_SEGMENTS = ["smb", "Mid-Market", " enterprise", "", "SMB"]


def _text_rows(n: int, bad_segment_at: int | None = None) -> list[str]:
    return [f"A{i:05d},{100 + i},{_REGIONS[i % 5]},{_SEGMENTS[(i // 2) % 5]},"
            f"{'Germany' if i % 2 else 'japan'},{'' if i % 3 else 'Ann Lee'}"
            if i != bad_segment_at else f"A{i:05d},{100 + i},EMEA,platinum,France,Bo"
            for i in range(n)]


@pytest.mark.parametrize("bad_at", [None, 5, 200])
def test_few_valued_text_and_enum_columns_read_as_dictionaries(tmp_path: Path,
                                                               bad_at: int | None) -> None:
    """Regions, countries, owners and segments with few values come from pyarrow as
    dictionaries: trimmed, blank and matched per distinct value, with the same result; an
    unknown segment names the same row and cell."""
    path = _write(tmp_path, _text_rows(300, bad_at),
                  "account_id,arr,region,segment,country,owner")
    outcome, typed = _same_both_ways(path)
    assert typed >= {2, 3, 4, 5}  # an unknown segment: read again as text, then refused
    if bad_at is None:
        assert outcome[0] == "ok"
        assert outcome[1]["region"][:5] == ["EMEA", "APAC", None, "Americas", "EMEA"]
    else:
        assert outcome[0] == "error"
        assert f"row {bad_at + 2}" in outcome[1][0]
        assert "'platinum'" in outcome[1][0]


def test_mostly_unique_text_stays_plain(tmp_path: Path) -> None:
    rows = [f"A{i},{i},Owner {i}" for i in range(200)]
    outcome, typed = _same_both_ways(_write(tmp_path, rows, "account_id,arr,owner"))
    assert outcome[0] == "ok"
    assert 2 not in typed
