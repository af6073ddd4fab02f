"""Words, in one place (STYLE.md lesson 13): message catalogs and the one formatter.

The core returns :class:`postsale.core.msg.Msg` values (codes and raw parameters); a
:class:`Renderer` turns them into sentences in ``en``, ``ms``, ``ja``, ``zh`` (Simplified) or ``pt``
(Brazilian) from the gettext catalogs under ``locales/`` (read with Babel's message tools), with
numbers, money in the company currency, dates and percentages through Babel (CLDR). The language is
chosen by ``--lang``, then ``[company] language``, then the environment (``choose_language``).
"""

from __future__ import annotations

from postsale.i18n.catalog import LANGUAGES, catalog, choose_language
from postsale.i18n.render import Renderer, activate, current, renderer, tr, use

__all__ = ["LANGUAGES", "Renderer", "activate", "catalog", "choose_language", "current",
           "renderer", "tr", "use"]
