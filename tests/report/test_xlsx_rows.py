"""The bulk Accounts-sheet writer writes the same sheet XML as XlsxWriter's ``write_string``."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from test_xlsx import _cached_plan

from postsale.report import xlsx, xlsx_rows
from postsale.report.xlsx import SHEET_NAMES, write_plan_xlsx
from postsale.report.xlsx_rows import fast_rows_supported, write_text_rows

TRICKY = ["a1", "=SUM(A1)", "a&b<c>d", '"q"', " lead", "trail ", "tab\there", "line\nbreak",
          "ctl\x01x", "_x0041_", "<r>rich</r>", "\ufffe", "日本語", "x" * 20_000, "é" * 17_000]


def _sheet_xml(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{SHEET_NAMES.index(name) + 1}.xml")


def _both(rows: list[tuple[str, str, str]], tmp: Path,
          monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    plan = _cached_plan()
    fast, slow = tmp / "fast.xlsx", tmp / "slow.xlsx"
    write_plan_xlsx(plan, fast, rows)
    with monkeypatch.context() as m:
        m.setattr(xlsx, "fast_rows_supported", lambda ws: False)
        write_plan_xlsx(plan, slow, rows)
    return fast, slow


def test_bulk_rows_are_the_xml_write_string_writes(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [(t, tier, reason) for t in TRICKY for tier, reason in
            [("high_touch", "acv"), ("tech_touch", ""), ("=1+1", " spaced reason ")]]
    fast, slow = _both(rows, tmp_path, monkeypatch)
    assert _sheet_xml(fast, "Accounts") == _sheet_xml(slow, "Accounts")
    values = [[c.value for c in r] for r in openpyxl.load_workbook(fast)["Accounts"].iter_rows()]
    assert values[0] == ["account_id", "tier", "reasons"]
    assert len(values) == len(rows) + 1
    assert values[1] == ["a1", "high_touch", "acv"]
    assert values[3] == ["a1", "'=1+1", " spaced reason "]  # tier/reasons neutralised, ids kept


def test_roll_over_sheets_match_the_slow_path(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "_MAX_ROWS", 4)
    rows = [(f"id{i}", "low_touch", "acv") for i in range(6)]  # exactly two full sheets
    fast, slow = _both(rows, tmp_path, monkeypatch)
    assert openpyxl.load_workbook(fast).sheetnames[-2:] == ["Accounts", "Accounts 2"]
    with zipfile.ZipFile(fast) as zf, zipfile.ZipFile(slow) as zs:
        assert zf.namelist() == zs.namelist()
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert zf.read(name) == zs.read(name), name


@settings(max_examples=30, deadline=None, derandomize=True)
@given(st.lists(st.text(st.characters(exclude_categories=("Cs",)), max_size=12), min_size=1,
                max_size=5))
def test_any_texts_match_write_string(texts: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = []
        for bulk in (True, False):
            path = Path(tmp) / f"{bulk}.xlsx"
            wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
            fmt = wb.add_format({"valign": "top"})
            ws = wb.add_worksheet("s")
            ws.write_string(0, 0, "head", fmt)
            if bulk:
                assert fast_rows_supported(ws)
                assert write_text_rows(ws, 1, (texts, texts[::-1]), fmt) == 1 + len(texts)
            else:
                for i, (a, b) in enumerate(zip(texts, texts[::-1], strict=True)):
                    ws.write_string(1 + i, 0, a, fmt)
                    ws.write_string(1 + i, 1, b, fmt)
            wb.close()
            with zipfile.ZipFile(path) as z:
                out.append(z.read("xl/worksheets/sheet1.xml"))
        assert out[0] == out[1]


def test_not_supported_without_constant_memory(tmp_path: Path) -> None:
    wb = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"))
    assert not fast_rows_supported(wb.add_worksheet())
    wb.close()
    assert xlsx_rows.__all__ == ["fast_rows_supported", "write_text_rows"]
