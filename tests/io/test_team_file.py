"""Importing the team file (issue 4): roster columns, tier rules, ramp, and every kind of bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from postsale.errors import InputError
from postsale.io.team_file import load_team, ramp_factor, read_team

TODAY = dt.date(2026, 11, 25)
HEADER = "person_id,name,role,tiers,region,languages,timezone,capacity,start_date"


def write(tmp_path: Path, *rows: str, header: str = HEADER, name: str = "team.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join((header, *rows)) + "\n", encoding="utf-8")
    return path


def problems(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        read_team(path, TODAY)
    return info.value


def where(err: InputError) -> list[tuple[int | None, str | None]]:
    return [(p.row, p.column) for p in err.problems]


def test_a_full_team_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "p1,Ana Souza,csm_high_touch,,Americas,English;Portuguese,America/Sao_Paulo,1,2023-04-01",
        "p2,Ben Ito,csm_low_touch,low_touch;tech_touch,APAC,English,Asia/Tokyo,0.8,",
        "p3,,csm_tech_touch,,,,,,",
        "p4,Dana Levi,team_lead,low_touch,EMEA,English,Europe/London,0.3,",
        "p5,Eli Stone,manager,,EMEA,English,Europe/London,,",
    )
    loaded = read_team(path, TODAY)
    roster = loaded.roster
    assert roster.person_id == ("p1", "p2", "p3", "p4")  # the manager owns no accounts
    assert roster.name == ("Ana Souza", "Ben Ito", None, "Dana Levi")
    assert str(roster.label(2)) == "Open requisition p3"
    assert roster.role == ("csm_high_touch", "csm_low_touch", "csm_tech_touch", "team_lead")
    assert roster.tiers.tolist() == [[True, False, False], [False, True, True],
                                     [False, False, True], [False, True, False]]
    assert roster.region == ("Americas", "APAC", None, "EMEA")
    assert roster.languages[0] == frozenset({"English", "Portuguese"})
    assert roster.languages[2] == frozenset()
    assert roster.timezone == ("America/Sao_Paulo", "Asia/Tokyo", None, "Europe/London")
    np.testing.assert_allclose(roster.capacity, [1.0, 0.8, 1.0, 0.3])
    assert loaded.non_owners == (("Eli Stone", "manager"),)
    assert any("Eli Stone (manager)" in note for note in loaded.summary_notes())
    assert load_team(path, TODAY).person_id == roster.person_id


def test_only_person_id_and_role_are_required(tmp_path: Path) -> None:
    roster = load_team(write(tmp_path, "a,csm_low_touch", "b,CSM Tech Touch",
                             header="Person ID,Role"), TODAY)
    assert roster.person_id == ("a", "b")
    assert roster.role == ("csm_low_touch", "csm_tech_touch")
    assert roster.name == (None, None)  # both open requisitions
    np.testing.assert_allclose(roster.capacity, [1.0, 1.0])


def test_semicolon_delimited_file_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text("\ufeffperson_id;name;role;languages\np1;Ana;csm_low_touch;\"English;French\"\n",
                    encoding="utf-8")
    roster = load_team(path, TODAY)
    assert roster.languages == (frozenset({"English", "French"}),)


@pytest.mark.parametrize(("start", "factor"), [
    (None, 1.0), (dt.date(2027, 1, 1), 0.25), (dt.date(2026, 11, 25), 0.25),
    (dt.date(2026, 10, 26), 0.25), (dt.date(2026, 10, 25), 0.5), (dt.date(2026, 9, 25), 0.75),
    (dt.date(2026, 8, 26), 0.75), (dt.date(2026, 8, 25), 1.0), (dt.date(2020, 1, 1), 1.0),
])
def test_ramp_factor(start: dt.date | None, factor: float) -> None:
    assert ramp_factor(start, TODAY) == factor


def test_ramping_hires_carry_part_of_their_capacity(tmp_path: Path) -> None:
    path = write(tmp_path,
                 "p1,Ana,csm_low_touch,,,,,1,2026-10-01",  # month 2: 50%
                 "p2,Ben,csm_low_touch,,,,,0.8,2027-02-01",  # not started yet: 25%
                 "p3,Cy,csm_low_touch,,,,,1,2024-01-01")
    loaded = read_team(path, TODAY)
    np.testing.assert_allclose(loaded.roster.capacity, [0.5, 0.2, 1.0])
    assert [(p.person_id, p.factor) for p in loaded.ramping] == [("p1", 0.5), ("p2", 0.25)]
    notes = loaded.summary_notes()
    assert any("Ana started 2026-10-01" in n and "50%" in n for n in notes)


def test_missing_required_columns(tmp_path: Path) -> None:
    err = problems(write(tmp_path, "Ana,English", header="name,languages"))
    assert where(err) == [(1, "person_id"), (1, "role")]
    assert "required column 'person_id' is missing" in str(err)


def test_duplicate_person_id_names_both_rows(tmp_path: Path) -> None:
    err = problems(write(tmp_path, "p1,Ana,csm_low_touch,,,,,,", "p1,Ben,csm_low_touch,,,,,,"))
    assert where(err) == [(3, "person_id")]
    assert "appears again (first on row 2)" in str(err.problems[0].problem)


def test_unknown_role_suggests_the_key(tmp_path: Path) -> None:
    err = problems(write(tmp_path, "p1,Ana,csm_low_tuch,,,,,,"))
    assert where(err) == [(2, "role")]
    assert "did you mean 'csm_low_touch'?" in str(err.problems[0].fix)


def test_unknown_tier(tmp_path: Path) -> None:
    err = problems(write(tmp_path, "p1,Ana,team_lead,low_touch;medium_touch,,,,,"))
    assert where(err) == [(2, "tiers")]
    assert "'medium_touch'" in str(err.problems[0].problem)


@pytest.mark.parametrize("capacity", ["abc", "0", "-1", "2.5"])
def test_bad_capacity(tmp_path: Path, capacity: str) -> None:
    err = problems(write(tmp_path, f"p1,Ana,csm_low_touch,,,,,{capacity},"))
    assert where(err) == [(2, "capacity")]


def test_bad_time_zone_suggests_an_iana_name(tmp_path: Path) -> None:
    err = problems(write(tmp_path, "p1,Ana,csm_low_touch,,,,Europe/Berlinn,,"))
    assert where(err) == [(2, "timezone")]
    assert "Europe/Berlin" in str(err.problems[0].fix)


def test_bad_start_date(tmp_path: Path) -> None:
    err = problems(write(tmp_path, "p1,Ana,csm_low_touch,,,,,,next spring"))
    assert where(err) == [(2, "start_date")]


def test_every_problem_is_listed_with_row_and_column(tmp_path: Path) -> None:
    err = problems(write(tmp_path,
                         "p1,Ana,csm_low_touch,,,,Mars/Base,,",
                         "p2,Ben,wizard,,,,,,",
                         "p2,Cy,csm_low_touch,,,,,3,",
                         ",Di,csm_low_touch,,,,,,2026-99-99"))
    assert where(err) == [(2, "timezone"), (3, "role"), (4, "person_id"), (4, "capacity"),
                          (5, "person_id"), (5, "start_date")]
    assert err.total == 6
    assert "team.csv, row 3, column 'role'" in str(err)


def test_problems_are_capped_at_twenty_with_the_total(tmp_path: Path) -> None:
    err = problems(write(tmp_path, *(f"p{i},X,nobody,,,,,," for i in range(25))))
    assert len(err.problems) == 20
    assert err.total == 25


def test_nobody_who_owns_accounts(tmp_path: Path) -> None:
    err = problems(write(tmp_path, "p1,Ana,manager,,,,,,"))
    assert "nobody in the team owns accounts" in str(err)


@pytest.mark.parametrize(("name", "text", "problem"), [
    ("team.csv", "", "empty"),
    ("team.csv", HEADER + "\n", "nobody in the team file"),
    ("team.xlsx", "x", "unknown file type"),
])
def test_unusable_files(tmp_path: Path, name: str, text: str, problem: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert problem in str(problems(path))


def test_missing_file(tmp_path: Path) -> None:
    assert "file not found" in str(problems(tmp_path / "nope.csv"))


def test_unknown_columns_are_noted_not_fatal(tmp_path: Path) -> None:
    loaded = read_team(write(tmp_path, "p1,csm_low_touch,x", header="person_id,role,langauges"),
                       TODAY)
    assert any("'langauges' ignored (did you mean 'languages'?)" in n for n in loaded.notes)
