"""Line items to accounts (issue 11): the rules that turn subscription lines, opportunities and
tickets — or an accounts file whose ID repeats — into one row per account.

Pure and vectorized: every function takes columns (numpy arrays, one value per *line*), the line's
account index (``account``: 0…n−1, −1 for a line whose account is unknown) and the as-of date, and
returns per-account columns plus the rules it applied as data (:class:`Rule`: a code and its
figures), so the import layer can say in words what was done and a user can check it. Group-bys
are ``np.bincount``, ``ufunc.at`` and Arrow hashing over whole columns (a sort only for text
minimum / maximum); nothing loops over lines.

Defaults (DOMAIN: ARR is the recurring revenue in force on a date):

* **Subscriptions.** A line is *active* on a date when it started on or before it (a blank start
  counts as started) and ends on or after it (a blank end never ends; a cancelled line without an
  end date has ended). ARR = Σ annual amounts of the active recurring lines on the as-of date;
  ``previous_arr`` the same 12 months earlier (only when the lines have start dates);
  ``renewal_date`` the earliest end (or renewal) date on or after the as-of date;
  ``contract_term_months`` the most frequent term of the active lines (without a term, the
  billing interval: a monthly plan renews monthly); ``start_date`` the earliest start. An account
  with lines but none active, at least one ended, is *churned* (ARR 0).
* **Opportunities.** ARR = Σ closed-won recurring amounts closed in the trailing 12 months (used
  only when there is no subscription file); the earliest close date of an open renewal opportunity
  on or after the as-of date is a renewal date.
* **Tickets.** ``tickets_per_month`` = tickets created in the trailing window (6 months) ÷ the
  months covered (fewer when the export starts later).
* **Aggregation** (:func:`reduce`): ``sum``, ``max``, ``min``, ``first``, ``last``,
  ``most_frequent``, ``count`` — first/last in file order, blanks skipped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "AGGREGATIONS",
    "Rollup",
    "Rule",
    "annual_amounts",
    "conflicts",
    "months_before",
    "opportunity_rollup",
    "reduce",
    "subscription_rollup",
    "ticket_rollup",
    "ticket_window",
    "value_codes",
]

FloatArray = npt.NDArray[np.float64]
DateArray = npt.NDArray[np.datetime64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]

AGGREGATIONS = ("sum", "max", "min", "first", "last", "most_frequent", "count")
_DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class Rule:
    """One rule applied: the account ``column`` it set, a stable ``code`` and its figures."""

    column: str
    code: str
    figures: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Rollup:
    """Per-account columns (length n, NaN/NaT where no line says anything), which accounts had
    at least one line, and the rules applied."""

    columns: dict[str, Any]
    has_lines: BoolArray
    rules: tuple[Rule, ...]


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (31 March − 1 month = 28/29 February)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def _d64(day: dt.date) -> np.datetime64:
    return np.datetime64(day, "D")


# ----------------------------------------------------------------------------------------------
# Group-by reductions


def _valid(values: npt.NDArray[Any]) -> BoolArray:
    if values.dtype.kind == "f":
        return np.asarray(~np.isnan(values), dtype=np.bool_)
    if values.dtype.kind == "M":
        return np.asarray(~np.isnat(values), dtype=np.bool_)
    if values.dtype.kind == "O":
        return _object_valid(values)
    if values.dtype.kind == "i" and values.dtype.itemsize == 1:  # enum codes: −1 is unknown
        return np.asarray(values >= 0, dtype=np.bool_)
    return np.ones(values.shape[0], dtype=np.bool_)


def _object_valid(values: npt.NDArray[np.object_]) -> BoolArray:
    codes = value_codes(values)[1]
    return np.asarray(codes >= 0, dtype=np.bool_)


def value_codes(values: npt.NDArray[Any]) -> tuple[npt.NDArray[Any], IntArray]:
    """Distinct values, sorted, and each line's index into them (−1 blank); text is hashed
    (``factorize``), only its distinct labels sorted."""
    if values.dtype.kind == "O":
        from postsale.core.categorical import factorize

        labels, codes = factorize(values)
        return np.array(labels, dtype=object), codes
    ok = _valid(values)
    uniq, inverse = np.unique(values[ok], return_inverse=True)
    codes = np.full(values.shape[0], -1, dtype=np.intp)
    codes[ok] = inverse.reshape(-1)
    return uniq, codes


def _empty(values: npt.NDArray[Any], n: int) -> npt.NDArray[Any]:
    kind = values.dtype.kind
    if kind == "f":
        return np.full(n, np.nan)
    if kind == "M":
        return np.full(n, np.datetime64("NaT"), dtype=values.dtype)
    if kind == "O":
        return np.full(n, None, dtype=object)
    if kind == "b":
        return np.zeros(n, dtype=np.bool_)
    if kind == "i" and values.dtype.itemsize == 1:
        return np.full(n, -1, dtype=values.dtype)
    return np.zeros(n, dtype=values.dtype)


def reduce(account: IntArray, n: int, values: npt.NDArray[Any], how: str) -> npt.NDArray[Any]:
    """Per account ``0…n−1``, ``how`` (one of :data:`AGGREGATIONS`) over its lines' non-blank
    values; blank where an account has none (``sum`` and ``count`` of no line: 0 / NaN as the
    column's blank). Lines with ``account`` −1 are left out."""
    if how not in AGGREGATIONS:
        raise ValueError(f"unknown aggregation {how!r}")  # i18n: not text
    ok = (account >= 0) & _valid(values)
    who = account[ok]
    if how == "count":
        return np.bincount(who, minlength=n).astype(np.float64)
    out = _empty(values, n)
    if not who.size:
        return out
    picked = values[ok]
    if how == "sum":
        if values.dtype.kind == "b":
            return np.asarray(np.bincount(who, minlength=n) > 0, dtype=np.bool_)
        sums = np.bincount(who, weights=picked.astype(np.float64), minlength=n)
        seen = np.bincount(who, minlength=n) > 0
        return np.where(seen, sums, np.nan)
    if how in ("first", "last"):
        # the first (last) line of each account in file order: a minimum (maximum) line number
        line = np.arange(who.size, dtype=np.int64)
        at = np.full(n, who.size if how == "first" else -1, dtype=np.int64)
        (np.minimum if how == "first" else np.maximum).at(at, who, line)
        seen = (at >= 0) & (at < who.size)
        out[seen] = picked[at[seen]]
        return out
    if how == "most_frequent":
        return _most_frequent(who, n, picked, out)
    kind = values.dtype.kind
    if kind == "b":
        hits = np.bincount(who, weights=picked.astype(np.float64), minlength=n)
        lines_ = np.bincount(who, minlength=n)
        return np.asarray(hits > 0 if how == "max" else (lines_ > 0) & (hits == lines_),
                          dtype=np.bool_)
    if kind in "fiuM":
        dates = kind == "M"
        work = picked.astype("datetime64[D]").view(np.int64) if dates else picked.astype(np.float64)
        big = np.iinfo(np.int64).max if dates else np.inf
        acc = np.full(n, -big if how == "max" else big, dtype=work.dtype)
        (np.maximum if how == "max" else np.minimum).at(acc, who, work)
        seen = np.bincount(who, minlength=n) > 0
        found = acc[seen].view("datetime64[D]") if dates else acc[seen]
        out[seen] = found.astype(values.dtype)
        return out
    # text: sort by (account, value); the last (max) or first (min) of each account
    labels, codes = value_codes(picked)  # labels sorted: code order is value order
    order = np.lexsort((codes, who))
    g = who[order]
    edge = np.r_[g[1:] != g[:-1], True] if how == "max" else np.r_[True, g[1:] != g[:-1]]
    chosen = order[edge]
    out[who[chosen]] = labels[codes[chosen]]
    return out


def _appearance_codes(values: npt.NDArray[Any]) -> tuple[npt.NDArray[Any], IntArray]:
    """Distinct values in order of first appearance and each line's index (−1 blank): hashing,
    no sort."""
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.compute as pc  # type: ignore[import-untyped]

    kind = values.dtype.kind
    if kind == "O":
        arr = pa.array(values, type=pa.string(), from_pandas=True)
        arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
    elif kind == "M":
        arr = pa.array(values.astype("datetime64[D]"))
    else:
        arr = pa.array(values, from_pandas=True)
    enc = pc.dictionary_encode(arr)
    labels = np.asarray(enc.dictionary.to_numpy(zero_copy_only=False))
    if kind == "O":
        labels = labels.astype(object)
    codes = np.asarray(pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False), dtype=np.intp)
    return labels, codes


_DENSE_LIMIT = 20_000_000  # accounts × distinct values counted in one dense table


def _most_frequent(who: IntArray, n: int, picked: npt.NDArray[Any], out: npt.NDArray[Any]
                   ) -> npt.NDArray[Any]:
    """The most frequent value per account; ties: the value on the account's earliest line."""
    labels, codes = _appearance_codes(picked)
    k = max(len(labels), 1)
    key = who.astype(np.int64) * k + codes
    if n * k <= _DENSE_LIMIT:
        m = key.size
        counts = np.bincount(key, minlength=n * k)
        first = np.full(n * k, m, dtype=np.int64)
        np.minimum.at(first, key, np.arange(m, dtype=np.int64))
        # most lines first, then the value whose first line in the account comes first
        score = (counts * (m + 1) + (m - first)).reshape(n, k)
        best = score.argmax(axis=1)
        seen = counts.reshape(n, k).any(axis=1)
        out[seen] = labels[best[seen]]
        return out
    pairs, start, counts_ = np.unique(key, return_index=True, return_counts=True)
    g, v = pairs // k, pairs % k
    order = np.lexsort((start, -counts_, g))
    top = order[np.r_[True, g[order][1:] != g[order][:-1]]]
    out[g[top]] = labels[v[top]]
    return out


def conflicts(account: IntArray, n: int, values: npt.NDArray[Any]) -> BoolArray:
    """Accounts whose lines hold more than one distinct non-blank value (two names for one ID)."""
    _, codes = value_codes(values)
    ok = (account >= 0) & (codes >= 0)
    k = int(codes.max()) + 1 if ok.any() else 1
    pairs = np.unique(account[ok].astype(np.int64) * k + codes[ok])
    return np.asarray(np.bincount(pairs // k, minlength=n) > 1, dtype=np.bool_)


# ----------------------------------------------------------------------------------------------
# Amounts


def annual_amounts(*, arr: FloatArray | None = None, mrr: FloatArray | None = None,
                   amount: FloatArray | None = None, quantity: FloatArray | None = None,
                   unit_price: FloatArray | None = None,
                   interval_months: FloatArray | None = None, lines: int = 0
                   ) -> tuple[FloatArray, tuple[Rule, ...]]:
    """Each line's annual recurring amount, from the first source it has: an annual amount
    (``arr``); 12 × ``mrr``; ``amount`` or ``quantity × unit_price`` per billing interval (×
    12 ÷ interval months; without an interval the amount is taken as annual)."""
    size = next((len(a) for a in (arr, mrr, amount, quantity, unit_price) if a is not None), lines)
    out = np.full(size, np.nan)
    rules: list[Rule] = []
    nan = np.full(size, np.nan)
    per_interval = amount if amount is not None else nan
    priced_lines = np.zeros(size, dtype=np.bool_)
    if quantity is not None and unit_price is not None:
        priced = np.where(np.isnan(quantity), 1.0, quantity) * unit_price
        priced_lines = np.isnan(per_interval) & np.isfinite(priced)
        per_interval = np.where(np.isnan(per_interval), priced, per_interval)
    elif unit_price is not None:
        per_interval = np.where(np.isnan(per_interval), unit_price, per_interval)
    interval = interval_months if interval_months is not None else nan
    scale = np.where(np.isfinite(interval) & (interval > 0), 12.0 / np.where(interval > 0, interval,
                                                                               1.0), 1.0)
    for source, values, factor in (("arr", arr, 1.0), ("mrr", mrr, 12.0),
                                   ("per_interval", per_interval, scale)):
        if values is None:
            continue
        fill = np.isnan(out) & np.isfinite(values)
        if fill.any():
            out = np.where(fill, values * factor, out)
            figures: dict[str, Any] = {"lines": int(fill.sum())}
            if source == "per_interval":
                figures["quantity_times_price"] = int((fill & priced_lines).sum())
                figures["without_interval"] = int((fill & ~(np.isfinite(interval)
                                                            & (interval > 0))).sum())
            rules.append(Rule("arr", f"amount_from_{source}", figures))
    return out, tuple(rules)


# ----------------------------------------------------------------------------------------------
# Subscriptions


def _active(start: DateArray, end: DateArray, ended: BoolArray, when: np.datetime64) -> BoolArray:
    started = np.isnat(start) | (start <= when)
    running = np.where(np.isnat(end), ~ended, end >= when)
    return np.asarray(started & running, dtype=np.bool_)


def subscription_rollup(account: IntArray, n: int, annual: FloatArray, as_of: dt.date, *,
                        start: DateArray | None = None, end: DateArray | None = None,
                        renewal: DateArray | None = None, recurring: BoolArray | None = None,
                        cancelled: BoolArray | None = None, term: FloatArray | None = None,
                        interval_months: FloatArray | None = None, history_months: int = 12
                        ) -> Rollup:
    """Per-account ARR, previous ARR, renewal date, term, start date and churn from line items
    (see the module docstring for each rule)."""
    size = account.shape[0]
    nat = np.full(size, np.datetime64("NaT"), dtype="datetime64[D]")
    start = nat if start is None else start.astype("datetime64[D]")
    end = nat if end is None else end.astype("datetime64[D]")
    renewal = end if renewal is None else np.where(np.isnat(renewal), end,
                                                   renewal.astype("datetime64[D]"))
    recurring = np.ones(size, dtype=np.bool_) if recurring is None else recurring
    ended = np.zeros(size, dtype=np.bool_) if cancelled is None else cancelled
    known = (account >= 0) & np.isfinite(annual)
    lines = known & recurring
    today = _d64(as_of)
    then_day = months_before(as_of, history_months)
    now = lines & _active(start, end, ended, today)
    amount = np.where(now, annual, 0.0)
    has = np.bincount(account[lines], minlength=n) > 0
    arr = np.where(has, np.bincount(account[now], weights=amount[now], minlength=n), np.nan)
    cols: dict[str, Any] = {"arr": arr}
    rules = [Rule("arr", "active_lines", {"lines": int(now.sum()), "of": int(lines.sum()),
                                          "as_of": as_of.isoformat(),
                                          "accounts": int((has & (arr > 0)).sum()),
                                          "arr": float(amount.sum())})]
    if (~recurring & known).any():
        rules.append(Rule("arr", "one_off_lines", {"lines": int((~recurring & known).sum())}))
    active_accounts = np.bincount(account[now], minlength=n) > 0
    past = lines & ~now & ((~np.isnat(end) & (end < today)) | ended)
    churned = has & ~active_accounts & (np.bincount(account[past], minlength=n) > 0)
    cols["churned"] = churned
    if churned.any():
        rules.append(Rule("arr", "churned", {"accounts": int(churned.sum())}))
    if (~np.isnat(start[lines])).any():
        # a cancelled line without an end date ended some time before today: it counts then
        then = lines & _active(start, end, np.zeros(size, dtype=np.bool_), _d64(then_day))
        prev = np.where(has, np.bincount(account[then], weights=annual[then], minlength=n), np.nan)
        cols["previous_arr"] = prev
        rules.append(Rule("previous_arr", "active_lines", {
            "lines": int(then.sum()), "as_of": then_day.isoformat(), "months": history_months,
            "arr": float(annual[then].sum())}))
        cols["start_date"] = reduce(np.where(lines, account, -1), n, start, "min")
        rules.append(Rule("start_date", "earliest_start", {}))
    upcoming = lines & ~np.isnat(renewal) & (renewal >= today) & ~(ended & np.isnat(end))
    if upcoming.any():
        cols["renewal_date"] = reduce(np.where(upcoming, account, -1), n, renewal, "min")
        rules.append(Rule("renewal_date", "next_end", {
            "accounts": int((~np.isnat(cols["renewal_date"])).sum())}))
    term_values = term
    term_source = "term"
    if (term_values is None or not np.isfinite(term_values).any()) and interval_months is not None:
        term_values, term_source = interval_months, "interval"
    if term_values is not None and np.isfinite(term_values[lines]).any():
        pick = np.where(np.bincount(account[now], minlength=n)[np.maximum(account, 0)] > 0,
                        now, lines)  # the active lines, or every line of an account with none
        cols["contract_term_months"] = reduce(np.where(pick, account, -1), n, term_values,
                                              "most_frequent")
        month_to_month = int(((cols["contract_term_months"] <= 1) & active_accounts).sum())
        rules.append(Rule("contract_term_months", f"most_frequent_{term_source}",
                          {"month_to_month": month_to_month}))
    if interval_months is not None and np.isfinite(interval_months[lines]).any():
        cols["billing_months"] = reduce(np.where(now, account, -1), n, interval_months,
                                        "most_frequent")
    return Rollup(cols, has, tuple(rules))


# ----------------------------------------------------------------------------------------------
# Opportunities and tickets


def opportunity_rollup(account: IntArray, n: int, amount: FloatArray, close: DateArray,
                       as_of: dt.date, *, won: BoolArray, open_renewal: BoolArray,
                       recurring: BoolArray | None = None, months: int = 12,
                       with_arr: bool = True) -> Rollup:
    """ARR from closed-won recurring amounts closed in the trailing ``months`` (when
    ``with_arr``), and renewal dates from open renewal opportunities closing on or after as-of."""
    size = account.shape[0]
    recurring = np.ones(size, dtype=np.bool_) if recurring is None else recurring
    today = _d64(as_of)
    since = months_before(as_of, months)
    known = account >= 0
    cols: dict[str, Any] = {}
    rules: list[Rule] = []
    has = np.bincount(account[known], minlength=n) > 0
    if with_arr:
        counted = known & won & recurring & np.isfinite(amount) & ~np.isnat(close) \
            & (close > _d64(since)) & (close <= today)
        sums = np.bincount(account[counted], weights=amount[counted], minlength=n)
        cols["arr"] = np.where(has, sums, np.nan)
        rules.append(Rule("arr", "closed_won", {
            "lines": int(counted.sum()), "won": int((known & won).sum()), "months": months,
            "since": since.isoformat(), "as_of": as_of.isoformat(),
            "accounts": int((sums > 0).sum()), "arr": float(amount[counted].sum()),
            "one_off": int((known & won & ~recurring).sum())}))
    ahead = known & open_renewal & ~np.isnat(close) & (close >= today)
    if ahead.any():
        cols["renewal_date"] = reduce(np.where(ahead, account, -1), n, close, "min")
        rules.append(Rule("renewal_date", "open_renewal", {
            "lines": int(ahead.sum()), "accounts": int((~np.isnat(cols["renewal_date"])).sum())}))
    return Rollup(cols, has, tuple(rules))


def ticket_window(account: IntArray, created: DateArray, as_of: dt.date,
                  window_months: int = 6) -> BoolArray:
    """The tickets the volume counts: matched to an account, created in the ``window_months``
    before as-of (after its start, up to as-of). The arrival profile counts the same tickets."""
    since = _d64(months_before(as_of, window_months))
    return np.asarray((account >= 0) & ~np.isnat(created) & (created > since)
                      & (created <= _d64(as_of)), dtype=np.bool_)


def ticket_rollup(account: IntArray, n: int, created: DateArray, as_of: dt.date, *,
                  window_months: int = 6) -> Rollup:
    """Tickets per month per account: tickets created in the ``window_months`` before as-of
    (after its start, up to as-of) ÷ the months covered — fewer when the export's first ticket
    is later than the window's start (at least one month). Every account gets a figure: a
    ticket export lists every ticket, so an account without one has 0 a month."""
    today = _d64(as_of)
    since = _d64(months_before(as_of, window_months))
    dated = ~np.isnat(created)
    first = created[dated].min() if dated.any() else since
    begin = max(since, first) if first > since else since
    months = float((today - begin).astype(np.int64)) / _DAYS_PER_MONTH if first > since \
        else float(window_months)
    months = max(months, 1.0)
    counted = ticket_window(account, created, as_of, window_months)
    per_month = np.bincount(account[counted], minlength=n) / months
    has = np.bincount(account[account >= 0], minlength=n) > 0
    rule = Rule("tickets_per_month", "window", {
        "tickets": int(counted.sum()), "of": int((account >= 0).sum()),
        "window_months": window_months, "months": round(months, 1),
        "since": str(np.datetime_as_string(begin if first > since else since)),
        "as_of": as_of.isoformat(), "shorter": bool(first > since),
        "undated": int((~dated).sum())})
    return Rollup({"tickets_per_month": per_month}, has, (rule,))
