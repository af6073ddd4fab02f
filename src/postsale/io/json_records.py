"""JSON and JSON Lines account records, decoded safely before any value reaches Arrow.

Why a module of its own: pyarrow's JSON reader crashes the process on a ``null`` line or on some
nested values, and Python's decoder raises ``RecursionError`` on values nested ~1,000 deep and
``ValueError`` on integers of more than 4,300 digits. Accounts are flat records of scalars, so
every record is decoded here with the ``json`` module and checked for that shape: nested values,
non-finite numbers (``1e309``, ``NaN``, ``Infinity``) and integers that a float cannot hold exactly
(above 2⁵³) become problems naming the file, the record (the line, for JSON Lines) and the column —
never a crash, and never an ``inf`` that reaches a plan.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from postsale.core.msg import Msg
from postsale.errors import MAX_LISTED_PROBLEMS, InputError, InputProblem, Words

__all__ = ["MAX_EXACT_INT", "Records", "decode_json"]

MAX_EXACT_INT = 2**53  # the largest integer every float (and so every amount) holds exactly
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # JSON Lines lines; U+2028 and form feeds are not breaks
_MAX_DIGITS = 400  # longer integer literals are refused before int() is asked to parse them


@dataclass(frozen=True)
class _Bad:
    """A number we refuse, kept in place of its value until the record's column is known."""

    text: str
    why: Msg


@dataclass(frozen=True)
class Records:
    """Flat records (column → scalar) and, per record, the row to report (line or record number)."""

    records: list[dict[str, Any]]
    rows: list[int]


def _int(text: str) -> object:
    digits = text.lstrip("-")
    if len(digits) > _MAX_DIGITS or abs(int(text)) > MAX_EXACT_INT:
        return _Bad(text, Msg("errors_io.json.too_large"))
    return int(text)


def _float(text: str) -> object:
    value = float(text)
    return value if math.isfinite(value) else _Bad(text, Msg("errors_io.json.not_finite"))


def _constant(text: str) -> object:
    return _Bad(text, Msg("errors_io.json.nan"))


def _loads(text: str) -> Any:
    return json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:39] + "…")


def _problem(file: str, row: int, record: int, column: str | None, problem: Msg, fix: Msg,
             lines: bool) -> InputProblem:
    where = Msg("errors_io.json.on_line", problem=problem, line=str(row)) if lines \
        else Msg("errors_io.in_record", problem=problem, record=str(record))
    return InputProblem(file, row, column, where, fix)


def _check(items: list[Any], rows: list[int], file: str, lines: bool) -> Records:
    """Every record an object of scalars, or an InputError listing each one that is not."""
    problems: list[InputProblem] = []
    total = 0
    for k, (record, row) in enumerate(zip(items, rows, strict=True), start=1):
        if not isinstance(record, dict):
            total += 1
            if len(problems) < MAX_LISTED_PROBLEMS:
                kind = "null" if record is None else type(record).__name__
                problems.append(_problem(file, row, k, None,
                                         Msg("errors_io.json.not_object", record=str(k), kind=kind),
                                         Msg("errors_io.json.not_object.fix"), lines))
            continue
        for column, value in record.items():
            if isinstance(value, dict | list):
                why = Msg("errors_io.json.nested", column=column)
                fix = Msg("errors_io.json.nested.fix")
            elif isinstance(value, _Bad):
                why = Msg("errors_io.json.bad_number", column=column, value=_short(value.text),
                          why=value.why)
                fix = Msg("errors_io.json.bad_number.fix")
            else:
                continue
            total += 1
            if len(problems) < MAX_LISTED_PROBLEMS:
                problems.append(_problem(file, row, k, column, why, fix, lines))
    if total:
        raise InputError(problems, total=total)
    return Records(items, rows)


def _fail(file: str, problem: Words, fix: Words, row: int | None = None) -> InputError:
    return InputError([InputProblem(file, row, None, problem, fix)])


def _decode_lines(text: str, file: str) -> tuple[list[Any], list[int]]:
    items: list[Any] = []
    rows: list[int] = []
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if not line.strip():
            continue
        try:
            items.append(_loads(line))
        except json.JSONDecodeError as exc:
            raise _fail(file, Msg("errors_io.json.line_invalid", line=str(number), detail=exc.msg),
                        Msg("errors_io.json.line_invalid.fix"), row=number) from None
        except (RecursionError, ValueError):
            raise _fail(file, Msg("errors_io.json.line_deep", line=str(number)),
                        Msg("errors_io.json.line_deep.fix"), row=number) from None
        rows.append(number)
    return items, rows


def decode_json(text: str, file: str, lines: bool) -> Records:
    """The account records of a JSON document (a list, or ``{"accounts": [...]}``) or of JSON Lines.

    A ``.json`` file holding one object per line is read as JSON Lines. Raises ``InputError``.
    """
    if lines:
        items, rows = _decode_lines(text, file)
        return _check(items, rows, file, lines=True)
    try:
        data: Any = _loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":  # "Extra data": one object per line in a .json file
            raise _fail(file, Msg("errors_io.json.invalid", detail=exc.msg, line=str(exc.lineno),
                                  column=str(exc.colno)),
                        Msg("errors_io.json.invalid.fix")) from None
        items, rows = _decode_lines(text, file)
        return _check(items, rows, file, lines=True)
    except (RecursionError, ValueError):
        raise _fail(file, Msg("errors_io.json.deep"), Msg("errors_io.json.deep.fix")) from None
    if isinstance(data, dict) and isinstance(data.get("accounts"), list):
        data = data["accounts"]
    if not isinstance(data, list):
        raise _fail(file, Msg("errors_io.json.shape"), Msg("errors_io.json.shape.fix"))
    return _check(data, list(range(1, len(data) + 1)), file, lines=False)
