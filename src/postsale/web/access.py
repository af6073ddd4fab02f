"""Who may do what: every view and API operation names the role it needs in a workspace.

A user who is not a member of the workspace gets 404 (the workspace's existence is not
disclosed); a member without the role gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase

from postsale.web.models import Membership, Role, Workspace

ViewT = TypeVar("ViewT", bound=Callable[..., HttpResponseBase])


def membership(user: Any, slug: str) -> Membership:
    """The user's membership of workspace ``slug``; 404 when none (or no such workspace)."""
    if not user.is_authenticated:
        raise Http404
    found = (Membership.objects.select_related("workspace")
             .filter(workspace__slug=slug, user=user).first())
    if found is None and user.is_superuser:  # a site admin administers every workspace
        workspace = Workspace.objects.filter(slug=slug).first()
        if workspace is not None:
            return Membership(workspace=workspace, user=user, role=Role.ADMIN)
    if found is None:
        raise Http404
    return found


def require(user: Any, slug: str, role: str) -> Membership:
    """The membership, checked for ``role``: 404 for a non-member, 403 for too low a role."""
    found = membership(user, slug)
    if not found.allows(role):
        raise PermissionDenied
    return found


def workspace_view(role: str) -> Callable[[ViewT], ViewT]:
    """A view of one workspace (URL kwarg ``slug``) that needs ``role``; the view receives
    ``request.workspace`` and ``request.membership``. The role is kept on the view
    (``required_role``) for the permission-matrix test."""

    def decorate(view: ViewT) -> ViewT:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            found = require(request.user, slug, role)
            request.membership = found  # type: ignore[attr-defined]
            request.workspace = found.workspace  # type: ignore[attr-defined]
            return view(request, slug, *args, **kwargs)

        wrapped.required_role = role  # type: ignore[attr-defined]
        return cast(ViewT, wrapped)

    return decorate


def workspace_of(request: HttpRequest) -> Workspace:
    """The workspace a ``workspace_view`` resolved."""
    return cast(Workspace, request.workspace)  # type: ignore[attr-defined]


__all__ = ["Role", "membership", "require", "workspace_of", "workspace_view"]
