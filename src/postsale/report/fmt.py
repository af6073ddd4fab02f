"""The reports' number, money and percentage formatting — ``postsale.i18n.numbers``, re-exported
so that there is one formatter (STYLE.md lesson 13)."""

from postsale.i18n.numbers import LOCALE, amount, money, number, percent, symbol

__all__ = ["LOCALE", "amount", "money", "number", "percent", "symbol"]
