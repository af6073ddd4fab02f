"""The projection page's band charts (P10–P90 area, P50 line, per month) as server-drawn SVG.

Why not Plotly here: the page's CSP is ``script-src 'self'`` without ``'unsafe-eval'``, and the
Plotly bundle the Python package ships (``plotly/package_data/plotly.min.js``, the full build)
compiles code with ``Function(...)`` (its WebGL traces); only plotly.js's separate "strict" build
avoids that, and it is not in any installed package. A band chart needs no interactivity beyond a
tooltip, so SVG drawn here (each point's ``<title>`` is its tooltip) works offline, under the CSP,
without JavaScript, and in every language (every text goes through the catalogs and is escaped).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 12, 28


@dataclass(frozen=True)
class BandPoint:
    """One month: P10, P50, P90 of a figure."""

    month: int
    p10: float
    p50: float
    p90: float


def _t(text: object) -> str:
    return escape(str(text), quote=True)


def _ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values from just under ``low`` to just over ``high`` (about ``count`` steps of
    1, 2, 2.5 or 5 times a power of ten); the chart's axis spans the first to the last."""
    if high <= low:
        return [low, low + 1.0]
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first, last = math.floor(low / step), math.ceil(high / step)
    return [i * step for i in range(first, last + 1)]


def band_chart(points: Sequence[BandPoint], label: str, fmt: Callable[[float], str],
               month_label: Callable[[int], str], tooltip: Callable[[BandPoint], str], *,
               from_zero: bool = True) -> Markup:
    """A band chart: the P10–P90 area and the P50 line over the months, y axis from 0 (or, not
    ``from_zero``, from just under the lowest P10, so a book's slow growth is visible) to the
    highest P90; ``fmt`` formats the axis figures, ``month_label`` the x ticks, ``tooltip`` each
    month's hover text (already in the reader's language)."""
    if not points:
        return Markup("")
    lowest = min(p.p10 for p in points)
    low = min(0.0, lowest) if from_zero else lowest - (max(p.p90 for p in points) - lowest) * 0.1
    high = max(p.p90 for p in points) or 1.0
    ticks = _ticks(low, high)
    low, high = ticks[0], ticks[-1]
    span_x = max(1, points[-1].month - points[0].month)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(month: int) -> float:
        return LEFT + (month - points[0].month) / span_x * plot_w

    def y(value: float) -> float:
        return TOP + plot_h - (value - low) / (high - low or 1.0) * plot_h

    body: list[str] = []
    for tick in ticks:
        body.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                    f'stroke="#d9e2ec"/>')
        body.append(f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" '
                    f'fill="#616e7c">{_t(fmt(tick))}</text>')
    step = max(1, round(span_x / 6))
    for point in points:
        last = point is points[-1]
        if (point.month - points[0].month) % step == 0 and (last or points[-1].month - point.month
                                                            >= step / 2):
            anchor = "end" if last else "start" if point is points[0] else "middle"
            body.append(f'<text x="{x(point.month):.1f}" y="{HEIGHT - 8}" text-anchor="{anchor}" '
                        f'fill="#616e7c">{_t(month_label(point.month))}</text>')
        elif last:
            body.append(f'<text x="{x(point.month):.1f}" y="{HEIGHT - 8}" text-anchor="end" '
                        f'fill="#616e7c">{_t(month_label(point.month))}</text>')
    upper = " ".join(f"{x(p.month):.1f},{y(p.p90):.1f}" for p in points)
    lower = " ".join(f"{x(p.month):.1f},{y(p.p10):.1f}" for p in reversed(points))
    body.append(f'<polygon points="{upper} {lower}" fill="#2f6fdf" fill-opacity="0.18" '
                f'stroke="none" class="band"/>')
    median = " ".join(f"{x(p.month):.1f},{y(p.p50):.1f}" for p in points)
    body.append(f'<polyline points="{median}" fill="none" stroke="#2f6fdf" stroke-width="2" '
                f'class="median"/>')
    for point in points:
        body.append(f'<circle cx="{x(point.month):.1f}" cy="{y(point.p50):.1f}" r="3" '
                    f'fill="#2f6fdf" fill-opacity="0"><title>{_t(tooltip(point))}</title></circle>')
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-label="{_t(label)}" font-size="11" class="band-chart">'
        + "".join(body) + "</svg>")


__all__ = ["BandPoint", "band_chart"]
