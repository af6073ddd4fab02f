"""The one formatter: a message (code + raw parameters) → a sentence in the reader's language.

A template is a catalog string with ``{name}`` or ``{name:spec}`` fields (``str.format`` syntax).
The spec says how a raw parameter is shown, so the core never decides presentation:

==================  ===========================================================================
spec                shows
==================  ===========================================================================
(none)              int → grouped integer; float → up to two decimals; a key or name as is;
                    a date → medium date; a message → its sentence; a tuple → a list ("a, b and c"),
                    each item shown with the spec (``{tiers:term}``)
``int``             a grouped whole number (rounded)
``num0``…``num3``   a grouped number with that many decimals
``g``               a number with up to three decimals, no trailing zeros (``2.5``, ``12``)
``pct0``…``pct2``   a fraction as a percentage (``0.153`` → ``15.3%`` with ``pct1``)
``money``           a whole amount in the company currency (``$80,000``, ``€80,000``)
``money_compact``   a compact amount (``$1.20M``, ``$30K``; ``$1,200万`` in Japanese and Chinese)
``date``/``month``  a date (``Dec 5, 2026``) / a month (``Dec 2026``)
``month_long``      a month in full (``December 2026``; ``2026年12月`` in Japanese and Chinese)
``term``            the catalog's ``term.<value>`` (tier, role, model and other keys)
``or``              a tuple as an alternative list ("a, b or c"); ``term|or``: terms, "or"-joined
``n=<code>``        a count with the plural noun ``<code>`` (``12 accounts``, ``1 account``)
==================  ===========================================================================
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import string
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any, Literal

from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.numbers import format_compact_currency, format_decimal, format_percent

from postsale.core.msg import Msg, install_renderer
from postsale.i18n.catalog import BABEL_LOCALE, LANGUAGES, Catalog, catalog
from postsale.i18n.numbers import amount as whole
from postsale.i18n.numbers import money as english_compact
from postsale.i18n.numbers import symbol

__all__ = ["MissingMessageError", "Renderer", "activate", "current", "renderer", "tr", "use"]


_MEMO_SIZE = 50_000  # rendered messages kept per renderer (a bound, not a tuning knob)


_PARSER = string.Formatter()


def _parse(template: str) -> tuple[tuple[str, str | None, str], ...]:
    """A template as (literal, field, spec) parts, as ``str.format`` reads it (parsed once)."""
    return tuple((literal, field, spec or "") for literal, field, spec, _ in
                 _PARSER.parse(template))


class MissingMessageError(LookupError):
    """A code that no catalog of the language defines (a defect: ``tests/i18n`` prevents it)."""


class Renderer:
    """Renders messages, terms, numbers, money and dates in one language and currency."""

    def __init__(self, lang: str = "en", currency: str = "USD") -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; one of {', '.join(LANGUAGES)}")
        self.lang = lang
        self.locale = BABEL_LOCALE[lang]
        self.currency = (currency or "USD").strip().upper()
        self.catalog: Catalog = catalog(lang)
        # sentences already rendered: a projection's calendar repeats one trigger over hundreds of
        # requisitions, and Babel's formatting is the cost (a message is hashable and immutable)
        # (messages are equal only with parameters of the same types: True and 1 render apart)
        self._memo: dict[Msg, str] = {}
        self._parsed: dict[str, tuple[tuple[str, str | None, str], ...]] = {}
        self._ints: dict[int, str] = {}

    def __repr__(self) -> str:
        return f"Renderer(lang={self.lang!r}, currency={self.currency!r})"

    # -- messages ------------------------------------------------------------------------------
    def __call__(self, value: Msg | str | None, /, **params: Any) -> str:
        """The sentence for a message; a code given as a string renders with ``params``; None is
        the empty string."""
        if value is None:
            return ""
        if isinstance(value, Msg):
            text = self._memo.get(value)
            if text is None:
                text = self.message(value.code, value)
                if len(self._memo) < _MEMO_SIZE:
                    self._memo[value] = text
            return text
        return self.message(value, params)

    def message(self, code: str, params: Mapping[str, Any]) -> str:
        template = self.catalog.template(code)
        if template is None:
            raise MissingMessageError(f"no message {code!r} in the {self.lang} catalogs")
        parts = self._parsed.get(template)
        if parts is None:
            parts = self._parsed[template] = _parse(template)
        try:
            out: list[str] = []
            for literal, field, spec in parts:
                out.append(literal)
                if field is not None:
                    out.append(self.value(params[field], spec))
            return "".join(out)
        except (KeyError, IndexError, ValueError) as exc:
            raise MissingMessageError(f"message {code!r} ({self.lang}) cannot be filled from "
                                 f"{sorted(params)}: {exc}") from exc

    def term(self, key: object) -> str:
        """The word for a key (``high_touch`` → "high-touch"), from ``term.<key>``."""
        raw = getattr(key, "value", key)
        return self.message(f"term.{raw}", {})

    def plural(self, code: str, count: float) -> str:
        """A count with its noun in the right plural form (``noun.account``, 3 → "3 accounts")."""
        template = self.catalog.plural(code, count)
        if template is None:
            raise MissingMessageError(f"no plural message {code!r} in the {self.lang} catalogs")
        return template.format(n=self.number(count, 2, trim=True))

    # -- values --------------------------------------------------------------------------------
    def value(self, value: Any, spec: str = "") -> str:
        """One parameter, shown as ``spec`` says (the table in the module docstring)."""
        if not spec:  # the common cases first: names, nested messages, whole numbers
            kind = type(value)
            if kind is str:
                return str(value)
            if kind is Msg:
                return self.message(value.code, value)
            if kind is int:
                return self._int(value)
        if isinstance(value, tuple | list):
            inner, _, style = spec.partition("|")
            if inner == "or":
                inner, style = "", "or"
            items = [self.value(v, inner) for v in value]
            return self.join(items, "or" if style == "or" else "standard")
        if isinstance(value, float) and not math.isfinite(value):
            return "—"  # an infinite or undefined figure (a share of a zero revenue) is no number
        if spec.startswith("n="):
            return self.plural(spec[2:], float(value))
        if spec == "term":
            return self.term(value)
        if isinstance(value, Msg):  # nested: part of a sentence already being rendered
            return self.message(value.code, value)
        if value is None:
            return "—"
        if spec == "money":
            return self.money(float(value))
        if spec == "money_compact":
            return self.money(float(value), compact=True)
        if spec.startswith("pct"):
            return self.percent(float(value), int(spec[3:] or 0))
        if spec.startswith("num"):
            return self.number(float(value), int(spec[3:] or 0))
        if spec == "int":
            return self._int(round(float(value)))
        if spec == "g":
            return self.number(float(value), 3, trim=True)
        if spec == "month":
            return str(format_skeleton("yMMM", value, locale=self.locale))
        if spec == "month_long":
            return str(format_skeleton("yMMMM", value, locale=self.locale))
        if isinstance(value, dt.date) or spec == "date":
            return str(format_date(value, "medium", locale=self.locale))
        if isinstance(value, bool):
            return self.message("term.yes" if value else "term.no", {})
        if isinstance(value, int):
            return self._int(value)
        if isinstance(value, float):
            return self.number(value, 2, trim=True)
        return str(value)

    def _int(self, value: int) -> str:
        """A grouped whole number, memoized (titles and counts repeat the same small numbers)."""
        text = self._ints.get(value)
        if text is None:
            # below a thousand there is no grouping, and all five languages write Latin digits:
            # no need to load CLDR's number data for a seat number
            text = str(value) if -1000 < value < 1000 else self.number(value, 0)
            if len(self._ints) < _MEMO_SIZE:
                self._ints[value] = text
        return text

    def number(self, value: float, digits: int = 0, *, trim: bool = False) -> str:
        """A grouped number with ``digits`` decimals (``trim``: at most that many)."""
        decimals = ("#" if trim else "0") * digits
        with _wide_decimals():
            return str(format_decimal(value, format="#,##0" + ("." + decimals if digits else ""),
                                      locale=self.locale))

    def percent(self, fraction: float, digits: int = 0) -> str:
        with _wide_decimals():
            return str(format_percent(fraction, format="#,##0" + ("." + "0" * digits if digits
                                                                   else "") + "%",
                                      locale=self.locale))

    def money(self, amount: float, *, compact: bool = False) -> str:
        """An amount in the company currency, in full or compact (K/M/B, 万/億, mil/mi)."""
        if compact and self.lang == "en":
            return english_compact(amount, self.currency, self.locale)
        if compact and abs(amount) >= 1000:
            text = str(format_compact_currency(amount, self.currency, locale=self.locale,
                                               fraction_digits=1))
            # CLDR has no compact pattern below 万 in Japanese and Chinese: Babel then returns the
            # raw number (``$7286.171305944166``); such an amount reads best in full
            if any(ch.isalpha() or not ch.isascii() for ch in text.replace(self.currency, "")
                   .replace(symbol(self.currency, self.locale), "")):
                return text
        return whole(amount, self.currency, self.locale)

    def join(self, items: Sequence[str], style: Literal["standard", "or"] = "standard") -> str:
        """``a, b and c`` in the language (``style="or"``: ``a, b or c``)."""
        if not items:
            return ""
        return str(format_list(list(items), style=style, locale=self.locale))

    def date(self, value: dt.date) -> str:
        return self.value(value, "date")


def _wide_decimals() -> AbstractContextManager[decimal.Context]:
    """Enough decimal precision for any float: Babel rounds in ``decimal`` and the default 28
    digits fail on an extreme figure (a cost share of 1e86 when an ACV is a fraction of a cent),
    which Python's own ``format`` shows."""
    return decimal.localcontext(prec=800)


@cache
def renderer(lang: str = "en", currency: str = "USD") -> Renderer:
    """A shared renderer per language and currency."""
    return Renderer(lang, currency)


_ACTIVE: ContextVar[Renderer | None] = ContextVar("postsale_renderer", default=None)


def current() -> Renderer:
    """The active renderer (``activate``), else English in US dollars."""
    return _ACTIVE.get() or renderer("en", "USD")


@contextmanager
def activate(lang: str = "en", currency: str = "USD") -> Iterator[Renderer]:
    """Render in ``lang`` with ``currency`` inside the block (the CLI wraps each command in one;
    like Django's ``translation.override``)."""
    token = _ACTIVE.set(renderer(lang, currency))
    try:
        yield _ACTIVE.get() or renderer(lang, currency)
    finally:
        _ACTIVE.reset(token)


def use(lang: str, currency: str = "USD") -> Renderer:
    """Switch the active renderer inside an ``activate`` block (the CLI does, once it has read the
    company file's language and currency); the block's end restores what was active before."""
    chosen = renderer(lang, currency)
    _ACTIVE.set(chosen)
    return chosen


def tr(value: Msg | str | None, /, **params: Any) -> str:
    """A message (or a code with ``params``) in the active language."""
    return current()(value, **params)


def _render_now(message: Msg) -> str:
    """``str(message)``: rendered straight from its template. The memo (``Renderer.__call__``)
    pays a hash and a type-strict comparison per lookup; ``str`` is how org charts name
    thousands of distinct seats, each once, so it skips the memo."""
    return current().message(message.code, message)


install_renderer(_render_now)
