"""S3's five-step selection speaks every language: its sentences are messages (``selection.*``)
with raw figures, rendered from the catalogs, and the JSON carries the codes beside the words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from postsale.api import demo_inputs, run_plan
from postsale.core.msg import Msg
from postsale.i18n import LANGUAGES, renderer
from postsale.results import PlanResult
from postsale.results_advice import Selection
from strategies import make_book, plan

TODAY = dt.date(2026, 12, 5)
S3_GROWTH = {"growth": [{"months": 12, "customers": 250, "arr": 8_000_000},
                        {"months": 24, "customers": 500, "arr": 18_000_000}]}


def _demo() -> PlanResult:
    book, company = demo_inputs(TODAY)
    return run_plan(book, company, today=TODAY).result


def _messages(selection: Selection) -> Iterator[Msg]:
    for step in selection.steps:
        yield step.title
        yield step.sentence
        for item in step.finding.items:
            yield item.sentence
        for move in step.moves:
            yield move.reason
    yield selection.recommendation.sentence


def _plans() -> list[PlanResult]:
    moved, _ = plan(make_book([3_000.0] * 60), {"company": {"product_complexity": "high"}})
    grown, _ = plan(make_book([30_000.0] * 100), S3_GROWTH)
    return [_demo(), moved, grown]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_selection_renders_in_every_language(lang: str) -> None:
    for result in _plans():
        assert result.advice is not None
        for message in _messages(result.advice.selection):
            assert message.code.startswith("selection."), message
            text = renderer(lang, result.currency)(message)
            assert text, message.code
            assert "{" not in text, (lang, message.code, text)
            assert "}" not in text, (lang, message.code, text)
            assert "Msg(" not in text, text


def test_selection_json_carries_codes_and_raw_figures() -> None:
    grown, _ = plan(make_book([30_000.0] * 100), S3_GROWTH)
    data = grown.to_dict()
    step = next(s for s in data["advice"]["selection"]["steps"] if s["key"] == "scale_projection")
    assert isinstance(step["title"], str)
    assert step["title_msg"]["code"] == "selection.title.scale_projection"
    month24 = step["finding"]["items"][-1]
    assert "⌈500 ÷ 12⌉ = 42 CSMs" in month24["sentence"]
    clauses = month24["sentence_msg"]
    assert clauses["code"] == "selection.clauses"
    high = clauses["params"]["then"]
    assert high["code"] == "selection.scale.all_high_share"
    assert (high["params"]["customers"], high["params"]["csms"]) == (500.0, 42)
    assert isinstance(high["params"]["share"], float)  # a raw fraction, not "64%"
    rec = data["advice"]["selection"]["recommendation"]
    assert rec["sentence_msg"]["code"] == "selection.rec.sentence"


def test_exact_sentences_in_english_and_other_languages() -> None:
    m = Msg("selection.economics.tier", tier="low_touch", cost=3_200.0, share=0.2133,
            acv=15_000.0, verdict=Msg("selection.verdict.too_expensive"))
    assert renderer("en", "USD")(m) == (
        "low-touch: $3,200 full cost a customer = 21.3% of the $15,000 average ACV — too expensive")
    assert renderer("pt", "BRL")(m) == (
        "low-touch: custo total de R$\xa03.200 por cliente = 21,3% do ACV médio de R$\xa015.000 "
        "— caro demais")
    reach = Msg("selection.scale.reaches", months=24, customers=500.0, people=18)
    assert renderer("ja")(reach) == "推奨モデルは 18 人で 24 か月後のブック（顧客 500 社）に到達します"
    assert renderer("zh")(Msg("selection.sentence", text=reach)) == (
        "推荐的模式以 18 人覆盖第 24 个月的客户规模（500 位客户）。")
    segs = Msg("selection.competition.out_of_line", segments=1)
    assert renderer("en")(segs) == "1 segment out of line with competitors' service"
    assert renderer("ms")(segs) == "1 segmen tidak selari dengan perkhidmatan pesaing"
