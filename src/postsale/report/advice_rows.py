"""Display rows of the plan's ``advice`` (S3's five steps and the roadmap), shared by the text and
HTML reports: figures formatted in the company currency (``report.fmt``), never re-derived.

Written for a VP of CS presenting to a CFO: each step says what it found in figures and what it
does to the recommendation; the roadmap gives dates, the pilot, the hires and the checks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from postsale.core.csm_book import book_text
from postsale.keys import Role, role_label
from postsale.report import fmt
from postsale.results import PlanResult
from postsale.results_advice import ExitCheck, SelectionStep, SubjectFinding

__all__ = [
    "EFFECT_LABEL",
    "SIGNALS",
    "PhaseRow",
    "StepRow",
    "check_mark",
    "check_text",
    "phase_rows",
    "roadmap_lines",
    "step_rows",
]

EFFECT_LABEL = {"keeps": "keeps", "moves_up": "moves a tier up", "moves_down": "moves a tier down",
                "flags": "flags"}
STATUS_MARK = {"met": "✓", "not_met": "✗", "not_evaluable": "?"}
_VERDICT = {"affordable": "affordable", "tight": "tight", "too_expensive": "too expensive"}


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
    return key.replace("_", "-")


def _count(value: object, noun: str) -> str:
    """``1 person`` / ``18 people``, ``1 CSM`` / ``42 CSMs``."""
    n = int(_num(value))
    plural = "people" if noun == "person" else f"{noun}s"
    return f"{fmt.number(n)} {noun if n == 1 else plural}"


def _num(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _finding_line(step: SelectionStep, item: SubjectFinding, currency: str) -> str:
    g = item.figures
    if step.key == "unit_economics":
        return (f"{_label(item.subject)}: {fmt.money(_num(g['cost_per_customer']), currency)} a "
                f"customer = {fmt.percent(_num(g['cost_share']))} of "
                f"{fmt.money(_num(g['average_acv']), currency)} ACV — {_VERDICT[item.verdict]}")
    if step.key == "scale_projection":
        line = (f"month {g['months']}: {fmt.number(_num(g['customers']))} customers, "
                f"{fmt.money(_num(g['arr']), currency)} ARR → {_count(g['people'], 'person')} "
                f"({_count(g['csms'], 'CSM')}), {fmt.money(_num(g['cost']), currency)} a year = "
                f"{fmt.percent(g['cost_share'] if isinstance(g['cost_share'], float) else None)}"
                f" of ARR; everyone high-touch: {_count(g['all_high_touch_csms'], 'CSM')}, "
                f"{_count(g['all_high_touch_people'], 'person')}")
        share = g["all_high_touch_cost_share"]
        if isinstance(share, float):
            line += f" ({fmt.percent(share, 0)} of ARR)"
        return line + ("" if item.verdict == "reaches" else f" — {item.verdict.replace('_', ' ')}")
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
                summary += (f" Keeping everyone high-touch at {fmt.number(_num(last['customers']))}"
                            f" customers: ⌈{fmt.number(_num(last['customers']))} ÷ {ratio}⌉ = "
                            f"{_count(last['all_high_touch_csms'], 'CSM')} (S3's own example: "
                            "500 customers at $30K ACV all high-touch is \"a 40-person CS "
                            "team\").")
        rows.append(StepRow(step=step.step, title=str(step.title), effect=EFFECT_LABEL[step.effect],
                            effect_code=step.effect, lines=lines, summary=summary))
    return rows


SIGNALS = ("person_at_capacity", "onboarding_backlog", "renewals_over_capacity")


def check_text(check: ExitCheck) -> str:
    """``criterion — detail`` of an exit check, shares from its figures."""
    if check.code in ("budget_fits", "pilot_cost_within_rule") and check.measured is not None \
            and check.threshold is not None:
        of = "ARR" if check.code == "budget_fits" else "ACV"
        return (f"{check.criterion} — {fmt.percent(check.measured)} of {of} against "
                f"{fmt.percent(check.threshold)}")
    if check.detail is None:
        return str(check.criterion)
    return f"{check.criterion} — {check.detail}"


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
        dates = f"{p.start.isoformat()} → {p.end.isoformat() if p.end else 'ongoing'}"
        checks = tuple((*check_mark(c), check_text(c)) for c in p.exit_checks)
        rows.append(PhaseRow(number=p.number, title=str(p.title), dates=dates, hires=p.hires_starting,
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
        out.append(f"Pilot: {what} — {fmt.number(p.accounts)} accounts "
                   f"({fmt.percent(p.share_of_accounts, 0)}), {fmt.money(p.arr, plan.currency)} "
                   f"ARR; {'; '.join(str(reason) for reason in p.reasons)}")
    for t in r.transitions:
        out.append(f"S4 phase {t.from_phase} → {t.to_phase} ({t.name}) on {t.date.isoformat()}, "
                   f"during the {t.roadmap_phase}: {t.detail}")
    months: Counter[tuple[str, str]] = Counter()
    for h in r.hires:
        months[(h.start_date.strftime("%Y-%m"), str(h.role))] += h.count
    by_month: dict[str, list[str]] = {}
    for (month, role), n in sorted(months.items()):
        by_month.setdefault(month, []).append(f"{n} {role_label(Role(role), n)}")
    if by_month:
        out.append(f"Hires ({r.hires_total}, at most {r.max_starts_per_month} starts a month; "
                   "roles new to the team start after design and pilot): "
                   + "; ".join(f"{m}: {', '.join(v)}" for m, v in by_month.items()))
    else:
        out.append("Hires: none — the team in seat covers the plan")
    out.append(f"Review the model no earlier than {r.commitment_review.isoformat()} "
               "(commit 12–18 months before switching models, S3)")
    return out

