"""Words for the plausibility rules of ``postsale.core.plausibility``: each finding as a warning
that says what looks wrong, the figures, and what to check (the core returns codes and figures).

:func:`plan_plausibility` runs the rules that need a plan (cost, retention, dates, renewals,
owners); the money-scale rule runs at import (``postsale.io.localize``), where the header is known.
"""

from __future__ import annotations

import datetime as dt

from postsale.core import plausibility as rules
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from postsale.core.msg import Msg
from postsale.results import PlanResult, Warning

__all__ = ["finding_message", "plan_plausibility"]


def finding_message(f: rules.Finding, header: str = "arr") -> Msg:
    """The warning of a finding: what looks wrong, its figures (raw) and the fix to make."""
    g = f.figures
    if f.code == "arr_looks_like_millions":
        return Msg("plausibility.arr_looks_like_millions", header=header,
                   median=float(g["median"]), max=float(g["max"]), floor=float(g["floor"]))
    if f.code == "arr_looks_like_counts":
        return Msg("plausibility.arr_looks_like_counts", header=header,
                   median=float(g["median"]), max=float(g["max"]))
    if f.code == "cost_above_arr":
        return Msg("plausibility.cost_above_arr", cost=float(g["cost"]),
                   share=float(g["share"]), arr=float(g["arr"]))
    if f.code == "grr_implausible":
        return Msg("plausibility.grr_implausible", grr=float(g["grr"]),
                   min_grr=float(g["min_grr"]))
    if f.code == "nrr_implausible":
        return Msg("plausibility.nrr_implausible", nrr=float(g["nrr"]),
                   max_nrr=float(g["max_nrr"]))
    if f.code == "stale_export":
        return Msg("plausibility.stale_export", newest=str(g["newest"]),
                   months=float(g["months"]), today=str(g["today"]))
    if f.code == "as_of_before_data":
        return Msg("plausibility.as_of_before_data", share=float(g["share"]),
                   today=str(g["today"]), median_start=str(g["median_start"]))
    if f.code == "renewals_look_monthly":
        return Msg("plausibility.renewals_look_monthly", share=float(g["share"]),
                   accounts=int(g["accounts"]))
    if f.code == "churned_account_owned":
        return Msg("plausibility.churned_account_owned", accounts=int(g["accounts"]))
    return Msg("plausibility.unknown", code=f.code)


def plan_plausibility(book: AccountBook, result: PlanResult, benchmarks: Benchmarks,
                      today: dt.date) -> tuple[Warning, ...]:
    """The plan-level plausibility warnings for a book and its plan."""
    v = benchmarks.value
    arr = float(book.arr[book.arr > 0].sum())
    # the work itself (fractional FTE × cost), not whole people: one CSM for a 4-customer startup
    # costing more than its ARR is a matter of scale (plan_exceeds_budget says so), not of units
    cost = sum(r.workload_fte * v(f"costs.{r.role}") for r in result.headcount.roles.values())
    findings = [
        rules.cost_above_arr(cost, arr, v("plausibility.max_cost_share_of_arr")),
        *rules.retention(result.retention.grr, result.retention.nrr, v("plausibility.min_grr"),
                         v("plausibility.max_nrr")),
        rules.stale_dates(today, book.start_date, book.renewal_date, v("plausibility.stale_months"),
                          v("plausibility.future_start_share")),
        rules.monthly_renewals(today, book.renewal_date, book.active,
                               "contract_term_months" in book.present,
                               v("plausibility.monthly_renewal_share"),
                               int(v("plausibility.monthly_renewal_min_accounts"))),
        rules.churned_owned(book.arr, book.codes("owner")[1]) if "owner" in book.present else None,
    ]
    keys = {"cost_above_arr": ("plausibility.max_cost_share_of_arr",),
            "grr_implausible": ("plausibility.min_grr",), "nrr_implausible": ("plausibility.max_nrr",),
            "stale_export": ("plausibility.stale_months",),
            "as_of_before_data": ("plausibility.future_start_share",),
            "renewals_look_monthly": ("plausibility.monthly_renewal_share",)}
    return tuple(Warning(code=f.code, message=finding_message(f), sources=keys.get(f.code, ()))
                 for f in findings if f is not None)
