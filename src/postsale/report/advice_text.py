"""The plan's advice in the terminal: "Choosing the model (S3's five steps)" and "Roadmap"."""

from __future__ import annotations

from rich import box
from rich.console import RenderableType
from rich.panel import Panel
from rich.text import Text

from postsale.i18n import tr
from postsale.report.advice_rows import phase_rows, roadmap_lines, step_rows
from postsale.results import PlanResult

__all__ = ["roadmap_panel", "selection_panel"]
_EFFECT_STYLE = {"keeps": "green", "flags": "yellow", "moves_up": "bold red",  # i18n: not text
                 "moves_down": "bold red"}  # i18n: not text
_CHECK_STYLE = {"met": "green", "not_met": "red", "not_evaluable": "dim",
                "signal": "bold yellow", "clear": "green"}  # i18n: not text


def selection_panel(plan: PlanResult) -> RenderableType | None:
    """Each step with its effect and findings, then the recommendation and the step that decided."""
    if plan.advice is None:
        return None
    body = Text()
    for row in step_rows(plan):
        body.append(f"{row.step}. {row.title}", style="bold")
        body.append(f"  [{row.effect}]\n", style=_EFFECT_STYLE[row.effect_code])
        for line in row.lines:
            body.append(f"   • {line}\n")
        body.append(f"   {row.summary}\n", style="italic")
    rec = plan.advice.selection.recommendation
    body.append(tr("report.text.recommendation_label"), style="bold")
    body.append(str(rec.sentence))
    return Panel(body, title=tr("report.plan.section.selection"), box=box.ROUNDED)


def roadmap_panel(plan: PlanResult) -> RenderableType | None:
    """The four dated phases with their exit checks, the pilot, the S4 steps and the hires."""
    if plan.advice is None:
        return None
    body = Text()
    for row in phase_rows(plan):
        body.append(f"{row.number}. {row.title}  {row.dates}", style="bold")
        body.append(f"  ({tr('report.advice.hires_start', n=row.hires)})\n")
        for mark, status, text in row.checks:
            body.append(f"   {mark} ", style=_CHECK_STYLE[status])
            body.append(f"{text}\n")
    for line in roadmap_lines(plan):
        body.append(f"• {line}\n")
    body.append(str(plan.advice.roadmap.sentence), style="italic")
    return Panel(body, title=tr("report.plan.section.roadmap"), box=box.ROUNDED)
