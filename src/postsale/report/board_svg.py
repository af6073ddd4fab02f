"""Static SVG charts for the board pack: drawn here, not by Plotly, because a PDF needs vectors that
render without JavaScript (Plotly exports SVG only through kaleido, a headless browser).

Every chart has a fixed ``viewBox`` width (:data:`WIDTH`, in CSS pixels) that fits the narrowest
page box (A4 with 15 mm margins: 180 mm ≈ 680 px), and scales to the column width. Every text that
lands in the SVG goes through :func:`_t` (XML-escaped), so a company's titles cannot inject markup.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from postsale.i18n import current, tr
from postsale.report.fonts import cjk_font_stack
from postsale.report.org_text import LeaderNode, folded_children

__all__ = ["WIDTH", "Bar", "CalendarRow", "bar_chart", "calendar_chart", "org_overview"]

WIDTH = 680  # viewBox width: 180 mm at 96 px/in, the A4 page box at 15 mm margins
def _font() -> str:
    """The SVG's font stack: DejaVu Sans for Latin text, then the CJK face of the page's language
    (Japanese and Simplified Chinese write some Han characters differently; Noto Sans CJK JP/SC
    from Debian's fonts-noto-cjk carry each language's forms)."""
    latin = "DejaVu Sans, Helvetica, Arial"  # i18n: not text
    return f'font-family="{cjk_font_stack(current().lang, latin)}"'

_MAX_BRANCHES = 7  # boxes under the top leader before "+N more"


def _t(text: object) -> str:
    """Text for an SVG element or attribute: XML-escaped (quotes too)."""
    return escape(str(text), quote=True)


def _svg(height: float, body: list[str], label: str) -> Markup:
    """The figure: ``role="img"`` with its label, a fixed viewBox, scaled to the column."""
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" role="img" aria-label="{_t(label)}" {_font()} font-size="11">'
        + "".join(body) + "</svg>")


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: a label, a value (a fraction or a count), its text and colour."""

    label: str
    value: float
    text: str
    colour: str = "#4f46e5"


def bar_chart(bars: Sequence[Bar], label: str, *, marker: tuple[float, str] | None = None
              ) -> Markup:
    """Horizontal bars on one scale (the largest value, or ``marker``'s, spans the plot); an
    optional ``marker`` (value, label) draws a dashed reference line, e.g. the budget."""
    left, right, row = 190, 90, 24
    plot = WIDTH - left - right
    top = max([b.value for b in bars] + ([marker[0]] if marker else []) + [1e-12])
    height = row * len(bars) + (22 if marker else 6)
    body: list[str] = []
    for i, b in enumerate(bars):
        y = 4 + i * row
        w = max(0.0, b.value) / top * plot
        body.append(f'<text x="{left - 8}" y="{y + 14}" text-anchor="end">{_t(b.label)}</text>'
                    f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" '
                    f'fill="{_t(b.colour)}"/>'
                    f'<text x="{left + w + 6:.1f}" y="{y + 14}">{_t(b.text)}</text>')
    if marker is not None:
        x = left + marker[0] / top * plot
        bottom = 4 + row * len(bars)
        body.append(f'<line x1="{x:.1f}" y1="2" x2="{x:.1f}" y2="{bottom}" stroke="#b91c1c" '
                    f'stroke-dasharray="4 3" stroke-width="1.5"/>'
                    f'<text x="{x:.1f}" y="{bottom + 14}" text-anchor="middle" fill="#b91c1c">'
                    f'{_t(marker[1])}</text>')
    return _svg(height, body, label)


@dataclass(frozen=True)
class CalendarRow:
    """A hiring row: who, and the open → start → productive dates."""

    label: str
    open_date: dt.date
    start_date: dt.date
    productive_date: dt.date


def calendar_chart(rows: Sequence[CalendarRow], bands: Sequence[tuple[str, dt.date, dt.date]],
                   label: str) -> Markup:
    """A Gantt of the hires over the roadmap's phases: each phase a shaded band with its title,
    each hire a light bar from requisition to start and a dark one from start to productive."""
    left, right, head, row = 170, 10, 28, 18
    dates = [d for r in rows for d in (r.open_date, r.productive_date)]
    dates += [d for _, a, b in bands for d in (a, b)]
    first, last = min(dates), max(dates)
    span = max((last - first).days, 1)
    plot = WIDTH - left - right

    def x(d: dt.date) -> float:
        return left + (d - first).days / span * plot

    height = head + row * len(rows) + 20
    body: list[str] = []
    shades = ("#eef2ff", "#f8fafc")
    for i, (title, a, b) in enumerate(bands):
        body.append(f'<rect x="{x(a):.1f}" y="0" width="{max(x(b) - x(a), 1):.1f}" '
                    f'height="{height - 18}" fill="{shades[i % 2]}"/>'
                    f'<text x="{x(a) + 3:.1f}" y="{10 + 11 * (i % 2)}" font-size="9" fill="#475569">'
                    f'{_t(title)}</text>')
    for i, r in enumerate(rows):
        y = head + i * row
        body.append(f'<text x="{left - 6}" y="{y + 12}" text-anchor="end">{_t(_clip(r.label, 25))}</text>'
                    f'<rect x="{x(r.open_date):.1f}" y="{y + 3}" '
                    f'width="{max(x(r.start_date) - x(r.open_date), 1):.1f}" height="{row - 6}" '
                    f'fill="#c7d2fe"/>'
                    f'<rect x="{x(r.start_date):.1f}" y="{y + 3}" '
                    f'width="{max(x(r.productive_date) - x(r.start_date), 1):.1f}" '
                    f'height="{row - 6}" fill="#4338ca"/>')
    for d in _quarters(first, last):
        body.append(f'<text x="{x(d):.1f}" y="{height - 4}" font-size="9" text-anchor="middle" '
                    f'fill="#475569">{_t(current().value(d, "month"))}</text>')
    return _svg(height, body, label)


def _quarters(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first days of the quarters inside [first, last] (the axis ticks)."""
    out: list[dt.date] = []
    y, m = first.year, ((first.month - 1) // 3 + 1) * 3 + 1
    while True:
        if m > 12:
            y, m = y + 1, m - 12
        d = dt.date(y, m, 1)
        if d > last:
            return out
        out.append(d)
        m += 3


def _box(x: float, y: float, w: float, lines: Sequence[str], fill: str, ink: str) -> str:
    """A rounded box with centred lines (the first bold), each cut to what the width holds."""
    h = 14 * len(lines) + 8
    chars = max(int((w - 8) / 6.4), 4)  # ~6.4 px per 11 px DejaVu Sans character
    bold = ' font-weight="bold"'
    text = "".join(f'<text x="{x + w / 2:.1f}" y="{y + 15 + 14 * i}" text-anchor="middle" '
                   f'fill="{ink}"{bold if i == 0 else ""}>{_t(_clip(s, chars))}</text>'
                   for i, s in enumerate(lines))
    return (f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{h}" rx="4" fill="{fill}" '
            f'stroke="#94a3b8"/>' + text)


def _width(ch: str) -> int:
    """Columns a character takes: 2 for East Asian wide and full-width ones (漢字, かな, 한글,
    full-width punctuation), which are about twice as wide as a Latin letter, else 1."""
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _clip(text: str, chars: int) -> str:
    """``text`` cut to ``chars`` Latin-letter columns with "…" (a Japanese or Chinese label counts
    each character twice, so it is not drawn past its box)."""
    if sum(map(_width, text)) <= chars:
        return text
    used, out = 1, []
    for ch in text:
        used += _width(ch)
        if used > chars:
            break
        out.append(ch)
    return "".join(out) + "…"


def org_overview(root: LeaderNode, money: str, label: str, describe: dict[int, str]) -> Markup:
    """The recommended chart's top two levels as boxes and lines: the top leader (headcount and
    cost: ``money``), then each leader reporting to it and each group of its own individual
    contributors, with the leader's team below (``describe``: ``id(node)`` → its summary line).
    Beyond :data:`_MAX_BRANCHES` boxes the rest is one "+N more" box, so 5,000 seats stay legible.
    """
    branches: list[list[str]] = []
    for child in folded_children(root):
        if isinstance(child, tuple):
            family, hidden = child
            branches.append([tr("report.board.svg.more", n=len(hidden)), family,
                             tr("report.board.svg.people", n=sum(n.headcount for n in hidden))])
        else:
            branches.append([child.title, tr("report.board.svg.people", n=child.headcount),
                             describe.get(id(child), "")])
    branches += [[g.title, tr("report.board.svg.people", n=g.count),
                  tr("report.board.svg.reports_directly")]
                 for g in root.groups]
    if len(branches) > _MAX_BRANCHES:
        rest = branches[_MAX_BRANCHES - 1:]
        branches = [*branches[:_MAX_BRANCHES - 1], [tr("report.board.svg.more", n=len(rest)),
                                                     tr("report.board.svg.teams"), ""]]
    top_w, gap = 260, 6
    n = max(len(branches), 1)
    w = (WIDTH - gap * (n - 1)) / n
    body = [_box((WIDTH - top_w) / 2, 2, top_w,
                 [root.title, tr("report.board.svg.people_cost", n=root.headcount, cost=money)],
                 "#1e293b",
                 "#ffffff")]
    if branches:
        body.append(f'<line x1="{WIDTH / 2}" y1="38" x2="{WIDTH / 2}" y2="56" stroke="#64748b"/>')
        first, last = w / 2, WIDTH - w / 2
        body.append(f'<line x1="{first:.1f}" y1="56" x2="{last:.1f}" y2="56" stroke="#64748b"/>')
    for i, lines in enumerate(branches):
        x = i * (w + gap)
        body.append(f'<line x1="{x + w / 2:.1f}" y1="56" x2="{x + w / 2:.1f}" y2="70" '
                    'stroke="#64748b"/>')
        body.append(_box(x, 70, w, [s for s in lines if s], "#f1f5f9", "#0f172a"))
    return _svg(124, body, label)
