"""The message catalogs: one gettext ``.po`` file per domain and language, keyed by code.

Layout: ``locales/<lang>/LC_MESSAGES/<domain>.po`` where ``msgid`` is the stable code and
``msgstr`` the template in that language (English included: English is a catalog like the others,
never a string in the code). Plural entries carry ``msgid_plural`` (the same code) and one
``msgstr[i]`` per CLDR/gettext plural form of the language. Catalogs are parsed with Babel's
``read_po`` once per process; a domain is a part of the product (``terms``, ``triggers``, …) so
that parts can be written and reviewed apart.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

__all__ = ["BABEL_LOCALE", "COMPILED", "LANGUAGES", "LOCALES_DIR", "Catalog", "catalog",
           "catalog_from_mo", "catalog_from_po", "choose_language"]

LANGUAGES: tuple[str, ...] = ("en", "ms", "ja", "zh", "pt")
"""The product's languages: English, Malay, Japanese, Simplified Chinese, Brazilian Portuguese."""

BABEL_LOCALE: Mapping[str, str] = {
    "en": "en_US", "ms": "ms_MY", "ja": "ja_JP", "zh": "zh_Hans_CN", "pt": "pt_BR"}
"""The CLDR locale each language is formatted in (numbers, dates, currency symbols)."""

LOCALES_DIR = Path(__file__).parent / "locales"


@dataclass(frozen=True)
class Catalog:
    """Every message of one language: code → template, or code → plural templates."""

    lang: str
    messages: Mapping[str, str]
    plurals: Mapping[str, tuple[str, ...]]
    plural_index: Callable[[int], int]

    def template(self, code: str) -> str | None:
        return self.messages.get(code)

    def plural(self, code: str, count: float) -> str | None:
        forms = self.plurals.get(code)
        if not forms:
            return None
        n = int(count) if float(count).is_integer() else 2  # a fraction reads as plural (1.5 CSMs)
        index = self.plural_index(abs(n))
        return forms[min(index, len(forms) - 1)]


COMPILED = "postsale.mo"
"""Each language's domains compiled into one gettext MO file (``scripts/i18n.py compile``): a
process reads one binary file instead of parsing every PO file (40 ms at start-up)."""


@cache
def catalog(lang: str) -> Catalog:
    """The merged catalog of ``lang``: the compiled MO file when there is one (``tests/i18n``
    checks it matches the PO files), else every domain's PO file, parsed once."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; one of {', '.join(LANGUAGES)}")
    compiled = LOCALES_DIR / lang / "LC_MESSAGES" / COMPILED
    return catalog_from_mo(lang, compiled) if compiled.exists() else catalog_from_po(lang)


def catalog_from_mo(lang: str, path: Path) -> Catalog:
    """A catalog from a compiled MO file (``gettext``'s own reader): plural entries are keyed
    ``(code, form)``, the plural rule comes from its header."""
    with path.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    raw: dict[object, str] = translations._catalog  # type: ignore[attr-defined]
    messages = {k: v for k, v in raw.items() if isinstance(k, str) and k}
    forms: dict[str, dict[int, str]] = {}
    for key, text in raw.items():
        if isinstance(key, tuple):
            forms.setdefault(str(key[0]), {})[int(key[1])] = text
    plurals = {code: tuple(f[i] for i in sorted(f)) for code, f in forms.items()}
    return Catalog(lang=lang, messages=messages, plurals=plurals,
                   plural_index=translations.plural)  # type: ignore[attr-defined]


def catalog_from_po(lang: str) -> Catalog:
    """The catalog parsed from every domain's PO file (what ``compile`` writes and tests read)."""
    messages: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    domains: dict[str, str] = {}
    plural_expr = "(n != 1)"
    folder = LOCALES_DIR / lang / "LC_MESSAGES"
    for path in sorted(folder.glob("*.po")):
        with path.open("rb") as handle:
            po = read_po(handle, locale=BABEL_LOCALE[lang], domain=path.stem)
        plural_expr = po.plural_expr
        for message in po:
            if not message.id:
                continue
            code = str(message.id[0] if isinstance(message.id, tuple | list) else message.id)
            if code in domains:
                raise ValueError(f"{path}: message {code!r} is already defined in "
                                 f"{domains[code]}.po; keep each code in one domain")
            domains[code] = path.stem
            if isinstance(message.string, tuple | list):
                plurals[code] = tuple(str(form) for form in message.string)
            else:
                messages[code] = str(message.string or "")
    return Catalog(lang=lang, messages=messages, plurals=plurals,
                   plural_index=gettext.c2py(plural_expr))


def _env_language(environ: Mapping[str, str]) -> str | None:
    """The first supported language the environment asks for: ``POSTSALE_LANG``, then gettext's
    order — ``LANGUAGE`` (a colon-separated priority list), ``LC_ALL``, ``LC_MESSAGES``, ``LANG``.
    The first of the single-valued variables that is set decides (``C``/``POSIX`` say nothing)."""
    def lang_of(item: str) -> str:
        return item.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()

    for name in ("POSTSALE_LANG", "LANGUAGE"):
        for item in environ.get(name, "").split(":"):
            if lang_of(item) in LANGUAGES:
                return lang_of(item)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        lang = lang_of(environ.get(name, ""))
        if lang and lang not in ("c", "posix"):
            return lang if lang in LANGUAGES else None
    return None


def choose_language(flag: str | None = None, company: str | None = None,
                    environ: Mapping[str, str] | None = None) -> str:
    """``--lang``, then ``[company] language``, then the environment (``POSTSALE_LANG``, then
    gettext's ``LANGUAGE``/``LC_ALL``/``LC_MESSAGES``/``LANG``), then English."""
    for chosen in (flag, company):
        if chosen:
            return chosen
    return _env_language(os.environ if environ is None else environ) or "en"
