"""``[support.channels]`` end to end: plan (JSON, text, HTML), org and project through the CLI,
once through the installed ``postsale`` entry point; the support headcount is the queue model's
everywhere (plan = chart seats = projection month 0)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from postsale.cli import app

runner = CliRunner()
TODAY = "2026-06-01"
ZONES = ("America/New_York", "America/Chicago", "Europe/London", "Europe/Berlin", "Asia/Tokyo")


def _accounts(path: Path, tickets_per_month: float, n: int = 40) -> Path:
    rows = ["account_id,arr,segment,timezone,tickets_per_month"]
    for i in range(n):
        rows.append(f"A{i},{20000 + 1000 * i},mid_market,{ZONES[i % len(ZONES)]},"
                    f"{tickets_per_month / n:.6f}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _company(path: Path, body: str) -> Path:
    path.write_text('[company]\nname = "Queue Co"\n\n' + body, encoding="utf-8")
    return path


def _plan(accounts: Path, company: Path, fmt: str = "json") -> Any:
    result = runner.invoke(app, ["plan", str(accounts), "--company", str(company), "--today", TODAY,
                                 "--format", fmt])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if fmt == "json" else result.stdout


CHAT = '[support.channels.chat]\nkind = "chat"\nhours = "{hours}"\n'


@pytest.mark.parametrize(("hours", "people"), [("8x5", 2), ("24x7", 6)])
def test_three_tickets_a_day_staff_the_open_hours(tmp_path: Path, hours: str, people: int) -> None:
    """Issue 12: at 3 tickets a day the ratio model staffs nobody; an open chat needs someone
    every open hour (2 people for 8×5, 6 for 24×7 with 30% shrinkage)."""
    accounts = _accounts(tmp_path / "a.csv", 3 * 21.7)
    ratio = _plan(accounts, _company(tmp_path / "ratio.toml", ""))
    assert ratio["headcount"]["required"]["support_engineer"] == 0
    assert ratio["headcount"]["support"] is None
    plan = _plan(accounts, _company(tmp_path / "c.toml", CHAT.format(hours=hours)))
    support = plan["headcount"]["support"]
    assert support["headcount"] == people
    assert plan["headcount"]["required"]["support_engineer"] == people
    assert plan["headcount"]["roles"]["support_engineer"]["formula"].startswith("queue model")
    assert support["tickets_per_day"] == pytest.approx(3.0)
    desk = support["channels"][0]["desks"][0]
    assert len(desk["agents_by_hour"]) == 168
    assert desk["minimum_staffed_hours"] == desk["open_hours_per_week"]
    assert 0 <= desk["occupancy"] < 1
    assert 0.8 <= desk["service_level"] <= 1


BODY = """[support.channels.chat]
kind = "chat"
share = 0.5

[support.channels.phone]
kind = "phone"
hours = "follow_the_sun"
share = 0.2

[support.channels.email]
kind = "email"
resolution_hours = 8
share = 0.3

[support]
premium_24x7 = { price = 4000, adoption = 0.1 }
"""


def test_plan_org_and_project_agree_on_the_queue_model(tmp_path: Path) -> None:
    accounts = _accounts(tmp_path / "a.csv", 40 * 21.7)
    company = _company(tmp_path / "c.toml", BODY)
    plan = _plan(accounts, company)
    support = plan["headcount"]["support"]
    people = plan["headcount"]["required"]["support_engineer"]
    assert people == support["headcount"] >= 1
    assert [c["model"] for c in support["channels"]] == ["erlang_c", "erlang_c", "backlog"]
    phone = support["channels"][1]
    assert [d["hub"] for d in phone["desks"]] == ["americas", "emea", "apac"]
    assert support["hubs_source"] == "time_zones"
    assert [d["share"] for d in phone["desks"]] == pytest.approx([0.4, 0.4, 0.2])
    premium = support["premium_24x7"]
    assert premium["customers"] == 4
    assert premium["revenue"] == 16000
    assert premium["extra_headcount"] >= 1
    assert support["capacity_tickets_per_day"] >= support["tickets_per_day"]
    assert "SLA starts slipping" in support["trigger"]

    org = runner.invoke(app, ["org", str(accounts), "--company", str(company), "--today", TODAY,
                              "--format", "json"])
    assert org.exit_code == 0, org.output
    data = json.loads(org.stdout)
    assert data["charts"][data["recommended"]]["headcount"]["support_engineer"] == \
        plan["headcount"]["required"]["support_engineer"]
    project = runner.invoke(app, ["project", str(accounts), "--company", str(company), "--today",
                                  TODAY, "--format", "json", "--paths", "20", "--months", "6"])
    assert project.exit_code == 0, project.output
    months = json.loads(project.stdout)["months"]
    assert months[0]["required"]["support_engineer"] == \
        plan["headcount"]["role_based"]["support_engineer"]


def test_text_and_html_show_the_support_block(tmp_path: Path) -> None:
    accounts = _accounts(tmp_path / "a.csv", 40 * 21.7)
    company = _company(tmp_path / "c.toml", BODY)
    text = _plan(accounts, company, "text")
    assert "Support staffing by queue" in text
    assert "premium 24×7" in text
    assert "SLA starts slipping" in text
    html = _plan(accounts, company, "html")
    assert 'id="support"' in html
    assert "Support staffing by queue" in html


def test_a_bad_channel_exits_2_with_key_and_fix(tmp_path: Path) -> None:
    accounts = _accounts(tmp_path / "a.csv", 100)
    company = _company(tmp_path / "c.toml", '[support.channels.chat]\nkind = "chat"\n'
                       'resolution_hours = 4\n')
    result = runner.invoke(app, ["plan", str(accounts), "--company", str(company)])
    assert result.exit_code == 2
    assert "support.channels.chat.resolution_hours" in result.stderr
    assert "answer_seconds" in result.stderr
    assert "Traceback" not in result.output


def test_channels_without_ticket_volume_keep_the_ratio_and_say_why(tmp_path: Path) -> None:
    accounts = tmp_path / "a.csv"
    accounts.write_text("account_id,arr\nA,1000\nB,2000\n", encoding="utf-8")
    plan = _plan(accounts, _company(tmp_path / "c.toml", CHAT.format(hours="8x5")))
    assert plan["headcount"]["support"] is None
    assert "needs a ticket volume" in plan["headcount"]["roles"]["support_engineer"]["formula"]
    volumes = _plan(accounts, _company(tmp_path / "v.toml", CHAT.format(hours="8x5")
                                       + "tickets_per_day = 12\n"))
    assert volumes["headcount"]["support"]["volume_source"] == "company_file"
    assert volumes["headcount"]["support"]["tickets_per_day"] == 12


def test_installed_entry_point(tmp_path: Path) -> None:
    local = Path(sys.executable).parent / "postsale"
    exe = str(local) if local.exists() else shutil.which("postsale")
    assert exe, "the postsale console script is not installed"
    accounts = _accounts(tmp_path / "a.csv", 3 * 21.7)
    company = _company(tmp_path / "c.toml", CHAT.format(hours="8x5"))
    done = subprocess.run([exe, "plan", str(accounts), "--company", str(company), "--today", TODAY,
                           "--format", "json"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["headcount"]["support"]["headcount"] == 2
