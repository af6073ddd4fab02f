"""``postsale serve``, ``postsale worker`` and ``postsale users create``: the web app (web extras:
``pip install 'postsale[web]'``). Django is imported only when one of these runs."""

from __future__ import annotations

import getpass
import sys
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from postsale.cli.app import LiteralCommand, LiteralGroup, app, command
from postsale.cli.common import LangOption, err, guard
from postsale.core.msg import Msg
from postsale.errors import ConfigError
from postsale.report.terminal import message

__all__ = ["serve", "users_create", "worker"]

DataDirOption = Annotated[Path | None, typer.Option(
    "--data-dir", help="cli_help.web.data_dir", envvar="POSTSALE_DATA_DIR", show_envvar=False)]
DatabaseOption = Annotated[str | None, typer.Option(
    "--database-url", help="cli_help.web.database_url", envvar="DATABASE_URL", show_envvar=False)]


class WebRole(StrEnum):
    viewer = "viewer"
    planner = "planner"
    admin = "admin"


def _installed(module: str) -> bool:
    """Whether ``module`` can be imported, without importing it: django-ninja reads Django's
    settings when imported, which are not configured yet at this point."""
    from importlib.util import find_spec

    try:
        return find_spec(module) is not None
    except (ImportError, ValueError):  # ValueError: blocked with sys.modules[module] = None
        return False


def _web_ready(data_dir: Path | None, database_url: str | None) -> None:
    """Django configured and migrated, or exit 2 saying how to install the web extras."""
    if not all(_installed(name) for name in ("django", "django_tasks", "ninja")):
        raise ConfigError("postsale serve", None, Msg("cli.web.no_extras"),
                          Msg("cli.web.no_extras.fix"))
    from postsale.web.runtime import configure, migrate

    configure(data_dir, database_url)
    migrate()


@command("postsale serve", "postsale serve --demo --port 8080",
         "postsale serve --host 0.0.0.0 --database-url postgresql://postsale@db/postsale",
         summary="cli_help.serve.summary")
def serve(
    host: Annotated[str, typer.Option("--host", help="cli_help.serve.host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="cli_help.serve.port")] = 8000,
    data_dir: DataDirOption = None,
    database_url: DatabaseOption = None,
    demo: Annotated[bool, typer.Option("--demo", help="cli_help.serve.demo")] = False,
    workers: Annotated[int | None, typer.Option("--workers", min=1, show_default=False,
                                                help="cli_help.serve.workers")] = None,
    threads: Annotated[int, typer.Option("--threads", min=1, help="cli_help.serve.threads")] = 2,
    lang: LangOption = None,
) -> None:
    """Start the web app (migrations applied first)."""

    def run() -> None:
        _web_ready(data_dir, database_url)
        from django.contrib.auth import get_user_model

        from postsale.web.runtime import ensure_demo_workspace
        from postsale.web.runtime import serve as run_server

        if demo:
            ensure_demo_workspace()
        if not get_user_model().objects.exists():
            local = host in {"127.0.0.1", "localhost", "::1"}
            err.print(message(str(Msg("cli.web.no_user_local" if local else "cli.web.no_user",
                                      url=f"http://{host}:{port}/first-run/"))), highlight=False)
        err.print(message(str(Msg("cli.web.listening", url=f"http://{host}:{port}/"))),
                  highlight=False)
        run_server(host, port, workers or default_workers(), threads)

    guard(run, batch=False)


@command("postsale worker", "postsale worker --database-url postgresql://postsale@db/postsale",
         summary="cli_help.worker.summary")
def worker(
    data_dir: DataDirOption = None,
    database_url: DatabaseOption = None,
    once: Annotated[bool, typer.Option("--once", help="cli_help.worker.once")] = False,
    lang: LangOption = None,
) -> None:
    """Run queued jobs (projections, rebalances, large imports) until stopped."""

    def run() -> None:
        _web_ready(data_dir, database_url)
        from postsale.web.jobs import run_worker

        run_worker(once=once)

    guard(run, batch=False)


def default_workers() -> int:
    """Server processes by default: one more than the CPUs (at least 2, at most 8). A plan is CPU
    work under Python's GIL, so processes, not threads, serve what-ifs in parallel (measured: 3
    processes × 2 threads on 2 cores, p95 134 ms; 2 × 8, 343 ms — benchmarks/RESULTS.md)."""
    import os

    return max(2, min(8, (os.cpu_count() or 1) + 1))


users = typer.Typer(cls=LiteralGroup, help="cli_help.users.summary", no_args_is_help=True,
                    context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(users, name="users")


@users.command("create", help="cli_help.users.create", cls=partial(  # type: ignore[arg-type]
    LiteralCommand, examples=("postsale users create you@example.com --role admin",
                              "postsale users create ana@example.com --role planner --workspace acme")))
def users_create(
    email: Annotated[str, typer.Argument(help="cli_help.users.email")],
    role: Annotated[WebRole, typer.Option("--role", help="cli_help.users.role")] = WebRole.viewer,
    workspace: Annotated[str | None, typer.Option("--workspace", help="cli_help.users.workspace")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin",
                                                 help="cli_help.users.password_stdin")] = False,
    data_dir: DataDirOption = None,
    database_url: DatabaseOption = None,
    lang: LangOption = None,
) -> None:
    """Create a user (or reset one's password and role)."""

    def run() -> None:
        _web_ready(data_dir, database_url)
        from django.core.exceptions import ValidationError

        from postsale.web.models import Workspace
        from postsale.web.runtime import create_user

        if workspace is not None and not Workspace.objects.filter(slug=workspace).exists():
            raise ConfigError("--workspace", None, Msg("cli.web.no_workspace", slug=workspace),
                              Msg("cli.web.no_workspace.fix"))
        if role != WebRole.admin and workspace is None:
            raise ConfigError("--workspace", None, Msg("cli.web.role_needs_workspace",
                                                       role=role.value),
                              Msg("cli.web.role_needs_workspace.fix"))
        if password_stdin or not sys.stdin.isatty():
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass(str(Msg("cli.web.password_prompt")))
            if getpass.getpass(str(Msg("cli.web.password_again"))) != password:
                raise ConfigError("password", None, Msg("cli.web.password_mismatch"),
                                  Msg("cli.web.password_mismatch.fix"))
        try:
            user, created = create_user(email, password, role.value, workspace)
        except ValidationError as error:
            raise ConfigError("password", None, Msg("cli.web.password_weak",
                                                    reasons=" ".join(error.messages)),
                              Msg("cli.web.password_weak.fix")) from None
        err.print(message(str(Msg("cli.web.user_created" if created else "cli.web.user_updated",
                                  email=user.username, role=role.value,
                                  workspace=workspace or "*"))), highlight=False)

    guard(run, batch=False)

