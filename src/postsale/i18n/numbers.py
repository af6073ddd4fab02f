"""Numbers, money and percentages, through Babel (CLDR): one place that knows
how an amount in the company currency is shown.

Why Babel: the company currency is any ISO code (``[company] currency``), and its symbol
(``$``, ``€``, ``CA$``, ``CHF``) and grouping come from CLDR instead of a hard-coded ``$``. The
reports are English today (``LOCALE``); a later i18n change passes another locale here and
nothing else changes. The compact form keeps the reports' shape: ``$1.20M``, ``$30K``, ``$950``.
"""

from __future__ import annotations

import re
from functools import cache

from babel import Locale
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_symbol

__all__ = ["LOCALE", "amount", "money", "number", "percent", "symbol"]

LOCALE = "en_US"


@cache
def symbol(currency: str, locale: str = LOCALE) -> str:
    """The currency's symbol in ``locale`` (``USD`` → ``$``, ``EUR`` → ``€``, ``CHF`` → ``CHF``);
    an unknown code is shown as written."""
    code = (currency or "USD").strip().upper()
    try:
        return str(get_currency_symbol(code, locale))
    except (ValueError, LookupError):  # pragma: no cover - Babel returns the code for unknown ones
        return code


@cache
def _locale_pattern(pattern: str, locale: str) -> str:
    """``pattern`` (``¤#,##0`` or ``¤#,##0.00``) placed as the locale writes money: the symbol's
    side and spacing from CLDR (``R$ 80.000`` in Brazilian Portuguese, ``$80,000`` in English)."""
    standard = str(Locale.parse(locale).currency_formats["standard"].pattern).split(";")[0]
    number = pattern.replace("¤", "")
    return re.sub(r"[#0,]+(\.0+)?", number, standard, count=1)


def _currency(value: float, currency: str, pattern: str, locale: str) -> str:
    code = (currency or "USD").strip().upper()
    pattern = _locale_pattern(pattern, locale)
    try:
        text = str(format_currency(value, code, format=pattern, locale=locale,
                                   currency_digits=False))
        sign = symbol(code, locale)
        # CLDR's currency spacing: a symbol ending in a letter (CHF, SEK) stands apart
        return text.replace(sign, sign + " ", 1) if sign[-1:].isalpha() else text
    except (ValueError, LookupError):  # pragma: no cover - defensive: a code CLDR cannot place
        return f"{code} {format_decimal(value, format=pattern.replace('¤', ''), locale=locale)}"


def money(value: float | None, currency: str = "USD", locale: str = LOCALE) -> str:
    """Compact money: ``$8.50B`` at a billion and above, ``$1.20M`` at a million, ``$30K`` from
    ten thousand, else ``$950``; ``—`` for None. The symbol is the currency's (``€1.20M``,
    ``CHF 30K``)."""
    if value is None:
        return "—"
    size = abs(value)
    if size >= 999_995_000:  # what rounds to 1,000.00M is 1.00B
        return _currency(value / 1_000_000_000, currency, "¤#,##0.00", locale) + "B"
    if size >= 999_500:  # what rounds to 1,000K is 1.00M
        return _currency(value / 1_000_000, currency, "¤#,##0.00", locale) + "M"
    if size >= 10_000:
        return _currency(value / 1_000, currency, "¤#,##0", locale) + "K"
    return _currency(value, currency, "¤#,##0", locale)


def amount(value: float | None, currency: str = "USD", locale: str = LOCALE) -> str:
    """A whole amount in full (``$1,234,567``), for sentences that quote an exact figure."""
    return "—" if value is None else _currency(value, currency, "¤#,##0", locale)


def number(value: float | None, digits: int = 0, locale: str = LOCALE) -> str:
    """A grouped number (``12,345`` / ``2.5``)."""
    if value is None:
        return "—"
    return str(format_decimal(value, format="#,##0" + ("." + "0" * digits if digits else ""),
                              locale=locale))


def percent(value: float | None, digits: int = 1, locale: str = LOCALE) -> str:
    """A fraction as a percentage (``0.153`` → ``15.3%``); ``—`` for None."""
    if value is None:
        return "—"
    return str(format_percent(value, format="#,##0" + ("." + "0" * digits if digits else "") + "%",
                              locale=locale))
