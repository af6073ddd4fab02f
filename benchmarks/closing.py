"""Does the plan close? Recommended headcount and cost share on `postsale sample` books and two
hand-shaped books (a product-led book of small accounts, an enterprise book).

Usage::

    .venv/bin/python benchmarks/closing.py [--today 2026-12-04] [--json out.json]

Prints one row per book: customers, ARR, the team in seat and its cost share, the needed team,
the recommended (funded) team's headcount and full cost share (team + technology), the budget and
whether the plan fits it (or says it cannot), the gross-margin check, and the warning codes. Books
are generated in-process (seed 7), never read from disk, so the figures depend only on the code and
the date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tomllib
from typing import Any

import numpy as np

from postsale.api import run_plan
from postsale.benchmarks import default_benchmarks
from postsale.company import company_from_mapping
from postsale.io.read import book_from_columns
from postsale.sample import company_toml, generate_accounts

SIZES = (40, 300, 1_000, 2_000, 5_000, 20_000)


def _sample(n: int, today: dt.date) -> tuple[Any, Any, str]:
    columns = generate_accounts(n, 7, today)
    company = company_from_mapping(tomllib.loads(company_toml(n, 7)), "sample", default_benchmarks())
    return book_from_columns(columns, source=f"sample {n}"), company, f"sample {n:,}"


def _hand_shaped(columns: dict[str, Any], company_text: str, label: str) -> tuple[Any, Any, str]:
    company = company_from_mapping(tomllib.loads(company_text), label, default_benchmarks())
    return book_from_columns(columns, source=label), company, label


def _plg(today: dt.date) -> tuple[Any, Any, str]:
    """20,000 self-serve accounts around $1.2K, a product-led company with a small team."""
    columns = generate_accounts(20_000, 11, today)
    rng = np.random.default_rng(11)
    columns["arr"] = np.round(rng.lognormal(np.log(1_200), 0.35, 20_000), -1)
    columns["previous_arr"] = np.round(columns["arr"] * rng.uniform(0.8, 1.1, 20_000), -1)
    columns["implementation_weeks"] = np.full(20_000, 0.0)
    columns["complexity"] = np.array(["low"] * 20_000, dtype=object)
    columns["segment"] = np.array(["smb"] * 20_000, dtype=object)
    columns["tickets_per_month"] = np.round(rng.exponential(0.15, 20_000), 2)
    text = """
[company]
name = "Selfserve Co"
gross_margin = 0.8
growth_motion = "product_led"
product_complexity = "low"
automation_maturity = "mature"
[team]
csm_tech_touch = 2
support_engineer = 4
cs_ops = 1
manager = 1
"""
    return _hand_shaped(columns, text, "PLG 20,000 × $1.2K")


def _enterprise(today: dt.date) -> tuple[Any, Any, str]:
    """150 enterprise accounts, $150K–$1.5M, complex product."""
    columns = generate_accounts(150, 13, today)
    rng = np.random.default_rng(13)
    columns["arr"] = np.round(np.exp(rng.uniform(np.log(150_000), np.log(1_500_000), 150)), -3)
    columns["segment"] = np.array(["enterprise"] * 150, dtype=object)
    text = """
[company]
name = "Bigdeal Inc"
gross_margin = 0.72
growth_motion = "sales_led"
product_complexity = "high"
[team]
csm_high_touch = 9
implementation_specialist = 2
support_engineer = 2
manager = 1
"""
    return _hand_shaped(columns, text, "enterprise 150")


def measure(today: dt.date) -> list[dict[str, Any]]:
    books = [_sample(n, today) for n in SIZES] + [_plg(today), _enterprise(today)]
    rows = []
    for book, company, label in books:
        try:
            result = run_plan(book, company, today=today).result
        except ZeroDivisionError as exc:  # postsale before issue 10 on 0-week implementations
            rows.append({"book": label, "error": f"crash: {type(exc).__name__}"})
            continue
        data = result.to_dict()
        econ = data["economics"]
        rows.append({
            "book": label,
            "customers": result.customers,
            "arr": result.arr,
            "current_people": data["headcount"]["current"]["total"],
            "current_share": econ.get("current_team_cost_share_of_revenue"),
            "team_share": econ["team_cost_share_of_revenue"],
            "people": data["headcount"]["required"]["total"],
            "share": econ.get("full_cost_share_of_revenue", econ["team_cost_share_of_revenue"]),
            "needed_people": (data.get("funding") or {}).get("needed_headcount", {}).get("total"),
            "needed_share": (data.get("funding") or {}).get("needed_share"),
            "status": (data.get("funding") or {}).get("status"),
            "budget_share": (econ.get("budget") or {}).get("share"),
            "margin_check": econ["gross_margin_check"],
            "warnings": sorted({w["code"] for w in data["warnings"]}),
        })
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", default="2026-12-04")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    rows = measure(dt.date.fromisoformat(args.today))
    print(f"{'book':<22}{'customers':>10}{'ARR':>12}{'now':>6}{'now %':>8}{'need':>6}{'need %':>8}"
          f"{'plan':>6}{'plan %':>8}{'budget':>8}  status         margin   warnings")
    for r in rows:
        if "error" in r:
            print(f"{r['book']:<22}{r['error']}")
            continue

        def pct(x: float | None) -> str:
            return f"{x:.1%}" if x is not None else "—"
        print(f"{r['book']:<22}{r['customers']:>10,}{r['arr'] / 1e6:>11.2f}M{r['current_people']:>6}"
              f"{pct(r['current_share']):>8}{r['needed_people'] or '—':>6}{pct(r['needed_share']):>8}"
              f"{r['people']:>6}{pct(r['share']):>8}{pct(r['budget_share']):>8}  "
              f"{r['status'] or '—':<14} {r['margin_check']:<8} {', '.join(r['warnings'])}")
    shares = [r["share"] for r in rows if "share" in r]
    print(f"median plan cost share {np.median(shares):.1%}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=1)


if __name__ == "__main__":
    main()
