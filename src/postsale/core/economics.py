"""Unit economics (C3, DOMAIN.md §6 / S3): cost per customer, share of revenue, revenue multiple.

Cost per customer = fully loaded CSM cost ÷ accounts per CSM + shared + technology (S3 step 1).
Worked figures pinned by tests: $120K ÷ 50 + $600 + $200 = $3,200 → 10.7% of $30K, 21.3% of $15K,
5.3% of $60K; $150K ÷ 12 = $12,500 → 12.5% of $100K; $120K ÷ 40 = $3,000 → 10% of $30K.
"""

from __future__ import annotations

from typing import Literal

from postsale.core.benchmarks import Benchmarks
from postsale.core.ratios import accounts_per_csm_key, csm_cost_key, per_customer_cost_key
from postsale.keys import CSM_ROLE_BY_TIER, TIER_KEYS, Tier
from postsale.results import EconomicsResult, Headcount, TierEconomics, TierSummary

__all__ = [
    "cost_per_customer",
    "cost_share",
    "economics",
    "revenue_multiple",
    "share_verdict",
]

Verdict = Literal["comfortable", "workable", "too_expensive"]


def cost_per_customer(
    csm_cost: float, accounts_per_csm: float, shared: float = 0.0, technology: float = 0.0
) -> float:
    """Annual CS cost of one customer: direct CSM cost share plus shared and technology costs."""
    if accounts_per_csm <= 0:
        raise ValueError("accounts per CSM must be positive")
    return csm_cost / accounts_per_csm + shared + technology


def cost_share(cost: float, acv: float) -> float:
    """CS cost as a fraction of the customer's annual revenue."""
    if acv <= 0:
        raise ValueError("ACV must be positive")
    return cost / acv


def revenue_multiple(cost: float, acv: float) -> float:
    """How many times its CS cost the customer generates (S3 'customers should generate')."""
    if cost <= 0:
        raise ValueError("cost must be positive")
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


def _tier_economics(
    tier: Tier, summary: TierSummary, benchmarks: Benchmarks, automation_maturity: str
) -> TierEconomics:
    ratio_key = accounts_per_csm_key(tier, benchmarks, automation_maturity)
    shared_key = per_customer_cost_key(tier, "shared", benchmarks)
    tech_key = per_customer_cost_key(tier, "technology", benchmarks)
    cost_key = csm_cost_key(tier)
    multiple_key = f"economics.revenue_multiple.{tier}"
    band_key = f"economics.cost_per_customer.{tier}"
    sources = (ratio_key, cost_key, shared_key, tech_key, multiple_key, band_key,
               "economics.cost_share_comfortable", "economics.cost_share_rule_high")

    ratio = benchmarks.value(ratio_key)
    csm_cost = benchmarks.value(cost_key)
    shared = benchmarks.value(shared_key)
    technology = benchmarks.value(tech_key)
    cpc = cost_per_customer(csm_cost, ratio, shared, technology)
    expected = benchmarks.band(multiple_key)
    direct = csm_cost / ratio
    formula = (
        f"{CSM_ROLE_BY_TIER[tier]} ${csm_cost:,.0f} ÷ {ratio:g} accounts = ${direct:,.0f}"
        f" + shared ${shared:,.0f} + technology ${technology:,.0f} = ${cpc:,.0f} per customer"
    )
    if summary.accounts == 0:
        return TierEconomics(
            accounts_per_csm=ratio, csm_cost=csm_cost, direct_cost_per_customer=direct,
            shared_cost_per_customer=shared, technology_cost_per_customer=technology,
            cost_per_customer=cpc, average_acv=0.0, cost_share_of_revenue=None,
            revenue_multiple=None, expected_multiple=expected,
            cost_per_customer_band=benchmarks.band(band_key), verdict="no_accounts",
            multiple_verdict="no_accounts", explanation=formula + "; no accounts in this tier",
            total_cost=0.0, sources=sources,
        )
    acv = summary.average_acv
    share = cost_share(cpc, acv)
    multiple = revenue_multiple(cpc, acv)
    verdict = share_verdict(
        share,
        benchmarks.value("economics.cost_share_comfortable"),
        benchmarks.value("economics.cost_share_rule_high"),
    )
    return TierEconomics(
        accounts_per_csm=ratio, csm_cost=csm_cost, direct_cost_per_customer=direct,
        shared_cost_per_customer=shared, technology_cost_per_customer=technology,
        cost_per_customer=cpc, average_acv=acv, cost_share_of_revenue=share,
        revenue_multiple=multiple, expected_multiple=expected,
        cost_per_customer_band=benchmarks.band(band_key), verdict=verdict,
        multiple_verdict="meets" if multiple >= expected[0] else "below",
        explanation=f"{formula} = {share:.1%} of the ${acv:,.0f} average ACV ({multiple:.1f}×)",
        total_cost=cpc * summary.accounts, sources=sources,
    )


def economics(
    tiers: dict[Tier, TierSummary],
    headcount: Headcount,
    benchmarks: Benchmarks,
    *,
    gross_margin: float | None,
    automation_maturity: str,
) -> EconomicsResult:
    """Per-tier unit economics, blended CS cost share, team cost and the gross-margin check."""
    per_tier = {
        tier: _tier_economics(tier, tiers[tier], benchmarks, automation_maturity)
        for tier in TIER_KEYS
    }
    arr = sum(s.arr for s in tiers.values())
    blended_cost = sum(e.total_cost for e in per_tier.values())
    blended = blended_cost / arr if arr > 0 else None
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

    team_cost = sum(r.cost for r in headcount.roles.values())
    team_share = team_cost / arr if arr > 0 else None

    margin_key = "economics.max_cs_share_of_gross_margin"
    ht_margin_key = "economics.high_touch_min_gross_margin"
    check: Literal["passed", "failed", "not_evaluable"]
    if gross_margin is None or blended is None:
        check, detail = "not_evaluable", "set [company] gross_margin to check CS cost against margin"
    else:
        ceiling = benchmarks.value(margin_key) * gross_margin
        worst = max(blended, team_share or 0.0)
        problems = []
        if worst > ceiling:
            problems.append(
                f"CS cost is {worst:.1%} of revenue, above {ceiling:.1%} "
                f"({benchmarks.value(margin_key):.0%} of a {gross_margin:.0%} gross margin)"
            )
        if tiers[Tier.HIGH_TOUCH].accounts > 0 and gross_margin <= benchmarks.value(ht_margin_key):
            problems.append(
                f"high-touch needs gross margin above {benchmarks.value(ht_margin_key):.0%}, "
                f"the company has {gross_margin:.0%}"
            )
        check = "failed" if problems else "passed"
        detail = "; ".join(problems) if problems else (
            f"CS cost {worst:.1%} of revenue fits within {ceiling:.1%} "
            f"for a {gross_margin:.0%} gross margin"
        )

    csms = sum(headcount.required.get(str(CSM_ROLE_BY_TIER[t]), 0) for t in TIER_KEYS)
    return EconomicsResult(
        per_tier=per_tier,
        blended_cost_share_of_revenue=blended,
        blended_band=band,
        blended_verdict=blended_verdict,
        team_cost=team_cost,
        team_cost_share_of_revenue=team_share,
        gross_margin=gross_margin,
        gross_margin_check=check,
        gross_margin_detail=detail,
        arr_per_csm=arr / csms if csms else None,
        sources=("economics.blended_low", "economics.blended_high", margin_key, ht_margin_key,
                 "arr_per_csm.guidepost"),
    )
