"""Vectorized parsers for the cells of CRM and billing exports: money, numbers, dates, flags, enums.

Why vectorized: a book of a million accounts must import in seconds (PRODUCT.md, C11), so every
parser works on whole columns with ``pyarrow.compute`` (RE2 regular expressions, casts) and numpy —
never a Python loop over rows. Columns with few distinct values (dates, segments, flags) are
dictionary-encoded first and only the distinct values are parsed.

Every parser returns :class:`Parsed`: the values in the book's dtype, a ``bad`` mask of cells that
hold something we could not understand (blank cells are *missing*, never bad), and ``notes`` on
column-wide guesses (European decimal commas, month-first dates) so the caller can tell the user.
Rows are never rejected here; ``postsale.io.read`` turns ``bad`` into row-level errors.
:func:`map_headers` does the same job for the header row: which column is which.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from postsale.benchmarks import header_aliases
from postsale.core.book import (
    CANONICAL_COLUMNS,
    COMPLEXITY_KEYS,
    ONBOARDING_KEYS,
    SEGMENT_KEYS,
    STATUS_KEYS,
    UNKNOWN,
)
from postsale.core.msg import Msg
from postsale.errors import ConfigError, Words
from postsale.io.cells import (
    NULL_MARKERS,
    STYLE_EU,
    STYLE_US,
    ArrayLike,
    BoolArray,
    FloatArray,
    Parsed,
    _blank,
    _np_bool,
    _text_via_distinct,
    _via_distinct,
    as_arrow,
    as_text,
    cell_text,
)
from postsale.io.dates import DATE_FORMS, parse_dates
from postsale.keys import TIER_KEYS

__all__ = [
    "DATE_FORMS",
    "ENUM_COLUMNS",
    "IGNORE",
    "NULL_MARKERS",
    "STYLE_EU",
    "STYLE_US",
    "TARGETS",
    "ArrayLike",
    "HeaderMapping",
    "Parsed",
    "accepted_values",
    "as_arrow",
    "as_text",
    "cell_text",
    "map_headers",
    "normalise_token",
    "parse_bool",
    "parse_dates",
    "parse_enum",
    "parse_money",
    "parse_number",
]

# The columns a file may have: the canonical ones (PRODUCT.md) and ``mrr`` (converted to ARR).
TARGETS: tuple[str, ...] = (*CANONICAL_COLUMNS, "mrr")
# ``[columns] "Internal Notes" = "ignore"`` (or ``"-"``): never read this header, even when its
# name or an alias would map it.
IGNORE: tuple[str, ...] = ("ignore", "-")

# ----------------------------------------------------------------------------------------------
# Money and numbers

_CURRENCY_CODES = (
    "USD|EUR|GBP|JPY|CNY|RMB|AUD|CAD|CHF|SEK|NOK|DKK|INR|BRL|MXN|SGD|HKD|NZD|ZAR|MYR|RM|KRW|PLN|CZK|"
    "HUF|ILS|AED|SAR|TRY|IDR|THB|PHP|VND|TWD|CLP|COP|ARS|PEN|RUB|KR"
)
_CUR = rf"(?:[A-Za-z]{{0,3}}\$|[€£¥₹₩₽₺₪₫฿₱]|(?i:{_CURRENCY_CODES}))"
_NUM = r"(?P<num>\.?\d(?:[\d.,'’\s\x{00a0}\x{202f}\x{2009}]*\d)?(?:[eE][+-]?\d+)?)"
_SIGN = r"[-+−]"
_MULT = r"(?i:k|thousand|mm|mn|m|million|bn|b|billion)"
_MONEY_RE = (
    rf"^(?P<s1>{_SIGN})?\s*(?P<c1>{_CUR})?\s*(?P<s2>{_SIGN})?\s*{_NUM}\s*(?P<mult>{_MULT})?\s*"
    rf"(?P<c2>{_CUR})?\s*(?P<s3>-)?$"
)
_NUMBER_RE = rf"^(?P<s1>{_SIGN})?\s*{_NUM}$"
_MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "million": 1e6,
                "b": 1e9, "bn": 1e9, "billion": 1e9}
_MULT_NAMES = pa.array(list(_MULTIPLIERS))
_MULT_FACTORS = np.array([*_MULTIPLIERS.values(), 1.0])

# US style: 1,234,567.89 · 1234.5 · 1.5e6   European style: 1.234.567,89 · 1234,5
_PLAIN = r"^\d+$"
_US = r"^(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.\d+|\d+(?:\.\d+)?[eE][+-]?\d+)$"
_EU = r"^(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d*,\d+)$"
_SIMPLE_US = r"^[-+]?\$?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$"
_LONE_THOUSANDS = r"^[-+]?\$?\d{1,3}\.\d{3}$"


def _float_fast(strings: Any, blank: BoolArray, money: bool) -> FloatArray | None:
    """The common cases in one cast: plain numbers (machine exports) and, for money, ``$1,234.50``
    in every cell (a spreadsheet's currency format). None when anything else is in the column."""
    nulled = pc.if_else(pa.array(blank), pa.scalar(None, pa.string()), strings)
    try:
        floats = pc.cast(nulled, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        if not money or (~blank & ~_np_bool(pc.match_substring_regex(nulled, _SIMPLE_US))).any() \
                or _np_bool(pc.match_substring_regex(nulled, _LONE_THOUSANDS)).any():
            return None  # "1.000" beside "$1,234.50" is an amount of its own: the slow path
        floats = pc.cast(pc.replace_substring_regex(nulled, r"[$,]", ""), pa.float64())
    values = np.asarray(floats.to_numpy(zero_copy_only=False), dtype=np.float64)
    if np.isinf(values).any() or np.isnan(values[~blank]).any():
        return None
    return values


_DASH_RE = rf"^(?:{_CUR})?\s*[-–—]+\s*(?:{_CUR})?$"


def _parse_amounts(strings: Any, money: bool) -> Parsed[np.float64]:
    """The slow path: currency symbols/codes, K/M/B suffixes, signs, parentheses, separators.

    Separators: a value is read US style (``,`` thousands, ``.`` decimals) or European style (``.``
    thousands, ``,`` decimals) when only one reading fits (``1,234.5``, ``12,50``). An amount that
    fits both (``12,500``, ``12.500``: one separator, three digits) is decided on its own: the
    separator groups thousands (12500), since money is not written to three decimals — never by
    the other cells, so one ``€ 12.500,00`` cannot turn every ``$120,000`` into 120. Plain
    numbers (not money) that fit both follow the column: European if more values are
    unambiguously European than unambiguously US, otherwise US.
    """
    # "$ -" is how accounting formats show an empty amount.
    blank = _blank(strings) | _np_bool(pc.match_substring_regex(strings, _DASH_RE))
    paren = _np_bool(pc.match_substring_regex(strings, r"^[^()]*\([^()]*\)[^()]*$"))
    unparen = pc.replace_substring_regex(strings, r"[()]", "") if paren.any() else strings
    parts = pc.extract_regex(unparen, _MONEY_RE if money else _NUMBER_RE)
    matched = _np_bool(pc.is_valid(parts))
    num = pc.replace_substring_regex(pc.struct_field(parts, "num"), r"[\s'’\x{00a0}\x{202f}\x{2009}]", "")
    plain = _np_bool(pc.match_substring_regex(num, _PLAIN))
    us_ok = plain | _np_bool(pc.match_substring_regex(num, _US))
    eu_ok = plain | _np_bool(pc.match_substring_regex(num, _EU))
    eu_only, us_only = eu_ok & ~us_ok, us_ok & ~eu_ok
    european = int(eu_only.sum()) > int(us_only.sum())
    if money:  # each amount on its own: a lone separator before three digits groups thousands
        use_eu = eu_only | (eu_ok & us_ok & _np_bool(pc.match_substring(num, ".")))
    else:
        use_eu = eu_only | (eu_ok & us_ok & european)
    us_text = pc.replace_substring(num, ",", "")
    eu_text = pc.replace_substring(pc.replace_substring(num, ".", ""), ",", ".")
    good = matched & (us_ok | eu_ok) & ~blank
    text = pc.if_else(pa.array(good), pc.if_else(pa.array(use_eu), eu_text, us_text),
                      pa.scalar(None, pa.string()))
    values = np.asarray(pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)
    negative = paren.copy()
    for group in ("s1", "s2", "s3") if money else ("s1",):
        sign = pc.struct_field(parts, group)
        negative |= _np_bool(pc.or_kleene(pc.equal(sign, "-"), pc.equal(sign, "−")))
    if money:
        mult = pc.index_in(pc.utf8_lower(pc.struct_field(parts, "mult")), value_set=_MULT_NAMES)
        which = np.asarray(pc.fill_null(mult, len(_MULTIPLIERS)).to_numpy(zero_copy_only=False))
        values = values * _MULT_FACTORS[which]
    values = np.where(negative, -values, values)
    values[~good] = np.nan
    if money:  # the note tells of a European column, not of one European amount among others
        european = int(eu_only.sum()) * 2 > int(good.sum())
    notes = ("amounts read in European format (1.234,56)",) if european and use_eu.any() else ()
    if not money:
        return Parsed(values, ~blank & ~good, notes)
    marker = pc.coalesce(pc.struct_field(parts, "c1"), pc.struct_field(parts, "c2"))
    # the style each amount was read in, where it has a separator at all ("$120,000" is US,
    # "€ 12.500" European), for the column's mixed-format note
    grouped = good & ~plain
    style = np.where(grouped & ~use_eu, STYLE_US, np.where(grouped & use_eu, STYLE_EU, 0)
                     ).astype(np.int8)
    return Parsed(values, ~blank & ~good, notes,
                  np.asarray(marker.to_numpy(zero_copy_only=False), dtype=object), style)


def _parse_numeric(values: ArrayLike, money: bool) -> Parsed[np.float64]:
    arr = as_arrow(values)
    t = arr.type
    if pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t):
        floats = np.array(pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)
        bad = np.isinf(floats)
        floats[bad] = np.nan
        return Parsed(floats, bad)
    if (pa.types.is_string(t) or pa.types.is_large_string(t)) and arr.null_count == 0 \
            and len(arr) and pc.min(pc.binary_length(arr)).as_py() > 0:
        # A machine export: every cell a plain number, read in one cast without trimming or
        # looking for blanks (any marker, symbol or space makes the cast fail; empty cells, the
        # usual blanks, are ruled out first because a failing cast is slow).
        try:
            floats = np.asarray(pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False),
                                dtype=np.float64)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
        else:
            if np.isfinite(floats).all():
                return Parsed(floats, np.zeros(len(floats), dtype=np.bool_))
    strings = as_text(arr)
    blank = _blank(strings)
    fast = _float_fast(strings, blank, money)
    if fast is not None:
        marks = None
        if money and (dollars := _np_bool(pc.match_substring(strings, "$"))).any():
            marks = np.full(len(fast), None, dtype=object)
            marks[dollars] = "$"
        return Parsed(fast, np.zeros(len(fast), dtype=np.bool_), (), marks)
    return _via_distinct(strings, lambda s: _parse_amounts(s, money))


def parse_money(values: ArrayLike) -> Parsed[np.float64]:
    """Amounts such as ``$30,000``, ``30K``, ``1.2M``, ``€ 12.500,00``, ``(1,200)``, ``USD 5,000``.

    Each amount's separators are read on their own (``$120,000`` beside ``€ 12.500,00`` stays
    120000); a column of plain numbers only (``1.000``, ``2.25``, a machine export) is read with
    ``.`` as the decimal point. ``currency`` holds the symbol or code written in each cell.

    Blank cells (and ``N/A``, ``null``, a lone dash) are missing (NaN, not bad). Parentheses and a
    leading or trailing minus make a negative amount; the caller decides whether that is allowed.
    """
    return _parse_numeric(values, money=True)


def parse_number(values: ArrayLike) -> Parsed[np.float64]:
    """Plain quantities (health score, tickets, weeks): digits with optional separators and sign."""
    return _parse_numeric(values, money=False)


# ----------------------------------------------------------------------------------------------
# Booleans and enumerations

_TRUE = pa.array(["true", "t", "yes", "y", "1", "1.0", "x", "✓", "✔", "on", "checked"])
_FALSE = pa.array(["false", "f", "no", "n", "0", "0.0", "off", "unchecked", ""])


def parse_bool(values: ArrayLike) -> Parsed[np.bool_]:
    """Flags: true/false, yes/no, y/n, 1/0, x (a ticked box); blank is false (no flag set)."""
    arr = as_arrow(values)
    if pa.types.is_boolean(arr.type):
        return Parsed(_np_bool(arr), np.zeros(len(arr), dtype=np.bool_))
    lower = pc.utf8_lower(as_text(arr))
    true = _np_bool(pc.is_in(lower, value_set=_TRUE))
    false = _np_bool(pc.or_kleene(pc.is_null(lower), pc.is_in(lower, value_set=_FALSE)))
    return Parsed(true, ~true & ~false)


def normalise_token(text: str) -> str:
    """The matching key of an enum value: lower case, runs of non-alphanumerics → ``_``."""
    return re.sub(r"[\W_]+", "_", text.strip().lower()).strip("_")


def _synonyms(keys: Sequence[StrEnum], extra: Mapping[str, Sequence[str]]) -> dict[str, int]:
    table: dict[str, int] = {}
    for code, key in enumerate(keys):
        for word in (str(key), *extra.get(str(key), ())):
            table[normalise_token(word)] = code
    return table


ENUM_COLUMNS: dict[str, tuple[tuple[str, ...], dict[str, int]]] = {
    "segment": (
        tuple(str(k) for k in SEGMENT_KEYS),
        _synonyms(SEGMENT_KEYS, {
            "enterprise": ["ent", "large enterprise", "large", "enterprise accounts"],
            # "Commercial" is Salesforce's name for the mid-market band.
            "mid_market": ["mid-market", "midmarket", "mid market", "mm", "mid", "commercial",
                           "midsize", "mid-size", "mid-sized", "medium business"],
            "smb": ["small business", "small", "sme", "small and medium business", "s.m.b."],
        }),
    ),
    "complexity": (
        tuple(str(k) for k in COMPLEXITY_KEYS),
        _synonyms(COMPLEXITY_KEYS, {
            "low": ["l", "simple", "basic"],
            "medium": ["med", "m", "moderate", "mid"],
            "high": ["h", "complex", "very high"],
        }),
    ),
    "onboarding_status": (
        tuple(str(k) for k in ONBOARDING_KEYS),
        _synonyms(ONBOARDING_KEYS, {
            "not_started": ["not started", "not yet started", "pending", "planned", "to do",
                            "todo", "queued", "new"],
            "in_progress": ["in progress", "onboarding", "implementing", "implementation",
                            "in implementation", "started", "ongoing", "underway"],
            "completed": ["complete", "done", "live", "finished", "onboarded", "launched",
                          "went live"],
        }),
    ),
    "tier_override": (
        tuple(str(k) for k in TIER_KEYS),
        _synonyms(TIER_KEYS, {
            "high_touch": ["high touch", "high", "tier 1", "1", "t1", "dedicated"],
            "low_touch": ["low touch", "low", "tier 2", "2", "t2", "pooled", "mid touch",
                          "medium touch"],
            "tech_touch": ["tech touch", "tech", "digital", "scale", "scaled", "tier 3", "3", "t3",
                           "automated", "no touch"],
        }),
    ),
    # Account (CRM lifecycle), subscription (Stripe) and churn-file words; ``[values.status]`` maps
    # any other. Only churned and prospect change the plan (not active, ARR 0: core/book.py).
    "status": (
        tuple(str(k) for k in STATUS_KEYS),
        _synonyms(STATUS_KEYS, {
            "active": ["customer", "current", "current customer", "live", "paying", "renewed",
                       "evangelist", "past due", "past_due", "unpaid", "existing customer",
                       "customer direct", "customer channel", "retained", "not churned"],
            "trial": ["trialing", "trialling", "in trial", "free trial", "pilot", "poc",
                      "proof of concept", "evaluation"],
            "churned": ["churn", "cancelled", "canceled", "lost", "inactive", "former customer",
                        "past customer", "terminated", "ended", "expired", "closed",
                        "incomplete expired", "incomplete_expired", "deactivated"],
            "prospect": ["lead", "subscriber", "marketing qualified lead", "sales qualified lead",
                         "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "other",
                         "prospective"],
        }),
    ),
}


def accepted_values(column: str) -> tuple[str, ...]:
    """The canonical keys of an enumerated column (for error messages and docs)."""
    return ENUM_COLUMNS[column][0]


_MAPPED_UNKNOWN = -2  # a value the company file maps to "" (unknown on purpose, not bad)


def _enum_strings(strings: Any, table: Mapping[str, int]) -> Parsed[np.int8]:
    blank = _blank(strings)
    key = pc.utf8_trim(pc.replace_substring_regex(pc.utf8_lower(strings), r"[^\p{L}\p{N}]+", "_"),
                       characters="_")
    words = pa.array(list(table), type=pa.string())
    codes = np.array([*table.values(), UNKNOWN], dtype=np.int8)
    idx = pc.index_in(key, value_set=words)
    found = np.asarray(pc.fill_null(idx, len(table)).to_numpy(zero_copy_only=False))
    values = codes[found]
    values[blank] = UNKNOWN
    bad = ~blank & (values == UNKNOWN)
    values[values == _MAPPED_UNKNOWN] = UNKNOWN
    return Parsed(values, bad)


def parse_enum(values: ArrayLike, column: str, mapped: Mapping[str, str] | None = None
               ) -> Parsed[np.int8]:
    """Codes for an enumerated column (``segment``, ``complexity``, ``onboarding_status``,
    ``tier_override``): the index into the matching key tuple of ``postsale.core.book``.

    Case, spaces, hyphens and underscores do not matter (``Mid-Market`` = ``mid_market``); common
    CRM words are accepted (``ENUM_COLUMNS``). Blank is unknown (-1); anything else is bad.
    ``mapped`` is the company file's ``[values.<column>]``: raw value → canonical key, or ``""``
    for unknown; it wins over the built-in words.
    """
    keys, table = ENUM_COLUMNS[column]
    if mapped:
        table = {**table, **{normalise_token(raw): keys.index(normalise_token(key))
                             if normalise_token(key) else _MAPPED_UNKNOWN
                             for raw, key in mapped.items()}}
    return _text_via_distinct(values, lambda s: _enum_strings(s, table))


# ----------------------------------------------------------------------------------------------
# Headers: which column of the file is which canonical column


@dataclass(frozen=True, eq=False)
class HeaderMapping:
    """Canonical column → header position, plus header-level problems and notes."""

    positions: dict[str, int]
    problems: list[tuple[str | None, Words, Words]]  # (column, problem, fix)
    notes: list[tuple[str, str]]  # (code, message)


def _header_key(header: str) -> str:
    return " ".join(header.lower().split())


def _compact(header: str) -> str:
    """``CustomerID``, ``customer_id`` and ``Customer Id`` alike: lower case, letters and digits."""
    return re.sub(r"[\W_]+", "", header.lower())


# Aliases so generic that a more specific one in the same file wins ("id" is often the row's own
# id — a subscription's or a ticket's — beside a "Customer ID").
_WEAK_ALIASES = frozenset({"id"})


def map_headers(headers: Sequence[str], columns: Mapping[str, str] | None = None,
                profiles: Sequence[Any] | None = None, *,
                require_arr: bool = True) -> HeaderMapping:
    """Match file headers to canonical columns: ``[columns]`` first, then canonical names, then aliases.

    Matching ignores case and surrounding/repeated spaces; canonical names also match with spaces
    or hyphens for underscores (``Health Score``). Two headers for one column at the same level is
    a problem (which one is meant?); a lower level loses to a higher one with a note. ``mrr`` is
    used only when there is no ``arr`` column. A header mapped to ``"ignore"`` (or ``"-"``) is
    never used. ``profiles`` (``postsale.io.detect.ColumnProfile`` per header, when the values are
    at hand) make the suggestions for a missing ``arr`` / ``account_id`` type-aware.
    """
    user: dict[str, str] = {}
    for header, target in (columns or {}).items():
        key = normalise_token(str(target))
        if str(target).strip().lower() in IGNORE:
            key = IGNORE[0]
        elif key not in TARGETS:
            raise ConfigError("[columns]", f"columns.{header}",
                              Msg("errors_company.not_column", name=str(target)),
                              Msg("errors_io.columns.fix", choices=", ".join(TARGETS)))
        user[_header_key(str(header))] = key
    aliases = header_aliases()
    compact = {_compact(a): t for a, t in aliases.items()}
    hits: dict[str, list[tuple[int, int]]] = {}
    for pos, header in enumerate(headers):
        key, token = _header_key(header), normalise_token(header)
        if key in user:
            level, target = 0, user[key]
            if target == IGNORE[0]:
                continue
        elif token in TARGETS:
            level, target = 1, token
        elif key in aliases:
            level, target = (3 if key in _WEAK_ALIASES else 2), aliases[key]
        elif _compact(header) in compact:
            level, target = 2, compact[_compact(header)]
        else:
            continue
        hits.setdefault(target, []).append((level, pos))
    positions: dict[str, int] = {}
    problems: list[tuple[str | None, Words, Words]] = []
    notes: list[tuple[str, str]] = []
    for target, found in hits.items():
        best = min(level for level, _ in found)
        top = [pos for level, pos in found if level == best]
        if len(top) > 1:
            problems.append((None, Msg("errors_io.header.both",
                                       names=tuple(f"'{headers[p]}'" for p in top), column=target),
                             Msg("errors_io.header.both.fix", header=headers[top[0]],
                                 column=target)))
            continue
        positions[target] = top[0]
        notes.extend(("column_ignored", f"column '{headers[p]}' ignored: '{headers[top[0]]}' is "
                      f"used for {target}") for level, p in found if level != best)
    seen = {_header_key(h) for h in headers}
    notes.extend(("column_mapping_unused", f"[columns] maps '{h}', which is not in the file")
                 for h in (columns or {}) if _header_key(str(h)) not in seen)
    if "arr" in positions and "mrr" in positions:
        notes.append(("mrr_ignored", f"both ARR ('{headers[positions['arr']]}') and MRR "
                      f"('{headers[positions['mrr']]}') given; ARR is used"))
        del positions["mrr"]
    elif "mrr" in positions:
        notes.append(("mrr_converted", f"ARR is MRR ('{headers[positions['mrr']]}') × 12"))
    used = set(positions.values()) | {p for p, h in enumerate(headers)
                                      if user.get(_header_key(h)) == IGNORE[0]}
    listed = ", ".join(f"'{h}'" for h in headers[:30]) + (" …" if len(headers) > 30 else "")
    for target, what in (("account_id", Msg("errors_io.header.what_id")),
                         ("arr", Msg("errors_io.header.what_arr"))):
        if target in positions or (target == "arr" and "mrr" in positions) or target in hits \
                or (target == "arr" and not require_arr):
            continue
        from postsale.io.suggest import suggest_column  # detect imports this module

        close = suggest_column(headers, used, target, profiles)
        fix = Msg("errors_io.header.missing.fix_close", close=close, what=what, column=target) \
            if close else Msg("errors_io.header.missing.fix", what=what, column=target)
        problems.append((target, Msg("errors_io.header.missing", column=target, headers=listed),
                         fix))
    return HeaderMapping(positions, problems, notes)
