"""``postsale org --team``: the team file's people on the recommended chart's seats, end to end
through Typer's runner (JSON seat map, HTML box data, errors)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from postsale.cli import app

runner = CliRunner()
TODAY = "2026-11-25"
# The demo's recommended (specialist) chart: a Head of CS (role manager), 3 high-touch CSMs,
# 2 low-touch CSMs, 2 implementation specialists, a renewals specialist, a support engineer.
TEAM = ("person_id,name,role\n"
        "p1,Ana <b>Lima</b>,csm_high_touch\n"
        "p2,Bo Chen,csm_high_touch\n"
        "r1,,csm_high_touch\n"
        "p4,Chidi Obi,csm_low_touch\n"
        "p5,Dana Ruiz,manager\n"
        "p7,Fay Ito,csm_tech_touch\n")


def _team(tmp_path: Path) -> Path:
    path = tmp_path / "team.csv"
    path.write_text(TEAM, encoding="utf-8")
    return path


def test_json_maps_every_seat_to_a_person_or_an_open_requisition(tmp_path: Path) -> None:
    out = tmp_path / "org.json"
    result = runner.invoke(app, ["org", "--demo", "--today", TODAY, "-t", str(_team(tmp_path)),
                                 "-f", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    seating = data["seating"]
    assert seating["model"] == data["recommended"]
    seats = seating["seats"]
    assert len(seats) == data["charts"][data["recommended"]]["headcount"]["total"] == 10
    assert {s: p for s, p in seats.items() if p} == {
        "manager-1": "p5", "csm_high_touch-1": "p1", "csm_high_touch-2": "p2",
        "csm_low_touch-1": "p4"}
    assert seating["open"] == 10 - 4  # the blank-name row r1 is a requisition, not a person
    assert seating["unseated"] == ["p7"]  # the chart has no tech-touch seat


def test_html_puts_names_in_the_boxes_escaped(tmp_path: Path) -> None:
    out = tmp_path / "org.html"
    result = runner.invoke(app, ["org", "--demo", "--today", TODAY, "--team",
                                 str(_team(tmp_path)), "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<b>Lima" not in page
    assert "Ana \\u003cb\\u003eLima" in page  # script-safe JSON; the page escapes it to draw
    blob = re.search(r'<script type="application/json" id="boxes-specialist">(.*?)</script>',
                     page, re.S)
    assert blob is not None
    boxes = {b["id"]: b for b in json.loads(blob.group(1))["boxes"]}
    team = boxes["manager-1/team"]
    assert team["people"] == [["Ana <b>Lima</b>", "Enterprise CSM (high touch)"],
                              ["Bo Chen", "Enterprise CSM (high touch)"],
                              ["Chidi Obi", "CSM (low touch)"]]
    assert team["open"] == 9 - 3
    assert boxes["manager-1"]["people"] == [["Dana Ruiz", "Head of Customer Success"]]
    assert "4 of 10 seats filled from the team file, 6 open requisitions" in page
    assert "no seat of their role in this chart: Fay Ito" in page
    # other models show seats only
    other = re.search(r'<script type="application/json" id="boxes-generalist">(.*?)</script>',
                      page, re.S)
    assert other is not None
    assert json.loads(other.group(1))["people"] is False


def test_team_with_text_format_or_a_bad_file_exits_2(tmp_path: Path) -> None:
    team = _team(tmp_path)
    result = runner.invoke(app, ["org", "--demo", "--today", TODAY, "-t", str(team)])
    assert result.exit_code == 2
    assert "-f html" in result.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("person_id,name,role\np1,Ana,chief_vibes_officer\n", encoding="utf-8")
    result = runner.invoke(app, ["org", "--demo", "--today", TODAY, "-t", str(bad), "-f", "json"])
    assert result.exit_code == 2
    assert "unknown role key" in result.stderr
    assert "bad.csv" in result.stderr
