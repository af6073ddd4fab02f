"""Factorizing string columns (region, language, time zone) by hashing, not sorting.

``np.unique`` on a million Python strings sorts them (seconds); Arrow's dictionary encoding hashes
them in one pass (tens of milliseconds). Labels come out sorted so results are deterministic.

A book's text columns may arrive as Arrow arrays (the importer's; see ``AccountBook``):
:func:`factorize` encodes them without building Python strings, and :func:`text_objects` builds the
numpy object array only when a caller reads the column.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

__all__ = ["factorize", "group_modes", "is_arrow", "null_mask", "subset_codes", "text_objects"]

Factorized = tuple[list[str], npt.NDArray[np.intp]]


def is_arrow(values: object) -> bool:
    """Whether ``values`` is an Arrow array (plain or chunked) rather than a numpy array."""
    return isinstance(values, (pa.Array, pa.ChunkedArray))


def _contiguous(values: Any) -> Any:
    if isinstance(values, pa.ChunkedArray):
        return values.combine_chunks() if values.num_chunks != 1 else values.chunk(0)
    return values


def factorize(values: npt.NDArray[np.object_] | Any) -> Factorized:
    """``(labels, codes)``: ``labels[codes[i]] == values[i]``; None and "" get code -1.

    Labels are sorted; codes index into them. ``values`` may be a numpy object array or an Arrow
    string or dictionary array (encoded without a Python string per row).
    """
    if is_arrow(values):
        arr = _contiguous(values)
        if pa.types.is_dictionary(arr.type):
            return _factorize_dictionary(arr)
    else:
        arr = pa.array(np.asarray(values, dtype=object), type=pa.string(), from_pandas=True)
    arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
    encoded = arr.dictionary_encode()
    raw_labels = encoded.dictionary.to_pylist()
    if not raw_labels:
        return [], np.full(len(values), -1, dtype=np.intp)
    raw_codes = np.asarray(pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False),
                           dtype=np.intp)
    order = np.argsort(np.array(raw_labels, dtype=object))
    rank = np.full(len(raw_labels) + 1, -1, dtype=np.intp)  # rank[-1] = -1: blank stays blank
    rank[order] = np.arange(len(raw_labels))
    codes: npt.NDArray[np.intp] = rank[raw_codes]
    return [str(raw_labels[i]) for i in order], codes


def _factorize_dictionary(arr: Any) -> Factorized:
    """:func:`factorize` of a dictionary array: the (few) dictionary values are factorized, then
    each row's index is mapped; labels not used by any row are dropped, as a plain array has them."""
    labels, entry = factorize(arr.dictionary)
    index = np.asarray(pc.fill_null(arr.indices, -1).to_numpy(zero_copy_only=False),
                       dtype=np.intp)
    lookup = np.append(entry, -1)  # lookup[-1] = -1: a null index stays blank
    return subset_codes(labels, lookup[index])


def subset_codes(labels: list[str], codes: npt.NDArray[np.intp],
                 rows: npt.NDArray[np.bool_] | npt.NDArray[np.intp] | None = None) -> Factorized:
    """:func:`factorize` of a column's ``rows`` from the whole column's ``(labels, codes)``: the
    same result without encoding the strings again (labels of no selected row are dropped)."""
    every = rows is None or (rows.dtype == np.bool_ and bool(rows.all()))
    sub = codes if every else codes[rows]
    used = np.bincount(sub + 1, minlength=len(labels) + 1)[1:] > 0
    if bool(used.all()):
        return labels, np.asarray(sub, dtype=np.intp)
    remap = np.append(np.cumsum(used) - 1, -1)  # remap[-1] = -1: blank stays blank
    out: npt.NDArray[np.intp] = remap[sub]
    return [label for label, keep in zip(labels, used.tolist(), strict=True) if keep], out


def null_mask(values: Any) -> npt.NDArray[np.bool_]:
    """Where an Arrow text column is null — where :func:`text_objects` gives None — without
    building the strings (a dictionary array's nulls may sit in its dictionary)."""
    arr = _contiguous(values)
    if pa.types.is_dictionary(arr.type):
        null_entry = np.append(np.asarray(pc.is_null(arr.dictionary).to_numpy(
            zero_copy_only=False), dtype=np.bool_), True)
        index = np.asarray(pc.fill_null(arr.indices, -1).to_numpy(zero_copy_only=False),
                           dtype=np.intp)
        out: npt.NDArray[np.bool_] = null_entry[index]
        return out
    return np.asarray(pc.is_null(arr).to_numpy(zero_copy_only=False), dtype=np.bool_)


def text_objects(values: Any) -> npt.NDArray[np.object_]:
    """An Arrow text column as a numpy array of Python strings (None for null).

    A dictionary array builds each distinct value once; a plain column with few distinct values
    (regions, owners) is encoded first for the same reason."""
    arr = _contiguous(values)
    if pa.types.is_dictionary(arr.type):
        distinct = np.asarray([*arr.dictionary.to_pylist(), None], dtype=object)
        index = np.asarray(pc.fill_null(arr.indices, -1).to_numpy(zero_copy_only=False),
                           dtype=np.intp)
        out: npt.NDArray[np.object_] = distinct[index]
        return out
    n = len(arr)
    if n > 4096 and len(pc.unique(arr.slice(0, 4096))) < 2048:
        enc = pc.dictionary_encode(arr, null_encoding="encode")
        distinct = np.asarray(enc.dictionary.to_numpy(zero_copy_only=False), dtype=object)
        return distinct[np.asarray(enc.indices.to_numpy(zero_copy_only=False), dtype=np.intp)]
    return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=object)


def group_modes(group: npt.NDArray[np.intp], values: npt.NDArray[np.object_], groups: int
                ) -> list[str | None]:
    """Per group ``0…groups−1``, its most common non-blank value (ties: the first in sorted
    order); None for a group with no value. ``group[i]`` −1 leaves row ``i`` out."""
    labels, codes = factorize(values)
    out: list[str | None] = [None] * groups
    ok = (group >= 0) & (codes >= 0)
    if not ok.any():
        return out
    k = len(labels)
    pairs, counts = np.unique(group[ok].astype(np.int64) * k + codes[ok], return_counts=True)
    who, value = pairs // k, pairs % k
    order = np.lexsort((value, -counts, who))  # per group: most rows first, then sorted order
    first = order[np.r_[True, who[order][1:] != who[order][:-1]]]
    for g, v in zip(who[first].tolist(), value[first].tolist(), strict=True):
        out[g] = labels[v]
    return out
