"""What every org-model builder needs: the book's shape by tier and region, and the plan's
role-based requirement (the individual contributors of capacity.py)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from postsale.core.capacity import Workload
from postsale.keys import CSM_ROLE_BY_TIER, TIER_KEYS, Role, Tier
from postsale.results import Headcount

__all__ = ["IC_ROLES", "OrgInputs"]

IC_ROLES: tuple[Role, ...] = (
    Role.CSM_HIGH_TOUCH, Role.CSM_LOW_TOUCH, Role.CSM_TECH_TOUCH, Role.IMPLEMENTATION_SPECIALIST,
    Role.SUPPORT_ENGINEER, Role.RENEWALS_SPECIALIST, Role.CS_OPS, Role.TAM,
)


@dataclass(frozen=True, eq=False)
class OrgInputs:
    """The book (active accounts only), their tiers, the workload and the base requirement."""

    book: AccountBook
    tier: npt.NDArray[np.int8]
    workload: Workload
    base: Headcount
    benchmarks: Benchmarks
    company: Company

    def required(self, role: Role) -> int:
        return self.base.roles[role].required

    def fte(self, role: Role) -> float:
        return self.base.roles[role].workload_fte

    def csm_ratio(self, tier: Tier) -> float:
        """Accounts per CSM the plan used for ``tier`` (workload ÷ FTE)."""
        i = TIER_KEYS.index(tier)
        fte = self.fte(CSM_ROLE_BY_TIER[tier])
        return self.workload.tier_accounts[i] / fte if fte > 0 else float("inf")

    @property
    def ic_total(self) -> int:
        return sum(self.required(r) for r in IC_ROLES)

    @property
    def functions(self) -> int:
        """Post-sale functions staffed: CS plus onboarding, support, renewals when present."""
        csms = sum(self.required(CSM_ROLE_BY_TIER[t]) for t in TIER_KEYS)
        return (1 if csms else 0) + sum(1 for r in (Role.IMPLEMENTATION_SPECIALIST,
                                                    Role.SUPPORT_ENGINEER,
                                                    Role.RENEWALS_SPECIALIST)
                                        if self.required(r) > 0)
