"""The assignment summary (``postsale assign``): one dict for JSON, rendered with Rich for text.

The text report is drawn from the same dict as the JSON, so the two never disagree. Loads and shares
are fractions in JSON (1.0 = a full benchmark book) and percentages in text.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from postsale.core.assignment.summary import PoolStaff, pool_id, pool_label
from postsale.core.categorical import factorize
from postsale.i18n import tr
from postsale.keys import TIER_KEYS
from postsale.report import fmt
from postsale.report.text import money, pct
from postsale.results_text import message_codes

if TYPE_CHECKING:
    from postsale.api import AssignmentRun

__all__ = ["CHURNED_SHOWN", "EXPLANATIONS_SHOWN", "PEOPLE_SHOWN", "assignment_summary", "hiring_profile_text",
           "render_assignment"]

CHURNED_SHOWN = 20  # churned accounts listed by ID (JSON and text); the count is exact
PEOPLE_SHOWN = 30  # the text report lists the most-loaded books; JSON lists every position
EXPLANATIONS_SHOWN = 15  # the largest groups first
_TIER_SHORT = {"high_touch": "high", "low_touch": "low", "tech_touch": "tech"}


def _num(value: float) -> float | None:
    return None if not math.isfinite(value) else round(float(value), 4)


def assignment_summary(run: AssignmentRun) -> dict[str, Any]:
    """Everything ``postsale assign`` reports, JSON-ready (``--format json``)."""
    a, roster, books, d = run.assignment, run.roster, run.books, run.diff
    tiers = [str(t) for t in TIER_KEYS]
    tier_mask = roster.tiers.tolist()
    columns = zip(roster.person_id, roster.name, roster.role, tier_mask, books.owns_book.tolist(),
                  roster.region, roster.timezone, _nums(books.capacity),
                  books.accounts.tolist(), books.arr.round(2).tolist(), _nums(books.workload),
                  _nums(books.load), roster.languages, books.book_languages,
                  books.missing_languages, _nums(books.timezone_spread),
                  _nums(books.farthest_hours), d.moves_in.tolist(), d.moves_out.tolist(),
                  strict=True)
    people = [{
        "person_id": pid, "name": name, "label": name or tr("report.assign.open_req", id=pid), "role": role,
        "tiers": [t for t, on in zip(tiers, mask, strict=True) if on], "serves_pool": not owns,
        "region": region, "timezone": zone, "capacity": capacity, "accounts": accounts,
        "arr": arr, "workload": workload, "load": load, "languages": sorted(spoken),
        "book_languages": list(langs), "missing_languages": list(missing),
        "timezone_spread_hours": spread, "farthest_account_hours": farthest,
        "moves_in": moves_in, "moves_out": moves_out,
    } for (pid, name, role, mask, owns, region, zone, capacity, accounts, arr, workload, load,
           spoken, langs, missing, spread, farthest, moves_in, moves_out) in columns]
    for person, book_zone in zip(people, books.book_timezone, strict=True):
        # an open requisition speaks nothing yet: its book's languages and zone are whom to hire
        person["hiring_profile"] = None if person["name"] or person["serves_pool"] else {
            "region": person["region"], "languages": person["book_languages"],
            "timezone": person["timezone"] or book_zone}
    pools = []
    for k, t in enumerate(tiers):
        if t in run.rules.pooled_tiers:
            staff = run.pool_staff.get(t, PoolStaff(0))
            n = staff.csms
            pools.append({
                "tier": t, "owner_id": pool_id(t), "csms": n, "covered_by": staff.covered_by,
                "owner_name": str(pool_label(t, staff)),
                "accounts": int(run.pools.accounts[k]), "arr": round(float(run.pools.arr[k]), 2),
                "workload": _num(run.pools.workload[k]),
                "load_per_csm": _num(run.pools.workload[k] / n) if n else None,
            })
    by_rule = dict.fromkeys(("tier", "region", "language", "timezone"), 0)
    values, counts = _counts(a.violations)
    for value, count in zip(values, counts, strict=True):
        for rule in value.split("; "):
            if rule:
                by_rule[rule] = by_rule.get(rule, 0) + count
    imb = run.imbalance
    weights = a.weights
    return {
        "as_of": run.today.isoformat(),
        "company": run.plan.result.company,
        "currency": run.plan.result.currency,
        "accounts": len(run.plan.book),
        "arr": round(float(run.plan.result.arr), 2),
        "roster": {
            "source": str(roster.source),
            "source_msg": message_codes(roster.source),
            "positions": len(roster),
            "people": sum(1 for name in roster.name if name),
            "open_requisitions": sum(1 for name in roster.name if not name),
            "capacity": _num(float(roster.capacity.sum())),
            "notes": [str(n) for n in run.notes],
            "notes_msg": [message_codes(n) for n in run.notes],
        },
        "rules": {
            "require_region": run.rules.require_region,
            "require_language": run.rules.require_language,
            "max_timezone_hours": run.rules.max_timezone_hours,
            "lock_days": run.rules.lock_days,
            "tolerance": run.rules.tolerance,
            "pooled_tiers": list(run.rules.pooled_tiers),
        },
        "weights": {"factors": dict(weights.factors), "sources": list(weights.sources)},
        "people": people,
        "pools": pools,
        "diff": {
            "moves": d.moves,
            "kept": d.kept,
            "new": d.placed,
            "to_pool": d.to_pool,
            "by_reason": {str(r): c for r, c in d.by_reason},
            "by_reason_msg": [{**r.to_json(), "accounts": c} for r, c in d.by_reason],
            "people": [{"person_id": p["person_id"], "name": p["name"], "in": p["moves_in"],
                        "out": p["moves_out"]} for p in people if p["moves_in"] or p["moves_out"]],
            "departed_owners": dict(d.from_departed),
        },
        "imbalance": {
            "lower_bound": _num(imb.lower_bound),
            "balanced_load": _num(imb.balanced_load),
            "target": _num(imb.target),
            "postsale": {"max_load": _num(imb.max_load),
                         "max_over_balanced": _num(imb.max_over_balanced),
                         "max_over_lower_bound": _num(imb.max_over_lower_bound)},
            "round_robin": {"max_load": _num(imb.round_robin_max),
                            "max_over_balanced": _num(imb.round_robin_over_balanced),
                            "max_over_lower_bound": _num(imb.round_robin_over_lower_bound)},
        },
        "churned": {
            "accounts": d.churned, "with_owner_on_file": d.churned_owned,
            "account_ids": [str(x) for x in run.plan.book.account_id[a.churned][:CHURNED_SHOWN]],
        },
        "violations": {"accounts": run.relaxed_accounts, "by_rule": by_rule},
        "explanations": [str(x) for x in a.explanations],
        "explanations_msg": [x.to_json() for x in a.explanations],
        "capacity_note": None if a.capacity_note is None else str(a.capacity_note),
        "capacity_note_msg": message_codes(a.capacity_note),
    }


def _nums(values: Any) -> list[float | None]:
    """Rounded floats, NaN as None (JSON null)."""
    return [None if v != v else v for v in np.round(np.asarray(values, dtype=float), 4).tolist()]


def _counts(values: Any) -> tuple[list[str], list[int]]:
    """Distinct values and how many times each occurs (hash-based: cheap on a million rows)."""
    labels, codes = factorize(np.asarray(values, dtype=object))
    counts = np.bincount(codes[codes >= 0], minlength=len(labels))
    return labels, [int(c) for c in counts]


def _hours(value: float | None) -> str:
    return "—" if value is None else tr("report.assign.hours", n=value)


def _languages(person: dict[str, Any]) -> Text:
    """Up to three languages of the book, most accounts first; ``*`` marks one its owner does not
    speak (also counted among the rest: ``+4 (2*)``)."""
    text = Text()
    book = person["book_languages"]
    missing = set(person["missing_languages"])
    for k, lang in enumerate(book[:3]):
        if k:
            text.append(", ")
        text.append(lang + ("*" if lang in missing else ""),
                    style="bold red" if lang in missing else "")  # i18n: not text
    if len(book) > 3:
        text.append(f" +{len(book) - 3}")
        extra = sum(lang in missing for lang in book[3:])
        if extra:
            text.append(f" ({extra}*)", style="bold red")  # i18n: not text
    return text if book else Text("—")


def hiring_profile_text(profile: dict[str, Any]) -> str:
    """Whom to hire for an open requisition's book — never a claim that the seat already speaks
    a language or works a time zone: ``hire: speaks Japanese, based near Asia/Tokyo``."""
    parts = []
    comma = tr("report.sep.comma")
    if profile["region"]:
        parts.append(tr("report.assign.profile.region", region=profile["region"]))
    langs = profile["languages"]
    if langs:
        more = tr("report.assign.profile.more", n=len(langs) - 3) if len(langs) > 3 else ""
        parts.append(tr("report.org.speaks", languages=comma.join(langs[:3])) + more)
    if profile["timezone"]:
        parts.append(tr("report.assign.profile.timezone", zone=profile["timezone"]))
    return tr("report.assign.profile.hire", profile=comma.join(parts) if parts
              else tr("report.assign.profile.none"))


def _role(person: dict[str, Any]) -> str:
    tiers = person["tiers"]
    own = next((t for t in tiers if person["role"] == f"csm_{t}"), None)
    if own is not None:  # a CSM, serving also the tiers its tier covers (plan's fungible seats)
        return " +".join([f"CSM {_TIER_SHORT[own]}", *(_TIER_SHORT[t] for t in tiers if t != own)])
    return f"{fmt.label(person['role'])} ({'+'.join(_TIER_SHORT[t] for t in tiers)})"


def _people(data: dict[str, Any], currency: str) -> Table:
    owners = [p for p in data["people"] if not p["serves_pool"]]
    shown = sorted(owners, key=lambda p: (-(p["load"] or 0.0), p["person_id"]))[:PEOPLE_SHOWN]
    table = Table(title=tr("report.assign.books"), box=box.SIMPLE_HEAVY, title_justify="left",
                  pad_edge=False)
    right = ("accounts", "ARR", "load", "capacity", "tz spread")  # i18n: not text
    headers = (tr("report.assign.col.person"), tr("report.text.col.role"),
               tr("report.text.col.accounts"), tr("report.col.arr"), tr("report.assign.col.load"),
               tr("report.assign.col.capacity"), tr("report.assign.col.speaks"),
               tr("report.assign.col.book_languages"), tr("report.assign.col.tz_spread"))
    keys = ("person", "role", "accounts", "ARR", "load", "capacity", "speaks",
            "book languages", "tz spread")  # i18n: not text (column keys)
    for col, header in zip(keys, headers, strict=True):
        table.add_column(header, justify="right" if col in right else "left",
                         no_wrap=True, overflow="ellipsis",
                         min_width=max(len(header), 6) if col in right else None,
                         max_width={"person": 30, "book languages": 30,  # i18n: not text
                                    "speaks": 14,
                                    "role": 18}.get(col))
    for p in shown:
        load = pct(p["load"], 0) if p["load"] is not None else "—"
        table.add_row(
            escape(p["label"] if p["name"] else tr("report.assign.open_req", id=p["person_id"]))
            + (f" [dim]({escape(p['person_id'])})[/dim]" if p["name"] and p["name"] !=
               p["person_id"] else ""),
            escape(_role(p)), fmt.number(p["accounts"]), money(p["arr"], currency),
            Text(load, style="bold red" if (p["load"] or 0) > 1.0 + 1e-9 else ""),  # i18n: not text
            f"{p['capacity']:g}", _speaks(p), _languages(p),
            _hours(p["timezone_spread_hours"]))
    hidden = len(owners) - len(shown)
    caption = tr("report.assign.books_caption")
    if hidden:
        caption = tr("report.assign.books_hidden", shown=len(shown), total=len(owners),
                     hidden=hidden) + caption
    table.caption = caption
    return table


def _speaks(person: dict[str, Any]) -> Text:
    if person["hiring_profile"] is not None:
        return Text(tr("report.assign.to_hire"), style="dim")
    return Text(tr("report.sep.comma").join(person["languages"]) or "—")


def _hiring(data: dict[str, Any], console: Console) -> None:
    """Open requisitions that own books, grouped by role and profile: whom to hire for each."""
    groups: dict[tuple[str, str], list[str]] = {}
    for p in data["people"]:
        if p["hiring_profile"] is not None and p["accounts"]:
            key = (_role(p), hiring_profile_text(p["hiring_profile"]))
            groups.setdefault(key, []).append(p["person_id"])
    if not groups:
        return
    console.print(Text(tr("report.assign.hiring_profiles"), style="bold"))
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    for (role, profile), ids in ordered[:EXPLANATIONS_SHOWN]:
        shown = ", ".join(ids[:4]) + (f" +{len(ids) - 4:,}" if len(ids) > 4 else "")
        console.print(escape(f"  • {shown} ({role}): {profile}"), highlight=False)
    if len(ordered) > EXPLANATIONS_SHOWN:
        console.print("  … " + tr("report.assign.more_profiles",
                                   n=len(ordered) - EXPLANATIONS_SHOWN), highlight=False)


def render_assignment(run: AssignmentRun | dict[str, Any], console: Console) -> None:
    """The summary as Rich text: header, books, pools, diff, imbalance, explanations."""
    data = run if isinstance(run, dict) else assignment_summary(run)
    currency = data["currency"]
    r = data["roster"]
    console.print(Text(data["company"] + tr(
        "report.assign.header", accounts=data["accounts"], arr=money(data["arr"], currency),
        date=data["as_of"]), style="bold"))
    console.print(escape(tr(
        "report.assign.roster", positions=r["positions"], source=r["source"], people=r["people"],
        open=r["open_requisitions"], capacity=r["capacity"])), highlight=False)
    rules = data["rules"]
    tz = rules["max_timezone_hours"]
    console.print(escape(
        tr("report.assign.rules", tz=tz, days=rules["lock_days"],
           tolerance=pct(rules["tolerance"], 0))
        + (tr("report.assign.pooled", tiers=tr("report.sep.comma").join(rules["pooled_tiers"]))
           if rules["pooled_tiers"] else "")
        ), highlight=False)
    for note in r["notes"]:
        console.print(escape(f"  • {note}"), highlight=False)
    console.print(_people(data, currency))
    _hiring(data, console)
    if data["pools"]:
        pools = Table(title=tr("report.assign.pools"), box=box.SIMPLE_HEAVY, title_justify="left")
        for i, col in enumerate((tr("report.assign.col.pool"), "owner_id",
                                 tr("report.assign.col.csms_plan"), tr("report.text.col.accounts"),
                                 tr("report.col.arr"), tr("report.assign.col.workload_per_csm"))):
            pools.add_column(col, justify="left" if i < 2 else "right")
        for p in data["pools"]:
            csms = str(p["csms"]) if p["csms"] or not p["covered_by"] else \
                tr("report.assign.covered_by", tier=p["covered_by"])
            pools.add_row(fmt.label(p["tier"]), p["owner_id"], csms,
                          fmt.number(p["accounts"]), money(p["arr"], currency),
                          pct(p["load_per_csm"], 0) if p["load_per_csm"] is not None else "—")
        console.print(pools)
    _diff(data, console)
    _churned(data, console)
    _imbalance(data, console)
    _explanations(data, console)


def _diff(data: dict[str, Any], console: Console) -> None:
    d = data["diff"]
    console.print(Text(
        tr("report.assign.changes", moves=d["moves"], kept=d["kept"], new=d["new"])
        + (tr("report.assign.to_pool", n=d["to_pool"]) if d["to_pool"] else ""), style="bold"))
    for reason, count in d["by_reason"].items():
        console.print(escape(f"  {count:>8,}  {reason}"), highlight=False)
    if d["departed_owners"]:
        shown = list(d["departed_owners"].items())[:5]
        console.print(escape("  " + tr("report.assign.departed") + ", ".join(
            f"{owner} ({count:,})" for owner, count in shown)
            + (" …" if len(d["departed_owners"]) > 5 else "")), highlight=False)
    if d["people"]:
        movers = sorted(d["people"], key=lambda p: (-(p["in"] + p["out"]), p["person_id"]))
        line = ", ".join(f"{p['name'] or p['person_id']} +{p['in']}/−{p['out']}"
                         for p in movers[:8])
        more = tr("report.assign.and_more", n=len(movers) - 8) if len(movers) > 8 else ""
        console.print(escape("  " + tr("report.assign.moves_per_person", line=line + more)),
                      highlight=False)


def _churned(data: dict[str, Any], console: Console) -> None:
    """Churned accounts (ARR 0) are in no book: said apart, with the owners on file to clear."""
    c = data.get("churned") or {}
    if not c.get("accounts"):
        return
    ids = ", ".join(c["account_ids"]) + (" …" if c["accounts"] > len(c["account_ids"]) else "")
    owned = tr("report.assign.churned_owned", n=c["with_owner_on_file"]) \
        if c["with_owner_on_file"] else ""
    console.print(escape(tr("report.assign.churned", n=c["accounts"], ids=ids) + owned),
                  highlight=False)


def _imbalance(data: dict[str, Any], console: Console) -> None:
    imb = data["imbalance"]
    table = Table(title=tr("report.assign.balance"), box=box.SIMPLE_HEAVY, title_justify="left")
    for col in ("", tr("report.assign.col.max_load"), tr("report.assign.col.max_balanced"),
                tr("report.assign.col.max_lower")):
        table.add_column(col, justify="left" if not col else "right")

    def row(name: str, figures: dict[str, float | None]) -> None:
        table.add_row(name, pct(figures["max_load"], 1),
                      f"{figures['max_over_balanced']:.3f}×" if figures["max_over_balanced"]
                      is not None else "—",
                      f"{figures['max_over_lower_bound']:.3f}×" if figures["max_over_lower_bound"]
                      is not None else "—")

    row("postsale", imb["postsale"])
    row(tr("report.assign.round_robin"), imb["round_robin"])
    table.caption = tr("report.assign.balance_caption", balanced=pct(imb["balanced_load"], 1),
                       lower=pct(imb["lower_bound"], 1))
    console.print(table)


def _explanations(data: dict[str, Any], console: Console) -> None:
    v = data["violations"]
    if v["accounts"]:
        rules = ", ".join(f"{rule} {count:,}" for rule, count in v["by_rule"].items() if count)
        console.print(Text(tr("report.assign.relaxed", n=v["accounts"], rules=rules),
                           style="bold yellow"))  # i18n: not text
        lines = data["explanations"]
        for line in lines[:EXPLANATIONS_SHOWN]:
            console.print(escape(f"  • {line}"), highlight=False)
        if len(lines) > EXPLANATIONS_SHOWN:
            console.print("  … " + tr("report.assign.more_explanations",
                                       n=len(lines) - EXPLANATIONS_SHOWN), highlight=False)
    else:
        hiring = sum(1 for p in data["people"] if p["hiring_profile"] is not None
                     and p["accounts"])
        console.print(Text(
            tr("report.assign.all_fit") if not hiring
            else tr("report.assign.all_fit_hiring", n=hiring), style="green"))
    if data["capacity_note"]:
        console.print(Text(tr("report.assign.capacity", note=data["capacity_note"]),
                           style="bold yellow"))  # i18n: not text
