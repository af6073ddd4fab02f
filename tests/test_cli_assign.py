"""``postsale assign`` end to end through Typer's runner (issue 4, C7)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from postsale.cli import app
from postsale.sample import write_sample

runner = CliRunner()
TODAY = "2026-11-25"
HEADER = ["account_id", "owner_id", "owner_name", "previous_owner", "moved", "reason",
          "violations"]
TEAM_HEADER = "person_id,name,role,tiers,region,languages,timezone,capacity,start_date"


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("sample")
    return write_sample(out, 400, 11, dt.date.fromisoformat(TODAY))


def invoke(*args: str | Path) -> Any:
    return runner.invoke(app, ["assign", *(str(a) for a in args), "--today", TODAY])


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == HEADER
        return list(reader)


def account_ids(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return [r["account_id"] for r in csv.DictReader(f)]


def with_owners(accounts: Path, owners: list[dict[str, str]], out: Path) -> Path:
    """The account file with its ``owner`` column set from an owners file."""
    by_id = {r["account_id"]: r["owner_id"] for r in owners}
    with accounts.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields = list(reader.fieldnames or [])
        data = list(reader)
    for r in data:
        r["owner"] = by_id[r["account_id"]]
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fields)
        writer.writeheader()
        writer.writerows(data)
    return out


def test_owners_file_has_every_account_exactly_once(company: tuple[Path, Path],
                                                    tmp_path: Path) -> None:
    accounts, company_file = company
    out = tmp_path / "owners.csv"
    result = invoke(accounts, "--company", company_file, "--out", out)
    assert result.exit_code == 0, result.output
    owners = rows(out)
    ids = [r["account_id"] for r in owners]
    assert ids == account_ids(accounts)
    assert len(set(ids)) == len(ids) == 400
    assert all(r["owner_id"] and r["owner_name"] for r in owners)
    assert {r["moved"] for r in owners} == {"false"}
    assert "Books" in result.stdout
    assert "round robin" in result.stdout
    assert "Open requisition" in owners[0]["owner_name"]


def test_a_rerun_with_the_produced_owners_moves_nothing(company: tuple[Path, Path],
                                                        tmp_path: Path) -> None:
    accounts, company_file = company
    first = tmp_path / "first.csv"
    assert invoke(accounts, "-c", company_file, "--out", first).exit_code == 0
    owned = with_owners(accounts, rows(first), tmp_path / "accounts_owned.csv")
    second = tmp_path / "second.csv"
    result = invoke(owned, "-c", company_file, "--out", second, "--format", "json")
    assert result.exit_code == 0, result.output
    again = rows(second)
    assert [r["owner_id"] for r in again] == [r["owner_id"] for r in rows(first)]
    assert {r["moved"] for r in again} == {"false"}
    assert all(r["previous_owner"] == r["owner_id"] for r in again)
    summary = json.loads(result.stdout)
    assert summary["diff"]["moves"] == 0
    assert summary["diff"]["kept"] == 400


def test_json_summary(company: tuple[Path, Path], tmp_path: Path) -> None:
    accounts, company_file = company
    summary_path = tmp_path / "summary.json"
    result = invoke(accounts, "-c", company_file, "--out", tmp_path / "o.csv", "--format", "json",
                    "--summary-out", summary_path)
    assert result.exit_code == 0, result.output
    data = json.loads(summary_path.read_text(encoding="utf-8"))
    assert {"as_of", "accounts", "roster", "rules", "weights", "people", "pools", "diff",
            "imbalance", "violations", "explanations", "capacity_note"} <= data.keys()
    assert data["accounts"] == 400
    person = data["people"][0]
    assert {"person_id", "name", "role", "tiers", "accounts", "arr", "load", "capacity",
            "languages", "book_languages", "missing_languages", "timezone_spread_hours",
            "moves_in", "moves_out"} <= person.keys()
    assert sum(p["accounts"] for p in data["people"]) == 400
    imbalance = data["imbalance"]
    for side in ("postsale", "round_robin"):
        assert {"max_load", "max_over_balanced", "max_over_lower_bound"} <= imbalance[side].keys()
    assert imbalance["postsale"]["max_load"] <= imbalance["round_robin"]["max_load"] + 1e-9
    assert {"moves", "kept", "new", "by_reason", "people"} <= data["diff"].keys()
    assert data["rules"]["lock_days"] == 60
    assert data["rules"]["tolerance"] == 0.05


def test_pooled_tiers(company: tuple[Path, Path], tmp_path: Path) -> None:
    accounts, company_file = company
    pooled = tmp_path / "pooled.toml"
    # a generous budget: the needed plan, no lever moving accounts between tiers (issue 10)
    pooled.write_text(company_file.read_text(encoding="utf-8").replace(
        "[company]\n", '[company]\npooled_tiers = ["tech_touch"]\n', 1)
        + "\n[budget]\nshare = 1.0\n", encoding="utf-8")
    plan = runner.invoke(app, ["plan", str(accounts), "-c", str(pooled), "--format", "json",
                               "--today", TODAY])
    tech = json.loads(plan.stdout)["headcount"]["roles"]["csm_tech_touch"]
    # fungible seats (issue 10): the tier's 6 at-risk accounts ÷ 60 = 0.1 FTE get no seat of their
    # own in the plan (the high- and low-touch remainders take the pooled seats) …
    assert (tech["required"], tech["workload_fte"]) == (0, 0.1)
    out = tmp_path / "owners.csv"
    result = invoke(accounts, "-c", pooled, "--out", out, "--format", "json")
    assert result.exit_code == 0, result.output
    owners = rows(out)
    pool = [r for r in owners if r["owner_id"] == "pool:tech_touch"]
    assert len(pool) == 218
    # … but a pool serving 218 accounts is never a pool of no one: at least one CSM
    assert {r["owner_name"] for r in pool} == {"Tech touch pool (1 CSM)"}
    assert all(r["reason"] == "pooled tier: served by the pool" for r in pool)
    assert not any(r["owner_id"].startswith("csm_tech_touch") for r in owners)
    data = json.loads(result.stdout)
    assert (data["pools"][0]["tier"], data["pools"][0]["csms"]) == ("tech_touch", 1)
    assert data["pools"][0]["accounts"] == len(pool)


def write_team(path: Path, *lines: str) -> Path:
    path.write_text("\n".join((TEAM_HEADER, *lines)) + "\n", encoding="utf-8")
    return path


def test_team_file_owners_and_spreadsheet_safety(company: tuple[Path, Path],
                                                 tmp_path: Path) -> None:
    accounts, company_file = company
    team = write_team(tmp_path / "team.csv",
                      "p1,=cmd,csm_high_touch,,,,,,",
                      "p2,+Ann,csm_high_touch,,,,,,",
                      "p3,@Bo,csm_low_touch,,,,,1,2026-10-01",
                      "p4,,csm_low_touch,,,,,,",
                      "p5,Dee,team_lead,low_touch;tech_touch,,,,0.3,",
                      "p6,Eve,csm_tech_touch,,,,,,",
                      "p7,Fay,manager,,,,,,")
    out = tmp_path / "owners.csv"
    result = invoke(accounts, "-c", company_file, "--team", team, "--out", out)
    assert result.exit_code == 0, result.output
    owners = rows(out)
    assert {r["owner_id"] for r in owners} <= {"p1", "p2", "p3", "p4", "p5", "p6"}
    names = {r["owner_id"]: r["owner_name"] for r in owners}
    assert names["p1"] == "'=cmd"
    assert names["p2"] == "'+Ann"
    assert names.get("p3", "'@Bo") == "'@Bo"
    assert names["p4"] == "Open requisition p4"
    assert "ramping" in result.stdout
    assert "carries 50% of capacity" in result.stdout
    assert "Fay (manager)" in result.stdout


def test_spreadsheet_safe_account_ids_and_previous_owners(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("account_id,arr,owner\n=HYPERLINK(1),30000,-x\nA2,30000,\n",
                        encoding="utf-8")
    out = tmp_path / "owners.csv"
    result = invoke(accounts, "--out", out)
    assert result.exit_code == 0, result.output
    first = rows(out)[0]
    assert first["account_id"] == "'=HYPERLINK(1)"
    assert first["previous_owner"] == "'-x"
    assert first["moved"] == "true"


def language_book(tmp_path: Path) -> tuple[Path, Path]:
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("account_id,arr,language\n" + "".join(
        f"A{i},30000,{'Japanese' if i < 3 else 'English'}\n" for i in range(12)),
        encoding="utf-8")
    team = write_team(tmp_path / "team.csv", "p1,Ana,csm_low_touch,,,English,,,",
                      "p2,Ben,csm_low_touch,,,English,,,")
    return accounts, team


def test_a_missing_language_is_explained_and_strict_fails(tmp_path: Path) -> None:
    accounts, team = language_book(tmp_path)
    out = tmp_path / "owners.csv"
    strict = invoke(accounts, "--team", team, "--out", out, "--strict")
    assert strict.exit_code == 2
    assert "Japanese" in strict.output
    assert not out.exists()
    relaxed = invoke(accounts, "--team", team, "--out", out)
    assert relaxed.exit_code == 0, relaxed.output
    text = re.sub(r"\s+", " ", relaxed.stdout)
    assert "3 Japanese-speaking low-touch accounts: no Japanese-speaking low-touch CSM" in text
    assert "open a requisition or relax the language rule" in text
    japanese = [r for r in rows(out) if r["account_id"] in ("A0", "A1", "A2")]
    assert all("language" in r["violations"] for r in japanese)


def test_a_missing_tier_fails_strict(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("account_id,arr\nA1,300000\nA2,30000\nA3,3000\n", encoding="utf-8")
    team = write_team(tmp_path / "team.csv", "p1,Ana,csm_low_touch,,,,,,")
    out = tmp_path / "owners.csv"
    strict = invoke(accounts, "--team", team, "--out", out, "--strict")
    assert strict.exit_code == 2
    assert "open a requisition for that tier" in re.sub(r"\s+", " ", strict.output)
    assert not out.exists()
    ok = invoke(accounts, "--team", team, "--out", out)
    assert ok.exit_code == 0
    assert "open a requisition for that tier" in re.sub(r"\s+", " ", ok.stdout)
    assert {r["owner_id"] for r in rows(out)} == {"p1"}


def test_demo(tmp_path: Path) -> None:
    out = tmp_path / "owners.csv"
    result = invoke("--demo", "--out", out)
    assert result.exit_code == 0, result.output
    assert len(rows(out)) == 300


@pytest.mark.parametrize("args", [
    ["--demo"],  # no --out
    ["--out", "x.csv"],  # neither ACCOUNTS nor --demo
    ["--demo", "--out", "x.csv", "--tolerance", "1.5"],
])
def test_option_errors_exit_2(args: list[str]) -> None:
    result = runner.invoke(app, ["assign", *args])
    assert result.exit_code == 2, result.output
    assert "error:" in result.output


def test_a_bad_team_file_writes_nothing(company: tuple[Path, Path], tmp_path: Path) -> None:
    accounts, _ = company
    team = write_team(tmp_path / "team.csv", "p1,Ana,csm_low_touch,,,,Mars/Base,abc,")
    out = tmp_path / "owners.csv"
    result = invoke(accounts, "--team", team, "--out", out)
    assert result.exit_code == 2
    assert "row 2, column 'timezone'" in result.output
    assert "row 2, column 'capacity'" in result.output
    assert not out.exists()


def test_text_summary_to_a_file(tmp_path: Path) -> None:
    summary = tmp_path / "summary.txt"
    result = invoke("--demo", "--out", tmp_path / "o.csv", "--summary-out", summary)
    assert result.exit_code == 0, result.output
    text = summary.read_text(encoding="utf-8")
    assert "Books" in text
    assert "Balance" in text
    assert "round robin" in text


def test_python_api(company: tuple[Path, Path], tmp_path: Path) -> None:
    from postsale.api import assign

    accounts, company_file = company
    team = write_team(tmp_path / "team.csv", "p1,Ana,csm_high_touch,,Europe,,,,",
                      "p2,Ben,csm_low_touch,,,,,,", "p3,Cy,csm_tech_touch,,,,,,")
    run = assign(accounts, company_file, team=team, today=dt.date.fromisoformat(TODAY))
    columns = run.owner_columns()
    assert len(columns["account_id"]) == 400
    assert set(columns["owner_id"]) <= {"p1", "p2", "p3"}
    assert any("'Europe' in the roster matches no account" in n for n in run.notes)
    assert run.to_dict()["roster"]["people"] == 3


def test_demand_over_capacity_fails_strict_only(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("account_id,arr\n" + "".join(f"A{i},30000\n" for i in range(20)),
                        encoding="utf-8")
    team = write_team(tmp_path / "team.csv", "p1,Ana,csm_low_touch,,,,,0.1,")
    out = tmp_path / "owners.csv"
    strict = invoke(accounts, "--team", team, "--out", out, "--strict")
    assert strict.exit_code == 2
    assert "demand exceeds capacity" in strict.output
    assert not out.exists()
    ok = invoke(accounts, "--team", team, "--out", out)
    assert ok.exit_code == 0
    assert "Capacity: demand exceeds capacity" in re.sub(r"\s+", " ", ok.stdout)
