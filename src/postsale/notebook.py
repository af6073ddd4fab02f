"""Results in a notebook: a one-line ``repr``, compact escaped HTML and tables as DataFrames.

Jupyter shows ``_repr_html_``; the plain ``repr`` is for the console and logs. ``to_frame`` turns
a result's tables into pandas or polars DataFrames; both are optional (the import is lazy, and a
missing library is a clear ``ImportError``). The tables are plain columns first (``*_tables``),
so the figures are the result's own, unrounded: fractions stay fractions, as in the JSON contract.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from postsale.api import AssignmentRun
    from postsale.results import PlanResult
    from postsale.results_projection import ProjectionResult

__all__ = ["Columns", "assignment_tables", "plan_tables", "projection_tables", "to_frame"]

Columns = dict[str, list[Any]]
Backend = Literal["pandas", "polars"]


def to_frame(tables: Mapping[str, Columns], table: str, backend: Backend | None) -> Any:
    """``tables[table]`` as a DataFrame: ``backend`` or, when None, pandas if installed, else
    polars. Raises ``KeyError`` naming the tables there are, ``ImportError`` saying what to install."""
    if table not in tables:
        raise KeyError(f"no table '{table}': choose one of {', '.join(tables)}")
    columns = tables[table]
    for name in (backend,) if backend else ("pandas", "polars"):
        try:
            module = __import__(name)
        except ImportError:
            continue
        return module.DataFrame(columns)
    wanted = backend or "pandas or polars"
    raise ImportError(f"to_frame() needs {wanted}: pip install {backend or 'pandas'} (postsale "
                      "itself does not depend on either)")


def plan_tables(result: PlanResult) -> dict[str, Columns]:
    """``tiers`` (size and unit economics), ``headcount`` (by role) and ``warnings``."""
    economics = result.economics.per_tier
    tiers: Columns = {k: [] for k in ("tier", "accounts", "arr", "share_of_arr", "average_acv",
                                      "accounts_per_csm", "cost_per_customer",
                                      "cost_share_of_revenue", "verdict")}
    for tier, summary in result.tiers.items():
        e = economics[tier]
        for key, value in (("tier", str(tier)), ("accounts", summary.accounts),
                           ("arr", summary.arr), ("share_of_arr", summary.share_of_arr),
                           ("average_acv", summary.average_acv),
                           ("accounts_per_csm", e.accounts_per_csm),
                           ("cost_per_customer", e.cost_per_customer),
                           ("cost_share_of_revenue", e.cost_share_of_revenue),
                           ("verdict", e.verdict)):
            tiers[key].append(value)
    hc = result.headcount
    roles = [r for r in hc.required if r != "total"]
    headcount: Columns = {
        "role": roles, "current": [hc.current.get(r, 0) for r in roles],
        "required": [hc.required[r] for r in roles], "gap": [hc.gap.get(r, 0) for r in roles],
        "hire": [hc.hires.get(r, 0) for r in roles],
        "cost": [hc.roles[r].cost if r in hc.roles else None for r in roles],  # type: ignore[index]
    }
    warnings: Columns = {"code": [w.code for w in result.warnings],
                         "message": [str(w.message) for w in result.warnings]}
    return {"tiers": tiers, "headcount": headcount, "warnings": warnings}


def projection_tables(result: ProjectionResult) -> dict[str, Columns]:
    """``months`` (P10/P50/P90 customers and ARR, headcount, cost) and ``hires``."""
    months: Columns = {k: [] for k in (
        "month", "date", "stage", "customers_p10", "customers_p50", "customers_p90", "arr_p10",
        "arr_p50", "arr_p90", "required", "in_seat", "cost", "cost_share")}
    for m in result.months:
        for key, value in (("month", m.month), ("date", m.date), ("stage", m.stage),
                           ("customers_p10", m.customers.p10), ("customers_p50", m.customers.p50),
                           ("customers_p90", m.customers.p90), ("arr_p10", m.arr.p10),
                           ("arr_p50", m.arr.p50), ("arr_p90", m.arr.p90),
                           ("required", m.required.get("total", 0)),
                           ("in_seat", m.in_seat.get("total", 0)), ("cost", m.cost),
                           ("cost_share", m.cost_share)):
            months[key].append(value)
    return {"months": months, "hires": _records([h.to_dict() for h in result.hires])}


def assignment_tables(run: AssignmentRun) -> dict[str, Columns]:
    """``owners`` (one row per account, the owners file) and ``people`` (one row per person)."""
    owners = {k: list(v) for k, v in run.owner_columns().items()}
    people = _records(run.to_dict()["people"])
    return {"owners": owners, "people": people}


def _records(rows: Sequence[Mapping[str, Any]]) -> Columns:
    keys = list(dict.fromkeys(k for row in rows for k in row))
    return {k: [row.get(k) for row in rows] for k in keys}


# ---------------------------------------------------------------------------------------------
# One line and compact HTML


def plan_repr(result: PlanResult) -> str:
    from postsale.report.fmt import money, percent

    hc, eco = result.headcount, result.economics
    return (f"<PlanResult {result.company!r}: {result.customers:,} customers, "
            f"{money(result.arr, result.currency)} ARR, stage {result.stage.number}, "
            f"headcount {hc.current.get('total', 0)} → {hc.required.get('total', 0)}, "
            f"cost {percent(eco.full_cost_share_of_revenue)} of ARR, "
            f"model {result.org.recommended}>")


def projection_repr(result: ProjectionResult) -> str:
    from postsale.report.fmt import money

    last = result.months[-1]
    first = result.months[0]
    return (f"<ProjectionResult {result.company!r}: {result.horizon_months} months × "
            f"{result.paths:,} paths (seed {result.seed}), customers {result.customers:,} → "
            f"{last.customers.p50:,.0f} (P50), ARR {money(result.arr, result.currency)} → "
            f"{money(last.arr.p50, result.currency)}, headcount "
            f"{first.required.get('total', 0)} → {last.required.get('total', 0)}>")


def assignment_repr(run: AssignmentRun) -> str:
    return (f"<AssignmentRun {run.plan.result.company!r}: {len(run.plan.book):,} accounts over "
            f"{len(run.roster):,} positions, {run.diff.moves:,} moved, {run.relaxed_accounts:,} "
            "with a rule relaxed>")


def _table_html(columns: Columns, formats: Mapping[str, Any] | None = None,
                limit: int = 12) -> str:
    formats = formats or {}
    names = list(columns)
    rows = len(next(iter(columns.values()))) if columns else 0
    head = "".join(f"<th>{html.escape(n)}</th>" for n in names)
    body = []
    for i in range(min(rows, limit)):
        cells = (formats.get(n, _cell)(columns[n][i]) for n in names)
        body.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    more = f"<p>… {rows - limit:,} more rows: <code>to_frame()</code></p>" if rows > limit else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _page(title: str, facts: Sequence[str], tables: Sequence[tuple[str, str]]) -> str:
    items = "".join(f"<li>{html.escape(f)}</li>" for f in facts)
    parts = "".join(f"<h4>{html.escape(name)}</h4>{table}" for name, table in tables)
    return (f"<div class=\"postsale-result\"><strong>{html.escape(title)}</strong>"
            f"<ul>{items}</ul>{parts}</div>")


def plan_html(result: PlanResult) -> str:
    from postsale.report.fmt import money, percent

    tables = plan_tables(result)
    cur = result.currency

    def cash(v: Any) -> str:
        return money(v, cur)

    def share(v: Any) -> str:
        return percent(v)

    hc, eco = result.headcount, result.economics
    facts = [f"{result.customers:,} customers, {money(result.arr, cur)} ARR, as of {result.today}",
             f"stage {result.stage.number} — {result.stage.name}",
             f"headcount {hc.current.get('total', 0)} in seat → {hc.required.get('total', 0)} "
             f"planned; cost {money(eco.full_cost, cur)} a year = "
             f"{percent(eco.full_cost_share_of_revenue)} of ARR",
             f"organization model: {result.org.recommended}; {len(result.warnings)} warnings"]
    money_cols = {"arr": cash, "average_acv": cash, "cost_per_customer": cash, "cost": cash,
                  "share_of_arr": share, "cost_share_of_revenue": share}
    return _page(f"Plan: {result.company}", facts,
                 [("Tiers", _table_html(tables["tiers"], money_cols)),
                  ("Headcount", _table_html(tables["headcount"], money_cols))])


def projection_html(result: ProjectionResult) -> str:
    from postsale.report.fmt import money, percent

    cur = result.currency
    facts = [projection_repr(result)[len("<ProjectionResult "):-1],
             f"{len(result.hires)} hires in the calendar, {len(result.scenarios)} scenarios"]
    cols = projection_tables(result)["months"]
    keep = ("month", "date", "customers_p50", "arr_p50", "required", "in_seat", "cost",
            "cost_share")
    formats = {"arr_p50": lambda v: money(v, cur), "cost": lambda v: money(v, cur),
               "cost_share": percent, "customers_p50": lambda v: f"{v:,.0f}"}
    return _page(f"Projection: {result.company}", facts,
                 [("Months (P50)", _table_html({k: cols[k] for k in keep}, formats, limit=13))])


def assignment_html(run: AssignmentRun) -> str:
    people = assignment_tables(run)["people"]
    keep = [k for k in ("label", "role", "accounts", "arr", "load", "moves_in", "moves_out")
            if k in people]
    return _page(f"Assignment: {run.plan.result.company}", [assignment_repr(run)[1:-1]],
                 [("People", _table_html({k: people[k] for k in keep}))])
