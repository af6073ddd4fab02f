"""Display rows of the plan's ``advice`` (S3's five steps and the roadmap), shared by the text and
HTML reports: figures formatted in the company currency (``report.fmt``), never re-derived.

Written for a VP of CS presenting to a CFO: each step says what it found in figures and what it
does to the recommendation; the roadmap gives dates, the pilot, the hires and the checks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from postsale.core.csm_book import book_text
from postsale.i18n import current, tr
from postsale.report import fmt
from postsale.results import PlanResult
from postsale.results_advice import ExitCheck, SelectionStep, SubjectFinding

__all__ = [
    "SIGNALS",
    "PhaseRow",
    "StepRow",
    "check_mark",
    "check_text",
    "effect_label",
    "phase_rows",
    "roadmap_lines",
    "step_rows",
]

STATUS_MARK = {"met": "✓", "not_met": "✗", "not_evaluable": "?"}


def effect_label(effect: str) -> str:
    """What a step does to the recommendation ("keeps", "moves a tier up")."""
    if effect == "keeps":
        return tr("report.advice.effect.keeps")
    if effect == "moves_up":
        return tr("report.advice.effect.moves_up")
    if effect == "moves_down":
        return tr("report.advice.effect.moves_down")
    return tr("report.advice.effect.flags")


def _verdict(verdict: str) -> str:
    if verdict == "affordable":
        return tr("report.advice.verdict.affordable")
    if verdict == "tight":
        return tr("report.advice.verdict.tight")
    if verdict == "too_expensive":
        return tr("report.advice.verdict.too_expensive")
    if verdict == "over_budget":
        return tr("report.advice.verdict.over_budget")
    if verdict == "over_scale_limit":
        return tr("report.advice.verdict.over_scale_limit")
    if verdict == "hiring_pace":
        return tr("report.advice.verdict.hiring_pace")
    return verdict.replace("_", " ")


@dataclass(frozen=True)
class StepRow:
    """One step: number, title, effect, one line per finding and the step's sentence."""

    step: int
    title: str
    effect: str
    effect_code: str
    lines: tuple[str, ...]
    summary: str


@dataclass(frozen=True)
class PhaseRow:
    """One roadmap phase: dates, hires starting in it and its exit checks as lines."""

    number: int
    title: str
    dates: str
    hires: int
    checks: tuple[tuple[str, str, str], ...]  # (mark, status, text)


def _label(key: str) -> str:
    """A tier or segment key as a word ("high-touch", "enterprise")."""
    active = current()
    return active.term(key) if active.catalog.template(f"term.{key}") is not None \
        else key.replace("_", "-")


def _people(value: object) -> str:
    """``1 person`` / ``18 people``."""
    return tr("report.advice.people", n=int(_num(value)))


def _csms(value: object) -> str:
    """``1 CSM`` / ``42 CSMs``."""
    return tr("report.advice.csms", n=int(_num(value)))


def _num(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _finding_line(step: SelectionStep, item: SubjectFinding, currency: str) -> str:
    g = item.figures
    if step.key == "unit_economics":
        return tr("report.advice.unit_line", subject=_label(item.subject),
                  cost=fmt.money(_num(g["cost_per_customer"]), currency),
                  share=fmt.percent(_num(g["cost_share"])),
                  acv=fmt.money(_num(g["average_acv"]), currency), verdict=_verdict(item.verdict))
    if step.key == "scale_projection":
        line = tr("report.advice.scale_line", months=g["months"],
                  customers=fmt.number(_num(g["customers"])),
                  arr=fmt.money(_num(g["arr"]), currency), people=_people(g["people"]),
                  csms=_csms(g["csms"]), cost=fmt.money(_num(g["cost"]), currency),
                  share=fmt.percent(g["cost_share"] if isinstance(g["cost_share"], float)
                                    else None),
                  all_csms=_csms(g["all_high_touch_csms"]),
                  all_people=_people(g["all_high_touch_people"]))
        share = g["all_high_touch_cost_share"]
        if isinstance(share, float):
            line += tr("report.advice.share_of_arr", share=fmt.percent(share, 0))
        return line + ("" if item.verdict == "reaches"
                       else tr("report.advice.dash", text=_verdict(item.verdict)))
    return str(item.sentence)


def step_rows(plan: PlanResult) -> list[StepRow]:
    """The five steps, for the "Choosing the model" section."""
    if plan.advice is None:
        return []
    rows = []
    for step in plan.advice.selection.steps:
        lines = tuple(_finding_line(step, item, plan.currency) for item in step.finding.items)
        summary = str(step.sentence)
        if step.key == "scale_projection":
            last = step.finding.items[-1].figures if step.finding.items else {}
            if last:
                # the high-touch book the plan staffs to (the ratio, or the catalogue's)
                ratio = book_text(_num(last.get("all_high_touch_book",
                                                step.finding.figures.get("high_touch_ratio"))))
                summary += tr("report.advice.all_high_touch",
                              customers=fmt.number(_num(last["customers"])), ratio=ratio,
                              csms=_csms(last["all_high_touch_csms"]))
        rows.append(StepRow(step=step.step, title=str(step.title),
                            effect=effect_label(step.effect),
                            effect_code=step.effect, lines=lines, summary=summary))
    return rows


SIGNALS = ("person_at_capacity", "onboarding_backlog", "renewals_over_capacity")


def check_text(check: ExitCheck) -> str:
    """``criterion — detail`` of an exit check, shares from its figures."""
    if check.code in ("budget_fits", "pilot_cost_within_rule") and check.measured is not None \
            and check.threshold is not None:
        if check.code == "budget_fits":
            return tr("report.advice.check_arr", criterion=check.criterion,
                      measured=fmt.percent(check.measured), threshold=fmt.percent(check.threshold))
        return tr("report.advice.check_acv", criterion=check.criterion,
                  measured=fmt.percent(check.measured), threshold=fmt.percent(check.threshold))
    return (tr("report.advice.check_detail", criterion=check.criterion, detail=check.detail)
            if check.detail is not None else str(check.criterion))


def check_mark(check: ExitCheck) -> tuple[str, str]:
    """(mark, style key): S0's exit signals read "!" when they fire (the structure must move on),
    "·" when clear; the other checks ✓ met, ✗ not met, ? not evaluable."""
    if check.code in SIGNALS and check.status != "not_evaluable":
        return ("!", "signal") if check.status == "met" else ("·", "clear")
    return STATUS_MARK[check.status], check.status


def phase_rows(plan: PlanResult) -> list[PhaseRow]:
    """The four phases with their dates, hires and exit checks."""
    if plan.advice is None:
        return []
    rows = []
    for p in plan.advice.roadmap.phases:
        dates = f"{p.start.isoformat()} → " + (p.end.isoformat() if p.end
                                                else tr("report.advice.ongoing"))
        checks = tuple((*check_mark(c), check_text(c)) for c in p.exit_checks)
        rows.append(PhaseRow(number=p.number, title=str(p.title), dates=dates,
                             hires=p.hires_starting,
                             checks=checks))
    return rows


def roadmap_lines(plan: PlanResult) -> list[str]:
    """The pilot, the S4 steps, the hires by month and the review date, one line each."""
    if plan.advice is None:
        return []
    r = plan.advice.roadmap
    out = []
    if r.pilot is not None:
        p = r.pilot
        what = _label(p.tier) + (f" {_label(p.segment)}" if p.segment else "")
        out.append(tr("report.advice.pilot", what=what, accounts=p.accounts,
                      share=fmt.percent(p.share_of_accounts, 0),
                      arr=fmt.money(p.arr, plan.currency),
                      reasons=tr("report.sep.semicolon").join(str(x) for x in p.reasons)))
    for t in r.transitions:
        out.append(tr("report.advice.transition", start=t.from_phase, end=t.to_phase,
                      name=t.name, date=t.date.isoformat(), phase=t.roadmap_phase,
                      detail=t.detail))
    months: Counter[tuple[str, str]] = Counter()
    for h in r.hires:
        months[(h.start_date.strftime("%Y-%m"), str(h.role))] += h.count
    by_month: dict[str, list[str]] = {}
    for (month, role), n in sorted(months.items()):
        by_month.setdefault(month, []).append(fmt.role_count(role, n))
    if by_month:
        semicolon, comma = tr("report.sep.semicolon"), tr("report.sep.comma")
        out.append(tr("report.advice.hires", total=r.hires_total, most=r.max_starts_per_month,
                      months=semicolon.join(f"{m}: {comma.join(v)}"
                                            for m, v in by_month.items())))
    else:
        out.append(tr("report.advice.no_hires"))
    out.append(tr("report.advice.review", date=r.commitment_review.isoformat()))
    return out

