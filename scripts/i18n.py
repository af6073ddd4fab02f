"""Message catalog tools (gettext ``.po`` files read and written with Babel's message tools).

    python scripts/i18n.py new DOMAIN          # create DOMAIN.po in every language (headers only)
    python scripts/i18n.py add DOMAIN FILE     # add entries from a TOML file (see below)
    python scripts/i18n.py compile             # each language's PO files into one postsale.mo
    python scripts/i18n.py check               # every code used in src/ in every catalog (tests/i18n)

``add`` reads a TOML file whose tables are codes and whose keys are languages::

    ["triggers.load"]
    en = "{load:num1} {label}, {holder}: {measured:num1} per person vs {threshold}"
    ms = "..."
    ja = "..."
    zh = "..."
    pt = "..."
    note = "translator comment (optional)"

and plural nouns as lists, one form per gettext plural form of the language (en and pt: 2 and 3
forms; ms, ja, zh: 1)::

    ["noun.account"]
    en = ["{n} account", "{n} accounts"]
    pt = ["{n} conta", "{n} de contas", "{n} contas"]
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from postsale.i18n.catalog import BABEL_LOCALE, COMPILED, LANGUAGES, LOCALES_DIR


def _path(lang: str, domain: str) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def _load(lang: str, domain: str) -> Catalog:
    path = _path(lang, domain)
    if path.exists():
        with path.open("rb") as handle:
            return read_po(handle, locale=BABEL_LOCALE[lang], domain=domain)
    return Catalog(locale=BABEL_LOCALE[lang], domain=domain, project="postsale",
                   version="1", copyright_holder="postsale contributors",
                   msgid_bugs_address="", fuzzy=False)


def _save(catalog: Catalog, lang: str, domain: str) -> None:
    path = _path(lang, domain)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".po.tmp")
    with tmp.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False, sort_output=True)
    tmp.replace(path)


def compile_all() -> None:
    """Every language's domains merged into ``LC_MESSAGES/postsale.mo`` (what postsale reads at
    run time; ``tests/i18n`` fails when it differs from the PO files)."""
    for lang in LANGUAGES:
        folder = LOCALES_DIR / lang / "LC_MESSAGES"
        merged = Catalog(locale=BABEL_LOCALE[lang], domain="postsale", project="postsale",
                         version="1", fuzzy=False)
        for path in sorted(folder.glob("*.po")):
            with path.open("rb") as handle:
                for message in read_po(handle, locale=BABEL_LOCALE[lang], domain=path.stem):
                    if message.id:
                        merged.add(message.id, message.string)
        tmp = folder / (COMPILED + ".tmp")
        with tmp.open("wb") as handle:
            write_mo(handle, merged, use_fuzzy=False)
        tmp.replace(folder / COMPILED)


def new(domain: str) -> None:
    for lang in LANGUAGES:
        _save(_load(lang, domain), lang, domain)


def add(domain: str, source: Path) -> None:
    entries = tomllib.loads(source.read_text(encoding="utf-8"))
    for lang in LANGUAGES:
        catalog = _load(lang, domain)
        for code, texts in entries.items():
            if lang not in texts:
                raise SystemExit(f"{source}: {code!r} has no {lang!r} text")
            text = texts[lang]
            comments = [texts["note"]] if texts.get("note") else []
            if isinstance(text, list):
                catalog.delete((code, code)) if (code, code) in catalog else None
                catalog.delete(code) if code in catalog else None
                catalog.add((code, code), tuple(text), auto_comments=comments)
            else:
                catalog.delete(code) if code in catalog else None
                catalog.add(code, text, auto_comments=comments)
        _save(catalog, lang, domain)


def main(argv: list[str]) -> int:
    if argv[:1] == ["new"] and len(argv) == 2:
        new(argv[1])
        compile_all()
        return 0
    if argv[:1] == ["add"] and len(argv) == 3:
        add(argv[1], Path(argv[2]))
        compile_all()
        return 0
    if argv[:1] == ["compile"]:
        compile_all()
        return 0
    if argv[:1] == ["check"]:
        import subprocess
        return subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                                str(Path(__file__).resolve().parents[1] / "tests" / "i18n")])
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
