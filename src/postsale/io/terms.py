"""Contract terms written as words: ``Month-to-month``, ``One year``, ``Annual``, ``2 years``.

Billing and churn exports (the telco churn file's ``Contract`` column, a CRM's "Contract Type")
name the term instead of counting its months; ``contract_term_months`` accepts both.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pyarrow.compute as pc  # type: ignore[import-untyped]

from postsale.io import parse

__all__ = ["TERM_WORDS", "is_term_column", "parse_term"]

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "1": 1, "2": 2, "3": 3,
                 "4": 4, "5": 5}
TERM_WORDS: dict[str, float] = {
    "month_to_month": 1, "monthly": 1, "month": 1, "m2m": 1, "mtm": 1, "rolling": 1,
    "quarterly": 3, "semi_annual": 6, "annual": 12, "annually": 12, "yearly": 12, "year": 12,
    "biennial": 24, "triennial": 36,
    **{f"{w}_{unit}": n * 12 for w, n in _NUMBER_WORDS.items() for unit in ("year", "years")},
    **{f"{w}_year_contract": n * 12 for w, n in _NUMBER_WORDS.items()},
}
_MONTHS_RE = re.compile(r"^(\d{1,3})_?(?:months?|mo|m)$")


def _term(token: str) -> float:
    if token in TERM_WORDS:
        return TERM_WORDS[token]
    match = _MONTHS_RE.match(token)
    return float(match.group(1)) if match else np.nan


def parse_term(values: Any) -> parse.Parsed[np.float64]:
    """Months per contract term: numbers as :func:`postsale.io.parse.parse_number` reads them,
    else term words (distinct values only: a term column has a handful)."""
    numbers = parse.parse_number(values)
    if not numbers.bad.any():
        return numbers
    text = parse.as_text(values)
    enc = pc.dictionary_encode(text, null_encoding="encode")
    words = [parse.normalise_token(str(v)) if v is not None else "" for v in
             enc.dictionary.to_pylist()]
    table = np.array([_term(w) for w in words] + [np.nan], dtype=np.float64)
    idx = np.asarray(pc.fill_null(enc.indices, len(words)).to_numpy(zero_copy_only=False),
                     dtype=np.intp)
    months = table[idx]
    fill = numbers.bad & ~np.isnan(months)
    out = np.where(fill, months, numbers.values)
    return parse.Parsed(out, numbers.bad & ~fill, numbers.notes)


def is_term_column(values: tuple[str, ...]) -> bool:
    """Every distinct value names a term (for ``postsale inspect``'s type-based guess)."""
    return bool(values) and all(not np.isnan(_term(parse.normalise_token(v))) for v in values) \
        and not all(re.fullmatch(r"\d+", v.strip()) for v in values)
