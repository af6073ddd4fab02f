"""An accounts file at line grain (issue 11): aggregated by the line rules, or an error that says
which rows disagree and how to choose."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from postsale.core.book import STATUS_KEYS
from postsale.errors import ConfigError, InputError
from postsale.io.read import LineGrain, read_accounts

EXPORTS = Path(__file__).resolve().parents[1] / "data" / "exports"
AS_OF = dt.date(2026, 12, 5)


def test_an_order_line_export_is_aggregated_by_the_active_line_rule() -> None:
    loaded = read_accounts(EXPORTS / "orders" / "order_lines.csv", grain=LineGrain(AS_OF))
    book = loaded.book
    assert book.account_id.tolist() == ["K1", "K2", "K3", "K4"]
    # K1: both lines run on 2026-12-05; K2: its last line ended 2026-05-31 (churned); K3: three
    # lines, the analytics one started 2026-09-01; K4 started 2026-10-01
    assert book.arr.tolist() == [25_000.0, 0.0, 84_000.0, 3_000.0]
    assert book.previous_arr.tolist() == [20_000.0, 4_500.0, 69_000.0, 0.0]
    assert book.renewal_date.astype(str).tolist() == ["2027-02-28", "NaT", "2026-12-31",
                                                      "2027-09-30"]
    assert book.start_date.astype(str).tolist() == ["2025-03-01", "2024-06-01", "2024-01-01",
                                                    "2026-10-01"]
    assert book.name.tolist() == ["Kilo Co", "Lima LLC", "Mike AG", "November Pty"]
    assert "previous_arr" in book.present
    note = {n.code: n.message for n in loaded.notes}["line_grain"]
    assert "8 rows for 4 accounts" in note
    assert "ARR = sum of the 6 recurring lines active on 2026-12-05" in note
    assert "the same on every line: name, region, segment" in note


def test_lines_without_their_own_dates_are_summed(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text("account_id,arr,region,health_score,renewal_date,tickets_per_month\n"
                    "A,100,EMEA,80,2027-01-01,2\nA,50,EMEA,40,2027-01-01,1\nB,70,NA,,2026-01-01,\n",
                    encoding="utf-8")
    book = read_accounts(path, grain=LineGrain(AS_OF)).book
    # one renewal date per account: an account attribute, not line ends — B is not churned
    assert book.arr.tolist() == [150.0, 70.0]
    assert book.health_score.tolist()[0] == 40.0  # the riskiest line
    assert book.tickets_per_month.tolist()[0] == 3.0
    assert book.renewal_date.astype(str).tolist() == ["2027-01-01", "2026-01-01"]


def test_two_names_for_one_id_is_an_error_until_a_rule_is_chosen(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text("account_id,name,arr\nA,Acme,100\nB,Beta,10\nA,Acme Ltd,50\nB,Beta,5\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_accounts(path, grain=LineGrain(AS_OF))
    (problem,) = info.value.problems
    assert (problem.row, problem.column) == (4, "name")
    assert str(problem.problem) == "account_id 'A' repeats with another name: 'Acme Ltd' here, 'Acme' " \
                              "on row 2"
    assert '[import.aggregate] name = "first"' in str(problem.fix)
    book = read_accounts(path, grain=LineGrain(AS_OF, {"name": "last", "arr": "max"})).book
    assert book.name.tolist() == ["Acme Ltd", "Beta"]
    assert book.arr.tolist() == [100.0, 10.0]


def test_other_problems_are_reported_before_any_aggregation(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text("account_id,arr\nA,100\nA,lots\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_accounts(path, grain=LineGrain(AS_OF))
    assert [(p.row, str(p.problem)) for p in info.value.problems] == [(3, "ARR 'lots' is not an amount")]


def test_an_unknown_rule_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text("account_id,arr\nA,100\nA,1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"import\.aggregate\.arr"):
        read_accounts(path, grain=LineGrain(AS_OF, {"arr": "median"}))


def test_rows_repeated_in_every_column_are_summed_but_said(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text("account_id,arr,name\nA,100,x\nA,100,x\nB,5,y\nA,7,x\n", encoding="utf-8")
    loaded = read_accounts(path, grain=LineGrain(AS_OF))
    assert loaded.book.arr.tolist() == [207.0, 5.0]
    note = {n.code: n.message for n in loaded.notes}["line_grain"]
    assert "ARR = sum of every line (4 lines, no line-level dates)" in note
    assert "1 row repeats another row in every column" in note


def test_the_owner_of_most_lines_owns_the_account(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text("account_id,arr,owner\nA,1,Kim\nA,1,Lee\nA,1,Lee\nB,1,Kim\n", encoding="utf-8")
    book = read_accounts(path, grain=LineGrain(AS_OF)).book
    assert book.owner.tolist() == ["Lee", "Kim"]


def test_a_line_status_is_the_lines_own_and_the_account_takes_its_best_line(tmp_path: Path) -> None:
    # A: an active line and a canceled one (its ARR no longer counts); B: only canceled lines;
    # C: a trial line and a canceled one; D: no status given
    path = tmp_path / "lines.csv"
    path.write_text("account_id,arr,status\nA,100,active\nA,40,canceled\nB,60,canceled\n"
                    "B,10,cancelled\nC,0,trial\nC,30,canceled\nD,25,\n", encoding="utf-8")
    loaded = read_accounts(path, grain=LineGrain(AS_OF))
    book = loaded.book
    assert book.account_id.tolist() == ["A", "B", "C", "D"]
    assert book.arr.tolist() == [100.0, 0.0, 0.0, 25.0]
    assert book.active.tolist() == [True, False, False, True]
    status = [None if c < 0 else str(STATUS_KEYS[c]) for c in book.status.tolist()]
    assert status == ["active", "churned", "trial", None]
    note = {n.code: n.message for n in loaded.notes}["line_grain"]
    assert "status: best (active > trial > churned) of the lines" in note
