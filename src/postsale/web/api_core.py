"""The caller's own corner of the API: who they are (``GET /me``: email and workspaces with
roles) and their personal API tokens (``/tokens``: create — the token text is returned once and
never stored, only its SHA-256 — list, revoke). Nothing here reaches another user's data: every
query is filtered by ``request.user``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from postsale.web.api import caller_operation
from postsale.web.audit import record
from postsale.web.models import ApiToken, Membership

router = Router(tags=["me"])

#: printable text without control characters (PostgreSQL refuses NUL in text)
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"


class WorkspaceRoleOut(Schema):
    slug: str
    name: str
    role: str


class MeOut(Schema):
    email: str
    workspaces: list[WorkspaceRoleOut]


class TokenIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=100, pattern=PRINTABLE)]


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None


class TokenCreatedOut(TokenOut):
    token: str  # shown once: only its digest is kept


def _caller(request: HttpRequest) -> Any:
    """The signed-in caller (the operation's authentication has run)."""
    user = request.user
    assert isinstance(user, get_user_model())  # i18n: not text
    return user


def _token_out(row: ApiToken) -> TokenOut:
    return TokenOut(id=row.pk, name=row.name, prefix=row.prefix, created_at=row.created_at,
                    last_used_at=row.last_used_at)


@caller_operation(router, "get", "/me", response=MeOut)
def me(request: HttpRequest) -> MeOut:
    """The caller: email and the workspaces they belong to, with their role in each."""
    memberships = (Membership.objects.select_related("workspace").filter(user=_caller(request))
                   .order_by("workspace__name", "workspace__slug"))
    return MeOut(email=getattr(request.user, "email", "") or "",
                 workspaces=[WorkspaceRoleOut(slug=m.workspace.slug, name=m.workspace.name,
                                              role=m.role) for m in memberships])


@caller_operation(router, "post", "/tokens", response={201: TokenCreatedOut})
def create_token(request: HttpRequest, body: TokenIn) -> Status[TokenCreatedOut]:
    """A new personal token for the caller; the response is the only time its text is shown."""
    with transaction.atomic():
        row, token = ApiToken.issue(request.user, body.name)
        record(request.user, "token.create", None, row.prefix, name=row.name)
    return Status(201, TokenCreatedOut(**_token_out(row).model_dump(), token=token))


@caller_operation(router, "get", "/tokens", response=list[TokenOut])
def list_tokens(request: HttpRequest) -> list[TokenOut]:
    """The caller's tokens (name, prefix, when created and last used; never the token)."""
    rows = ApiToken.objects.filter(user=_caller(request)).order_by("-created_at", "-id")
    return [_token_out(row) for row in rows]


@caller_operation(router, "delete", "/tokens/{token_id}", response={204: None})
def revoke_token(request: HttpRequest, token_id: int) -> Status[None]:
    """Revoke one of the caller's tokens (another user's token is 404)."""
    row = get_object_or_404(ApiToken, pk=token_id, user=_caller(request))
    with transaction.atomic():
        record(request.user, "token.revoke", None, row.prefix, name=row.name)
        row.delete()
    return Status(204, None)
