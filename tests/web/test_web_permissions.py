"""Access control, everywhere (issue 14, acceptance 1): every URL of ``postsale.web.urls`` and every
operation of ``/api/v1/openapi.json`` — discovered, never listed by hand, so a page or an operation
added later is checked the day it appears — requested as anonymous, a viewer, a planner and an
admin of acme, and the admin of another workspace (the outsider):

- anonymous: sent to sign in (pages) or 401 (API);
- the outsider: 404 for everything of acme (acme's existence is not disclosed);
- a member below the role: 403; at or above it: neither 401, 403 nor 404, and no server error.

The role a page needs is what its view declares (``@workspace_view(role)``, ``view.required_role``)
and an operation's is its ``x-postsale-role`` (``postsale.web.api.workspace_operation``); a page
under ``/w/<slug>/`` or an operation without one fails, and so does a declaration below the floor
that ``MINIMUM_ROLES`` / ``EXPECTED`` keep for the core pages (members are for admins, uploading is
for planners…). Object ids come from ``access_world``; the IDOR checks ask for another workspace's
objects through acme's URLs. Page POSTs go through Django's CSRF check with a valid token.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from access_world import (  # type: ignore[import-not-found]
    RANK,
    ROLES_IN_ORDER,
    build_world,
    kwarg_value,
    names_an_object,
)
from django.conf import settings
from django.db import transaction
from django.http import HttpResponseBase
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver

pytestmark = pytest.mark.django_db

#: pages anyone may open (their own rules: sign-in, first run from this machine only…)
PUBLIC = {"login", "logout", "set_language", "first_run", "health"}
#: floors by what a workspace URL does (regex on the route after /w/<slug>/, methods, role): the
#: issue's roles — admin manages members and settings, approves and deletes; planner uploads,
#: edits, runs what-ifs and assignments, locks and pins, proposes
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MINIMUM_ROLES: tuple[tuple[str, frozenset[str], str], ...] = (
    (r"member", UNSAFE | {"GET"}, "admin"),
    (r"setting", UNSAFE, "admin"),
    (r"delete|remove", UNSAFE, "admin"),
    (r"approve|reject", UNSAFE, "admin"),
    (r"upload|files", UNSAFE, "planner"),
    (r"propose", UNSAFE, "planner"),
    (r"lock|pin|rebalance|assign", UNSAFE, "planner"),
    (r"what-?if", UNSAFE, "planner"),
)
#: the core pages' exact role by URL name and method (a declaration above it hides the page
#: from people who should see it; below it lets in people who should not)
EXPECTED: dict[tuple[str, str], str] = {
    ("plan", "GET"): "viewer",
    ("uploads", "GET"): "viewer",
    ("uploads", "POST"): "planner",
    ("members", "GET"): "admin",
    ("members", "POST"): "admin",
    ("company_settings", "POST"): "admin",
}
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
KWARG = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@pytest.fixture
def world(team: dict[str, Any]) -> dict[str, Any]:
    return build_world(team)


# --- discovering the URLs ---------------------------------------------------------------------

def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    from postsale.web.api import api

    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == api.urls_namespace:
                continue  # the API: its operations are checked from its OpenAPI document
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def all_routes() -> list[tuple[str, URLPattern]]:
    from postsale.web import urls

    return list(_walk(urls.urlpatterns))


def _route_id(route: str, pattern: URLPattern) -> str:
    return pattern.name or route


def declared_role(pattern: URLPattern) -> str | None:
    view = pattern.callback
    role = getattr(view, "required_role", None)
    view_class = getattr(view, "view_class", None)
    if role is None and view_class is not None:
        role = getattr(getattr(view_class, "dispatch", None), "required_role", None)
    return role if isinstance(role, str) else None


def is_workspace_route(route: str) -> bool:
    return any(m.group("name") == "slug" for m in KWARG.finditer(route))


def build_url(route: str, world: dict[str, Any], who: str, where: str = "acme",
              name: str = "") -> str:
    if "(?" in route or route.startswith("^"):
        raise AssertionError(f"{route}: a regex URL; use path() so the test can fill it")

    def fill(match: re.Match[str]) -> str:
        value = kwarg_value(world, match.group("name"), match.group("converter") or "str", who,
                            where, f"URL {route}", name)
        return str(value)

    return "/" + KWARG.sub(fill, route)


def url_of(route: str, pattern: URLPattern, world: dict[str, Any], who: str,
           where: str = "acme") -> str:
    return build_url(route, world, who, where, pattern.name or "")


def effective_role(route: str, pattern: URLPattern, method: str, declared: str) -> str:
    """The role the URL must need for ``method``: the exact table for core pages, otherwise the
    declaration raised to the floor of what the URL does."""
    exact = EXPECTED.get((pattern.name or "", method))
    if exact is not None:
        return exact
    tail = route.split("<slug:slug>/", 1)[-1]
    role = declared
    for regex, methods, floor in MINIMUM_ROLES:
        if method in methods and re.search(regex, tail) and RANK[floor] > RANK[role]:
            role = floor
    return role


ROUTES = all_routes()
WORKSPACE_ROUTES = [(r, p) for r, p in ROUTES if is_workspace_route(r)]
OTHER_ROUTES = [(r, p) for r, p in ROUTES if not is_workspace_route(r)]


# --- requesting them --------------------------------------------------------------------------

def browser_as(team: dict[str, Any], who: str) -> tuple[Client, str]:
    """A client that enforces CSRF like a real browser, signed in as ``who``, and its token."""
    browser = Client(enforce_csrf_checks=True)
    if who != "anonymous":
        browser.force_login(team[who], backend="django.contrib.auth.backends.ModelBackend")
    page = browser.get("/" if who != "anonymous" else "/login/")
    assert page.status_code == 200, page.status_code
    return browser, browser.cookies[settings.CSRF_COOKIE_NAME].value


def call(browser: Client, token: str, method: str, url: str) -> HttpResponseBase:
    """One request, its database changes rolled back (a delete as admin leaves the object for the
    next caller), with a valid CSRF token on an unsafe method (empty ``token``: none sent)."""
    from postsale.web.books import forget_books

    with transaction.atomic():
        if method == "GET":
            response = browser.get(url)
        elif not token:
            response = browser.generic(method, url)
        elif method == "POST":
            response = browser.post(url, {"csrfmiddlewaretoken": token}, HTTP_X_CSRFTOKEN=token)
        else:
            response = browser.generic(method, url, HTTP_X_CSRFTOKEN=token)
        transaction.set_rollback(True)
    forget_books()
    return response


def _to_login(response: HttpResponseBase) -> bool:
    if response.status_code == 401:
        return True
    return (response.status_code == 302
            and response.get("Location", "").startswith(resolve_url(settings.LOGIN_URL)))


def _verdict(response: HttpResponseBase, who: str, role: str, outsider_404: bool = True
             ) -> str | None:
    """What is wrong with ``response`` for ``who`` on a page needing ``role`` (None: right)."""
    status = response.status_code
    if who == "anonymous":
        return None if _to_login(response) else f"anonymous got {status}, not sign-in"
    if who == "outsider" and outsider_404:
        return None if status == 404 else f"outsider got {status}, not 404"
    if who != "outsider" and RANK[who] < RANK[role]:
        return None if status == 403 else f"{who} (below {role}) got {status}, not 403"
    if status in (401, 403, 404) or status >= 500 or _to_login(response):
        return f"{who} (role {role} needed) got {status}"
    return None


def test_the_walk_finds_the_pages() -> None:
    names = {p.name for _, p in ROUTES}
    assert {"home", "login", "plan", "uploads"} <= names
    assert all(not r.startswith("api/") for r, _ in ROUTES)
    assert ("w/<slug:slug>/plan/", "plan") in {(r, p.name) for r, p in WORKSPACE_ROUTES}


def test_the_expected_roles_name_real_pages() -> None:
    """An entry of ``EXPECTED`` under a name no URL has would check nothing."""
    names = {p.name for _, p in WORKSPACE_ROUTES}
    assert not {name for name, _method in EXPECTED} - names


def test_every_workspace_page_declares_its_role() -> None:
    undeclared = [route for route, pattern in WORKSPACE_ROUTES if declared_role(pattern) is None]
    assert not undeclared, ("views under /w/<slug>/ without @workspace_view(role): "
                            f"{undeclared}")


def test_every_workspace_page_allows_exactly_its_roles(world: dict[str, Any]) -> None:
    team = world["team"]
    browsers = {who: browser_as(team, who) for who in ROLES_IN_ORDER}
    problems: list[str] = []
    checked = 0
    for route, pattern in WORKSPACE_ROUTES:
        declared = declared_role(pattern)
        if declared is None:
            problems.append(f"{route}: no @workspace_view(role)")
            continue
        for method in METHODS:
            admin = call(*browsers["admin"], method, url_of(route, pattern, world, "admin"))
            if admin.status_code == 405:
                continue  # the view does not take this method (for anyone)
            role = effective_role(route, pattern, method, declared)
            for who in ROLES_IN_ORDER:
                url = url_of(route, pattern, world, who)
                wrong = _verdict(call(*browsers[who], method, url), who, role)
                checked += 1
                if wrong:
                    problems.append(f"{method} {url} ({_route_id(route, pattern)}): {wrong}")
    assert checked >= 2 * len(ROLES_IN_ORDER)
    assert not problems, "\n".join(problems)


def test_another_workspaces_objects_are_404_through_acme_and_for_acme_members(
        world: dict[str, Any]) -> None:
    """IDOR: an object of workspace other, asked for under /w/acme/… (acme admin: the view must
    look objects up within acme) and under /w/other/… (acme admin is no member there)."""
    team = world["team"]
    admin = browser_as(team, "admin")
    problems: list[str] = []
    with_objects = [(r, p) for r, p in WORKSPACE_ROUTES
                    if any(names_an_object(m.group("name"), m.group("converter") or "str")
                           for m in KWARG.finditer(r))]
    for route, pattern in with_objects:
        for method in METHODS:
            if call(*admin, method, url_of(route, pattern, world, "admin")).status_code == 405:
                continue
            own_slug = url_of(route, pattern, world, "admin", "other").replace("/w/other/", "/w/acme/", 1)
            for url in (own_slug, url_of(route, pattern, world, "admin", "other")):
                status = call(*admin, method, url).status_code
                if status != 404:
                    problems.append(f"{method} {url} as acme admin: {status}, not 404")
    assert not problems, "\n".join(problems)


def test_pages_outside_workspaces_need_sign_in_unless_public(world: dict[str, Any]) -> None:
    team = world["team"]
    anonymous, viewer = browser_as(team, "anonymous"), browser_as(team, "viewer")
    problems: list[str] = []
    for route, pattern in OTHER_ROUTES:
        for method in METHODS:
            url = url_of(route, pattern, world, "viewer")
            signed_in = call(*viewer, method, url)
            if signed_in.status_code == 405:
                continue
            stranger = call(*anonymous, method, url)
            if stranger.status_code >= 500 or signed_in.status_code >= 500:
                problems.append(f"{method} {url}: server error")
            if pattern.name in PUBLIC:
                continue
            if not _to_login(stranger):
                problems.append(f"{method} {url} ({_route_id(route, pattern)}): anonymous got "
                                f"{stranger.status_code}; sign-in needed (or add it to PUBLIC)")
            if signed_in.status_code in (401, 403, 404):
                problems.append(f"{method} {url}: a signed-in user got {signed_in.status_code}")
    assert not problems, "\n".join(problems)


class _Forms(HTMLParser):
    """Every <form>: its method and whether a csrfmiddlewaretoken field is inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._open: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self._open = {"method": (found.get("method") or "get").lower(),
                          "action": found.get("action") or "", "token": False}
            self.forms.append(self._open)
        elif tag == "input" and self._open is not None and found.get("name") == "csrfmiddlewaretoken":
            self._open["token"] = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None


def test_every_post_form_on_every_page_carries_the_csrf_token(world: dict[str, Any]) -> None:
    team = world["team"]
    admin, anonymous = browser_as(team, "admin"), browser_as(team, "anonymous")
    problems: list[str] = []
    pages = 0
    for route, pattern in ROUTES:
        who = anonymous if pattern.name in PUBLIC else admin
        url = url_of(route, pattern, world, "admin")
        response = call(*who, "GET", url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        parser = _Forms()
        parser.feed(response.content.decode("utf-8"))
        problems += [f"{url}: POST form to {form['action']!r} without csrfmiddlewaretoken"
                     for form in parser.forms if form["method"] == "post" and not form["token"]]
    assert pages >= 3
    assert not problems, "\n".join(problems)


def test_a_forged_post_without_the_token_is_refused(team: dict[str, Any]) -> None:
    browser, token = browser_as(team, "admin")
    assert browser.post("/", {"name": "Forged"}).status_code == 403
    assert browser.post("/", {"name": "Real", "csrfmiddlewaretoken": token}).status_code == 302


def test_every_page_refuses_an_unsafe_request_without_the_csrf_token(
        world: dict[str, Any]) -> None:
    """No view is ``csrf_exempt``: whatever unsafe method a page takes, without the token it is
    refused before the view runs."""
    team = world["team"]
    admin, anonymous = browser_as(team, "admin"), browser_as(team, "anonymous")
    problems: list[str] = []
    refused = 0
    for route, pattern in ROUTES:
        who = anonymous if pattern.name in PUBLIC else admin
        url = url_of(route, pattern, world, "admin")
        for method in sorted(UNSAFE):
            if call(*who, method, url).status_code == 405:
                continue
            status = call(who[0], "", method, url).status_code
            refused += status == 403
            if status != 403:
                problems.append(f"{method} {url} without a CSRF token: {status}, not 403")
    assert refused >= 2
    assert not problems, "\n".join(problems)


# --- the API ----------------------------------------------------------------------------------

def openapi() -> dict[str, Any]:
    document: dict[str, Any] = Client().get("/api/v1/openapi.json").json()
    return document


def _resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        target: Any = document
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def example(schema: dict[str, Any], document: dict[str, Any], world: dict[str, Any], who: str,
            name: str = "", where: str = "acme", key: str = "") -> Any:
    """A small valid instance of ``schema``; a property named like a URL kwarg (``version_id``,
    ``number``, ``kind``…) gets the object of acme it names (``key``: the operation id, for its
    ``OVERRIDES``)."""
    schema = _resolve(schema, document)
    if name:
        try:
            return kwarg_value(world, name, str(schema.get("type", "str")), who, where, "body",
                               key)
        except LookupError:
            pass
    for key in ("const", "default", "example"):
        if key in schema:
            return schema[key]
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [o for o in schema[key] if _resolve(o, document).get("type") != "null"]
            return example((options or schema[key])[0], document, world, who, name)
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            merged.update(_resolve(part, document))
        return example(merged, document, world, who, name)
    kind = schema.get("type", "object")
    if kind == "object":
        return {key: example(value, document, world, who, key)
                for key, value in schema.get("properties", {}).items()
                if key in schema.get("required", [])}
    if kind == "array":
        return [example(schema.get("items", {}), document, world, who)
                for _ in range(schema.get("minItems", 0))]
    if kind == "integer":
        return max(int(schema.get("minimum", 1)), 1)
    if kind == "number":
        return float(schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    formats = {"date": "2026-11-25", "date-time": "2026-11-25T00:00:00Z", "email": "a@b.test"}
    return formats.get(schema.get("format", ""), "x" * max(int(schema.get("minLength", 1)), 1))


def api_request(world: dict[str, Any], document: dict[str, Any], path: str, method: str,
                operation: dict[str, Any], who: str, where: str = "acme") -> tuple[str, dict[str, Any]]:
    """The URL and the test-client arguments for one call of an operation."""
    params = {p["name"]: p for p in operation.get("parameters", [])}

    def fill(match: re.Match[str]) -> str:
        schema = _resolve(params.get(match.group(1), {}).get("schema", {}), document)
        value = kwarg_value(world, match.group(1), str(schema.get("type", "string")), who, where,
                            f"{method.upper()} {path}", str(operation.get("operationId", "")))
        return str(value)

    url = re.sub(r"\{([^}]+)\}", fill, path)
    query = {name: example(p.get("schema", {}), document, world, who, name, where,
                           str(operation.get("operationId", "")))
             for name, p in params.items() if p.get("in") == "query"
             and (p.get("required") or names_an_object(name, str(_resolve(p.get("schema", {}),
                                                                          document).get("type"))))}
    arguments: dict[str, Any] = {"QUERY_STRING": "&".join(f"{k}={v}" for k, v in query.items())}
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        body = example(content["application/json"]["schema"], document, world, who)
        arguments.update(data=json.dumps(body), content_type="application/json")
    elif "multipart/form-data" in content:
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

        schema = _resolve(content["multipart/form-data"]["schema"], document)
        fields: dict[str, Any] = {}
        for key in schema.get("required", []):
            part = _resolve(schema["properties"][key], document)
            fields[key] = (SimpleUploadedFile("accounts.csv", b"account_id\nA-1\n", "text/csv")
                           if part.get("format") == "binary"
                           else example(part, document, world, who, key))
        arguments.update(data=encode_multipart(BOUNDARY, fields), content_type=MULTIPART_CONTENT)
    return url, arguments


def api_call(world: dict[str, Any], who: str, method: str, url: str,
             arguments: dict[str, Any]) -> HttpResponseBase:
    """One call with the caller's Bearer token (and no CSRF token: a Bearer call needs none),
    rolled back afterwards."""
    from postsale.web.books import forget_books

    client = Client(enforce_csrf_checks=True)
    headers = {} if who == "anonymous" else {"HTTP_AUTHORIZATION": f"Bearer {world['tokens'][who]}"}
    with transaction.atomic():
        response = client.generic(method.upper(), url, **headers, **arguments)
        transaction.set_rollback(True)
    forget_books()
    return response


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, operation) for path, item in document["paths"].items()
            for method, operation in item.items()
            if method in {"get", "post", "put", "patch", "delete"}]


def test_every_operation_declares_its_role() -> None:
    from postsale.web.api import ROLE_KEY, ROLES

    found = operations(openapi())
    assert found, "the OpenAPI document lists no operation"
    missing = [f"{m.upper()} {p}" for p, m, o in found if o.get(ROLE_KEY) not in ROLES]
    assert not missing, (f"operations without {ROLE_KEY} (declare them with workspace_operation "
                         f"or caller_operation, postsale.web.api): {missing}")
    in_workspace = [f"{m.upper()} {p}" for p, m, o in found
                    if "{slug}" in p and o.get(ROLE_KEY) not in ("viewer", "planner", "admin")]
    assert not in_workspace, f"workspace operations need a workspace role: {in_workspace}"


def test_every_operation_allows_exactly_its_roles(world: dict[str, Any]) -> None:
    from postsale.web.api import ROLE_KEY

    document = openapi()
    problems: list[str] = []
    for path, method, operation in operations(document):
        role = operation.get(ROLE_KEY)
        if role is None:
            problems.append(f"{method.upper()} {path}: no {ROLE_KEY}")
            continue
        for who in ROLES_IN_ORDER:
            url, arguments = api_request(world, document, path, method, operation, who)
            response = api_call(world, who, method, url, arguments)
            wrong = _verdict(response, who, "viewer" if role == "user" else role,
                             outsider_404="{slug}" in path)
            if who == "anonymous" and response.status_code != 401:
                wrong = f"anonymous got {response.status_code}, not 401"
            if wrong:
                problems.append(f"{method.upper()} {url}: {wrong} — {response.content[:200]!r}")
    assert not problems, "\n".join(problems)


def test_operations_on_another_workspaces_objects_are_404(world: dict[str, Any]) -> None:
    """IDOR through the API: other's objects under /workspaces/acme/… and under
    /workspaces/other/… as acme's admin; another user's token through /tokens/{token_id}. An
    object named in the path must be 404; one named in the query string 404 or refused (400/422)."""
    document = openapi()
    problems: list[str] = []
    checked = 0
    for path, method, operation in operations(document):
        params = {p["name"]: p for p in operation.get("parameters", [])}

        def objects(where: str, params: dict[str, Any] = params) -> list[str]:
            return [name for name, p in params.items() if p.get("in") == where
                    and names_an_object(name, str(_resolve(p.get("schema", {}), document)
                                                  .get("type", "string")))]

        in_path, in_query = objects("path"), objects("query")
        if not in_path and not in_query:
            continue
        allowed = {404} if in_path else {400, 404, 422}
        url, arguments = api_request(world, document, path, method, operation, "admin", "other")
        for target in sorted({url, url.replace("/workspaces/other/", "/workspaces/acme/", 1)}):
            status = api_call(world, "admin", method, target, arguments).status_code
            checked += 1
            if status not in allowed:
                problems.append(f"{method.upper()} {target} as acme admin: {status}, not "
                                f"{sorted(allowed)}")
    assert checked >= 1  # DELETE /tokens/{token_id} at least
    assert not problems, "\n".join(problems)


def test_roles_are_declared_through_the_helpers() -> None:
    from ninja import Router

    from postsale.web.api import caller_operation, workspace_operation

    router = Router()
    with pytest.raises(ValueError, match="workspace role"):
        workspace_operation(router, "get", "/workspaces/{slug}/x", role="user")
    with pytest.raises(ValueError, match="unknown role"):
        workspace_operation(router, "get", "/workspaces/{slug}/x", role="owner")

    @caller_operation(router, "get", "/mine")
    def mine(request: Any) -> dict[str, str]:
        return {}

    assert mine.required_role == "user"  # type: ignore[attr-defined]
