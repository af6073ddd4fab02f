"""Hostile account files found by fuzzing (issue 11 item 7): each is a clean ``InputError`` naming
the file, the row and the column — never a crash, a hang, a lost account or an ``inf`` in a book."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from postsale.errors import InputError
from postsale.io.read import read_accounts


def problems(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        read_accounts(path)
    return info.value


# ------------------------------------------------------------------------------------ JSON


@pytest.mark.parametrize(
    ("text", "row", "column", "words"),
    [("null\n", 1, None, "not an object (null)"),
     ('{"account_id": "a", "arr": 1}\n\n[1]\n', 3, None, "not an object (list)"),
     ('{"account_id": "a", "arr": {"x": [1, {"y": 2}]}}\n', 1, "arr", "nested value"),
     ('{"account_id": "a", "arr": ' + "[" * 5000 + "]" * 5000 + "}\n", 1, None, "nested too deeply"),
     ('{"account_id": "a", "arr": ' + "9" * 5000 + "}\n", 1, "arr", "too large"),
     ('{"account_id": "a", "arr": 18446744073709551615}\n', 1, "arr", "2^53"),
     ('{"account_id": "a", "arr": 1e309}\n', 1, "arr", "not a finite number"),
     ('{"account_id": "a", "arr": NaN}\n', 1, "arr", "NaN/Infinity"),
     ('{"account_id": "a", "arr": -Infinity}\n', 1, "arr", "NaN/Infinity")],
)
def test_json_lines_hostile_values_are_input_errors(tmp_path: Path, text: str, row: int,
                                                     column: str | None, words: str) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(text)
    err = problems(path)
    assert (err.problems[0].row, err.problems[0].column) == (row, column)
    assert words in str(err.problems[0].problem)


def test_json_document_nested_100k_deep_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert "nested too deeply" in str(problems(path))


def test_json_records_name_record_and_column(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('[{"account_id": "a", "arr": 5}, {"account_id": "b", "arr": 1e400}]')
    err = problems(path)
    assert (err.problems[0].row, err.problems[0].column) == (2, "arr")
    assert "record 2" in str(err.problems[0].problem)


def test_json_lines_rows_are_lines_after_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('\n{"account_id": "a", "arr": 5}\n\n{"account_id": "b", "arr": "x"}\n')
    assert problems(path).problems[0].row == 4


# --------------------------------------------------------------------- non-finite amounts


@pytest.mark.parametrize("cell", ["1e309", "-1e400", "inf", "1e300"])
def test_non_finite_or_absurd_amounts_never_reach_the_book(tmp_path: Path, cell: str) -> None:
    path = tmp_path / "a.csv"
    path.write_text(f"account_id,arr\na,{cell}\nb,5\n")
    err = problems(path)
    assert (err.problems[0].row, err.problems[0].column) == (2, "arr")


def test_parquet_infinite_float_is_refused(tmp_path: Path) -> None:
    pq.write_table(pa.table({"account_id": ["a", "b"], "arr": [1.0, float("inf")]}),
                   tmp_path / "a.parquet")
    assert [(p.row, p.column) for p in problems(tmp_path / "a.parquet").problems] == [(2, "arr")]


# ------------------------------------------------------------------------ Parquet types


@pytest.mark.parametrize("column", [
    pa.array([dt.timedelta(days=1), dt.timedelta(days=2)], pa.duration("s")),
    pa.array([dt.time(1), dt.time(2)], pa.time64("us")),
    pa.array([b"\x00", b"\x01"], pa.binary()),
    pa.array([[1], [2]], pa.list_(pa.int64())),
])
def test_parquet_columns_that_are_not_values_are_refused(tmp_path: Path, column: object) -> None:
    pq.write_table(pa.table({"account_id": ["a", "b"], "arr": column}), tmp_path / "a.parquet")
    err = problems(tmp_path / "a.parquet")
    assert err.problems[0].column == "arr"
    assert "not amounts" in str(err.problems[0].problem)


def test_parquet_uint64_above_2_53_is_refused(tmp_path: Path) -> None:
    pq.write_table(pa.table({"account_id": ["a", "b"],
                             "arr": pa.array([5, 2**64 - 1], pa.uint64())}), tmp_path / "a.parquet")
    err = problems(tmp_path / "a.parquet")
    assert (err.problems[0].row, err.problems[0].column) == (2, "arr")


def test_parquet_unsigned_integers_are_read(tmp_path: Path) -> None:
    pq.write_table(pa.table({"account_id": ["a"], "arr": pa.array([10**14], pa.uint64())}),
                   tmp_path / "a.parquet")
    assert read_accounts(tmp_path / "a.parquet").book.arr.tolist() == [1e14]


# --------------------------------------------------------------------------- CSV shapes


@pytest.mark.parametrize("lead", ["\x0c\n", "\u2028\n", " \x0c \r\n", "\n \n"])
def test_odd_blank_lines_before_the_header_keep_the_first_account(tmp_path: Path, lead: str) -> None:
    path = tmp_path / "a.csv"
    path.write_text(lead + "account_id,arr\na,5\nb,6\n", newline="")
    assert read_accounts(path).book.account_id.tolist() == ["a", "b"]


def test_line_break_inside_a_quoted_header_invents_no_account(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('"account\nid","ARR\r\n(USD)"\na,5\nb,6\n', newline="")
    book = read_accounts(path).book
    assert book.account_id.tolist() == ["a", "b"]
    assert book.arr.tolist() == [5.0, 6.0]


def test_delimiter_is_sniffed_across_quoted_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('account_id;arr;name\na;5;"x,\ny,z,w"\nb;6;"p,q"\n', newline="")
    assert read_accounts(path).book.account_id.tolist() == ["a", "b"]


@pytest.mark.parametrize("encoding", ["shift_jis", "gbk", "big5"])
def test_east_asian_encodings_are_detected_and_named(tmp_path: Path, encoding: str) -> None:
    names = {"shift_jis": ["株式会社テスト", "日本電気株式会社"],
             "gbk": ["北京科技有限公司", "上海贸易有限公司"],
             "big5": ["台灣積體電路製造", "鴻海精密工業公司"]}[encoding]
    path = tmp_path / "a.csv"
    text = "account_id,name,arr\n" + "".join(f"A{i},{n},{1000 * (i + 1)}\n"
                                             for i, n in enumerate(names * 20))
    path.write_bytes(text.encode(encoding))
    loaded = read_accounts(path)
    assert loaded.book.name.tolist()[:2] == names
    assert any(n.code == "encoding" and "read as" in n.message for n in loaded.notes)


def test_cp1252_is_still_the_western_fallback(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("account_id,name,arr\nA1,Société Générale,1000\nA2,Müller GmbH,5\n"
                     .encode("cp1252"))
    assert read_accounts(path).book.name.tolist() == ["Société Générale", "Müller GmbH"]


def test_amounts_stay_finite(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("account_id,arr\na,999999999999999\n")
    assert np.isfinite(read_accounts(path).book.arr).all()


# ---------------------------------------------------------------------------------- XLSX


def _workbook(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["account_id", "arr"])
    ws.append(["a", 5])
    ws.append(["b", 6])
    wb.save(path)
    return path


def _rewrite(path: Path, out: Path, part: str, edit: object) -> Path:
    import zipfile

    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                if edit is None:
                    continue
                data = edit(data)  # type: ignore[operator]
            zout.writestr(item, data)
    return out


def test_a_far_styled_cell_does_not_hang(tmp_path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Font

    path = _workbook(tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active["XFD1048576"].font = Font(bold=True)
    wb.active["XFD1048576"] = None
    wb.save(path)
    # openpyxl pads every row to the stored dimension when it is trusted: 10^6 rows × 16,384
    # columns. Read row by row instead; the result is the two accounts.
    assert read_accounts(path).book.account_id.tolist() == ["a", "b"]


def test_a_far_dimension_alone_is_ignored(tmp_path: Path) -> None:
    import re

    path = _rewrite(_workbook(tmp_path / "a.xlsx"), tmp_path / "b.xlsx", "xl/worksheets/sheet1.xml",
                    lambda d: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', d))
    assert read_accounts(path).book.arr.tolist() == [5.0, 6.0]


def test_hidden_first_sheet_is_skipped_and_noted(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    hidden = wb.active
    hidden.title = "old"
    hidden.append(["account_id", "arr"])
    hidden.append(["zzz", 1])
    hidden.sheet_state = "hidden"
    ws = wb.create_sheet("Export")
    ws.append(["account_id", "arr"])
    ws.append(["a", 5])
    wb.active = 1
    wb.save(tmp_path / "a.xlsx")
    loaded = read_accounts(tmp_path / "a.xlsx")
    assert loaded.book.account_id.tolist() == ["a"]
    assert any("Export" in n.message and "old" in n.message for n in loaded.notes)


def test_chartsheet_only_book_is_an_input_error(tmp_path: Path) -> None:
    import openpyxl
    from openpyxl.chart import BarChart

    wb = openpyxl.Workbook()
    chart = wb.create_chartsheet("Chart")
    chart.add_chart(BarChart())
    wb.remove(wb.active)
    wb.save(tmp_path / "a.xlsx")
    assert "no visible worksheet" in str(problems(tmp_path / "a.xlsx"))


def test_missing_sheet_part_is_an_input_error(tmp_path: Path) -> None:
    path = _rewrite(_workbook(tmp_path / "a.xlsx"), tmp_path / "b.xlsx",
                    "xl/worksheets/sheet1.xml", None)
    err = problems(path)
    assert err.problems[0].file == str(path)


def test_line_break_in_an_xlsx_header(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["account\nid", "ARR"])
    wb.active.append(["a", 5])
    wb.save(tmp_path / "a.xlsx")
    assert read_accounts(tmp_path / "a.xlsx").book.account_id.tolist() == ["a"]


@pytest.mark.parametrize("quoted", [True, False])
def test_a_field_over_8_mb_is_read(tmp_path: Path, quoted: bool) -> None:
    big = "x" * (9 << 20)
    path = tmp_path / "a.csv"
    path.write_text(f"account_id,arr,name\na,5,{chr(34) + big + chr(34) if quoted else big}\n"
                    "b,6,ok\n")
    book = read_accounts(path).book
    assert book.account_id.tolist() == ["a", "b"]
    assert len(book.name[0]) == 9 << 20
