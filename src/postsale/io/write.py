"""Writing files safely: atomically (never half-written) and spreadsheet-safe.

Account books are confidential and often re-opened in Excel or Google Sheets, where a cell starting
with ``=``, ``+``, ``-``, ``@`` (or a tab/CR) is executed as a formula (CSV injection, OWASP). Every
text cell we export goes through :func:`neutralise_formula`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["FORMULA_PREFIXES", "atomic_path", "atomic_write_bytes", "atomic_write_text",
           "neutralise_formula"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: str) -> str:
    """Prefix a text cell with ``'`` when a spreadsheet would run it as a formula.

    Plain negative numbers (``-12.5``) are left alone: they are data, not formulas.
    """
    if value and value.startswith(FORMULA_PREFIXES):
        if value[0] in "+-":
            try:
                float(value)
            except ValueError:
                return "'" + value
            return value
        return "'" + value
    return value


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; move it into place only if the block succeeds."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()



def atomic_write_text(target: Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``target`` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding=encoding)


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
