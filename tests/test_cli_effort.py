"""End to end: ``[headcount] sizing = "effort"`` and a ``[catalogue…]`` override through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from postsale.cli import app
from postsale.keys import ROLE_KEYS

runner = CliRunner()
TODAY = "2026-11-25"
EFFORT = """
[headcount]
sizing = "effort"

[catalogue.high_touch.weekly_check_in]
frequency = 26

[catalogue.low_touch.office_hours]
label = "Office hours"
mode = "online_1n"
per = "programme"
owner = "csm"
frequency = 24
hours = 1.5
audience = 40
"""


def _sample(tmp_path: Path, extra: str) -> tuple[Path, Path]:
    result = runner.invoke(app, ["sample", "--out", str(tmp_path), "--customers", "400",
                                 "--today", TODAY])
    assert result.exit_code == 0, result.output
    company = tmp_path / "company.toml"
    company.write_text(company.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return tmp_path / "accounts.csv", company


def test_effort_sizing_with_a_catalogue_override_sizes_the_plan(tmp_path: Path) -> None:
    accounts, company = _sample(tmp_path, EFFORT)
    result = runner.invoke(app, ["plan", str(accounts), "--company", str(company), "--today",
                                 TODAY, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    headcount = data["headcount"]
    effort = headcount["effort"]
    assert effort["sizing"] == "effort"
    assert set(headcount["effort_based"]) == {str(r) for r in ROLE_KEYS} | {"total"}
    assert headcount["role_based"] == headcount["effort_based"]
    assert effort["ratio_based"]["total"] == sum(
        v for k, v in effort["ratio_based"].items() if k != "total")
    high = effort["tiers"]["high_touch"]
    assert high["csm_hours_per_account"] == 92.0  # 105 h less 26 check-ins of 0.5 h
    office = next(m for m in effort["motions"] if m["motion"] == "office_hours")
    assert office["overridden"]
    assert office["mode"] == "online_1n"
    entries = data["benchmarks"]["entries"]
    assert entries["catalogue.high_touch.weekly_check_in.frequency"]["overridden"]
    assert entries["catalogue.high_touch.weekly_check_in.frequency"]["default"] == 52

    text = runner.invoke(app, ["plan", str(accounts), "--company", str(company), "--today", TODAY])
    assert text.exit_code == 0, text.output
    assert "effort model" in text.stdout
    assert "the plan is sized by effort" in text.stdout
    assert "92.0" in text.stdout


def test_the_html_plan_shows_the_effort_block(tmp_path: Path) -> None:
    accounts, company = _sample(tmp_path, EFFORT)
    out = tmp_path / "plan.html"
    result = runner.invoke(app, ["plan", str(accounts), "--company", str(company), "--today",
                                 TODAY, "--format", "html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert 'id="effort"' in page
    assert "Effort-based" in page
    assert "Ratio-based" in page


def test_a_bad_catalogue_table_exits_2_with_the_key_and_the_fix(tmp_path: Path) -> None:
    accounts, company = _sample(tmp_path, "\n[catalogue.low_touch.office_hours]\nhours = 1\n")
    result = runner.invoke(app, ["plan", str(accounts), "--company", str(company), "--today",
                                 TODAY])
    assert result.exit_code == 2
    assert "catalogue.low_touch.office_hours" in result.output
    assert "a new motion needs mode, per, owner, frequency" in result.output
