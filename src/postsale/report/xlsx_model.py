"""The capacity model as live formulas (issue 13 item 4): an Inputs sheet of named cells and a
Model sheet that recomputes CSM seats, CS Ops, costs, cost per customer and the budget from them.

Change ``per_csm_high_touch`` on Inputs in Excel or LibreOffice and the CSM seats, the team cost,
each tier's cost per customer and share of ACV, and the cost share of ARR move. Every formula is
written with postsale's own figure as its cached value, so a viewer that does not recalculate still
shows the plan.

What a cell formula cannot say stays a value, labelled "from postsale (not recalculated)" (in the
active language): the
workload FTE of implementation, support (Erlang queues) and renewals specialists, the leadership
layers (spans of control over the whole team), the org model's structural adjustment of each role,
and how the shared roles' cost splits over the tiers. The CSM seats are recomputed the way the
engine pools them (``core.capacity.csm_seats``: whole people per tier plus the pooled remainders,
largest remainder first; team leads carry part of a book, low-touch first).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from postsale.i18n import tr
from postsale.keys import CSM_ROLE_BY_TIER, ROLE_KEYS, TIER_KEYS, Role, Tier
from postsale.results import PlanResult

__all__ = ["MODEL_SHEETS", "write_model"]

MODEL_SHEETS: tuple[str, ...] = ("Inputs", "Model")
_EPS = "1E-9"  # the engine's tolerance around whole seats (core/capacity.py)
_LEADERSHIP = (Role.TEAM_LEAD, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.CCO)
_SPECIALISTS = (Role.IMPLEMENTATION_SPECIALIST, Role.SUPPORT_ENGINEER, Role.RENEWALS_SPECIALIST)
_CARRY_ORDER = (Tier.LOW_TOUCH, Tier.HIGH_TOUCH, Tier.TECH_TOUCH)  # team leads' books (S0)


@dataclass(frozen=True)
class _Input:
    name: str  # the defined name formulas use
    label: str
    value: float
    kind: str  # a _Formats kind
    source: str  # benchmark key, or "from postsale" / the plan, in the active language


def _entry(plan: PlanResult, key: str) -> float:
    return float(plan.benchmarks["entries"][key]["value"])


def _csm_key(plan: PlanResult, role: Role) -> str:
    return plan.headcount.roles[role].sources[0]


def _inputs(plan: PlanResult) -> list[_Input]:
    hc, econ = plan.headcount, plan.economics
    from_postsale, the_book = tr("report_xlsx.from_postsale"), tr("report_xlsx.the_book")
    rows: list[_Input] = []
    for tier in TIER_KEYS:
        role, t, e = CSM_ROLE_BY_TIER[tier], plan.tiers[tier], econ.per_tier[tier]
        key = _csm_key(plan, role)
        per = _entry(plan, key) if key in plan.benchmarks["entries"] else 0.0
        fte = hc.roles[role].workload_fte
        driver = round(fte * per) if per else 0
        at_risk = key == "capacity.at_risk_tech_touch_per_csm"
        if hc.effort is not None and hc.effort.sizing == "effort":
            # the service catalogue's hours sized the CSMs: the book they imply per CSM
            driver, at_risk = t.accounts, False
            per = t.accounts / fte if fte else 0.0
            key = tr("report_xlsx.implied_by_catalogue")
        covers = tr("report_xlsx.input.at_risk_book", tier=tier) if at_risk \
            else tr("report_xlsx.input.book", tier=tier)
        per_csm = tr("report_xlsx.input.at_risk_per_csm", tier=tier) if at_risk \
            else tr("report_xlsx.input.per_csm", tier=tier)
        tech_key = next((k for k in e.sources if ".technology" in k), "per_customer_costs")
        rows += [
            _Input(f"accounts_{tier}", tr("report_xlsx.input.accounts", tier=tier), t.accounts,
                   "int", the_book),
            _Input(f"arr_{tier}", tr("report_xlsx.input.arr", tier=tier), t.arr, "money",
                   the_book),
            _Input(f"csm_book_{tier}", covers, driver, "int", the_book),
            _Input(f"per_csm_{tier}", per_csm, per, "number", key),
            _Input(f"tech_cost_{tier}", tr("report_xlsx.input.tech_cost", tier=tier),
                   e.technology_cost_per_customer, "money", tech_key),
        ]
    for role in ROLE_KEYS:
        rows.append(_Input(f"cost_{role}", tr("report_xlsx.input.cost", role=role),
                           _entry(plan, f"costs.{role}"), "money", f"costs.{role}"))
    for role in _SPECIALISTS:
        rows.append(_Input(f"fte_{role}", tr("report_xlsx.input.fte", role=role),
                           hc.roles[role].workload_fte, "fte", from_postsale))
    ops_key = next(k for k in hc.roles[Role.CS_OPS].sources if k.startswith("capacity.csms_per"))
    for name, label, key, kind in (
        ("min_fte", tr("report_xlsx.input.min_fte"), "capacity.min_fte_for_dedicated_role",
         "fte"),
        ("csms_per_ops", tr("report_xlsx.input.csms_per_ops"), ops_key, "number"),
        ("ops_first_at", tr("report_xlsx.input.ops_first_at"), "capacity.cs_ops_first_at_csms",
         "int"),
        ("program_min", tr("report_xlsx.input.program_min"),
         "capacity.tech_touch_program_min_accounts", "int"),
        ("program_per_staff", tr("report_xlsx.input.program_per_staff"),
         "capacity.tech_touch_accounts_per_program_staff", "int"),
        ("team_lead_book", tr("report_xlsx.input.team_lead_book"), "spans.team_lead_book_share",
         "pct"),
        ("rule_high", tr("report_xlsx.input.rule_high"), "economics.cost_share_rule_high",
         "pct"),
    ):
        rows.append(_Input(name, label, _entry(plan, key), kind, key))
    for role in _LEADERSHIP:
        rows.append(_Input(f"seats_{role}", tr("report_xlsx.input.seats", role=role),
                           hc.role_based.get(str(role), hc.roles[role].required), "int",
                           from_postsale))
    shared = [econ.per_tier[t].shared_cost_per_customer * plan.tiers[t].accounts for t in TIER_KEYS]
    for tier, part in zip(TIER_KEYS, shared, strict=True):
        rows.append(_Input(f"shared_split_{tier}", tr("report_xlsx.input.shared_split", tier=tier),
                           part / sum(shared) if sum(shared) else 0.0, "pct", from_postsale))
    if econ.budget is not None:
        rows.append(_Input("budget", tr("report_xlsx.input.budget"), econ.budget.amount, "money",
                           str(econ.budget.explanation)))
    return rows


@dataclass
class _Writer:
    """Rows of formulas and values on one sheet, written in order (constant-memory mode)."""

    ws: Any
    formats: Any
    row: int = 0

    def cell(self, col: int, value: object, kind: str, *, bold: bool = False) -> None:
        fmt = (self.formats.bold if bold else self.formats.plain)[kind]
        if isinstance(value, tuple):  # (formula, cached value)
            formula, cached = value
            self.ws.write_formula(self.row, col, formula, fmt, _cached(cached))
        elif value is None:
            self.ws.write_blank(self.row, col, None, fmt)
        elif isinstance(value, str):
            self.ws.write_string(self.row, col, value, fmt)
        else:
            self.ws.write_number(self.row, col, float(value), fmt)  # type: ignore[arg-type]

    def line(self, cells: list[tuple[object, str]], *, bold: bool = False) -> None:
        for col, (value, kind) in enumerate(cells):
            self.cell(col, value, kind, bold=bold)
        self.row += 1


def _cached(value: object) -> float | int | str:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value if math.isfinite(value) else 0
    return str(value)


def _write_inputs(wb: Any, formats: Any, plan: PlanResult) -> None:
    ws = wb.add_worksheet("Inputs")
    w = _Writer(ws, formats)
    for col, head in enumerate((tr("report.xlsx.col.input"), tr("report.xlsx.col.value"),
                                tr("report.xlsx.col.name"),
                                tr("report.xlsx.col.benchmark_key_or_source"))):
        ws.write_string(0, col, head, formats.header)
    w.row = 1
    for item in _inputs(plan):
        wb.define_name(item.name, f"=Inputs!$B${w.row + 1}")
        w.line([(item.label, "text"), (item.value, item.kind), (item.name, "text"),
                (item.source, "text")])
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, w.row - 1, 3)
    for col, width in enumerate((44, 16, 24, 60)):
        ws.set_column(col, col, width)


# Model sheet columns
_HEAD = ("role", "workload", "per_person", "workload_fte", "whole_seats", "remainder",
         "remainder_rank", "pooled_seats", "carried_by_team_leads", "formula_seats",
         "org_model_adjustment", "seats", "cost_a_person", "annual_cost")
_C = {h: i for i, h in enumerate(_HEAD)}


def _head_text() -> tuple[str, ...]:
    """The Model sheet's header row in the active language, in ``_HEAD`` order (``_HEAD`` stays
    the columns' stable names that the formulas are built from)."""
    return (tr("report.xlsx.col.role"), tr("report.xlsx.col.workload"),
            tr("report.xlsx.col.per_person"), tr("report.xlsx.col.workload_fte"),
            tr("report.xlsx.col.whole_seats"), tr("report.xlsx.col.remainder"),
            tr("report.xlsx.col.remainder_rank"), tr("report.xlsx.col.pooled_seats"),
            tr("report.xlsx.col.carried_by_team_leads"), tr("report.xlsx.col.formula_seats"),
            tr("report.xlsx.col.org_model_adjustment"), tr("report.xlsx.col.seats"),
            tr("report.xlsx.col.cost_a_person"), tr("report.xlsx.col.annual_cost"))


def _ref(col: str, row: int) -> str:
    return f"{chr(ord('A') + _C[col])}{row + 1}"


def write_model(wb: Any, formats: Any, plan: PlanResult) -> None:
    """The Inputs and Model sheets; charts are the caller's (``Model`` rows are fixed)."""
    _write_inputs(wb, formats, plan)
    ws = wb.add_worksheet("Model")
    w = _Writer(ws, formats)
    for col, head in enumerate(_head_text()):
        ws.write_string(0, col, head, formats.header)
    w.row = 1
    hc = plan.headcount
    csm_roles = [CSM_ROLE_BY_TIER[t] for t in TIER_KEYS]
    first = w.row
    pool_row = first + len(TIER_KEYS)  # the CSM pool's row, after the three CSM rows
    rows = {role: first + i for i, role in enumerate(csm_roles)}
    rest_cells = [_ref("remainder", rows[r]) for r in csm_roles]
    given = {i.name: i.value for i in _inputs(plan)}
    books = [given[f"csm_book_{t}"] for t in TIER_KEYS]
    pers = [given[f"per_csm_{t}"] for t in TIER_KEYS]
    ftes = [b / p if p > 0 else 0.0 for b, p in zip(books, pers, strict=True)]
    whole = [math.floor(f + 1e-9) for f in ftes]
    rest = [max(f - n, 0.0) for f, n in zip(ftes, whole, strict=True)]
    extra = max(0, math.ceil(sum(rest) - 1e-9))
    ranks = [sum(rest[j] > rest[i] for j in range(3)) + sum(rest[j] == rest[i] for j in range(i))
             for i in range(3)]
    pooled = [n + (r < extra) for n, r in zip(whole, ranks, strict=True)]
    carried = math.floor(hc.role_based.get(str(Role.TEAM_LEAD), 0) * _entry(
        plan, "spans.team_lead_book_share") + 1e-9)
    takes: dict[Tier, int] = {}
    left = carried
    for tier in _CARRY_ORDER:
        takes[tier] = min(left, pooled[TIER_KEYS.index(tier)])
        left -= takes[tier]
    for i, tier in enumerate(TIER_KEYS):
        role, r = csm_roles[i], rows[csm_roles[i]]
        others = [c for j, c in enumerate(rest_cells) if j != i]
        before = [c for j, c in enumerate(rest_cells) if j < i]
        rank = "+".join([f"({c}>{rest_cells[i]})" for c in others]
                        + [f"({c}={rest_cells[i]})" for c in before])
        earlier = [_ref("carried_by_team_leads", rows[CSM_ROLE_BY_TIER[t]])
                   for t in _CARRY_ORDER[:_CARRY_ORDER.index(tier)]]
        carry = f"MIN(INT(seats_team_lead*team_lead_book+{_EPS})" + "".join(
            f"-{c}" for c in earlier) + f",{_ref('pooled_seats', r)})"
        _role_row(w, plan, role, [
            ((f"=csm_book_{tier}", books[i]), "int"), ((f"=per_csm_{tier}", pers[i]), "number"),
            ((f"=IF(per_csm_{tier}>0,csm_book_{tier}/per_csm_{tier},0)", ftes[i]), "fte"),
            ((f"=INT({_ref('workload_fte', r)}+{_EPS})", whole[i]), "int"),
            ((f"=MAX({_ref('workload_fte', r)}-{_ref('whole_seats', r)},0)", rest[i]), "fte"),
            ((f"={rank}", ranks[i]), "int"),
            ((f"={_ref('whole_seats', r)}+IF({_ref('remainder_rank', r)}<"
              f"{_ref('pooled_seats', pool_row)},1,0)", pooled[i]), "int"),
            ((f"={carry}", takes[tier]), "int"),
            ((f"={_ref('pooled_seats', r)}-{_ref('carried_by_team_leads', r)}",
              pooled[i] - takes[tier]), "int"),
        ])
    # the pool: the remainders staffed once, ceil(Σ remainders) — "pooled_seats" holds that count
    rest_sum = f"SUM({rest_cells[0]}:{rest_cells[-1]})"
    w.line([(tr("report_xlsx.model.csm_pool"), "text"), (None, "int"), (None, "int"),
            ((f"=SUM({_ref('workload_fte', first)}:{_ref('workload_fte', pool_row - 1)})",
              sum(ftes)), "fte"),
            (None, "int"), ((f"={rest_sum}", sum(rest)), "fte"), (None, "int"),
            ((f"=MAX(0,ROUNDUP({rest_sum}-{_EPS},0))", extra), "int")], bold=False)
    pooled_total = f"SUM({_ref('pooled_seats', first)}:{_ref('pooled_seats', pool_row - 1)})"
    for role in _SPECIALISTS:
        fte = hc.roles[role].workload_fte
        seats = hc.role_based.get(str(role), hc.roles[role].required)
        rule = f"=IF(fte_{role}<min_fte,0,ROUNDUP(fte_{role}-{_EPS},0))"
        if role is Role.SUPPORT_ENGINEER and hc.support is not None:
            rule = f"=ROUNDUP(fte_{role}-{_EPS},0)"  # Erlang queues staff every FTE
        _role_row(w, plan, role, [(None, "int"), (None, "int"), ((f"=fte_{role}", fte), "fte"),
                                  *[(None, "int")] * 5, ((rule, seats), "int")])
    ops = (f"=MAX(IF({pooled_total}<ops_first_at,0,MAX(1,ROUND({pooled_total}/csms_per_ops,0))),"
           "IF(accounts_tech_touch>=program_min,ROUNDUP(accounts_tech_touch/program_per_staff,0),0))"
           )
    ops_seats = hc.role_based.get(str(Role.CS_OPS), hc.roles[Role.CS_OPS].required)
    _role_row(w, plan, Role.CS_OPS, [
        ((f"={pooled_total}", sum(pooled)), "int"), (("=csms_per_ops", _entry_ops(plan)), "number"),
        ((f"={pooled_total}/csms_per_ops", sum(pooled) / _entry_ops(plan)), "fte"),
        *[(None, "int")] * 5,
        # under effort sizing CS Ops comes from the catalogue's hours: a value, not this rule
        ((ops, ops_seats) if hc.effort is None or hc.effort.sizing != "effort" else ops_seats,
         "int")])
    _role_row(w, plan, Role.TAM, [*[(None, "int")] * 8, (0, "int")])
    for role in _LEADERSHIP:
        _role_row(w, plan, role, [*[(None, "int")] * 8,
                                  ((f"=seats_{role}", hc.role_based.get(str(role), 0)), "int")])
    last = w.row - 1
    total = w.row
    w.line([(tr("report_xlsx.total"), "text"), *[(None, "int")] * 10,
            ((f"=SUM({_ref('seats', first)}:{_ref('seats', last)})", hc.required["total"]), "int"),
            (None, "money"),
            ((f"=SUM({_ref('annual_cost', first)}:{_ref('annual_cost', last)})",
              plan.economics.team_cost), "money")], bold=True)
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, last, len(_HEAD) - 1)
    ws.set_column(0, 0, 34)
    ws.set_column(1, len(_HEAD) - 1, 13)
    _economics_block(w, plan, first, pool_row, total)


def _entry_ops(plan: PlanResult) -> float:
    key = next(k for k in plan.headcount.roles[Role.CS_OPS].sources
               if k.startswith("capacity.csms_per"))
    return _entry(plan, key)


def _role_row(w: _Writer, plan: PlanResult, role: Role, cells: list[tuple[object, str]]) -> None:
    """One role: the workload cells given, then the org model's adjustment, seats and cost."""
    r = w.row
    req = plan.headcount.roles[role].required
    formula_seats = plan.headcount.role_based.get(str(role), req)
    w.line([(str(role), "text"), *cells,
            (req - formula_seats, "int"),
            ((f"={_ref('formula_seats', r)}+{_ref('org_model_adjustment', r)}", req), "int"),
            ((f"=cost_{role}", _entry(plan, f"costs.{role}")), "money"),
            ((f"={_ref('seats', r)}*{_ref('cost_a_person', r)}",
              plan.headcount.roles[role].cost), "money")])


# the economics block's columns (below the roles, same sheet)
def _econ_head() -> tuple[str, ...]:
    """The economics block's header row in the active language (columns A–K)."""
    return (tr("report.xlsx.col.tier"), tr("report.xlsx.col.accounts"), tr("report.xlsx.col.arr"),
            tr("report.xlsx.col.avg_acv"), tr("report_xlsx.col.csm_cost"),
            tr("report_xlsx.col.shared_cost"), tr("report_xlsx.col.technology_cost"),
            tr("report.xlsx.col.cost_per_customer"), tr("report.xlsx.col.cost_share_of_acv"),
            tr("report_xlsx.col.rule_top"), tr("report.xlsx.col.share_of_arr"))


def _economics_block(w: _Writer, plan: PlanResult, first: int, pool_row: int, total: int) -> None:
    """Per tier: the CSM seats' cost split by CSM workload (FTE × cost), the shared roles' cost by
    postsale's split, technology per customer; then the cost per customer and share of ACV, and the
    full cost against ARR and the budget."""
    w.row += 1
    for col, head in enumerate(_econ_head()):
        w.ws.write_string(w.row, col, head, w.formats.header)
    w.row += 1
    econ = plan.economics
    # the engine splits by the FTE it reports (rounded to 4 decimals): the same here
    fte = [f"ROUND({_ref('workload_fte', first + i)},4)" for i in range(3)]
    weight = "+".join(f"{fte[i]}*cost_{CSM_ROLE_BY_TIER[t]}" for i, t in enumerate(TIER_KEYS))
    csm_cost = f"SUM({_ref('annual_cost', first)}:{_ref('annual_cost', pool_row - 1)})"
    shared_cost = f"({_ref('annual_cost', total)}-{csm_cost})"
    start = w.row
    for i, tier in enumerate(TIER_KEYS):
        e, t, r = econ.per_tier[tier], plan.tiers[tier], w.row
        n = t.accounts
        w.line([
            (str(tier), "text"), ((f"=accounts_{tier}", n), "int"),
            ((f"=arr_{tier}", t.arr), "money"),
            ((f"=IF(accounts_{tier}>0,arr_{tier}/accounts_{tier},0)", e.average_acv), "money"),
            ((f"=IF(({weight})>0,{csm_cost}*{fte[i]}*cost_{CSM_ROLE_BY_TIER[tier]}/({weight}),0)",
              e.direct_cost_per_customer * n), "money"),
            ((f"={shared_cost}*shared_split_{tier}", e.shared_cost_per_customer * n), "money"),
            ((f"=accounts_{tier}*tech_cost_{tier}", e.technology_cost_per_customer * n), "money"),
            ((f"=IF(B{r + 1}>0,(E{r + 1}+F{r + 1}+G{r + 1})/B{r + 1},0)", e.cost_per_customer),
             "money"),
            ((f"=IF(D{r + 1}>0,H{r + 1}/D{r + 1},0)", e.cost_share_of_revenue or 0.0), "pct"),
            (("=rule_high", _entry(plan, "economics.cost_share_rule_high")), "pct"),
            ((f"=IF(SUM(C{start + 1}:C{start + 3})>0,(E{r + 1}+F{r + 1}+G{r + 1})"
              f"/SUM(C{start + 1}:C{start + 3}),0)",
              (e.total_cost / plan.arr) if plan.arr else 0.0), "pct"),
        ])
    rng = f"{start + 1}:{{c}}{start + 3}"
    full = f"SUM(E{rng.format(c='E')})+SUM(F{rng.format(c='F')})+SUM(G{rng.format(c='G')})"
    arr = f"SUM(C{rng.format(c='C')})"
    w.row += 1
    summary: list[tuple[str, tuple[str, float], str]] = [
        (tr("report_xlsx.model.team_cost"), (f"={_ref('annual_cost', total)}", econ.team_cost), "money"),
        (tr("report_xlsx.model.technology_cost"), (f"=SUM(G{rng.format(c='G')})",
                                                   econ.technology_cost), "money"),
        (tr("report_xlsx.model.full_cost"), (f"={full}", econ.full_cost), "money"),
        (tr("report_xlsx.model.full_cost_share"), (f"=IF({arr}>0,({full})/{arr},0)",
                                       econ.full_cost_share_of_revenue or 0.0), "pct"),
    ]
    if econ.budget is not None:
        summary.append((tr("report_xlsx.model.budget_headroom"),
                        (f"=budget-({full})", econ.budget.amount - econ.full_cost), "money"))
    for i, (label, value, kind) in enumerate(summary):
        w.line([(label, "text"), (value, kind)], bold=i == 2)  # the full CS cost


def model_chart_rows(plan: PlanResult) -> tuple[int, int]:
    """(first, last) zero-based Model rows of the tier economics block, for the chart."""
    roles = len(ROLE_KEYS) + 1  # + the CSM pool row
    start = 1 + roles + 1 + 2  # header, roles, total, blank, economics header
    return start, start + len(TIER_KEYS) - 1
