"""S3's implementation roadmap, dated from ``today`` (``advice.roadmap``; DOMAIN.md §6).

Phases (S3 §Implementation roadmap): **1 model design**, weeks 1–4 (``roadmap.design_weeks``);
**2 pilot**, weeks 5–12 (``roadmap.pilot_weeks``); **3 full rollout**, from the day after the pilot
to the end of month 6 (``roadmap.rollout_end_months``); **4 optimization**, ongoing (no end). Every
``end`` is the phase's last day. Dates come from the ``today`` argument, never a clock.

On the calendar:

* **the pilot segment** (S3: "pick a pilot segment — don't change everything at once"): the
  largest tier × segment of at least ``roadmap.pilot_min_accounts`` accounts that has current owners
  (people who can run it), in the tier order low-touch, high-touch, tech-touch — the pooled model
  runs on standard playbooks whose metrics read within the pilot's weeks, and a failed pilot puts
  less revenue at risk than the top tier; tech-touch pilots automation, not the team. ``[roadmap]
  pilot_tier`` / ``pilot_segment`` choose it instead.
* **the plan's hires**, through the projection's own hiring calendar (``projection.hiring``, paced
  and gated by ``projection.pacing``): a role today's team does not have starts after design and
  pilot (issue 10 item 9), at most ``max_starts_per_month`` people start a month, each opened a
  lead time before. The team in seat is taken after retitling (``core/rebalance.py``), so the
  calendar opens exactly the plan's ``headcount.hires``.
* **the S4 specialization steps** the plan implies (today's phase → the plan's), each dated by the
  first start of the role that marks it (support, renewals, onboarding), or the rollout when the
  role comes by retitling.
* **the checks that end each phase**, and S0's exit signals evaluated on the book now: a person
  at capacity (50–75 accounts), an onboarding backlog over 6 weeks, the renewals pipeline over the
  desk's capacity.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import UNKNOWN, AccountBook
from postsale.core.capacity import Workload
from postsale.core.diagnosis import diagnose_phase
from postsale.core.projection.hiring import HiringPlan, hiring_calendar, lead_time_weeks, ramp_curve
from postsale.core.projection.pacing import max_starts_per_month, model_change_weeks
from postsale.core.rebalance import rebalance
from postsale.keys import CSM_ROLE_BY_TIER, ROLE_KEYS, TIER_KEYS, GrowthMotion, Role, Segment, Tier
from postsale.results import PlanResult
from postsale.results_advice import (
    ExitCheck,
    PhaseTransition,
    Pilot,
    Roadmap,
    RoadmapHire,
    RoadmapPhase,
)

__all__ = ["RoadmapInputs", "add_months", "build_roadmap", "choose_pilot", "exit_signals",
           "phase_dates"]

DESIGN_KEY, PILOT_KEY = "roadmap.design_weeks", "roadmap.pilot_weeks"
ROLLOUT_KEY, PILOT_MIN_KEY = "roadmap.rollout_end_months", "roadmap.pilot_min_accounts"
PILOT_MAX_KEY = "roadmap.pilot_max_share"
_PILOT_ORDER = (Tier.LOW_TOUCH, Tier.HIGH_TOUCH, Tier.TECH_TOUCH)
_PHASE_ROLE = {2: Role.SUPPORT_ENGINEER, 3: Role.RENEWALS_SPECIALIST,
               4: Role.IMPLEMENTATION_SPECIALIST}
_PHASE_NAMES = {2: "proactive CS split from reactive support",
                3: "account management takes renewals and expansion",
                4: "a dedicated onboarding function", 5: "professional services and training"}
_ACTIVITIES = {
    "design": ("compute today's economics by segment (cost per customer now)",
               "assess product complexity and customer expectations",
               "set tier criteria and definitions from the economics, not from feelings",
               "map service levels and deliverables to each tier",
               "build the financial model of cost and capacity across growth scenarios",
               "get executive alignment on the model and the investment before moving on"),
    "pilot": ("run the new model on one pilot segment — do not change everything at once",
              "train the team thoroughly on the new approach and workflows",
              "launch to pilot customers with crystal-clear communication of what changes and why",
              "track retention, NPS, efficiency and cost per customer obsessively",
              "collect feedback from team and customers; iterate rather than defend the plan"),
    "rollout": ("scale the pilot to the whole customer base",
                "migrate customers to their tiers, telling each what service they will receive",
                "put the supporting tools and automation in place",
                "train the full team on running the model",
                "set the metrics and reporting cadence to track performance against targets"),
    "optimization": ("monitor the model against its targets continuously",
                     "tune tier thresholds and service levels from real data",
                     "find automation opportunities; test and iterate interventions",
                     "scale the team to keep the target ratios as the book grows"),
}
_TITLES = {"design": "Model design", "pilot": "Pilot", "rollout": "Full rollout",
           "optimization": "Optimization"}


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole calendar months, the day clamped to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def phase_dates(today: dt.date, benchmarks: Benchmarks
                ) -> tuple[tuple[dt.date, dt.date | None], ...]:
    """(start, end) of design, pilot, rollout and optimization; ends inclusive, the last ``None``."""
    design = round(benchmarks.value(DESIGN_KEY) * 7)
    pilot = round(benchmarks.value(PILOT_KEY) * 7)
    design_end = today + dt.timedelta(days=max(design, 1) - 1)
    pilot_end = max(today + dt.timedelta(days=design + pilot - 1), design_end + dt.timedelta(1))
    optimization = max(add_months(today, round(benchmarks.value(ROLLOUT_KEY))),
                       pilot_end + dt.timedelta(days=2))
    return ((today, design_end), (design_end + dt.timedelta(1), pilot_end),
            (pilot_end + dt.timedelta(1), optimization - dt.timedelta(1)), (optimization, None))


@dataclass(frozen=True, eq=False)
class RoadmapInputs:
    """The live book and its tiers, today's workload and the finished plan."""

    book: AccountBook
    tier: npt.NDArray[np.integer]
    workload: Workload
    plan: PlanResult
    company: Company
    benchmarks: Benchmarks
    today: dt.date


def _owners_by_cell(book: AccountBook, cells: npt.NDArray[np.integer], n_cells: int
                    ) -> npt.NDArray[np.int64] | None:
    """Distinct named owners per cell (vectorized: unique (cell, owner) pairs); ``None`` without an
    owner column."""
    if "owner" not in book.present:
        return None
    _, codes = book.codes("owner")
    codes = np.asarray(codes, dtype=np.int64)
    named = codes >= 0
    pairs = np.unique(cells[named].astype(np.int64) * (int(codes.max(initial=0)) + 1)
                      + codes[named])
    return np.bincount(pairs // (int(codes.max(initial=0)) + 1), minlength=n_cells).astype(np.int64)


def choose_pilot(r: RoadmapInputs) -> Pilot | None:
    """The pilot tier × segment (module docstring); ``None`` for an empty book."""
    book, bm = r.book, r.benchmarks
    tier = np.asarray(r.tier)
    if tier.size == 0:
        return None
    has_segments = "segment" in book.present
    # tier × 4 + segment as small integers (3: segment unknown): no int64 copies of the book
    cells = tier.astype(np.int16) * np.int16(4)
    if has_segments:
        seg = np.asarray(book.segment)
        cells += np.where(seg == UNKNOWN, np.int8(3), seg).astype(np.int16, copy=False)
    accounts = np.bincount(cells, minlength=12)
    arr = np.bincount(cells, weights=np.asarray(book.arr, dtype=np.float64), minlength=12)
    owners = _owners_by_cell(book, cells, 12)
    minimum = bm.value(PILOT_MIN_KEY)
    chosen = r.company.roadmap
    reasons: list[str] = []
    if chosen.pilot_tier is not None or chosen.pilot_segment is not None:
        tiers = [chosen.pilot_tier] if chosen.pilot_tier else list(_PILOT_ORDER)
        segs = [list(Segment).index(chosen.pilot_segment)] if chosen.pilot_segment else [0, 1, 2, 3]
        options = [(TIER_KEYS.index(t) * 4 + s) for t in tiers for s in segs]
        cell = max(options, key=lambda c: (accounts[c], arr[c]))
        by = "company_file"
        reasons.append("chosen in [roadmap]")
    else:
        by = "rule"
        def score(c: int) -> tuple[bool, bool, int, int, float]:
            big = accounts[c] >= minimum
            owned = owners is None or owners[c] > 0
            order = _PILOT_ORDER.index(TIER_KEYS[c // 4])
            return (big, owned and big, -order, int(accounts[c]), float(arr[c]))
        cell = max((c for c in range(12) if accounts[c] > 0), key=score)
        t = TIER_KEYS[cell // 4]
        reasons.append(f"{t.replace('_', '-')} first: " + {
            Tier.LOW_TOUCH: "the pooled model runs on standard playbooks whose metrics read within "
                            "the pilot's weeks, with less revenue at risk than the top tier",
            Tier.HIGH_TOUCH: "no low-touch slice large enough; the dedicated tier is the next "
                             "whose service changes",
            Tier.TECH_TOUCH: "only the automated tier is large enough; pilot its playbooks"}[t])
        if accounts[cell] < minimum:
            reasons.append(f"smaller than the {minimum:g} accounts a pilot should have, the "
                           "largest slice there is")
    t, s = TIER_KEYS[cell // 4], cell % 4
    n = int(accounts[cell])
    segment = list(Segment)[s] if has_segments and s < 3 else None
    if segment is not None:
        reasons.append(f"{segment.replace('_', '-')} is its largest segment ({n:,} accounts)")
    if owners is not None:
        reasons.append(f"{int(owners[cell])} current owner(s) run these accounts today"
                       if owners[cell] else "no named owner: assign the pilot's CSMs first")
    widest = bm.value(PILOT_MAX_KEY)
    if n > widest * tier.size:
        start = phase_dates(r.today, bm)[1][0]
        reasons.append(f"it holds {n / tier.size:.0%} of the book (more than "
                       f"{widest:.0%}): pilot a cohort of it — one region, or the accounts that "
                       f"start from {start.isoformat()} — so the rest is the comparison")
    total_arr = float(arr.sum())
    return Pilot(tier=t, segment=segment, accounts=n, arr=float(arr[cell]),
                 share_of_accounts=n / tier.size, share_of_arr=float(arr[cell]) / total_arr
                 if total_arr > 0 else 0.0, owners=None if owners is None else int(owners[cell]),
                 chosen_by=by, reasons=tuple(reasons), sources=(PILOT_MIN_KEY, PILOT_MAX_KEY))


def exit_signals(r: RoadmapInputs) -> tuple[ExitCheck, ...]:
    """S0's signals that a structure has run its course, on the book and the team now."""
    w, bm, hc = r.workload, r.benchmarks, r.plan.headcount
    low, high = bm.band("capacity.person_capacity_accounts")
    csms = sum(hc.current.get(str(CSM_ROLE_BY_TIER[t]), 0) for t in TIER_KEYS)
    carriers = csms or hc.current.get("total", 0) or 1
    # the accounts people work today: where the company already runs tech-touch on automation (a
    # tech-touch CSM or CS Ops in seat, mature automation, a product-led motion), its tech-touch
    # accounts are no one's book but the at-risk ones (S0: never staffed on raw count); otherwise
    # someone still carries them end to end, as the single Head of CS of S0's opening does
    info = r.company.company
    automated_today = (hc.current.get(str(Role.CSM_TECH_TOUCH), 0) > 0
                       or hc.current.get(str(Role.CS_OPS), 0) > 0
                       or info.automation_maturity == "mature"
                       or info.growth_motion is GrowthMotion.PRODUCT_LED)
    at_risk = (w.at_risk_tech_touch if w.health_known else 0) if automated_today \
        else w.tier_accounts[2]
    worked = w.tier_accounts[0] + w.tier_accounts[1] + at_risk
    per = worked / carriers
    who = f"{carriers} CSM(s)" if csms else (
        f"{carriers} CS {'person' if carriers == 1 else 'people'}" if hc.current.get("total")
        else "one person (no team in seat)")
    automated = w.tier_accounts[2] - at_risk
    out = [ExitCheck(code="person_at_capacity",
                     criterion=f"a person carries {low:g}–{high:g}+ accounts",
                     status="met" if per >= low else "not_met", measured=per, threshold=low,
                     unit="accounts per person",
                     detail=f"{worked:,} accounts worked by people (high- and low-touch"
                     + ((", at-risk tech-touch" if automated_today else ", tech-touch: no "
                         "automation in seat yet") if at_risk else "") + f") over {who}: "
                     f"{per:,.1f} each" + (f"; {automated:,} tech-touch accounts run on "
                                           "automation, not a person's book (S0)"
                                           if automated > 0 else ""),
                     sources=("capacity.person_capacity_accounts",))]
    weeks_key = "stages.onboarding_backlog_weeks"
    limit = bm.value(weeks_key)
    if w.onboarding_known:
        people = max(hc.current.get(str(Role.IMPLEMENTATION_SPECIALIST), 0), 1)
        weekly = people * bm.value("capacity.implementations_per_year") / 52.0
        # a self-serve (automated) onboarding is no one's backlog (S3)
        by_tier = w.onboarding_by_tier or (w.onboarding_active, 0, 0)
        guided = sum(n for n, t in zip(by_tier, TIER_KEYS, strict=True)
                     if r.company.onboarding[t] != "automated" or not automated_today)
        weeks = guided / weekly
        self_serve = w.onboarding_active - guided
        out.append(ExitCheck(
            code="onboarding_backlog", criterion=f"the onboarding backlog exceeds {limit:g} weeks",
            status="met" if weeks > limit else "not_met", measured=weeks, threshold=limit,
            unit="weeks", detail=f"{guided:,} accounts in guided onboarding at "
            f"{weekly:.1f} a week ({people} implementation specialist(s) or one person): "
            f"{weeks:.1f} weeks" + (f"; {self_serve:,} more onboard themselves (automated)"
                                    if self_serve > 0 else ""),
            sources=(weeks_key, "capacity.implementations_per_year")))
    else:
        out.append(ExitCheck(code="onboarding_backlog",
                             criterion=f"the onboarding backlog exceeds {limit:g} weeks",
                             status="not_evaluable", measured=None, threshold=limit, unit="weeks",
                             detail="no onboarding_status column", sources=(weeks_key,)))
    renewal = next(t for t in r.plan.triggers if t.key == "renewals_pipeline_exceeds_capacity")
    out.append(ExitCheck(
        code="renewals_over_capacity", criterion="the renewals pipeline exceeds the desk's capacity",
        status=("not_evaluable" if not renewal.evaluable else
                "met" if (renewal.measured or 0.0) > renewal.threshold else "not_met"),
        measured=renewal.measured, threshold=renewal.threshold, unit=str(renewal.unit),
        detail=str(renewal.message), sources=renewal.sources))
    return tuple(out)


def _calendar(r: RoadmapInputs) -> HiringPlan:
    """The plan's hires through the projection's hiring calendar: a constant need (the plan's
    seats) over a horizon long enough for every requisition at the hiring pace."""
    hc, bm = r.plan.headcount, r.benchmarks
    required = {role: hc.required.get(str(role), 0) for role in ROLE_KEYS}
    after = rebalance({Role(k): v for k, v in hc.current.items() if k != "total"}, required).after
    total = hc.hires.get("total", 0)
    limit, _ = max_starts_per_month(sum(after.values()), bm)
    longest = max(lead_time_weeks(role, bm) for role in ROLE_KEYS) + model_change_weeks(bm)
    horizon = 3 + math.ceil(longest / 4) + math.ceil(total / max(limit, 1)) + len(ramp_curve(bm))
    needs = {role: [float(n)] * horizon for role, n in required.items() if n > 0 or after[role]}
    return hiring_calendar(needs, {k: v for k, v in after.items() if v}, r.today, bm)


def _phase_of(day: dt.date, dates: Sequence[tuple[dt.date, dt.date | None]]) -> str:
    keys = ("design", "pilot", "rollout", "optimization")
    for key, (start, end) in zip(keys, dates, strict=True):
        if day >= start and (end is None or day <= end):
            return key
    return "design"


def _check(code: str, criterion: str, ok: bool | None, measured: float | None,
           threshold: float | None, unit: str, detail: str, sources: tuple[str, ...] = ()
           ) -> ExitCheck:
    status = "not_evaluable" if ok is None else ("met" if ok else "not_met")
    return ExitCheck(code=code, criterion=criterion, status=status,
                     measured=measured, threshold=threshold, unit=unit, detail=detail,
                     sources=sources)


def build_roadmap(r: RoadmapInputs) -> Roadmap:
    """The dated roadmap (module docstring)."""
    plan, bm = r.plan, r.benchmarks
    dates = phase_dates(r.today, bm)
    cal = _calendar(r)
    # a cohort per role and dates: a large book's thousands of requisitions are a few hundred rows
    cohorts: Counter[tuple[Role, dt.date, dt.date, dt.date, str | None]] = Counter(
        (h.role, h.open_date, h.start_date, h.productive_date, h.delay_reason) for h in cal.hires)
    hires = tuple(RoadmapHire(role=role, count=n, open_date=opened, start_date=starts,
                              productive_date=productive,
                              roadmap_phase=_phase_of(starts, dates),
                              new_model=role in cal.new_model_roles, delay_reason=delay)
                  for (role, opened, starts, productive, delay), n in sorted(
                      cohorts.items(), key=lambda c: (c[0][2], ROLE_KEYS.index(c[0][0]),
                                                      c[0][1], c[0][4] or "")))
    hired = sum(h.count for h in hires)
    pilot = choose_pilot(r)
    signals = exit_signals(r)
    planned = diagnose_phase(plan.headcount.model_copy(update={"current": plan.headcount.required}),
                             r.company).number
    transitions = []
    reached = r.today  # a phase is reached once every earlier step's role is in seat too (S4)
    for step in range(plan.phase.number + 1, planned + 1):
        role = _PHASE_ROLE.get(step)
        first = next((h.start_date for h in hires if h.role == role), None)
        day = reached = max(reached, first or dates[2][0])
        transitions.append(PhaseTransition(
            from_phase=step - 1, to_phase=step, name=_PHASE_NAMES[step], role=role, date=day,
            roadmap_phase=_phase_of(day, dates),
            detail=("professional services" if role is None else
                    "taken by retitling at the rollout" if first is None else
                    f"the first {role.replace('_', ' ')} starts" if day == first else
                    f"the first {role.replace('_', ' ')} started {first.isoformat()}; reached "
                    "once the earlier steps' roles are in seat too")))
    econ = plan.economics
    budget = econ.budget
    pilot_econ = econ.per_tier[pilot.tier] if pilot else None
    rule = bm.value("economics.cost_share_rule_high")
    by_rollout = sum(h.count for h in hires
                     if dates[2][1] is None or h.start_date <= dates[2][1])
    checks = {
        "design": (
            _check("budget_fits", "the model's full cost fits the budget",
                   None if budget is None else econ.full_cost <= budget.amount + 1e-6,
                   econ.full_cost_share_of_revenue, None if budget is None else budget.share,
                   "share of ARR", f"full cost {econ.full_cost:,.0f} a year against a budget of "
                   f"{budget.amount:,.0f}" if budget else "no budget", ("budget.rule_of_thumb_share",)),
            _check("executive_alignment", "executives sign off the model and the investment", None,
                   None, None, "", "a decision, not data")),
        "pilot": (
            _check("pilot_cost_within_rule", f"the pilot tier costs at most {rule:.0%} of its ACV",
                   None if pilot_econ is None or pilot_econ.cost_share_of_revenue is None
                   else pilot_econ.cost_share_of_revenue <= rule + 1e-9,
                   None if pilot_econ is None else pilot_econ.cost_share_of_revenue, rule,
                   "share of ACV", "" if pilot_econ is None else pilot_econ.explanation,
                   ("economics.cost_share_rule_high",)),
            _check("retention_within_band", "gross retention holds the stage band",
                   None if plan.retention.grr is None else plan.retention.grr_verdict != "below",
                   plan.retention.grr, plan.retention.grr_band[0], "GRR", str(plan.retention.detail),
                   plan.retention.sources)),
        "rollout": (
            _check("hires_started", "every requisition of the plan has started",
                   by_rollout == hired, float(by_rollout), float(hired), "hires",
                   f"{by_rollout} of {hired} hires start by the end of the rollout"),),
        "optimization": signals,
    }
    phases = []
    for number, (key, (start, end)) in enumerate(zip(("design", "pilot", "rollout", "optimization"),
                                                     dates, strict=True), start=1):
        sources = {"design": (DESIGN_KEY,), "pilot": (DESIGN_KEY, PILOT_KEY),
                   "rollout": (DESIGN_KEY, PILOT_KEY, ROLLOUT_KEY), "optimization": (ROLLOUT_KEY,)}
        phases.append(RoadmapPhase(
            number=number, key=key, title=_TITLES[key], start=start, end=end,
            activities=_ACTIVITIES[key], exit_checks=checks[key],
            hires_starting=sum(h.count for h in hires if h.roadmap_phase == key), sources=sources[key]))
    by_role = {str(role): sum(h.count for h in hires if h.role == role) for role in ROLE_KEYS}
    by_role = {k: v for k, v in by_role.items() if v}
    commitment = add_months(dates[3][0], round(bm.value("models.commitment_months")))
    fired = [s for s in signals if s.status == "met"]
    sentence = f"Design from {dates[0][0].isoformat()}, pilot from {dates[1][0].isoformat()}"
    if pilot is not None:
        sentence += f" on {pilot.tier.replace('_', '-')}" + (
            f" {pilot.segment.replace('_', '-')}" if pilot.segment else "")
    sentence += f", full rollout from {dates[2][0].isoformat()} to {dates[2][1]}; "
    sentence += (f"{hired} hires, the last starting {hires[-1].start_date.isoformat()}"
                 if hires else "no hires")
    sentence += (f"; {len(fired)} of S0's exit signals met now" if fired
                 else "; none of S0's exit signals is met now") + "."
    return Roadmap(
        today=r.today, phases=tuple(phases), pilot=pilot, phase_today=plan.phase.number,
        phase_planned=planned, transitions=tuple(transitions), hires=hires,
        hires_total=hired, hires_by_role=by_role,
        max_starts_per_month=cal.max_starts_per_month, new_model_roles=cal.new_model_roles,
        exit_signals=signals, commitment_review=commitment, sentence=sentence,
        sources=(DESIGN_KEY, PILOT_KEY, ROLLOUT_KEY, PILOT_MIN_KEY, "models.commitment_months",
                 *cal.keys_used))
