"""The shared shape of the cell parsers: :class:`Parsed` results, cell text, and the
distinct-value and blank helpers every parser of ``postsale.io.parse`` and
``postsale.io.dates`` uses (split from ``parse.py`` so each module holds one idea)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

__all__ = ["NULL_MARKERS", "SPACES", "ArrayLike", "Parsed", "as_arrow", "as_text", "cell_text"]

ScalarT = TypeVar("ScalarT", bound=np.generic)

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
ArrayLike = Any  # pyarrow Array / ChunkedArray, numpy array, or a sequence of cells


@dataclass(frozen=True, eq=False)
class Parsed(Generic[ScalarT]):
    """A parsed column: ``values`` (NaN / NaT / -1 where missing or bad), ``bad`` cells, ``notes``."""

    values: npt.NDArray[ScalarT]
    bad: BoolArray
    notes: tuple[str, ...] = ()
    # money only: the currency symbol or code written in each cell (None where none), and the
    # separator style each cell was read in (STYLE_US / STYLE_EU; 0 without separators)
    currency: npt.NDArray[np.object_] | None = None
    style: npt.NDArray[np.int8] | None = None

    def take(self, idx: npt.NDArray[np.intp]) -> Parsed[ScalarT]:
        """The rows ``idx`` of each per-cell array (distinct values broadcast back to cells)."""
        return Parsed(self.values[idx], self.bad[idx], self.notes,
                      None if self.currency is None else self.currency[idx],
                      None if self.style is None else self.style[idx])


STYLE_US, STYLE_EU = 1, 2


# ----------------------------------------------------------------------------------------------
# Input coercion


def cell_text(value: object) -> str | None:
    """Text of one spreadsheet/JSON cell (only for Python sequences; the fast path is Arrow).

    Whole floats lose their ``.0`` so an XLSX ID ``123.0`` stays ``123``; dates become ISO text.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def as_arrow(values: ArrayLike) -> Any:
    """One contiguous Arrow array from an Arrow array/chunked array, numpy array or sequence.

    Sequences (tests, XLSX and JSON cells) become strings so mixed cell types never fail the
    conversion; typed Arrow input (Parquet, JSON Lines) is kept so numbers and dates skip parsing.
    """
    if isinstance(values, pa.ChunkedArray):
        arr = values.combine_chunks() if values.num_chunks != 1 else values.chunk(0)
    elif isinstance(values, pa.Array):
        arr = values
    elif isinstance(values, np.ndarray) and values.dtype.kind in "fiubM":
        arr = pa.array(values)
    else:
        arr = pa.array([cell_text(v) for v in values], type=pa.string())
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    return arr


# The characters pyarrow's utf8_trim_whitespace strips (Unicode White_Space plus the four ASCII
# separators \x1c–\x1f, the same as str.isspace), and which bytes can begin or end one in UTF-8.
SPACES = tuple(c for c in map(chr, range(0x3001)) if c.isspace())
_MAY_START_SPACE = np.zeros(256, dtype=np.bool_)
_MAY_START_SPACE[[c.encode()[0] for c in SPACES]] = True
_MAY_END_SPACE = np.zeros(256, dtype=np.bool_)
_MAY_END_SPACE[[c.encode()[-1] for c in SPACES]] = True


def _may_need_trim(arr: Any) -> bool:
    """False only when no cell of a string array starts or ends with whitespace, judged by each
    cell's first and last byte (a byte that may belong to a non-ASCII space says "maybe"): a
    clean export's ID and name columns (a million cells) then skip the trim's copy."""
    if len(arr) == 0:
        return False
    _, offsets_buf, data_buf = arr.buffers()
    wide = pa.types.is_large_string(arr.type)
    offsets: npt.NDArray[Any] = np.frombuffer(
        offsets_buf, dtype=np.int64 if wide else np.int32)[arr.offset:arr.offset + len(arr) + 1]
    if data_buf is None or offsets[-1] == offsets[0]:
        return False  # every cell empty or null
    data = np.frombuffer(data_buf, dtype=np.uint8)
    starts, ends = offsets[:-1], offsets[1:]
    filled = ends > starts  # null cells too when they hold bytes: "maybe" is safe
    if not filled.all():
        starts, ends = starts[filled], ends[filled]
    return bool(_MAY_START_SPACE[data[starts]].any() or _MAY_END_SPACE[data[ends - 1]].any())


def as_text(values: ArrayLike) -> Any:
    """The column as trimmed strings; cells that cannot be shown as text (nested JSON) are '\\x00'."""
    arr = as_arrow(values)
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        try:
            arr = pc.cast(arr, pa.string())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            arr = pc.if_else(pc.is_null(arr), pa.scalar(None, pa.string()), "\x00")
    return pc.utf8_trim_whitespace(arr) if _may_need_trim(arr) else arr


def _np_bool(arr: Any) -> BoolArray:
    return np.asarray(pc.fill_null(arr, False).to_numpy(zero_copy_only=False), dtype=np.bool_)


def _np_int(arr: Any, missing: int = -1) -> IntArray:
    """Digits-only strings (or nulls) to int64 without raising: nulls and non-matches → ``missing``."""
    ints = pc.cast(pc.if_else(pc.equal(arr, ""), pa.scalar(None, arr.type), arr), pa.int64())
    return np.asarray(pc.fill_null(ints, missing).to_numpy(zero_copy_only=False), dtype=np.int64)


def _via_distinct(strings: Any, parse: Callable[[Any], Parsed[ScalarT]]) -> Parsed[ScalarT]:
    """Parse only the distinct values when there are few of them (dates, enums, repeated amounts).

    Whether there are few is judged on the first 4,096 cells, so mostly-unique columns (amounts)
    do not pay for a dictionary they would not use.
    """
    n, probe = len(strings), 4096
    if n <= probe or len(pc.unique(strings.slice(0, probe))) * 2 > probe:
        return parse(strings)
    enc = pc.dictionary_encode(strings, null_encoding="encode")
    part = parse(enc.dictionary)
    return part.take(np.asarray(enc.indices.to_numpy(zero_copy_only=False), dtype=np.intp))


def _text_via_distinct(values: Any, parse: Callable[[Any], Parsed[ScalarT]]) -> Parsed[ScalarT]:
    """:func:`_via_distinct` over the trimmed text of ``values``, trimming only the distinct
    values of a raw string column with few of them (dates, enums) instead of every cell. For
    parsers that read each value on its own (a column-wide choice may look at which values
    occur, never at how often)."""
    arr = as_arrow(values)
    n, probe = len(arr), 4096
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)) or n <= probe \
            or len(pc.unique(arr.slice(0, probe))) * 2 > probe:
        return _via_distinct(as_text(arr), parse)
    enc = pc.dictionary_encode(arr, null_encoding="encode")
    part = parse(as_text(enc.dictionary))
    return part.take(np.asarray(enc.indices.to_numpy(zero_copy_only=False), dtype=np.intp))


_NULL_MARKERS = pa.array(["", "n/a", "na", "#n/a", "null", "none", "nan", "-", "--", "–", "—"])
NULL_MARKERS = _NULL_MARKERS  # lower-cased cells that mean "no value"


def _blank(strings: Any) -> BoolArray:
    """Missing cells: null, empty, or a spreadsheet's 'no value' marker (N/A, null, a lone dash)."""
    return _np_bool(pc.or_kleene(pc.is_null(strings), pc.is_in(pc.utf8_lower(strings), _NULL_MARKERS)))


