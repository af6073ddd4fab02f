"""Sign-in, the workspace list, creating a workspace, the first-run page and the health check."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from postsale.core.msg import Msg
from postsale.i18n import tr
from postsale.web.audit import record
from postsale.web.models import Membership, Role, Workspace

LOCAL_ADDRESSES = {"127.0.0.1", "::1"}


class WorkspaceForm(forms.Form):
    name = forms.CharField(max_length=200)

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if not slugify(name):
            raise forms.ValidationError(tr(Msg("web.workspace.name_invalid")))
        return name


def unique_slug(name: str) -> str:
    base = slugify(name)[:60] or "workspace"
    slug, n = base, 1
    while Workspace.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@login_required
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    """The user's workspaces; anyone signed in may create one (and becomes its admin)."""
    user = request.user
    assert isinstance(user, get_user_model())  # login_required  # i18n: not text
    form = WorkspaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            workspace = Workspace.objects.create(name=form.cleaned_data["name"],
                                                 slug=unique_slug(form.cleaned_data["name"]),
                                                 created_by=user)
            Membership.objects.create(workspace=workspace, user=user, role=Role.ADMIN)
            record(request.user, "workspace.create", workspace, workspace.slug)
        return redirect("uploads", slug=workspace.slug)
    memberships = (Membership.objects.select_related("workspace").filter(user=user)
                   .order_by("workspace__name"))
    return render(request, "web/home.html", {"memberships": memberships, "form": form})


class FirstAdminForm(forms.Form):
    email = forms.EmailField()
    password = forms.CharField(widget=forms.PasswordInput, strip=False)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        validate_password(password)
        return password


@require_http_methods(["GET", "POST"])
def first_run(request: HttpRequest) -> HttpResponse:
    """Create the first admin — only while no user exists, and only from this machine."""
    user_model = get_user_model()
    if user_model.objects.exists() or request.META.get("REMOTE_ADDR") not in LOCAL_ADDRESSES:
        raise Http404
    form = FirstAdminForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        with transaction.atomic():
            user = user_model.objects.create_user(username=email, email=email,
                                                  password=form.cleaned_data["password"],
                                                  is_staff=True, is_superuser=True)
            record(user, "user.create_first_admin", None, email)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("home")
    return render(request, "web/first_run.html", {"form": form})


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("", home, name="home"),
    path("first-run/", first_run, name="first_run"),
    path("healthz", health, name="health"),
]
