"""The measured arrival profile and the queue trigger end to end through the CLI (``--tickets``):
a ticket export whose tickets all arrive on Monday 09:00–10:00 moves an 8×5 chat desk's peak to
that hour; the support block says which profile it used; the trigger and the projection's support
hires speak the queue model's capacity."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from postsale.benchmarks import default_benchmarks
from postsale.cli import app
from postsale.core.support.erlang import minimum_agents
from postsale.core.support.queue import weekly_volume

runner = CliRunner()
TODAY = "2026-06-01"
CHAT = '[company]\nname = "Queue Co"\n\n[team]\nsupport_engineer = 1\n\n' \
       '[support.channels.chat]\nkind = "chat"\nhours = "8x5"\n'


def _files(tmp: Path, tickets: int = 1200) -> tuple[Path, Path]:
    accounts = tmp / "accounts.csv"
    accounts.write_text("account_id,arr,segment\n" + "".join(
        f"A{i},{20000 + 1000 * i},mid_market\n" for i in range(40)), encoding="utf-8")
    mondays = [dt.date(2026, 1, 5) + dt.timedelta(weeks=w) for w in range(21)]  # to 2026-05-25
    rows = [f"{k},A{k % 40},{mondays[k % 21].isoformat()} 09:{k % 60:02d},solved"
            for k in range(tickets)]
    export = tmp / "tickets.csv"
    export.write_text("Ticket ID,Organization ID,Created at,Status\n" + "\n".join(rows) + "\n",
                      encoding="utf-8")
    return accounts, export


def _run(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--today", TODAY])
    assert result.exit_code == 0, result.output
    return result.stdout


def _plan(accounts: Path, company: Path, export: Path, fmt: str = "json") -> Any:
    out = _run("plan", str(accounts), "--company", str(company), "--tickets", str(export),
               "--format", fmt)
    return json.loads(out) if fmt == "json" else out


def _company(tmp: Path, extra: str = "") -> Path:
    path = tmp / "company.toml"
    path.write_text(CHAT + extra, encoding="utf-8")
    return path


def test_monday_morning_tickets_set_the_chat_desks_peak(tmp_path: Path) -> None:
    accounts, export = _files(tmp_path)
    plan = _plan(accounts, _company(tmp_path), export)
    support = plan["headcount"]["support"]
    profile = support["arrival_profile"]
    assert profile["source"] == "measured"
    assert profile["tickets"] == 1200
    assert (profile["busiest_day"], profile["busiest_hour"]) == (0, 9)
    assert profile["busiest_hour_share"] == 1.0
    assert (profile["window_start"], profile["window_end"]) == ("2026-01-05", "2026-05-25")
    assert profile["file"] == str(export)
    assert len(profile["weights"]) == 168
    # the whole week's volume in one hour: Erlang C's minimum for it, one person elsewhere
    b = default_benchmarks()
    week = float(weekly_volume(support["tickets_per_day"], b))
    handle = b.value("support.chat.handle_minutes") / b.value("support.chat.concurrency")
    peak = minimum_agents(week * handle / 60.0, b.value("support.chat.service_level"),
                          b.value("support.chat.answer_seconds") / 60.0, handle,
                          b.value("support.max_occupancy")).agents
    desk = support["channels"][0]["desks"][0]
    assert desk["agents_by_hour"][9] == desk["peak_agents"] == peak
    assert [a for h, a in enumerate(desk["agents_by_hour"]) if h != 9 and a] == [1] * 39
    assert plan["headcount"]["required"]["support_engineer"] == support["headcount"]

    # the same export below the threshold keeps the default and says why
    few = _plan(accounts, _company(tmp_path, "\n[benchmarks]\n"
                                   '"support.profile.min_tickets" = 5000\n'), export)
    kept = few["headcount"]["support"]
    assert kept["arrival_profile"]["source"] == "default"
    assert kept["arrival_profile"]["reason"] == "too_few_tickets"
    assert kept["channels"][0]["desks"][0]["peak_agents"] < peak
    assert kept["tickets_per_day"] == support["tickets_per_day"]  # same volume, other profile

    text = " ".join(_plan(accounts, _company(tmp_path), export, "text").split())
    assert "When tickets arrive: measured from 1,200 tickets in" in text
    assert "busiest hour Mon 09:00–10:00 (100.0% of the week's tickets)" in text
    html = _plan(accounts, _company(tmp_path), export, "html")
    assert "measured from 1,200 tickets" in html


def test_the_company_files_profile_wins_over_the_export(tmp_path: Path) -> None:
    accounts, export = _files(tmp_path)
    rows = ", ".join("[" + ", ".join("1" if d < 5 and 9 <= h < 17 else "0" for h in range(24)) + "]"
                     for d in range(7))
    plan = _plan(accounts, _company(tmp_path, f"\n[support]\narrival_profile = [{rows}]\n"),
                 export)
    profile = plan["headcount"]["support"]["arrival_profile"]
    assert profile["source"] == "company_file"
    assert profile["business_hours_share"] == pytest.approx(1.0)
    assert profile["busiest_hour_share"] == pytest.approx(1 / 40)


def test_a_bad_profile_or_time_zone_exits_2(tmp_path: Path) -> None:
    accounts, export = _files(tmp_path, 10)
    for body, key in (("arrival_profile = [[1, 2]]", "support.arrival_profile"),
                      ('timezone = "Europe/Atlantis"', "support.timezone")):
        company = _company(tmp_path, f"\n[support]\n{body}\n")
        result = runner.invoke(app, ["plan", str(accounts), "--company", str(company),
                                     "--tickets", str(export)])
        assert result.exit_code == 2, result.output
        assert key in result.stderr
        assert "Traceback" not in result.output


def test_the_trigger_and_the_projection_use_the_queues_capacity(tmp_path: Path) -> None:
    accounts, export = _files(tmp_path)
    plan = _plan(accounts, _company(tmp_path), export)
    support = plan["headcount"]["support"]
    trigger = next(t for t in plan["triggers"] if t["key"] == "support_sla_capacity")
    assert all(t["key"] != "support_tickets_per_engineer_per_day" for t in plan["triggers"])
    assert trigger["fired"] is (support["headcount"] > 1)
    assert trigger["measured"] == pytest.approx(support["tickets_per_day"])
    assert trigger["threshold"] < trigger["measured"]
    assert f"hire {support['headcount'] - 1}" in trigger["message"]

    grow = "\n[[growth]]\nmonths = 12\ncustomers = 120\n"
    project = json.loads(_run("project", str(accounts), "--company", str(_company(tmp_path, grow)),
                              "--tickets", str(export), "--format", "json", "--paths", "20",
                              "--months", "36"))
    grown = [h for h in project["hires"] if h["role"] == "support_engineer"
             and "queue model" in h["trigger"]]
    assert grown, ([m["required"]["support_engineer"] for m in project["months"]],
                   [h["trigger"] for h in project["hires"]])
    for hire in grown:  # "X tickets a day in <month>: past the Y a day N support engineers hold"
        found = re.search(r"([\d,.]+) tickets a day in .*: past the ([\d,.]+) a day (\d+) support",
                          hire["trigger"])
        assert found, hire["trigger"]
        tickets, held = (float(found.group(i).replace(",", "")) for i in (1, 2))
        assert tickets > held
        if int(found.group(3)) == support["headcount"]:  # the plan's team: the same capacity
            assert held == pytest.approx(support["capacity_tickets_per_day"], abs=0.05)
