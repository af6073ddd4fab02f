"""Results in a notebook (issue 13 item 6): one-line repr, escaped HTML, tables as DataFrames,
and a DataFrame accepted as the book through the file import's checks."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

import postsale
from postsale.api import assign, demo_inputs, project, run_plan

TODAY = dt.date(2026, 11, 25)
GOOD = Path(__file__).parent / "data" / "accounts_good.csv"


@pytest.fixture(scope="module")
def demo() -> postsale.PlanResult:
    book, company = demo_inputs(TODAY)
    return run_plan(book, company, today=TODAY).result


def test_plan_repr_is_one_line_with_the_headline_figures(demo: postsale.PlanResult) -> None:
    text = repr(demo)
    assert "\n" not in text
    assert text == ("<PlanResult 'Northwind Analytics': 300 customers, $11.05M ARR, stage 3, "
                    "headcount 1 → 10, cost 12.1% of ARR, model specialist>")


def test_plan_html_is_compact_and_escaped() -> None:
    result = postsale.plan(GOOD, {"company": {"name": "<script>alert(1)</script> & Co"}},
                           today=TODAY)
    page = result._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in page
    assert page.count("<table>") == 2  # tiers and headcount, nothing else
    assert len(page) < 10_000


def test_plan_frames_hold_the_plan_s_own_figures(demo: postsale.PlanResult) -> None:
    tiers = demo.to_frame()
    assert isinstance(tiers, pd.DataFrame)
    assert list(tiers["tier"]) == ["high_touch", "low_touch", "tech_touch"]
    assert tiers["accounts"].sum() == demo.accounts
    assert tiers["share_of_arr"].sum() == pytest.approx(1.0)  # fractions, as in the JSON
    headcount = demo.to_frame("headcount")
    assert headcount["required"].sum() == demo.headcount.required["total"]
    assert headcount["current"].sum() == demo.headcount.current["total"]
    polars_frame = demo.to_frame("warnings", backend="polars")
    assert isinstance(polars_frame, pl.DataFrame)
    assert polars_frame["code"].to_list() == [w.code for w in demo.warnings]


def test_unknown_table_and_missing_libraries_say_what_to_do(
        demo: postsale.PlanResult, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(KeyError, match="choose one of tiers, headcount, warnings"):
        demo.to_frame("people")
    monkeypatch.setitem(sys.modules, "pandas", None)
    assert isinstance(demo.to_frame(), pl.DataFrame)  # pandas missing: polars
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(ImportError, match="needs pandas or polars: pip install pandas"):
        demo.to_frame()


def test_projection_repr_html_and_months_frame() -> None:
    result = project(GOOD, today=TODAY, months=12, paths=20, seed=7)
    text = repr(result)
    assert "\n" not in text
    assert text.startswith("<ProjectionResult 'Company': 12 months × 20 paths (seed 7), customers 3")
    months = result.to_frame()
    assert len(months) == 13
    assert list(months["month"]) == list(range(13))
    assert months["required"].iloc[0] == postsale.plan(GOOD, today=TODAY).headcount.required["total"]
    assert "<table>" in result._repr_html_()
    assert len(result.to_frame("hires", backend="polars")) == len(result.hires)


def test_assignment_repr_html_and_frames() -> None:
    run = assign(GOOD, today=TODAY)
    assert repr(run).startswith("<AssignmentRun 'Company': 3 accounts over ")
    owners = run.to_frame()
    assert list(owners.columns) == ["account_id", "owner_id", "owner_name", "previous_owner",
                                    "moved", "reason", "violations"]
    assert list(owners["account_id"]) == ["A-001", "A-002", "A-003"]
    assert set(run.to_frame("people")["person_id"]) == set(run.roster.person_id)
    assert "<table>" in run._repr_html_()


def _same_plan(a: postsale.PlanResult, b: postsale.PlanResult) -> None:
    for key in ("tiers", "headcount", "economics", "stage"):
        assert a.to_dict()[key] == b.to_dict()[key], key


def test_a_pandas_frame_plans_like_its_file() -> None:
    _same_plan(postsale.plan(pd.read_csv(GOOD), today=TODAY), postsale.plan(GOOD, today=TODAY))
    assert len(postsale.load_accounts(pd.read_csv(GOOD))) == 3


def test_a_polars_frame_plans_like_its_file() -> None:
    typed = pl.read_csv(GOOD).with_columns(pl.col("segment").cast(pl.Categorical))
    _same_plan(postsale.plan(typed, today=TODAY), postsale.plan(GOOD, today=TODAY))
    text = pl.read_csv(GOOD, infer_schema_length=0)  # every column as text, like a CSV's cells
    _same_plan(postsale.plan(text, today=TODAY), postsale.plan(GOOD, today=TODAY))


def test_a_frame_s_bad_cell_names_its_column_and_row() -> None:
    frame = pd.read_csv(GOOD)
    frame["arr"] = frame["arr"].astype(object)
    frame.loc[2, "arr"] = "lots"
    with pytest.raises(postsale.InputError) as caught:
        postsale.plan(frame, today=TODAY)
    assert "DataFrame, row 2, column 'arr': ARR 'lots' is not an amount" in str(caught.value)
    with pytest.raises(postsale.InputError, match="DataFrame, column 'arr': no 'arr' column"):
        postsale.load_accounts(pl.read_csv(GOOD).drop("arr"))
