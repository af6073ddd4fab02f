"""Cost against the budget, side by side (issue 10 item 1): one set of rows for every renderer.

Today's team, the needed team, the recommendation, the published median and the budget, each with
people, annual cost and share of ARR; then the sentences that explain the budget, the funding status
and each lever with its saving. Text, HTML and XLSX all render these rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from postsale.i18n import tr
from postsale.results import PlanResult

__all__ = ["BudgetRow", "budget_notes", "budget_rows"]


@dataclass(frozen=True)
class BudgetRow:
    label: str
    people: int | None
    cost: float
    share: float | None
    recommended: bool = False


def budget_rows(plan: PlanResult) -> list[BudgetRow]:
    """The rows of the comparison, in order (today's team only when ``[team]`` is given)."""
    econ, funding = plan.economics, plan.funding
    arr = plan.arr
    rows: list[BudgetRow] = []
    if econ.current_team_cost:
        rows.append(BudgetRow(tr("report.budget.today"), plan.headcount.current["total"],
                              econ.current_team_cost, econ.current_team_cost_share_of_revenue))
    if funding is not None:
        rows.append(BudgetRow(tr("report.budget.needed"), funding.needed_headcount["total"],
                              funding.needed_cost, funding.needed_share))
    rows.append(BudgetRow(tr("report.budget.recommended"), plan.headcount.required["total"],
                          econ.full_cost,
                          econ.full_cost_share_of_revenue, recommended=True))
    rows.append(BudgetRow(tr("report.budget.median"), None, econ.published_median_share * arr,
                          econ.published_median_share))
    if econ.budget is not None:
        rows.append(BudgetRow(tr("report.budget.budget"), None, econ.budget.amount,
                              econ.budget.share))
    return rows


def _status(status: str) -> str:
    if status == "needed_fits":
        return tr("report.budget.status.needed_fits")
    if status == "funded":
        return tr("report.budget.status.funded")
    return tr("report.budget.status.exceeds_budget")


def budget_notes(plan: PlanResult, money: Callable[..., str]) -> list[str]:
    """The budget's basis, the funding status, each lever with its saving, and how the chart
    places the levers' role-based count. ``money`` formats an amount (``money(value, currency)``)."""
    econ, funding, cur = plan.economics, plan.funding, plan.currency
    lines: list[str] = []
    if econ.budget is not None:
        lines.append(tr("report.budget.basis", explanation=econ.budget.explanation))
    if funding is None:
        return lines
    lines.append(_status(funding.status))
    lines += [tr("report.budget.step", i=i, description=s.description,
                 saving=money(s.saving, cur), people=s.people_after, share=s.share_after)
              for i, s in enumerate(funding.steps, start=1)]
    role_based = plan.headcount.role_based.get("total", 0)
    seats = plan.headcount.required["total"]
    if funding.steps and seats != role_based:
        lines.append(tr("report.budget.structure", role_based=role_based,
                        model=plan.org.recommended, seats=seats,
                        delta=f"{seats - role_based:+d}"))
    return lines
