"""The workspace navigation: (URL name, message code, role needed); links whose page a role may
not open are not shown."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

from postsale.web.models import ROLE_RANK

NAV: tuple[tuple[str, str, str], ...] = (
    ("plan", "web.nav.plan", "viewer"),
    ("orgchart", "web.nav.orgchart", "viewer"),
    ("owners", "web.nav.owners", "viewer"),
    ("projection", "web.nav.projection", "viewer"),
    ("versions", "web.nav.versions", "viewer"),
    ("uploads", "web.nav.uploads", "viewer"),
    ("company_settings", "web.nav.settings", "viewer"),
    ("members", "web.nav.members", "admin"),
    ("audit", "web.nav.audit", "viewer"),
    ("jobs", "web_proj.nav.jobs", "viewer"),
)


def nav_items(slug: str, role: str) -> list[dict[str, Any]]:
    items = []
    for name, code, needed in NAV:
        if ROLE_RANK[role] < ROLE_RANK[needed]:
            continue
        try:
            url = reverse(name, kwargs={"slug": slug})
        except NoReverseMatch:
            continue
        items.append({"name": name, "code": code, "url": url})
    return items
