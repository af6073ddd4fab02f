"""The projection as a self-contained HTML page: growth, headcount, hiring calendar, cost and
scenarios over time, drawn with Plotly, plus the tables the text report prints.

Same safety as the plan report (:mod:`postsale.report.html`): account books are confidential, so
plotly.js is inlined once (with the first figure on the page) and a Content-Security-Policy
forbids any fetch; Jinja2 autoescapes every data string. Data strings placed into a figure
(scenario names, hiring triggers in hovers) are HTML-escaped first, because Plotly renders a subset
of HTML tags in labels. Rows and months match the text report: both take them from
:mod:`postsale.report.project_text`.
"""

from __future__ import annotations

import datetime as dt
import html as _html
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from postsale.i18n import tr
from postsale.keys import ROLE_KEYS
from postsale.report import fmt as _fmt
from postsale.report.fmt import tier_word
from postsale.report.html import _FONT, _PLOTLY_CONFIG, _env, _smart_pct
from postsale.report.org_html import ROLE_COLOUR
from postsale.report.project_text import (
    HireGroup,
    band_text,
    cost_checkpoints,
    deferred_groups,
    event_label,
    hire_groups,
    lead_time_text,
    month_label,
    pace_text,
    points,
    role_name,
    shown_months,
    target_texts,
    total,
)
from postsale.report.text import money, pct
from postsale.results_projection import Band, ProjectionResult

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = ["CHART_IDS", "render_projection_html", "section_titles"]


def section_titles() -> tuple[str, ...]:
    """Headings of the page's sections, in order, in the active language (tests look for them)."""
    return (tr("report.project.section.growth"), tr("report.project.section.headcount"),
            tr("report.project.section.calendar"), tr("report.project.section.events"),
            tr("report.project.section.cost"), tr("report.project.section.scenarios"),
            tr("report.project.section.months"), tr("report.project.section.assumptions"),
            tr("report.plan.section.warnings"))
#: The Plotly divs, in page order (the first one carries plotly.js).
CHART_IDS: tuple[str, ...] = ("chart-customers", "chart-arr", "chart-headcount",
                              "chart-calendar", "chart-cost-share", "chart-scenarios")

_LEADER_COLOUR = {"team_lead": "#94a3b8", "manager": "#64748b", "director": "#475569",
                  "vp": "#334155", "cco": "#1e293b"}
_SCENARIO_COLOUR = ("#4f46e5", "#0e7490", "#db2777", "#ca8a04", "#059669", "#7c3aed")
_DASH = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
_MS_PER_DAY = 86_400_000


def _colour(role: str) -> str:
    return ROLE_COLOUR.get(role) or _LEADER_COLOUR.get(role, "#9ca3af")


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _layout(height: int, **extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "height": height, "margin": {"l": 10, "r": 20, "t": 30, "b": 10},
        "font": {"family": _FONT, "size": 13, "color": "#1f2937"},
        "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)",
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
        "hovermode": "x unified",
        "xaxis": {"gridcolor": "#f3f4f6", "automargin": True},
        "yaxis": {"gridcolor": "#e5e7eb", "zeroline": False, "automargin": True,
                  "rangemode": "tozero"},
    }
    layout.update(extra)
    return layout


def _html_div(fig: go.Figure, div_id: str, first: bool) -> Markup:
    # Safe to mark: built here from fixed labels, numbers and pre-escaped data strings; Plotly
    # also escapes "<" in its JSON.
    return Markup(fig.to_html(full_html=False, include_plotlyjs=first, config=_PLOTLY_CONFIG,
                              div_id=div_id))


def _add_band(fig: go.Figure, x: list[str], bands: list[Band | None], colour: str, name: str,
              scale: float = 1.0) -> None:
    """P10–P90 as a shaded area: an invisible P10 line, then P90 filled down to it."""
    low = [b.p10 * scale if b else None for b in bands]
    high = [b.p90 * scale if b else None for b in bands]
    fig.add_scatter(x=x, y=low, mode="lines", line={"width": 0}, hoverinfo="skip",
                    showlegend=False, legendgroup=name)
    fig.add_scatter(x=x, y=high, mode="lines", line={"width": 0}, fill="tonexty",
                    fillcolor=colour, name=name, hoverinfo="skip", legendgroup=name)


def _growth_figure(result: ProjectionResult, arr: bool) -> go.Figure:
    """Customers (or ARR) P50 with the P10–P90 band and the company file's target path."""
    import plotly.graph_objects as go  # heavy: imported only when an HTML report is made

    x = [m.date.isoformat() for m in result.months]
    bands = [m.arr if arr else m.customers for m in result.months]
    colour = "#0e7490" if arr else "#4f46e5"
    fig = go.Figure()
    _add_band(fig, x, list(bands), _rgba(colour, 0.18), "P10–P90")
    fmt = "$%{y:,.3s}" if arr and result.currency == "USD" else "%{y:,.4s}" if arr else "%{y:,.0f}"
    fig.add_scatter(x=x, y=[b.p50 for b in bands], mode="lines", name="P50",
                    line={"color": colour, "width": 2.5}, hovertemplate=f"P50 {fmt}<extra></extra>")
    target = [m.target_arr if arr else m.target_customers for m in result.months]
    if any(t is not None for t in target):
        name = tr("report.project.chart.target")
        fig.add_scatter(x=x, y=target, mode="lines", name=name,
                        line={"color": "#6b7280", "dash": "dot"},
                        hovertemplate=f"{name} {fmt}<extra></extra>")
    fig.update_layout(**_layout(300))
    if arr and result.currency == "USD":
        fig.update_yaxes(tickprefix="$")
    return fig


def _headcount_figure(result: ProjectionResult) -> go.Figure:
    """People needed per role (P50, stacked), the total's P10–P90 and the people in seat."""
    import plotly.graph_objects as go

    x = [m.date.isoformat() for m in result.months]
    fig = go.Figure()
    for role in ROLE_KEYS:
        values = [m.required.get(str(role), 0) for m in result.months]
        if any(values):
            fig.add_scatter(x=x, y=values, mode="lines", stackgroup="needed", name=role_name(role),
                            line={"width": 0.5, "color": _colour(str(role))},
                            hovertemplate=f"{role_name(role)}: %{{y}}<extra></extra>")
    _add_band(fig, x, [m.required_bands.get("total") for m in result.months],
              "rgba(17,24,39,0.13)", tr("report.project.chart.needed_band"))
    in_seat = tr("report.project.chart.in_seat")
    fig.add_scatter(x=x, y=[total(m.in_seat) for m in result.months], mode="lines",
                    name=in_seat, line={"color": "#b91c1c", "width": 2.5, "shape": "hv"},
                    hovertemplate=in_seat + ": %{y}<extra></extra>")
    fig.update_layout(**_layout(420))
    fig.update_yaxes(title={"text": tr("report.chart.people")})
    return fig


def _calendar_rows(groups: list[HireGroup]) -> tuple[list[int], list[tuple[str, int]]]:
    """A row per group: each role gets a lane, and a group overlapping an earlier one of the same
    role goes on the lane's next row (greedy interval packing), so no bar hides another.
    Returns each group's row and, per role in :data:`ROLE_KEYS` order, its lane's first row."""
    ends: dict[str, list[dt.date]] = {}
    slots: list[int] = []
    for g in groups:  # in open-date order, so the greedy packing is optimal per role
        taken = ends.setdefault(g.role, [])
        slot = next((i for i, end in enumerate(taken) if end <= g.open_date), len(taken))
        taken[slot:slot + 1] = [g.productive_date]
        slots.append(slot)
    lanes: list[tuple[str, int]] = []
    offset = 0
    for role in (str(r) for r in ROLE_KEYS if str(r) in ends):
        lanes.append((role, offset))
        offset += len(ends[role])
    first = dict(lanes)
    return [first[g.role] + slot for g, slot in zip(groups, slots, strict=True)], lanes


def _calendar_figure(result: ProjectionResult) -> go.Figure:
    """Each requisition group as a bar on its role's lane: grey while recruiting (open → start),
    in the role's colour while ramping (start → fully productive); hover for the trigger."""
    import plotly.graph_objects as go

    groups = hire_groups(result)
    rows, lanes = _calendar_rows(groups)
    by_month = {m.month: m.date for m in result.months}

    def span(a: dt.date, b: dt.date) -> int:
        return (b - a).days * _MS_PER_DAY

    fig = go.Figure()
    fig.add_bar(orientation="h", y=rows, base=[g.open_date.isoformat() for g in groups],
                x=[span(g.open_date, g.start_date) for g in groups],
                name=tr("report.project.chart.recruiting"),
                marker={"color": "rgba(148,163,184,0.5)"}, width=0.8,
                customdata=[[g.open_date.isoformat(), g.start_date.isoformat()] for g in groups],
                hovertemplate=tr("report.project.chart.recruiting") + " %{customdata[0]} → "
                "%{customdata[1]}<extra></extra>")
    for role, _ in lanes:
        mine = [(g, row) for g, row in zip(groups, rows, strict=True) if g.role == role]
        fig.add_bar(
            orientation="h", y=[row for _, row in mine],
            base=[g.start_date.isoformat() for g, _ in mine],
            x=[span(g.start_date, g.productive_date) for g, _ in mine], name=role_name(role),
            marker={"color": _colour(role)}, width=0.8,
            text=[f"{g.count} ×" if g.count > 1 else "" for g, _ in mine],
            textposition="inside", insidetextanchor="start", textangle=0,
            textfont={"color": "#ffffff", "size": 11},
            customdata=[[g.count, g.open_date.isoformat(), g.start_date.isoformat(),
                         g.productive_date.isoformat(),
                         month_label(by_month[g.month_needed]) if g.month_needed in by_month
                         else tr("report.project.month_n", n=g.month_needed),
                         _html.escape(str(g.trigger))]
                        for g, _ in mine],
            hovertemplate=("%{customdata[0]} × " + role_name(role) + "<br>"
                           + tr("report.project.chart.hire_hover", open="%{customdata[1]}",
                                start="%{customdata[2]}", productive="%{customdata[3]}",
                                month="%{customdata[4]}")
                           + "<br>%{customdata[5]}<extra></extra>"))
    height = max(rows, default=0) + 1
    fig.update_layout(**_layout(
        max(200, 80 + 20 * height), barmode="overlay", hovermode="closest", showlegend=False,
        xaxis={"type": "date", "gridcolor": "#f3f4f6", "automargin": True},
        yaxis={"autorange": "reversed", "automargin": True, "showgrid": False,
               "tickvals": [row for _, row in lanes],
               "ticktext": [role_name(role) for role, _ in lanes], "zeroline": False}))
    for _, row in lanes[1:]:
        fig.add_hline(y=row - 0.5, line={"color": "#e5e7eb", "width": 1})
    fig.add_vline(x=result.today.isoformat(), line={"color": "#6b7280", "dash": "dot", "width": 1})
    return fig


def _cost_figure(result: ProjectionResult) -> go.Figure:
    """CS cost ÷ ARR: the team needed (P50 and P10–P90), the people in seat and the blended tier
    cost, over the cost-share rule band and the usual blended band."""
    import plotly.graph_objects as go

    x = [m.date.isoformat() for m in result.months]
    fig = go.Figure()
    for key, colour, label in (
            ("blended", "rgba(5,150,105,0.10)", tr("report.project.chart.blended_band")),
            ("cost_share_rule", "rgba(79,70,229,0.08)", tr("report.project.chart.rule"))):
        low, high = result.bands.get(key, (0.0, 0.0))
        fig.add_hrect(y0=low, y1=high, fillcolor=colour, line_width=0, layer="below",
                      annotation_text=f"{label} {_smart_pct(low)}–{_smart_pct(high)}",
                      annotation_position="top left" if key == "blended" else "bottom left",  # i18n: not text
                      annotation_font={"size": 11, "color": "#6b7280"})
    _add_band(fig, x, [m.cost_share_required for m in result.months], "rgba(79,70,229,0.18)",
              tr("report.project.chart.needed_band"))
    for name, values, line in (
        (tr("report.project.chart.needed_p50"),
         [m.cost_share_required.p50 if m.cost_share_required else None for m in result.months],
         {"color": "#4f46e5", "width": 2.5}),
        (tr("report.project.chart.people_in_seat"), [m.cost_share for m in result.months],
         {"color": "#b91c1c", "width": 2, "shape": "hv"}),
        (tr("report.project.chart.blended_cost"), [m.blended_cost_share for m in result.months],
         {"color": "#059669", "width": 2, "dash": "dot"}),
    ):
        fig.add_scatter(x=x, y=values, mode="lines", name=name, line=line,
                        hovertemplate=f"{name}: %{{y:.1%}}<extra></extra>")
    fig.update_layout(**_layout(360))
    fig.update_yaxes(tickformat=".0%", title={"text": tr("report.project.chart.share_of_arr")})
    return fig


def _scenario_figure(result: ProjectionResult) -> go.Figure:
    """The team each scenario needs over time (P50), the base line solid."""
    import plotly.graph_objects as go

    dates = {m.month: m.date.isoformat() for m in result.months}
    fig = go.Figure()
    for i, s in enumerate(result.scenarios):
        name = _html.escape(str(s.name))
        fig.add_scatter(
            x=[dates.get(p.month, "") for p in s.months], y=[p.required_total for p in s.months],
            mode="lines", name=name,
            line={"color": _SCENARIO_COLOUR[i % len(_SCENARIO_COLOUR)],
                  "width": 3 if s.is_base else 2, "dash": "solid" if s.is_base else
                  _DASH[1 + i % (len(_DASH) - 1)]},
            hovertemplate=tr("report.project.chart.people_hover", name=name, n="%{y}")
            + "<extra></extra>")
    fig.update_layout(**_layout(360))
    fig.update_yaxes(title={"text": tr("report.project.chart.people_needed")})
    return fig


def _kpis(result: ProjectionResult) -> list[dict[str, str]]:
    first, last = result.months[0], result.months[-1]
    cur = result.currency
    return [
        {"label": tr("report.kpi.customers"),
         "value": f"{_fmt.number(first.customers.p50)} → {_fmt.number(last.customers.p50)}",
         "note": f"P10–P90 {_fmt.number(last.customers.p10)}–{_fmt.number(last.customers.p90)}"},
        {"label": tr("report.kpi.arr"),
         "value": f"{money(first.arr.p50, cur)} → {money(last.arr.p50, cur)}",
         "note": f"P10–P90 {money(last.arr.p10, cur)}–{money(last.arr.p90, cur)}"},
        {"label": tr("report.kpi.team"), "value": f"{total(first.in_seat)} → {last.required['total']}",
         "note": tr("report.project.kpi.team_note", n=last.month)},
        {"label": tr("report.project.kpi.requisitions"), "value": _fmt.number(len(result.hires)),
         "note": tr("report.project.kpi.first_opens", date=result.hires[0].open_date.isoformat())
         if result.hires else tr("report.project.kpi.none_to_open")},
        {"label": tr("report.project.kpi.cost_share"), "value": pct(last.cost_share),
         "note": tr("report.project.kpi.cost_share_note", n=last.month,
                    cost=money(last.cost, cur))},
        {"label": tr("report.project.kpi.spent"), "value": money(last.cumulative_cost, cur),
         "note": tr("report.project.kpi.spent_note", n=last.month)},
    ]


def _tables(result: ProjectionResult) -> dict[str, Any]:
    cur = result.currency
    by_month = {m.month: m.date for m in result.months}
    rule = result.bands.get("cost_share_rule", (0.05, 0.15))
    blended = result.bands.get("blended", (0.10, 0.25))

    def verdict(share: float | None, band: tuple[float, float]) -> str:
        return ("muted" if share is None else "warn" if share < band[0] else
                "bad" if share > band[1] else "good")

    def signed(value: float, text: str) -> str:
        return ("+" if value > 0 else "") + text

    needed = {g: by_month.get(g.month_needed) for g in hire_groups(result)}
    return {
        "calendar": [{"open": g.open_date.isoformat(), "count": g.count, "role": role_name(g.role),
                      "colour": _colour(g.role), "start": g.start_date.isoformat(),
                      "productive": g.productive_date.isoformat(),
                      "for": month_label(d) if d else tr("report.project.month_n",
                                                         n=g.month_needed),
                      "trigger": g.trigger, "late": g.delay} for g, d in needed.items()],
        "deferred": [{"count": g.count, "role": role_name(g.role), "colour": _colour(g.role),
                      "for": month_label(g.date), "reason": g.reason, "trigger": g.trigger}
                     for g in deferred_groups(result)],
        "pace": pace_text(result.hiring, cur),
        "events": [{"when": month_label(e.date), "month": e.month, "kind": event_label(e.kind),
                    "cls": "bad" if e.kind == "shortfall" else "ok", "title": str(e.title),
                    "detail": str(e.detail)} for e in result.timeline if e.kind != "hire"],
        "cost": [{"when": tr("report.project.today") if m.month == 0
                  else tr("report.project.month_n", n=m.month),
                  "date": month_label(m.date), "cost": money(m.cost, cur),
                  "share": pct(m.cost_share),
                  "needed": band_text(None, m.cost_share_required, pct),
                  "blended": pct(m.blended_cost_share),
                  "blended_cls": verdict(m.blended_cost_share, blended),
                  "tiers": [{"tier": tier_word(t), "share": pct(s),
                             "cls": verdict(s, rule)} for t, s in m.tier_cost_share.items()],
                  "spent": money(m.cumulative_cost, cur)} for m in cost_checkpoints(result)],
        "rule": f"{_smart_pct(rule[0])}–{_smart_pct(rule[1])}",
        "blended_band": f"{_smart_pct(blended[0])}–{_smart_pct(blended[1])}",
        "scenarios": [{
            "name": str(s.name), "base": s.is_base, "description": str(s.description),
            "retention": s.retention, "customers": _fmt.number(s.customers),
            "arr": money(s.arr, cur),
            "team": band_text(s.required["total"], s.required_total_band),
            "hires": _fmt.number(s.hires), "cost": money(s.cumulative_cost, cur),
            "share": pct(s.cost_share), "blended": pct(s.blended_cost_share),
            "d_team": "—" if s.is_base else signed(s.headcount_delta,
                                                   _fmt.number(s.headcount_delta)),
            "d_cost": "—" if s.is_base else signed(s.cumulative_cost_delta,
                                                   money(s.cumulative_cost_delta, cur)),
            "d_share": "—" if s.is_base or s.cost_share_delta is None else signed(
                s.cost_share_delta, points(s.cost_share_delta)),
        } for s in result.scenarios],
        "months": [{"month": m.month, "date": month_label(m.date), "stage": m.stage,
                    "customers": band_text(None, m.customers),
                    "arr": band_text(None, m.arr, lambda v: money(v, cur)),
                    "team": band_text(m.required["total"], m.required_bands.get("total")),
                    "in_seat": total(m.in_seat), "ramping": total(m.ramping),
                    "open": total(m.open_requisitions), "cost": money(m.cost, cur),
                    "share": pct(m.cost_share),
                    "needed": pct(m.cost_share_required.p50 if m.cost_share_required else None)}
                   for m in shown_months(result)],
    }


def _assumptions(result: ProjectionResult) -> list[dict[str, str]]:
    growth = result.growth
    rows = [{"label": tr("report.project.assume.target",
                         month=tr("report.project.month_n", n=int(t.get("months") or 0))),
             "value": text.split("：" if "：" in text else ": ", 1)[-1]}
            for t, text in zip(growth.targets, target_texts(result), strict=True)]
    if rows:
        rows.append({"label": tr("report.project.assume.between"),
                     "value": str(growth.interpolation)})
    rows += [{"label": tr("report.project.assume.note"), "value": str(n)} for n in growth.notes]
    rows.append({"label": tr("report.project.assume.retention", source=result.retention.source),
                 "value": str(result.retention.description)})
    rows.append({"label": tr("report.project.assume.hiring"),
                 "value": lead_time_text(result.hiring)})
    rows.append({"label": tr("report.project.assume.pace"),
                 "value": pace_text(result.hiring, result.currency)})
    rows.append({"label": "Monte Carlo", "value": tr(  # i18n: not text
        "report.project.assume.paths", paths=result.paths,
        seed=tr("report.project.seed_random") if result.seed is None else str(result.seed))})
    return rows


def render_projection_html(result: ProjectionResult) -> str:
    """The whole projection as one self-contained HTML page (works offline; no network request)."""
    figures = (_growth_figure(result, arr=False), _growth_figure(result, arr=True),
               _headcount_figure(result), _calendar_figure(result), _cost_figure(result),
               _scenario_figure(result))
    charts = {div.removeprefix("chart-").replace("-", "_"): _html_div(fig, div, i == 0)
              for i, (fig, div) in enumerate(zip(figures, CHART_IDS, strict=True))}
    template = _env().get_template("project.html")
    return template.render(
        result=result, charts=charts, kpis=_kpis(result), assumptions=_assumptions(result),
        titles=dict(zip(("growth", "headcount", "calendar", "events", "cost", "scenarios",
                         "months", "assumptions", "warnings"), section_titles(), strict=True)),
        arr=money(result.arr, result.currency), **_tables(result))

