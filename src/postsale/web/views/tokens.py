"""A user's own API tokens (``/account/tokens/``, not inside a workspace): create one (its text
is shown once; only its SHA-256 is kept), list them, revoke one. A token acts as its user with
the user's roles (``Authorization: Bearer <token>``, see ``postsale.web.api``)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from postsale.web.audit import record
from postsale.web.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100)


@login_required
@require_http_methods(["GET", "POST"])
def tokens_page(request: HttpRequest) -> HttpResponse:
    """GET: the tokens; POST ``action`` = create (renders the new token once) | revoke."""
    user = request.user
    assert isinstance(user, get_user_model())  # login_required  # i18n: not text
    form = TokenForm()
    issued: str | None = None
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            with transaction.atomic():
                wanted = request.POST.get("token", "")
                found = ApiToken.objects.filter(
                    user=user, pk=int(wanted) if wanted.isdigit() else 0).first()
                if found is not None:
                    found.delete()
                    record(request.user, "token.revoke", None, found.prefix, name=found.name)
            return redirect("api_tokens")
        form = TokenForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                row, issued = ApiToken.issue(user, form.cleaned_data["name"])
                record(request.user, "token.create", None, row.prefix, name=row.name)
            form = TokenForm()
        else:
            status = 400
    tokens = ApiToken.objects.filter(user=user).order_by("-created_at")
    response = render(request, "web/tokens.html", {"form": form, "issued": issued,
                                                   "tokens": tokens}, status=status)
    if issued is not None:
        response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("account/tokens/", tokens_page, name="api_tokens"),
]
