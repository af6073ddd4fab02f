"""``advice.selection`` and ``advice.roadmap`` end to end: a company file with ``[market]`` and
``[roadmap]`` through the real CLI, and its validation (what, where, fix; exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from postsale.cli import app

runner = CliRunner()
TODAY = "2026-01-05"
COMPANY = """\
[company]
name = "S3 example"
product_complexity = "medium"

[market]
expectations = "mid_market"
competitors_service = "low_touch"
buyers_compare_service = true

[market.segments.enterprise]
expectations = "enterprise"
competitors_service = "high_touch"

[roadmap]
pilot_tier = "low_touch"

[[growth]]
months = 12
customers = 250
arr = 8000000

[[growth]]
months = 24
customers = 500
arr = 18000000
"""


def _files(tmp_path: Path, company: str = COMPANY) -> tuple[Path, Path]:
    accounts = tmp_path / "accounts.csv"
    rows = [f"A{i:03d},{30_000 if i < 90 else 150_000},{'mid_market' if i < 90 else 'enterprise'}"
            for i in range(100)]
    accounts.write_text("account_id,arr,segment\n" + "\n".join(rows) + "\n", encoding="utf-8")
    path = tmp_path / "company.toml"
    path.write_text(company, encoding="utf-8")
    return accounts, path


def test_plan_json_has_advice_selection_and_roadmap(tmp_path: Path) -> None:
    accounts, company = _files(tmp_path)
    result = runner.invoke(app, ["plan", str(accounts), "-c", str(company), "-f", "json",
                                 "--today", TODAY])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    selection, roadmap = data["advice"]["selection"], data["advice"]["roadmap"]
    assert [s["key"] for s in selection["steps"]] == [
        "unit_economics", "product_complexity", "customer_expectations", "competitive_dynamics",
        "scale_projection"]
    for step in selection["steps"]:
        assert {"step", "key", "inputs", "finding", "effect", "sentence"} <= step.keys()
        assert step["effect"] in ("keeps", "moves_up", "moves_down", "flags")
        assert all(i["origin"] for i in step["inputs"])
    expect = selection["steps"][2]
    origins = {i["name"]: (i["origin"], i["key"]) for i in expect["inputs"]}
    assert origins["enterprise expectations"] == (
        "company_file", "market.segments.enterprise.expectations")
    assert origins["mid-market expectations"] == ("company_file", "market.expectations")
    assert selection["recommendation"]["decided_by"] in {s["key"] for s in selection["steps"]}
    scale = selection["steps"][4]["finding"]["items"]
    assert [(h["figures"]["customers"], h["figures"]["all_high_touch_csms"]) for h in scale] == [
        (250, 21), (500, 42)]
    assert [p["start"] for p in roadmap["phases"]] == [
        "2026-01-05", "2026-02-02", "2026-03-30", "2026-07-05"]
    assert roadmap["phases"][3]["end"] is None
    assert roadmap["pilot"]["tier"] == "low_touch"
    assert roadmap["pilot"]["chosen_by"] == "company_file"
    assert roadmap["hires_total"] == data["headcount"]["hires"]["total"]
    assert {s["code"] for s in roadmap["exit_signals"]} == {
        "person_at_capacity", "onboarding_backlog", "renewals_over_capacity"}


def test_plan_text_and_html_show_both_sections(tmp_path: Path) -> None:
    accounts, company = _files(tmp_path)
    text = runner.invoke(app, ["plan", str(accounts), "-c", str(company), "--today", TODAY])
    assert text.exit_code == 0, text.output
    assert "Choosing the model (S3's five steps)" in text.stdout
    assert "Roadmap" in text.stdout
    assert "2026-02-02" in text.stdout
    html = runner.invoke(app, ["plan", str(accounts), "-c", str(company), "-f", "html",
                               "--today", TODAY])
    assert html.exit_code == 0
    assert "Choosing the model (S3&#39;s five steps)" in html.stdout
    assert "2026-03-30 → 2026-07-04" in html.stdout


@pytest.mark.parametrize(("section", "key", "fix"), [
    ('[market]\nexpectations = "startup"\n', "market.expectations", '"enterprise"'),
    ('[market]\nbuyers_compare_service = "yes"\n', "market.buyers_compare_service", "true"),
    ('[market.segments.midmarket]\nexpectations = "smb"\n', "market.segments.midmarket",
     "mid_market"),
    ('[market]\ncompetitor = "high_touch"\n', "market.competitor", "competitors_service"),
    ('[roadmap]\npilot_tier = "medium"\n', "roadmap.pilot_tier", "low_touch"),
    ('[benchmarks]\n"roadmap.rollout_end_months" = 5\n"roadmap.pilot_weeks" = 12\n'
     '"roadmap.design_weeks" = 12\n', "roadmap.rollout_end_months", "roadmap.rollout_end_months"),
])
def test_bad_market_and_roadmap_values_exit_2(tmp_path: Path, section: str, key: str,
                                              fix: str) -> None:
    accounts, company = _files(tmp_path, section)
    result = runner.invoke(app, ["plan", str(accounts), "-c", str(company), "--today", TODAY])
    assert result.exit_code == 2, result.output
    assert key in result.stderr
    assert fix in result.stderr
    assert "Traceback" not in result.output
