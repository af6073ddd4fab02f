"""``postsale inspect`` for a secondary file (subscriptions, opportunities, tickets): each column's
line field exactly as ``postsale plan --subscriptions …`` reads it, and the ``[import.columns]``
lines for what the built-in aliases miss.

The mapping is :func:`postsale.io.sources.match_fields` itself (the aliases of
``benchmarks/sources.toml``, then ``[import.columns]``), never a second copy: inspect shows what
the plan will read. Only a field the aliases do not find is guessed, from the column's detected
type and header words ("Plan Price" holding money is the amount; "Billing Start" holding dates is
the start), and each guess becomes an ``[import.columns]`` line so the plan reads it too.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from postsale.io import parse
from postsale.io.detect import ColumnProfile, Kind, header_words
from postsale.io.sources import FIELDS, UNREAD, cents_header, interval_months, match_fields, missing_fields
from postsale.io.suggest import suggest_column

__all__ = ["LineMapping", "line_columns"]

_MONEY = ("arr", "mrr", "amount", "unit_price")
_SCALAR = frozenset({Kind.MONEY, Kind.NUMBER, Kind.INTEGER})
_FITS: dict[str, frozenset[Kind]] = {
    **dict.fromkeys(_MONEY, _SCALAR),
    **dict.fromkeys(("quantity", "term", "interval_count"), _SCALAR | {Kind.CATEGORY}),
    **dict.fromkeys(("start", "end", "renewal", "close_date", "created"), frozenset({Kind.DATE})),
}
_RENEWAL = frozenset({"renewal", "renews", "renew", "next"})
_END = frozenset({"end", "ended", "ends", "cancel", "canceled", "cancelled", "cancellation",
                  "churn", "churned", "terminated", "termination", "expiry", "expires",
                  "expired", "expiration"})
_START = frozenset({"start", "started", "starts", "since", "signup", "signed", "activated",
                    "activation", "begin", "begins", "effective", "created", "booked"})
_CREATED = frozenset({"created", "create", "opened", "open", "submitted", "received",
                      "requested", "logged", "reported"})
_CLOSE = frozenset({"close", "closed", "closing", "won"})
_QUANTITY = frozenset({"seats", "seat", "licenses", "licences", "license", "licence", "users",
                       "units", "qty", "quantity"})
_STAGE_WORDS = ("won", "lost", "closed")
_STATUS_WORDS = ("active", "canceled", "cancelled", "trialing", "trial", "expired", "paused",
                 "past_due", "non_renewing", "churned")


class LineMapping:
    """A secondary file's columns: position → (line field, why), the ``[import.columns]`` lines
    it needs (header → field) and notes."""

    def __init__(self) -> None:
        self.chosen: dict[int, tuple[str, str]] = {}
        self.extra: dict[str, str] = {}
        self.notes: list[str] = []


def _date(words: set[str], field: str) -> bool:
    if field == "renewal":
        return bool(words & _RENEWAL) or (bool(words & {"period", "term"})
                                          and bool(words & {"end", "ends"}))
    if field == "end":
        return bool(words & _END) and not words & _RENEWAL and not words & {"period", "term"}
    if field == "start":
        return bool(words & _START) and not words & (_END | _RENEWAL)
    if field == "created":
        return bool(words & _CREATED) and not words & {"updated", "solved", "closed", "due"}
    return field == "close_date" and bool(words & _CLOSE) and not words & {"created", "create"}


_CANCEL = frozenset({"cancel", "canceled", "cancelled", "cancellation"})


def _later_end(profiles: Sequence[ColumnProfile], used: set[int], pos: int) -> bool:
    """Another date column says when the line *ends* ("expires_at" beside "canceled_at"):
    a cancellation is often only requested, the line running to the end of its term."""
    return any(q.kind is Kind.DATE and i not in used and i != pos
               and set(header_words(q.header)) & (_END - _CANCEL)
               for i, q in enumerate(profiles))


def _share(values: Sequence[str], test: Callable[[str], bool]) -> float:
    return sum(map(test, values)) / len(values) if values else 0.0


def _guess(field: str, profiles: Sequence[ColumnProfile], used: set[int]) -> int | None:
    """An unused column for ``field`` judged by its detected type and header words."""
    for pos, p in enumerate(profiles):
        if pos in used:
            continue
        words = set(header_words(p.header))
        if field in ("start", "end", "renewal", "created", "close_date"):
            if p.kind is Kind.DATE and _date(words, field) and not (
                    field == "end" and words & _CANCEL and _later_end(profiles, used, pos)):
                return pos
        elif field == "quantity":
            if p.kind in (Kind.INTEGER, Kind.NUMBER) and words & _QUANTITY:
                return pos
        elif field == "interval":
            if p.kind is Kind.CATEGORY and _share(p.values, lambda v: not math.isnan(
                    interval_months(parse.normalise_token(v)))) >= 0.8:
                return pos
        elif field == "stage":
            if p.kind is Kind.CATEGORY and (words & {"stage", "phase"} or _share(
                    p.values, lambda v: any(w in v.lower() for w in _STAGE_WORDS)) >= 0.3):
                return pos
        elif field == "status" and p.kind is Kind.CATEGORY and _share(
                p.values, lambda v: v.lower().replace(" ", "_") in _STATUS_WORDS) >= 0.6:
            return pos
    return None


def _money_field(kind: str, header: str, has_quantity: bool) -> str:
    words = set(header_words(header))
    if words & {"monthly", "mrr", "month"}:
        return "mrr"
    if words & {"annual", "annually", "yearly", "arr", "acv", "year"}:
        return "arr"
    if kind == "subscriptions" and has_quantity and words & {"price", "unit", "rate"}:
        return "unit_price"
    return "amount"


def line_columns(kind: str, profiles: Sequence[ColumnProfile], key: int | None) -> LineMapping:
    """The mapping of a ``kind`` file as the plan reads it, plus type-based guesses for what the
    aliases miss (each one an ``[import.columns]`` line). ``key``: the column the role detection
    took for the account of each row (used when no alias names one)."""
    out = LineMapping()
    headers = [p.header for p in profiles]
    found = match_fields(kind, headers, {})
    used = set(found.values())
    for name, pos in found.items():
        p = profiles[pos]
        fits = _FITS.get(name)
        if fits is not None and p.kind not in fits and p.kind is not Kind.EMPTY:
            out.notes.append(f"'{p.header}' is read as {name} (its name) but holds {p.kind} "
                             "values: `postsale plan` will list the cells it cannot read")
        why = "built-in alias" + (" (recognised, not read: every ticket counts)"
                                  if (kind, name) in UNREAD else "")
        if name in _MONEY and cents_header(p.header):
            why += "; in cents: ÷ 100"
        out.chosen[pos] = (name, why)

    def take(name: str, pos: int, why: str) -> None:
        out.chosen[pos] = (name, why)
        out.extra[headers[pos]] = name
        found[name] = pos
        used.add(pos)

    if "account_id" not in found and key is not None and key not in used:
        take("account_id", key, f"names the account of each row ({profiles[key].kind})")
    if kind != "tickets" and not set(_MONEY) & set(found):
        pick = suggest_column(headers, used, "arr", profiles)
        if pick is not None:
            pos = headers.index(pick)
            name = _money_field(kind, pick, "quantity" in found)
            take(name, pos, "type: money column" + ("; in cents: ÷ 100" if cents_header(pick)
                                                     else ""))
    wanted = {"subscriptions": ("start", "end", "renewal", "status", "interval", "quantity"),
              "opportunities": ("close_date", "stage"),
              "tickets": ("created",)}[kind]
    for name in wanted:
        if name in found or name not in FIELDS[kind]:
            continue
        pos_ = _guess(name, profiles, used)
        if pos_ is not None:
            take(name, pos_, f"type: {profiles[pos_].kind}")
    if kind == "subscriptions" and not {"arr", "mrr"} & set(found) and "interval" not in found \
            and {"amount", "unit_price"} & set(found):
        money = headers[found.get("amount", found.get("unit_price", 0))]
        out.notes.append(f"no billing-interval column: each '{money}' is taken as a year's amount "
                         "— if it is a monthly price, ARR comes out 12× too small; add an "
                         'interval column (month, year) and map it: [import.columns] "Your '
                         'header" = "interval"')
    if kind == "subscriptions" and {"amount", "quantity"} <= set(found) \
            and "unit_price" not in found and set(profiles[found["quantity"]].values) - {"1"}:
        amount, quantity = headers[found["amount"]], headers[found["quantity"]]
        out.notes.append(f"'{amount}' is read as each line's total per interval, '{quantity}' "
                         "only when no amount is given; if it is the price of one seat (as a "
                         f"Stripe plan amount is), map it: [import.columns] \"{amount}\" = "
                         "\"unit_price\" (ARR = quantity × price)")
    for name in missing_fields(kind, found):
        out.notes.append(f"no column for '{name}': `postsale plan` cannot read this {kind} file; "
                         f'name yours in the company file: [import.columns] "Your header" = '
                         f'"{name}"')
    return out
