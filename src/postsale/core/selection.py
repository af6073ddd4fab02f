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
Core code: sentences name amounts with the ISO currency code; reports render the figures.
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
from postsale.core.csm_book import book_text
from postsale.core.scale import ScaleProjection
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
_TITLES = {"unit_economics": "Unit economics per tier",
           "product_complexity": "Product complexity",
           "customer_expectations": "Customer expectations",
           "competitive_dynamics": "Competitive dynamics",
           "scale_projection": "Scale projection"}
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

def _label(key: str) -> str:
    return key.replace("_", "-")

def _money(value: float, currency: str) -> str:
    return f"{value:,.0f} {currency}"

def _strongest(effects: Sequence[str]) -> str:
    best = "keeps"
    for e in effects:
        if _STRENGTH[e] > _STRENGTH[best]:
            best = e
    return best

def _step(number: int, inputs: Sequence[AdviceInput], verdict: str, figures: dict[str, object],
          items: Sequence[SubjectFinding], moves: Sequence[TierMove], sentence: str,
          sources: Sequence[str]) -> SelectionStep:
    key = STEP_KEYS[number - 1]
    effect = _strongest([i.effect for i in items]) if items else "keeps"
    if effect in ("moves_up", "moves_down") and not moves:
        effect = "flags"
    return SelectionStep(step=number, key=key, title=_TITLES[key], inputs=tuple(inputs),
                         finding=Finding(verdict=verdict, figures=figures,
                                         items=tuple(items)),
                         effect=effect, moves=tuple(moves),
                         sentence=sentence, sources=tuple(dict.fromkeys(sources)))

# ---------------------------------------------------------------- step 1
def _unit_economics(s: SelectionInputs) -> SelectionStep:
    econ, bm, cur = s.economics, s.benchmarks, s.company.company.currency
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
            sentence=(f"{_label(tier)}: {_money(e.cost_per_customer, cur)} full cost a customer = "
                      f"{share:.1%} of the {_money(e.average_acv, cur)} average ACV — "
                      f"{verdict.replace('_', ' ')}" if share is not None else
                      f"{_label(tier)}: no revenue to price against")))
    worst = max(items, key=lambda i: float(i.figures["cost_share"] or 0.0), default=None)
    verdict = "too_expensive" if over else ("tight" if any(i.verdict == "tight" for i in items)
                                            else "affordable")
    funding = s.funding
    assert funding is not None  # a finished plan always carries its funding
    applied = [str(st.description) for st in funding.steps if st.lever.startswith("move_down")]
    if not over:
        sentence = f"Every tier's full cost is within the {low:.0%}–{high:.0%} rule"
    else:
        names = " and ".join(_label(t) for t in over)
        sentence = f"{names} cost{'s' if len(over) == 1 else ''} more than {high:.0%} of ACV"
        if funding.status == "exceeds_budget":
            sentence += ("; the plan applied every lever and still exceeds the budget "
                         "(see funding): the tiering cannot be afforded as it stands")
        else:
            share = funding.recommended_share or 0.0
            sentence += (f"; kept: the plan as a whole costs {share:.1%} of ARR, within the "
                         f"{funding.budget.share:.1%} budget, so the other tiers carry "
                         f"{'it' if len(over) == 1 else 'them'}; to bring "
                         f"{'it' if len(over) == 1 else 'them'} inside the rule, move the "
                         "lowest-value accounts down or "
                         + ("lighten the service the catalogue gives them (S3: check-ins weekly "
                            "or biweekly, touchpoints monthly or quarterly)"
                            if s.company.headcount.sizing == "effort" else "widen the books (S3)"))
    if applied:
        sentence += "; the funded plan already moved accounts down: " + "; ".join(applied)
    if worst is not None and not over:
        sentence += f"; the dearest is {worst.subject.replace('_', '-')} at " \
                    f"{float(worst.figures['cost_share'] or 0):.1%}"
    inputs = [AdviceInput(name="cost per customer by tier", value="plan economics", origin="plan"),
              AdviceInput(name="rule of thumb", value=f"{low:g}–{high:g}", origin="benchmark",
                          key="economics.cost_share_rule_high"),
              AdviceInput(name="comfortable share", value=comfortable, origin="benchmark",
                          key="economics.cost_share_comfortable")]
    return _step(1, inputs, verdict, {"rule_low": low, "rule_high": high,
                                      "comfortable": comfortable,
                                      "blended_share": econ.blended_cost_share_of_revenue,
                                      "over_rule": ", ".join(over),
                                      "funding_status": funding.status,
                                      "applied_by_funding": "; ".join(applied)},
                 items, [], sentence + ".",
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
    inputs = [AdviceInput(name="product complexity", value=info.product_complexity,
                          origin="company_file" if stated else "default",
                          key="company.product_complexity"),
              AdviceInput(name="implementation weeks", value=round(w.implementation_weeks, 2),
                          origin="book" if w.implementation_weeks_from_book else "benchmark",
                          key=None if w.implementation_weeks_from_book
                          else "capacity.implementation_weeks")]
    high_code = list(Complexity).index(Complexity.HIGH)
    complex_by_tier = np.zeros(3, dtype=np.int64)
    if "complexity" in s.book.present:
        mask = np.asarray(s.book.complexity) == high_code
        complex_by_tier = np.bincount(np.asarray(s.tier)[mask], minlength=3)
        inputs.append(AdviceInput(name="high-complexity accounts", value=int(mask.sum()),
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
                                  reason="complex products collapse without human guidance (S3)"))
            text = "tech-touch under a high-complexity product: complex products collapse " \
                   "without human guidance — move these accounts up"
        elif gap > 0:
            verdict, effect = "lighter_than_complexity", "flags"
            text = f"lighter than a {level}-complexity product implies ({_label(implied)}): " \
                   "standard playbooks and templated configuration must carry it"
        elif gap < 0:
            verdict, effect = "heavier_than_complexity", "keeps"
            text = f"more touch than a {level}-complexity product needs; its ACV (step 1) pays for it"
        else:
            verdict, effect = "matches", "keeps"
            text = f"matches a {level}-complexity product"
        if complex_by_tier[i] and tier is not Tier.HIGH_TOUCH and effect == "keeps":
            verdict, effect = "complex_accounts", "flags"
            text += f"; {int(complex_by_tier[i]):,} high-complexity accounts need more support"
        items.append(SubjectFinding(subject=str(tier), kind="tier", verdict=verdict,
                                    effect=effect, figures=figures,
                                    sentence=f"{_label(tier)}: {text}"))
    disagree = weeks_level is not None and weeks_level != level
    sentence = (f"A {level}-complexity product ({'[company] product_complexity' if stated else origin})"
                f" points to {_label(implied)}")
    if disagree:
        sentence += (f"; the book's {w.implementation_weeks:.1f}-week implementations read as "
                     f"{weeks_level} complexity — check product_complexity")
    return _step(2, inputs, "disagrees" if disagree else level,
                 {"level": level, "level_origin": origin, "implied_model": implied,
                  "weeks_level": weeks_level, "implementation_weeks": w.implementation_weeks},
                 items, moves, sentence + ".",
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
        inputs.append(AdviceInput(name=f"{sub.name} expectations", value=expectation,
                                  origin=origin, key=f"{where}.expectations" if given.expectations
                                  else None))
        wanted = _EXPECTED_MODEL[expectation]
        acc = sub.accounts
        effect, verdict, notes = "keeps", "matches", []
        free = sub.movable
        if expectation == "enterprise" and acc[2]:
            effect, verdict = "moves_up", "under_served"
            if free[2]:
                moves.append(TierMove(
                    step="customer_expectations", subject=sub.name, from_tier=Tier.TECH_TOUCH,
                    direction="up", accounts=int(free[2]),
                    reason="enterprise buyers will not accept automation only (S3)"))
            notes.append(f"{acc[2]:,} on tech-touch will not accept automation only")
        if expectation == "enterprise" and acc[1]:
            effect = _strongest([effect, "flags"])
            verdict = "under_served"
            notes.append(f"{acc[1]:,} on pooled low-touch expect dedicated resources")
        if expectation in ("smb", "product_led") and free[0]:
            effect, verdict = "moves_down", "over_served"
            moves.append(TierMove(step="customer_expectations", subject=sub.name,
                                  from_tier=Tier.HIGH_TOUCH, direction="down",
                                  accounts=int(free[0]),
                                  reason=f"{_label(expectation)} buyers do not want heavy CSM "
                                         "engagement (S3)"))
            notes.append(f"{free[0]:,} on high-touch: heavy CSM engagement slows them down")
        if expectation in ("smb", "product_led") and acc[0] > free[0]:
            notes.append(f"{acc[0] - free[0]:,} on high-touch by their strategic flag, override, "
                         "risk escalation or complexity (S3: strategic value can override ACV)")
        if expectation == "product_led" and acc[1]:
            effect = _strongest([effect, "flags"])
            verdict = "over_served"
            notes.append(f"{acc[1]:,} on low-touch: human touch is a bonus, not a need")
        if expectation == "mid_market" and acc[2]:
            effect = _strongest([effect, "flags"])
            verdict = "under_served"
            notes.append(f"{acc[2]:,} on tech-touch get no proactive guidance")
        items.append(SubjectFinding(
            subject=sub.name, kind="segment" if sub.segment else "company", verdict=verdict,
            effect=effect,
            figures={"expectations": expectation, "origin": origin, "expected_model": wanted,
                     **{f"accounts_{t}": int(acc[i]) for i, t in enumerate(TIER_KEYS)}},
            sentence=f"{sub.name.replace('_', '-')} buyers ({_label(expectation)}, "
                     f"{'company file' if given.expectations else 'derived'}) "
                     f"expect {_label(wanted)}: " + ("; ".join(notes) if notes else "served so")))
    mismatched = [i for i in items if i.verdict != "matches"]
    sentence = ("Every segment gets the service its buyers expect" if not mismatched else
                f"{len(mismatched)} segment(s) served differently from what their buyers expect")
    return _step(3, inputs, "matches" if not mismatched else "mismatch",
                 {"segments": len(items), "mismatched": len(mismatched)}, items, moves,
                 sentence + ".", ("tiering.high_touch_min_acv", "tiering.low_touch_min_acv"))

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
        inputs += [AdviceInput(name=f"{sub.name} competitors' service", value=rival,
                               origin=o_rival, key=f"{where}.competitors_service"
                               if given.competitors_service else None),
                   AdviceInput(name=f"{sub.name} buyers compare service", value=compare,
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
                                  reason="a self-serve market will not value high-touch (S3)"))
            text = "a self-serve market will not pay for high-touch — buyers wonder why you cost more"
        elif gap > 0 and compare:
            effect, verdict = "flags", "below_competitors"
            text = (f"competitors give {_label(rival)} and buyers compare service: match it where "
                    "the economics allow, or position on value")
        elif gap > 0:
            verdict = "below_competitors_not_compared"
            text = f"competitors give {_label(rival)}, but buyers do not compare service levels"
        elif gap < 0:
            verdict = "above_competitors"
            text = f"more than competitors' {_label(rival)}: a premium position, priced in step 1"
        else:
            text = f"on par with competitors ({_label(rival)})"
        items.append(SubjectFinding(
            subject=sub.name, kind="segment" if sub.segment else "company", verdict=verdict,
            effect=effect,
            figures={"competitors_service": rival, "buyers_compare_service": compare,
                     "competitors_origin": o_rival, "compare_origin": o_compare,
                     "dominant_tier": str(dominant), "median_acv": sub.median_acv},
            sentence=f"{sub.name.replace('_', '-')} (mostly {_label(dominant)}): {text}"))
    off = [i for i in items if i.effect != "keeps"]
    sentence = ("Service levels match the market" if not off else
                f"{len(off)} segment(s) out of line with competitors' service")
    return _step(4, inputs, "matches" if not off else "out_of_line",
                 {"segments": len(items), "out_of_line": len(off)}, items, moves, sentence + ".",
                 ("tiering.high_touch_min_acv", "tiering.low_touch_min_acv"))

# ---------------------------------------------------------------- step 5
def _scale_step(s: SelectionInputs) -> SelectionStep:
    bm, cur, scale = s.benchmarks, s.company.company.currency, s.scale
    limits = {Tier.HIGH_TOUCH: bm.value("economics.scale_limit.high_touch"),
              Tier.LOW_TOUCH: bm.value("economics.scale_limit.low_touch")}
    budget = s.economics.budget.share if s.economics.budget is not None else \
        bm.value("budget.rule_of_thumb_share")
    items, moves = [], []
    inputs = [AdviceInput(name="horizons (months)", value=", ".join(
        str(h.months) for h in scale.horizons), origin="company_file" if scale.from_targets
        else "benchmark", key="growth" if scale.from_targets else "selection.scale_horizon_short_months"),
        AdviceInput(name="budget share of ARR", value=budget, origin="plan"),
        AdviceInput(name="hiring pace (starts a month)", value=scale.max_starts_per_month,
                    origin="benchmark", key="hiring.max_starts_per_month_share")]
    moved: set[Tier] = set()
    for h in scale.horizons:
        problems, effect = [], "keeps"
        for i, tier in enumerate((Tier.HIGH_TOUCH, Tier.LOW_TOUCH)):
            if h.tier_accounts[i] > limits[tier]:
                # S3: "~500 accounts, then segment" — the remedy is more teams (sub-segments,
                # pods, regions), not moving $100K+ accounts to a pooled tier
                problems.append(f"{h.tier_accounts[i]:,} {_label(tier)} accounts pass the "
                                f"~{limits[tier]:,.0f} one {_label(tier)} team scales to: segment "
                                "it into teams (sub-segments, pods or regions — S3)")
                effect = _strongest([effect, "flags"])
        if h.cost_share is not None and h.cost_share > budget + 1e-9:
            problems.append(f"the team costs {h.cost_share:.1%} of ARR, over the {budget:.1%} budget")
            effect = "moves_down"
            dearest = max((t for t in TIER_KEYS[:2] if s.tiers[t].accounts),
                          key=lambda t: s.economics.per_tier[t].cost_share_of_revenue or 0.0,
                          default=None)
            if dearest is not None and dearest not in moved:
                moved.add(dearest)
                moves.append(TierMove(step="scale_projection", subject=str(dearest),
                                      from_tier=dearest, direction="down",
                                      accounts=h.tier_accounts[TIER_KEYS.index(dearest)],
                                      reason=f"over budget at month {h.months}"))
        if h.hires_needed > h.hiring_capacity:
            problems.append(f"{h.hires_needed} hires in {h.months} months exceed the pace of "
                            f"{scale.max_starts_per_month} a month")
            effect = _strongest([effect, "flags"])
        over_limit = any(h.tier_accounts[i] > limits[t]
                         for i, t in enumerate((Tier.HIGH_TOUCH, Tier.LOW_TOUCH)))
        over_budget = h.cost_share is not None and h.cost_share > budget + 1e-9
        verdict = ("over_scale_limit" if over_limit else "over_budget" if over_budget
                   else "hiring_pace" if problems else "reaches")
        high = (f"everyone high-touch would take ⌈{h.customers:,.0f} ÷ "
                f"{book_text(h.all_high_touch_book)}⌉ = {h.all_high_touch_csms} CSMs, "
                f"{h.all_high_touch_people} people in all")
        if h.all_high_touch_cost_share is not None:
            high += f" ({h.all_high_touch_cost_share:.0%} of ARR)"
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
            sentence=(f"month {h.months}: {h.customers:,.0f} customers, "
                      f"{_money(h.arr, cur)} ARR — the plan's model needs {h.people} people "
                      f"({h.csms} CSMs), {_money(h.cost, cur)} a year"
                      + (f" = {h.cost_share:.1%} of ARR" if h.cost_share is not None else "")
                      + ("; " + "; ".join(problems) if problems else "; reachable")
                      + f"; {high}")))
    last = scale.horizons[-1]
    outgrown = [t for i, t in enumerate((Tier.HIGH_TOUCH, Tier.LOW_TOUCH))
                if any(h.tier_accounts[i] > limits[t] for h in scale.horizons)]
    sentence = (f"The recommended model reaches the {last.months}-month book "
                f"({last.customers:,.0f} customers) with {last.people} people"
                if not moves else "The recommended model does not scale as is: move "
                + ", ".join(f"{_label(m.subject)} down" for m in moves))
    if outgrown and not moves:
        sentence += (", but " + " and ".join(_label(t) for t in outgrown)
                     + " outgrow one team each: segment them into teams (sub-segments, pods or "
                     "regions — S3: \"then segment\")")
    verdict = "over_budget" if moves else "must_segment" if outgrown else "reaches"
    return _step(5, inputs, verdict,
                 {"from_targets": scale.from_targets, "budget_share": budget,
                  "high_touch_ratio": bm.value("accounts_per_csm.high_touch"),
                  "sizing": s.company.headcount.sizing},
                 items, moves, sentence + ".", scale.sources)

# ---------------------------------------------------------------- the recommendation
def _recommendation(s: SelectionInputs, steps: Sequence[SelectionStep]) -> Recommendation:
    counts = {t: s.tiers[t].accounts for t in TIER_KEYS}
    used = [t for t in TIER_KEYS if counts[t] > 0]
    model = str(used[0]) if len(used) == 1 else "hybrid"
    moves = tuple(m for st in steps for m in st.moves)
    deciding = next((st for st in steps if st.moves), steps[0])
    flags = tuple(st.key for st in steps if st.effect == "flags")
    tiers = ", ".join(f"{counts[t]:,} {_label(t)}" for t in used) or "no live accounts"
    if deciding.moves:
        why = (f"{deciding.title.lower()} (step {deciding.step}) decides the change: "
               + "; ".join(f"move {m.accounts:,} {_label(m.subject)} accounts {m.direction} "
                           f"({m.reason})" for m in deciding.moves)
               + " — advice on top of the plan: apply it with the tier_override column and re-plan")
    else:
        why = ("unit economics (step 1) decided it: the tiers are ACV bands priced within the "
               "budget, and no later step asks to move them")
    return Recommendation(model=model, tiers=counts, moves=moves,
                          flags=flags, decided_by=deciding.key, decided_step=deciding.step,
                          sentence=f"{_label(model).capitalize()} as planned ({tiers}); {why}.")

def select_model(s: SelectionInputs) -> Selection:
    """The five steps in order and the recommendation (module docstring)."""
    subjects = _subjects(s)
    steps = (_unit_economics(s), _product_complexity(s), _expectations(s, subjects),
             _competition(s, subjects), _scale_step(s))
    return Selection(steps=steps, recommendation=_recommendation(s, steps))
