"""S3's five-step model selection (S3 §Selection framework; DOMAIN.md §6), as ``advice.selection``.

1. **Unit economics** per tier: the plan's full cost per customer (CSMs, the shared roles allocated
   to the tiers they serve, technology — DOMAIN.md §10.1) against the 5–15% rule: ``affordable``
   (up to ``economics.cost_share_comfortable``), ``tight`` (up to the rule's 15%) or
   ``too_expensive``. The funded plan already applied the budget's levers (S3's "move the
   lowest-value accounts of a tier down" among them, ``funding.steps``), so a tier still too
   expensive is flagged with what the plan did about it — kept because the plan as a whole fits
   the budget, or the budget is out of reach — never a second, unapplied move.
2. **Product complexity**: ``[company] product_complexity`` (else the book's implementation
   weeks against ``selection.complexity_*_weeks``) implies high-, low- or tech-touch; a tech-touch
   tier under a high-complexity product moves up ("complex products collapse without human
   guidance"), other tiers lighter than the complexity are flagged.
3. **Customer expectations** per segment (``[market]`` / ``[market.segments.<segment>]``, else
   derived from the segment, or from the ACV mix without a segment column, and
   ``growth_motion``): enterprise buyers will not accept automation only (tech-touch moves up),
   SMB and product-led users do not want heavy CSM engagement (high-touch moves down).
4. **Competitive dynamics** per segment (``competitors_service``, ``buyers_compare_service``,
   else derived from the segment's median ACV and ``growth_motion``): below competitors' service
   where buyers compare it is flagged; high-touch in a self-serve market moves down.
5. **Scale projection** (``core/scale.py``): the recommended model at each ``[[growth]]`` horizon
   — over the S3 scale limit or the budget, a tier moves down; faster hiring than the pace allows
   is flagged — beside what keeping everyone high-touch would take.

The recommendation is the plan's tiers with the moves the steps call for; ``decided_by`` is the
first step that moved a tier, else unit economics (the tiers are ACV bands priced in step 1).
Every sentence is a message (``selection.*`` codes, ``core/msg.py``) with raw figures; the catalogs
say it in the reader's language and currency.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from postsale.company import Company
from postsale.company_market import MarketSegment
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import UNKNOWN, AccountBook
from postsale.core.capacity import Workload
from postsale.core.msg import Msg
from postsale.core.scale import ScaleProjection
from postsale.core.selection_msgs import (
    MODEL_CAP,
    NAMES,
    TITLES,
    VERDICT_WORD,
    clauses,
    sentence_of,
    service,
    subject,
)
from postsale.keys import TIER_KEYS, Complexity, GrowthMotion, Segment, Tier
from postsale.results import EconomicsResult, Funding, TierSummary
from postsale.results_advice import (
    STEP_KEYS,
    AdviceInput,
    Finding,
    Recommendation,
    Selection,
    SelectionStep,
    SubjectFinding,
    TierMove,
)

__all__ = ["AFFORDABILITY", "SelectionInputs", "segment_tier_matrix", "select_model"]

_RANK = {"high_touch": 0, "low_touch": 1, "tech_touch": 2, "self_serve": 3}
_LEVEL_MODEL = {"high": "high_touch", "medium": "low_touch", "low": "tech_touch"}
_EXPECTED_MODEL = {"enterprise": "high_touch", "mid_market": "low_touch", "smb": "tech_touch",
                   "product_led": "tech_touch"}
_STRENGTH = {"keeps": 0, "flags": 1, "moves_up": 2, "moves_down": 2}
#: step 1's words for the economics verdicts (``economics.share_verdict``): S3's 5.3% is
#: "comfortable" (affordable), 10–12.5% "workable" (tight), above the 15% rule "too expensive"
AFFORDABILITY = {"comfortable": "affordable", "workable": "tight", "too_expensive": "too_expensive"}

@dataclass(frozen=True, eq=False)
class SelectionInputs:
    """What the five steps read: the live book and its tiers, the plan's figures and the scale
    projection."""

    book: AccountBook  # live accounts
    tier: npt.NDArray[np.integer]  # their tiers
    # accounts whose tier a rule beyond the ACV bands set (strategic flag, explicit override,
    # at-risk escalation, complexity): S3 lets these override ACV, so steps 3 and 4 never propose
    # moving them on their segment alone
    held: npt.NDArray[np.bool_]
    workload: Workload
    tiers: dict[Tier, TierSummary]
    economics: EconomicsResult
    funding: Funding | None
    scale: ScaleProjection
    company: Company
    benchmarks: Benchmarks

def _strongest(effects: Sequence[str]) -> str:
    best = "keeps"
    for e in effects:
        if _STRENGTH[e] > _STRENGTH[best]:
            best = e
    return best

def _step(number: int, inputs: Sequence[AdviceInput], verdict: str, figures: dict[str, object],
          items: Sequence[SubjectFinding], moves: Sequence[TierMove], sentence: Msg,
          sources: Sequence[str]) -> SelectionStep:
    key = STEP_KEYS[number - 1]
    effect = _strongest([i.effect for i in items]) if items else "keeps"
    if effect in ("moves_up", "moves_down") and not moves:
        effect = "flags"
    return SelectionStep(step=number, key=key, title=TITLES[key], inputs=tuple(inputs),
                         finding=Finding(verdict=verdict, figures=figures,
                                         items=tuple(items)),
                         effect=effect, moves=tuple(moves),
                         sentence=sentence_of(sentence), sources=tuple(dict.fromkeys(sources)))

# ---------------------------------------------------------------- step 1
def _unit_economics(s: SelectionInputs) -> SelectionStep:
    econ, bm = s.economics, s.benchmarks
    low, comfortable, high = (bm.value("economics.cost_share_rule_low"),
                              bm.value("economics.cost_share_comfortable"),
                              bm.value("economics.cost_share_rule_high"))
    items: list[SubjectFinding] = []
    over: list[str] = []
    for tier in TIER_KEYS:
        e, n = econ.per_tier[tier], s.tiers[tier].accounts
        if n == 0:
            continue
        verdict = AFFORDABILITY[e.verdict]
        effect = "flags" if verdict == "too_expensive" else "keeps"
        if verdict == "too_expensive":
            over.append(str(tier))
        share = e.cost_share_of_revenue
        items.append(SubjectFinding(
            subject=str(tier), kind="tier", verdict=verdict, effect=effect,
            figures={"accounts": n, "average_acv": e.average_acv,
                     "direct_cost_per_customer": e.direct_cost_per_customer,
                     "shared_cost_per_customer": e.shared_cost_per_customer,
                     "technology_cost_per_customer": e.technology_cost_per_customer,
                     "cost_per_customer": e.cost_per_customer, "cost_share": share,
                     "revenue_multiple": e.revenue_multiple,
                     "accounts_per_csm": e.accounts_per_csm,
                     "accounts_per_csm_basis": e.accounts_per_csm_basis},
            sentence=Msg("selection.economics.tier", tier=str(tier), cost=e.cost_per_customer,
                         share=share, acv=e.average_acv, verdict=VERDICT_WORD[verdict])
            if share is not None else Msg("selection.economics.no_revenue", tier=str(tier))))
    worst = max(items, key=lambda i: float(i.figures["cost_share"] or 0.0), default=None)
    verdict = "too_expensive" if over else ("tight" if any(i.verdict == "tight" for i in items)
                                            else "affordable")
    funding = s.funding
    assert funding is not None  # a finished plan always carries its funding
    applied = [st.description for st in funding.steps if st.lever.startswith("move_down")]
    parts: list[Msg | str] = []
    if not over:
        parts.append(Msg("selection.economics.within", low=low, high=high))
    else:
        one = len(over) == 1
        parts.append(Msg("selection.economics.over_one", tier=over[0], high=high) if one
                     else Msg("selection.economics.over_many", tiers=tuple(over), high=high))
        if funding.status == "exceeds_budget":
            parts.append(Msg("selection.economics.exceeds"))
        else:
            remedy = (Msg("selection.economics.remedy_effort")
                      if s.company.headcount.sizing == "effort"
                      else Msg("selection.economics.remedy_ratio"))
            share = funding.recommended_share or 0.0
            parts.append(Msg("selection.economics.kept_one", share=share,
                             budget=funding.budget.share, remedy=remedy) if one else
                         Msg("selection.economics.kept_many", share=share,
                             budget=funding.budget.share, remedy=remedy))
    if applied:
        parts.append(Msg("selection.economics.applied", steps=clauses(*applied)))
    if worst is not None and not over:
        parts.append(Msg("selection.economics.dearest", tier=worst.subject,
                         share=float(worst.figures["cost_share"] or 0)))
    inputs = [AdviceInput(name=Msg("selection.input.cost_per_customer"), value="economics",
                          origin="plan"),
              AdviceInput(name=Msg("selection.input.rule_of_thumb"), value=f"{low:g}–{high:g}",
                          origin="benchmark", key="economics.cost_share_rule_high"),
              AdviceInput(name=Msg("selection.input.comfortable_share"), value=comfortable,
                          origin="benchmark", key="economics.cost_share_comfortable")]
    return _step(1, inputs, verdict, {"rule_low": low, "rule_high": high,
                                      "comfortable": comfortable,
                                      "blended_share": econ.blended_cost_share_of_revenue,
                                      "over_rule": ", ".join(over),
                                      "funding_status": funding.status,
                                      # the funding levers that moved accounts down (keys;
                                      # their sentences are the funding steps' descriptions)
                                      "applied_by_funding": ";".join(
                                          st.lever for st in funding.steps
                                          if st.lever.startswith("move_down"))},
                 items, [], clauses(*parts),
                 ("economics.cost_share_rule_low", "economics.cost_share_comfortable",
                  "economics.cost_share_rule_high",
                  # the books the tiers are priced at: the ratios, or the catalogue's figures
                  *(k for t in TIER_KEYS for k in econ.per_tier[t].sources
                    if k.startswith(("accounts_per_csm.", "catalogue.", "effort.")))))

# ---------------------------------------------------------------- step 2
def _level_from_weeks(weeks: float, bm: Benchmarks) -> str:
    if weeks >= bm.value("selection.complexity_high_min_weeks"):
        return "high"
    if weeks <= bm.value("selection.complexity_low_max_weeks"):
        return "low"
    return "medium"

def _product_complexity(s: SelectionInputs) -> SelectionStep:
    info, bm, w = s.company.company, s.benchmarks, s.workload
    stated = "product_complexity" in info.model_fields_set
    weeks_level = _level_from_weeks(w.implementation_weeks, bm) \
        if w.implementation_weeks_from_book else None
    level = info.product_complexity if stated or weeks_level is None else weeks_level
    origin = "company_file" if stated else ("book" if weeks_level else "default")
    implied = _LEVEL_MODEL[level]
    inputs = [AdviceInput(name=Msg("selection.input.product_complexity"), value=info.product_complexity,
                          origin="company_file" if stated else "default",
                          key="company.product_complexity"),
              AdviceInput(name=Msg("selection.input.implementation_weeks"),
                          value=round(w.implementation_weeks, 2),
                          origin="book" if w.implementation_weeks_from_book else "benchmark",
                          key=None if w.implementation_weeks_from_book
                          else "capacity.implementation_weeks")]
    high_code = list(Complexity).index(Complexity.HIGH)
    complex_by_tier = np.zeros(3, dtype=np.int64)
    if "complexity" in s.book.present:
        mask = np.asarray(s.book.complexity) == high_code
        complex_by_tier = np.bincount(np.asarray(s.tier)[mask], minlength=3)
        inputs.append(AdviceInput(name=Msg("selection.input.complex_accounts"), value=int(mask.sum()),
                                  origin="book"))
    items, moves = [], []
    for i, tier in enumerate(TIER_KEYS):
        n = s.tiers[tier].accounts
        if n == 0:
            continue
        gap = _RANK[str(tier)] - _RANK[implied]
        figures = {"accounts": n, "implied_model": implied,
                   "high_complexity_accounts": int(complex_by_tier[i])}
        if gap > 0 and tier is Tier.TECH_TOUCH and level == "high":
            verdict, effect = "lighter_than_complexity", "moves_up"
            moves.append(TierMove(step="product_complexity", subject=str(tier), from_tier=tier,
                                  direction="up", accounts=n,
                                  reason=Msg("selection.complexity.reason_collapse")))
            text = Msg("selection.complexity.tech_up")
        elif gap > 0:
            verdict, effect = "lighter_than_complexity", "flags"
            text = Msg("selection.complexity.lighter", level=level, implied=implied)
        elif gap < 0:
            verdict, effect = "heavier_than_complexity", "keeps"
            text = Msg("selection.complexity.heavier", level=level)
        else:
            verdict, effect = "matches", "keeps"
            text = Msg("selection.complexity.matches", level=level)
        if complex_by_tier[i] and tier is not Tier.HIGH_TOUCH and effect == "keeps":
            verdict, effect = "complex_accounts", "flags"
            text = clauses(text, Msg("selection.complexity.complex_accounts",
                                      accounts=int(complex_by_tier[i])))
        items.append(SubjectFinding(subject=str(tier), kind="tier", verdict=verdict,
                                    effect=effect, figures=figures,
                                    sentence=Msg("selection.item", subject=subject(str(tier)),
                                                 text=text)))
    disagree = weeks_level is not None and weeks_level != level
    where = (Msg("selection.origin.company_file") if stated else
             Msg("selection.origin.book") if origin == "book" else Msg("selection.origin.default"))
    parts: list[Msg | str] = [Msg("selection.complexity.summary", level=level, origin=where,
                                  implied=implied)]
    if disagree:
        parts.append(Msg("selection.complexity.disagree", weeks=w.implementation_weeks,
                         weeks_level=weeks_level))
    return _step(2, inputs, "disagrees" if disagree else level,
                 {"level": level, "level_origin": origin, "implied_model": implied,
                  "weeks_level": weeks_level, "implementation_weeks": w.implementation_weeks},
                 items, moves, clauses(*parts),
                 ("selection.complexity_high_min_weeks", "selection.complexity_low_max_weeks",
                  "capacity.implementation_weeks"))

# ---------------------------------------------------------------- steps 3 and 4
def segment_tier_matrix(book: AccountBook, tier: npt.NDArray[np.integer]
                        ) -> npt.NDArray[np.int64] | None:
    """Live accounts by segment (rows, ``Segment`` order) and tier (columns); ``None`` without a
    segment column. Vectorized: one bincount over segment × 3 + tier."""
    if "segment" not in book.present:
        return None
    return np.bincount(_cells(book, tier), minlength=10)[:9].reshape(3, 3).astype(np.int64)


def _cells(book: AccountBook, tier: npt.NDArray[np.integer]) -> npt.NDArray[np.int16]:
    """segment × 3 + tier per account, 9 for an unknown segment: small integers, no gathered
    copies (a million-account book's masks and int64 copies cost more than the counting)."""
    seg = np.asarray(book.segment)
    cells = seg.astype(np.int16) * np.int16(3) + np.asarray(tier).astype(np.int16, copy=False)
    cells[seg == UNKNOWN] = 9
    return cells

@dataclass(frozen=True)
class _Subject:
    """A segment of the book (or, without a segment column, the dominant tier standing in for
    the company) with its accounts per tier and median ACV."""

    name: str
    segment: Segment | None
    accounts: npt.NDArray[np.int64]
    median_acv: float
    movable: npt.NDArray[np.int64]  # accounts per tier not held there by a rule beyond ACV

def _subjects(s: SelectionInputs) -> list[_Subject]:
    matrix = segment_tier_matrix(s.book, s.tier)
    arr = np.asarray(s.book.arr, dtype=np.float64)
    tier = np.asarray(s.tier, dtype=np.int64)
    free = ~np.asarray(s.held, dtype=bool)
    if matrix is None or matrix.sum() == 0:
        counts = np.bincount(tier, minlength=3)
        median = float(np.median(arr)) if arr.size else 0.0
        return [_Subject("company", None, counts.astype(np.int64), median,
                         np.bincount(tier[free], minlength=3).astype(np.int64))]
    seg = np.asarray(s.book.segment)
    cells = _cells(s.book, s.tier)
    cells[~free] = 9
    movable = np.bincount(cells, minlength=10)[:9].reshape(3, 3)
    out = []
    for i, segment in enumerate(Segment):
        if matrix[i].sum() == 0:
            continue
        out.append(_Subject(str(segment), segment, matrix[i],
                            float(np.median(arr[seg == i])), movable[i].astype(np.int64)))
    return out

def _derived_expectation(sub: _Subject, s: SelectionInputs) -> str:
    plg = s.company.company.growth_motion is GrowthMotion.PRODUCT_LED
    if sub.segment is not None:
        base = str(sub.segment)
    else:  # the ACV mix: the tier holding the most ARR
        base = {0: "enterprise", 1: "mid_market", 2: "smb"}[int(np.argmax(
            [s.tiers[t].arr for t in TIER_KEYS]))]
    return "product_led" if plg and base == "smb" else base

def _derived_competition(sub: _Subject, s: SelectionInputs) -> str:
    bm = s.benchmarks
    model = ("high_touch" if sub.median_acv >= bm.value("tiering.high_touch_min_acv") else
             "low_touch" if sub.median_acv >= bm.value("tiering.low_touch_min_acv") else "tech_touch")
    if model == "tech_touch" and s.company.company.growth_motion is GrowthMotion.PRODUCT_LED:
        return "self_serve"
    return model

def _answers(sub: _Subject, s: SelectionInputs) -> tuple[MarketSegment, str]:
    return s.company.market.for_segment(sub.segment)

def _expectations(s: SelectionInputs, subjects: list[_Subject]) -> SelectionStep:
    items, moves, inputs = [], [], []
    for sub in subjects:
        given, where = _answers(sub, s)
        expectation = given.expectations or _derived_expectation(sub, s)
        origin = "company_file" if given.expectations else "derived"
        inputs.append(AdviceInput(name=Msg("selection.input.expectations",
                                           subject=subject(sub.name)), value=expectation,
                                  origin=origin, key=f"{where}.expectations" if given.expectations
                                  else None))
        wanted = _EXPECTED_MODEL[expectation]
        acc = sub.accounts
        effect, verdict = "keeps", "matches"
        notes: list[Msg | str] = []
        free = sub.movable
        if expectation == "enterprise" and acc[2]:
            effect, verdict = "moves_up", "under_served"
            if free[2]:
                moves.append(TierMove(
                    step="customer_expectations", subject=sub.name, from_tier=Tier.TECH_TOUCH,
                    direction="up", accounts=int(free[2]),
                    reason=Msg("selection.expectations.reason_enterprise")))
            notes.append(Msg("selection.expectations.tech_no_automation", accounts=int(acc[2])))
        if expectation == "enterprise" and acc[1]:
            effect = _strongest([effect, "flags"])
            verdict = "under_served"
            notes.append(Msg("selection.expectations.low_dedicated", accounts=int(acc[1])))
        if expectation in ("smb", "product_led") and free[0]:
            effect, verdict = "moves_down", "over_served"
            moves.append(TierMove(step="customer_expectations", subject=sub.name,
                                  from_tier=Tier.HIGH_TOUCH, direction="down",
                                  accounts=int(free[0]),
                                  reason=Msg("selection.expectations.reason_light",
                                             expectation=expectation)))
            notes.append(Msg("selection.expectations.high_slows", accounts=int(free[0])))
        if expectation in ("smb", "product_led") and acc[0] > free[0]:
            notes.append(Msg("selection.expectations.high_held", accounts=int(acc[0] - free[0])))
        if expectation == "product_led" and acc[1]:
            effect = _strongest([effect, "flags"])
            verdict = "over_served"
            notes.append(Msg("selection.expectations.low_bonus", accounts=int(acc[1])))
        if expectation == "mid_market" and acc[2]:
            effect = _strongest([effect, "flags"])
            verdict = "under_served"
            notes.append(Msg("selection.expectations.tech_no_guidance", accounts=int(acc[2])))
        items.append(SubjectFinding(
            subject=sub.name, kind="segment" if sub.segment else "company", verdict=verdict,
            effect=effect,
            figures={"expectations": expectation, "origin": origin, "expected_model": wanted,
                     **{f"accounts_{t}": int(acc[i]) for i, t in enumerate(TIER_KEYS)}},
            sentence=Msg("selection.expectations.item", subject=subject(sub.name),
                         expectation=expectation,
                         origin=Msg("selection.origin.file") if given.expectations
                         else Msg("selection.origin.derived"), wanted=wanted,
                         notes=clauses(*notes) if notes
                         else Msg("selection.expectations.served"))))
    mismatched = [i for i in items if i.verdict != "matches"]
    sentence = (Msg("selection.expectations.all_match") if not mismatched else
                Msg("selection.expectations.mismatched", segments=len(mismatched)))
    return _step(3, inputs, "matches" if not mismatched else "mismatch",
                 {"segments": len(items), "mismatched": len(mismatched)}, items, moves,
                 sentence, ("tiering.high_touch_min_acv", "tiering.low_touch_min_acv"))

def _competition(s: SelectionInputs, subjects: list[_Subject]) -> SelectionStep:
    items, moves, inputs = [], [], []
    plg = s.company.company.growth_motion is GrowthMotion.PRODUCT_LED
    for sub in subjects:
        given, where = _answers(sub, s)
        rival = given.competitors_service or _derived_competition(sub, s)
        compare = given.buyers_compare_service if given.buyers_compare_service is not None \
            else not plg
        o_rival = "company_file" if given.competitors_service else "derived"
        o_compare = "company_file" if given.buyers_compare_service is not None else "derived"
        inputs += [AdviceInput(name=Msg("selection.input.competitors",
                                        subject=subject(sub.name)), value=rival,
                               origin=o_rival, key=f"{where}.competitors_service"
                               if given.competitors_service else None),
                   AdviceInput(name=Msg("selection.input.compare", subject=subject(sub.name)),
                               value=compare,
                               origin=o_compare, key=f"{where}.buyers_compare_service"
                               if given.buyers_compare_service is not None else None)]
        dominant = TIER_KEYS[int(np.argmax(sub.accounts))]
        gap = _RANK[str(dominant)] - _RANK[rival]
        effect, verdict = "keeps", "matches"
        if rival == "self_serve" and sub.movable[0]:
            effect, verdict = "moves_down", "above_market"
            moves.append(TierMove(step="competitive_dynamics", subject=sub.name,
                                  from_tier=Tier.HIGH_TOUCH, direction="down",
                                  accounts=int(sub.movable[0]),
                                  reason=Msg("selection.competition.reason_self_serve")))
            text = Msg("selection.competition.self_serve")
        elif gap > 0 and compare:
            effect, verdict = "flags", "below_competitors"
            text = Msg("selection.competition.below", rival=service(rival))
        elif gap > 0:
            verdict = "below_competitors_not_compared"
            text = Msg("selection.competition.below_not_compared", rival=service(rival))
        elif gap < 0:
            verdict = "above_competitors"
            text = Msg("selection.competition.above", rival=service(rival))
        else:
            text = Msg("selection.competition.par", rival=service(rival))
        items.append(SubjectFinding(
            subject=sub.name, kind="segment" if sub.segment else "company", verdict=verdict,
            effect=effect,
            figures={"competitors_service": rival, "buyers_compare_service": compare,
                     "competitors_origin": o_rival, "compare_origin": o_compare,
                     "dominant_tier": str(dominant), "median_acv": sub.median_acv},
            sentence=Msg("selection.competition.item", subject=subject(sub.name),
                         tier=str(dominant), text=text)))
    off = [i for i in items if i.effect != "keeps"]
    sentence = (Msg("selection.competition.all_match") if not off else
                Msg("selection.competition.out_of_line", segments=len(off)))
    return _step(4, inputs, "matches" if not off else "out_of_line",
                 {"segments": len(items), "out_of_line": len(off)}, items, moves, sentence,
                 ("tiering.high_touch_min_acv", "tiering.low_touch_min_acv"))

# ---------------------------------------------------------------- step 5
def _scale_step(s: SelectionInputs) -> SelectionStep:
    bm, scale = s.benchmarks, s.scale
    limits = {Tier.HIGH_TOUCH: bm.value("economics.scale_limit.high_touch"),
              Tier.LOW_TOUCH: bm.value("economics.scale_limit.low_touch")}
    budget = s.economics.budget.share if s.economics.budget is not None else \
        bm.value("budget.rule_of_thumb_share")
    items, moves = [], []
    inputs = [AdviceInput(name=Msg("selection.input.horizons"), value=", ".join(
        str(h.months) for h in scale.horizons), origin="company_file" if scale.from_targets
        else "benchmark", key="growth" if scale.from_targets else "selection.scale_horizon_short_months"),
        AdviceInput(name=Msg("selection.input.budget_share"), value=budget, origin="plan"),
        AdviceInput(name=Msg("selection.input.hiring_pace"), value=scale.max_starts_per_month,
                    origin="benchmark", key="hiring.max_starts_per_month_share")]
    moved: set[Tier] = set()
    for h in scale.horizons:
        problems: list[Msg | str] = []
        effect = "keeps"
        for i, tier in enumerate((Tier.HIGH_TOUCH, Tier.LOW_TOUCH)):
            if h.tier_accounts[i] > limits[tier]:
                # S3: "~500 accounts, then segment" — the remedy is more teams (sub-segments,
                # pods, regions), not moving $100K+ accounts to a pooled tier
                problems.append(Msg("selection.scale.over_limit", accounts=h.tier_accounts[i],
                                    tier=str(tier), limit=limits[tier]))
                effect = _strongest([effect, "flags"])
        if h.cost_share is not None and h.cost_share > budget + 1e-9:
            problems.append(Msg("selection.scale.over_budget", share=h.cost_share, budget=budget))
            effect = "moves_down"
            dearest = max((t for t in TIER_KEYS[:2] if s.tiers[t].accounts),
                          key=lambda t: s.economics.per_tier[t].cost_share_of_revenue or 0.0,
                          default=None)
            if dearest is not None and dearest not in moved:
                moved.add(dearest)
                moves.append(TierMove(step="scale_projection", subject=str(dearest),
                                      from_tier=dearest, direction="down",
                                      accounts=h.tier_accounts[TIER_KEYS.index(dearest)],
                                      reason=Msg("selection.scale.reason_budget",
                                                 months=h.months)))
        if h.hires_needed > h.hiring_capacity:
            problems.append(Msg("selection.scale.hiring_pace", hires=h.hires_needed,
                                months=h.months, pace=scale.max_starts_per_month))
            effect = _strongest([effect, "flags"])
        over_limit = any(h.tier_accounts[i] > limits[t]
                         for i, t in enumerate((Tier.HIGH_TOUCH, Tier.LOW_TOUCH)))
        over_budget = h.cost_share is not None and h.cost_share > budget + 1e-9
        verdict = ("over_scale_limit" if over_limit else "over_budget" if over_budget
                   else "hiring_pace" if problems else "reaches")
        book = round(h.all_high_touch_book, 1) if h.all_high_touch_book < 100 \
            else round(h.all_high_touch_book)  # as core/csm_book.book_text shows a book
        high = (Msg("selection.scale.all_high", customers=h.customers, book=book,
                    csms=h.all_high_touch_csms, people=h.all_high_touch_people)
                if h.all_high_touch_cost_share is None else
                Msg("selection.scale.all_high_share", customers=h.customers, book=book,
                    csms=h.all_high_touch_csms, people=h.all_high_touch_people,
                    share=h.all_high_touch_cost_share))
        items.append(SubjectFinding(
            subject=f"month_{h.months}", kind="horizon", verdict=verdict,
            effect=effect,
            figures={"months": h.months, "customers": h.customers, "arr": h.arr,
                     **{f"accounts_{t}": h.tier_accounts[i] for i, t in enumerate(TIER_KEYS)},
                     "people": h.people, "csms": h.csms, "cost": h.cost,
                     "cost_share": h.cost_share, "hires_needed": h.hires_needed,
                     "hiring_capacity": h.hiring_capacity,
                     "all_high_touch_csms": h.all_high_touch_csms,
                     "all_high_touch_book": h.all_high_touch_book,
                     "all_high_touch_people": h.all_high_touch_people,
                     "all_high_touch_cost_share": h.all_high_touch_cost_share,
                     "today_ratio_csms": h.today_ratio_csms},
            sentence=clauses(
                Msg("selection.scale.horizon", months=h.months, customers=h.customers, arr=h.arr,
                    people=h.people, csms=h.csms, cost=h.cost) if h.cost_share is None else
                Msg("selection.scale.horizon_share", months=h.months, customers=h.customers,
                    arr=h.arr, people=h.people, csms=h.csms, cost=h.cost, share=h.cost_share),
                *(problems or [Msg("selection.scale.reachable")]), high)))
    last = scale.horizons[-1]
    outgrown = [t for i, t in enumerate((Tier.HIGH_TOUCH, Tier.LOW_TOUCH))
                if any(h.tier_accounts[i] > limits[t] for h in scale.horizons)]
    if moves:
        sentence = Msg("selection.scale.must_move",
                       moves=tuple(Msg("selection.scale.move_down", subject=subject(m.subject))
                                   for m in moves))
    elif outgrown:
        sentence = Msg("selection.scale.reaches_outgrown", months=last.months,
                       customers=last.customers, people=last.people,
                       tiers=tuple(str(t) for t in outgrown))
    else:
        sentence = Msg("selection.scale.reaches", months=last.months, customers=last.customers,
                       people=last.people)
    verdict = "over_budget" if moves else "must_segment" if outgrown else "reaches"
    return _step(5, inputs, verdict,
                 {"from_targets": scale.from_targets, "budget_share": budget,
                  "high_touch_ratio": bm.value("accounts_per_csm.high_touch"),
                  "sizing": s.company.headcount.sizing},
                 items, moves, sentence, scale.sources)

# ---------------------------------------------------------------- the recommendation
def _recommendation(s: SelectionInputs, steps: Sequence[SelectionStep]) -> Recommendation:
    counts = {t: s.tiers[t].accounts for t in TIER_KEYS}
    used = [t for t in TIER_KEYS if counts[t] > 0]
    model = str(used[0]) if len(used) == 1 else "hybrid"
    moves = tuple(m for st in steps for m in st.moves)
    deciding = next((st for st in steps if st.moves), steps[0])
    flags = tuple(st.key for st in steps if st.effect == "flags")
    tiers = (tuple(Msg("selection.rec.tier_count", accounts=counts[t], tier=str(t)) for t in used)
             or Msg("selection.rec.no_accounts"))
    if deciding.moves:
        why = Msg("selection.rec.decides", step_name=NAMES[deciding.key], step=deciding.step,
                  moves=clauses(*(Msg("selection.rec.move_up", accounts=m.accounts,
                                       subject=subject(m.subject), reason=m.reason)
                                   if m.direction == "up" else
                                   Msg("selection.rec.move_down", accounts=m.accounts,
                                       subject=subject(m.subject), reason=m.reason)
                                   for m in deciding.moves)))
    else:
        why = Msg("selection.rec.economics")
    return Recommendation(model=model, tiers=counts, moves=moves,
                          flags=flags, decided_by=deciding.key, decided_step=deciding.step,
                          sentence=Msg("selection.rec.sentence", model=MODEL_CAP[model],
                                       tiers=tiers, why=why))

def select_model(s: SelectionInputs) -> Selection:
    """The five steps in order and the recommendation (module docstring)."""
    subjects = _subjects(s)
    steps = (_unit_economics(s), _product_complexity(s), _expectations(s, subjects),
             _competition(s, subjects), _scale_step(s))
    return Selection(steps=steps, recommendation=_recommendation(s, steps))
