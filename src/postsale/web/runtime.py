"""Starting the web app from the CLI: configure Django from options, apply migrations, serve with
gunicorn, create users, seed the demo workspace. ``postsale serve``/``worker``/``users`` call these;
nothing here is imported unless the web extras are installed."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any


def configure(data_dir: Path | None = None, database_url: str | None = None) -> None:
    """Point Django at the data directory and database, then set it up (once per process)."""
    if data_dir is not None:
        os.environ["POSTSALE_DATA_DIR"] = str(data_dir)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "postsale.web.settings")
    import django
    from django.conf import settings

    Path(os.environ.get("POSTSALE_DATA_DIR", "postsale-data")).mkdir(parents=True, exist_ok=True)
    if not settings.configured or not getattr(django, "_postsale_ready", False):
        django.setup()
        django._postsale_ready = True  # type: ignore[attr-defined]


def migrate() -> None:
    """Apply the database migrations (idempotent; safe with several processes on PostgreSQL)."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Run the WSGI app with gunicorn (threads per process; workers share the database)."""
    from gunicorn.app.base import BaseApplication

    from postsale.web.wsgi import application

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("timeout", 120)
            self.cfg.set("accesslog", None)
            self.cfg.set("limit_request_line", 8190)

        def load(self) -> Any:
            return application

    Server().run()


def create_user(email: str, password: str, role: str, workspace_slug: str | None) -> tuple[Any, bool]:
    """Create (or update the password and role of) a user. ``role`` admin with no workspace makes
    a site admin (admin of every workspace, may create workspaces); with a workspace, a member of
    it with that role. Returns the user and whether it was created."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.db import transaction

    from postsale.web.audit import record
    from postsale.web.models import Membership, Workspace

    user_model = get_user_model()
    email = email.strip().lower()
    with transaction.atomic():
        user = user_model.objects.filter(username=email).first()
        created = user is None
        if user is None:
            user = user_model(username=email, email=email)
        validate_password(password, user)
        user.set_password(password)
        if role == "admin" and workspace_slug is None:
            user.is_staff = user.is_superuser = True
        user.save()
        if workspace_slug is not None:
            workspace = Workspace.objects.get(slug=workspace_slug)
            Membership.objects.update_or_create(workspace=workspace, user=user,
                                                defaults={"role": role})
        record(None, "user.create" if created else "user.update", None, email, role=role,
               in_workspace=workspace_slug)
    return user, created


def ensure_demo_workspace(today: dt.date | None = None) -> Any:
    """The built-in demo company as workspace ``demo`` (its 300 accounts and company settings), so
    ``postsale serve --demo`` opens on a book; every site admin is its admin."""
    import tomllib

    from django.contrib.auth import get_user_model
    from django.db import transaction

    from postsale.sample import demo_accounts, demo_company_toml
    from postsale.web.models import Membership, Role, Workspace
    from postsale.web.uploads_store import store_columns

    workspace = Workspace.objects.filter(slug="demo").first()
    if workspace is None:
        text = demo_company_toml()
        name = str(tomllib.loads(text).get("company", {}).get("name") or "demo")
        with transaction.atomic():
            workspace = Workspace.objects.create(name=name, slug="demo", company_toml=text)
            store_columns(workspace, demo_accounts(today or dt.date.today()), "demo-accounts.csv")
    for user in get_user_model().objects.filter(is_superuser=True):
        Membership.objects.get_or_create(workspace=workspace, user=user,
                                         defaults={"role": Role.ADMIN})
    return workspace
