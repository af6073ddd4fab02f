"""Checks the readers run before values are parsed: typed (Parquet) columns and text encodings.

Why apart from ``read``: these are the guards fuzzing found missing — a Parquet ``duration`` column
read as money, a ``uint64`` above 2⁵³ silently rounded, Shift-JIS or GBK exports decoded as cp1252
into mojibake — and they keep ``read.py`` to its reader functions.
"""

from __future__ import annotations

import codecs
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from postsale.core.msg import Msg
from postsale.errors import InputError, InputProblem
from postsale.io.json_records import MAX_EXACT_INT

__all__ = ["check_typed_columns", "detect_encoding"]


def _readable(kind: Any) -> bool:
    """Arrow types whose values are amounts, numbers, text, yes/no or dates."""
    if pa.types.is_dictionary(kind):
        return _readable(kind.value_type)
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind)
                or pa.types.is_integer(kind) or pa.types.is_floating(kind)
                or pa.types.is_decimal(kind) or pa.types.is_boolean(kind)
                or pa.types.is_date(kind) or pa.types.is_timestamp(kind) or pa.types.is_null(kind))


def check_typed_columns(file: str, columns: list[Any], names: list[str]) -> None:
    """Refuse typed columns postsale cannot read as account values (durations, times, bytes,
    nested values) and integers beyond 2⁵³ (a float would change them); problems name the column
    and the first record."""
    problems: list[InputProblem] = []
    for col, name in zip(columns, names, strict=True):
        kind = col.type
        if not _readable(kind):
            problems.append(InputProblem(
                file, None, name, Msg("errors_io.guard.kind", kind=str(kind)),
                Msg("errors_io.guard.kind.fix")))
        elif pa.types.is_integer(kind) and len(col):
            big = pc.greater(pc.abs(pc.cast(col, pa.float64(), safe=False)), float(MAX_EXACT_INT))
            if pc.any(big).as_py():
                first = int(pc.index(big, True).as_py())
                problems.append(InputProblem(
                    file, first + 1, name,
                    Msg("errors_io.in_record", record=str(first + 1), problem=Msg(
                        "errors_io.guard.too_large", value=str(col[first].as_py()))),
                    Msg("errors_io.guard.too_large.fix")))
    if problems:
        raise InputError(problems)


def detect_encoding(head: bytes) -> str | None:
    """The encoding of a non-UTF-8 sample (e.g. ``shift_jis``, ``gb18030``, ``big5``), or None.

    ``charset-normalizer`` is asked only after strict UTF-8 failed; a single-byte Western guess
    is left to the caller's cp1252 fallback, which reads every byte.
    """
    from charset_normalizer import from_bytes

    best = from_bytes(head[: 1 << 16]).best()
    if best is None:
        return None
    name = codecs.lookup(best.encoding).name
    return name if name in _MULTIBYTE else None


# East Asian encodings a detector tells apart reliably; single-byte guesses (cp1250 vs cp1252 vs
# latin-1) are not, so those stay with the cp1252 fallback.
_MULTIBYTE = frozenset(codecs.lookup(n).name for n in (
    "shift_jis", "cp932", "euc_jp", "iso2022_jp", "gb2312", "gbk", "gb18030", "big5", "big5hkscs",
    "cp950", "euc_kr", "cp949", "johab"))
