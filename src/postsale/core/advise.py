"""The plan's ``advice`` key: S3's five-step selection and the dated roadmap, from a finished plan.

Both read the finished plan (its economics, headcount, phase, triggers) and the live book with
its tiers; neither changes the plan. Kept apart from ``core/plan.py`` so the pipeline only calls it.
"""

from __future__ import annotations

import datetime as dt

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from postsale.core.capacity import Workload
from postsale.core.roadmap import RoadmapInputs, build_roadmap
from postsale.core.scale import project_scale
from postsale.core.selection import SelectionInputs, select_model
from postsale.core.tiering import TieringResult, TierReason
from postsale.core.workload_facts import book_facts, live_book
from postsale.results import PlanResult
from postsale.results_advice import Advice

__all__ = ["build_advice"]


def build_advice(book: AccountBook, tiering: TieringResult, workload: Workload, plan: PlanResult,
                 company: Company, benchmarks: Benchmarks, today: dt.date) -> Advice:
    """Selection and roadmap for ``plan`` (the funded plan's company and benchmarks)."""
    facts = book_facts(book, benchmarks, today)
    live = live_book(book, facts)
    tier = tiering.tier if facts.all_active else tiering.tier[facts.active]
    reasons = tiering.reasons if facts.all_active else tiering.reasons[facts.active]
    held = (reasons & int(TierReason.STRATEGIC | TierReason.OVERRIDE
                          | TierReason.AT_RISK_ESCALATION | TierReason.COMPLEXITY)) != 0
    scale = project_scale(live, tier, workload, plan.headcount, company, benchmarks)
    selection = select_model(SelectionInputs(
        book=live, tier=tier, held=held, workload=workload, tiers=plan.tiers,
        economics=plan.economics, funding=plan.funding, scale=scale, company=company,
        benchmarks=benchmarks))
    roadmap = build_roadmap(RoadmapInputs(book=live, tier=tier, workload=workload, plan=plan,
                                          company=company, benchmarks=benchmarks, today=today))
    return Advice(selection=selection, roadmap=roadmap)
