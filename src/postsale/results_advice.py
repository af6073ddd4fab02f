"""Frozen result models of the plan's ``advice`` key: S3's five-step model selection
(``advice.selection``) and S3's dated implementation roadmap (``advice.roadmap``).

Every finding keeps its figures and a stable code beside its sentence (a message: ``Text``,
rendered in the reader's language, its code and raw figures under ``<field>_msg`` in the JSON);
every input says where it came from (``origin``: the book, the company file, a
benchmark key, derived from the book, the plan or its deterministic projection). Shares are
fractions; dates are ISO.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from postsale.keys import Role, Segment, Tier
from postsale.results import _Result
from postsale.results_text import Text

__all__ = [
    "STEP_KEYS",
    "Advice",
    "AdviceInput",
    "ExitCheck",
    "Finding",
    "PhaseTransition",
    "Pilot",
    "Recommendation",
    "Roadmap",
    "RoadmapHire",
    "RoadmapPhase",
    "Selection",
    "SelectionStep",
    "StepKey",
    "SubjectFinding",
    "TierMove",
]

StepKey = Literal["unit_economics", "product_complexity", "customer_expectations",
                  "competitive_dynamics", "scale_projection"]
STEP_KEYS: tuple[StepKey, ...] = ("unit_economics", "product_complexity", "customer_expectations",
                                  "competitive_dynamics", "scale_projection")
Effect = Literal["keeps", "moves_up", "moves_down", "flags"]
Origin = Literal["book", "company_file", "benchmark", "derived", "plan", "projection", "default"]
Figure = float | int | str | bool | None


class AdviceInput(_Result):
    """One input of a step: its value and where it came from (``key``: the benchmark key or the
    company-file key; ``None`` for a measurement of the book)."""

    name: Text
    value: Figure
    origin: Origin
    key: str | None = None


class SubjectFinding(_Result):
    """A step's finding for one tier, segment or horizon: a verdict code, its figures and what it
    does to the recommendation."""

    subject: str
    kind: Literal["tier", "segment", "company", "horizon"]
    verdict: str
    figures: dict[str, Figure]
    effect: Effect
    sentence: Text


class Finding(_Result):
    """A step's finding: the step's verdict code, its own figures and the per-subject findings."""

    verdict: str
    figures: dict[str, Figure]
    items: tuple[SubjectFinding, ...]


class TierMove(_Result):
    """A change a step calls for: ``subject``'s accounts (a tier or a segment) one tier up or down."""

    step: StepKey
    subject: str
    from_tier: Tier | None
    direction: Literal["up", "down"]
    accounts: int
    reason: Text


class SelectionStep(_Result):
    """One of S3's five steps (S3 §Selection framework)."""

    step: int
    key: StepKey
    title: Text
    inputs: tuple[AdviceInput, ...]
    finding: Finding
    effect: Effect
    moves: tuple[TierMove, ...]
    sentence: Text
    sources: tuple[str, ...]


class Recommendation(_Result):
    """The touch model the five steps arrive at: the plan's tiers, the moves the steps call for,
    and which step decided it."""

    model: Literal["high_touch", "low_touch", "tech_touch", "hybrid"]
    tiers: dict[Tier, int]
    moves: tuple[TierMove, ...]
    flags: tuple[StepKey, ...]
    decided_by: StepKey
    decided_step: int
    sentence: Text


class Selection(_Result):
    """``advice.selection``: the five steps in order and the recommendation."""

    steps: tuple[SelectionStep, ...]
    recommendation: Recommendation


class ExitCheck(_Result):
    """A check that ends a roadmap phase, or one of S0's exit signals, evaluated on the book now
    (``met``: the condition holds)."""

    code: str
    criterion: Text
    status: Literal["met", "not_met", "not_evaluable"]
    measured: float | None
    threshold: float | None
    unit: Text | None
    detail: Text | None
    sources: tuple[str, ...] = ()


class RoadmapPhase(_Result):
    """One phase of S3's implementation roadmap, dated from ``today`` (``end`` inclusive; ``None``
    for the ongoing optimization)."""

    number: int
    key: Literal["design", "pilot", "rollout", "optimization"]
    title: Text
    start: dt.date
    end: dt.date | None
    activities: tuple[Text, ...]
    exit_checks: tuple[ExitCheck, ...]
    hires_starting: int
    sources: tuple[str, ...]


class Pilot(_Result):
    """The pilot segment of Phase 2, chosen from the book (``chosen_by``: the rule or
    ``[roadmap]``)."""

    tier: Tier
    segment: Segment | None
    accounts: int
    arr: float
    share_of_accounts: float
    share_of_arr: float
    owners: int | None
    chosen_by: Literal["rule", "company_file"]
    reasons: tuple[Text, ...]
    sources: tuple[str, ...]


class PhaseTransition(_Result):
    """An S4 specialization step the plan implies, placed on the calendar."""

    from_phase: int
    to_phase: int
    name: Text
    role: Role | None
    date: dt.date
    roadmap_phase: str
    detail: Text


class RoadmapHire(_Result):
    """``count`` requisitions of the plan with the same role and dates on the roadmap's calendar."""

    role: Role
    count: int
    open_date: dt.date
    start_date: dt.date
    productive_date: dt.date
    roadmap_phase: str
    new_model: bool
    delay_reason: str | None = None


class Roadmap(_Result):
    """``advice.roadmap``: S3's four phases with dates, the pilot, the S4 phase steps, the plan's
    hires on the calendar and S0's exit signals."""

    today: dt.date
    phases: tuple[RoadmapPhase, ...]
    pilot: Pilot | None
    phase_today: int
    phase_planned: int
    transitions: tuple[PhaseTransition, ...]
    hires: tuple[RoadmapHire, ...]
    hires_total: int
    hires_by_role: dict[str, int]
    max_starts_per_month: int
    new_model_roles: tuple[Role, ...]
    exit_signals: tuple[ExitCheck, ...]
    commitment_review: dt.date
    sentence: Text
    sources: tuple[str, ...]


class Advice(_Result):
    """The plan's ``advice`` key."""

    selection: Selection
    roadmap: Roadmap
