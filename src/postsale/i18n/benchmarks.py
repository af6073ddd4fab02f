"""The benchmark table's explanatory words in the reader's language.

``default.toml`` and ``catalogue.toml`` stay the source of truth for English (a figure, its source
and its help text live together); ``scripts/i18n_benchmarks.py`` copies their English into the
``benchmarks`` domain as ``benchmarks.help.<key>`` and ``benchmarks.motion.<tier>.<motion>``, and
the translations sit beside them. The codes are built from keys here, in one place, the way the
``term`` spec builds ``term.<key>``: a key is data (a company file can add motions), so a key the
catalogs do not know falls back to the English text it came with, never to an error.
"""

from __future__ import annotations

from postsale.core.benchmarks import BenchmarkEntry
from postsale.core.msg import Msg
from postsale.i18n.render import Renderer, current

__all__ = ["benchmark_help", "help_code", "help_for_key", "motion_code", "motion_label"]


def help_code(key: str) -> str:
    """The catalog code of a benchmark's help text (the key as written, dots included)."""
    return "benchmarks.help." + key


def motion_code(motion: str) -> str:
    """The catalog code of a catalogue motion's label (``high_touch.qbr``)."""
    return "benchmarks.motion." + motion


def _lookup(code: str, fallback: str, out: Renderer) -> str:
    return out.message(code, {}) if out.catalog.template(code) is not None else fallback


def motion_label(motion: str, fallback: str, renderer: Renderer | None = None) -> str:
    """A motion's label (``tier.motion``) in the active language; a motion the catalogs do not
    know (one a company file adds) keeps its own label."""
    return _lookup(motion_code(motion), fallback, renderer or current())


def benchmark_help(entry: BenchmarkEntry, renderer: Renderer | None = None) -> str:
    """The help text of a benchmark entry in the active language (or ``renderer``'s)."""
    out = renderer or current()
    help_text = entry.help
    if isinstance(help_text, Msg):
        if help_text.code == "benchmarks.catalogue.help" and "motion" in help_text:
            label = motion_label(str(help_text["motion"]), str(help_text["label"]), out)
            help_text = help_text.with_params(label=label)
        return out(help_text)
    return _lookup(help_code(entry.key), help_text, out)


def help_for_key(key: str, renderer: Renderer | None = None) -> str:
    """The help text of a default benchmark by key, for reports that hold the plan's table as
    data (key → value, source …); a key only a company file defines has none ("")."""
    from postsale.benchmarks import default_benchmarks

    entry = default_benchmarks().get(key)
    return benchmark_help(entry, renderer) if entry is not None else ""
