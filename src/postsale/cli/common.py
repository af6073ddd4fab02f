"""What every command shares: the error guard, the input options and loading, and the output
conventions (``--quiet``/``--verbose``, progress on stderr, the terminal's width, and the refusal to
pour binary or large output into a terminal)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console

from postsale.core.msg import Msg
from postsale.errors import ConfigError, InfeasibleError, PostsaleError
from postsale.report.terminal import SafeConsole, message
from postsale.results import Warning

if TYPE_CHECKING:  # imported lazily at run time: the CLI starts fast
    from postsale.api import PlanRun
    from postsale.company import Company
    from postsale.core.book import AccountBook

__all__ = ["Lang", "LangOption", "Output", "Sources", "TableFormat", "adopt_company_language", "err",
           "guard", "parse_today", "screen_console"]

err = SafeConsole(stderr=True)
T = TypeVar("T")
PROGRESS_MIN_BYTES = 20_000_000  # below this a file reads in well under a second: no bar
LARGE_OUTPUT_BYTES = 1_000_000  # more than a terminal can usefully show
MIN_WIDTH = 60  # narrower, the tables' columns collapse into one word per line
DOCUMENT_WIDTH = 120  # no terminal to follow (a pipe, a file): a readable page width


class TableFormat(StrEnum):
    text = "text"
    json = "json"


class Lang(StrEnum):
    en = "en"
    ms = "ms"
    ja = "ja"
    zh = "zh"
    pt = "pt"


_REQUESTED_LANG: ContextVar[str | None] = ContextVar("postsale_cli_lang", default=None)


def _remember_lang(value: Lang | None) -> Lang | None:
    _REQUESTED_LANG.set(None if value is None else value.value)
    return value


LangOption = Annotated[Lang | None, typer.Option(
    "--lang", callback=_remember_lang, show_default=False,
    help="cli_help.option.lang")]


def adopt_company_language(company: Company) -> None:
    """Once the company file is read: its language (unless ``--lang`` chose one) and its currency
    for every word and amount the command writes."""
    from postsale.i18n import choose_language, use

    use(choose_language(_REQUESTED_LANG.get(), company.company.language),
        company.company.currency)


def guard(action: Callable[[], T], *, batch: bool = True) -> T:
    """Run ``action`` in the chosen language (``--lang``, else the environment, until the company
    file says otherwise: ``adopt_company_language``); turn user errors into exit 2 and surprises
    into exit 1 — printed in that same language. ``batch``: the command's outputs appear together
    at its end, or none (``output_batch``); a service that runs until stopped (``serve``,
    ``worker``) writes each file as it finishes it instead."""
    from postsale.i18n import activate, choose_language
    from postsale.io.write import output_batch

    with activate(choose_language(_REQUESTED_LANG.get())):
        try:
            with output_batch() if batch else nullcontext():
                return action()
        except InfeasibleError as exc:  # one reason a line: there may be dozens
            head, *rest = exc.reasons or [str(exc)]
            lines = [Msg("cli.reason", reason=r) for r in rest[:15]]
            lines += [Msg("cli.more", n=len(rest) - 15)] if len(rest) > 15 else []
            _error(Msg("cli.error"), Msg("cli.lines", lines=(head, *lines)))
            raise typer.Exit(exc.exit_code) from None
        except PostsaleError as exc:
            _error(Msg("cli.error"), exc)
            raise typer.Exit(exc.exit_code) from None
        except typer.Exit:
            raise
        except Exception as exc:
            if os.environ.get("POSTSALE_DEBUG"):
                raise
            _error(Msg("cli.internal_error"), Msg("cli.internal", kind=type(exc).__name__,
                                                   detail=str(exc)))
            raise typer.Exit(1) from None
        finally:
            _REQUESTED_LANG.set(None)  # one command's --lang is not the next one's (tests)


def _error(label: Msg, text: object) -> None:
    """An error on stderr: the label styled, the text (brackets and all) printed literally, in
    the active language — or, when no command activated one, the environment's
    (``POSTSALE_LANG``, ``LANG``): an error may come before the language is chosen."""
    from postsale.i18n import LANGUAGES, activate, choose_language
    from postsale.i18n.render import _ACTIVE

    lang = None if _ACTIVE.get() is not None else choose_language()
    with activate(lang) if lang in LANGUAGES else nullcontext():
        err.print(f"[bold red]{label}[/bold red] {message(_lines(text))}", markup=True,
                  highlight=False, soft_wrap=True)


def _lines(text: object) -> str:
    """``text`` as printed: a ``cli.lines`` message is one line per item (Babel's list formats
    join with commas)."""
    if isinstance(text, Msg) and text.code == "cli.lines":
        return "\n".join(str(line) for line in text["lines"])
    return str(text)


def parse_today(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError("--today", None, Msg("cli.today", value=value),
                          Msg("cli.today.fix")) from None


def check_outputs(outputs: list[tuple[str, Path | None]], *inputs: Path | None) -> None:
    """Before any work: outputs are writable and never one of the inputs (exit 2 otherwise)."""
    from postsale.io.write import check_outputs as check

    check(outputs, inputs)


# The options several commands share: one spelling, one short flag, one meaning everywhere.
CompanyOption = Annotated[Path | None, typer.Option(
    "--company", "-c", help="cli_help.option.company")]
DemoOption = Annotated[bool, typer.Option(
    "--demo", help="cli_help.option.demo")]
OutOption = Annotated[Path | None, typer.Option("--out", "-o", help="cli_help.option.out")]
TodayOption = Annotated[str | None, typer.Option(
    "--today", help="cli_help.option.today")]
QuietOption = Annotated[bool, typer.Option(
    "--quiet", "-q", help="cli_help.option.quiet")]
VerboseOption = Annotated[bool, typer.Option(
    "--verbose", "-v", help="cli_help.option.verbose")]
ForceOption = Annotated[bool, typer.Option(
    "--force", help="cli_help.option.force")]
SubscriptionsOption = Annotated[Path | None, typer.Option(
    "--subscriptions", help="cli_help.option.subscriptions", show_default=False)]
OpportunitiesOption = Annotated[Path | None, typer.Option(
    "--opportunities", help="cli_help.option.opportunities", show_default=False)]
TicketsOption = Annotated[Path | None, typer.Option(
    "--tickets", help="cli_help.option.tickets", show_default=False)]


@dataclass(frozen=True)
class Sources:
    subscriptions: Path | None = None
    opportunities: Path | None = None
    tickets: Path | None = None

    def given(self) -> bool:
        return any(p is not None for p in self.files())

    def files(self) -> tuple[Path | None, ...]:
        return (self.subscriptions, self.opportunities, self.tickets)


@dataclass(frozen=True)
class Output:
    """How much a command says on stderr: ``quiet`` only errors and written files; ``verbose``
    also its inputs and notes. Progress shows only on a terminal, never when quiet."""

    quiet: bool = False
    verbose: bool = False
    force: bool = False

    def __post_init__(self) -> None:
        if self.quiet and self.verbose:
            raise ConfigError("--quiet", None, Msg("cli.quiet_verbose"),
                              Msg("cli.quiet_verbose.fix"))

    @property
    def progress(self) -> bool:
        return err.is_terminal and not self.quiet

    def note(self, text: object) -> None:
        """A note for ``--verbose`` only."""
        if self.verbose:
            err.print(message(text), highlight=False, soft_wrap=True)

    def wrote(self, text: str) -> None:
        """The written-file line (``text`` is markup-escaped already); printed even when quiet."""
        err.print(text, highlight=False, soft_wrap=True)

    @contextmanager
    def step(self, what: object) -> Iterator[None]:
        """A spinner on stderr while a step that may take seconds runs (terminal only)."""
        if not self.progress:
            yield
            return
        with err.status(message(what), spinner="dots"):
            yield

    def to_stdout(self, data: str | bytes, binary: bool, what: Msg) -> None:
        """Write ``data`` to stdout, unless it is binary or large and stdout is a terminal."""
        if not binary and len(data) > LARGE_OUTPUT_BYTES:
            binary = True
        self.refuse_terminal(binary, what, len(data))
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data)

    def refuse_terminal(self, binary: bool, what: Msg, size: int | None = None) -> None:
        """Exit 2 before flooding a terminal with ``what`` (HTML, XLSX, over 1 MB)."""
        if binary and not self.force and sys.stdout.isatty():
            problem = Msg("cli.flood_size", what=what, mb=size / 1e6) if size \
                else Msg("cli.flood", what=what)
            raise ConfigError("--out", None, problem, Msg("cli.flood.fix"))


def screen_console(page: int = DOCUMENT_WIDTH) -> SafeConsole:
    """A console for stdout as wide as the terminal (Rich's detection, ``COLUMNS`` respected);
    a pipe without ``COLUMNS`` gets the report's ``page`` width; never narrower than 60."""
    detected = Console()
    width = detected.width if detected.is_terminal or os.environ.get("COLUMNS") else page
    return SafeConsole(width=max(width, MIN_WIDTH))


def file_console(width: int) -> SafeConsole:
    """A recording console for a text report written to a file (fixed page width)."""
    return SafeConsole(record=True, width=width, file=open(os.devnull, "w"))


def check_source(command: str, accounts: Path | None, demo: bool, example: str,
                 sources: Sources = Sources()) -> None:
    """Exactly one of an ACCOUNTS file and --demo; the demo takes no secondary file."""
    if demo == (accounts is not None):
        raise ConfigError(f"postsale {command}", None, Msg("cli.source"),
                          Msg("cli.source.fix", command=command, example=example))
    if demo and sources.given():
        raise ConfigError(f"postsale {command}", None, Msg("cli.demo_sources"),
                          Msg("cli.demo_sources.fix", command=command))


def load(accounts: Path | None, company: Path | None, demo: bool, when: dt.date,
         sources: Sources, output: Output) -> tuple[AccountBook, Company, tuple[Warning, ...]]:
    """The book (a file, with a progress bar when it is big, or the built-in demo), the company
    and the import's notes; ``--verbose`` lists what was read."""
    from postsale.api import benchmarks_in_effect, demo_inputs

    if demo:
        book, parsed = demo_inputs(when)
        notes: tuple[Warning, ...] = ()
        output.note(Msg("cli.note.demo", n=len(book)))
    else:
        assert accounts is not None
        book, parsed, notes = _read(accounts, company, when, sources, output)
        files = ", ".join(str(p) for p in sources.files() if p is not None)
        output.note(Msg("cli.note.read_joined", file=str(accounts), n=len(book), files=files)
                    if files else Msg("cli.note.read", file=str(accounts), n=len(book)))
    adopt_company_language(parsed)
    version = benchmarks_in_effect(parsed).version
    output.note(Msg("cli.note.company", file=str(company), version=version)
                if company is not None and not demo
                else Msg("cli.note.company_defaults", version=version))
    for n in notes:
        output.note(Msg("cli.note.import", code=n.code, message=n.message))
    return book, parsed, notes


def _read(accounts: Path, company: Path | None, when: dt.date, sources: Sources,
          output: Output) -> tuple[AccountBook, Company, tuple[Warning, ...]]:
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    from postsale.api import load_inputs

    size = accounts.stat().st_size if accounts.exists() else 0
    kwargs: dict[str, Any] = {"today": when, "subscriptions": sources.subscriptions,
                              "opportunities": sources.opportunities, "tickets": sources.tickets}
    if size < PROGRESS_MIN_BYTES or not output.progress:
        with output.step(Msg("cli.step.reading", file=accounts.name)):
            return load_inputs(accounts, company, **kwargs)
    with Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
                  TimeRemainingColumn(), console=err, transient=True) as bar:
        task = bar.add_task(message(Msg("cli.step.reading_bar", file=accounts.name)),
                            total=size)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return load_inputs(accounts, company, progress=advance, **kwargs)


def planned(accounts: Path | None, company: Path | None, demo: bool, when: dt.date,
            sources: Sources, output: Output) -> tuple[PlanRun, Company]:
    """Read the inputs (or the built-in demo) and run the plan every command starts from."""
    from postsale.api import run_plan

    book, parsed, notes = load(accounts, company, demo, when, sources, output)
    with output.step(Msg("cli.step.planning", n=len(book))):
        return run_plan(book, parsed, today=when, notes=notes), parsed
