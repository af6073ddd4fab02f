"""The message catalogs are complete: every code the product uses is in every language, with the
same placeholders as English, and plural nouns have every plural form of their language."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural

from postsale import keys
from postsale.i18n.catalog import (
    BABEL_LOCALE,
    COMPILED,
    LANGUAGES,
    LOCALES_DIR,
    catalog,
    catalog_from_mo,
    catalog_from_po,
)

SRC = Path(__file__).resolve().parents[2] / "src" / "postsale"
_TR_IN_TEMPLATE = re.compile(r"""\btr\(\s*["']([a-z0-9_.]+)["']""")
_MESSAGE_CALLS = {"Msg", "tr", "message", "plural"}


def _literal_codes() -> dict[str, str]:
    """code → where it is used, for every ``Msg("code", ...)``/``tr("code")`` in src and templates
    and every ``n=<code>`` plural spec in the catalogs."""
    found: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name in _MESSAGE_CALLS and isinstance(first, ast.Constant) \
                    and isinstance(first.value, str) and re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)+",
                                                                      first.value):
                found.setdefault(first.value, f"{path.relative_to(SRC)}:{node.lineno}")
    for path in sorted(SRC.rglob("*.html")):
        for match in _TR_IN_TEMPLATE.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(1), str(path.relative_to(SRC)))
    return found


def _fields(template: str) -> set[tuple[str, str]]:
    return {(name, spec or "") for _, name, spec, _ in string.Formatter().parse(template)
            if name is not None}


def _plural_specs(template: str) -> set[str]:
    return {spec[2:] for _, spec in _fields(template) if spec.startswith("n=")}


def test_catalogs_parse_and_hold_the_same_codes() -> None:
    english = catalog("en")
    assert english.messages, "the English catalog is empty"
    for lang in LANGUAGES:
        other = catalog(lang)
        assert set(other.messages) == set(english.messages), (
            lang, sorted(set(english.messages) ^ set(other.messages))[:20])
        assert set(other.plurals) == set(english.plurals), (
            lang, sorted(set(english.plurals) ^ set(other.plurals))[:20])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_code_used_is_in_the_catalog(lang: str) -> None:
    cat = catalog(lang)
    missing = {code: where for code, where in _literal_codes().items()
               if code not in cat.messages and code not in cat.plurals}
    assert not missing, f"{lang}: codes used but not in the catalogs: {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_plural_noun_named_in_a_template_exists(lang: str) -> None:
    cat = catalog(lang)
    named = {code for text in catalog("en").messages.values() for code in _plural_specs(text)}
    assert named - set(cat.plurals) == set()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_use_the_english_placeholders(lang: str) -> None:
    english, other = catalog("en"), catalog(lang)
    wrong = {code: (text, other.messages[code]) for code, text in english.messages.items()
             if _fields(text) != _fields(other.messages[code])}
    assert not wrong, f"{lang}: placeholders differ from English: {dict(list(wrong.items())[:5])}"
    empty = [code for code, text in other.messages.items() if not text.strip()]
    assert not empty, f"{lang}: empty messages {empty[:10]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_nouns_have_every_form_of_the_language(lang: str) -> None:
    forms = get_plural(BABEL_LOCALE[lang]).num_plurals
    cat = catalog(lang)
    for code, texts in cat.plurals.items():
        assert len(texts) == forms, (lang, code, texts)
        assert all("{n}" in t for t in texts), (lang, code, texts)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_has_a_term_and_a_label(lang: str) -> None:
    cat = catalog(lang)
    for enum in (keys.Tier, keys.Role, keys.OrgModel, keys.ReportingLine, keys.Segment,
                 keys.Complexity, keys.OnboardingStatus, keys.AccountStatus, keys.GrowthMotion):
        for member in enum:
            assert f"term.{member.value}" in cat.messages, (lang, member)
    for enum in (keys.Tier, keys.Role, keys.OrgModel, keys.ReportingLine, keys.Segment):
        for member in enum:
            assert f"label.{member.value}" in cat.messages, (lang, member)


def test_translations_are_not_english_copies() -> None:
    """A translated catalog that repeats the English sentence is untranslated: allowed only for
    loanwords and acronyms the seeds keep (CSM, CS Ops, TAM, high-touch …) and pure figures."""
    english = catalog("en").messages
    for lang in ("ja", "zh"):  # scripts where an English copy is always a miss
        other = catalog(lang).messages
        copies = [code for code, text in english.items()
                  if other[code] == text and re.search(r"[a-z]{4,} [a-z]{3,}", text)]
        assert not copies, f"{lang}: untranslated {copies[:10]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_catalog_is_the_po_files(lang: str) -> None:
    """postsale reads each language's compiled ``postsale.mo``; after editing a PO file, run
    ``python scripts/i18n.py compile`` (``add`` does it) or this fails."""
    path = LOCALES_DIR / lang / "LC_MESSAGES" / COMPILED
    assert path.exists(), f"{path} is missing: python scripts/i18n.py compile"
    compiled, source = catalog_from_mo(lang, path), catalog_from_po(lang)
    assert compiled.messages == source.messages, "stale: python scripts/i18n.py compile"
    assert compiled.plurals == source.plurals, "stale: python scripts/i18n.py compile"
    for n in (0, 1, 2, 5, 21, 1_000_000):
        assert compiled.plural_index(n) == source.plural_index(n)
