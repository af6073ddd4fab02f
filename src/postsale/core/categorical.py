"""Factorizing string columns (region, language, time zone) by hashing, not sorting.

``np.unique`` on a million Python strings sorts them (seconds); Arrow's dictionary encoding hashes
them in one pass (tens of milliseconds). Labels come out sorted so results are deterministic.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

__all__ = ["factorize", "group_modes"]


def factorize(values: npt.NDArray[np.object_]) -> tuple[list[str], npt.NDArray[np.intp]]:
    """``(labels, codes)``: ``labels[codes[i]] == values[i]``; None and "" get code -1.

    Labels are sorted; codes index into them.
    """
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
