"""Frozen result models of the service catalogue and the effort model (``headcount.effort``).

Hours are per year; ``fte`` is hours ÷ the productive hours of one person
(``effort.working_hours_per_year × effort.utilisation``). Role keys are those of
``headcount.required``; ``seat`` is ``null`` for motions no CS seat carries (automated onboarding,
product-owned guidance, professional services when the company sells none).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from postsale.keys import Role, Tier
from postsale.results_text import Text, TextModel

__all__ = ["EffortModel", "MotionEffort", "TierEffort"]


class Result(TextModel, BaseModel):
    """Frozen like every result; serialised through ``Headcount.to_dict()``."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class MotionEffort(Result):
    """One catalogue motion on this book: how often it happens in a year and the hours it books."""

    tier: Tier
    motion: str
    label: str
    mode: Literal["proactive", "responsive", "online_1n", "automated"]
    per: Literal["account", "new_account", "at_risk", "programme"]
    owner: str
    seat: Role | None
    frequency: float
    hours: float
    audience: float | None  # accounts per session or cohort (programmes; 0: one per tier)
    occurrences: float  # a year, on this book
    hours_per_year: float
    fte: float
    overridden: bool  # a figure or the motion itself comes from the company file or a lever
    sources: tuple[str, ...]


class TierEffort(Result):
    """The CSM effort of one tier: hours per account and the book it implies, against the ratio."""

    accounts: int
    csm_hours: float  # hours a year the tier's CSM seats carry
    csm_hours_per_account: float | None
    csm_fte: float
    implied_accounts_per_csm: float | None  # productive hours ÷ hours per account
    ratio_accounts_per_csm: float  # accounts ÷ the ratio model's FTE (tech-touch: at-risk based)
    ratio_fte: float
    # every CS seat's hours on the tier's motions by S2's service mode (proactive, responsive,
    # online_1n, automated): 1:N programmes are online, not responsive service
    hours_by_mode: dict[str, float]
    drivers: tuple[str, ...]  # motion keys, largest first
    explanation: Text
    sources: tuple[str, ...]


class EffortModel(Result):
    """The bottom-up effort model beside the ratio model (issue 12 item 3).

    ``effort_based`` and ``ratio_based`` are the capacity rules under each sizing before the org
    model shapes them (``difference`` = effort − ratio); ``sizing`` is the one that sized the plan.
    ``breakdown``: role → function → FTE of catalogue work (implementation seats: onboarding,
    training, professional services; CS Ops seats: content and enablement, operations centre,
    customer marketing, and S0's platform work per CSM).
    """

    sizing: Literal["ratio", "effort"]
    catalogue_version: str
    working_hours_per_year: float
    utilisation: float
    productive_hours: float
    tiers: dict[Tier, TierEffort]
    motions: tuple[MotionEffort, ...]
    effort_based: dict[str, int]
    ratio_based: dict[str, int]
    difference: dict[str, int]
    breakdown: dict[str, dict[str, float]]
    explanation: tuple[Text, ...]
    sources: tuple[str, ...]
