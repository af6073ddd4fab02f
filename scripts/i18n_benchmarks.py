"""The ``benchmarks`` message domain from the benchmark data files (English stays in the TOML).

    python scripts/i18n_benchmarks.py                   # English from the TOML; report what is missing
    python scripts/i18n_benchmarks.py FILE.toml ...     # also add translations (see below)
    python scripts/i18n_benchmarks.py --check           # exit 1 when English has drifted or is missing

``default.toml``'s ``help`` texts and ``catalogue.toml``'s motion labels are the English of
``benchmarks.help.<key>`` and ``benchmarks.motion.<tier>.<motion>``: the data files stay the one
place English is written, and this script copies it into ``locales/en/LC_MESSAGES/benchmarks.po``
(with the entry's ``source`` as the translator comment), drops codes whose key is gone from every
language and keeps every existing translation. A translation file has one table per code with the
four other languages (English comes from the TOML; an ``en`` key is ignored)::

    ["benchmarks.help.accounts_per_csm.high_touch"]
    ms = "..."
    ja = "..."
    zh = "..."
    pt = "..."

Other ``benchmarks.*`` codes (the words of a catalogue figure's help) are written with
``scripts/i18n.py add benchmarks FILE`` like every domain; this script leaves them alone.
"""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "postsale" / "benchmarks"
DOMAIN = "benchmarks"
GENERATED = ("benchmarks.help.", "benchmarks.motion.")

_spec = importlib.util.spec_from_file_location("i18n_tool", Path(__file__).with_name("i18n.py"))
assert _spec
assert _spec.loader
i18n_tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(i18n_tool)
LANGUAGES: tuple[str, ...] = i18n_tool.LANGUAGES


def _escape(text: str) -> str:
    """A literal text as a template (``str.format`` braces doubled)."""
    return " ".join(text.split()).replace("{", "{{").replace("}", "}}")


def _help_entries(table: dict[str, Any], prefix: str = "") -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for name, node in table.items():
        if not isinstance(node, dict):
            continue
        key = f"{prefix}{name}"
        if "value" in node:
            out["benchmarks.help." + key] = (_escape(node["help"]), str(node.get("source", "")))
        out.update(_help_entries(node, key + "."))
    return out


def english() -> dict[str, tuple[str, str]]:
    """code → (English template, translator comment) for every benchmark key and motion."""
    default = tomllib.loads((DATA / "default.toml").read_text(encoding="utf-8"))
    catalogue = tomllib.loads((DATA / "catalogue.toml").read_text(encoding="utf-8"))
    out = _help_entries(default)
    for tier, motions in catalogue.items():
        if not isinstance(motions, dict):
            continue
        for name, spec in motions.items():
            out[f"benchmarks.motion.{tier}.{name}"] = (_escape(spec["label"]),
                                                      str(spec.get("source", "")))
    return out


def _code(message: Any) -> str:
    return str(message.id[0] if isinstance(message.id, tuple | list) else message.id)


def sync(translation_files: list[Path]) -> dict[str, list[str]]:
    """Write English from the TOML and the given translations; the codes each language lacks."""
    wanted = english()
    added: dict[str, dict[str, str]] = {}
    for path in translation_files:
        for code, texts in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if code not in wanted:
                raise SystemExit(f"{path}: {code!r} is no benchmark key or motion")
            added.setdefault(code, {}).update({k: v for k, v in texts.items() if k != "en"})
    missing: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        catalog = i18n_tool._load(lang, DOMAIN)
        for message in list(catalog):
            code = _code(message) if message.id else ""
            if code.startswith(GENERATED) and code not in wanted:
                catalog.delete(code)
        for code, (text, source) in wanted.items():
            new = text if lang == "en" else added.get(code, {}).get(lang)
            if new is None:
                continue
            catalog.delete(code) if code in catalog else None
            catalog.add(code, new, auto_comments=[f"source: {source}"] if source else [])
        i18n_tool._save(catalog, lang, DOMAIN)
        have = {_code(m) for m in catalog if m.id and m.string}
        missing[lang] = sorted(code for code in wanted if code not in have)
    return missing


def check() -> int:
    """1 when the English catalog differs from the TOML (run the script to fix it)."""
    catalog = i18n_tool._load("en", DOMAIN)
    stale = [code for code, (text, _) in english().items()
             if code not in catalog or catalog[code].string != text]
    for code in stale[:20]:
        print(f"out of date: {code}")
    return 1 if stale else 0


def main(argv: list[str]) -> int:
    if argv == ["--check"]:
        return check()
    if any(a.startswith("-") for a in argv):
        print(__doc__)
        return 2
    missing = sync([Path(a) for a in argv])
    i18n_tool.compile_all()  # the compiled catalogs postsale reads
    for lang, codes in missing.items():
        if codes:
            print(f"{lang}: {len(codes)} untranslated, e.g. {', '.join(codes[:5])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
