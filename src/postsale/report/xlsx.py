"""The plan as an Excel workbook (XlsxWriter): one sheet per part of the plan, numbers as numbers.

- Shares and rates are stored as fractions with a percent number format (0.107 shows as 10.7%);
  money carries a currency format; header rows are bold, frozen and filterable.
- Every text cell goes through :func:`~postsale.io.write.neutralise_formula` and is written with
  ``write_string``: an account id like ``=HYPERLINK(...)`` stays a literal string (CSV/formula
  injection), also after the sheet is re-exported to CSV.
- The workbook is written in ``constant_memory`` mode (rows streamed to disk in order), so the
  optional per-account sheet scales to books of millions of accounts; a sheet holds at most Excel's
  1,048,576 rows and the accounts continue on "Accounts 2", "Accounts 3", ….
- The file appears atomically: XlsxWriter writes a temporary file beside the target, which replaces
  the target only when the workbook is complete.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import xlsxwriter

from postsale.core.msg import Msg
from postsale.i18n import current, renderer, tr
from postsale.i18n.benchmarks import help_for_key
from postsale.io.write import atomic_path, neutralise_formula
from postsale.keys import CSM_ROLE_BY_TIER, ROLE_KEYS, TIER_KEYS
from postsale.report.budget import budget_notes, budget_rows
from postsale.report.xlsx_model import MODEL_SHEETS, model_chart_rows, write_model
from postsale.report.xlsx_rows import fast_rows_supported, write_text_rows
from postsale.results import PlanResult

__all__ = ["SHEET_NAMES", "write_plan_xlsx"]

#: Sheets of the workbook, in order (``Accounts`` only when accounts are given).
#: Sheet names stay English in every language: formulas and readers address the sheets by name.
SHEET_NAMES: tuple[str, ...] = ("Summary", *MODEL_SHEETS, "Tiers",
                                "Budget", "Headcount", "Effort", "Triggers",
                                "Warnings", "Checks", "Org fit",  # i18n: not text
                                "Benchmarks", "Accounts")

Kind = Literal["text", "id", "int", "number", "money", "pct", "multiple", "fte", "bool", "date"]
Cell = str | int | float | bool | dt.date | None

_MAX_ROWS = 1_048_576  # Excel's row limit per sheet (header included)
_MIN_WIDTH, _MAX_WIDTH = 8.0, 60.0
_CURRENCY_SYMBOL = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥", "INR": "₹"}
_NUMBER_WIDTH = 13.0  # a formatted number rarely needs more


@dataclass(frozen=True)
class _Col:
    header: str
    kind: Kind = "text"
    width: float | None = None  # fixed width; None = fit the content within the bounds


def _money_format(currency: str) -> str:
    """Whole-unit currency format: ``"$"#,##0`` for USD, ``#,##0 "EUR"`` for other codes."""
    code = re.sub(r"[^A-Za-z]", "", currency).upper()[:5] or "USD"
    symbol = _CURRENCY_SYMBOL.get(code)
    if symbol:
        return f'"{symbol}"#,##0;-"{symbol}"#,##0'
    return f'#,##0 "{code}";-#,##0 "{code}"'


class _Formats:
    """The workbook's cell formats, one per kind (plus header and bold variants)."""

    def __init__(self, workbook: Any, currency: str) -> None:
        num = {"int": "#,##0", "number": "General", "money": _money_format(currency),
               "pct": "0.0%", "multiple": '0.0"×"', "fte": "0.00", "date": "yyyy-mm-dd"}
        self.header = workbook.add_format({"bold": True, "bottom": 1, "bg_color": "#EEF2FF",
                                           "valign": "top"})
        self.plain: dict[str, Any] = {k: workbook.add_format({"num_format": v, "valign": "top"})
                                      for k, v in num.items()}
        self.plain["text"] = self.plain["id"] = workbook.add_format({"valign": "top"})
        self.plain["bool"] = workbook.add_format({"valign": "top", "align": "center"})
        self.bold: dict[str, Any] = {
            k: workbook.add_format({"num_format": v, "bold": True, "top": 1}) for k, v in num.items()
        }
        self.bold["text"] = self.bold["id"] = workbook.add_format({"bold": True, "top": 1})
        self.bold["bool"] = self.bold["text"]


class _Sheet:
    """A worksheet written row by row (constant-memory friendly), typed by column."""

    def __init__(self, workbook: Any, formats: _Formats, name: str, cols: Sequence[_Col]) -> None:
        self.ws = workbook.add_worksheet(name)
        self.formats = formats
        self.cols = tuple(cols)
        self.row = 0
        # room for the header plus the autofilter drop-down button
        self.widths = [max(_MIN_WIDTH, len(c.header) + 4.0) for c in self.cols]
        self.add([c.header for c in self.cols], kinds=["text"] * len(self.cols), header=True)
        self.ws.freeze_panes(1, 0)

    def add(self, values: Sequence[Cell], kinds: Sequence[Kind | None] | None = None,
            *, bold: bool = False, header: bool = False) -> None:
        """Write one row; ``kinds`` overrides a column's kind cell by cell (None = column's)."""
        for col, value in enumerate(values):
            kind: Kind = (kinds[col] if kinds and kinds[col] else None) or self.cols[col].kind
            fmt = (self.formats.header if header else
                   (self.formats.bold if bold else self.formats.plain)[kind])
            self._cell(col, value, kind, fmt)
        self.row += 1

    def _cell(self, col: int, value: Cell, kind: Kind, fmt: Any) -> None:
        ws, row = self.ws, self.row
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            ws.write_blank(row, col, None, fmt)
        elif kind == "bool" or isinstance(value, bool):
            ws.write_boolean(row, col, bool(value), fmt)
        elif kind == "text" or isinstance(value, str):
            # A typed string cell is never evaluated by Excel: identifiers are kept exactly; other
            # text is guarded too, for the user who saves the sheet as CSV.
            text = str(value) if kind == "id" else neutralise_formula(str(value))
            ws.write_string(row, col, text, fmt)
            self.widths[col] = max(self.widths[col], min(len(text) + 2.0, _MAX_WIDTH))
        elif isinstance(value, dt.date):
            ws.write_datetime(row, col, value, fmt)
            self.widths[col] = max(self.widths[col], 12.0)
        else:
            ws.write_number(row, col, float(value), fmt)
            self.widths[col] = max(self.widths[col], _NUMBER_WIDTH)

    def finish(self, data_rows: int | None = None) -> None:
        """Column widths, and the autofilter over the header and ``data_rows`` rows (default all)."""
        for col, c in enumerate(self.cols):
            self.ws.set_column(col, col, c.width if c.width is not None else self.widths[col])
        last = (self.row - 1) if data_rows is None else data_rows
        self.ws.autofilter(0, 0, max(last, 0), len(self.cols) - 1)


def _fraction_kind(unit: str) -> Kind:
    return "pct" if unit.startswith("fraction") else "number"


def _summary(wb: Any, f: _Formats, plan: PlanResult) -> None:
    s = _Sheet(wb, f, "Summary", [_Col(tr("report.xlsx.col.field"), width=36),
                                  _Col(tr("report.xlsx.col.value"), width=40)])
    econ, hc = plan.economics, plan.headcount
    rows: list[tuple[str, Cell, Kind]] = [
        (tr("report_xlsx.summary.company"), plan.company, "text"),
        (tr("report_xlsx.summary.currency"), plan.currency, "text"),
        (tr("report_xlsx.summary.plan_date"), plan.today, "date"),
        (tr("report_xlsx.summary.benchmarks_version"), str(plan.benchmarks.get("version", "")), "text"),
        (tr("report_xlsx.summary.stage"), plan.stage.number, "int"),
        (tr("report_xlsx.summary.stage_name"), tr(plan.stage.name), "text"),
        (tr("report_xlsx.summary.book_stage"), plan.stage.book_stage, "int"),
        (tr("report_xlsx.summary.team_stage"), plan.stage.team_stage, "int"),
        (tr("report_xlsx.summary.specialization_phase"), plan.phase.number, "int"),
        (tr("report_xlsx.summary.phase_name"), tr(plan.phase.name), "text"),
        (tr("report_xlsx.summary.customers"), plan.customers, "int"),
        (tr("report_xlsx.summary.accounts"), plan.accounts, "int"),
        (tr("report_xlsx.summary.arr"), plan.arr, "money"),
        (tr("report_xlsx.summary.blended_share"), econ.blended_cost_share_of_revenue, "pct"),
        (tr("report_xlsx.summary.blended_band_low"), econ.blended_band[0], "pct"),
        (tr("report_xlsx.summary.blended_band_high"), econ.blended_band[1], "pct"),
        (tr("report_xlsx.summary.blended_verdict"), econ.blended_verdict, "text"),
        (tr("report_xlsx.summary.team_cost"), econ.team_cost, "money"),
        (tr("report_xlsx.summary.team_cost_share"), econ.team_cost_share_of_revenue, "pct"),
        (tr("report_xlsx.summary.arr_per_csm"), econ.arr_per_csm, "money"),
        (tr("report_xlsx.summary.gross_margin"), econ.gross_margin, "pct"),
        (tr("report_xlsx.summary.gross_margin_check"), econ.gross_margin_check, "text"),
        (tr("report_xlsx.summary.headcount_now"), hc.current["total"], "int"),
        (tr("report_xlsx.summary.headcount_needed"), hc.required["total"], "int"),
        (tr("report_xlsx.summary.headcount_gap"), hc.gap["total"], "int"),
        (tr("report_xlsx.summary.triggers_fired"), sum(1 for t in plan.triggers if t.fired), "int"),
        (tr("report_xlsx.summary.warnings"), len(plan.warnings), "int"),
        (tr("report_xlsx.summary.grr"), plan.retention.grr, "pct"),
        (tr("report_xlsx.summary.nrr"), plan.retention.nrr, "pct"),
        (tr("report_xlsx.summary.org_model"), str(plan.org.recommended), "text"),
        (tr("report_xlsx.summary.reporting_line"), str(plan.reporting_line.recommended), "text"),
    ]
    for field, value, kind in rows:
        s.add([field, value], kinds=["text", kind])
    s.finish()


def _budget(wb: Any, f: _Formats, plan: PlanResult) -> None:
    """Today's team, the need, the recommendation, the published median and the budget, then
    the budget's basis and the levers (issue 10)."""
    s = _Sheet(wb, f, "Budget", [_Col("", width=36), _Col(tr("report.xlsx.col.people"), "int"),
                                 _Col(tr("report.xlsx.col.cost_a_year"), "money"),
                                 _Col(tr("report.xlsx.col.share_of_arr"), "pct")])
    for row in budget_rows(plan):
        s.add([row.label, row.people, row.cost, row.share], bold=row.recommended)
    lang = current().lang
    for line in budget_notes(plan, lambda value, currency: renderer(lang, currency).money(value)):
        s.add([line, None, None, None], kinds=["text", "int", "money", "pct"])
    s.finish()


def _tiers(wb: Any, f: _Formats, plan: PlanResult) -> None:
    s = _Sheet(wb, f, "Tiers", [
        _Col(tr("report.xlsx.col.tier")), _Col(tr("report.xlsx.col.accounts"), "int"),
        _Col(tr("report.xlsx.col.arr"), "money"), _Col(tr("report.xlsx.col.share_of_arr"), "pct"),
        _Col(tr("report.xlsx.col.share_of_accounts"), "pct"), _Col(tr("report.xlsx.col.avg_acv"), "money"),
        _Col(tr("report.xlsx.col.cost_per_customer"), "money"),
        _Col(tr("report.xlsx.col.cost_share_of_acv"), "pct"),
        _Col(tr("report.xlsx.col.revenue_multiple"), "multiple"), _Col(tr("report.xlsx.col.verdict")),
        _Col(tr("report.xlsx.col.s3_share_band_low"), "pct"),
        _Col(tr("report.xlsx.col.s3_share_band_high"), "pct"), _Col(tr("report.xlsx.col.share_check")),
        _Col(tr("report.xlsx.col.accounts_per_csm"), "number"),
        _Col(tr("report.xlsx.col.accounts_per_csm_basis")),
        _Col(tr("report.xlsx.col.multiple_verdict")), _Col(tr("report.xlsx.col.total_cost"), "money"),
        _Col(tr("report.xlsx.col.explanation"), width=_MAX_WIDTH),
    ])
    for tier in TIER_KEYS:
        t, e = plan.tiers[tier], plan.economics.per_tier[tier]
        s.add([str(tier), t.accounts, t.arr, t.share_of_arr, t.share_of_accounts,
               t.average_acv if t.accounts else None,
               e.cost_per_customer, e.cost_share_of_revenue, e.revenue_multiple, e.verdict,
               t.share_band[0], t.share_band[1], t.share_check, e.accounts_per_csm,
               e.accounts_per_csm_basis, e.multiple_verdict, e.total_cost, str(e.explanation)])
    s.finish()


def _headcount(wb: Any, f: _Formats, plan: PlanResult) -> None:
    s = _Sheet(wb, f, "Headcount", [
        _Col(tr("report.xlsx.col.role")), _Col(tr("report.xlsx.col.now"), "int"),
        _Col(tr("report.xlsx.col.needed"), "int"), _Col(tr("report.xlsx.col.gap"), "int"),
        _Col(tr("report.xlsx.col.formula"), width=_MAX_WIDTH),
        _Col(tr("report.xlsx.col.annual_cost"), "money"),
        _Col(tr("report.xlsx.col.workload_fte"), "fte"),
    ])
    hc = plan.headcount
    for role in ROLE_KEYS:
        r = hc.roles[role]
        s.add([str(role), r.current, r.required, r.gap, str(r.formula), r.cost, r.workload_fte])
    data_rows = s.row - 1
    s.add([tr("report_xlsx.total"), hc.current["total"], hc.required["total"], hc.gap["total"], None,
           sum(r.cost for r in hc.roles.values()), None], bold=True)
    s.finish(data_rows)


def _effort(wb: Any, f: _Formats, plan: PlanResult) -> None:
    """The service catalogue / effort model (``headcount.effort``): per tier the CSM hours per
    account and the book they imply against the ratio's, then every role's seats by effort and by
    ratio; ``sized by`` names the model that sized the plan (``[headcount] sizing``)."""
    s = _Sheet(wb, f, "Effort", [
        _Col(tr("report.xlsx.col.section")), _Col(tr("report.xlsx.col.subject")),
        _Col(tr("report.xlsx.col.accounts"), "int"),
        _Col(tr("report.xlsx.col.csm_hours_a_year"), "number"),
        _Col(tr("report.xlsx.col.csm_hours_per_account"), "number"),
        _Col(tr("report.xlsx.col.implied_accounts_per_csm"), "number"),
        _Col(tr("report.xlsx.col.ratio_accounts_per_csm"), "number"),
        _Col(tr("report.xlsx.col.csm_fte_by_effort"), "fte"),
        _Col(tr("report.xlsx.col.csm_fte_by_ratio"), "fte"),
        _Col(tr("report.xlsx.col.seats_by_effort"), "int"), _Col(tr("report.xlsx.col.seats_by_ratio"), "int"),
        _Col(tr("report.xlsx.col.difference"), "int"),
        _Col(tr("report.xlsx.col.sized_by")), _Col(tr("report.xlsx.col.explanation"), width=_MAX_WIDTH),
    ])
    effort = plan.headcount.effort
    if effort is None:
        s.finish()
        return

    def seats(key: str) -> list[Cell]:
        return [effort.effort_based[key], effort.ratio_based[key], effort.difference[key]]

    for tier in TIER_KEYS:
        t = effort.tiers[tier]
        role = str(CSM_ROLE_BY_TIER[tier])
        s.add([tr("report.xlsx.col.tier"), str(tier), t.accounts, t.csm_hours, t.csm_hours_per_account,
               t.implied_accounts_per_csm, t.ratio_accounts_per_csm, t.csm_fte, t.ratio_fte,
               *seats(role), effort.sizing, str(t.explanation)])
    for role in ROLE_KEYS:
        parts = ", ".join(tr("report_xlsx.effort.part", part=k, fte=v)
                          for k, v in effort.breakdown.get(str(role), {}).items() if v)
        s.add([tr("report.xlsx.col.role"), str(role), *([None] * 7), *seats(str(role)), effort.sizing,
               parts or None])
    data_rows = s.row - 1
    total = tr("report_xlsx.total")
    s.add([total, total, *([None] * 7), *seats("total"), effort.sizing,
           str(effort.explanation[-1])], bold=True)
    s.finish(data_rows)


def _triggers(wb: Any, f: _Formats, plan: PlanResult) -> None:
    s = _Sheet(wb, f, "Triggers", [
        _Col(tr("report.xlsx.col.trigger")), _Col(tr("report.xlsx.col.role")),
        _Col(tr("report.xlsx.col.description")), _Col(tr("report.xlsx.col.measured"), "number"),
        _Col(tr("report.xlsx.col.threshold"), "number"), _Col(tr("report.xlsx.col.unit")),
        _Col(tr("report.xlsx.col.fired"), "bool"),
        _Col(tr("report.xlsx.col.evaluable"), "bool"), _Col(tr("report.xlsx.col.message"), width=_MAX_WIDTH),
    ])
    for t in plan.triggers:
        s.add([t.key, str(t.role) if t.role else None, tr(t.description), t.measured,
               t.threshold, tr(t.unit), t.fired, t.evaluable, tr(t.message)])
    s.finish()


def _warnings(wb: Any, f: _Formats, plan: PlanResult) -> None:
    s = _Sheet(wb, f, "Warnings", [_Col(tr("report.xlsx.col.code")),
                                   _Col(tr("report.xlsx.col.message"), width=100)])
    for w in plan.warnings:
        s.add([w.code, str(w.message)])
    s.finish()


def _checks(wb: Any, f: _Formats, plan: PlanResult) -> None:
    s = _Sheet(wb, f, "Checks", [_Col(tr("report.xlsx.col.code")), _Col(tr("report.xlsx.col.title")),
                                 _Col(tr("report.xlsx.col.status")),
                                 _Col(tr("report.xlsx.col.detail"), width=90)])
    for c in plan.checks:
        s.add([c.code, str(c.title), c.status, str(c.detail)])
    s.finish()


def _org_fit(wb: Any, f: _Formats, plan: PlanResult) -> None:
    org_fit = "Org fit"  # i18n: not text (a sheet name)
    s = _Sheet(wb, f, org_fit, [_Col(tr("report.xlsx.col.decision")), _Col(tr("report.xlsx.col.option")),
                                  _Col(tr("report.xlsx.col.score"), "number"),
                                  _Col(tr("report.xlsx.col.recommended"), "bool"),
                                  _Col(tr("report.xlsx.col.reasons"), width=100)])
    org, line = plan.org, plan.reporting_line
    by_model, by_line = tr("report_xlsx.summary.org_model"), tr("report_xlsx.summary.reporting_line")
    rows: list[tuple[str, str, float, bool, tuple[Msg, ...]]] = [
        (by_model, str(m), score, m == org.recommended, org.reasons.get(m, ()))
        for m, score in org.scores.items()
    ] + [
        (by_line, str(r), score, r == line.recommended, line.reasons.get(r, ()))
        for r, score in line.scores.items()
    ]
    for decision, option, score, chosen, reasons in rows:
        s.add([decision, option, score, chosen, "; ".join(str(r) for r in reasons)])
    s.finish()


def _benchmarks(wb: Any, f: _Formats, plan: PlanResult) -> None:
    s = _Sheet(wb, f, "Benchmarks", [
        _Col(tr("report.xlsx.col.key")), _Col(tr("report.xlsx.col.value"), "number"),
        _Col(tr("report.xlsx.col.range_low"), "number"),
        _Col(tr("report.xlsx.col.range_high"), "number"), _Col(tr("report.xlsx.col.unit")),
        _Col(tr("report.xlsx.col.source"), width=70),
        _Col(tr("report.xlsx.col.overridden"), "bool"), _Col(tr("report.xlsx.col.overridden_by")),
        _Col(tr("report.xlsx.col.default"), "number"),
        _Col(tr("report.xlsx.col.help"), width=70),
    ])
    entries: dict[str, dict[str, Any]] = plan.benchmarks.get("entries", {})
    for key, e in entries.items():
        unit = str(e.get("unit", ""))
        kind = _fraction_kind(unit)
        rng = e.get("range")
        s.add([key, e.get("value"), rng[0] if rng else None, rng[1] if rng else None, unit,
               str(e.get("source", "")), bool(e.get("overridden")), e.get("overridden_by"),
               e.get("default"), help_for_key(key)],
              kinds=[None, kind, kind, kind, None, None, None, None, kind, None])
    s.finish()


def _accounts(wb: Any, f: _Formats, accounts: Iterable[tuple[str, str, str]]) -> None:
    """The per-account sheet(s), the hot path of a large book: fixed widths, one format, the tier
    and reason texts neutralised once per distinct text (a handful), not once per row, and the
    rows written in bulk (:mod:`postsale.report.xlsx_rows`, the same XML as ``write_string``)."""
    # the per-account table keeps its machine-readable column names in every language
    cols = [_Col("account_id", "id", width=24), _Col("tier", width=14), _Col("reasons", width=80)]
    fmt = f.plain["text"]
    safe: dict[str, str] = {}

    def neutral(text: str) -> str:
        out = safe.get(text)
        if out is None:
            out = safe[text] = neutralise_formula(text)
        return out

    rows = iter(accounts)
    part = 1
    while True:
        chunk = list(itertools.islice(rows, _MAX_ROWS - 1))
        if part > 1 and not chunk:
            break
        s = _Sheet(wb, f, "Accounts" if part == 1 else f"Accounts {part}", cols)
        # An identifier is kept exactly (typed string cell); tier and reasons are guarded.
        ids = [r[0] for r in chunk]
        tiers = [neutral(r[1]) for r in chunk]
        reasons = [neutral(r[2]) for r in chunk]
        if fast_rows_supported(s.ws):
            s.row = write_text_rows(s.ws, 1, (ids, tiers, reasons), fmt)
        else:
            for values in zip(ids, tiers, reasons, strict=True):
                s.add(values)
        s.finish()
        if len(chunk) < _MAX_ROWS - 1:
            break
        part += 1


def _tier_chart(wb: Any, plan: PlanResult) -> None:
    """A native column chart on the Model sheet: each tier's CS cost share of ACV (live, from the
    formulas) against the top of S3's 5–15% rule."""
    first, last = model_chart_rows(plan)
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"name": tr("report.xlsx.chart.cost_share"), "categories": ["Model", first, 0, last, 0],
                      "values": ["Model", first, 8, last, 8], "data_labels": {"value": True}})
    rule = wb.add_chart({"type": "line"})
    rule.add_series({"name": tr("report.xlsx.chart.rule_top"), "categories": ["Model", first, 0, last, 0],
                     "values": ["Model", first, 9, last, 9],
                     "line": {"color": "#C0392B", "dash_type": "dash"}})
    chart.combine(rule)
    chart.set_title({"name": tr("report.xlsx.chart.title")})
    chart.set_y_axis({"num_format": "0%", "min": 0})
    chart.set_legend({"position": "bottom"})
    wb.get_worksheet_by_name("Model").insert_chart(last + 3, 0, chart,
                                                   {"x_scale": 1.4, "y_scale": 1.2})


def write_plan_xlsx(plan: PlanResult, path: Path,
                    accounts: Iterable[tuple[str, str, str]] | None = None) -> None:
    """Write the plan workbook to ``path`` atomically.

    ``accounts`` is an optional iterable of ``(account_id, tier, reasons)`` rows for the
    Accounts sheet; it is consumed once, streamed row by row (a generator is fine).
    """
    with atomic_path(Path(path)) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp), {
            "constant_memory": True,
            "tmpdir": str(tmp.parent),  # XlsxWriter's row files beside ours, never left in /tmp
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        })
        try:
            formats = _Formats(workbook, plan.currency)
            _summary(workbook, formats, plan)
            write_model(workbook, formats, plan)
            _tier_chart(workbook, plan)
            for write in (_tiers, _budget, _headcount, _effort, _triggers, _warnings,
                          _checks, _org_fit, _benchmarks):
                write(workbook, formats, plan)
            if accounts is not None:
                _accounts(workbook, formats, accounts)
        finally:
            # Always close: in constant_memory mode this also removes XlsxWriter's row temp files.
            # On failure the half-written temp workbook is discarded by atomic_path.
            workbook.close()
