"""The Typer application: help in the user's language that prints user text literally, ``-h``,
completion, the root.

Every help text is a ``cli_help`` catalog code, rendered when Click formats the help (or lists a
command's short help, or offers completions), in the language of ``--lang`` anywhere on the
command line, else the environment (``choose_language``): ``-h`` is eager, so the root group
(``LiteralGroup.main``) peeks at the arguments before Click parses them. Rendered texts are
escaped once, so Rich shows ``[growth]`` and ``[support.channels.chat]`` instead of reading them
as markup (it used to eat them: "did you mean ?"). Every command is declared with
:func:`command`, which requires an example for its ``--help``; the examples stay as written
(they are command lines).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Annotated, Any, TypeVar

import typer
import typer.rich_utils as rich_utils
from rich.markup import escape
from rich.table import Table
from typer.core import TyperCommand, TyperGroup

from postsale import __version__

__all__ = ["app", "command", "help_language", "main"]

F = TypeVar("F", bound=Callable[..., Any])
CODE_PREFIX = "cli_help."
_PEEKED_LANG: ContextVar[str | None] = ContextVar("postsale_help_lang", default=None)
# Typer's own words that are settable: its panel titles (module globals read while rendering)
# and the options Typer and Click add (help / completion), by parameter name.
_PANEL_TITLES = {"ARGUMENTS_PANEL_TITLE": "cli_help.panel.arguments",
                 "OPTIONS_PANEL_TITLE": "cli_help.panel.options",
                 "COMMANDS_PANEL_TITLE": "cli_help.panel.commands"}
_HELP_FLAGS = {"-h", "--help"}
_BUILTIN_OPTIONS = {"help": "cli_help.option.help",
                    "install_completion": "cli_help.option.install_completion",
                    "show_completion": "cli_help.option.show_completion"}


class _FoldingTable(Table):
    """Typer's help tables, folding a run of text wider than its column instead of cutting it
    with an ellipsis: Japanese and Chinese sentences have no spaces to wrap at."""

    def add_column(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("overflow", "fold")
        super().add_column(*args, **kwargs)

    def add_row(self, *renderables: Any, **kwargs: Any) -> None:
        while len(self.columns) < len(renderables):
            self.add_column()
        super().add_row(*renderables, **kwargs)


def peek_language(args: Sequence[str]) -> str | None:
    """``--lang xx`` or ``--lang=xx`` anywhere in ``args`` (a supported language only: anything
    else is left for Click to refuse), before Click parses them."""
    from postsale.i18n import LANGUAGES

    for i, arg in enumerate(args):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else \
            args[i + 1] if arg == "--lang" and i + 1 < len(args) else None
        if value in LANGUAGES:
            return value
    return None


def help_language() -> str:
    """The language of the help: the peeked ``--lang``, else the environment, else English."""
    from postsale.i18n import choose_language

    return choose_language(_PEEKED_LANG.get())


def _render(text: str | None) -> str | None:
    """A help text as shown: a ``cli_help`` code in the active language (anything else, e.g.
    Click's own texts, as it is), escaped for Rich."""
    from postsale.i18n import tr

    if text is None:
        return None
    return escape(tr(text) if text.startswith(CODE_PREFIX) else text)


def _epilog(examples: tuple[str, ...] | None, text: str | None) -> str | None:
    """The epilog as shown: the translated "Examples:" and the command lines as written."""
    if examples is None:
        return _render(text)
    from postsale.i18n import tr

    return escape(tr("cli_help.examples") + "\n" + "\n".join(f"  {e}" for e in examples))


class _Localized:
    """Help texts in any language: the ``cli_help`` codes are kept aside (``_codes``) and the
    attributes hold the English texts, escaped (what anything reading ``help`` sees: the docs,
    the tests); while :meth:`_shown` runs, ``help``, ``short_help``, ``epilog`` and every
    parameter's ``help`` hold the texts of the help's language, then go back."""

    help: str | None
    short_help: str | None
    epilog: str | None
    params: list[Any]
    examples: tuple[str, ...] | None = None
    _codes: dict[tuple[int, str], str | None]

    def _keep_codes(self, examples: tuple[str, ...] | None = None) -> None:
        from postsale.i18n import activate

        self.examples = examples
        self._codes = {(id(obj), attr): getattr(obj, attr)
                       for obj, attr in [(self, "help"), (self, "short_help"), (self, "epilog"),
                                         *((p, "help") for p in self.params)]}
        with activate("en"):
            for obj, attr, text in self._texts(None):
                setattr(obj, attr, text)

    def _texts(self, ctx: Any) -> list[tuple[Any, str, str | None]]:
        """(object, attribute, text in the active language) for this command's help."""
        items: list[tuple[Any, str, str | None]] = [
            (self, "help", _render(self._codes[id(self), "help"])),
            (self, "short_help", _render(self._codes[id(self), "short_help"])),
            (self, "epilog", _epilog(self.examples, self._codes[id(self), "epilog"]))]
        params = [*self.params]
        helper = self.get_help_option(ctx) if ctx is not None else None  # type: ignore[attr-defined]
        params += [helper] if helper is not None and helper not in params else []
        for param in params:
            code = _BUILTIN_OPTIONS.get(param.name) or self._codes.get((id(param), "help"))
            if isinstance(code, str):
                items.append((param, "help", _render(code)))
        return items

    @contextmanager
    def _shown(self, ctx: Any) -> Iterator[None]:
        from postsale.i18n import activate, tr

        with activate(help_language()):
            items: list[tuple[Any, str, object]] = [*self._texts(ctx)]
            for command in getattr(self, "commands", {}).values():
                if isinstance(command, _Localized):
                    items += command._texts(None)
            items += [(rich_utils, name, tr(code)) for name, code in _PANEL_TITLES.items()]
            items += [(rich_utils, "DEFAULT_STRING", tr("cli_help.default", value="{}")),
                      (rich_utils, "REQUIRED_LONG_STRING", tr("cli_help.required"))]
            items.append((rich_utils, "Table", _FoldingTable))
            saved = [(obj, attr, getattr(obj, attr)) for obj, attr, _ in items]
            try:
                for obj, attr, value in items:
                    setattr(obj, attr, value)
                yield
            finally:
                for obj, attr, value in reversed(saved):
                    setattr(obj, attr, value)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with self._shown(ctx):
            super().format_help(ctx, formatter)  # type: ignore[misc]

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        """The usage line with its "Usage:" in the active language (English outside a help)."""
        from postsale.i18n import tr

        prefix = tr("cli_help.usage")
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces),
                              prefix=prefix if prefix.endswith("：") else f"{prefix} ")

    def get_short_help_str(self, limit: int = 45) -> str:
        with self._shown(None):
            return str(super().get_short_help_str(limit))  # type: ignore[misc]

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        """Completions with their descriptions (options' help) in the help's language."""
        with self._shown(ctx):
            return list(super().shell_complete(ctx, incomplete))  # type: ignore[misc]


class LiteralCommand(_Localized, TyperCommand):
    """A command whose help, epilog and option help are catalog codes, shown literally."""

    def __init__(self, *args: Any, examples: tuple[str, ...] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._keep_codes(examples)


class LiteralGroup(_Localized, TyperGroup):
    """The root group, with the same help; its ``main`` peeks at ``--lang`` before Click parses
    (``-h`` is eager: it prints before any option's callback runs)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._keep_codes()

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        lang = peek_language(argv)
        if lang is not None and _HELP_FLAGS & set(argv) and not self._takes_lang(argv):
            args = _without_lang(argv)  # `postsale sample -h --lang ja`: the help's language
        token = _PEEKED_LANG.set(lang)
        try:
            return super().main(args, *rest, **kwargs)
        finally:
            _PEEKED_LANG.reset(token)

    def _takes_lang(self, argv: list[str]) -> bool:
        """Whether the command named in ``argv`` has a ``--lang`` option (the root has none)."""
        name = next((a for a in argv if a in self.commands), None)
        command = self.commands.get(name) if name is not None else None
        return command is not None and any("--lang" in getattr(p, "opts", ())
                                           for p in command.params)


def _without_lang(argv: list[str]) -> list[str]:
    """``argv`` without its ``--lang xx`` / ``--lang=xx`` (for a help that asks for one)."""
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--lang":
            skip = True
        elif not arg.startswith("--lang="):
            out.append(arg)
    return out


app = typer.Typer(
    name="postsale",
    cls=LiteralGroup,
    help="cli_help.app.root",
    epilog="cli_help.app.epilog",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def command(*examples: str, summary: str) -> Callable[[F], F]:
    """Register a command whose ``--help`` starts with ``summary`` (a ``cli_help`` code) and ends
    with ``examples`` (at least one, shown as written)."""
    if not examples:
        raise ValueError("every command shows an example in its --help")
    from functools import partial

    cls = partial(LiteralCommand, examples=examples)
    return app.command(cls=cls, help=summary)  # type: ignore[arg-type]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"postsale {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="cli_help.option.version")] = False,
) -> None:
    """postsale: tiers, unit economics, headcount, triggers and advice from your account book."""


def _terminate(signum: int, _frame: object) -> None:
    """SIGTERM as ``SystemExit``: ``finally`` blocks run, so no temp output file is left behind."""
    raise SystemExit(128 + signum)


def main() -> None:
    """Console-script entry point."""
    import signal

    signal.signal(signal.SIGTERM, _terminate)
    app()
