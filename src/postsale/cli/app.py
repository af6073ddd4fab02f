"""The Typer application: help that prints user text literally, ``-h``, completion, the root.

Help and epilog texts are plain text: :class:`LiteralCommand` escapes them once, so Rich shows
``[growth]`` and ``[support.channels.chat]`` instead of reading them as markup (it used to eat
them: "did you mean ?"). Every command is declared with :func:`command`, which requires an
example for its ``--help``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from rich.markup import escape
from typer.core import TyperCommand, TyperGroup

from postsale import __version__

__all__ = ["app", "command", "main"]

F = TypeVar("F", bound=Callable[..., Any])


def _literal(text: str | None) -> str | None:
    return None if text is None else escape(text)


class LiteralCommand(TyperCommand):
    """A command whose help, epilog and option help show brackets literally."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _literal(self.help)
        self.short_help = _literal(self.short_help)
        self.epilog = _literal(self.epilog)
        for param in self.params:
            if isinstance(getattr(param, "help", None), str):
                param.help = escape(param.help)  # type: ignore[attr-defined]


class LiteralGroup(TyperGroup):
    """The root group, with the same literal help."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _literal(self.help)
        self.epilog = _literal(self.epilog)


app = typer.Typer(
    name="postsale",
    cls=LiteralGroup,
    help="Design and run a post-sale (customer success) organization from your customer book.",
    epilog="Example: postsale plan --demo   (then: postsale <command> -h for each command; "
           "postsale --install-completion for tab completion)",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def command(*examples: str) -> Callable[[F], F]:
    """Register a command whose ``--help`` ends with ``examples`` (at least one)."""
    if not examples:
        raise ValueError("every command shows an example in its --help")
    epilog = "Examples:\n" + "\n".join(f"  {e}" for e in examples)
    return app.command(cls=LiteralCommand, epilog=epilog)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"postsale {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
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
