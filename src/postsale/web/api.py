"""The REST API, ``/api/v1/`` (django-ninja; OpenAPI at ``/api/v1/openapi.json``, browsable docs
at ``/api/v1/docs``). Each area adds its router (``ROUTERS``), with the same role rule as the pages
(``postsale.web.access``): 404 for a non-member, 403 below the role, 401 without a caller.

Authentication: ``Authorization: Bearer <token>`` (personal tokens, see ``ApiToken``) or the
browser's session (then Django's CSRF check applies to every unsafe method; a Bearer call needs
no CSRF token).

**The convention every router follows** (the permission-matrix test,
``tests/web/test_web_permissions.py``, enforces it on every operation of the OpenAPI document):

- A workspace operation is declared with :func:`workspace_operation`, never with ``router.get``
  and friends::

      router = Router(tags=["plans"])

      @workspace_operation(router, "get", "/workspaces/{slug}/plan", role="viewer",
                           response=PlanOut)
      def get_plan(request: HttpRequest, slug: str) -> PlanOut:
          workspace = workspace_of(request)  # already checked: a member with role viewer+
          ...

  The path (with the router's prefix) names the workspace ``{slug}``. The role check runs in the
  operation's authentication step, *before* ninja validates the parameters and the body: a
  non-member gets 404 and a member below the role 403 whatever they send (nothing about the
  workspace or its objects leaks through a 422), and the view receives ``request.workspace``
  and ``request.membership`` (:func:`postsale.web.access.workspace_of`). The role is published as
  ``x-postsale-role`` (``viewer`` | ``planner`` | ``admin``) in the operation's OpenAPI entry.
  Objects named in the path (a version, a job, an upload) must then be looked up *within*
  ``request.workspace`` — ``get_object_or_404(Version, workspace=workspace, pk=...)`` — never by
  id alone.
- An operation about the caller only, or open to every signed-in user (their profile, their
  tokens, the list of their workspaces, creating a workspace — which makes its creator admin),
  is declared with :func:`caller_operation`; it publishes ``x-postsale-role: user``. Its queries
  filter by ``request.user``.
- Anything else — an operation without ``x-postsale-role``, or one under ``/workspaces/{slug}``
  with ``user`` — fails the permission test.
- ``response=`` gets the error answers (400, 401, 403, 404, 422 as :class:`Problem`) added, so
  schemathesis (``tests/web/test_web_schemathesis.py``) finds them documented. A download
  declares its media type (ninja deep-merges ``openapi_extra`` into the operation)::

      @workspace_operation(router, "get", "/workspaces/{slug}/owners.csv", role="viewer",
                           response={200: None}, openapi_extra={"responses": {200: {
                               "description": "owners CSV", "content": {"text/csv": {}}}}})
- The permission test fills path parameters from the table ``KWARGS`` in
  ``tests/web/access_world.py`` (``slug``, ``pk``/``id``/``*_id``, ``number``, ``kind``,
  ``token_id``, ``account_id``…); a new parameter name fails it with its name until it is added
  there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import import_module
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Router, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from postsale.core.msg import Msg
from postsale.errors import ConfigError, InputError, PostsaleError
from postsale.i18n import tr
from postsale.web.access import require
from postsale.web.models import ApiToken, Membership, Role

#: (URL prefix under /api/v1/, module with a ``router``) — one per area
ROUTERS: tuple[tuple[str, str], ...] = (
    ("", "postsale.web.api_core"),
    ("", "postsale.web.api_assign"),
    ("", "postsale.web.api_workspaces"),
    ("", "postsale.web.api_plan"),
    ("", "postsale.web.api_project"),
    ("", "postsale.web.api_versions"),
)

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")
#: the OpenAPI extension naming the role an operation needs
ROLE_KEY = "x-postsale-role"
#: the "role" of an operation about the caller only: any signed-in caller
SIGNED_IN = "user"
#: the roles an operation may declare, lowest first
ROLES: tuple[str, ...] = (SIGNED_IN, Role.VIEWER, Role.PLANNER, Role.ADMIN)

ViewT = TypeVar("ViewT", bound=Callable[..., Any])


def _check_role(request: HttpRequest, role: str | None) -> None:
    """For a workspace operation, the caller's role in the path's ``{slug}`` (404 / 403)."""
    if role is None or role == SIGNED_IN:
        return
    match = request.resolver_match
    slug = match.kwargs.get("slug") if match is not None else None
    if not isinstance(slug, str):
        raise ImproperlyConfigured(f"a workspace operation's path needs {{slug}}: {request.path}")
    if not SLUG.fullmatch(slug):  # no such workspace (and no NUL byte reaching PostgreSQL)
        raise Http404
    found = member(request, slug, role)
    request.membership = found  # type: ignore[attr-defined]
    request.workspace = found.workspace  # type: ignore[attr-defined]


class BearerToken(HttpBearer):
    """A personal API token; the request then acts as the token's user (then, for a workspace
    operation, the role check)."""

    def __init__(self, role: str | None = None) -> None:
        super().__init__()
        self.role = role

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (ApiToken.objects.select_related("user")
                 .filter(digest=ApiToken.digest_of(token), user__is_active=True).first())
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        _check_role(request, self.role)
        return found.user


class Session(SessionAuth):
    """The browser's session. Unlike ninja's ``SessionAuth`` the CSRF check applies only to a
    signed-in session (an anonymous caller gets 401, not a CSRF refusal); then the role check."""

    def __init__(self, role: str | None = None) -> None:
        super().__init__(csrf=True)
        self.role = role

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise HttpError(403, tr(Msg("web_api.csrf_failed")))
        _check_role(request, self.role)
        return request.user


def callers(role: str | None = None) -> list[Any]:
    """The authentication of an operation needing ``role`` (None: any signed-in caller)."""
    return [BearerToken(role), Session(role)]


api = NinjaAPI(title="postsale", version="1", urls_namespace="api",
               description="postsale's web API: workspaces, uploads, plans, what-ifs, "  # i18n: not text
                           "projections, assignments, owners and versions. Every operation "  # i18n: not text
                           f"names the role it needs in `{ROLE_KEY}`.",  # i18n: not text
               auth=callers())


def member(request: HttpRequest, slug: str, role: str) -> Membership:
    """The caller's membership of workspace ``slug`` with at least ``role`` (404 / 403)."""
    return require(request.user, slug, role)


class Problem(Schema):
    """An error: ``detail`` says what (ninja's validation errors: a list of them); ``problems``
    the rows of an import or settings error (file, row, column, problem, fix)."""

    detail: Any
    problems: list[dict[str, Any]] | None = None


def _with_errors(response: Any, role: str) -> Any:
    """``response`` with the error answers every declared operation may give."""
    answers = dict(response) if isinstance(response, dict) else {200: response}
    errors = (400, 401, 404, 422) if role == SIGNED_IN else (400, 401, 403, 404, 422)
    for status in errors:
        answers.setdefault(status, Problem)
    return answers


def _declare(router: Router, method: str, path: str, role: str,
             options: dict[str, Any]) -> Callable[[ViewT], ViewT]:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; one of {ROLES}")  # i18n: not text
    if "response" in options:
        options["response"] = _with_errors(options["response"], role)
    extra = {**(options.pop("openapi_extra", None) or {}), ROLE_KEY: role}
    register = router.api_operation([method.upper()], path, auth=callers(role),
                                    openapi_extra=extra, **options)

    def decorate(view: ViewT) -> ViewT:
        view.required_role = role  # type: ignore[attr-defined]
        register(view)
        return view

    return decorate


def workspace_operation(router: Router, method: str, path: str, *, role: str,
                        **options: Any) -> Callable[[ViewT], ViewT]:
    """Declare an operation on workspace ``{slug}`` that needs ``role`` (viewer, planner or
    admin); ``options`` go to ninja (``response=``, ``summary=``…). See the module docstring."""
    if role == SIGNED_IN:
        raise ValueError(  # a programming error, never shown to a user
            "a workspace operation needs a workspace role: viewer, planner or admin")  # i18n: not text
    return _declare(router, method, path, role, options)


def caller_operation(router: Router, method: str, path: str,
                     **options: Any) -> Callable[[ViewT], ViewT]:
    """Declare an operation about the caller only (``x-postsale-role: user``)."""
    return _declare(router, method, path, SIGNED_IN, options)


def problem_response(request: HttpRequest, status: int, detail: str,
                     problems: list[dict[str, Any]] | None = None) -> HttpResponse:
    """The API's error body: ``{"detail": …, "problems": [{file,row,column,problem,fix}]}``."""
    body: dict[str, Any] = {"detail": detail}
    if problems is not None:
        body["problems"] = problems
    return api.create_response(request, body, status=status)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(request, 404, tr(Msg("web_api.not_found")))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem_response(request, 403, tr(Msg("web_api.forbidden")))


@api.exception_handler(PostsaleError)
def _postsale_error(request: HttpRequest, exc: PostsaleError) -> HttpResponse:
    from postsale.web.uploads_store import problems_of

    status = 422 if isinstance(exc, InputError | ConfigError) else 400
    return problem_response(request, status, str(exc), problems_of(exc))


for _prefix, _module in ROUTERS:
    api.add_router(_prefix, import_module(_module).router)
