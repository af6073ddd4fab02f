"""Terminal table of the benchmarks in effect (``postsale benchmarks``), with each entry's help text
in the active language (``postsale.i18n.benchmarks``)."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from postsale.core.benchmarks import Benchmarks
from postsale.i18n import current, tr
from postsale.i18n.benchmarks import benchmark_help
from postsale.report import fmt

__all__ = ["render_benchmarks"]


def _fmt(value: float) -> str:
    return fmt.number(value) if value >= 1000 else current().number(value, 6, trim=True)


def render_benchmarks(table: Benchmarks, console: Console) -> None:
    """One row per key: value (marked when overridden, with the default), band, unit, source and
    what the figure means."""
    out = Table(title=tr("report.benchmarks.title", version=table.version), box=box.SIMPLE_HEAVY)
    for i, col in enumerate((tr("report.xlsx.col.key"), tr("report.xlsx.col.value"),
                             tr("report.benchmarks.col.range"), tr("report.xlsx.col.unit"),
                             tr("report.xlsx.col.source"), tr("report.benchmarks.col.help"))):
        out.add_column(col, justify="right" if i == 1 else "left", overflow="fold")
    overridden = 0
    for key in sorted(table):
        e = table[key]
        value = _fmt(e.value)
        source = e.source
        if e.overridden:
            overridden += 1
            value = f"[bold yellow]{value}*[/bold yellow]"  # i18n: not text
            source = tr("report.benchmarks.overridden", by=e.overridden_by,
                        default=_fmt(e.default_value or 0))
        rng = f"{_fmt(e.range[0])}–{_fmt(e.range[1])}" if e.range else ""
        out.add_row(key, value, rng, e.unit, source, escape(benchmark_help(e)))
    out.caption = tr("report.benchmarks.caption", n=len(table), overridden=overridden)
    console.print(out)
