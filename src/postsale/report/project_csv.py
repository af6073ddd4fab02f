"""The projection month by month as CSV (``postsale project --format csv``): one row per month,
for spreadsheets and BI tools.

Figures stay machine-readable: shares are fractions (as in the JSON), money is in the company's
currency unrounded, dates are ISO, an absent figure (no GRR in month 0, no ARR target) is an
empty cell. Every cell goes through :func:`~postsale.io.write.neutralise_formula` and the file
is written atomically (:func:`~postsale.io.write.atomic_write_text`). The month rows hold no free
text (reasons are the stable codes ``lead_time``, ``new_model``, ``hiring_capacity`` and ``budget``),
but the writer does not rely on that: a text cell a spreadsheet would run is always defused.
``postsale project --format csv`` without ``--out`` prints :func:`projection_csv_text`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from postsale.io.write import atomic_write_text, neutralise_formula
from postsale.keys import ROLE_KEYS
from postsale.results_projection import ProjectionMonth, ProjectionResult

__all__ = ["PROJECTION_COLUMNS", "Cell", "projection_csv_rows", "projection_csv_text",
           "write_projection_csv"]

#: A CSV cell before it is written: numbers stay numbers so callers can compute with the rows.
Cell = str | float | int | None

#: The header, in order: the month, growth, then required and in-seat people per role, totals, the
#: hiring pace (people starting, the monthly limit, the shortfall and the requisitions deferred to
#: after the horizon for the month's need, each with its reason codes; the annual budget), cost.
PROJECTION_COLUMNS: tuple[str, ...] = (
    "month", "date", "stage",
    "customers_p10", "customers_p50", "customers_p90",
    "arr_p10", "arr_p50", "arr_p90",
    "grr_p50", "nrr_p50", "new_customers_p50", "target_customers", "target_arr",
    *(f"{kind}_{role}" for role in ROLE_KEYS for kind in ("required", "in_seat")),
    "required_total_p10", "required_total_p50", "required_total_p90", "in_seat_total",
    "starts", "starts_limit", "shortfall_total", "shortfall_reasons", "deferred",
    "deferred_reasons", "budget",
    "cost", "cost_required_p50", "cumulative_cost", "cost_share", "blended_cost_share",
)


def _codes(codes: Iterable[str]) -> str | None:
    """Distinct reason codes, sorted, ``;``-separated (``None``: none)."""
    return ";".join(sorted(set(codes))) or None


def _row(m: ProjectionMonth, result: ProjectionResult) -> list[Cell]:
    total = m.required_bands.get("total")
    month = (m.date.year, m.date.month)
    starts = sum(1 for h in result.hires if (h.start_date.year, h.start_date.month) == month)
    deferred: list[str] = [d.reason for d in result.deferred if d.month_needed == m.month]
    roles: list[Cell] = []
    for role in ROLE_KEYS:
        roles += [m.required.get(str(role), 0), m.in_seat.get(str(role), 0)]
    return [
        m.month, m.date.isoformat(), m.stage,
        m.customers.p10, m.customers.p50, m.customers.p90,
        m.arr.p10, m.arr.p50, m.arr.p90,
        m.grr.p50 if m.grr else None, m.nrr.p50 if m.nrr else None, m.new_customers.p50,
        m.target_customers, m.target_arr,
        *roles,
        total.p10 if total else None, m.required.get("total"), total.p90 if total else None,
        m.in_seat.get("total", sum(m.in_seat.values())),
        starts, result.hiring.max_starts_per_month, m.shortfall.get("total", 0.0),
        _codes([s.reason for s in result.shortfalls if s.month == m.month]),
        len(deferred), _codes(deferred), result.hiring.budget,
        m.cost, m.cost_required.p50, m.cumulative_cost, m.cost_share, m.blended_cost_share,
    ]


def projection_csv_rows(result: ProjectionResult) -> list[list[Cell]]:
    """The whole table, header first: ``[PROJECTION_COLUMNS, month 0, …, month N]``.

    ``required_total_p50`` is the sum of the per-role P50s (the headcount the calendar hires to,
    and what the role columns add up to); ``required_total_p10``/``_p90`` are the percentiles of
    the total over the paths.
    """
    return [list(PROJECTION_COLUMNS), *(_row(m, result) for m in result.months)]


def _text(cell: Cell) -> str:
    """Full precision (``repr``) so a float read back equals the result's; ``None`` is empty;
    text a spreadsheet would run as a formula is neutralised."""
    if cell is None:
        return ""
    if isinstance(cell, float):
        return repr(cell)
    return neutralise_formula(str(cell))


def projection_csv_text(result: ProjectionResult) -> str:
    """The CSV as text (UTF-8 content, ``\n`` line ends: a text-mode write or stdout gives the
    platform's own)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([_text(c) for c in row] for row in projection_csv_rows(result))
    return buffer.getvalue()


def write_projection_csv(result: ProjectionResult, path: Path | str) -> None:
    """Write :func:`projection_csv_text` to ``path`` atomically (never half-written)."""
    atomic_write_text(Path(path), projection_csv_text(result))
