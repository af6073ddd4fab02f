"""Which benchmark key applies to a tier or role, given the company and its overrides.

Kept in one place so capacity and economics always agree on the ratio they use, and both can name
the key (provenance).
"""

from __future__ import annotations

from postsale.core.benchmarks import Benchmarks
from postsale.keys import CSM_ROLE_BY_TIER, Tier

__all__ = ["accounts_per_csm_key", "cost_key", "per_customer_cost_key"]


def accounts_per_csm_key(tier: Tier, benchmarks: Benchmarks, automation_maturity: str) -> str:
    """Tech-touch uses the automated ratio when automation is mature, unless the user set tech_touch."""
    key = f"accounts_per_csm.{tier}"
    if (
        tier is Tier.TECH_TOUCH
        and automation_maturity == "mature"
        and not benchmarks.is_overridden(key)
    ):
        return "accounts_per_csm.tech_touch_automated"
    return key


def cost_key(role: str) -> str:
    """Fully loaded annual cost key of a role."""
    return f"costs.{role}"


def csm_cost_key(tier: Tier) -> str:
    return cost_key(CSM_ROLE_BY_TIER[tier])


def per_customer_cost_key(tier: Tier, kind: str, benchmarks: Benchmarks) -> str:
    """``shared`` or ``technology`` cost key for a tier.

    Precedence: the user's tier-specific value, then the user's general value (the contract says the
    general ``[per_customer_costs]`` applies to every tier), then the default tier-specific value,
    then the default general value.
    """
    tier_key = f"per_customer_costs.{tier}.{kind}"
    general_key = f"per_customer_costs.{kind}"
    if tier_key in benchmarks and (
        benchmarks.is_overridden(tier_key) or not benchmarks.is_overridden(general_key)
    ):
        return tier_key
    return general_key
