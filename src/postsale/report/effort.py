"""The service catalogue / effort model block (issue 12 item 3): one set of rows for every
renderer — per tier the CSM hours per account, the book they imply against the ratio and the
hours by S2's service mode; then effort- vs ratio-based headcount for the roles either sizes."""

from __future__ import annotations

from dataclasses import dataclass

from postsale.core.csm_book import book_text
from postsale.i18n import current, tr
from postsale.keys import ROLE_KEYS, TIER_KEYS
from postsale.report import fmt
from postsale.results import PlanResult

__all__ = ["EffortRow", "effort_roles", "effort_rows", "effort_title", "staffed_books"]


@dataclass(frozen=True)
class EffortRow:
    tier: str
    accounts: int
    hours_per_account: str
    implied_book: str
    ratio_book: str
    modes: str  # proactive / responsive / 1:N / automated hours a year
    fte: str  # effort vs ratio FTE


def staffed_books(plan: PlanResult) -> str:
    """Under effort sizing, the sentence that says the tiers' CSMs are priced at the service
    catalogue's books (``economics.per_tier.<tier>.accounts_per_csm``), not the ratios; "" under
    ratio sizing."""
    per_tier = plan.economics.per_tier
    books = [f"{current().term(t)} {book_text(per_tier[t].accounts_per_csm)}" for t in TIER_KEYS
             if plan.tiers[t].accounts and per_tier[t].accounts_per_csm_basis == "effort"]
    if not books:
        return ""
    return tr("report.effort.staffed_books", books=tr("report.sep.comma").join(books))


def effort_title(plan: PlanResult) -> str:
    effort = plan.headcount.effort
    if effort is None:
        return ""
    return tr("report.effort.title", version=effort.catalogue_version,
              productive=effort.productive_hours, working=effort.working_hours_per_year,
              utilisation=effort.utilisation,
              sizing=tr("report.effort.by_ratio") if effort.sizing == "ratio"
              else tr("report.effort.by_effort"))


def effort_rows(plan: PlanResult) -> list[EffortRow]:
    """One row per tier with accounts."""
    effort = plan.headcount.effort
    if effort is None:
        return []
    rows = []
    for tier in TIER_KEYS:
        t = effort.tiers[tier]
        if not t.accounts:
            continue
        modes = " / ".join(fmt.number(t.hours_by_mode.get(m, 0.0)) for m in (
            "proactive", "responsive", "online_1n", "automated"))
        rows.append(EffortRow(
            tier=current().term(tier), accounts=t.accounts,
            hours_per_account="—" if t.csm_hours_per_account is None
            else fmt.number(t.csm_hours_per_account, 1),
            implied_book=book_text(t.implied_accounts_per_csm),
            ratio_book=book_text(t.ratio_accounts_per_csm), modes=modes,
            fte=tr("report.effort.vs", a=fmt.number(t.csm_fte, 2), b=fmt.number(t.ratio_fte, 2))))
    return rows


def effort_roles(plan: PlanResult) -> list[tuple[str, int, int]]:
    """(role, effort-based, ratio-based) for every role either model staffs, then the total."""
    effort = plan.headcount.effort
    if effort is None:
        return []
    out = [(str(r), effort.effort_based[str(r)], effort.ratio_based[str(r)]) for r in ROLE_KEYS
           if effort.effort_based[str(r)] or effort.ratio_based[str(r)]]
    out.append(("total", effort.effort_based["total"], effort.ratio_based["total"]))
    return out
