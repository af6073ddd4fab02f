"""Who onboards and who renews each tier, as messages for the role formulas (``core/capacity.py``).

One literal code per setting value (``tests/i18n`` finds codes by their literal call sites), so a
formula says "high-touch specialist, low-touch csm …" in the reader's language, not the raw keys.
"""

from __future__ import annotations

from postsale.company import OnboardingMode, RenewalOwner
from postsale.core.msg import Msg
from postsale.keys import Tier

__all__ = ["onboarding_mode", "renewal_owner"]


def onboarding_mode(tier: Tier, mode: OnboardingMode) -> Msg:
    """``[onboarding]`` of one tier: who onboards its new customers."""
    if mode == "specialist":
        return Msg("capacity.onboarding.specialist", tier=str(tier))
    if mode == "csm":
        return Msg("capacity.onboarding.csm", tier=str(tier))
    return Msg("capacity.onboarding.automated", tier=str(tier))


def renewal_owner(tier: Tier, owner: RenewalOwner) -> Msg:
    """``[renewals]`` of one tier: who owns its renewals."""
    if owner == "desk":
        return Msg("capacity.renewal_owner.desk", tier=str(tier))
    if owner == "sales":
        return Msg("capacity.renewal_owner.sales", tier=str(tier))
    if owner == "automatic":
        return Msg("capacity.renewal_owner.automatic", tier=str(tier))
    return Msg("capacity.renewal_owner.csm", tier=str(tier))
