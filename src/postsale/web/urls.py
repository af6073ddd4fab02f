"""URL map: sign-in and workspaces, one module per page area, the API under /api/v1/."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import set_language

from postsale.web.api import api
from postsale.web.views import (
    audit,
    core,
    jobs,
    members,
    orgchart,
    owners,
    plan,
    projection,
    settings_views,
    tokens,
    uploads,
    versions,
)

#: one module per page area; each adds its own named URLs under /w/<workspace>/
AREAS = (plan, uploads, orgchart, owners, versions, settings_views, members, audit, projection,
         jobs)

urlpatterns: list[URLPattern | URLResolver] = [
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html",
                                                redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    *core.urlpatterns,
    *tokens.urlpatterns,
    *(path("w/<slug:slug>/", include(area.urlpatterns)) for area in AREAS),
]
