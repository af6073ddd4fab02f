"""Terminal and JSON views of ``postsale inspect``: each file's role and, per column, its type,
samples, distinct count, blanks and the canonical column it maps to (and why).

Cells come from the user's file: they are shown as plain ``Text`` (never parsed as Rich markup)
with control characters replaced, so a header like ``[/x]`` or an escape sequence in a name can
neither break the table nor reach the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from postsale.i18n import tr
from postsale.io.inspect import FileReport
from postsale.report import fmt

__all__ = ["inspection_dict", "render_inspection"]

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _clean(text: str) -> str:
    return _CONTROL.sub("?", text)


def inspection_dict(reports: Sequence[FileReport], company_file: str | None) -> dict[str, object]:
    """The JSON document of ``postsale inspect --format json``."""
    return {"files": [r.to_dict() for r in reports], "company_file": company_file}


def render_inspection(reports: Sequence[FileReport], console: Console) -> None:
    """One table per file, the file's role above it and its notes below."""
    for r in reports:
        console.print(Text(_clean(r.path) + tr("report.inspect.file", rows=r.rows, role=r.role),
                           style="bold"))
        console.print(Text("  " + tr("report.inspect.recognised", role=r.role,
                                     reason=_clean(str(r.role_reason)))))
        table = Table(box=box.SIMPLE_HEAVY)
        headers = (tr("report.inspect.col.column"), tr("report.inspect.col.type"),
                   tr("report.inspect.col.samples"), tr("report.inspect.col.distinct"),
                   tr("report.inspect.col.blank"), tr("report.inspect.col.maps_to"),
                   tr("report.inspect.col.why"))
        keys = ("column", "type", "samples", "distinct", "blank",
                "maps to", "why")  # i18n: not text (column keys)
        for col, header in zip(keys, headers, strict=True):
            table.add_column(header, justify="right" if col in ("distinct", "blank") else "left",
                             overflow="fold", max_width=34 if col == "samples" else None,
                             min_width=30 if col == "why" else None,
                             no_wrap=col in ("column", "maps to", "type", "distinct"))  # i18n: not text
        for c in r.columns:
            p = c.profile
            distinct = fmt.number(p.distinct) + (tr("report.inspect.unique")
                                                 if p.unique and p.distinct > 1 else "")
            values = "; ".join(f"{_clean(k)} → {v or '?'}" for k, v in c.values.items())
            why = str(c.reason) + (f" [{values}]" if values else "")
            table.add_row(Text(_clean(p.header)), Text(str(p.kind)),
                          Text(_clean(", ".join(p.samples))), Text(distinct),
                          Text(fmt.percent(p.blank_share, 0)),
                          Text(c.target or "—", style="green" if c.target else "dim"),
                          Text(_clean(why)))
        console.print(table)
        for note in r.notes:
            console.print(Text("  " + tr("report.inspect.note", note=_clean(str(note))),
                               style="yellow"))
        console.print()
