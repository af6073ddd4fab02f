"""The REST API, ``/api/v1/`` (django-ninja; OpenAPI at ``/api/v1/openapi.json``, browsable docs
at ``/api/v1/docs``). Each page area adds its router (``ROUTERS``); every operation takes a
workspace slug and checks the caller's role there with the same rule as the pages
(``postsale.web.access``): 404 for a non-member, 403 below the role.

Authentication: ``Authorization: Bearer <token>`` (personal tokens, see ``ApiToken``) or the
browser's session (then Django's CSRF check applies to every unsafe method).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from postsale.errors import ConfigError, InputError, PostsaleError
from postsale.web.access import require
from postsale.web.models import ApiToken, Membership

#: (URL prefix under /api/v1/, module with a ``router``) — one per area
ROUTERS: tuple[tuple[str, str], ...] = (
    ("", "postsale.web.api_project"),
)


class BearerToken(HttpBearer):
    """A personal API token; the request then acts as the token's user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (ApiToken.objects.select_related("user")
                 .filter(digest=ApiToken.digest_of(token), user__is_active=True).first())
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


api = NinjaAPI(title="postsale", version="1", urls_namespace="api",
               description="postsale's web API: workspaces, uploads, plans, what-ifs, "
                           "projections, assignments, owners and versions.",
               auth=[BearerToken(), django_auth])


def member(request: HttpRequest, slug: str, role: str) -> Membership:
    """The caller's membership of workspace ``slug`` with at least ``role`` (404 / 403)."""
    return require(request.user, slug, role)


def _problem(request: HttpRequest, status: int, detail: str,
             problems: list[dict[str, Any]] | None = None) -> HttpResponse:
    body: dict[str, Any] = {"detail": detail}
    if problems is not None:
        body["problems"] = problems
    return api.create_response(request, body, status=status)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _problem(request, 404, "not found")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _problem(request, 403, "your role in this workspace does not allow this")


@api.exception_handler(PostsaleError)
def _postsale_error(request: HttpRequest, exc: PostsaleError) -> HttpResponse:
    from postsale.web.uploads_store import problems_of

    status = 422 if isinstance(exc, InputError | ConfigError) else 400
    return _problem(request, status, str(exc), problems_of(exc))


for _prefix, _module in ROUTERS:
    api.add_router(_prefix, import_module(_module).router)
