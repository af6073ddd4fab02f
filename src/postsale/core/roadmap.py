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

Every sentence, activity and reason is a message (``roadmap.*`` codes, ``core/msg.py``) with raw
figures and dates; the catalogs say it in the reader's language.
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
from postsale.core.msg import Msg
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
_PHASE_NAMES = {2: Msg("roadmap.s4.phase2"), 3: Msg("roadmap.s4.phase3"),
                4: Msg("roadmap.s4.phase4"), 5: Msg("roadmap.s4.phase5")}
_ACTIVITIES = {
    "design": (Msg("roadmap.design.economics"), Msg("roadmap.design.assess"),
               Msg("roadmap.design.criteria"), Msg("roadmap.design.service_levels"),
               Msg("roadmap.design.financial_model"), Msg("roadmap.design.alignment")),
    "pilot": (Msg("roadmap.pilot.run"), Msg("roadmap.pilot.train"), Msg("roadmap.pilot.launch"),
              Msg("roadmap.pilot.track"), Msg("roadmap.pilot.feedback")),
    "rollout": (Msg("roadmap.rollout.scale"), Msg("roadmap.rollout.migrate"),
                Msg("roadmap.rollout.tools"), Msg("roadmap.rollout.train"),
                Msg("roadmap.rollout.metrics")),
    "optimization": (Msg("roadmap.optimization.monitor"), Msg("roadmap.optimization.tune"),
                     Msg("roadmap.optimization.automate"), Msg("roadmap.optimization.scale")),
}
_TITLES = {"design": Msg("roadmap.title.design"), "pilot": Msg("roadmap.title.pilot"),
           "rollout": Msg("roadmap.title.rollout"),
           "optimization": Msg("roadmap.title.optimization")}


def _as_text(value: Msg | str) -> Msg:
    """Another part's sentence (a message, or words it has not converted yet) as a message."""
    return value if isinstance(value, Msg) else Msg("roadmap.text", text=value)


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
    reasons: list[Msg] = []
    if chosen.pilot_tier is not None or chosen.pilot_segment is not None:
        tiers = [chosen.pilot_tier] if chosen.pilot_tier else list(_PILOT_ORDER)
        segs = [list(Segment).index(chosen.pilot_segment)] if chosen.pilot_segment else [0, 1, 2, 3]
        options = [(TIER_KEYS.index(t) * 4 + s) for t in tiers for s in segs]
        cell = max(options, key=lambda c: (accounts[c], arr[c]))
        by = "company_file"
        reasons.append(Msg("roadmap.reason.chosen"))
    else:
        by = "rule"
        def score(c: int) -> tuple[bool, bool, int, int, float]:
            big = accounts[c] >= minimum
            owned = owners is None or owners[c] > 0
            order = _PILOT_ORDER.index(TIER_KEYS[c // 4])
            return (big, owned and big, -order, int(accounts[c]), float(arr[c]))
        cell = max((c for c in range(12) if accounts[c] > 0), key=score)
        t = TIER_KEYS[cell // 4]
        reasons.append({Tier.LOW_TOUCH: Msg("roadmap.reason.low_first", tier=str(t)),
                        Tier.HIGH_TOUCH: Msg("roadmap.reason.high_first", tier=str(t)),
                        Tier.TECH_TOUCH: Msg("roadmap.reason.tech_first", tier=str(t))}[t])
        if accounts[cell] < minimum:
            reasons.append(Msg("roadmap.reason.small", minimum=minimum))
    t, s = TIER_KEYS[cell // 4], cell % 4
    n = int(accounts[cell])
    segment = list(Segment)[s] if has_segments and s < 3 else None
    if segment is not None:
        reasons.append(Msg("roadmap.reason.segment", segment=str(segment), accounts=n))
    if owners is not None:
        reasons.append(Msg("roadmap.reason.owners", owners=int(owners[cell]))
                       if owners[cell] else Msg("roadmap.reason.no_owner"))
    widest = bm.value(PILOT_MAX_KEY)
    if n > widest * tier.size:
        start = phase_dates(r.today, bm)[1][0]
        reasons.append(Msg("roadmap.reason.cohort", share=n / tier.size, widest=widest,
                           start=start))
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
    who = Msg("roadmap.who.csms", people=carriers) if csms else (
        Msg("roadmap.who.people", people=carriers) if hc.current.get("total")
        else Msg("roadmap.who.nobody"))
    automated = w.tier_accounts[2] - at_risk
    worked_by = (Msg("roadmap.exit.person_detail", worked=worked, who=who, per=per) if not at_risk
                 else Msg("roadmap.exit.person_detail_at_risk", worked=worked, who=who, per=per)
                 if automated_today else
                 Msg("roadmap.exit.person_detail_unautomated", worked=worked, who=who, per=per))
    out = [ExitCheck(code="person_at_capacity",
                     criterion=Msg("roadmap.exit.person_criterion", low=low, high=high),
                     status="met" if per >= low else "not_met", measured=per, threshold=low,
                     unit=Msg("roadmap.unit.accounts_per_person"),
                     detail=Msg("roadmap.clauses", first=worked_by,
                                then=Msg("roadmap.exit.automated", accounts=automated))
                     if automated > 0 else worked_by,
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
        backlog = Msg("roadmap.exit.onboarding_detail", guided=guided, weekly=weekly,
                      people=people, weeks=weeks)
        out.append(ExitCheck(
            code="onboarding_backlog",
            criterion=Msg("roadmap.exit.onboarding_criterion", limit=limit),
            status="met" if weeks > limit else "not_met", measured=weeks, threshold=limit,
            unit=Msg("roadmap.unit.weeks"), detail=Msg("roadmap.clauses", first=backlog,
                                     then=Msg("roadmap.exit.self_serve", accounts=self_serve))
            if self_serve > 0 else backlog,
            sources=(weeks_key, "capacity.implementations_per_year")))
    else:
        out.append(ExitCheck(code="onboarding_backlog",
                             criterion=Msg("roadmap.exit.onboarding_criterion", limit=limit),
                             status="not_evaluable", measured=None, threshold=limit,
                             unit=Msg("roadmap.unit.weeks"),
                             detail=Msg("roadmap.exit.no_onboarding_column"),
                             sources=(weeks_key,)))
    renewal = next(t for t in r.plan.triggers if t.key == "renewals_pipeline_exceeds_capacity")
    out.append(ExitCheck(
        code="renewals_over_capacity", criterion=Msg("roadmap.exit.renewals_criterion"),
        status=("not_evaluable" if not renewal.evaluable else
                "met" if (renewal.measured or 0.0) > renewal.threshold else "not_met"),
        measured=renewal.measured, threshold=renewal.threshold, unit=_as_text(renewal.unit),
        detail=_as_text(renewal.message), sources=renewal.sources))
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


def _check(code: str, criterion: Msg, ok: bool | None, measured: float | None,
           threshold: float | None, unit: Msg | None, detail: Msg | None,
           sources: tuple[str, ...] = ()
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
            detail=(Msg("roadmap.s4.professional_services") if role is None else
                    Msg("roadmap.s4.by_retitling") if first is None else
                    Msg("roadmap.s4.first_starts", role=str(role)) if day == first else
                    Msg("roadmap.s4.first_started", role=str(role), start=first))))
    econ = plan.economics
    budget = econ.budget
    pilot_econ = econ.per_tier[pilot.tier] if pilot else None
    rule = bm.value("economics.cost_share_rule_high")
    by_rollout = sum(h.count for h in hires
                     if dates[2][1] is None or h.start_date <= dates[2][1])
    checks = {
        "design": (
            _check("budget_fits", Msg("roadmap.check.budget_fits"),
                   None if budget is None else econ.full_cost <= budget.amount + 1e-6,
                   econ.full_cost_share_of_revenue, None if budget is None else budget.share,
                   Msg("roadmap.unit.share_of_arr"), Msg("roadmap.check.budget_detail", cost=econ.full_cost,
                                       budget=budget.amount)
                   if budget else Msg("roadmap.check.no_budget"), ("budget.rule_of_thumb_share",)),
            _check("executive_alignment", Msg("roadmap.check.executive_alignment"), None,
                   None, None, None, Msg("roadmap.check.decision_not_data"))),
        "pilot": (
            _check("pilot_cost_within_rule", Msg("roadmap.check.pilot_cost", rule=rule),
                   None if pilot_econ is None or pilot_econ.cost_share_of_revenue is None
                   else pilot_econ.cost_share_of_revenue <= rule + 1e-9,
                   None if pilot_econ is None else pilot_econ.cost_share_of_revenue, rule,
                   Msg("roadmap.unit.share_of_acv"),
                   None if pilot_econ is None else _as_text(pilot_econ.explanation),
                   ("economics.cost_share_rule_high",)),
            _check("retention_within_band", Msg("roadmap.check.retention"),
                   None if plan.retention.grr is None else plan.retention.grr_verdict != "below",
                   plan.retention.grr, plan.retention.grr_band[0], Msg("roadmap.unit.grr"),
                   _as_text(plan.retention.detail),
                   plan.retention.sources)),
        "rollout": (
            _check("hires_started", Msg("roadmap.check.hires_started"),
                   by_rollout == hired, float(by_rollout), float(hired), Msg("roadmap.unit.hires"),
                   Msg("roadmap.check.hires_detail", started=by_rollout, hired=hired)),),
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
    hired_text = (Msg("roadmap.summary.hires", hires=hired, last=hires[-1].start_date) if hires
                  else Msg("roadmap.summary.no_hires"))
    signals_text = (Msg("roadmap.summary.signals_met", met=len(fired)) if fired
                    else Msg("roadmap.summary.signals_none"))
    where = None if pilot is None else (
        Msg("roadmap.summary.slice", tier=str(pilot.tier)) if pilot.segment is None else
        Msg("roadmap.summary.slice_segment", tier=str(pilot.tier), segment=str(pilot.segment)))
    sentence = (Msg("roadmap.summary.dates", design=dates[0][0], pilot=dates[1][0],
                    rollout=dates[2][0], rollout_end=dates[2][1], hires=hired_text,
                    signals=signals_text) if where is None else
                Msg("roadmap.summary.dates_pilot", design=dates[0][0], pilot=dates[1][0],
                    slice=where, rollout=dates[2][0], rollout_end=dates[2][1], hires=hired_text,
                    signals=signals_text))
    return Roadmap(
        today=r.today, phases=tuple(phases), pilot=pilot, phase_today=plan.phase.number,
        phase_planned=planned, transitions=tuple(transitions), hires=hires,
        hires_total=hired, hires_by_role=by_role,
        max_starts_per_month=cal.max_starts_per_month, new_model_roles=cal.new_model_roles,
        exit_signals=signals, commitment_review=commitment, sentence=sentence,
        sources=(DESIGN_KEY, PILOT_KEY, ROLLOUT_KEY, PILOT_MIN_KEY, "models.commitment_months",
                 *cal.keys_used))
