"""Files: the account book and its optional companions (grown by the uploads work)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from postsale.web.access import workspace_of, workspace_view


@workspace_view("viewer")
@require_GET
def uploads_page(request: HttpRequest, slug: str) -> HttpResponse:
    workspace = workspace_of(request)
    return render(request, "web/uploads.html", {"uploads": workspace.uploads.all()[:50]})


urlpatterns = [
    path("files/", uploads_page, name="uploads"),
]
