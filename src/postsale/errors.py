"""Exceptions raised by postsale.

The tree::

    PostsaleError                 base; ``exit_code`` 2 for everything the user can fix
    ├── InputError                one or more problems in an account file (file, row, column, fix)
    ├── ConfigError               a company file or option is wrong (key, problem, fix)
    └── InfeasibleError           constraints that cannot all hold (reserved for assignment)

Errors are raised by the library and turned into messages only at the edges (CLI, web); caveats that
do not stop a plan are ``warnings`` inside results instead.

An error's problem and fix are messages (:class:`~postsale.core.msg.Msg`: a code and raw
parameters, STYLE.md lesson 13), so ``str(error)`` says it in the active language
(``postsale.i18n.activate``) at the moment it is printed, not when it was raised; ``msg()`` gives
the whole error as one message for tools that match on codes. A plain string is still accepted
for a problem not yet in the catalogs (shown as written).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from postsale.core.msg import Msg

__all__ = ["ConfigError", "InfeasibleError", "InputError", "InputProblem", "PostsaleError",
           "Words", "validation_problem"]

MAX_LISTED_PROBLEMS = 20

Words: TypeAlias = "Msg | str"
"""A problem or fix: a message, or (not yet in the catalogs) a sentence shown as written."""


class PostsaleError(Exception):
    """Base of every error postsale raises on purpose; ``exit_code`` is what the CLI returns."""

    exit_code = 2


def _where(file: str, row: int | None = None, column: str | None = None,
           key: str | None = None) -> Msg:
    """Where a problem is: the file, then the row and column, or the key (a row is a line number,
    shown as the user's editor shows it: no thousands separator)."""
    if key:
        return Msg("errors.where.key", file=file, key=key)
    if row is not None and column is not None:
        return Msg("errors.where.row_column", file=file, row=str(row), column=column)
    if row is not None:
        return Msg("errors.where.row", file=file, row=str(row))
    if column is not None:
        return Msg("errors.where.column", file=file, column=column)
    return Msg("errors.where.file", file=file)


@dataclass(frozen=True)
class InputProblem:
    """One problem in an input file. ``row`` is the 1-based line in the file (header = 1)."""

    file: str
    row: int | None
    column: str | None
    problem: Words
    fix: Words

    def msg(self) -> Msg:
        """Where, what and how to fix, as one message."""
        return Msg("errors.problem", where=_where(self.file, self.row, self.column),
                   problem=self.problem, fix=self.fix)

    def __str__(self) -> str:
        from postsale.i18n import tr

        return tr(self.msg())


class InputError(PostsaleError):
    """An account file cannot be imported; lists up to 20 problems, each with where and how to fix."""

    def __init__(self, problems: list[InputProblem], total: int | None = None) -> None:
        if not problems:
            raise ValueError("InputError needs at least one problem")
        self.problems = problems[:MAX_LISTED_PROBLEMS]
        self.total = total if total is not None else len(problems)
        super().__init__(self.msg())

    def msg(self) -> Msg:
        """The head line as a message (how many problems, in which file); ``problems`` hold the
        rest."""
        return Msg("errors.input.head", total=self.total, file=self.problems[0].file)

    @property
    def message(self) -> str:
        """The error in the active language."""
        from postsale.i18n import tr

        lines = [tr(self.msg()),
                 *(tr(Msg("errors.input.item", problem=p.msg())) for p in self.problems)]
        if self.total > len(self.problems):
            lines.append(tr(Msg("errors.input.more", n=self.total - len(self.problems))))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.message


class ConfigError(PostsaleError):
    """A company file, team file or option is invalid."""

    def __init__(self, source: str, key: str | None, problem: Words, fix: Words) -> None:
        self.source = source
        self.key = key
        self.problem = problem
        self.fix = fix
        super().__init__(self.msg())

    def msg(self) -> Msg:
        """Where (the file or option, and the key), what and how to fix, as one message."""
        return Msg("errors.problem", where=_where(self.source, key=self.key),
                   problem=self.problem, fix=self.fix)

    def __str__(self) -> str:
        from postsale.i18n import tr

        return tr(self.msg())


class InfeasibleError(PostsaleError):
    """Constraints cannot all hold; ``reasons`` say why and what would fix it."""

    def __init__(self, reasons: list[Words]) -> None:
        self.reasons = reasons
        super().__init__(*reasons)

    def __str__(self) -> str:
        from postsale.i18n import tr

        return "; ".join(r if isinstance(r, str) else tr(r) for r in self.reasons)


def validation_problem(error: Mapping[str, Any]) -> Words:
    """Pydantic's complaint about one field (an ``ErrorDetails``) as a message: the common kinds
    (wrong type, out of bounds, unknown key, missing) in the catalogs; any other kind keeps
    pydantic's English wording as its parameter. The English template must say exactly what
    pydantic says (checked here), so English output never changes."""
    from postsale.i18n import renderer

    kind, ctx = str(error.get("type", "")), error.get("ctx") or {}
    reason = getattr(ctx.get("error"), "args", (None,))[0] if kind == "value_error" else None
    if isinstance(reason, Msg):  # postsale's own validators raise ValueError(Msg(...))
        return Msg("errors.validation.value", reason=reason)
    raw = next((ctx[k] for k in ("ge", "gt", "le", "lt") if k in ctx), "")
    bound = str(int(raw) if isinstance(raw, float) and raw.is_integer() else raw)
    message: Msg | None = None
    if kind == "extra_forbidden":
        message = Msg("errors.validation.extra")
    elif kind == "missing":
        message = Msg("errors.validation.missing")
    elif kind == "int_type":
        message = Msg("errors.validation.int")
    elif kind == "int_parsing":
        message = Msg("errors.validation.int_parsing")
    elif kind == "int_from_float":
        message = Msg("errors.validation.int_from_float")
    elif kind == "float_type":
        message = Msg("errors.validation.number")
    elif kind == "float_parsing":
        message = Msg("errors.validation.number_parsing")
    elif kind == "finite_number":
        message = Msg("errors.validation.finite")
    elif kind == "string_type":
        message = Msg("errors.validation.string")
    elif kind == "bool_type":
        message = Msg("errors.validation.bool")
    elif kind == "bool_parsing":
        message = Msg("errors.validation.bool_parsing")
    elif kind == "greater_than_equal":
        message = Msg("errors.validation.ge", bound=bound)
    elif kind == "greater_than":
        message = Msg("errors.validation.gt", bound=bound)
    elif kind == "less_than_equal":
        message = Msg("errors.validation.le", bound=bound)
    elif kind == "less_than":
        message = Msg("errors.validation.lt", bound=bound)
    elif kind == "literal_error":
        message = Msg("errors.validation.literal", expected=str(ctx.get("expected", "")))
    detail = str(error.get("msg", ""))
    if message is None or renderer("en")(message) != detail:
        return Msg("errors.validation.other", detail=detail)
    return message
