"""CSV exports for CRM write-back: spreadsheet-safe and written atomically."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from postsale.io.write import atomic_path, neutralise_formula

__all__ = ["write_account_tiers", "write_rows"]


def write_rows(path: Path, header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> None:
    """Write a UTF-8 CSV whose every text cell is formula-neutralised."""
    with atomic_path(path) as tmp, tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(tuple(neutralise_formula(cell) for cell in row) for row in rows)


def write_account_tiers(path: Path, rows: Iterable[tuple[str, str, str]]) -> None:
    """``account_id, tier, reasons`` — one row per account."""
    write_rows(path, ("account_id", "tier", "reasons"), rows)
