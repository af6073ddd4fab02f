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
from postsale.core.msg import Msg
from postsale.errors import ConfigError
from postsale.io.parse import ENUM_COLUMNS, IGNORE, TARGETS, normalise_token

__all__ = ["load_company"]

_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")

# tomllib's messages → what a person editing the file should do.
_HINTS = (
    ("Invalid value", Msg("errors_company.toml.quotes")),
    ("Cannot overwrite", Msg("errors_company.toml.once")),
    ("Cannot declare", Msg("errors_company.toml.table_once")),
    ("Expected ']'", Msg("errors_company.toml.close_table")),
    ("Expected newline", Msg("errors_company.toml.newline")),
    ("Expected '=' after a key", Msg("errors_company.toml.equals")),
    ("Unterminated string", Msg("errors_company.toml.unterminated")),
)


def _syntax_error(source: str, text: str, message: str) -> ConfigError:
    match = _WHERE.search(message)
    problem = _WHERE.sub("", message).strip()
    if match and match.group(1):
        line, column = int(match.group(1)), int(match.group(2))
        lines = text.splitlines()
        shown = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        where = Msg("errors_company.toml.syntax_in", line=str(line), column=str(column),
                    detail=problem, shown=shown) if shown else \
            Msg("errors_company.toml.syntax", line=str(line), column=str(column), detail=problem)
    else:
        where = Msg("errors_company.toml.syntax_end", detail=problem)
    fix = next((hint for start, hint in _HINTS if message.startswith(start)),
               Msg("errors_company.toml.example"))
    return ConfigError(source, None, where, fix)


_MAX_DEPTH = 8  # [scenario.benchmarks] with a dotted key is the deepest a company file goes


def _check_shape(raw: dict[str, Any], source: str) -> None:
    """No value nested deeper than ``_MAX_DEPTH`` and no integer a float cannot hold (2⁵³):
    checked without recursion, before the schema (which recurses) sees the mapping."""
    stack: list[tuple[str, Any, int]] = [("", raw, 0)]
    while stack:
        key, value, depth = stack.pop()
        if depth > _MAX_DEPTH:
            raise ConfigError(source, key or None, Msg("errors_company.nested"),
                              Msg("errors_company.plain_lines"))
        if isinstance(value, dict):
            stack.extend((f"{key}.{k}" if key else str(k), v, depth + 1) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((f"{key}[{i + 1}]", v, depth + 1) for i, v in enumerate(value))
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
            raise ConfigError(source, key, Msg("errors_company.too_large"),
                              Msg("errors_company.too_large.fix"))


def load_company(path: str | Path, benchmarks: Benchmarks) -> Company:
    """The company file at ``path``, validated against ``benchmarks`` (for override keys).

    Raises ``ConfigError`` naming the file (and key, or line and column) and the fix.
    """
    p, source = Path(path), str(path)
    if not p.exists():
        raise ConfigError(source, None, Msg("errors_company.not_found"),
                          Msg("errors_company.not_found.fix"))
    if p.is_dir():
        raise ConfigError(source, None, Msg("errors_company.folder"),
                          Msg("errors_company.folder.fix"))
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ConfigError(source, None, Msg("errors_company.unreadable",
                                            reason=str(exc.strerror or exc)),
                          Msg("errors_company.unreadable.fix")) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(source, None, Msg("errors_company.not_utf8", byte=str(exc.start)),
                          Msg("errors_company.not_utf8.fix")) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(source, text, str(exc)) from None
    except (RecursionError, ValueError):  # arrays nested ~1,000 deep; integers over 4,300 digits
        raise ConfigError(source, None, Msg("errors_company.nested_or_long"),
                          Msg("errors_company.plain_lines")) from None
    _check_shape(raw, source)
    company = company_from_mapping(raw, source, benchmarks)
    for header, target in company.columns.items():
        if normalise_token(target) not in TARGETS and target.strip().lower() not in IGNORE:
            raise ConfigError(source, f"columns.{header}",
                              Msg("errors_company.not_column", name=target),
                              Msg("errors_company.not_column.fix", choices=", ".join(TARGETS)))
    for column, table in company.values.items():
        if column not in ENUM_COLUMNS:
            raise ConfigError(source, f"values.{column}",
                              Msg("errors_company.values.not_enum", column=column),
                              Msg("errors_company.use_one_of", choices=", ".join(
                                  f"[values.{c}]" for c in ENUM_COLUMNS)))
        keys = ENUM_COLUMNS[column][0]
        for raw_value, key in table.items():
            if key.strip() and normalise_token(key) not in keys:
                raise ConfigError(source, f"values.{column}.{raw_value}",
                                  Msg("errors_company.values.not_value", value=key, column=column),
                                  Msg("errors_company.values.not_value.fix",
                                      choices=", ".join(keys)))
    return _with_import_paths(company, p, source)


def _with_import_paths(company: Company, path: Path, source: str) -> Company:
    """``[import]`` checked against the column and field names, its file paths made relative to
    the company file (so ``subscriptions = "subs.csv"`` works from any working directory)."""
    from postsale.io.sources import FIELDS

    settings = company.imports
    for column in settings.aggregate:
        if column not in TARGETS:
            raise ConfigError(source, f"import.aggregate.{column}",
                              Msg("errors_company.not_column", name=column),
                              Msg("errors_company.aggregate.fix", choices=", ".join(TARGETS)))
    fields = sorted({f for names in FIELDS.values() for f in names})
    for header, target in settings.columns.items():
        if target not in fields:
            raise ConfigError(source, f"import.columns.{header}",
                              Msg("errors_company.import_field", name=target),
                              Msg("errors_company.import_field.fix", choices=", ".join(fields)))
    moved = {kind: str(path.parent / value) for kind in ("subscriptions", "opportunities", "tickets")
             if (value := getattr(settings, kind)) is not None and not Path(value).is_absolute()}
    if not moved:
        return company
    return company.model_copy(update={"imports": settings.model_copy(update=moved)})
