"""The reports' number, money and percentage formatting — ``postsale.i18n.numbers`` in the active
language (``postsale.i18n.current()``), so that there is one formatter (STYLE.md lesson 13) and a
Japanese report shows Japanese formats.

Each function takes the locale from the active renderer unless one is given. English keeps the
reports' compact money (``$1.20M``, ``$30K``); other languages get CLDR's compact forms through the
renderer (``$1,200万`` in Japanese, ``US$ 1,2 mi`` in Portuguese). ``label`` is the one place the
reports name a tier, role, organization model or reporting line (``label.<key>`` in ``terms``).
"""

from __future__ import annotations

from postsale.i18n import current, renderer
from postsale.i18n import numbers as _numbers
from postsale.i18n.numbers import LOCALE, symbol

__all__ = ["LOCALE", "amount", "label", "money", "number", "percent", "role_count", "short_role",
           "symbol", "tier_word"]


def _locale(locale: str | None) -> str:
    return locale or current().locale


def money(value: float | None, currency: str = "USD", locale: str | None = None) -> str:
    """Compact money in the active language (``$1.20M`` in English); ``—`` for None."""
    active = current()
    if value is None or locale is not None or active.lang == "en":
        return _numbers.money(value, currency, _locale(locale))
    if abs(value) < 10_000:  # CLDR has no compact pattern below 万 in ja/zh: show it in full
        return _numbers.amount(value, currency, active.locale)
    return renderer(active.lang, currency).money(value, compact=True)


def amount(value: float | None, currency: str = "USD", locale: str | None = None) -> str:
    """A whole amount in full (``$1,234,567``), for figures read digit by digit."""
    return _numbers.amount(value, currency, _locale(locale))


def number(value: float | None, digits: int = 0, locale: str | None = None) -> str:
    """A grouped number (``12,345`` / ``2.5``)."""
    return _numbers.number(value, digits, _locale(locale))


def percent(value: float | None, digits: int = 1, locale: str | None = None) -> str:
    """A fraction as a percentage (``0.153`` → ``15.3%``); ``—`` for None."""
    return _numbers.percent(value, digits, _locale(locale))


def label(key: object) -> str:
    """The display name of a tier, role, organization model or reporting line
    (``label.<key>``: "High touch", "CSM · high touch", "CEO / COO") in the active language; a key
    without a label is shown as written."""
    raw = str(getattr(key, "value", key))
    active = current()
    code = "label." + raw
    return active.message(code, {}) if active.catalog.template(code) is not None else raw


def role_count(role: object, count: float) -> str:
    """``2 renewals specialists``, ``1 high-touch CSM``: a count with the role's plural noun
    (``report.noun.<role>``) in the active language."""
    raw = str(getattr(role, "value", role))
    return current().plural("report.noun." + raw, count)


def short_role(role: object) -> str:
    """A role's short name in charts and calendars ("Support", "CSM · high touch"),
    ``report.role.<key>``; a key without one is shown as written."""
    raw = str(getattr(role, "value", role))
    active = current()
    code = "report.role." + raw
    return active.message(code, {}) if active.catalog.template(code) is not None else raw


def tier_word(tier: object) -> str:
    """A tier inside a phrase ("high touch"): its label, lower-cased in English."""
    text = label(tier)
    return text.lower() if current().lang == "en" else text
