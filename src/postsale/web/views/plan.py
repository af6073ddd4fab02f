"""The plan page (grown by the plan/what-if work)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from postsale.api import run_plan
from postsale.web.access import workspace_of, workspace_view
from postsale.web.books import NoBookError, loaded_book


@workspace_view("viewer")
def plan_page(request: HttpRequest, slug: str) -> HttpResponse:
    workspace = workspace_of(request)
    try:
        loaded = loaded_book(workspace)
    except NoBookError:
        return render(request, "web/no_book.html", status=200)
    run = run_plan(loaded.book, loaded.company, today=loaded.today, notes=loaded.notes)
    return render(request, "web/plan.html", {"plan": run.result})


urlpatterns = [
    path("plan/", plan_page, name="plan"),
]
