"""The org chart page: the plan's recommended chart as a box-and-line chart (d3-org-chart, a
static script), people on seats when the workspace knows them, open requisitions marked. The
page holds no data; its script fetches ``org/data.json`` (CSP: no inline script)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path

from postsale.core.msg import Msg
from postsale.errors import PostsaleError
from postsale.i18n import tr
from postsale.web.access import workspace_of, workspace_view
from postsale.web.books import NoBookError, loaded_book
from postsale.web.org_data import chart_data
from postsale.web.uploads_store import problems_of


@workspace_view("viewer")
def orgchart_page(request: HttpRequest, slug: str) -> HttpResponse:
    workspace = workspace_of(request)
    try:
        loaded_book(workspace)
    except NoBookError:
        return render(request, "web/no_book.html")
    except PostsaleError as error:
        return render(request, "web/orgchart.html", {"problems": problems_of(error)})
    return render(request, "web/orgchart.html", {"problems": []})


@workspace_view("viewer")
def orgchart_data(request: HttpRequest, slug: str) -> JsonResponse:
    """The chart as JSON (``org_data.chart_data``); 404 without a book, 422 with its problems."""
    workspace = workspace_of(request)
    try:
        data = chart_data(workspace, loaded_book(workspace))
    except NoBookError:
        return JsonResponse({"detail": tr(Msg("web_org.api.no_book"))}, status=404)
    except PostsaleError as error:
        return JsonResponse({"detail": str(error), "problems": problems_of(error)}, status=422)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


urlpatterns = [
    path("org/", orgchart_page, name="orgchart"),
    path("org/data.json", orgchart_data, name="orgchart_data"),
]
