"""A pandas or polars DataFrame as an account table, read like a file.

A notebook user holds the book in memory; handing it over as a DataFrame goes through the very
same header mapping, parsing and checks as a CSV (``postsale.io.read``), so a bad cell is the
same error, naming the column and the row. Rows are the DataFrame's positions (``df.iloc[row]``
in pandas, ``df[row]`` in polars), counted from 0. Neither library is imported here: a frame is
recognised by its type's module and converted through its own Arrow export.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]

from postsale.io.read_guards import check_typed_columns
from postsale.io.tables import _Body, _offset, _Source

__all__ = ["FRAME_NAME", "frame_source", "is_frame", "source_name"]

FRAME_NAME = "DataFrame"


def is_frame(obj: object) -> bool:
    """A pandas or polars DataFrame (by its type's module: neither is imported to ask)."""
    module = type(obj).__module__.split(".")[0]
    return module in ("pandas", "polars") and type(obj).__name__ == "DataFrame"


def source_name(accounts: str | Path | Any) -> str:
    """How messages name the book: its path, or ``DataFrame``."""
    return FRAME_NAME if is_frame(accounts) else str(accounts)


def _arrow(values: Any) -> Any:
    """One column as a plain Arrow array: categoricals decoded, large strings narrowed."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if pa.types.is_dictionary(values.type):
        values = values.dictionary_decode()
    if pa.types.is_large_string(values.type):
        values = values.cast(pa.string())
    return values


def _pandas_column(series: Any) -> Any:
    try:
        return pa.array(series, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed cells (numbers and text): as text
        return pa.array([None if v is None or v != v else str(v) for v in series.tolist()],
                        type=pa.string())


def frame_source(frame: Any) -> _Source:
    """The DataFrame as a table source (every column converted once, read by position)."""
    headers = [str(c) for c in frame.columns]
    if type(frame).__module__.startswith("polars"):
        table = frame.to_arrow()
        columns = [_arrow(table.column(i)) for i in range(table.num_columns)]
    else:
        columns = [_arrow(_pandas_column(frame.iloc[:, i])) for i in range(frame.shape[1])]
    check_typed_columns(FRAME_NAME, columns, headers)
    rows = len(frame)

    def read(positions: list[int], progress: Any = None) -> _Body:
        return _Body([columns[i] for i in positions], rows, _offset(0))

    return _Source(headers, 0, "row", read)
