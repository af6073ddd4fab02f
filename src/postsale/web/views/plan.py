"""The plan page (diagnosis, funded vs needed, tiers and economics, headcount with formulas,
triggers, mistakes, warnings) and its what-if panel.

The panel posts its inputs with HTMX on every change (``plan/what-if/``) and swaps in a small
fragment: the recomputed key figures against the plan. Only the fragment is rendered — the page's
tables are not — and the plan itself comes from ``planning.plan_with`` (cached book, cached
results), so a what-if costs one ``run_plan`` at most. Viewers read the plan; planners move levers
and save versions.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from postsale.core.msg import Msg
from postsale.errors import ConfigError, PostsaleError
from postsale.i18n import activate, current, tr
from postsale.keys import TIER_KEYS
from postsale.results import PlanResult
from postsale.web.access import workspace_of, workspace_view
from postsale.web.books import LoadedBook, NoBookError, loaded_book
from postsale.web.models import VersionStatus, Workspace
from postsale.web.plan_form import RENEWAL_OWNERS, growth_rows, whatif_from_form
from postsale.web.planning import (
    WhatIf,
    baseline_levers,
    deltas,
    plan_with,
    save_plan_version,
    summary,
    summary_with,
)


def _tier_rows(result: PlanResult) -> list[dict[str, Any]]:
    return [{"tier": str(t), "summary": result.tiers[t], "economics": result.economics.per_tier[t]}
            for t in TIER_KEYS]


def _role_rows(result: PlanResult) -> list[dict[str, Any]]:
    needed = result.funding.needed_headcount if result.funding is not None else {}
    return [{"role": str(role), "req": req,
             "needed": needed.get(str(role), req.required)}
            for role, req in result.headcount.roles.items()]


def _panel_context(loaded: LoadedBook) -> dict[str, Any]:
    """The what-if inputs, starting at the plan's own lever values."""
    levers = baseline_levers(loaded)
    return {
        "levers": levers,
        "growth_rows": growth_rows(levers),
        "renewal_owners": RENEWAL_OWNERS,
        "currency": loaded.company.company.currency,
    }


@workspace_view("viewer")
@require_GET
def plan_page(request: HttpRequest, slug: str) -> HttpResponse:
    workspace = workspace_of(request)
    try:
        loaded = loaded_book(workspace)
        run = plan_with(workspace, WhatIf(), loaded)
    except NoBookError:
        return render(request, "web/no_book.html", status=200)
    except PostsaleError as error:
        from postsale.web.uploads_store import problems_of

        return render(request, "web/plan.html", {"problems": problems_of(error)}, status=200)
    result = run.result
    context: dict[str, Any] = {
        "plan": result,
        "figures": summary(result),
        "tier_rows": _tier_rows(result),
        "role_rows": _role_rows(result),
        "fired": sum(1 for t in result.triggers if t.fired),
        **_panel_context(loaded),
    }
    with activate(current().lang, result.currency):
        return render(request, "web/plan.html", context)


def _signed(value: float | None, spec: str) -> str:
    """A change as the active language writes the figure, with a plus sign when it grows."""
    if value is None:
        return "—"
    text = current().value(value, spec)
    return f"+{text}" if value > 0 else text


def delta_rows(figures: dict[str, Any], base: dict[str, Any]) -> list[dict[str, Any]]:
    """The fragment's table: people (total, then each role either plan has), cost, cost share and
    budget — each with the plan's figure, the what-if's and the change, formatted."""
    change = deltas(figures, base)
    out: list[dict[str, Any]] = []

    def row(key: str, label: str, kind: str, a: Any, b: Any, d: Any, spec: str) -> None:
        out.append({"key": key, "label": label, "kind": kind, "base": current().value(a, spec),
                    "value": current().value(b, spec), "delta": _signed(d, spec),
                    "up": d is not None and d > 1e-12, "down": d is not None and d < -1e-12})

    row("required", "web_plan.kpi.required", "total", base["required"], figures["required"],
        change["required"], "int")
    for role, d in change["required_by_role"].items():
        was, now = base["required_by_role"].get(role, 0), figures["required_by_role"].get(role, 0)
        if was or now:
            row(f"role.{role}", f"label.{role}", "role", was, now, d, "int")
    row("cost", "web_plan.kpi.cost", "money", base["cost"], figures["cost"], change["cost"],
        "money")
    row("cost_share", "web_plan.kpi.cost_share", "share", base["cost_share"],
        figures["cost_share"], change["cost_share"], "pct1")
    row("budget", "web_plan.kpi.budget", "money", base["budget"], figures["budget"],
        change["budget"], "money")
    return out


def _whatif_fragment(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    loaded = loaded_book(workspace)
    base = summary_with(workspace, WhatIf(), loaded)
    context: dict[str, Any] = {"base": base}
    with activate(current().lang, loaded.company.company.currency):
        try:
            whatif = whatif_from_form(request.POST, baseline_levers(loaded))
            figures = summary_with(workspace, whatif, loaded)
        except ConfigError as error:
            context["error"] = {"key": error.key or "", "problem": tr(error.problem),
                                "fix": tr(error.fix)}
            return render(request, "web/plan_whatif.html", context)
        context.update({"figures": figures, "rows": delta_rows(figures, base),
                        "same": whatif.is_baseline(),
                        "crosses_budget": figures["funded"] != base["funded"]})
        return render(request, "web/plan_whatif.html", context)


@workspace_view("planner")
@require_POST
def whatif(request: HttpRequest, slug: str) -> HttpResponse:
    """The what-if fragment: recomputed figures and their change against the plan, or the lever's
    error (key, problem, fix) — always 200 so HTMX swaps it in."""
    workspace = workspace_of(request)
    try:
        return _whatif_fragment(request, workspace)
    except NoBookError:
        return render(request, "web/no_book.html", status=200)
    except PostsaleError as error:  # the book or the company settings, not a lever
        from postsale.web.uploads_store import problems_of

        first = problems_of(error)[0]
        return render(request, "web/plan_whatif.html", {"error": {
            "key": first["column"] or first["file"], "problem": first["problem"],
            "fix": first["fix"]}})


@workspace_view("planner")
@require_POST
def save(request: HttpRequest, slug: str) -> HttpResponse:
    """Save the plan with the panel's levers as a version (``propose``: and ask for approval)."""
    workspace = workspace_of(request)
    propose = request.POST.get("action") == "propose"
    try:
        loaded = loaded_book(workspace)
        whatif = whatif_from_form(request.POST, baseline_levers(loaded))
        version = save_plan_version(workspace, request.user, whatif,
                                    VersionStatus.PROPOSED if propose else VersionStatus.DRAFT)
    except NoBookError:
        return render(request, "web/no_book.html", status=200)
    except PostsaleError as error:
        messages.error(request, tr(Msg("web_plan.save_failed", problem=str(error))))
        return redirect("plan", slug=slug)
    messages.success(request, tr(Msg("web_plan.proposed" if propose else "web_plan.saved",
                                     number=version.number)))
    return redirect("plan", slug=slug)


urlpatterns = [
    path("plan/", plan_page, name="plan"),
    path("plan/what-if/", whatif, name="plan_whatif"),
    path("plan/save/", save, name="plan_save"),
]
