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
from postsale.results import PlanResult, Warning

__all__ = ["finding_message", "plan_plausibility"]


def finding_message(f: rules.Finding, header: str = "arr") -> str:
    """The warning text of a finding (figures formatted, the fix named)."""
    g = f.figures
    if f.code == "arr_looks_like_millions":
        return (f"ARR ('{header}') looks like company revenue in millions, not annual revenue per "
                f"account: the median is {float(g['median']):,.2f} and the largest "
                f"{float(g['max']):,.2f} (a subscription under {float(g['floor']):,.0f} a year is "
                "rare) — map the real ARR column ([columns] \"Your ARR header\" = \"arr\"), or "
                "write the amounts in full")
    if f.code == "arr_looks_like_counts":
        return (f"ARR ('{header}') holds small whole numbers (median {float(g['median']):,.0f}, "
                f"largest {float(g['max']):,.0f}): it looks like a count (seats, users, tickets), "
                "not money — map the real ARR column ([columns] \"Your ARR header\" = \"arr\")")
    if f.code == "cost_above_arr":
        return (f"the CS work this book needs (its FTE, before rounding to whole people) costs "
                f"${float(g['cost']):,.0f} a year, {float(g['share']):.0%} of the book's ARR "
                f"${float(g['arr']):,.0f}: no business spends more on CS than it earns "
                "— check the ARR column (units, thousands or millions, MRR given as ARR)")
    if f.code == "grr_implausible":
        return (f"GRR from previous_arr is {float(g['grr']):.0%} (below "
                f"{float(g['min_grr']):.0%}): check that previous_arr is the ARR of a year ago, "
                "in the same currency and units as ARR")
    if f.code == "nrr_implausible":
        return (f"NRR from previous_arr is {float(g['nrr']):.0%} (above "
                f"{float(g['max_nrr']):.0%}): check that previous_arr is the ARR of a year ago, "
                "in the same currency and units as ARR")
    if f.code == "stale_export":
        return (f"the newest start or renewal date in the book is {g['newest']}, "
                f"{float(g['months']):g} months before the as-of date {g['today']}: the export "
                "looks stale, or --today is wrong — export the book again or set --today")
    if f.code == "as_of_before_data":
        return (f"{float(g['share']):.0%} of the accounts start after the as-of date {g['today']} "
                f"(median start {g['median_start']}): --today looks too early")
    if f.code == "renewals_look_monthly":
        return (f"{float(g['share']):.0%} of {int(g['accounts']):,} live accounts renew within "
                "the next month: these look like month-to-month contracts (a billing date in the "
                "renewal column) sized as annual renewals — add contract_term_months (1 = "
                "month-to-month) or map the real renewal date")
    if f.code == "churned_account_owned":
        n = int(g["accounts"])
        return (f"{n:,} account{'' if n == 1 else 's'} without revenue (ARR 0 or blank: churned) "
                f"still name{'s' if n == 1 else ''} an owner: they take no one's time in the plan "
                "— clear the owner or export only live customers beside the churned history "
                "(prospects, or customers whose revenue the files do not show, count here too: "
                "check them)")
    return f.code


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
