"""Importing account files: formats, header mapping, and every kind of bad input (C1)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postsale.core.book import (
    COMPLEXITY_KEYS,
    ONBOARDING_KEYS,
    SEGMENT_KEYS,
    UNKNOWN,
    AccountBook,
)
from postsale.errors import InputError, InputProblem
from postsale.io.read import book_from_columns, load_accounts, read_accounts
from postsale.keys import TIER_KEYS

DATA = Path(__file__).resolve().parents[1] / "data"


def problems_of(path: Path | str, **kwargs: object) -> InputError:
    with pytest.raises(InputError) as info:
        load_accounts(path, **kwargs)  # type: ignore[arg-type]
    return info.value


def where(err: InputError) -> list[tuple[int | None, str | None]]:
    return [(p.row, p.column) for p in err.problems]


def write_csv(path: Path, rows: Sequence[Sequence[object]], delimiter: str = ",") -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, delimiter=delimiter).writerows(rows)
    return path


# ----------------------------------------------------------------------------------- good files


def test_canonical_csv_every_column() -> None:
    book = load_accounts(DATA / "accounts_good.csv")
    assert book.account_id.tolist() == ["A-001", "A-002", "A-003"]
    assert book.name.tolist() == ["Acme Corp", "Beta GmbH", "Gamma KK"]  # stripped
    assert book.arr.tolist() == [120_000.0, 24_000.0, 3_000.0]
    assert book.segment.tolist() == [0, 1, 2]
    assert book.region.tolist() == ["Americas", "EMEA", "APAC"]
    assert book.country.tolist() == ["US", "DE", "JP"]
    assert book.language.tolist() == ["en", "de", "ja"]
    assert book.timezone.tolist() == ["America/New_York", "Europe/Berlin", "Asia/Tokyo"]
    assert book.start_date.tolist() == [dt.date(2023, 1, 15), dt.date(2024, 6, 1),
                                        dt.date(2025, 2, 28)]
    assert book.renewal_date.tolist() == [dt.date(2026, 1, 15), dt.date(2026, 6, 1),
                                          dt.date(2026, 2, 28)]
    assert book.health_score[:2].tolist() == [82.0, 55.0]
    assert np.isnan(book.health_score[2])
    assert book.tickets_per_month.tolist() == [4.5, 1.0, 0.0]
    assert book.implementation_weeks[:2].tolist() == [12.0, 4.0]
    assert book.onboarding_status.tolist() == [ONBOARDING_KEYS.index("completed"),
                                               ONBOARDING_KEYS.index("in_progress"),
                                               ONBOARDING_KEYS.index("not_started")]
    assert book.complexity.tolist() == [COMPLEXITY_KEYS.index("high"),
                                        COMPLEXITY_KEYS.index("medium"),
                                        COMPLEXITY_KEYS.index("low")]
    assert book.strategic.tolist() == [True, False, False]
    assert book.previous_arr[0] == 100_000.0
    assert np.isnan(book.previous_arr[1])
    assert book.owner.tolist() == ["Dana Lee", "Sam Ortiz", None]  # blank → None
    assert book.tier_override.tolist() == [UNKNOWN, TIER_KEYS.index("low_touch"), UNKNOWN]
    # "notes" is not a canonical column: ignored, and not claimed as present.
    assert "notes" not in book.present
    assert book.present == frozenset(
        {"account_id", "name", "arr", "segment", "region", "country", "language", "timezone",
         "start_date", "renewal_date", "health_score", "tickets_per_month",
         "implementation_weeks", "onboarding_status", "complexity", "strategic", "previous_arr",
         "owner", "tier_override"})


def test_crm_export_headers_and_money_forms() -> None:
    result = read_accounts(DATA / "accounts_crm.csv")
    book = result.book
    assert result.columns == {"account_id": "Account ID", "name": "Account Name",
                              "arr": "Annual Recurring Revenue", "country": "Billing Country",
                              "renewal_date": "Contract End Date", "owner": "Company owner",
                              "segment": "Segment"}
    assert book.account_id.tolist() == ["0012", "0013", "0014", "0015"]  # leading zeros kept
    assert book.name.tolist()[0] == "Acme, Inc."
    assert book.arr.tolist() == [30_000.0, 30_000.0, 1_200_000.0, 5_000.0]
    assert book.renewal_date.tolist() == [dt.date(2026, 3, 31), dt.date(2026, 4, 15),
                                          dt.date(2026, 12, 1), dt.date(2027, 1, 2)]
    assert book.segment.tolist() == [0, 1, 2, 1]
    assert book.present == frozenset(result.columns)


def test_columns_mapping_and_semicolons_and_european_numbers() -> None:
    result = read_accounts(DATA / "accounts_semicolon.csv", columns={"Kunden-ID": "account_id"})
    book = result.book
    assert book.account_id.tolist() == ["K1", "K2", "K3"]
    assert book.name.tolist() == ["Müller AG", "Schmidt GmbH", "Weber KG"]
    assert book.arr.tolist() == [12_500.0, 1_000.0, 2_500.5]
    assert book.renewal_date.tolist() == [dt.date(2026, 3, 31), dt.date(2026, 4, 1),
                                          dt.date(2026, 12, 15)]
    assert any("European" in n.message for n in result.notes)


def test_columns_mapping_wins_over_an_alias(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [["Account ID", "ARR", "Yearly Fee"], ["a", "1", "2"]])
    assert load_accounts(path).arr.tolist() == [1.0]
    assert load_accounts(path, columns={"Yearly Fee": "arr"}).arr.tolist() == [2.0]


def test_tab_delimited() -> None:
    book = load_accounts(DATA / "accounts_tab.tsv")
    assert book.account_id.tolist() == ["T1", "T2"]
    assert book.arr.tolist() == [1_000.0, 2_500.75]
    assert book.renewal_date.tolist() == [dt.date(2026, 12, 31), dt.date(2026, 2, 1)]  # day-first


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    path = write_csv(tmp_path / "a.txt", [["account_id", "arr", "name"], ["a", "1,5", "x y"],
                                         ["b", "2", "z"]], delimiter)
    book = load_accounts(path)
    assert book.account_id.tolist() == ["a", "b"]
    assert book.name.tolist() == ["x y", "z"]


def test_utf8_bom() -> None:
    book = load_accounts(DATA / "accounts_bom.csv")
    assert book.account_id.tolist() == ["B1"]  # the BOM is not part of the first header
    assert book.name.tolist() == ["Café Noir"]


def test_latin1_fallback() -> None:
    result = read_accounts(DATA / "accounts_latin1.csv")
    assert result.book.name.tolist() == ["Café São Paulo", "Straße AG"]
    assert result.book.country.tolist() == ["Brasil", "Österreich"]
    assert [n.code for n in result.notes] == ["encoding"]


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("account_id\tarr\tname\nU1\t10\tÅngström\n".encode("utf-16"))
    book = load_accounts(path)
    assert book.account_id.tolist() == ["U1"]
    assert book.name.tolist() == ["Ångström"]


def test_mrr_becomes_arr_times_twelve() -> None:
    result = read_accounts(DATA / "accounts_mrr.csv")
    assert result.book.arr.tolist() == [30_000.0, 12_000.0]
    assert "arr" in result.book.present
    assert "mrr" not in result.book.present
    assert [n.code for n in result.notes] == ["mrr_converted"]


def test_arr_wins_over_mrr(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [["account_id", "arr", "mrr"], ["a", "100", "50"]])
    result = read_accounts(path)
    assert result.book.arr.tolist() == [100.0]
    assert [n.code for n in result.notes] == ["mrr_ignored"]


def test_quoted_newlines_and_blank_lines_keep_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('account_id,arr,name\na,1,"two\nlines"\n\nb,x,c\n', encoding="utf-8")
    err = problems_of(path)
    assert where(err) == [(5, "arr")]  # the 5th line of the file


def test_windows_line_endings_and_excel_sep_hint(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"sep=;\r\naccount_id;arr\r\na;1,5\r\nb;x\r\n")
    err = problems_of(path)
    assert where(err) == [(4, "arr")]  # physical line 4 (the hint line is line 1)
    path.write_bytes(b"sep=;\r\naccount_id;arr\r\na;1,5\r\nb;2\r\n")
    assert load_accounts(path).arr.tolist() == [1.5, 2.0]


def test_progress_is_reported_up_to_the_file_size(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [["account_id", "arr"], *[[f"a{i}", i] for i in range(50)]])
    calls: list[tuple[int, int]] = []
    load_accounts(path, progress=lambda done, total: calls.append((done, total)))
    size = path.stat().st_size
    assert calls[-1] == (size, size)
    assert all(total == size for _, total in calls)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


# ------------------------------------------------------------------------------- other formats


def test_xlsx(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Accounts"
    ws.append(["Account ID", "Annual Recurring Revenue", "Contract End Date", "Strategic",
               "Company owner"])
    ws.append([101, 30000, dt.datetime(2026, 3, 31), True, " Dana "])
    ws.append([None, None, None, None, None])  # an empty row is skipped
    ws.append(["X-2", "$5,000", 46112, "no", None])  # an unformatted date: an Excel serial
    wb.save(tmp_path / "a.xlsx")
    book = load_accounts(tmp_path / "a.xlsx")
    assert book.account_id.tolist() == ["101", "X-2"]
    assert book.arr.tolist() == [30_000.0, 5_000.0]
    assert book.renewal_date.tolist() == [dt.date(2026, 3, 31)] * 2
    assert book.strategic.tolist() == [True, False]
    assert book.owner.tolist() == ["Dana", None]


def test_xlsx_problems_name_sheet_rows(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([])
    ws.append(["account_id", "arr"])  # the header may start below an empty first row
    ws.append(["a", "x"])
    ws.append([])
    ws.append(["a", -5])
    wb.save(tmp_path / "b.xlsx")
    err = problems_of(tmp_path / "b.xlsx")
    assert where(err) == [(3, "arr"), (5, "account_id"), (5, "arr")]
    assert "first on row 3" in str(err.problems[1].problem)


def test_parquet_typed_columns(tmp_path: Path) -> None:
    table = pa.table({
        "account_id": pa.array([1, 2]),
        "arr": pa.array([10.0, 3.5]),
        "renewal_date": pa.array([dt.date(2026, 1, 1), None]),
        "strategic": pa.array([True, None]),
        "segment": pa.array(["Enterprise", "smb"]).dictionary_encode(),
        "extra": pa.array([[1], [2]]),
    })
    pq.write_table(table, tmp_path / "a.parquet")
    book = load_accounts(tmp_path / "a.parquet")
    assert book.account_id.tolist() == ["1", "2"]
    assert book.arr.tolist() == [10.0, 3.5]
    assert book.renewal_date[0] == np.datetime64("2026-01-01")
    assert np.isnat(book.renewal_date[1])
    assert book.strategic.tolist() == [True, False]
    assert book.segment.tolist() == [0, 2]


def test_parquet_problems_name_records(tmp_path: Path) -> None:
    pq.write_table(pa.table({"account_id": ["a", "b"], "arr": [1.0, None]}), tmp_path / "a.parquet")
    err = problems_of(tmp_path / "a.parquet")
    assert where(err) == [(2, "arr")]
    assert "record 2" in str(err.problems[0].problem)


def test_json_list() -> None:
    book = load_accounts(DATA / "accounts.json")
    assert book.account_id.tolist() == ["J1", "J2"]
    assert book.arr.tolist() == [50_000.0, 12_000.0]
    assert book.segment.tolist() == [0, 2]
    assert book.strategic.tolist() == [True, False]
    assert book.owner.tolist() == [None, "Kim"]


def test_json_wrapped_with_mrr() -> None:
    assert load_accounts(DATA / "accounts_wrapped.json").arr.tolist() == [1_200.0, 24_000.0]


def test_json_lines() -> None:
    book = load_accounts(DATA / "accounts.jsonl")
    assert book.arr.tolist() == [1_000.0, 2_000.5]
    assert book.renewal_date.tolist() == [dt.date(2026, 5, 1), dt.date(2026, 6, 1)]


def test_json_lines_with_mixed_types_and_a_bad_record() -> None:
    err = problems_of(DATA / "accounts_bad.jsonl")
    assert where(err) == [(2, "arr")]
    assert "record 2" in str(err.problems[0].problem)


def test_json_lines_in_a_json_file(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"account_id": "a", "arr": 1}\n{"account_id": "b", "arr": 2}\n')
    assert load_accounts(path).account_id.tolist() == ["a", "b"]


@pytest.mark.parametrize(
    ("text", "expect"),
    [('{"accounts": 5}', "list of accounts"), ("[1, 2]", "not an object"),
     ('[{"account_id": "a",}]', "not valid JSON")],
)
def test_bad_json(tmp_path: Path, text: str, expect: str) -> None:
    path = tmp_path / "a.json"
    path.write_text(text)
    assert expect in str(problems_of(path))


def test_book_from_columns_checks_like_a_file() -> None:
    book = book_from_columns({"account_id": np.array(["a", "b"], dtype=object),
                              "arr": np.array([1.0, 2.0]), "segment": ["SMB", None],
                              "renewal_date": np.array(["2026-01-01", "NaT"], "datetime64[D]")})
    assert book.segment.tolist() == [SEGMENT_KEYS.index("smb"), UNKNOWN]
    assert book.renewal_date[0] == np.datetime64("2026-01-01")
    with pytest.raises(InputError) as info:
        book_from_columns({"account_id": ["a", "a"], "arr": [1.0, -1.0]}, source="demo")
    assert where(info.value) == [(2, "account_id"), (2, "arr")]
    assert info.value.problems[0].file == "demo"


# ------------------------------------------------------------------------------------ bad input


def test_every_kind_of_bad_cell_names_row_and_column() -> None:
    err = problems_of(DATA / "accounts_bad.csv")
    assert err.total == 18
    assert where(err) == [
        (2, "arr"),
        (3, "arr"), (3, "health_score"),
        (4, "tickets_per_month"),
        (5, "implementation_weeks"), (5, "renewal_date"),
        (6, "segment"),
        (7, "complexity"), (7, "onboarding_status"), (7, "strategic"), (7, "tier_override"),
        (7, "previous_arr"),
        (8, "account_id"),
        (9, "account_id"),
        (10, "arr"), (10, "health_score"), (10, "tickets_per_month"), (10, "previous_arr"),
    ]
    text = [str(p.problem) for p in err.problems]
    assert "'abc' is not an amount" in text[0]
    assert "negative" in text[1]
    assert "outside 0–100" in text[2]
    assert "'2026-13-45' is not a date" in text[5]
    assert "'giant'" in text[6]
    assert "enterprise, mid_market, smb" in str(err.problems[6].fix)
    assert "low, medium, high" in str(err.problems[7].fix)
    assert "not_started, in_progress, completed" in str(err.problems[8].fix)
    assert "high_touch, low_touch, tech_touch" in str(err.problems[10].fix)
    assert text[12] == "account_id 'B1' appears again (first on row 2)"
    assert text[13] == "account_id is blank"
    assert text[14] == "ARR is blank"
    assert all(p.file.endswith("accounts_bad.csv") and str(p.fix) for p in err.problems)
    assert "nothing was imported" in str(err)


def test_problems_are_capped_at_twenty_with_the_total(tmp_path: Path) -> None:
    rows = [["account_id", "arr", "health_score"], *[[f"a{i}", "oops", "500"] for i in range(30)]]
    err = problems_of(write_csv(tmp_path / "a.csv", rows))
    assert err.total == 60
    assert len(err.problems) == 20
    assert where(err)[:4] == [(2, "arr"), (2, "health_score"), (3, "arr"), (3, "health_score")]
    assert where(err)[-1] == (11, "health_score")
    assert "40 more" in str(err)


def test_duplicate_ids_name_both_rows(tmp_path: Path) -> None:
    rows: list[list[object]] = [["account_id", "arr"], ["a", 1], ["b", 1], ["a", 1], [" b ", 1],
                                ["a", 1]]
    err = problems_of(write_csv(tmp_path / "a.csv", rows))
    assert [(p.row, str(p.problem)) for p in err.problems] == [
        (4, "account_id 'a' appears again (first on row 2)"),
        (5, "account_id ' b ' appears again (first on row 3)"),
        (6, "account_id 'a' appears again (first on row 2)"),
    ]


def test_missing_required_columns_list_headers_and_suggest(tmp_path: Path) -> None:
    err = problems_of(write_csv(tmp_path / "a.csv", [["Customer No", "Amount"], ["a", "1"]]))
    assert where(err) == [(1, "account_id"), (1, "arr")]
    assert "'Customer No', 'Amount'" in str(err.problems[0].problem)
    assert '[columns] "Customer No" = "account_id"' in str(err.problems[0].fix)
    assert "mrr" in str(err.problems[1].fix)


def test_missing_column_and_bad_cells_are_reported_together(tmp_path: Path) -> None:
    err = problems_of(write_csv(tmp_path / "a.csv", [["account_id", "health_score"], ["a", "x"]]))
    assert where(err) == [(1, "arr"), (2, "health_score")]


def test_rows_with_the_wrong_number_of_fields(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("account_id,arr\na,1\nb,2,3\nc,x\n", encoding="utf-8")
    err = problems_of(path)
    assert where(err) == [(3, None), (4, "arr")]
    assert "3 fields" in str(err.problems[0].problem)


@pytest.mark.parametrize(
    ("name", "content", "expect"),
    [
        ("missing.csv", None, "file not found"),
        ("a.xls", b"x", "unknown file type"),
        ("a.docx", b"x", "unknown file type"),
        ("empty.csv", b"", "the file is empty"),
        ("blank.csv", b"\n\n  \n", "no header"),
        ("header.csv", b"account_id,arr\n", "no accounts"),
        ("broken.xlsx", b"not a zip", "Excel workbook"),
        ("broken.parquet", b"not parquet", "Parquet"),
    ],
)
def test_unreadable_files_give_one_problem_and_a_fix(tmp_path: Path, name: str,
                                                      content: bytes | None, expect: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    err = problems_of(path)
    assert len(err.problems) == 1
    assert err.total == 1
    assert expect in str(err.problems[0].problem)
    assert str(err.problems[0].fix)


def test_an_unclosed_quote_is_located(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b'account_id,arr\n"a,1\n')
    err = problems_of(path)
    assert where(err) == [(2, None)]
    assert "quotes" in str(err.problems[0].fix)


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    (tmp_path / "d.csv").mkdir()
    assert "folder" in str(problems_of(tmp_path / "d.csv").problems[0].problem)


# ------------------------------------------------------------------------------------ properties

_ROW = st.fixed_dictionaries({
    "arr": st.integers(min_value=0, max_value=10**9),
    "segment": st.sampled_from(["enterprise", "Mid-Market", "SMB", ""]),
    "renewal_date": st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
    "health_score": st.one_of(st.none(), st.integers(min_value=0, max_value=100)),
    "owner": st.sampled_from(["Dana", "Sam", ""]),
})


def _sorted_book(book: AccountBook) -> dict[str, list[object]]:
    order = np.argsort(book.account_id.astype(str))
    return {name: [None if isinstance(v, float) and np.isnan(v) else v
                   for v in getattr(book, name)[order].astype(object).tolist()]
            for name in ("account_id", "arr", "segment", "renewal_date", "health_score", "owner")}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(_ROW, min_size=1, max_size=25), data=st.data())
def test_any_row_order_gives_the_same_book(rows: list[dict[str, object]], data: st.DataObject
                                           ) -> None:
    table = [[f"id{i}", f"${r['arr']:,}", r["segment"], r["renewal_date"],
              "" if r["health_score"] is None else r["health_score"], r["owner"]]
             for i, r in enumerate(rows)]
    shuffled = data.draw(st.permutations(table))
    header = ["Account ID", "ARR", "Segment", "Renewal Date", "Health Score", "Owner"]
    with tempfile.TemporaryDirectory() as tmp:
        a = load_accounts(write_csv(Path(tmp) / "a.csv", [header, *table]))
        b = load_accounts(write_csv(Path(tmp) / "b.csv", [header, *shuffled]))
    assert _sorted_book(a) == _sorted_book(b)
    assert sorted(a.arr.tolist()) == sorted(float(r["arr"]) for r in rows)  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(n_bad=st.integers(min_value=1, max_value=60))
def test_the_total_counts_every_bad_cell(n_bad: int) -> None:
    cols = {"account_id": [f"a{i}" for i in range(80)],
            "arr": ["x" if i < n_bad else "1" for i in range(80)]}
    with pytest.raises(InputError) as info:
        book_from_columns(cols)
    assert info.value.total == n_bad
    assert [p.row for p in info.value.problems] == list(range(1, min(n_bad, 20) + 1))


def test_problem_strings_are_complete() -> None:
    problem = InputProblem("f.csv", 3, "arr", "ARR 'x' is not an amount", "write a number")
    assert str(problem) == "f.csv, row 3, column 'arr': ARR 'x' is not an amount — fix: write a number"


def test_json_records_round_trip(tmp_path: Path) -> None:
    records = [{"account_id": f"r{i}", "arr": i * 1.5, "strategic": i % 2 == 0} for i in range(5)]
    (tmp_path / "a.json").write_text(json.dumps(records))
    book = load_accounts(tmp_path / "a.json")
    assert book.arr.tolist() == [r["arr"] for r in records]
    assert book.strategic.tolist() == [r["strategic"] for r in records]


def test_a_large_book_reads_like_its_rows_one_by_one() -> None:
    """Large columns take the fast paths (distinct values trimmed once, columns in parallel
    threads); every cell still reads as it does in a small book."""
    rows = [(" EMEA", "2026-01-31 ", " Mid-Market", "x"), ("EMEA ", "31/01/2026", "smb", ""),
            ("", " ", "", "no"), ("APAC", "2026-13-01", "enterprise ", "yes")]
    n = 100_000  # read.py's _PARALLEL_ROWS: parsed in threads
    columns = {"account_id": [f"a{i}" for i in range(n)], "arr": ["1000"] * n,
               "region": [rows[i % 4][0] for i in range(n)],
               "renewal_date": [rows[i % 4][1] for i in range(n)],
               "segment": [rows[i % 4][2] for i in range(n)],
               "strategic": [rows[i % 4][3] for i in range(n)]}
    with pytest.raises(InputError) as big:
        book_from_columns(columns)
    small = {k: v[:4] for k, v in columns.items()}
    with pytest.raises(InputError) as few:
        book_from_columns(small)
    assert big.value.total == 25_000  # the bad date, on every fourth row
    assert [(p.column, str(p.problem)) for p in few.value.problems] == \
        [(p.column, str(p.problem)) for p in big.value.problems[:1]]
    columns["renewal_date"] = [d.replace("2026-13-01", "1 Feb 2026") for d in columns["renewal_date"]]
    small["renewal_date"] = columns["renewal_date"][:4]
    book, one = book_from_columns(columns), book_from_columns(small)
    for name in ("region", "renewal_date", "segment", "strategic"):
        np.testing.assert_array_equal(getattr(book, name)[:4], getattr(one, name))
        np.testing.assert_array_equal(getattr(book, name)[4:8], getattr(one, name)[:4])
    assert book.region[:4].tolist() == ["EMEA", "EMEA", None, "APAC"]
