"""Money and percentages through Babel (issue 11 item 3): the company currency's own symbol."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from postsale.cli import app
from postsale.report import fmt


@pytest.mark.parametrize(("value", "currency", "expected"), [
    (1_200_000, "USD", "$1.20M"), (-1_234_567, "USD", "-$1.23M"), (30_000, "USD", "$30K"),
    (950, "USD", "$950"), (394_000, "EUR", "€394K"), (2_500_000, "GBP", "£2.50M"),
    (30_000, "CHF", "CHF 30K"), (12_000, "JPY", "¥12K"), (None, "USD", "—"),
    (8_504_880_000, "USD", "$8.50B"), (999_999_999, "USD", "$1.00B"), (999_600, "USD", "$1.00M"),
    (999_400, "USD", "$999K"),
])
def test_compact_money_in_the_currency_symbol(value: float | None, currency: str,
                                              expected: str) -> None:
    assert fmt.money(value, currency) == expected


def test_amounts_and_percentages() -> None:
    assert fmt.amount(13_300, "USD") == "$13,300"
    assert fmt.amount(-13_300.4, "EUR") == "-€13,300"
    assert fmt.percent(0.153) == "15.3%"
    assert fmt.percent(0.1, 0) == "10%"
    assert fmt.number(12_345.678, 1) == "12,345.7"


def test_plan_text_and_html_show_the_company_currency(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("account_id,arr\nA1,100000\nA2,294000\n", encoding="utf-8")
    company = tmp_path / "company.toml"
    company.write_text('[company]\ncurrency = "EUR"\n', encoding="utf-8")
    runner = CliRunner()
    text = runner.invoke(app, ["plan", str(accounts), "-c", str(company), "--today", "2026-11-25"])
    assert text.exit_code == 0, text.output
    assert "2 customers, €394K ARR" in text.stdout
    page = tmp_path / "plan.html"
    html = runner.invoke(app, ["plan", str(accounts), "-c", str(company), "--today", "2026-11-25",
                               "--format", "html", "--out", str(page)])
    assert html.exit_code == 0, html.output
    assert "€394K" in page.read_text(encoding="utf-8")
    plan = runner.invoke(app, ["plan", str(accounts), "-c", str(company), "--today", "2026-11-25",
                               "--format", "json"])
    assert json.loads(plan.stdout)["currency"] == "EUR"
