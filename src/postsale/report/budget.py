"""Cost against the budget, side by side (issue 10 item 1): one set of rows for every renderer.

Today's team, the needed team, the recommendation, the published median and the budget, each with
people, annual cost and share of ARR; then the sentences that explain the budget, the funding status
and each lever with its saving. Text, HTML and XLSX all render these rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
        rows.append(BudgetRow("team in seat today", plan.headcount.current["total"],
                              econ.current_team_cost, econ.current_team_cost_share_of_revenue))
    if funding is not None:
        rows.append(BudgetRow("needed (the role formulas)", funding.needed_headcount["total"],
                              funding.needed_cost, funding.needed_share))
    rows.append(BudgetRow("recommended", plan.headcount.required["total"], econ.full_cost,
                          econ.full_cost_share_of_revenue, recommended=True))
    rows.append(BudgetRow("published median (§9)", None, econ.published_median_share * arr,
                          econ.published_median_share))
    if econ.budget is not None:
        rows.append(BudgetRow("budget", None, econ.budget.amount, econ.budget.share))
    return rows


_STATUS = {"needed_fits": "The needed team fits the budget: it is the recommendation.",
           "funded": "The need exceeds the budget; the recommendation is the funded plan:",
           "exceeds_budget": "No seed model fits the budget; the leanest plan is shown:"}


def budget_notes(plan: PlanResult, money: Callable[..., str]) -> list[str]:
    """The budget's basis, the funding status, each lever with its saving, and how the chart
    places the levers' role-based count. ``money`` formats an amount (``money(value, currency)``)."""
    econ, funding, cur = plan.economics, plan.funding, plan.currency
    lines: list[str] = []
    if econ.budget is not None:
        lines.append(f"Budget: {econ.budget.explanation}.")
    if funding is None:
        return lines
    lines.append(_STATUS[funding.status])
    lines += [f"{i}. {s.description} — saves {money(s.saving, cur)}; after it {s.people_after} "
              f"people, {s.share_after:.1%} of ARR" for i, s in enumerate(funding.steps, start=1)]
    role_based = plan.headcount.role_based.get("total", 0)
    seats = plan.headcount.required["total"]
    if funding.steps and seats != role_based:
        lines.append(f"The steps count the role formulas ({role_based} people); the "
                     f"{plan.org.recommended} chart places them as {seats} seats "
                     f"({seats - role_based:+d} for its structure), the recommendation.")
    return lines
