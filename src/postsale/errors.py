"""Exceptions raised by postsale.

The tree::

    PostsaleError                 base; ``exit_code`` 2 for everything the user can fix
    ├── InputError                one or more problems in an account file (file, row, column, fix)
    ├── ConfigError               a company file or option is wrong (key, problem, fix)
    └── InfeasibleError           constraints that cannot all hold (reserved for assignment)

Errors are raised by the library and turned into messages only at the edges (CLI, web); caveats that
do not stop a plan are ``warnings`` inside results instead.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ConfigError", "InfeasibleError", "InputError", "InputProblem", "PostsaleError"]

MAX_LISTED_PROBLEMS = 20


class PostsaleError(Exception):
    """Base of every error postsale raises on purpose; ``exit_code`` is what the CLI returns."""

    exit_code = 2


@dataclass(frozen=True)
class InputProblem:
    """One problem in an input file. ``row`` is the 1-based line in the file (header = 1)."""

    file: str
    row: int | None
    column: str | None
    problem: str
    fix: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.problem} — fix: {self.fix}"


class InputError(PostsaleError):
    """An account file cannot be imported; lists up to 20 problems, each with where and how to fix."""

    def __init__(self, problems: list[InputProblem], total: int | None = None) -> None:
        if not problems:
            raise ValueError("InputError needs at least one problem")
        self.problems = problems[:MAX_LISTED_PROBLEMS]
        self.total = total if total is not None else len(problems)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        head = f"{self.total} problem{'s' if self.total != 1 else ''} in {self.problems[0].file}"
        head += "; nothing was imported."
        lines = [head, *(f"  - {p}" for p in self.problems)]
        if self.total > len(self.problems):
            lines.append(f"  … and {self.total - len(self.problems)} more of the same kinds.")
        return "\n".join(lines)


class ConfigError(PostsaleError):
    """A company file, team file or option is invalid."""

    def __init__(self, source: str, key: str | None, problem: str, fix: str) -> None:
        self.source = source
        self.key = key
        self.problem = problem
        self.fix = fix
        where = source + (f", key '{key}'" if key else "")
        super().__init__(f"{where}: {problem} — fix: {fix}")


class InfeasibleError(PostsaleError):
    """Constraints cannot all hold; ``reasons`` say why and what would fix it."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(reasons))
