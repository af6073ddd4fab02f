"""The funded plan (C12, DOMAIN.md §10.1 and §10.8): the needed team against the budget, and the
seeds' own levers applied in order until the plan fits.

S3: "If margins are tight, your model must be more efficient. This is math, not debate." The need
is computed first (the role formulas on the book as tiered); when its full cost (team plus
technology) exceeds the budget, the levers below are applied one after another, each kept only when
it saves money, until the plan fits:

1. ``move_down_high`` — high-touch accounts whose ARR cannot carry the tier's full cost per
   customer within the 15% rule step down to low-touch (S3 step 1; never accounts in the
   high-touch ACV band, never explicit overrides);
2. ``move_down_low`` — the same for low-touch accounts (S3: $3,200 is 21.3% of a $15K customer,
   "too expensive") down to tech-touch;
3. ``pool_tail`` — low- and tech-touch become pooled coverage (S3 low-touch "pooled CSMs",
   40–100 accounts each; §9 pooled coverage): low-touch books at the top of S3's band (skipped
   under effort sizing: a pooled book is a ratio, and the effort model has no ratio to widen —
   ``widen_books`` lightens the service instead);
4. ``widen_books`` — high-touch books and tech-touch at-risk capacity at the top of the seed bands
   (under ``[headcount] sizing = "effort"``: lighter service at the low end of the seed bands —
   high-touch check-ins biweekly, low-touch touchpoints quarterly — since books are hours there);
5. ``merge_roles`` — specialist roles with less than one person of work are covered by the CSMs and
   the CS leader (generalist coverage; S2 merges implementation into the CSM role when it is light);
6. ``renewals_to_sales`` — last, because it moves a function out of CS rather than making CS more
   efficient: the renewals desk's tiers hand the commercial renewal to sales / account management
   (S4), CS stays accountable for the renewal rate.

Every lever is a benchmark override or a company setting, so the projection and the assignment
reproduce the funded plan exactly from the same inputs. When no lever brings the cost inside the
budget, the leanest plan is recommended and flagged (``plan_exceeds_budget``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from postsale.core.capacity import Workload, measure_workload, required_headcount
from postsale.core.csm_book import book_msg, csm_books
from postsale.core.economics import budget_envelope, team_cost, technology_cost
from postsale.core.effort import lighter_service
from postsale.core.msg import Msg
from postsale.core.ratios import csm_cost_key, per_customer_cost_key
from postsale.core.tiering import TIERING_KEYS, TieringResult, assign_tiers
from postsale.keys import TIER_KEYS, Role, Tier
from postsale.results import BudgetEnvelope, Funding, FundingStep, Headcount

__all__ = ["LEVERS", "FundingOutcome", "Measured", "fund", "funded_inputs", "measure"]

LEVERS: tuple[str, ...] = ("move_down_high", "move_down_low", "pool_tail", "widen_books",
                           "merge_roles", "renewals_to_sales")
ORIGIN = "funded plan"  # i18n: not text


@dataclass(frozen=True)
class Evaluation:
    """The role-based need of one set of inputs and its full cost."""

    headcount: Headcount
    workload: Workload
    cost: float


@dataclass(frozen=True)
class FundingOutcome:
    """The inputs of the recommended plan and how they were reached."""

    company: Company
    benchmarks: Benchmarks
    budget: BudgetEnvelope
    needed: Evaluation
    recommended: Evaluation
    steps: tuple[FundingStep, ...]
    overrides: dict[str, float]
    measured: Measured = field(default_factory=dict, compare=False, repr=False)


Measured = dict[tuple[float, ...], tuple[TieringResult, Workload]]

# The benchmarks the tiering and the workload measurement read: levers that change none of them
# (pooling, ownership, wider books, merged roles) reuse the book's measurement.
_MEASURE_KEYS = (*TIERING_KEYS, "capacity.tech_touch_human_min_acv")


def measure(book: AccountBook, company: Company, benchmarks: Benchmarks, today: dt.date,
            cache: Measured) -> tuple[TieringResult, Workload]:
    """Tiers and workload of ``book``, measured once per distinct tiering (levers and the final
    plan share them: the measurement is most of a plan's time on a large book)."""
    key = tuple(benchmarks.value(k) for k in _MEASURE_KEYS)
    if key not in cache:
        tiering = assign_tiers(book, benchmarks)
        cache[key] = (tiering, measure_workload(book, tiering, benchmarks, company, today))
    return cache[key]


def _evaluate(book: AccountBook, company: Company, benchmarks: Benchmarks, today: dt.date,
              cache: Measured) -> Evaluation:
    _, workload = measure(book, company, benchmarks, today, cache)
    headcount = required_headcount(workload, benchmarks, company)
    cost = team_cost(headcount.required, benchmarks) + technology_cost(workload.tier_accounts,
                                                                        benchmarks)
    return Evaluation(headcount=headcount, workload=workload, cost=cost)


def _top(benchmarks: Benchmarks, key: str) -> float:
    band = benchmarks[key].range
    return float(band[1]) if band else benchmarks.value(key)


def _lever(name: str, current: Evaluation, company: Company, benchmarks: Benchmarks
           ) -> tuple[Company, dict[str, float], Msg, tuple[str, ...]] | None:
    """The company and overrides one lever proposes, its description and sources (None: no-op)."""
    rule = benchmarks.value("economics.cost_share_rule_high")
    effort = company.headcount.sizing == "effort"
    if name in ("move_down_high", "move_down_low"):
        i = 0 if name == "move_down_high" else 1
        if current.workload.tier_accounts[i] == 0:
            return None
        # S3's own per-customer cost of the tier (CSM ÷ book + shared + technology: $3,200 for
        # low-touch, "21.3% of a $15K customer: too expensive") sets the floor; never the
        # high-touch ACV band itself.
        tier = TIER_KEYS[i]
        # the book the plan staffs the tier to: the ratio, or the catalogue's under effort sizing
        staffed = csm_books(current.workload, benchmarks, company)[tier]
        book = staffed.value
        unit = (benchmarks.value(csm_cost_key(tier)) / book if book else 0.0) \
            + benchmarks.value(per_customer_cost_key(tier, "shared", benchmarks)) \
            + benchmarks.value(per_customer_cost_key(tier, "technology", benchmarks))
        floor = min(unit / rule, benchmarks.value("tiering.high_touch_min_acv"))
        key = "tiering.high_touch_funded_min_acv" if i == 0 else "tiering.low_touch_funded_min_acv"
        if floor <= benchmarks.value(key):
            return None
        csm = benchmarks.value(csm_cost_key(tier))
        if not book:
            per_csm = Msg("funding.per_csm.no_hours")
        elif staffed.basis == "effort":
            per_csm = Msg("funding.per_csm.effort", cost=csm, book=book_msg(book))
        else:
            per_csm = Msg("funding.per_csm.ratio", cost=csm, book=book_msg(book))
        return company, {key: round(floor, -2)}, Msg(
            "funding.move_down", tier=str(tier), to_tier=str(TIER_KEYS[i + 1]), floor=round(floor, -2),
            per_csm=per_csm, unit=unit, rule=rule), (
            key, "economics.cost_share_rule_high", csm_cost_key(tier), *staffed.sources)
    if name == "pool_tail" and effort:
        return None  # a pooled book is a ratio: under effort sizing widen_books lightens service
    if name == "widen_books" and effort:
        light = lighter_service(benchmarks)
        if not light:
            return None
        return company, light, Msg("funding.lighten_service", settings=_settings(light, 2)
                                   ), tuple(light)
    if name == "pool_tail":
        key = "accounts_per_csm.low_touch"
        pooled = 100.0  # S3 low-touch band (40–100 accounts per pooled CSM)
        if benchmarks.value(key) >= pooled and set(company.company.pooled_tiers) >= {
                "low_touch", "tech_touch"}:
            return None
        info = company.company.model_copy(update={"pooled_tiers": tuple(sorted(
            {*company.company.pooled_tiers, "low_touch", "tech_touch"}))})
        return company.model_copy(update={"company": info}), {key: max(pooled, benchmarks.value(key))}, (
            Msg("funding.pool_tail", book=pooled)), (key,)
    if name == "renewals_to_sales":
        desk = [t for t in TIER_KEYS if company.renewals[t] == "desk"]
        if not desk or current.headcount.required[str(Role.RENEWALS_SPECIALIST)] == 0:
            return None
        owners = {**company.renewals, **dict.fromkeys(desk, "sales")}
        return company.model_copy(update={"renewals": owners}), {}, (
            Msg("funding.renewals_to_sales", tiers=tuple(str(t) for t in desk))), ()
    if name == "widen_books":
        changes = {}
        for key in ("accounts_per_csm.high_touch", "capacity.at_risk_tech_touch_per_csm"):
            top = _top(benchmarks, key)
            if benchmarks.value(key) < top:
                changes[key] = top
        if not changes:
            return None
        return company, changes, Msg("funding.widen_books", settings=_settings(changes, 1)
                                     ), tuple(changes)
    # merge_roles
    key = "capacity.min_fte_for_dedicated_role"
    if benchmarks.value(key) >= 1.0:
        return None
    return company, {key: 1.0}, Msg("funding.merge_roles"), (key,)


def _settings(changes: dict[str, float], drop: int) -> tuple[Msg, ...]:
    """The benchmark settings a lever changes, each as "name value" (the key less its first
    ``drop`` dotted parts: ``accounts_per_csm.high_touch`` → ``high_touch``)."""
    return tuple(Msg("funding.setting", name=k.split(".", drop)[drop], value=v)
                 for k, v in changes.items())


def fund(book: AccountBook, company: Company, benchmarks: Benchmarks, today: dt.date, *,
         reserve: float = 0.0, cache: Measured | None = None) -> FundingOutcome:
    """The recommended plan's inputs: the need when it fits the budget, else the levers in order.

    ``reserve``: cost the organization model adds on top of the role formulas (leaders per pod or
    region), kept free inside the budget so the adopted chart fits too.
    """
    live = book.active
    arr = float(book.arr[live].sum())
    budget = budget_envelope(arr, company, benchmarks)
    cache = {} if cache is None else cache
    needed = _evaluate(book, company, benchmarks, today, cache)
    current, current_company, current_bm = needed, company, benchmarks
    overrides: dict[str, float] = {}
    steps: list[FundingStep] = []
    for name in LEVERS:
        if current.cost + reserve <= budget.amount:
            break
        proposal = _lever(name, current, current_company, current_bm)
        if proposal is None:
            continue
        next_company, changes, description, sources = proposal
        next_bm = current_bm.with_overrides(changes, origin=ORIGIN) if changes else current_bm
        trial = _evaluate(book, next_company, next_bm, today, cache)
        saving = current.cost - trial.cost
        if saving <= 0:
            continue
        steps.append(FundingStep(
            lever=name, description=description, saving=saving, cost_after=trial.cost,
            share_after=trial.cost / arr if arr > 0 else 0.0,
            people_after=trial.headcount.required["total"], sources=sources))
        overrides.update(changes)
        current, current_company, current_bm = trial, next_company, next_bm
    return FundingOutcome(company=current_company, benchmarks=current_bm, budget=budget, needed=needed,
                          recommended=current, steps=tuple(steps), overrides=overrides,
                          measured=cache)


def funded_inputs(company: Company, benchmarks: Benchmarks, funding: Funding | None
                  ) -> tuple[Company, Benchmarks]:
    """The company and benchmarks of a plan's recommendation, rebuilt from ``funding.adjustments``
    (the projection and the assignment start from the same inputs as the plan)."""
    if funding is None or not funding.steps:
        return company, benchmarks
    adj = funding.adjustments
    overrides = {str(k): float(v) for k, v in dict(adj.get("benchmarks", {})).items()}
    info = company.company.model_copy(update={"pooled_tiers": tuple(adj.get("pooled_tiers", ()))})
    funded = company.model_copy(update={
        "company": info,
        "renewals": {Tier(t): o for t, o in dict(adj.get("renewals", {})).items()},
        "onboarding": {Tier(t): o for t, o in dict(adj.get("onboarding", {})).items()},
    })
    return funded, benchmarks.with_overrides(overrides, origin=ORIGIN) if overrides else benchmarks
