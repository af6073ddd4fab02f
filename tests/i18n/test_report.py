"""The report layer's own words (``report`` domain) in all five languages: every report renders
inside ``activate(lang, currency)`` without a missing message or a placeholder left over, says its
language in ``<html lang>``, reads Japanese and Chinese in their scripts, and keeps the XLSX sheet
names that its formulas refer to."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from rich.console import Console

from postsale import api
from postsale.i18n import LANGUAGES, activate, tr
from postsale.report import fmt
from postsale.report.board import render_board_html
from postsale.report.html import render_plan_html, section_titles
from postsale.report.org_html import render_org_html
from postsale.report.project_html import render_projection_html
from postsale.report.project_text import render_projection
from postsale.report.text import render_plan
from postsale.report.xlsx import SHEET_NAMES, write_plan_xlsx

TODAY = dt.date(2026, 1, 15)
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_LEFTOVER = re.compile(r"\{[a-z_]+(:[^{}]*)?\}")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S)


@pytest.fixture(scope="module")
def runs() -> tuple[Any, Any]:
    book, company = api.demo_inputs(TODAY)
    run = api.run_plan(book, company, today=TODAY)
    projection = api.run_projection(book, company, today=TODAY, months=24, paths=40, seed=7)
    return run.result, projection


def _visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", _SCRIPT.sub(" ", html)))


def _text(render: Any, *args: Any) -> str:
    buf = io.StringIO()
    render(*args, Console(file=buf, width=160, color_system=None))
    return buf.getvalue()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_report_renders_in_the_language(lang: str, runs: tuple[Any, Any],
                                              tmp_path: Path) -> None:
    plan, projection = runs
    with activate(lang, plan.currency):
        pages = {"plan": render_plan_html(plan), "board": render_board_html(plan),
                 "org": render_org_html(plan), "projection": render_projection_html(projection)}
        texts = {"plan": _text(render_plan, plan), "projection": _text(render_projection,
                                                                        projection)}
        write_plan_xlsx(plan, tmp_path / "plan.xlsx")
    for name, page in pages.items():
        assert f'<html lang="{lang}">' in page, name
        visible = _visible(page)
        assert not _LEFTOVER.search(visible), (name, _LEFTOVER.search(visible))
        if lang in ("ja", "zh"):
            assert len(_CJK.findall(visible)) > 200, name
    for name, text in texts.items():
        assert not _LEFTOVER.search(text), (name, _LEFTOVER.search(text))
        if lang in ("ja", "zh"):
            assert _CJK.search(text), name
    book = openpyxl.load_workbook(tmp_path / "plan.xlsx")
    assert book.sheetnames[:len(SHEET_NAMES) - 1] == list(SHEET_NAMES[:-1])


def test_english_words_are_todays(runs: tuple[Any, Any]) -> None:
    plan, _ = runs
    assert section_titles() == (
        "Diagnosis", "Tiers and unit economics", "Headcount: now vs needed", "Hiring triggers",
        "Warnings", "Recommendation", "Choosing the model (S3's five steps)", "Roadmap",
        "Benchmarks in effect")
    assert tr("report.budget.status.needed_fits") == (
        "The needed team fits the budget: it is the recommendation.")
    assert tr("report.plan.triggers_fired", n=1) == "1 hiring trigger fired"
    assert tr("report.plan.triggers_fired", n=4) == "4 hiring triggers fired"
    assert fmt.label("csm_high_touch") == "CSM · high touch"
    assert fmt.money(1_234_567.0) == "$1.23M"
    page = render_plan_html(plan)
    assert '<html lang="en">' in page
    assert "Blended CS cost" in page
    assert "Cost against the budget" in page


def test_other_languages_use_their_words_and_formats() -> None:
    with activate("ja", "USD"):
        assert section_titles()[2] == "人員：現状と必要数"
        assert tr("report.plan.triggers_fired", n=4) == "採用トリガー 4 件が発動"
        assert fmt.label("high_touch") == "高タッチ"
        assert fmt.money(12_000_000.0) == "$1200万"
    with activate("pt", "BRL"):
        assert tr("report.budget.title") == "Custo versus orçamento"
        assert fmt.percent(0.153) == "15,3%"
        assert fmt.number(12_345.0) == "12.345"
    with activate("zh", "CNY"):
        assert tr("report.kpi.to_hire", n=9) == "需招聘 9 人"
