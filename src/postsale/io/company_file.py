"""Read a company file (TOML, PRODUCT.md "Company file") from disk.

The schema and its checks live in ``postsale.company``; this module only turns a path into a
mapping, so that a missing file, a non-UTF-8 file or a TOML syntax error becomes a ``ConfigError``
that names the file, the line and column, and how to fix it — never a traceback.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from postsale.company import Company, company_from_mapping
from postsale.core.benchmarks import Benchmarks
from postsale.errors import ConfigError
from postsale.io.parse import ENUM_COLUMNS, IGNORE, TARGETS, normalise_token

__all__ = ["load_company"]

_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")

# tomllib's messages → what a person editing the file should do.
_HINTS = (
    ("Invalid value", 'put text in double quotes (name = "Acme"); numbers and true/false go without'),
    ("Cannot overwrite", "each key may appear once per table, and each [table] once"),
    ("Cannot declare", "each [table] may appear once (use [[growth]] for repeated tables)"),
    ("Expected ']'", "close the table name with ] (e.g. [company])"),
    ("Expected newline", "write one key = value per line, with no trailing comma"),
    ("Expected '=' after a key", "write key = value"),
    ("Unterminated string", "close the string with a matching quote"),
)


def _syntax_error(source: str, text: str, message: str) -> ConfigError:
    match = _WHERE.search(message)
    problem = _WHERE.sub("", message).strip()
    if match and match.group(1):
        line, column = int(match.group(1)), int(match.group(2))
        lines = text.splitlines()
        shown = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        problem = f"TOML syntax error at line {line}, column {column}: {problem}"
        if shown:
            problem += f" in `{shown}`"
    else:
        problem = f"TOML syntax error at the end of the file: {problem}"
    fix = next((hint for start, hint in _HINTS if message.startswith(start)),
               "see the company-file example in the README")
    return ConfigError(source, None, problem, fix)


_MAX_DEPTH = 8  # [scenario.benchmarks] with a dotted key is the deepest a company file goes


def _check_shape(raw: dict[str, Any], source: str) -> None:
    """No value nested deeper than ``_MAX_DEPTH`` and no integer a float cannot hold (2⁵³):
    checked without recursion, before the schema (which recurses) sees the mapping."""
    stack: list[tuple[str, Any, int]] = [("", raw, 0)]
    while stack:
        key, value, depth = stack.pop()
        if depth > _MAX_DEPTH:
            raise ConfigError(source, key or None, "the value is nested too deeply",
                              "write plain key = value lines (see the README example)")
        if isinstance(value, dict):
            stack.extend((f"{key}.{k}" if key else str(k), v, depth + 1) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((f"{key}[{i + 1}]", v, depth + 1) for i, v in enumerate(value))
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
            raise ConfigError(source, key, "the number is too large",
                              "write a realistic value (run `postsale benchmarks` for the ranges)")


def load_company(path: str | Path, benchmarks: Benchmarks) -> Company:
    """The company file at ``path``, validated against ``benchmarks`` (for override keys).

    Raises ``ConfigError`` naming the file (and key, or line and column) and the fix.
    """
    p, source = Path(path), str(path)
    if not p.exists():
        raise ConfigError(source, None, "company file not found",
                          "check the path, or leave out --company to use the default benchmarks")
    if p.is_dir():
        raise ConfigError(source, None, "this is a folder, not a file",
                          "give the path of the company .toml file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ConfigError(source, None, f"cannot read the file ({exc.strerror or exc})",
                          "check that the file is readable") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(source, None, f"not UTF-8 text (byte {exc.start})",
                          "save the company file as UTF-8") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(source, text, str(exc)) from None
    except (RecursionError, ValueError):  # arrays nested ~1,000 deep; integers over 4,300 digits
        raise ConfigError(source, None, "a value is nested too deeply or is a number too long "
                          "to read", "write plain key = value lines (see the README example)") from None
    _check_shape(raw, source)
    company = company_from_mapping(raw, source, benchmarks)
    for header, target in company.columns.items():
        if normalise_token(target) not in TARGETS and target.strip().lower() not in IGNORE:
            raise ConfigError(source, f"columns.{header}", f"'{target}' is not an account column",
                              f"map the header to one of: {', '.join(TARGETS)}, or to \"ignore\" "
                              "to leave it out")
    for column, table in company.values.items():
        if column not in ENUM_COLUMNS:
            raise ConfigError(source, f"values.{column}", f"[values.{column}]: '{column}' is not a "
                              "column with a fixed set of values",
                              f"use one of: {', '.join(f'[values.{c}]' for c in ENUM_COLUMNS)}")
        keys = ENUM_COLUMNS[column][0]
        for raw_value, key in table.items():
            if key.strip() and normalise_token(key) not in keys:
                raise ConfigError(source, f"values.{column}.{raw_value}",
                                  f"'{key}' is not a {column} value",
                                  f"use one of: {', '.join(keys)}, or \"\" for unknown")
    return _with_import_paths(company, p, source)


def _with_import_paths(company: Company, path: Path, source: str) -> Company:
    """``[import]`` checked against the column and field names, its file paths made relative to
    the company file (so ``subscriptions = "subs.csv"`` works from any working directory)."""
    from postsale.io.sources import FIELDS

    settings = company.imports
    for column in settings.aggregate:
        if column not in TARGETS:
            raise ConfigError(source, f"import.aggregate.{column}",
                              f"'{column}' is not an account column",
                              f"set a rule for one of: {', '.join(TARGETS)}")
    fields = sorted({f for names in FIELDS.values() for f in names})
    for header, target in settings.columns.items():
        if target not in fields:
            raise ConfigError(source, f"import.columns.{header}",
                              f"'{target}' is not a field of a subscription, opportunity or "
                              "ticket file", f"map the header to one of: {', '.join(fields)}")
    moved = {kind: str(path.parent / value) for kind in ("subscriptions", "opportunities", "tickets")
             if (value := getattr(settings, kind)) is not None and not Path(value).is_absolute()}
    if not moved:
        return company
    return company.model_copy(update={"imports": settings.model_copy(update=moved)})
