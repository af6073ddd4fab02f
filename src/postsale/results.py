"""Frozen result models. Every figure says where it came from (``sources``: benchmark keys).

All shares and rates are fractions (0.107, not 10.7); reports turn them into percentages.
``PlanResult.to_dict()`` is the JSON contract of PRODUCT.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, SerializationInfo, field_serializer

from postsale.core.msg import Msg
from postsale.keys import OrgModel, ReportingLine, Role, Tier
from postsale.results_effort import EffortModel
from postsale.results_support import SupportStaffing
from postsale.results_text import Text, TextModel, render_context
from postsale.results_text import _serialize as render_text
from postsale.results_tree import Tree

__all__ = [
    "BudgetEnvelope",
    "Check",
    "EconomicsResult",
    "Funding",
    "FundingStep",
    "Headcount",
    "OrgFit",
    "PhaseDiagnosis",
    "PlanResult",
    "ReportingLineFit",
    "Retention",
    "RoleRequirement",
    "StageDiagnosis",
    "TierEconomics",
    "TierSummary",
    "Trigger",
    "Warning",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class _Result(TextModel, BaseModel):
    model_config = _FROZEN

    def to_dict(self, lang: str | None = None, currency: str | None = None) -> dict[str, Any]:
        """Plain JSON-ready dict (enums as their string values, dates ISO); messages as sentences
        in ``lang`` (money in ``currency``, else the result's own or USD) with their codes beside
        them (``<field>_msg``, see ``results_text``)."""
        own = getattr(self, "currency", None)
        context = render_context(lang, currency or (own if isinstance(own, str) else "USD"))
        return self.model_dump(mode="json", context=context)


class Warning(_Result):
    """A caveat with a stable ``code`` (other tools match on it) and a readable message: a message
    (``Text``; its code and raw figures under ``message_msg`` in the JSON), or words from a
    producer not converted to messages yet (issue 13 item 1 converts them part by part)."""

    code: str
    message: Text | str  # str: a warning not yet converted to messages
    sources: tuple[str, ...] = ()

    @field_serializer("message")
    def _message(self, value: Msg | str, info: SerializationInfo) -> str:
        """The sentence, explicitly: a union's own serializer fails on a message when a warning is
        serialized duck-typed (``serialize_as_any``, as the CLI's JSON path does)."""
        return value if isinstance(value, str) else render_text(value, info)


class Check(_Result):
    """One advice check (e.g. a common mistake): passed, failed or not evaluable, and why."""

    code: str
    title: Text
    status: Literal["passed", "failed", "not_evaluable"]
    detail: Text
    sources: tuple[str, ...] = ()


class TierSummary(_Result):
    """Accounts and ARR of one tier; its share of accounts (ranked by revenue) against the S3 band."""

    accounts: int
    arr: float
    share_of_arr: float
    share_of_accounts: float
    average_acv: float
    share_band: tuple[float, float]
    share_check: Literal["within", "below", "above", "empty"]
    sources: tuple[str, ...]


class TierEconomics(_Result):
    """Unit economics of one tier (S3 selection step 1).

    ``accounts_per_csm`` is the book the plan staffs the tier to (``core/csm_book.py``): the ratio
    under ``[headcount] sizing = "ratio"``, the book the service catalogue implies under
    ``"effort"`` (``None``: the tier's accounts book no CSM hours); ``accounts_per_csm_basis``
    says which, ``csm_hours_per_account`` is the catalogue's hours behind an effort book.
    """

    accounts_per_csm: float | None
    accounts_per_csm_basis: Literal["ratio", "effort"] = "ratio"
    csm_hours_per_account: float | None = None
    csm_cost: float
    direct_cost_per_customer: float
    shared_cost_per_customer: float
    technology_cost_per_customer: float
    cost_per_customer: float
    average_acv: float
    cost_share_of_revenue: float | None
    revenue_multiple: float | None
    expected_multiple: tuple[float, float]
    cost_per_customer_band: tuple[float, float]
    verdict: Literal["comfortable", "workable", "too_expensive", "no_accounts"]
    multiple_verdict: Literal["meets", "below", "no_accounts"]
    explanation: Text
    total_cost: float
    sources: tuple[str, ...]


class BudgetEnvelope(_Result):
    """The CS budget the recommendation must fit (DOMAIN.md §10.8): a share of ARR and its amount."""

    share: float
    amount: float
    basis: Literal["rule_of_thumb", "gross_margin", "company_share", "company_amount"]
    explanation: Text
    sources: tuple[str, ...]


class FundingStep(_Result):
    """One lever of the seeds applied to bring the plan inside the budget, with its saving."""

    lever: str
    description: Text
    saving: float
    cost_after: float
    share_after: float
    people_after: int
    sources: tuple[str, ...] = ()


class Funding(_Result):
    """Needed plan vs budget, and the funded plan derived from it with the seeds' levers.

    ``status``: ``needed_fits`` (the needed team is within budget and is the recommendation),
    ``funded`` (levers brought it inside), ``exceeds_budget`` (the leanest plan still costs more:
    warning ``plan_exceeds_budget``).
    """

    status: Literal["needed_fits", "funded", "exceeds_budget"]
    budget: BudgetEnvelope
    needed_headcount: dict[str, int]
    needed_cost: float
    needed_share: float | None
    recommended_cost: float
    recommended_share: float | None
    gap_to_budget: float  # needed cost − budget (negative: room left)
    steps: tuple[FundingStep, ...]
    adjustments: dict[str, Any] = {}  # benchmark overrides and company settings of the funded plan


class EconomicsResult(_Result):
    """Per-tier economics, blended share, team cost and the gross-margin check.

    ``full_cost`` is the recommended team plus technology — the figure the budget, the blended share
    and the gross-margin check all use, so they cannot disagree.
    """

    per_tier: dict[Tier, TierEconomics]
    blended_cost_share_of_revenue: float | None
    blended_band: tuple[float, float]
    blended_verdict: Literal["below_band", "within_band", "above_band", "no_revenue"]
    team_cost: float
    team_cost_share_of_revenue: float | None
    gross_margin: float | None
    gross_margin_check: Literal["passed", "failed", "not_evaluable"]
    gross_margin_detail: Text
    arr_per_csm: float | None
    sources: tuple[str, ...]
    technology_cost: float = 0.0
    full_cost: float = 0.0
    full_cost_share_of_revenue: float | None = None
    current_team_cost: float = 0.0
    current_team_cost_share_of_revenue: float | None = None
    published_median_share: float = 0.085
    budget: BudgetEnvelope | None = None


class RoleRequirement(_Result):
    """Required headcount of one role with the formula that produced it."""

    role: Role
    required: int
    current: int
    gap: int
    workload_fte: float
    formula: Text | str  # str: a formula from a part not yet converted to messages (support queue,
    # leadership layers)
    cost: float
    sources: tuple[str, ...]


class Headcount(_Result):
    """Required and current headcount by role key (plus ``total``) and the per-role detail.

    ``required`` is the recommended org chart's seats; ``role_based`` the capacity formulas alone.
    """

    required: dict[str, int]
    current: dict[str, int]
    gap: dict[str, int]
    roles: dict[Role, RoleRequirement]
    role_based: dict[str, int] = {}  # the capacity formulas before the org model shaped them
    # the service catalogue's bottom-up sizing (same role keys plus total) and its detail; which
    # of the two sized the plan is ``effort.sizing`` ([headcount] sizing)
    effort_based: dict[str, int] = {}
    effort: EffortModel | None = None
    needed: dict[str, int] = {}  # the unfunded need (equal to ``required`` when it fits the budget)
    # the team in seat compared as workload (core/rebalance.py): retitles inside a role family,
    # the requisitions still to open and the people beyond the plan
    retitles: tuple[dict[str, Any], ...] = ()
    hires: dict[str, int] = {}
    surplus: dict[str, int] = {}
    # the support desk sized by its queues ([support.channels]; results_support.py), else None
    support: SupportStaffing | None = None


class Trigger(_Result):
    """A hiring trigger (DOMAIN.md §4) evaluated on the data."""

    key: str
    role: Role | None
    description: Text
    measured: float | None
    threshold: float
    unit: Text
    fired: bool
    evaluable: bool
    message: Text
    sources: tuple[str, ...]


class StageDiagnosis(_Result):
    """Evolution stage (S0/S3): the book's stage and the team's stage, with reasons.

    The book's stage is the higher of its customer-count stage (S0) and its ARR stage (S2);
    ``driven_by`` says which set it (``both`` when they agree).
    """

    number: int
    name: Text
    book_stage: int
    team_stage: int
    customers: int
    cs_people: int
    reasons: tuple[Text, ...]
    next_move: Text
    sources: tuple[str, ...]
    arr: float | None = None
    customers_stage: int | None = None
    arr_stage: int | None = None
    driven_by: Literal["customers", "arr", "both"] = "customers"


class PhaseDiagnosis(_Result):
    """Specialization phase 1–5 (S4) of the current team, and the next step."""

    number: int
    name: Text
    reasons: tuple[Text, ...]
    next_step: Text | None
    sources: tuple[str, ...]


class Retention(_Result):
    """GRR/NRR from ``previous_arr`` against the stage band and published medians."""

    accounts_measured: int
    grr: float | None
    nrr: float | None
    grr_band: tuple[float, float]
    nrr_band: tuple[float, float] | None
    grr_verdict: Literal["below", "within", "above", "not_evaluable"]
    nrr_verdict: Literal["below", "within", "above", "not_evaluable"]
    median_grr: float
    median_nrr: float
    detail: Text
    sources: tuple[str, ...]


class OrgFit(_Result):
    """Fit scores (0–100) of the four organization models with reasons, and the org design:
    each model's chart (``charts.<model>`` = ``{nodes, edges, headcount, cost, …}``), pros, cons and
    advice, the runner-up and what would make it win, the S2 architecture, handoffs, career paths
    and variable pay."""

    recommended: OrgModel
    scores: dict[OrgModel, float]
    reasons: dict[OrgModel, tuple[Text, ...]]
    sources: tuple[str, ...]
    charts: dict[OrgModel, Tree] = {}
    profiles: dict[OrgModel, dict[str, tuple[Text, ...]]] = {}
    runner_up: Tree = {}  # dicts whose sentences are messages (results_tree)
    architecture: Tree = {}
    handoffs: Tree = ()
    careers: dict[str, Text] = {}
    variable_pay: Tree = {}


class ReportingLineFit(_Result):
    """Where CS should report, with reasons and the risks of the chosen line."""

    recommended: ReportingLine
    scores: dict[ReportingLine, float]
    reasons: dict[ReportingLine, tuple[Text, ...]]
    risks: tuple[Text, ...]
    sources: tuple[str, ...]


class PlanResult(_Result):
    """A whole plan: the contract of ``postsale plan --format json``."""

    company: str
    currency: str
    today: dt.date
    accounts: int
    customers: int
    arr: float
    stage: StageDiagnosis
    phase: PhaseDiagnosis
    tiers: dict[Tier, TierSummary]
    economics: EconomicsResult
    headcount: Headcount
    triggers: tuple[Trigger, ...]
    retention: Retention
    org: OrgFit
    reporting_line: ReportingLineFit
    checks: tuple[Check, ...]
    warnings: tuple[Warning, ...]
    benchmarks: dict[str, Any]
    funding: Funding | None = None
    advice: Advice | None = None  # S3's five-step selection and dated roadmap (results_advice)

    def __repr__(self) -> str:
        from postsale.notebook import plan_repr

        return plan_repr(self)

    def _repr_html_(self) -> str:
        from postsale.notebook import plan_html

        return plan_html(self)

    def to_frame(self, table: str = "tiers", backend: Literal["pandas", "polars"] | None = None
                 ) -> Any:
        """A table of the plan as a pandas (or polars) DataFrame: ``tiers``, ``headcount`` or
        ``warnings``."""
        from postsale.notebook import plan_tables, to_frame

        return to_frame(plan_tables(self), table, backend)


# the advice models build on _Result above; imported last so neither module imports a half one
from postsale.results_advice import Advice  # noqa: E402

PlanResult.model_rebuild()
