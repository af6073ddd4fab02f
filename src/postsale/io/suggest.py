"""Which unmapped header is most likely a missing canonical column — type-aware.

A header that merely *looks* like "Contract Value" ("Contract", "Contact Name") is not money, and a
column whose values repeat per account ("Opportunity ID") is not the account id. Headers alone
settle the obvious cases; when the values are at hand (``postsale inspect``, or the error path of
an import whose ``arr`` or ``account_id`` is missing) their detected kind and uniqueness decide.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from postsale.benchmarks import header_aliases
from postsale.io.detect import MONEY_WORDS, ColumnProfile, Kind, header_words

__all__ = ["MONEY_TARGETS", "NOT_ACCOUNT_KEY", "NOT_MONEY", "company_revenue", "suggest_column"]

MONEY_TARGETS = ("arr", "mrr", "previous_arr")
# Words of headers that are never an amount of recurring revenue, whatever they resemble.
NOT_MONEY = frozenset({"name", "contact", "email", "phone", "date", "id", "type", "status", "stage",
                       "term", "length", "months", "count", "employees", "probability", "percent",
                       "score", "tickets", "quantity", "qty", "tenure", "owner", "code", "at",
                       "unit", "discount", "tax"})
# Words of ids that identify something other than the account (one account has many of them).
NOT_ACCOUNT_KEY = frozenset({"opportunity", "opp", "ticket", "order", "invoice", "line", "subscription",
                             "sub", "deal", "case", "contact", "transaction", "payment", "item",
                             "event", "lead", "email", "parent", "product", "plan", "price", "sku",
                             "user", "requester", "assignee", "charge"})
_SCALAR = (Kind.MONEY, Kind.NUMBER, Kind.INTEGER)
# With numbers under it, "Yearly" or "Monthly" alone is an amount per period.
_PERIOD_WORDS = frozenset({"yearly", "annual", "annually", "monthly", "year", "month"})


def company_revenue(words: Sequence[str]) -> bool:
    """"Annual Revenue" in a CRM is the customer company's own turnover, not what it pays us."""
    w = set(words)
    return "revenue" in w and not w & {"recurring", "arr", "mrr", "subscription", "contract"} \
        and bool(w & {"annual", "company", "total", "yearly"})


def _money_ok(header: str, profile: ColumnProfile | None) -> bool:
    words = set(header_words(header))
    if words & NOT_MONEY or company_revenue(list(words)):
        return False
    if "contract" in words and not words & (MONEY_WORDS - {"total"}):
        return False  # "Contract" is a term or a type; "Contract Value" is money
    if words & {"total", "lifetime", "tcv"} and not words & {"arr", "mrr", "recurring", "acv"}:
        return False  # lifetime or whole-contract totals ("TotalCharges") are not a year's revenue
    if profile is not None:
        return profile.kind in _SCALAR and (profile.kind is Kind.MONEY
                                            or bool(words & (MONEY_WORDS | _PERIOD_WORDS)))
    return bool(words & MONEY_WORDS)


def _key_ok(header: str, profile: ColumnProfile | None) -> bool:
    if set(header_words(header)) & NOT_ACCOUNT_KEY:
        return False
    return profile is None or profile.kind in (Kind.IDENTIFIER, Kind.INTEGER, Kind.TEXT, Kind.NAME)


def suggest_column(headers: Sequence[str], used: set[int], target: str,
                   profiles: Sequence[ColumnProfile | None] | None = None) -> str | None:
    """The unmapped header most likely to hold ``target``; None when nothing fits."""
    names = [target.replace("_", " "), *(a for a, t in header_aliases().items() if t == target)]
    prof: Sequence[ColumnProfile | None] = profiles or [None] * len(headers)
    candidates = [(p, h) for p, h in enumerate(headers) if p not in used and h.strip()]
    if target in MONEY_TARGETS:
        candidates = [(p, h) for p, h in candidates if _money_ok(h, prof[p])]
    elif target == "account_id":
        candidates = [(p, h) for p, h in candidates if _key_ok(h, prof[p])]
        unique = [(p, h) for p, h in candidates if (q := prof[p]) is not None and q.unique]
        if profiles is not None:
            candidates = unique
    best, best_score = None, 0.6
    for _, header in candidates:
        key = " ".join(header.lower().split())
        score = max(difflib.SequenceMatcher(None, key, n).ratio() for n in names)
        if score > best_score:
            best, best_score = header, score
    if best is not None:
        return best
    return _by_type(candidates, target, prof)


def _by_type(candidates: Sequence[tuple[int, str]], target: str,
             profiles: Sequence[ColumnProfile | None]) -> str | None:
    """No header resembles ``target``: the candidate whose words and values fit it best."""
    if target in MONEY_TARGETS:
        scored: list[tuple[int, int, str]] = []
        for pos, header in candidates:
            words = set(header_words(header))
            score = 1 + (2 if words & {"recurring", "arr", "mrr", "acv", "subscription"} else 0)
            score += 2 if (target == "mrr") == bool(words & {"monthly", "mrr", "month"}) else 0
            q = profiles[pos]
            score += 1 if q is not None and q.kind is Kind.MONEY else 0
            score -= 2 if words & {"total", "lifetime"} else 0
            scored.append((score, -pos, header))
        return max(scored)[2] if scored else None
    if target == "account_id":
        def rank(item: tuple[int, str]) -> tuple[int, int]:
            words = set(header_words(item[1]))
            return (2 * bool(words & {"id", "no", "nr", "number", "num", "key", "code", "ref"})
                    + bool(words & {"account", "customer", "company", "client"}), -item[0])

        fitting = [c for c in candidates if rank(c)[0] > 0 or (
            (q := profiles[c[0]]) is not None and q.kind is Kind.IDENTIFIER)]
        return max(fitting, key=rank)[1] if fitting else None
    return None

