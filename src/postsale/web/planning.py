"""The plan of a workspace and its what-ifs: the levers a planner moves, applied to the
workspace's company settings and planned with ``postsale.api.run_plan`` on the cached parsed book.

A what-if never re-reads the book (``books.loaded_book`` keeps it per process) and never recomputes
a lever set it has seen: results are kept in a small per-process LRU keyed by the book's key and the
levers, so dragging a slider back and forth costs one plan per distinct position. The levers are
validated by the company file's own rules (``company_from_mapping``): a wrong value raises
postsale's ``ConfigError`` naming the company-file key (``accounts_per_csm.low_touch``) and the fix,
and the what-if form shows it on the field of that name.
"""

from __future__ import annotations

import copy
import math
import threading
import tomllib
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from postsale.api import PlanRun, benchmarks_in_effect, run_plan
from postsale.benchmarks import default_benchmarks
from postsale.company import Company, RenewalOwner, company_from_mapping
from postsale.core.msg import Msg
from postsale.core.ratios import accounts_per_csm_key
from postsale.errors import ConfigError
from postsale.keys import TIER_KEYS, Tier
from postsale.results import PlanResult
from postsale.web.books import LoadedBook, loaded_book
from postsale.web.models import Version, VersionKind, VersionStatus, Workspace
from postsale.web.versions_store import SUMMARY_KEYS, create_version, propose

__all__ = ["RESULT_CACHE_SIZE", "GrowthLever", "WhatIf", "baseline_levers", "company_with",
           "deltas", "forget_plans", "plan_with", "save_plan_version", "summary", "summary_with"]

#: whole plans kept per process (~1 MB each at 10,000 accounts, tens of MB at a million)
RESULT_CACHE_SIZE = 16
#: what-if key figures kept per process (a few hundred bytes each): what the panel shows
SUMMARY_CACHE_SIZE = 4096
#: the ``source`` of a lever's ConfigError (the what-if panel, as ``--company`` is the file's)
WHATIF_SOURCE = "what-if"
#: the tier thresholds a planner moves (benchmark keys, ``[benchmarks]`` in the company file)
THRESHOLD_KEYS = ("tiering.high_touch_min_acv", "tiering.low_touch_min_acv")
#: growth targets a what-if may set (each one is planned for; a company file rarely has 3)
MAX_GROWTH_TARGETS = 12


class GrowthLever(BaseModel):
    """One ``[[growth]]`` target (validated by the company file's rules when applied)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    months: int
    customers: int | None = None
    arr: float | None = None


class WhatIf(BaseModel):
    """The levers of the what-if panel. Every lever is optional: unset keeps the workspace's
    company settings. Names follow the company file: ``accounts_per_csm`` (by tier key),
    ``high_touch_min_acv``/``low_touch_min_acv`` (benchmarks ``tiering.*``), ``budget_share`` (a
    fraction of ARR) or ``budget_amount`` (a year, company currency) — not both — ``growth`` (replaces
    every ``[[growth]]`` target) and ``renewals`` (who owns each tier's renewal)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    accounts_per_csm: dict[Tier, float] = Field(
        default_factory=dict,
        description="accounts per CSM by tier key ([accounts_per_csm])")  # i18n: not text
    high_touch_min_acv: float | None = Field(
        default=None, description="ARR at or above which an account is high-touch "  # i18n: not text
                                  "(benchmark tiering.high_touch_min_acv)")
    low_touch_min_acv: float | None = Field(
        default=None, description="ARR at or above which an account is low-touch "  # i18n: not text
                                  "(benchmark tiering.low_touch_min_acv)")
    budget_share: float | None = Field(
        default=None, description="CS budget as a fraction of ARR ([budget] share); not with "
                                  "budget_amount")
    budget_amount: float | None = Field(
        default=None,
        description="CS budget a year in the company currency ([budget] amount)")  # i18n: not text
    growth: tuple[GrowthLever, ...] | None = Field(
        default=None, max_length=MAX_GROWTH_TARGETS,
        description="growth targets replacing every [[growth]] of the company settings")  # i18n: not text
    renewals: dict[Tier, RenewalOwner] = Field(
        default_factory=dict, description="who owns each tier's renewal ([renewals])")  # i18n: not text

    def cache_key(self) -> str:
        return self.model_dump_json(exclude_defaults=True)

    def is_baseline(self) -> bool:
        return self == WhatIf()


def _raw_company(workspace: Workspace) -> dict[str, Any]:
    """The workspace's company settings as the parsed TOML mapping (already validated on save;
    a broken text raises through ``books.company_of`` when the book is loaded)."""
    text = workspace.company_toml
    return dict(tomllib.loads(text)) if text.strip() else {}


def _lever_mapping(raw: Mapping[str, Any], whatif: WhatIf) -> dict[str, Any]:
    """``raw`` with the levers written in: benchmark levers go last in ``[benchmarks]`` (which wins
    over ``[accounts_per_csm]``), ``[budget]`` and ``[[growth]]`` are replaced, ``[renewals]``
    merged by tier."""
    merged = copy.deepcopy(dict(raw))
    levers: dict[str, float] = {f"accounts_per_csm.{tier}": value
                                for tier, value in whatif.accounts_per_csm.items()}
    for key, value in zip(THRESHOLD_KEYS, (whatif.high_touch_min_acv, whatif.low_touch_min_acv),
                          strict=True):
        if value is not None:
            levers[key] = value
    if levers:
        table = dict(merged.get("benchmarks", {})) if isinstance(merged.get("benchmarks"),
                                                                   Mapping) else {}
        for key, value in levers.items():
            table.pop(key, None)
            table[key] = value
        merged["benchmarks"] = table
    if whatif.budget_share is not None or whatif.budget_amount is not None:
        merged["budget"] = {k: v for k, v in (("share", whatif.budget_share),
                                              ("amount", whatif.budget_amount)) if v is not None}
    if whatif.growth is not None:
        merged["growth"] = [g.model_dump(exclude_none=True) for g in whatif.growth]
    if whatif.renewals:
        current = merged.get("renewals", {})
        merged["renewals"] = {**(current if isinstance(current, Mapping) else {}),
                              **{str(t): v for t, v in whatif.renewals.items()}}
    return merged


def company_with(loaded: LoadedBook, workspace: Workspace, whatif: WhatIf) -> Company:
    """The workspace's company with the levers applied, validated like the company file (raises
    ``ConfigError`` with the lever's company-file key and the fix). The import's measured support
    arrival profile (``load_book``) is kept."""
    if whatif.is_baseline():
        return loaded.company
    for tier, value in whatif.accounts_per_csm.items():  # NaN and inf: "not a number"
        _finite(f"accounts_per_csm.{tier}", value)
    company = company_from_mapping(_lever_mapping(_raw_company(workspace), whatif),
                                   WHATIF_SOURCE, default_benchmarks())
    return company.model_copy(update={"support": loaded.company.support})


def _finite(key: str, value: float) -> None:
    if not math.isfinite(value):
        raise ConfigError(WHATIF_SOURCE, key, Msg("errors_company.not_number", value=repr(value)),
                          Msg("errors_company.not_number.fix"))


_RESULTS: OrderedDict[tuple[str, str], PlanRun] = OrderedDict()
_SUMMARIES: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()
_RESULTS_LOCK = threading.Lock()


def _recall(cache: OrderedDict[tuple[str, str], Any], key: tuple[str, str]) -> Any:
    """The cached value for ``key`` (now the most recent), or None."""
    with _RESULTS_LOCK:
        hit = cache.get(key)
        if hit is not None:
            cache.move_to_end(key)
        return hit


def _remember(cache: OrderedDict[tuple[str, str], Any], key: tuple[str, str], value: Any,
              size: int) -> None:
    with _RESULTS_LOCK:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > size:
            cache.popitem(last=False)


def plan_with(workspace: Workspace, whatif: WhatIf | None = None,
              loaded: LoadedBook | None = None) -> PlanRun:
    """The workspace's plan under ``whatif`` (None: the baseline), from the cached book and the
    per-process result cache."""
    whatif = whatif or WhatIf()
    loaded = loaded or loaded_book(workspace)
    key = (loaded.key, whatif.cache_key())
    hit: PlanRun | None = _recall(_RESULTS, key)
    if hit is not None:
        return hit
    company = company_with(loaded, workspace, whatif)
    run = run_plan(loaded.book, company, today=loaded.today, notes=loaded.notes)
    _remember(_RESULTS, key, run, RESULT_CACHE_SIZE)
    _remember(_SUMMARIES, key, summary(run.result), SUMMARY_CACHE_SIZE)
    return run


def summary_with(workspace: Workspace, whatif: WhatIf | None = None,
                 loaded: LoadedBook | None = None) -> dict[str, Any]:
    """The key figures of the plan under ``whatif`` (``summary``), from the larger cache of
    figures when the whole plan has left the plan cache: a panel revisiting a position never
    recomputes while its figures are remembered."""
    whatif = whatif or WhatIf()
    loaded = loaded or loaded_book(workspace)
    key = (loaded.key, whatif.cache_key())
    hit: dict[str, Any] | None = _recall(_SUMMARIES, key)
    if hit is not None:  # every whole plan computed left its figures here too
        return hit
    # the figures only: the brief plan (same figures, no chart graphs or advice) — a panel
    # recomputing on every keystroke; saving a version builds the whole plan
    company = company_with(loaded, workspace, whatif)
    brief = run_plan(loaded.book, company, today=loaded.today, notes=loaded.notes, brief=True)
    figures = summary(brief.result)
    _remember(_SUMMARIES, key, figures, SUMMARY_CACHE_SIZE)
    return figures


def forget_plans() -> None:
    """Empty the result caches (tests)."""
    with _RESULTS_LOCK:
        _RESULTS.clear()
        _SUMMARIES.clear()


def summary(result: PlanResult) -> dict[str, Any]:
    """The figures a plan version records (``versions_store.SUMMARY_KEYS["plan"]``): accounts,
    ARR, people required (the funded plan) in total and by role, the plan's full CS cost (team +
    technology) and its share of ARR, the budget, whether the plan is funded, and the recommended
    organization model."""
    economics = result.economics
    required = dict(result.headcount.required)
    total = required.pop("total", sum(required.values()))
    budget = result.funding.budget.amount if result.funding is not None else (
        economics.budget.amount if economics.budget is not None else None)
    funded = result.funding.status != "exceeds_budget" if result.funding is not None else None
    figures: dict[str, Any] = {
        "accounts": result.accounts,
        "arr": result.arr,
        "required": total,
        "required_by_role": required,
        "cost": economics.full_cost,
        "cost_share": economics.full_cost_share_of_revenue,
        "budget": budget,
        "funded": funded,
        "model": str(result.org.recommended),
    }
    assert tuple(figures) == SUMMARY_KEYS[VersionKind.PLAN]  # i18n: not text
    return figures


def deltas(figures: Mapping[str, Any], baseline: Mapping[str, Any]) -> dict[str, Any]:
    """What-if minus baseline for the figures that move: people (total and by role), cost, cost
    share and budget; ``funded_changed`` when the what-if crosses the budget line."""

    def minus(a: float | None, b: float | None) -> float | None:
        return None if a is None or b is None else a - b

    roles = list(dict.fromkeys([*baseline["required_by_role"], *figures["required_by_role"]]))
    return {
        "required": figures["required"] - baseline["required"],
        "required_by_role": {r: figures["required_by_role"].get(r, 0)
                             - baseline["required_by_role"].get(r, 0) for r in roles},
        "cost": minus(figures["cost"], baseline["cost"]),
        "cost_share": minus(figures["cost_share"], baseline["cost_share"]),
        "budget": minus(figures["budget"], baseline["budget"]),
        "funded_changed": figures["funded"] != baseline["funded"],
    }


def baseline_levers(loaded: LoadedBook) -> dict[str, Any]:
    """The levers' values in the workspace's own plan (what the panel's inputs start from):
    accounts per CSM by tier as the plan uses them, the tier thresholds, the budget setting, the
    growth targets and the renewals owners."""
    company = loaded.company
    table = benchmarks_in_effect(company)
    maturity = company.company.automation_maturity
    return {
        "accounts_per_csm": {str(t): table.value(accounts_per_csm_key(t, table, maturity))
                             for t in TIER_KEYS},
        "high_touch_min_acv": table.value(THRESHOLD_KEYS[0]),
        "low_touch_min_acv": table.value(THRESHOLD_KEYS[1]),
        "budget_share": company.budget.share,
        "budget_amount": company.budget.amount,
        "growth": [g.model_dump() for g in company.growth],
        "renewals": {str(t): company.renewals[t] for t in TIER_KEYS},
    }


def save_plan_version(workspace: Workspace, user: Any, whatif: WhatIf | None = None,
                      status: str = VersionStatus.DRAFT, title: str = "", note: str = "") -> Version:
    """Save the plan under ``whatif`` as a version (payload: ``PlanResult.to_dict()``; summary:
    ``summary``; overrides: the levers). ``status`` ``proposed`` saves it and asks for approval in
    one step (audited as a proposal, like the versions page's button)."""
    whatif = whatif or WhatIf()
    run = plan_with(workspace, whatif)
    version = create_version(workspace, VersionKind.PLAN, author=user,
                             payload=run.result.to_dict(), summary=summary(run.result),
                             title=title, overrides=whatif.model_dump(mode="json",
                                                                      exclude_defaults=True))
    if status == VersionStatus.PROPOSED:
        version = propose(version, user, note)
    return version
