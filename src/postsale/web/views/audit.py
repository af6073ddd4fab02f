"""The audit log of a workspace (viewer): who changed what and when, newest first, paginated and
filterable by action (``upload.accounts``, ``settings.change``, ``member.role``…)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from postsale.web.access import workspace_of, workspace_view
from postsale.web.models import AuditEvent

PAGE_SIZE = 50


@workspace_view("viewer")
@require_GET
def audit_page(request: HttpRequest, slug: str) -> HttpResponse:
    workspace = workspace_of(request)
    events = AuditEvent.objects.select_related("actor").filter(workspace=workspace)
    actions = sorted(set(events.values_list("action", flat=True).distinct()))
    action = request.GET.get("action", "")
    if action:
        events = events.filter(action=action)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/audit.html", {
        "page": page, "actions": actions, "action": action,
        "action_query": f"{urlencode({'action': action})}&" if action else ""})


urlpatterns = [
    path("audit/", audit_page, name="audit"),
]
