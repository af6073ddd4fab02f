"""The projection as a workbook (``postsale project --format xlsx``): the month-by-month table with
number formats, frozen headers and filters, the hiring calendar, the assumptions, and native Excel
charts of customers, ARR, headcount and cost with their P10–P90 bands (issue 13 item 4).

The charts are Excel's own (XlsxWriter chart parts referencing the Months sheet), so they follow
the data when a user edits a cell, and read in Excel and LibreOffice alike. Headers and titles are
in the active language (``postsale.i18n``); figures stay numbers (money in the company currency,
shares as percentages formatted, never text). Text cells are neutralised against formula injection
and the file is written atomically.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter

from postsale.i18n import current, tr
from postsale.io.write import atomic_path, neutralise_formula
from postsale.keys import ROLE_KEYS
from postsale.report.xlsx import _money_format
from postsale.results_projection import ProjectionMonth, ProjectionResult

__all__ = ["projection_xlsx_bytes", "write_projection_xlsx"]



@dataclass(frozen=True)
class _Column:
    code: str  # catalog code of the header
    kind: str  # number format kind
    value: Callable[[ProjectionMonth], float | int | str | dt.date | None]
    params: tuple[tuple[str, str], ...] = ()


def _columns(result: ProjectionResult) -> list[_Column]:
    cols = [
        _Column("project_xlsx.col.month", "int", lambda m: m.month),
        _Column("project_xlsx.col.date", "date", lambda m: m.date),
        _Column("project_xlsx.col.stage", "int", lambda m: m.stage),
        _Column("project_xlsx.col.customers_p10", "int", lambda m: m.customers.p10),
        _Column("project_xlsx.col.customers_p50", "int", lambda m: m.customers.p50),
        _Column("project_xlsx.col.customers_p90", "int", lambda m: m.customers.p90),
        _Column("project_xlsx.col.arr_p10", "money", lambda m: m.arr.p10),
        _Column("project_xlsx.col.arr_p50", "money", lambda m: m.arr.p50),
        _Column("project_xlsx.col.arr_p90", "money", lambda m: m.arr.p90),
        _Column("project_xlsx.col.grr_p50", "pct", lambda m: m.grr.p50 if m.grr else None),
        _Column("project_xlsx.col.nrr_p50", "pct", lambda m: m.nrr.p50 if m.nrr else None),
        _Column("project_xlsx.col.required_p10", "int", lambda m: _band(m, "p10")),
        _Column("project_xlsx.col.required_p50", "int", lambda m: m.required.get("total")),
        _Column("project_xlsx.col.required_p90", "int", lambda m: _band(m, "p90")),
        _Column("project_xlsx.col.in_seat", "int",
                lambda m: m.in_seat.get("total", sum(m.in_seat.values()))),
        _Column("project_xlsx.col.cost", "money", lambda m: m.cost),
        _Column("project_xlsx.col.cumulative_cost", "money", lambda m: m.cumulative_cost),
        _Column("project_xlsx.col.cost_share", "pct", lambda m: m.cost_share),
    ]
    for role in map(str, ROLE_KEYS):
        if any(m.required.get(role, 0) or m.in_seat.get(role, 0) for m in result.months):
            cols.append(_Column("project_xlsx.col.role_required", "int",
                                _getter("required", role), (("role", role),)))
            cols.append(_Column("project_xlsx.col.role_in_seat", "int",
                                _getter("in_seat", role), (("role", role),)))
    return cols


def _getter(field: str, role: str) -> Callable[[ProjectionMonth], int]:
    """The month's ``required`` or ``in_seat`` people of one role."""
    def value(month: ProjectionMonth) -> int:
        return int(getattr(month, field).get(role, 0))
    return value


def _band(month: ProjectionMonth, which: str) -> float | None:
    band = month.required_bands.get("total")
    return None if band is None else float(getattr(band, which))


def _header(col: _Column) -> str:
    params = {k: current().message(f"label.{v}", {}) for k, v in col.params}
    return tr(col.code, **params)


def _sheet_name(code: str) -> str:
    """A sheet name in the active language, within Excel's rules (31 characters, no []:*?/\\)."""
    return "".join(ch for ch in tr(code) if ch not in "[]:*?/\\")[:31]


class _Book:
    def __init__(self, workbook: Any, currency: str) -> None:
        self.wb = workbook
        self.months = _sheet_name("project_xlsx.sheet.months")
        self.header = workbook.add_format({"bold": True, "bottom": 1, "bg_color": "#EEF2FF",
                                           "text_wrap": True, "valign": "top"})
        self.formats = {
            "int": workbook.add_format({"num_format": "#,##0"}),
            "money": workbook.add_format({"num_format": _money_format(currency)}),
            "pct": workbook.add_format({"num_format": "0.0%"}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "text": workbook.add_format({"text_wrap": False}),
            "number": workbook.add_format({"num_format": "#,##0.00"}),
        }

    def cell(self, ws: Any, row: int, col: int, value: object, kind: str) -> None:
        fmt = self.formats[kind]
        if value is None:
            ws.write_blank(row, col, None, fmt)
        elif isinstance(value, bool):
            ws.write_string(row, col, tr("term.yes" if value else "term.no"), fmt)
        elif isinstance(value, int | float):
            ws.write_number(row, col, float(value), fmt)
        elif isinstance(value, dt.date):
            ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), fmt)
        else:
            ws.write_string(row, col, neutralise_formula(str(value)), fmt)


def _months(book: _Book, result: ProjectionResult) -> dict[str, int]:
    """The Months sheet; returns each header code's column index (first occurrence)."""
    ws = book.wb.add_worksheet(book.months)
    cols = _columns(result)
    where: dict[str, int] = {}
    for c, col in enumerate(cols):
        ws.write_string(0, c, neutralise_formula(_header(col)), book.header)
        ws.set_column(c, c, 14 if c else 8)
        where.setdefault(col.code, c)
    for r, month in enumerate(result.months, start=1):
        for c, col in enumerate(cols):
            book.cell(ws, r, c, col.value(month), col.kind)
    ws.set_row(0, 45)
    ws.freeze_panes(1, 2)
    ws.autofilter(0, 0, len(result.months), len(cols) - 1)
    return where


def _line_chart(book: _Book, rows: int, title: str, series: Sequence[tuple[int, str, str]],
                axis_format: str) -> Any:
    """A line chart of Months columns: (column, name, style) with style band/p50/seat."""
    chart = book.wb.add_chart({"type": "line"})
    styles = {"band": {"color": "#94a3b8", "dash_type": "dash", "width": 1.25},
              "p50": {"color": "#4338ca", "width": 2.25},
              "seat": {"color": "#059669", "width": 2.0}}
    for col, name, style in series:
        chart.add_series({
            "name": name,
            "categories": [book.months, 1, 0, rows, 0],
            "values": [book.months, 1, col, rows, col],
            "line": styles[style],
            "marker": {"type": "none"},
        })
    chart.set_title({"name": title, "name_font": {"size": 12}})
    chart.set_x_axis({"name": tr("project_xlsx.axis.month")})
    chart.set_y_axis({"num_format": axis_format, "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 620, "height": 320})
    return chart


def _charts(book: _Book, result: ProjectionResult, where: dict[str, int]) -> None:
    ws = book.wb.add_worksheet(_sheet_name("project_xlsx.sheet.charts"))
    rows = len(result.months)
    ws.write_string(0, 0, neutralise_formula(tr("project_xlsx.charts_title",
                                                company=result.company,
                                                months=result.horizon_months,
                                                paths=result.paths)),
                    book.wb.add_format({"bold": True, "font_size": 14}))
    money = _money_format(result.currency)

    def trio(prefix: str) -> list[tuple[int, str, str]]:
        return [(where[f"project_xlsx.col.{prefix}_p90"], "P90", "band"),
                (where[f"project_xlsx.col.{prefix}_p50"], "P50", "p50"),
                (where[f"project_xlsx.col.{prefix}_p10"], "P10", "band")]

    charts = [
        _line_chart(book, rows, tr("project_xlsx.chart.customers"), trio("customers"), "#,##0"),
        _line_chart(book, rows, tr("project_xlsx.chart.arr"), trio("arr"), money),
        _line_chart(book, rows, tr("project_xlsx.chart.headcount"),
                    [*trio("required"), (where["project_xlsx.col.in_seat"],
                                         tr("project_xlsx.col.in_seat"), "seat")], "#,##0"),
        _line_chart(book, rows, tr("project_xlsx.chart.cost"),
                    [(where["project_xlsx.col.cost"], tr("project_xlsx.col.cost"), "p50")], money),
    ]
    for i, chart in enumerate(charts):
        ws.insert_chart(2 + (i // 2) * 17, (i % 2) * 10, chart)


def _hires(book: _Book, result: ProjectionResult) -> None:
    ws = book.wb.add_worksheet(_sheet_name("project_xlsx.sheet.hires"))
    heads = ["project_xlsx.hire.role", "project_xlsx.hire.open", "project_xlsx.hire.start",
             "project_xlsx.hire.productive", "project_xlsx.hire.month_needed",
             "project_xlsx.hire.delay"]
    for c, code in enumerate(heads):
        ws.write_string(0, c, neutralise_formula(tr(code)), book.header)
        ws.set_column(c, c, 40 if c == len(heads) - 1 else 16)
    for r, hire in enumerate(result.hires, start=1):
        values: list[tuple[object, str]] = [
            (current().message(f"label.{hire.role}", {}), "text"),
            (hire.open_date, "date"), (hire.start_date, "date"),
            (hire.productive_date, "date"), (hire.month_needed, "int"),
            (str(hire.delay_reason_text) if hire.delay_reason_text else None, "text")]
        for c, (value, kind) in enumerate(values):
            book.cell(ws, r, c, value, kind)
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, max(len(result.hires), 1), len(heads) - 1)


def _assumptions(book: _Book, result: ProjectionResult) -> None:
    ws = book.wb.add_worksheet(_sheet_name("project_xlsx.sheet.assumptions"))
    ws.set_column(0, 0, 42)
    ws.set_column(1, 1, 60)
    rows: list[tuple[str, object, str]] = [
        ("project_xlsx.a.company", result.company, "text"),
        ("project_xlsx.a.today", result.today, "date"),
        ("project_xlsx.a.horizon", result.horizon_months, "int"),
        ("project_xlsx.a.paths", result.paths, "int"),
        ("project_xlsx.a.seed", result.seed, "int"),
        ("project_xlsx.a.customers", result.customers, "int"),
        ("project_xlsx.a.arr", result.arr, "money"),
        ("project_xlsx.a.retention", str(result.retention.description), "text"),
        ("project_xlsx.a.budget", result.hiring.budget, "money"),
        ("project_xlsx.a.max_starts", result.hiring.max_starts_per_month, "int"),
        ("project_xlsx.a.benchmarks", result.benchmarks_version, "text"),
    ]
    ws.write_string(0, 0, neutralise_formula(tr("project_xlsx.a.title")), book.header)
    ws.write_string(0, 1, "", book.header)
    for r, (code, value, kind) in enumerate(rows, start=1):
        ws.write_string(r, 0, neutralise_formula(tr(code)))
        book.cell(ws, r, 1, value, kind)


def write_projection_xlsx(result: ProjectionResult, path: Path | str) -> None:
    """Write the projection workbook to ``path`` atomically (never half-written)."""
    with atomic_path(Path(path)) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp), {
            "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
            "tmpdir": str(tmp.parent)})
        try:
            book = _Book(workbook, result.currency)
            where = _months(book, result)
            _charts(book, result, where)
            _hires(book, result)
            _assumptions(book, result)
        finally:
            workbook.close()


def projection_xlsx_bytes(result: ProjectionResult) -> bytes:
    """The workbook's bytes (``--force`` to stdout), through the same atomic writer."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "projection.xlsx"
        write_projection_xlsx(result, path)
        return path.read_bytes()
