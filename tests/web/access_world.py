"""The world the access-control tests walk: every kind of object a URL or an API path can name,
in workspace ``acme`` and in workspace ``other``, and the table that turns a URL kwarg or a path
parameter into a value.

Object ids: every object of acme the tests create has the *same* primary key, ``ACME_PK`` (a
version, a job, an upload, a membership and its user, a lock), and every object of other has
``OTHER_PK``. So a path parameter named ``pk`` or ``id`` resolves to an object of acme whatever
model the view looks up — and the IDOR check asks for ``OTHER_PK`` under ``/w/acme/``, which
exists only in other. Version numbers: acme has number 1 of each kind, other has only number 7.

Used by ``test_web_permissions.py`` (pages and API operations) and ``test_web_schemathesis.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

ACME_PK = 90001
OTHER_PK = 90002
ACME_NUMBER = 1
OTHER_NUMBER = 7
ROLES_IN_ORDER = ("anonymous", "outsider", "viewer", "planner", "admin")
RANK = {"user": 0, "viewer": 1, "planner": 2, "admin": 3}


def _set_pk(model: Any, row: Any, pk: int) -> Any:
    """Give an existing row a chosen primary key (nothing refers to it yet)."""
    model.objects.filter(pk=row.pk).update(id=pk)
    return model.objects.get(pk=pk)


#: the seed versions' payloads by book (the same sample book in every test: computed once)
_PAYLOADS: dict[str, dict[str, dict[str, Any]]] = {}


def _versions(workspace: Any, author: Any, pk: int, number: int, today: dt.date) -> dict[str, Any]:
    """One version of each kind with real payloads (plan, assignment, projection) when the
    workspace has a book; the plan one gets ``pk``; all get ``number``."""
    from postsale.api import run_assignment, run_plan, run_projection
    from postsale.web.books import NoBookError, loaded_book
    from postsale.web.models import Version, VersionStatus
    from postsale.web.versions_store import create_version

    payloads: dict[str, dict[str, Any]] = {"plan": {}, "assignment": {}, "projection": {}}
    try:
        loaded = loaded_book(workspace, today)
    except NoBookError:
        loaded = None
    key = "" if loaded is None else repr((sorted((k, u.sha256) for k, u in loaded.uploads.items()),
                                          workspace.company_toml, today))
    if key in _PAYLOADS:
        payloads = _PAYLOADS[key]
    elif loaded is not None:
        run = run_plan(loaded.book, loaded.company, today=loaded.today)
        payloads["plan"] = run.result.to_dict()
        payloads["assignment"] = run_assignment(run, loaded.company).to_dict()
        payloads["projection"] = run_projection(loaded.book, loaded.company, today=loaded.today,
                                                months=3, paths=20, seed=1).to_dict()
        _PAYLOADS[key] = payloads
    made: dict[str, Any] = {}
    for kind, payload in payloads.items():
        version = create_version(workspace, kind, author=author, payload=payload, summary={},
                                 owners_csv=b"account_id,owner_id\n" if kind == "assignment"
                                 else None, title=f"{kind} seed",
                                 status=VersionStatus.APPROVED)
        Version.objects.filter(pk=version.pk).update(number=number)
        made[kind] = version
    made["plan"] = _set_pk(Version, made["plan"], pk)
    return made


def _objects(workspace: Any, admin: Any, pk: int, number: int, email: str,
             today: dt.date) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from postsale.web.models import (
        AccountControl,
        ApiToken,
        Job,
        JobStatus,
        Membership,
        Role,
        Upload,
        Workspace,
    )

    found: dict[str, Any] = {"workspace": workspace}
    user = get_user_model().objects.create_user(pk=pk, username=email, email=email,
                                                password=None)
    found["user"] = user
    found["membership"] = Membership.objects.create(pk=pk, workspace=workspace, user=user,
                                                    role=Role.VIEWER)
    source = Upload.objects.filter(workspace__slug="acme").order_by("uploaded_at").first()
    assert source is not None, "workspace acme needs its sample book"  # i18n: not text
    found["upload"] = Upload.objects.create(
        pk=pk, workspace=workspace, kind=source.kind, original_name="seed.csv",
        stored_path=source.stored_path, size=source.size, sha256=source.sha256, rows=source.rows,
        status=source.status, uploaded_by=admin,
        uploaded_at=source.uploaded_at - dt.timedelta(days=1))
    found["versions"] = _versions(Workspace.objects.get(pk=workspace.pk), admin, pk, number, today)
    found["job"] = Job.objects.create(pk=pk, workspace=workspace, kind="projection",
                                      status=JobStatus.DONE, progress=1.0, created_by=admin,
                                      version=found["versions"]["projection"])
    # the jobs of the other kinds a page shows only by its own kind (pk + 100, + 200, …)
    found["jobs"] = {"projection": found["job"]}
    for step, (kind, params, version) in enumerate((
            ("import", {"upload": pk}, None),
            ("rebalance", {}, found["versions"]["assignment"])), start=1):
        found["jobs"][kind] = Job.objects.create(
            pk=pk + 100 * step, workspace=workspace, kind=kind, params=params,
            status=JobStatus.DONE, progress=1.0, created_by=admin, version=version)
    found["control"] = AccountControl.objects.create(pk=pk, workspace=workspace,
                                                     account_id="A-SEED", locked=True)
    found["token"] = ApiToken.issue(user, "seed")[0]
    return found


def build_world(team: dict[str, Any]) -> dict[str, Any]:
    """Seed acme and other (see the module docstring) and give every signed-in person a Bearer
    token and a spare token (the one a ``{token_id}`` path names)."""
    from conftest import TODAY  # type: ignore[attr-defined]
    from postsale.web.books import loaded_book
    from postsale.web.models import ApiToken

    acme, other = team["acme"], team["other"]
    world: dict[str, Any] = {
        "team": team,
        "acme": _objects(acme, team["admin"], ACME_PK, ACME_NUMBER, "extra@acme.test", TODAY),
        "other": _objects(other, team["outsider"], OTHER_PK, OTHER_NUMBER, "extra@other.test",
                          TODAY),
        "tokens": {}, "spare_tokens": {},
    }
    for who in ("viewer", "planner", "admin", "outsider"):
        world["tokens"][who] = ApiToken.issue(team[who], f"{who} key")[1]
        world["spare_tokens"][who] = ApiToken.issue(team[who], f"{who} spare")[0].pk
    world["account_id"] = str(loaded_book(acme, TODAY).book.account_id[0])
    return world


#: a URL kwarg or path parameter -> its value, from (world, caller, workspace key "acme"/"other")
Resolver = Callable[[dict[str, Any], str, str], Any]


def _pk(world: dict[str, Any], who: str, where: str) -> Any:
    return ACME_PK if where == "acme" else OTHER_PK


def _number(world: dict[str, Any], who: str, where: str) -> Any:
    return ACME_NUMBER if where == "acme" else OTHER_NUMBER


def _token(world: dict[str, Any], who: str, where: str) -> Any:
    """The caller's own spare token; for the IDOR check, someone else's."""
    if where == "acme":
        return world["spare_tokens"].get(who, world["acme"]["token"].pk)
    return world["other"]["token"].pk


def _stranger_email(world: dict[str, Any], who: str, where: str) -> Any:
    """An existing user who is no member of the workspace (the one a new member is)."""
    return world["team"]["outsider" if where == "acme" else "viewer"].email


#: named parameters; anything else ending in ``_id``/``_pk`` (an integer) resolves like ``pk``.
#: A kwarg found nowhere fails the tests with its name: add it here.
KWARGS: dict[str, Resolver] = {
    "slug": lambda world, who, where: where,
    "pk": _pk,
    "id": _pk,
    "number": _number,
    "a": _number,  # version comparisons: /compare/<a>/<b>/
    "b": _number,
    "number_a": _number,
    "number_b": _number,
    "token_id": _token,
    "kind": lambda world, who, where: "plan",
    "version_kind": lambda world, who, where: "plan",
    "file_kind": lambda world, who, where: "accounts",
    "account_id": lambda world, who, where: world["account_id"],
    "email": _stranger_email,  # adding a member: an existing user (an unknown email is 404)
}


def _job_pk(kind: str) -> Resolver:
    """The pk of the seed job of ``kind`` (the projection one is ``ACME_PK``/``OTHER_PK``)."""
    return lambda world, who, where: world[where]["jobs"][kind].pk


def _version_pk(kind: str) -> Resolver:
    """The pk of the seed version of ``kind`` (the plan one is ``ACME_PK``/``OTHER_PK``)."""
    return lambda world, who, where: world[where]["versions"][kind].pk


#: one URL's or operation's own reading of a parameter, keyed ``"<URL name or operationId>:<name>"``
#: — for a view that looks up a *particular* kind by ``pk`` (an assignment version, say):
#: ``"owners_version:pk": _version_pk("assignment")``
OVERRIDES: dict[str, Resolver] = {
    "version_owners:pk": _version_pk("assignment"),  # only an assignment has an owners CSV
    "uploads_job:job_id": _job_pk("import"),  # the files page polls its import jobs only
    "owners_job:job_id": _job_pk("rebalance"),  # the owners page its rebalances only
    "versions_compare:a": _pk,  # the API compares versions by id (the page: by number)
    "versions_compare:b": _pk,
}


def names_an_object(name: str, converter: str) -> bool:
    """Whether parameter ``name`` names a stored object of one workspace (a row by pk, a version
    by number, a token) — the parameters the IDOR checks swap for another workspace's."""
    resolver = KWARGS.get(name)
    if resolver is None and converter in {"int", "integer"} and re.search(r"(^|_)(id|pk)$", name):
        resolver = _pk
    return resolver in (_pk, _number, _token) or any(
        override.endswith(f":{name}") for override in OVERRIDES)


def kwarg_value(world: dict[str, Any], name: str, converter: str, who: str, where: str,
                origin: str, key: str = "") -> Any:
    """The value of URL kwarg / path parameter ``name`` (``converter``: int, str, slug, path…)
    for the URL named / the operation with id ``key``."""
    resolver = OVERRIDES.get(f"{key}:{name}") or KWARGS.get(name)
    if resolver is None and converter in {"int", "integer"} and re.search(r"(^|_)(id|pk)$", name):
        resolver = _pk
    if resolver is None:
        raise LookupError(f"{origin}: no value for the parameter {name!r} ({converter}); add it to "
                          f"KWARGS in tests/web/access_world.py")
    return resolver(world, who, where)
