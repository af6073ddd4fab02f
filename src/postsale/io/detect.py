"""What a column holds, judged from its header and a sample of its values.

Used by ``postsale inspect`` (the mapping assistant) and by the header suggestions of
:func:`postsale.io.parse.map_headers` when a required column is missing: a column called
"Contact Name" full of people's names is never proposed as ARR, and an ``opportunity_id`` whose
values repeat per account is never proposed as the account id when a unique one exists.

Kinds are decided on a head sample (parsing a million cells to say "money" would add nothing);
distinct counts and uniqueness are taken over the whole column with one Arrow kernel, because a
sample cannot tell an account id from a line-item's customer id that repeats further down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from postsale.io import parse

__all__ = ["ColumnProfile", "Kind", "header_words", "profile_column"]

SAMPLE_ROWS = 2000


class Kind(StrEnum):
    """The detected type of a column (``postsale inspect`` shows it)."""

    IDENTIFIER = "identifier"
    NAME = "name"
    TEXT = "text"
    MONEY = "money"
    NUMBER = "number"
    INTEGER = "integer"
    PERCENTAGE = "percentage"
    DATE = "date"
    BOOLEAN = "boolean"
    CATEGORY = "category"
    COUNTRY = "country"
    EMAIL = "email"
    EMPTY = "empty"


MONEY_WORDS = frozenset({
    "arr", "mrr", "acv", "tcv", "revenue", "amount", "amt", "value", "price", "charges", "charge", "fee",
    "fees", "cost", "spend", "billing", "billed", "subtotal", "payment", "paid", "sales",
    "bookings", "usd", "eur", "gbp", "total", "$", "€", "£"})
ID_WORDS = frozenset({"id", "key", "no", "nr", "number", "num", "code", "uuid", "guid", "ref"})
NAME_WORDS = frozenset({"name", "company", "account", "customer", "organization", "organisation",
                        "client", "contact", "requester", "owner", "assignee", "user"})
PERCENT_WORDS = frozenset({"percent", "percentage", "pct", "probability", "%", "rate"})
CATEGORY_WORDS = frozenset({"segment", "tier", "status", "stage", "type", "priority", "plan",
                            "interval", "industry", "complexity", "region", "churn", "churned",
                            "contract", "lifecycle", "group", "channel", "source"})
_BOOL_WORDS = frozenset({"true", "false", "yes", "no", "y", "n"})
_EMAIL_RE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_CURRENCY_RE = r"[$€£¥₹]|(?i:\b(?:USD|EUR|GBP|JPY|CAD|AUD|CHF)\b)|\d\s*[kKmM]$"


def header_words(header: str) -> list[str]:
    """The words of a header: ``customerID`` → customer, id; ``MonthlyCharges`` → monthly,
    charges; ``ARR ($)`` → arr, $."""
    spaced = re.sub(r"IDs\b", "Ids", header)  # "Company IDs", not "I Ds"
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", spaced)
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", spaced)
    words = parse.normalise_token(spaced).split("_")
    words += [c for c in header if c in "$€£%"]
    return [w for w in words if w]


@dataclass(frozen=True)
class ColumnProfile:
    """One column: detected kind, 3 sample values, distinct count and blanks (whole column)."""

    header: str
    kind: Kind
    samples: tuple[str, ...]
    rows: int
    non_blank: int
    distinct: int
    values: tuple[str, ...]  # the distinct values when there are at most 50 (for enum mapping)

    @property
    def unique(self) -> bool:
        """Every non-blank value appears once (an account id candidate)."""
        return self.non_blank > 0 and self.distinct == self.non_blank

    @property
    def blank_share(self) -> float:
        return 1.0 - self.non_blank / self.rows if self.rows else 0.0


def _share(mask: Any) -> float:
    arr = np.asarray(pc.fill_null(mask, False).to_numpy(zero_copy_only=False), dtype=bool)
    return float(arr.mean()) if arr.size else 0.0


def _kind(header: str, raw: Any, text: Any, distinct: int, non_blank: int) -> Kind:
    """The kind of a column from its header words and its non-blank sample ``text``."""
    words = set(header_words(header))
    t = raw.type
    if pa.types.is_boolean(t):
        return Kind.BOOLEAN
    if pa.types.is_date(t) or pa.types.is_timestamp(t):
        return Kind.DATE
    n = len(text)
    repeats = distinct < non_blank
    lower = pc.utf8_lower(text)
    if _share(pc.match_substring_regex(text, _EMAIL_RE)) >= 0.9:
        return Kind.EMAIL
    if _share(pc.is_in(lower, value_set=pa.array(sorted(_BOOL_WORDS)))) == 1.0:
        return Kind.BOOLEAN
    if _share(pc.match_substring_regex(text, r"^[-+]?[\d.,\s]+\s*%$")) >= 0.9:
        return Kind.PERCENTAGE
    idish = bool(words & ID_WORDS) and "of" not in words
    all_digits = _share(pc.match_substring_regex(text, r"^\d+$")) == 1.0
    numeric = pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t)
    if not numeric and not (all_digits and not words & {"date", "day"}):
        dates = parse.parse_dates(text)
        if not dates.bad.any():
            return Kind.DATE
    money = parse.parse_money(text)
    if not money.bad.any():
        if idish and not repeats and all_digits:
            return Kind.IDENTIFIER
        if words & PERCENT_WORDS:
            return Kind.PERCENTAGE
        if _share(pc.match_substring_regex(text, _CURRENCY_RE)) > 0 or words & MONEY_WORDS:
            return Kind.MONEY
        if numeric or not parse.parse_number(text).bad.any():
            vals = money.values[~np.isnan(money.values)]
            whole = bool(vals.size) and bool(np.all(vals == np.round(vals)))
            if idish and whole and distinct * 10 >= non_blank * 9:
                return Kind.IDENTIFIER
            return Kind.INTEGER if whole else Kind.NUMBER
    if words & {"country", "nation"}:
        return Kind.COUNTRY
    spaced = _share(pc.match_substring_regex(text, r"\s"))
    digits = _share(pc.match_substring_regex(text, r"\d"))
    if n and spaced < 0.1 and (idish or (digits >= 0.9 and distinct * 10 >= non_blank * 9)):
        return Kind.IDENTIFIER
    if distinct <= 30 and ((repeats and distinct * 2 <= non_blank) or words & CATEGORY_WORDS):
        return Kind.CATEGORY
    if words & NAME_WORDS:
        return Kind.NAME
    return Kind.TEXT


def _blank_mask(text: Any) -> Any:
    """Trimmed text that is null, empty or a 'no value' marker (N/A, null, a lone dash)."""
    return pc.fill_null(pc.or_kleene(pc.is_null(text), pc.is_in(
        pc.utf8_lower(text), value_set=parse.NULL_MARKERS)), True)


def profile_column(header: str, column: Any, sample_rows: int = SAMPLE_ROWS) -> ColumnProfile:
    """Profile one column (an Arrow array or chunked array of the whole file).

    The whole column is hashed once (dictionary encoding); trimming, blank markers, distinct
    counts and the enum values are then worked out on the distinct values only, so a million
    rows of a few hundred owners cost one pass."""
    raw = parse.as_arrow(column)
    rows = len(raw)
    strings = raw if pa.types.is_string(raw.type) or pa.types.is_large_string(raw.type) \
        else parse.as_text(raw)
    enc = pc.dictionary_encode(strings)
    distinct_text = pc.utf8_trim_whitespace(enc.dictionary)
    keep = pc.invert(_blank_mask(distinct_text))
    idx = np.asarray(pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False), dtype=np.int64)
    counts = np.bincount(idx[idx >= 0], minlength=len(distinct_text))
    keep_np = np.asarray(keep.to_numpy(zero_copy_only=False), dtype=bool)
    non_blank = int(counts[keep_np].sum())
    present_distinct = pc.filter(distinct_text, keep)  # in order of first appearance
    unique_values = pc.unique(present_distinct)
    distinct = len(unique_values)
    values: tuple[str, ...] = ()
    if 0 < distinct <= 50:
        values = tuple(str(v) for v in unique_values.to_pylist())
    samples = tuple("(not text)" if v == "\x00" else str(v) if len(str(v)) <= 30
                    else str(v)[:29] + "…" for v in unique_values.slice(0, 3).to_pylist())
    if not non_blank:
        return ColumnProfile(header, Kind.EMPTY, (), rows, 0, 0, ())
    head = raw.slice(0, sample_rows)
    head_text = parse.as_text(head)
    head_keep = pc.invert(_blank_mask(head_text))
    sample_text = pc.filter(head_text, head_keep)
    sample_raw = head if head.null_count == 0 and len(sample_text) == len(head) else sample_text
    kind = _kind(header, sample_raw, sample_text, distinct, non_blank)
    return ColumnProfile(header, kind, samples, rows, non_blank, distinct, values)
