"""Self-contained HTML plan report: Jinja2 (autoescaped) + Plotly, plotly.js inlined once.

Account books are confidential, so the file makes no network calls: plotly.js is embedded in the
page (``include_plotlyjs=True`` for the first figure, ``False`` after) and a Content-Security-Policy
forbids fetching anything. Every string that comes from the user or the data (company name,
reasons, formulas, warnings, benchmark sources) goes through Jinja2 autoescaping; only the Plotly
snippets, built here from fixed labels and numbers, are marked safe.

Shares and rates are fractions in :class:`PlanResult`; this report shows them as percentages.
The sections mirror the text report (``postsale.report.text``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from babel.numbers import format_percent
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from postsale.core.csm_book import book_text
from postsale.core.msg import Msg
from postsale.i18n import current, tr
from postsale.i18n.benchmarks import help_for_key
from postsale.keys import LEADERSHIP_ROLES, ROLE_KEYS, TIER_KEYS
from postsale.report import fmt
from postsale.report.advice_rows import phase_rows, roadmap_lines, step_rows
from postsale.report.budget import budget_notes, budget_rows
from postsale.report.effort import effort_roles, effort_rows, effort_title
from postsale.report.fonts import CJK_FACES
from postsale.report.support import COLUMNS as SUPPORT_COLUMNS
from postsale.report.support import support_headers, support_lines, support_rows
from postsale.report.text import money, pct
from postsale.results import PlanResult

__all__ = ["render_plan_html", "section_titles", "verdict_label"]

def section_titles() -> tuple[str, ...]:
    """Headings of the report's sections, in order, in the active language (tests and the browser
    suite look for them)."""
    return (
        tr("report.plan.section.diagnosis"),
        tr("report.plan.section.tiers"),
        tr("report.plan.section.headcount"),
        tr("report.plan.section.triggers"),
        tr("report.plan.section.warnings"),
        tr("report.plan.section.recommendation"),
        tr("report.plan.section.selection"),
        tr("report.plan.section.roadmap"),
        tr("report.plan.section.benchmarks"),
    )


TIER_COLOUR = {"high_touch": "#4338ca", "low_touch": "#0e7490", "tech_touch": "#059669"}
label = fmt.label

# verdict → (label, badge class); the labels are looked up when a report is rendered
_VERDICT: dict[str, tuple[Callable[[], str], str]] = {
    "comfortable": (lambda: tr("report.verdict.comfortable"), "good"),
    "workable": (lambda: tr("report.verdict.workable"), "ok"),
    "too_expensive": (lambda: tr("report.verdict.too_expensive"), "bad"),
    "no_accounts": (lambda: tr("report.verdict.no_accounts"), "muted"),
}
_SHARE_CHECK: dict[str, tuple[Callable[[], str], str]] = {
    "within": (lambda: tr("report.share_check.within"), "good"),
    "below": (lambda: tr("report.share_check.below"), "warn"),
    "above": (lambda: tr("report.share_check.above"), "warn"),
    "empty": (lambda: tr("report.share_check.empty"), "muted"),
}
_BLENDED: dict[str, tuple[Callable[[], str], str]] = {
    "below_band": (lambda: tr("report.blended.below_band"), "warn"),
    "within_band": (lambda: tr("report.blended.within_band"), "good"),
    "above_band": (lambda: tr("report.blended.above_band"), "bad"),
    "no_revenue": (lambda: tr("report.blended.no_revenue"), "muted"),
}
_CHECK: dict[str, tuple[str, Callable[[], str], str]] = {
    "passed": ("✓", lambda: tr("report.check.passed"), "good"),
    "failed": ("✗", lambda: tr("report.check.failed"), "bad"),
    "not_evaluable": ("?", lambda: tr("report.check.not_evaluable"), "muted"),
}



def verdict_label(verdict: str) -> str:
    """A tier's cost verdict in words ("comfortable", "too expensive")."""
    return _VERDICT[verdict][0]()


_FONT = ('-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, '  # i18n: not text
         'sans-serif')
_PLOTLY_CONFIG: dict[str, Any] = {"displayModeBar": False, "displaylogo": False,
                                  "responsive": True}


def _env() -> Environment:
    """The templates' environment: ``tr("code", **params)`` renders a catalog message in the
    active language (``postsale.i18n``); a message object renders by itself (``{{ t.message }}``)."""
    env = Environment(
        loader=PackageLoader("postsale.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["tr"] = tr
    env.globals["lang"] = current().lang
    env.globals["cjk_font"] = CJK_FACES.get(current().lang)
    env.globals["num"] = fmt.number
    return env


def _num(value: float) -> str:
    """A plain number: thousands separators, no needless decimals."""
    if float(value).is_integer() or abs(value) >= 100:
        return fmt.number(value)
    return current().number(value, 3, trim=True)


def _smart_pct(value: float) -> str:
    """15% rather than 15.0%, 2.5% kept."""
    return str(format_percent(value, format="#,##0.#%", locale=current().locale))


def _band_pct(band: tuple[float, float] | list[float]) -> str:
    return f"{_smart_pct(band[0])}–{_smart_pct(band[1])}"


def _money_exact(value: float, currency: str) -> str:
    """$13,300 rather than $13K: per-customer figures are read digit by digit."""
    return fmt.amount(value, currency)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else str(n)


def _wrap(label: str) -> str:
    """Two-line axis label for long role names ("Support<br>engineer")."""
    if " · " in label:
        return label.replace(" · ", "<br>")
    return label.replace(" ", "<br>", 1) if len(label) > 10 else label


def _layout(height: int, **extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "height": height,
        "margin": {"l": 10, "r": 20, "t": 10, "b": 10},
        "font": {"family": _FONT, "size": 13, "color": "#1f2937"},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
        "bargap": 0.25,
    }
    layout.update(extra)
    return layout


def _headcount_chart(plan: PlanResult, include_plotlyjs: bool) -> str:
    """Grouped bars: people in seat vs needed, per role with any of either."""
    import plotly.graph_objects as go  # heavy: imported only when an HTML report is made

    roles = [r for r in ROLE_KEYS
             if plan.headcount.roles[r].required or plan.headcount.roles[r].current]
    labels = [_wrap(label(r)) for r in roles]
    now = [plan.headcount.roles[r].current for r in roles]
    needed = [plan.headcount.roles[r].required for r in roles]
    fig = go.Figure()
    for name, values, colour in ((tr("report.chart.now"), now, "#cbd5e1"),
                                 (tr("report.chart.needed"), needed, "#4f46e5")):
        fig.add_bar(x=labels, y=values, name=name, marker_color=colour,
                    text=[str(v) if v else "" for v in values], textposition="outside",
                    cliponaxis=False, hovertemplate=f"%{{x}}: %{{y}} {name}<extra></extra>")
    top = max([*now, *needed, 1])
    fig.update_layout(**_layout(
        320, barmode="group", bargroupgap=0.06,
        yaxis={"dtick": 1 if top <= 10 else None, "gridcolor": "#e5e7eb", "zeroline": False,
               "title": {"text": tr("report.chart.people")}, "range": [0, top * 1.15]},
        xaxis={"fixedrange": True, "automargin": True},
    ))
    html: str = fig.to_html(full_html=False, include_plotlyjs=include_plotlyjs,
                            config=_PLOTLY_CONFIG, div_id="chart-headcount")
    return html


def _tier_share_chart(plan: PlanResult, include_plotlyjs: bool) -> str:
    """Each tier's share of accounts, ranked by revenue (bar), over the S3 band (shaded range)."""
    import plotly.graph_objects as go

    labels = [label(t) for t in TIER_KEYS]
    summaries = [plan.tiers[t] for t in TIER_KEYS]
    lows = [s.share_band[0] for s in summaries]
    spans = [s.share_band[1] - s.share_band[0] for s in summaries]
    shares = [s.share_of_accounts for s in summaries]
    fig = go.Figure()
    band = tr("report.chart.s3_band")
    fig.add_bar(x=labels, y=spans, base=lows, name=band, width=0.62,
                marker={"color": "rgba(99,102,241,0.13)",
                        "line": {"color": "rgba(99,102,241,0.55)", "width": 1}},
                customdata=[_band_pct(s.share_band) for s in summaries],
                hovertemplate="%{x}: " + band + " %{customdata}<extra></extra>")
    fig.add_bar(x=labels, y=shares, name=tr("report.chart.share_of_accounts"), width=0.3,
                marker_color=[TIER_COLOUR[t] for t in TIER_KEYS],
                text=[pct(s, 0) for s in shares], textposition="outside", cliponaxis=False,
                hovertemplate=tr("report.chart.share_hover", x="%{x}", y="%{y:.1%}")
                + "<extra></extra>")
    top = max([*shares, *(s.share_band[1] for s in summaries)])
    fig.update_layout(**_layout(
        330, barmode="overlay", showlegend=True,
        yaxis={"tickformat": ".0%", "range": [0, min(1.0, top * 1.18 + 0.02)],
               "gridcolor": "#e5e7eb", "zeroline": False},
        xaxis={"fixedrange": True},
    ))
    fig.update_layout(margin={"l": 10, "r": 10, "t": 30, "b": 10})
    html: str = fig.to_html(full_html=False, include_plotlyjs=include_plotlyjs,
                            config=_PLOTLY_CONFIG, div_id="chart-tier-share")
    return html


def _kpis(plan: PlanResult) -> list[dict[str, str]]:
    econ = plan.economics
    hc = plan.headcount
    blended_label, blended_cls = _BLENDED[econ.blended_verdict]
    gap = hc.gap["total"]
    return [
        {"label": tr("report.kpi.stage"), "value": str(plan.stage.number),
         "note": str(plan.stage.name), "cls": ""},
        {"label": tr("report.kpi.customers"), "value": fmt.number(plan.customers),
         "note": tr("report.kpi.accounts_note", n=plan.accounts), "cls": ""},
        {"label": tr("report.kpi.arr"), "value": money(plan.arr, plan.currency),
         "note": tr("report.kpi.average", amount=money(plan.arr / plan.customers, plan.currency))
         if plan.customers else "", "cls": ""},
        {"label": tr("report.kpi.team"), "value": f"{hc.current['total']} → {hc.required['total']}",
         "note": (tr("report.kpi.to_hire", n=gap) if gap > 0 else
                  tr("report.kpi.above_plan", n=-gap) if gap < 0 else
                  tr("report.kpi.matches_plan")),
         "cls": "bad" if gap > 0 else ""},
        {"label": tr("report.kpi.blended"), "value": pct(econ.blended_cost_share_of_revenue),
         "note": tr("report.kpi.blended_note", verdict=blended_label(),
                    band=_band_pct(econ.blended_band)),
         "cls": blended_cls},
        {"label": tr("report.kpi.full_team_cost"), "value": money(econ.team_cost, plan.currency),
         "note": tr("report.kpi.full_team_note", share=pct(econ.team_cost_share_of_revenue)),
         "cls": ""},
    ]


def _tier_rows(plan: PlanResult) -> list[dict[str, Any]]:
    rows = []
    for tier in TIER_KEYS:
        s = plan.tiers[tier]
        e = plan.economics.per_tier[tier]
        verdict_label, verdict_cls = _VERDICT[e.verdict]
        check_label, check_cls = _SHARE_CHECK[s.share_check]
        rows.append({
            "key": str(tier), "label": label(tier), "colour": TIER_COLOUR[tier],
            "accounts": fmt.number(s.accounts), "arr": money(s.arr, plan.currency),
            "share": pct(s.share_of_arr), "count_share": pct(s.share_of_accounts),
            "band": _band_pct(s.share_band),
            "check_label": check_label(), "check_cls": check_cls,
            "acv": _money_exact(s.average_acv, plan.currency) if s.accounts else "—",
            "per_csm": book_text(e.accounts_per_csm),
            "cost": _money_exact(e.cost_per_customer, plan.currency),
            "cost_share": pct(e.cost_share_of_revenue),
            "multiple": "—" if e.revenue_multiple is None else fmt.number(e.revenue_multiple, 1)
            + "×",
            "expected_multiple": f"{_num(e.expected_multiple[0])}–{_num(e.expected_multiple[1])}×",
            "verdict_label": verdict_label(), "verdict_cls": verdict_cls,
            "explanation": str(e.explanation),
        })
    return rows


def _headcount_rows(plan: PlanResult) -> list[dict[str, Any]]:
    rows = []
    for role in ROLE_KEYS:
        r = plan.headcount.roles[role]
        if r.required == 0 and r.current == 0 and role in LEADERSHIP_ROLES:
            continue
        rows.append({
            "key": str(role), "label": label(role), "now": r.current, "needed": r.required,
            "gap": _signed(r.gap), "gap_cls": "bad" if r.gap > 0 else "warn" if r.gap < 0 else "",
            "fte": fmt.number(r.workload_fte, 2), "formula": str(r.formula),
            "cost": money(r.cost, plan.currency) if r.cost else "—",
        })
    return rows


def _trigger_rows(plan: PlanResult) -> list[dict[str, Any]]:
    rows = []
    for t in plan.triggers:
        status, cls = ((tr("report.trigger.fired"), "bad") if t.fired else
                       (tr("report.trigger.na"), "muted") if not t.evaluable else
                       (tr("report.trigger.not_fired"), "good"))
        rows.append({
            "key": t.key, "role": label(t.role) if t.role else "",
            "description": _sentence(str(t.description)), "message": t.message,
            "measured": "—" if t.measured is None else _num(round(t.measured, 1)),
            "threshold": _num(t.threshold), "unit": t.unit, "status": status, "cls": cls,
        })
    return rows


def _options(scores: dict[Any, float], reasons: Mapping[Any, tuple[Msg, ...]],
             recommended: str) -> list[dict[str, Any]]:
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return [{"key": str(k), "label": label(k), "score": fmt.number(v),
             "width": max(0.0, min(100.0, v)), "recommended": str(k) == recommended,
             "reasons": [str(r) for r in reasons.get(k, ())]} for k, v in ranked]


def _benchmark_rows(plan: PlanResult) -> list[dict[str, Any]]:
    rows = []
    entries: dict[str, dict[str, Any]] = plan.benchmarks.get("entries", {})
    for key, e in entries.items():
        unit = str(e.get("unit", ""))
        as_pct = unit.startswith("fraction")

        def fmt(v: float, as_pct: bool = as_pct) -> str:
            return _smart_pct(v) if as_pct else _num(v)

        rng = e.get("range")
        default = e.get("default")
        rows.append({
            "key": key, "help": help_for_key(key), "value": fmt(float(e["value"])),
            "range": f"{fmt(rng[0])}–{fmt(rng[1])}" if rng else "",
            "unit": unit, "source": str(e.get("source", "")),
            "overridden": bool(e.get("overridden")),
            "overridden_by": str(e.get("overridden_by") or ""),
            "default": fmt(float(default)) if default is not None else "",
        })
    return rows


def _context(plan: PlanResult) -> dict[str, Any]:
    econ = plan.economics
    r = plan.retention
    retention = []
    if r.grr is not None:
        retention.append({"label": tr("report.kpi.grr"), "value": pct(r.grr), "band": _band_pct(r.grr_band),
                          "verdict": r.grr_verdict, "median": pct(r.median_grr, 0)})
    if r.nrr is not None and r.nrr_band is not None:
        retention.append({"label": tr("report.kpi.nrr"), "value": pct(r.nrr), "band": _band_pct(r.nrr_band),
                          "verdict": r.nrr_verdict, "median": pct(r.median_nrr, 0)})
    blended_label, blended_cls = _BLENDED[econ.blended_verdict]
    benchmarks = _benchmark_rows(plan)
    # Safe to mark: built here from fixed labels and numbers; Plotly also escapes "<" in its JSON.
    # plotly.js goes inline once, with the figure that comes first in the page (tier share).
    charts = {
        "tier_share": Markup(_tier_share_chart(plan, include_plotlyjs=True)),
        "headcount": Markup(_headcount_chart(plan, include_plotlyjs=False)),
    }
    hc = plan.headcount
    return {
        "plan": plan,
        "titles": dict(zip(("diagnosis", "tiers", "headcount", "triggers", "warnings",
                            "recommendation", "selection", "roadmap", "benchmarks"),
                           section_titles(), strict=True)),
        "advice": _advice(plan),
        "kpis": _kpis(plan),
        "arr": money(plan.arr, plan.currency),
        "stage": plan.stage, "phase": plan.phase, "retention": retention,
        "retention_detail": r.detail,
        "tiers": _tier_rows(plan),
        "blended": {"value": pct(econ.blended_cost_share_of_revenue),
                    "band": _band_pct(econ.blended_band), "label": blended_label(),
                    "cls": blended_cls},
        "budget_rows": [{"label": r.label, "people": "" if r.people is None else r.people,
                         "cost": money(r.cost, plan.currency), "share": pct(r.share),
                         "recommended": r.recommended} for r in budget_rows(plan)],
        "budget_notes": budget_notes(plan, money),
        "team_cost": money(econ.team_cost, plan.currency),
        "team_cost_share": pct(econ.team_cost_share_of_revenue),
        "gross_margin": {"detail": str(econ.gross_margin_detail),
                         "cls": _CHECK[econ.gross_margin_check][2]},
        "headcount": _headcount_rows(plan),
        "total": {"now": hc.current["total"], "needed": hc.required["total"],
                  "gap": _signed(hc.gap["total"]),
                  "cost": money(sum(x.cost for x in hc.roles.values()), plan.currency)},
        "effort": {"title": effort_title(plan), "rows": effort_rows(plan),
                   "roles": effort_roles(plan),
                   "notes": [str(e) for e in plan.headcount.effort.explanation] if plan.headcount.effort
                   else []},
        "support": None if hc.support is None else {
            "columns": SUPPORT_COLUMNS, "rows": support_rows(hc.support),
            "headers": list(zip(SUPPORT_COLUMNS, support_headers(), strict=True)),
            "lines": support_lines(hc.support, plan.currency)},
        "triggers": _trigger_rows(plan),
        "fired": sum(1 for t in plan.triggers if t.fired),
        "warnings": plan.warnings,
        "org": {"recommended": label(plan.org.recommended),
                "options": _options(plan.org.scores, plan.org.reasons,
                                    str(plan.org.recommended))},
        "line": {"recommended": label(plan.reporting_line.recommended),
                 "options": _options(plan.reporting_line.scores, plan.reporting_line.reasons,
                                     str(plan.reporting_line.recommended)),
                 "risks": [str(r) for r in plan.reporting_line.risks]},
        "checks": [{"mark": _CHECK[c.status][0], "status": _CHECK[c.status][1](),
                    "cls": _CHECK[c.status][2], "title": c.title, "detail": c.detail,
                    "code": c.code} for c in plan.checks],
        "checks_failed": sum(1 for c in plan.checks if c.status == "failed"),
        "benchmarks": benchmarks,
        "benchmarks_version": str(plan.benchmarks.get("version", "")),
        "overridden": sum(1 for b in benchmarks if b["overridden"]),
        "charts": charts,
    }


_EFFECT_CLS = {"keeps": "good", "flags": "warn", "moves_up": "bad", "moves_down": "bad"}
_MARK_CLS = {"met": "good", "not_met": "bad", "not_evaluable": "muted", "signal": "warn",
             "clear": "good"}


def _advice(plan: PlanResult) -> dict[str, Any] | None:
    """The "Choosing the model" and "Roadmap" sections (rows shared with the text report)."""
    if plan.advice is None:
        return None
    return {
        "recommendation": plan.advice.selection.recommendation.sentence,
        "steps": [{"step": r.step, "title": r.title, "effect": r.effect,
                   "cls": _EFFECT_CLS[r.effect_code], "lines": r.lines, "summary": r.summary}
                  for r in step_rows(plan)],
        "phases": [{"number": p.number, "title": p.title, "dates": p.dates, "hires": p.hires,
                    "checks": [(mark, _MARK_CLS[cls], text) for mark, cls, text in p.checks]}
                   for p in phase_rows(plan)],
        "lines": roadmap_lines(plan),
        "roadmap_sentence": plan.advice.roadmap.sentence,
    }


def render_plan_html(plan: PlanResult) -> str:
    """The whole plan as one self-contained HTML page (works offline; no network requests)."""
    template = _env().get_template("plan.html")
    return template.render(**_context(plan))
