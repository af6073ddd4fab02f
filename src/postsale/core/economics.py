"""Unit economics (C3, DOMAIN.md §6 / S3): cost per customer, share of revenue, revenue multiple.

Cost per customer = fully loaded CSM cost ÷ accounts per CSM + shared + technology (S3 step 1).
In a plan the shared part is the plan's own shared roles (support, onboarding, renewals, ops,
leadership) allocated to the tiers they serve (DOMAIN.md §10.1), not a flat per-customer figure.
Worked figures pinned by tests: $120K ÷ 50 + $600 + $200 = $3,200 → 10.7% of $30K, 21.3% of $15K,
5.3% of $60K; $150K ÷ 12 = $12,500 → 12.5% of $100K; $120K ÷ 40 = $3,000 → 10% of $30K.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.capacity import Workload
from postsale.core.csm_book import CsmBook, csm_books
from postsale.core.msg import Msg
from postsale.core.ratios import cost_key, csm_cost_key, per_customer_cost_key
from postsale.keys import CSM_ROLE_BY_TIER, TIER_KEYS, Role, Tier
from postsale.results import BudgetEnvelope, EconomicsResult, Headcount, TierEconomics, TierSummary

__all__ = [
    "allocate",
    "budget_envelope",
    "cost_per_customer",
    "cost_share",
    "csm_workload_cost",
    "economics",
    "revenue_multiple",
    "role_weights",
    "share_verdict",
    "team_cost",
    "technology_cost",
    "technology_rates",
]

Verdict = Literal["comfortable", "workable", "too_expensive"]


def cost_per_customer(
    csm_cost: float, accounts_per_csm: float, shared: float = 0.0, technology: float = 0.0
) -> float:
    """Annual CS cost of one customer: direct CSM cost share plus shared and technology costs."""
    if accounts_per_csm <= 0:
        raise ValueError("accounts per CSM must be positive")  # i18n: not text
    return csm_cost / accounts_per_csm + shared + technology


def cost_share(cost: float, acv: float) -> float:
    """CS cost as a fraction of the customer's annual revenue."""
    if acv <= 0:
        raise ValueError("ACV must be positive")  # i18n: not text
    return cost / acv


def revenue_multiple(cost: float, acv: float) -> float:
    """How many times its CS cost the customer generates (S3 'customers should generate')."""
    if cost <= 0:
        raise ValueError("cost must be positive")  # i18n: not text
    return acv / cost


def share_verdict(share: float, comfortable: float, rule_high: float) -> Verdict:
    """S3: 5.3% of ACV is "comfortable", 10–12.5% "workable", above the 15% rule "too expensive".

    ``comfortable`` is ``economics.cost_share_comfortable`` (7.5%, between S3's 5.3% comfortable and
    10% workable examples); ``rule_high`` the top of the 5–15% rule.
    """
    if share <= comfortable:
        return "comfortable"
    if share <= rule_high:
        return "workable"
    return "too_expensive"


def role_weights(workload: Workload, company: Company,
                 csm_cost: npt.NDArray[np.float64] | None = None) -> dict[Role, npt.NDArray[np.float64]]:
    """How each shared role's cost splits over the tiers it serves (S3 step 1: cost per customer
    includes the shared resources — support, onboarding, renewals, operations — DOMAIN.md §10.1).

    CSMs serve their tier; implementation specialists the tiers they onboard (by new customers);
    renewals specialists the tiers whose renewals a desk owns; support by tickets per tier (by
    customers without ticket data); TAMs the
    high-touch tier. CS Ops and leadership are spread in proportion to the rest (see ``allocate``).
    """
    accounts = np.asarray(workload.tier_accounts, dtype=np.float64)
    share = np.asarray(workload.new_customers_share or (0.0, 1.0, 0.0), dtype=np.float64)
    specialist = np.array([company.onboarding[t] == "specialist" for t in TIER_KEYS], dtype=float)
    desk = np.array([company.renewals[t] == "desk" for t in TIER_KEYS], dtype=float)
    renewals = np.asarray(workload.renewals_by_tier or (0, workload.renewals_standard_12m, 0),
                          dtype=np.float64) * desk
    renewals[0] += workload.renewals_complex_12m * desk[0]
    out = {CSM_ROLE_BY_TIER[t]: np.eye(3)[i] for i, t in enumerate(TIER_KEYS)}
    if csm_cost is not None and float(np.sum(csm_cost)) > 0:
        # CSM seats are fungible (a seat may cover a tier too small for its own): the CSM cost
        # lands on the tiers by their CSM workload (at each tier's CSM cost), not by the titles
        out = dict.fromkeys(out, np.asarray(csm_cost, dtype=np.float64))
    out[Role.IMPLEMENTATION_SPECIALIST] = share * specialist
    out[Role.RENEWALS_SPECIALIST] = renewals
    # support serves the tiers that raise tickets (enterprise accounts raise far more than SMB)
    out[Role.SUPPORT_ENGINEER] = (np.asarray(workload.tickets_by_tier, dtype=np.float64)
                                  if workload.tickets_by_tier is not None
                                  and sum(workload.tickets_by_tier) > 0 else accounts)
    out[Role.TAM] = np.eye(3)[0]
    return out


def csm_workload_cost(headcount: Headcount, benchmarks: Benchmarks) -> npt.NDArray[np.float64]:
    """Each tier's CSM workload (FTE) at its CSMs' fully loaded cost, in tier order: the weights
    that split the CSM seats' cost over the tiers they cover."""
    return np.array([headcount.roles[CSM_ROLE_BY_TIER[t]].workload_fte
                     * benchmarks.value(cost_key(str(CSM_ROLE_BY_TIER[t]))) for t in TIER_KEYS])


def allocate(role_cost: dict[Role, float], weights: dict[Role, npt.NDArray[np.float64]],
             accounts: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """(direct CSM cost, shared cost) per tier: every role's cost lands on the tiers it serves;
    CS Ops and leadership (no tier of their own) follow the rest of the cost."""
    direct = np.zeros(3)
    shared = np.zeros(3)
    for role, cost in role_cost.items():
        if role not in weights or cost == 0:
            continue
        w = weights[role]
        w = w if w.sum() > 0 else accounts
        part = cost * w / w.sum() if w.sum() > 0 else np.zeros(3)
        if role in CSM_ROLE_BY_TIER.values():
            direct += part
        else:
            shared += part
    rest = sum(c for r, c in role_cost.items() if r not in weights)
    served = direct + shared
    basis = served if served.sum() > 0 else accounts
    if rest and basis.sum() > 0:
        shared = shared + rest * basis / basis.sum()
    return direct, shared


def _tier_economics(
    tier: Tier, summary: TierSummary, benchmarks: Benchmarks, book: CsmBook,
    direct_total: float, shared_total: float,
) -> TierEconomics:
    tech_key = per_customer_cost_key(tier, "technology", benchmarks)
    cost_key = csm_cost_key(tier)
    multiple_key = f"economics.revenue_multiple.{tier}"
    band_key = f"economics.cost_per_customer.{tier}"
    sources = (*book.sources, cost_key, tech_key, multiple_key, band_key,
               "economics.cost_share_comfortable", "economics.cost_share_rule_high")
    # the book the plan staffs the tier to: the ratio, or the service catalogue's under effort
    # sizing (core/csm_book.py) — the same one headcount.effort shows
    ratio = None if book.value is None else round(book.value, 4)
    per_account = None if book.basis == "ratio" else round(float(book.hours_per_account), 4)
    staffed = {"accounts_per_csm": ratio, "accounts_per_csm_basis": book.basis,
               "csm_hours_per_account": per_account}
    csm_cost = benchmarks.value(cost_key)
    technology = benchmarks.value(tech_key)
    expected = benchmarks.band(multiple_key)
    band = benchmarks.band(band_key)
    n = summary.accounts
    if n == 0:
        return TierEconomics(
            **staffed, csm_cost=csm_cost, direct_cost_per_customer=0.0,
            shared_cost_per_customer=0.0, technology_cost_per_customer=technology,
            cost_per_customer=0.0, average_acv=0.0, cost_share_of_revenue=None,
            revenue_multiple=None, expected_multiple=expected,
            cost_per_customer_band=band, verdict="no_accounts",
            multiple_verdict="no_accounts", explanation=Msg("economics.tier.no_accounts"),
            total_cost=0.0, sources=sources,
        )
    direct = direct_total / n
    shared = shared_total / n
    cpc = direct + shared + technology
    acv = summary.average_acv
    share = cost_share(cpc, acv) if acv > 0 else None
    multiple = revenue_multiple(cpc, acv) if cpc > 0 else None
    verdict = share_verdict(
        share if share is not None else float("inf"),
        benchmarks.value("economics.cost_share_comfortable"),
        benchmarks.value("economics.cost_share_rule_high"),
    )
    if tier is Tier.TECH_TOUCH and verdict == "too_expensive" and cpc <= band[1]:
        verdict = "workable"  # S3's own tech-touch cost band ($50–500) is never "too expensive"
    formula = Msg("economics.tier.formula", direct_total=direct_total, shared_total=shared_total,
                  accounts=n, direct=direct, shared=shared, technology=technology, cost=cpc)
    if share is not None and multiple is not None:
        formula = Msg("economics.tier.formula_share", formula=formula, share=share, acv=acv,
                      multiple=multiple)
    explanation = (Msg("economics.tier.staffed_at", formula=formula, book=book.describe(benchmarks))
                   if book.basis == "effort" else formula)
    return TierEconomics(
        **staffed, csm_cost=csm_cost, direct_cost_per_customer=direct,
        shared_cost_per_customer=shared, technology_cost_per_customer=technology,
        cost_per_customer=cpc, average_acv=acv, cost_share_of_revenue=share,
        revenue_multiple=multiple, expected_multiple=expected,
        cost_per_customer_band=band, verdict=verdict,
        multiple_verdict="meets" if multiple is not None and multiple >= expected[0] else "below",
        explanation=explanation, total_cost=cpc * n, sources=sources,
    )


def budget_envelope(arr: float, company: Company, benchmarks: Benchmarks) -> BudgetEnvelope:
    """The CS budget (DOMAIN.md §10.8): ``[budget]`` when set, else the tighter of S3's rule of
    thumb (CS cost 5–15% of customer revenue → 15%) and the gross-margin rule."""
    rule_key = "budget.rule_of_thumb_share"
    margin_key = "economics.max_cs_share_of_gross_margin"
    set_ = company.budget
    if set_.amount is not None:
        share = set_.amount / arr if arr > 0 else 0.0
        return BudgetEnvelope(share=share, amount=set_.amount, basis="company_amount",
                              explanation=Msg("economics.budget.amount", amount=set_.amount,
                                                share=share),
                              sources=("budget.amount",))
    if set_.share is not None:
        return BudgetEnvelope(share=set_.share, amount=set_.share * arr, basis="company_share",
                              explanation=Msg("economics.budget.share", share=set_.share),
                              sources=("budget.share",))
    rule = benchmarks.value(rule_key)
    gm = company.company.gross_margin
    ceiling = benchmarks.value(margin_key) * gm if gm is not None else None
    if ceiling is not None and ceiling < rule:
        return BudgetEnvelope(
            share=ceiling, amount=ceiling * arr, basis="gross_margin",
            explanation=Msg("economics.budget.gross_margin", ceiling=ceiling,
                            margin_share=benchmarks.value(margin_key), gross_margin=gm, rule=rule),
            sources=(margin_key, rule_key))
    why = (Msg("economics.budget.rule_of_thumb", rule=rule, ceiling=ceiling) if ceiling is not None
           else Msg("economics.budget.rule_of_thumb_no_margin", rule=rule))
    return BudgetEnvelope(share=rule, amount=rule * arr, basis="rule_of_thumb",
                          explanation=why,
                          sources=(rule_key, margin_key))


def technology_rates(benchmarks: Benchmarks) -> npt.NDArray[np.float64]:
    """Technology cost per customer a year of each tier (CS platform, tools, S3 step 1)."""
    return np.array([benchmarks.value(per_customer_cost_key(t, "technology", benchmarks))
                     for t in TIER_KEYS])


def technology_cost(accounts: Sequence[int], benchmarks: Benchmarks) -> float:
    """Technology over every live account, from the accounts per tier (``TIER_KEYS`` order)."""
    return float(np.asarray(accounts, dtype=np.float64) @ technology_rates(benchmarks))


def team_cost(counts: dict[str, int] | dict[Role, int], benchmarks: Benchmarks) -> float:
    """Fully loaded annual cost of a headcount by role key."""
    return sum(n * benchmarks.value(cost_key(str(role))) for role, n in counts.items()
               if str(role) != "total")


def economics(
    tiers: dict[Tier, TierSummary],
    headcount: Headcount,
    benchmarks: Benchmarks,
    *,
    gross_margin: float | None,
    workload: Workload,
    company: Company,
) -> EconomicsResult:
    """Per-tier full-cost economics, blended CS cost, team cost, budget and the gross-margin check.

    Every figure uses one cost: the recommended team (CSMs and the shared roles allocated to the
    tiers they serve) plus technology per customer, so per-tier, blended, budget and margin agree.
    """
    role_cost = {role: float(r.cost) for role, r in headcount.roles.items()}
    accounts = np.asarray(workload.tier_accounts, dtype=np.float64)
    weights = role_weights(workload, company, csm_workload_cost(headcount, benchmarks))
    direct, shared = allocate(role_cost, weights, accounts)
    books = csm_books(workload, benchmarks, company)
    per_tier = {
        tier: _tier_economics(tier, tiers[tier], benchmarks, books[tier],
                              float(direct[i]), float(shared[i]))
        for i, tier in enumerate(TIER_KEYS)
    }
    arr = sum(s.arr for s in tiers.values())
    team = sum(role_cost.values())
    tech = technology_cost(workload.tier_accounts, benchmarks)
    full = team + tech
    blended = full / arr if arr > 0 else None
    band = (benchmarks.value("economics.blended_low"), benchmarks.value("economics.blended_high"))
    if blended is None:
        blended_verdict: Literal["below_band", "within_band", "above_band", "no_revenue"] = (
            "no_revenue"
        )
    elif blended < band[0]:
        blended_verdict = "below_band"
    elif blended <= band[1]:
        blended_verdict = "within_band"
    else:
        blended_verdict = "above_band"
    team_share = team / arr if arr > 0 else None
    current = team_cost(company.team, benchmarks)

    margin_key = "economics.max_cs_share_of_gross_margin"
    ht_margin_key = "economics.high_touch_min_gross_margin"
    check: Literal["passed", "failed", "not_evaluable"]
    detail: Msg
    if gross_margin is None or blended is None:
        check, detail = "not_evaluable", Msg("economics.margin.not_evaluable")
    else:
        ceiling = benchmarks.value(margin_key) * gross_margin
        problems: list[Msg] = []
        if blended > ceiling:
            problems.append(Msg("economics.margin.above_ceiling", share=blended, ceiling=ceiling,
                                margin_share=benchmarks.value(margin_key),
                                gross_margin=gross_margin))
        if tiers[Tier.HIGH_TOUCH].accounts > 0 and gross_margin <= benchmarks.value(ht_margin_key):
            problems.append(Msg("economics.margin.high_touch", minimum=benchmarks.value(ht_margin_key),
                                gross_margin=gross_margin))
        check = "failed" if problems else "passed"
        if len(problems) == 2:
            detail = Msg("economics.margin.both", first=problems[0], second=problems[1])
        elif problems:
            detail = problems[0]
        else:
            detail = Msg("economics.margin.fits", share=blended, ceiling=ceiling,
                         gross_margin=gross_margin)

    csms = sum(headcount.required.get(str(CSM_ROLE_BY_TIER[t]), 0) for t in TIER_KEYS)
    return EconomicsResult(
        per_tier=per_tier,
        blended_cost_share_of_revenue=blended,
        blended_band=band,
        blended_verdict=blended_verdict,
        team_cost=team,
        team_cost_share_of_revenue=team_share,
        gross_margin=gross_margin,
        gross_margin_check=check,
        gross_margin_detail=detail,
        arr_per_csm=arr / csms if csms else None,
        sources=("economics.blended_low", "economics.blended_high", margin_key, ht_margin_key,
                 "arr_per_csm.guidepost", "spend.median_cs_support_share"),
        technology_cost=tech,
        full_cost=full,
        full_cost_share_of_revenue=blended,
        current_team_cost=current + (tech if current else 0.0),
        current_team_cost_share_of_revenue=(current + tech) / arr if arr > 0 and current else None,
        published_median_share=benchmarks.value("spend.median_cs_support_share"),
        budget=budget_envelope(arr, company, benchmarks),
    )
