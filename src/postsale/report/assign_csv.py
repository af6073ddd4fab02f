"""The owners file (``postsale assign --out OWNERS.csv``): CRM-ready, spreadsheet-safe, atomic.

One row per account: ``account_id, owner_id, owner_name, previous_owner, moved, reason,
violations``. Columns are built and neutralised with Arrow compute (only cells a spreadsheet would
run as a formula are touched, through :func:`~postsale.io.write.neutralise_formula`) and written by
``pyarrow.csv``: no Python loop over accounts, so a million rows take about a second.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
import pyarrow.csv as pacsv  # type: ignore[import-untyped]

from postsale.io.write import FORMULA_PREFIXES, atomic_path, neutralise_formula

__all__ = ["OWNER_COLUMNS", "formula_safe", "owners_csv_bytes", "owners_table", "write_owners"]

OWNER_COLUMNS = ("account_id", "owner_id", "owner_name", "previous_owner", "moved", "reason",
                 "violations")


def formula_safe(values: Any) -> Any:
    """A string Arrow array with every cell a spreadsheet would run as a formula neutralised."""
    first = pc.utf8_slice_codeunits(values, 0, 1)
    flagged = pc.fill_null(pc.is_in(first, value_set=pa.array(list(FORMULA_PREFIXES))), False)
    rows = np.flatnonzero(np.asarray(flagged.to_numpy(zero_copy_only=False), dtype=bool))
    if rows.size == 0:
        return values
    cells = np.asarray(values.to_numpy(zero_copy_only=False), dtype=object)
    cells[rows] = [neutralise_formula(str(cells[i])) for i in rows.tolist()]
    return pa.array(cells, type=pa.string())


def _text(values: npt.NDArray[Any]) -> Any:
    arr = pa.array(np.asarray(values, dtype=object), type=pa.string(), from_pandas=True)
    return formula_safe(pc.fill_null(arr, ""))


def owners_table(columns: Mapping[str, npt.NDArray[Any]]) -> Any:
    """The owners file as an Arrow table (text neutralised, ``moved`` as true/false)."""
    out = {}
    for name in OWNER_COLUMNS:
        values = columns[name]
        if name == "moved":
            out[name] = pa.array(np.asarray(values, dtype=bool))
        else:
            out[name] = _text(values)
    return pa.table(out)


def write_owners(path: Path, columns: Mapping[str, npt.NDArray[Any]]) -> None:
    """Write the owners CSV (UTF-8, header = :data:`OWNER_COLUMNS`) atomically."""
    table = owners_table(columns)
    with atomic_path(Path(path)) as tmp:
        pacsv.write_csv(table, str(tmp))


def owners_csv_bytes(columns: Mapping[str, npt.NDArray[Any]]) -> bytes:
    """The owners CSV as bytes, byte for byte what :func:`write_owners` writes (the web app keeps
    it with a saved assignment)."""
    buffer = io.BytesIO()
    pacsv.write_csv(owners_table(columns), buffer)
    return buffer.getvalue()
