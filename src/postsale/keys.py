"""The stable vocabulary of postsale: tier, role, org-model and reporting-line keys.

These strings are a public contract (PRODUCT.md, "Contracts"): they appear as JSON keys, company-file
keys and CLI values. Renaming one is a breaking change.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "CSM_ROLE_BY_TIER",
    "LEADERSHIP_ROLES",
    "ROLE_KEYS",
    "ROLE_LABELS",
    "TIER_KEYS",
    "AccountStatus",
    "Complexity",
    "GrowthMotion",
    "OnboardingStatus",
    "OrgModel",
    "ReportingLine",
    "Role",
    "Segment",
    "Tier",
    "role_label",
]


class Tier(StrEnum):
    """Touch model of an account (S3 hybrid tiers). Code order = ``TIER_KEYS`` index."""

    HIGH_TOUCH = "high_touch"
    LOW_TOUCH = "low_touch"
    TECH_TOUCH = "tech_touch"


TIER_KEYS: tuple[Tier, ...] = (Tier.HIGH_TOUCH, Tier.LOW_TOUCH, Tier.TECH_TOUCH)


class Role(StrEnum):
    """Role keys used in ``headcount.required`` / ``headcount.current`` and ``[team]``/``[costs]``."""

    CSM_HIGH_TOUCH = "csm_high_touch"
    CSM_LOW_TOUCH = "csm_low_touch"
    CSM_TECH_TOUCH = "csm_tech_touch"
    IMPLEMENTATION_SPECIALIST = "implementation_specialist"
    SUPPORT_ENGINEER = "support_engineer"
    RENEWALS_SPECIALIST = "renewals_specialist"
    CS_OPS = "cs_ops"
    TAM = "tam"
    TEAM_LEAD = "team_lead"
    MANAGER = "manager"
    DIRECTOR = "director"
    VP = "vp"
    CCO = "cco"


ROLE_KEYS: tuple[Role, ...] = tuple(Role)

CSM_ROLE_BY_TIER: dict[Tier, Role] = {
    Tier.HIGH_TOUCH: Role.CSM_HIGH_TOUCH,
    Tier.LOW_TOUCH: Role.CSM_LOW_TOUCH,
    Tier.TECH_TOUCH: Role.CSM_TECH_TOUCH,
}

LEADERSHIP_ROLES: tuple[Role, ...] = (
    Role.TEAM_LEAD,
    Role.MANAGER,
    Role.DIRECTOR,
    Role.VP,
    Role.CCO,
)


class OrgModel(StrEnum):
    """The four organization models of S0."""

    GENERALIST = "generalist"
    SPECIALIST = "specialist"
    POD = "pod"
    GEOGRAPHIC = "geographic"


class ReportingLine(StrEnum):
    """Where CS reports (S0 §Reporting structure)."""

    CRO = "cro"
    CEO_COO = "ceo_coo"
    CCO = "cco"


class Segment(StrEnum):
    """Customer segment. Code order is the index used in ``AccountBook.segment``."""

    ENTERPRISE = "enterprise"
    MID_MARKET = "mid_market"
    SMB = "smb"


class Complexity(StrEnum):
    """Product or account complexity (S3 selection step 2). Code = index."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class OnboardingStatus(StrEnum):
    """Where an account is in onboarding. Code = index."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class AccountStatus(StrEnum):
    """Whether an account is a customer today (the ``status`` column). Code = index.

    ``churned`` and ``prospect`` rows are not served: they count as not active and their ARR as 0.
    """

    ACTIVE = "active"
    TRIAL = "trial"
    CHURNED = "churned"
    PROSPECT = "prospect"


class GrowthMotion(StrEnum):
    """How the company grows (drives the reporting-line recommendation)."""

    SALES_LED = "sales_led"
    PRODUCT_LED = "product_led"
    LAND_AND_EXPAND = "land_and_expand"


# Readable names for the sentences the core writes (hire triggers, timeline events).
ROLE_LABELS: dict[Role, tuple[str, str]] = {
    Role.CSM_HIGH_TOUCH: ("high-touch CSM", "high-touch CSMs"),
    Role.CSM_LOW_TOUCH: ("low-touch CSM", "low-touch CSMs"),
    Role.CSM_TECH_TOUCH: ("tech-touch CSM", "tech-touch CSMs"),
    Role.IMPLEMENTATION_SPECIALIST: ("implementation specialist", "implementation specialists"),
    Role.SUPPORT_ENGINEER: ("support engineer", "support engineers"),
    Role.RENEWALS_SPECIALIST: ("renewals specialist", "renewals specialists"),
    Role.CS_OPS: ("CS Ops", "CS Ops"),
    Role.TAM: ("TAM", "TAMs"),
    Role.TEAM_LEAD: ("team lead", "team leads"),
    Role.MANAGER: ("manager", "managers"),
    Role.DIRECTOR: ("director", "directors"),
    Role.VP: ("VP of CS", "VPs of CS"),
    Role.CCO: ("CCO", "CCOs"),
}


def role_label(role: Role, count: float = 1) -> str:
    """``"2 renewals specialists"``-style wording: the singular or plural name of ``role``."""
    singular, plural = ROLE_LABELS[role]
    return singular if count == 1 else plural
