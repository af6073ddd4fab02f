"""Members (admin): who is in the workspace with which role — add an existing user by email,
create a new user with an initial password (Django's password validators), change a role,
remove a member — and deleting the workspace itself.

The rules live in the ``*_member`` functions, shared with the API: a workspace always keeps at
least one admin (the last admin can be neither demoted nor removed), and every change is
audited in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from postsale.core.msg import Msg
from postsale.i18n import tr
from postsale.web.access import workspace_of, workspace_view
from postsale.web.audit import record
from postsale.web.models import Membership, Role, Workspace
from postsale.web.uploads_store import delete_files


class MemberError(ValueError):
    """A member change refused: the message and its fix (shown on the page, 400/409 in the
    API)."""

    def __init__(self, status: int, problem: Msg, fix: Msg) -> None:
        super().__init__(problem.code)
        self.status = status
        self.problem = problem
        self.fix = fix

    def text(self) -> str:
        return f"{tr(self.problem)} — {tr(self.fix)}"


def _role(role: str) -> str:
    if role not in Role.values:
        raise MemberError(400, Msg("web_members.bad_role", role=role),
                          Msg("web_members.bad_role.fix", roles=", ".join(Role.values)))
    return role


def _user_by_email(email: str) -> Any:
    user = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise MemberError(404, Msg("web_members.no_user", email=email),
                          Msg("web_members.no_user.fix"))
    return user


def add_member(workspace: Workspace, email: str, role: str, actor: Any) -> Membership:
    """Add an existing user (by email) with ``role``."""
    user, role = _user_by_email(email), _role(role)
    with transaction.atomic():
        if Membership.objects.filter(workspace=workspace, user=user).exists():
            raise MemberError(409, Msg("web_members.already", email=email),
                              Msg("web_members.already.fix"))
        found = Membership.objects.create(workspace=workspace, user=user, role=role)
        record(actor, "member.add", workspace, user.email, role=role)
    return found


def create_member(workspace: Workspace, email: str, password: str, role: str,
                  actor: Any) -> Membership:
    """Create a user with an initial password (validated by Django's validators, which raise
    ValidationError) and add them with ``role``."""
    role, email = _role(role), email.strip().lower()
    model = get_user_model()
    if model.objects.filter(email__iexact=email).exists() or \
            model.objects.filter(username=email).exists():
        raise MemberError(409, Msg("web_members.user_exists", email=email),
                          Msg("web_members.user_exists.fix"))
    validate_password(password, model(username=email, email=email))
    with transaction.atomic():
        user = model.objects.create_user(username=email, email=email, password=password)
        found = Membership.objects.create(workspace=workspace, user=user, role=role)
        record(actor, "user.create", workspace, email, role=role)
    return found


def _keeps_an_admin(workspace: Workspace, leaving: Membership) -> None:
    if leaving.role != Role.ADMIN:
        return
    others = (Membership.objects.filter(workspace=workspace, role=Role.ADMIN)
              .exclude(pk=leaving.pk).select_for_update())
    if not list(others):
        raise MemberError(409, Msg("web_members.last_admin"), Msg("web_members.last_admin.fix"))


def change_role(workspace: Workspace, member_id: int, role: str, actor: Any) -> Membership:
    with transaction.atomic():
        found = _member(workspace, member_id)  # first: another workspace's member is 404
        role = _role(role)
        if role != Role.ADMIN:
            _keeps_an_admin(workspace, found)
        before = found.role
        found.role = role
        found.save(update_fields=["role"])
        record(actor, "member.role", workspace, found.user.email, before=before, after=role)
    return found


def remove_member(workspace: Workspace, member_id: int, actor: Any) -> None:
    with transaction.atomic():
        found = _member(workspace, member_id)
        _keeps_an_admin(workspace, found)
        found.delete()
        record(actor, "member.remove", workspace, found.user.email, role=found.role)


def _member(workspace: Workspace, member_id: int) -> Membership:
    found = (Membership.objects.select_related("user")
             .filter(workspace=workspace, pk=member_id).first())
    if found is None:
        raise MemberError(404, Msg("web_members.no_member"), Msg("web_members.no_member.fix"))
    return found


def delete_workspace(workspace: Workspace, actor: Any) -> None:
    """Delete the workspace's rows (cascade) and, once that is committed, its files; the audit
    event outlives it (no workspace, the name as target)."""
    with transaction.atomic():
        record(actor, "workspace.delete", None, workspace.slug, name=workspace.name)
        Workspace.objects.filter(pk=workspace.pk).delete()
        # the files go once the deletion is committed: a deletion rolled back (by an enclosing
        # transaction) keeps the rows *and* the files they name
        transaction.on_commit(lambda: delete_files(workspace))


class AddForm(forms.Form):
    email = forms.EmailField()
    role = forms.ChoiceField(choices=Role.choices)


class CreateForm(forms.Form):
    email = forms.EmailField()
    password = forms.CharField(widget=forms.PasswordInput, strip=False)
    role = forms.ChoiceField(choices=Role.choices)


@workspace_view("admin")
@require_http_methods(["GET", "POST"])
def members_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The members; POST ``action`` = add | create | role | remove."""
    from django.core.exceptions import ValidationError

    workspace = workspace_of(request)
    action = request.POST.get("action", "")
    add_form, create_form = AddForm(), CreateForm()
    status = 200
    if request.method == "POST":
        try:
            if action == "add":
                add_form = AddForm(request.POST)
                if add_form.is_valid():
                    add_member(workspace, add_form.cleaned_data["email"],
                               add_form.cleaned_data["role"], request.user)
                    return redirect("members", slug=slug)
            elif action == "create":
                create_form = CreateForm(request.POST)
                if create_form.is_valid():
                    try:
                        create_member(workspace, create_form.cleaned_data["email"],
                                      create_form.cleaned_data["password"],
                                      create_form.cleaned_data["role"], request.user)
                        return redirect("members", slug=slug)
                    except ValidationError as error:
                        create_form.add_error("password", error)
            elif action == "role":
                change_role(workspace, _int(request.POST.get("member")),
                            request.POST.get("role", ""), request.user)
                return redirect("members", slug=slug)
            elif action == "remove":
                remove_member(workspace, _int(request.POST.get("member")), request.user)
                return redirect("members", slug=slug)
        except MemberError as error:
            messages.error(request, error.text())
            if action in ("role", "remove"):
                return redirect("members", slug=slug)
        status = 400  # a form with errors, or a refused add/create (its message is shown)
    members = (Membership.objects.select_related("user").filter(workspace=workspace)
               .order_by("user__email"))
    return render(request, "web/members.html", {
        "members": members, "add_form": add_form, "create_form": create_form,
        "roles": Role.values,
    }, status=status)


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


@workspace_view("admin")
@require_POST
def delete_workspace_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Delete the workspace after its name is typed again."""
    workspace = workspace_of(request)
    if request.POST.get("confirm_name", "").strip() != workspace.name:
        messages.error(request, tr(Msg("web_members.delete.mismatch")))
        return redirect("members", slug=slug)
    delete_workspace(workspace, request.user)
    messages.success(request, tr(Msg("web_members.delete.done", name=workspace.name)))
    return redirect("home")


urlpatterns = [
    path("members/", members_page, name="members"),
    path("members/delete-workspace/", delete_workspace_view, name="workspace_delete"),
]
