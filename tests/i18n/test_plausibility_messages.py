"""The plausibility warnings speak every language (plausibility domain)."""

from __future__ import annotations

import re

import pytest

from postsale.core.plausibility import Finding
from postsale.i18n import LANGUAGES, renderer
from postsale.results import Warning
from postsale.results_plausibility import finding_message

_LEFTOVER = re.compile(r"[{}]|Msg\(")
FINDINGS = [
    Finding("arr_looks_like_millions", {"median": 12.5, "max": 80.25, "accounts": 40,
                                        "floor": 1000.0}),
    Finding("arr_looks_like_counts", {"median": 12.0, "max": 80.0, "accounts": 40,
                                      "floor": 1000.0}),
    Finding("cost_above_arr", {"cost": 250_000.0, "arr": 120_000.0, "share": 250 / 120,
                               "max_share": 1.0}),
    Finding("grr_implausible", {"grr": 0.31, "min_grr": 0.5}),
    Finding("nrr_implausible", {"nrr": 3.2, "max_nrr": 2.0}),
    Finding("stale_export", {"newest": "2025-03-01", "today": "2026-12-05", "months": 21.1,
                             "limit": 9.0}),
    Finding("as_of_before_data", {"share": 0.6, "today": "2020-01-01",
                                  "median_start": "2023-04-01"}),
    Finding("renewals_look_monthly", {"share": 0.9, "accounts": 1200, "max_share": 0.3}),
    Finding("churned_account_owned", {"accounts": 1, "first": 3}),
    Finding("churned_account_owned", {"accounts": 12, "first": 3}),
]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_finding_renders_in_every_language(lang: str) -> None:
    say = renderer(lang, "EUR")
    for finding in FINDINGS:
        text = say(finding_message(finding, "Revenue ($M)"))
        assert text, (lang, finding.code, text)
        assert not _LEFTOVER.search(text), (lang, finding.code, text)
        if lang in ("ja", "zh"):
            assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text), (lang, finding.code)


def test_the_warning_json_carries_the_code_and_raw_figures() -> None:
    warning = Warning(code="cost_above_arr", message=finding_message(FINDINGS[2]))
    data = warning.to_dict(currency="EUR")
    assert data["message"].startswith("the CS work this book needs (its FTE, before rounding to "
                                      "whole people) costs €250,000 a year, 208% of the book's "
                                      "ARR €120,000")
    assert data["message_msg"] == {"code": "plausibility.cost_above_arr", "params": {
        "cost": 250_000.0, "share": 250 / 120, "arr": 120_000.0}}


def test_exact_sentences() -> None:
    one, many = FINDINGS[-2:]
    assert str(finding_message(one)).startswith(
        "1 account without revenue (ARR 0 or blank: churned) still names an owner: ")
    assert str(finding_message(many)).startswith(
        "12 accounts without revenue (ARR 0 or blank: churned) still name an owner: ")
    assert renderer("ja")(finding_message(FINDINGS[3])) == (
        "previous_arrから算出したGRRは31%（50%未満）：previous_arrが1年前のARRで、"
        "ARRと同じ通貨・単位かを確認してください")
