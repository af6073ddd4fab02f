"""Template context every page gets: the workspace being viewed, the user's role in it, the
languages for the switcher."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from postsale.i18n import LANGUAGES
from postsale.web.models import ROLE_RANK
from postsale.web.nav import nav_items


def workspace_context(request: HttpRequest) -> dict[str, Any]:
    found = getattr(request, "membership", None)
    rank = ROLE_RANK[found.role] if found is not None else 0
    return {
        "workspace": getattr(request, "workspace", None),
        "membership": found,
        "can_plan": rank >= ROLE_RANK["planner"],
        "can_admin": rank >= ROLE_RANK["admin"],
        "postsale_languages": LANGUAGES,
        "nav": nav_items(found.workspace.slug, found.role) if found is not None else [],
    }
