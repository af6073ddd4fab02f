"""Web app fixtures: users of every role, a workspace with a small sample book, clients signed in
as each of them. Every test using the database runs on SQLite by default and on PostgreSQL when
``DATABASE_URL`` points at one (scripts/test runs this folder a second time that way)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from postsale.sample import generate_accounts

TODAY = dt.date(2026, 11, 25)
PASSWORD = "correct-horse-battery-9"


@pytest.fixture(autouse=True, scope="session")
def _files_in_the_tests_folder() -> None:
    """Uploads and versions go to the tests' temporary data folder. pytest-django imports the
    settings before tests/conftest.py sets POSTSALE_DATA_DIR, so without this MEDIA_ROOT is
    ./postsale-data/files of the checkout (where the skeleton's test files were committed).

    One folder per pytest-xdist worker: the workers inherit the controller's POSTSALE_DATA_DIR
    and each numbers its workspaces from 1, so a test deleting ``ws-1`` in one worker would
    otherwise delete the files of another worker's ``ws-1`` in the middle of its test."""
    from django.conf import settings

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    settings.MEDIA_ROOT = Path(os.environ["POSTSALE_DATA_DIR"]) / "files" / worker


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Django's PBKDF2 with 1,000 rounds instead of a million: every user made and every sign-in
    attempt hashes, and a million rounds cost about a second each on a busy machine. Same
    algorithm and stored format; the production rounds are checked in test_web_security.py."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    monkeypatch.setattr(PBKDF2PasswordHasher, "iterations", 1000)


@pytest.fixture(autouse=True)
def _fresh_book_cache() -> None:
    from postsale.web.books import forget_books

    forget_books()


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    from django.contrib.auth import get_user_model

    def make(email: str, *, superuser: bool = False) -> Any:
        model = get_user_model()
        if superuser:
            return model.objects.create_superuser(username=email, email=email, password=PASSWORD)
        return model.objects.create_user(username=email, email=email, password=PASSWORD)

    return make


@pytest.fixture
def make_workspace(db: Any) -> Callable[..., Any]:
    """A workspace named ``name`` with a sample book of ``customers`` accounts (or none)."""
    from postsale.web.models import Workspace
    from postsale.web.uploads_store import store_columns
    from postsale.web.views.core import unique_slug

    def make(name: str = "Acme", customers: int | None = 120, seed: int = 3,
             company_toml: str = "") -> Any:
        workspace = Workspace.objects.create(name=name, slug=unique_slug(name),
                                             company_toml=company_toml)
        if customers:
            store_columns(workspace, generate_accounts(customers, seed, TODAY),
                          "accounts.csv", today=TODAY)
        return workspace

    return make


@pytest.fixture
def team(make_user: Callable[..., Any], make_workspace: Callable[..., Any]) -> dict[str, Any]:
    """Workspace ``acme`` (with a book) and ``other``; a viewer, planner and admin of acme and an
    admin of other (the outsider)."""
    from postsale.web.models import Membership, Role

    acme, other = make_workspace("Acme"), make_workspace("Other", customers=None)
    people = {
        "viewer": make_user("viewer@acme.test"),
        "planner": make_user("planner@acme.test"),
        "admin": make_user("admin@acme.test"),
        "outsider": make_user("admin@other.test"),
    }
    for role in (Role.VIEWER, Role.PLANNER, Role.ADMIN):
        Membership.objects.create(workspace=acme, user=people[role], role=role)
    Membership.objects.create(workspace=other, user=people["outsider"], role=Role.ADMIN)
    return {"acme": acme, "other": other, **people}


@pytest.fixture
def client_as(team: dict[str, Any]) -> Callable[[str], Client]:
    """A test client signed in as ``viewer``/``planner``/``admin``/``outsider``, or ``anonymous``."""

    def client(who: str) -> Client:
        browser = Client()
        if who != "anonymous":
            browser.force_login(team[who], backend="django.contrib.auth.backends.ModelBackend")
        return browser

    return client
