"""The projection page: run a projection as a job (planner), watch it (HTMX polls the job's
progress fragment every second until it is done or failed, then the page reloads onto the result),
and read a saved projection version (viewer): P10/P50/P90 bands of customers, ARR, headcount and
cost, the hiring calendar and the scenarios side by side.

Numbers come from the saved ``ProjectionResult.to_dict()`` payload as they are; this module only
arranges them for the page (groups the calendar's requisitions by month and role, picks figures
for the charts) and renders their messages (``*_msg``) in the viewer's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from postsale.api import MAX_PATH_MONTHS
from postsale.core.msg import Msg
from postsale.errors import PostsaleError
from postsale.i18n import activate, current, tr
from postsale.web.access import workspace_of, workspace_view
from postsale.web.bands_svg import BandPoint, band_chart
from postsale.web.books import company_of, current_uploads
from postsale.web.jobs import enqueue, msg_from_json
from postsale.web.jobs_project import projection_params
from postsale.web.models import FileKind, Job, JobStatus, Version, VersionKind, Workspace
from postsale.web.versions_store import payload_of
from postsale.web.views.jobs import job_view

MAX_MONTHS = 120
MAX_PATHS = 10_000
MAX_SEED = 2**63 - 1


class ProjectionForm(forms.Form):
    """Months, paths (up to 10,000) and an optional seed; every message from the catalogs (set
    per request, in the viewer's language)."""

    months = forms.IntegerField(widget=forms.NumberInput(attrs={"min": 1, "max": MAX_MONTHS}))
    paths = forms.IntegerField(widget=forms.NumberInput(attrs={"min": 1, "max": MAX_PATHS}))
    seed = forms.IntegerField(required=False, widget=forms.NumberInput(attrs={"min": 0}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages = {"required": tr(Msg("web_proj.form.required")),
                                    "invalid": tr(Msg("web_proj.form.whole_number"))}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, low, high in (("months", 1, MAX_MONTHS), ("paths", 1, MAX_PATHS),
                                ("seed", 0, MAX_SEED)):
            value = data.get(name)
            if value is not None and not low <= value <= high:
                self.add_error(name, tr(Msg("web_proj.form.range", low=low, high=high)))
        months, paths = data.get("months"), data.get("paths")
        if months and paths and months * paths > MAX_PATH_MONTHS and not self.errors:
            self.add_error("paths", tr(Msg("web_proj.form.path_months", limit=MAX_PATH_MONTHS,
                                           paths=MAX_PATH_MONTHS // months, months=months)))
        return data


def _defaults(workspace: Workspace) -> dict[str, Any]:
    """The company settings' ``[projection]`` months and paths (paths capped at the page's
    limit); the built-in defaults when the settings do not validate (the settings page says why)."""
    try:
        settings = company_of(workspace).projection
        return {"months": settings.months, "paths": min(settings.paths, MAX_PATHS)}
    except PostsaleError:
        return {"months": 24, "paths": 1000}


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _band(raw: Any) -> tuple[float, float, float] | None:
    if not isinstance(raw, dict):
        return None
    return float(raw["p10"]), float(raw["p50"]), float(raw["p90"])


def _chart(months: list[dict[str, Any]], pick: Callable[[dict[str, Any]], Any], code: str,
           spec: str, *, from_zero: bool = True) -> Any:
    points = [BandPoint(m["month"], *band) for m in months if (band := _band(pick(m)))]
    dates = {m["month"]: _date(m["date"]) for m in months}
    words = current()

    def month_label(month: int) -> str:
        when = dates.get(month)
        return words.value(when, "month") if when else str(month)

    def tooltip(point: BandPoint) -> str:
        return tr(Msg("web_proj.chart.tip", month=month_label(point.month),
                      p10=words.value(point.p10, spec), p50=words.value(point.p50, spec),
                      p90=words.value(point.p90, spec)))

    return {"title": Msg(code),
            "svg": band_chart(points, tr(Msg(code)), lambda v: words.value(v, spec),
                              month_label, tooltip, from_zero=from_zero)}


def _calendar(hires: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The hiring calendar by month requisitions open and role: how many, when they start and
    are fully productive, and why (the first requisition's trigger)."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for hire in hires:
        opened = _date(hire["open_date"])
        key = (opened.strftime("%Y-%m") if opened else str(hire["open_date"]), hire["role"])
        row = groups.setdefault(key, {"open": opened, "role": hire["role"], "hires": 0,
                                      "start": _date(hire["start_date"]),
                                      "productive": _date(hire["productive_date"]),
                                      "month_needed": hire["month_needed"],
                                      "why": msg_from_json(hire.get("trigger_msg"))})
        row["hires"] += 1
    return [groups[k] for k in sorted(groups)]


def _scenarios(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"name": msg_from_json(s.get("name_msg")) or s["name"],
             "base": s["is_base"], "required": s["required"].get("total", 0),
             "hires": s["hires"], "cumulative_cost": s["cumulative_cost"],
             "cost_share": s["cost_share"], "arr": s["arr"], "customers": s["customers"],
             "headcount_delta": s["headcount_delta"]}
            for s in payload.get("scenarios", [])]


def result_context(version: Version) -> dict[str, Any]:
    """The saved projection arranged for the page."""
    payload = payload_of(version)
    months: list[dict[str, Any]] = payload["months"]
    charts = [
        _chart(months, lambda m: m["customers"], "web_proj.chart.customers", "int",
               from_zero=False),
        _chart(months, lambda m: m["arr"], "web_proj.chart.arr", "money_compact", from_zero=False),
        _chart(months, lambda m: m["required_bands"].get("total"), "web_proj.chart.headcount",
               "int"),
        _chart(months, lambda m: m["cost_required"], "web_proj.chart.cost", "money_compact"),
    ]
    return {"payload": payload, "charts": charts, "calendar": _calendar(payload["hires"]),
            "scenarios": _scenarios(payload), "first": months[0], "last": months[-1],
            "horizon_date": _date(months[-1]["date"])}


@workspace_view("viewer")
def projection_page(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, ProjectionForm(initial=_defaults(workspace_of(request))))


def _page(request: HttpRequest, form: ProjectionForm, status: int = 200) -> HttpResponse:
    workspace = workspace_of(request)
    versions = list(Version.objects.filter(workspace=workspace, kind=VersionKind.PROJECTION)
                    .select_related("author").order_by("-number")[:100])
    watched = None
    if (wanted := request.GET.get("job", "")).isdigit():
        watched = (Job.objects.select_related("version", "workspace")
                   .filter(workspace=workspace, kind="projection", pk=int(wanted)).first())
    live = list(Job.objects.select_related("version", "workspace")
                .filter(workspace=workspace, kind="projection",
                        status__in=(JobStatus.QUEUED, JobStatus.RUNNING)).order_by("-id")[:5])
    if watched is not None and watched not in live:
        live.insert(0, watched)
    chosen = None
    number = request.GET.get("v", "")
    if number.isdigit():
        chosen = next((v for v in versions if v.number == int(number)), None)
    elif watched is not None and watched.version is not None:
        chosen = watched.version
    elif versions:
        chosen = versions[0]
    context: dict[str, Any] = {
        "form": form, "versions": versions, "chosen": chosen,
        "jobs": [job_view(j) for j in live],
        "has_book": FileKind.ACCOUNTS in current_uploads(workspace),
        "missing": number.isdigit() and chosen is None,
    }
    if chosen is None:
        return render(request, "web/projection/page.html", context, status=status)
    result = result_context(chosen)
    with activate(current().lang, str(result["payload"].get("currency") or "USD")):
        return render(request, "web/projection/page.html", {**context, **result}, status=status)


@workspace_view("planner")
@require_POST
def projection_run(request: HttpRequest, slug: str) -> HttpResponse:
    """Queue a projection job and go back to the page, which follows its progress."""
    workspace = workspace_of(request)
    form = ProjectionForm(request.POST)
    if FileKind.ACCOUNTS not in current_uploads(workspace):
        form.add_error(None, tr(Msg("web_proj.form.no_book")))
    if not form.is_valid():
        return _page(request, form, status=422)
    data = form.cleaned_data
    job = enqueue(workspace, "projection",
                  projection_params(data["months"], data["paths"], data.get("seed")),
                  request.user)
    return HttpResponseRedirect(reverse("projection", kwargs={"slug": slug}) + f"?job={job.pk}")


urlpatterns = [
    path("projection/", projection_page, name="projection"),
    path("projection/run/", projection_run, name="projection_run"),
]
