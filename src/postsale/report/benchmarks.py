"""Terminal table of the benchmarks in effect (``postsale benchmarks``), with each entry's help text
in the active language (``postsale.i18n.benchmarks``)."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from postsale.core.benchmarks import Benchmarks
from postsale.i18n.benchmarks import benchmark_help

__all__ = ["render_benchmarks"]


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 1000 else f"{value:g}"


def render_benchmarks(table: Benchmarks, console: Console) -> None:
    """One row per key: value (marked when overridden, with the default), band, unit, source and
    what the figure means."""
    out = Table(title=f"Benchmarks in effect (version {table.version})", box=box.SIMPLE_HEAVY)
    for col in ("key", "value", "range", "unit", "source", "help"):
        out.add_column(col, justify="right" if col == "value" else "left", overflow="fold")
    overridden = 0
    for key in sorted(table):
        e = table[key]
        value = _fmt(e.value)
        source = e.source
        if e.overridden:
            overridden += 1
            value = f"[bold yellow]{value}*[/bold yellow]"
            source = f"OVERRIDDEN by {e.overridden_by} (default {_fmt(e.default_value or 0)})"
        rng = f"{_fmt(e.range[0])}–{_fmt(e.range[1])}" if e.range else ""
        out.add_row(key, value, rng, e.unit, source, escape(benchmark_help(e)))
    out.caption = f"{len(table)} entries; {overridden} overridden (*)"
    console.print(out)
