"""The diagnosis speaks every language (diagnosis domain): stage and phase names, reasons, next
moves and the retention detail render from codes and raw figures on the demo plan."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from postsale.api import demo_inputs, run_plan
from postsale.core.msg import Msg
from postsale.i18n import LANGUAGES, renderer
from postsale.results import PlanResult

TODAY = dt.date(2026, 12, 5)
_LEFTOVER = re.compile(r"[{}]|Msg\(")


@pytest.fixture(scope="module")
def demo() -> PlanResult:
    book, company = demo_inputs(TODAY)
    return run_plan(book, company, today=TODAY).result


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_diagnosis_renders_in_every_language(demo: PlanResult, lang: str) -> None:
    say = renderer(lang, demo.currency)
    texts = [say(demo.stage.name), say(demo.stage.next_move), say(demo.phase.name),
             say(demo.phase.next_step), say(demo.retention.detail),
             *(say(r) for r in demo.stage.reasons), *(say(r) for r in demo.phase.reasons)]
    for text in texts:
        assert text, (lang, text)
        assert not _LEFTOVER.search(text), (lang, text)
        if lang in ("ja", "zh"):
            assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text), (lang, text)


def test_the_json_carries_codes_and_raw_figures(demo: PlanResult) -> None:
    stage = demo.to_dict()["stage"]
    assert stage["name"] == "Scaled operations"
    assert stage["name_msg"] == {"code": "diagnosis.stage.scaled_operations", "params": {}}
    first = stage["reasons_msg"][0]
    assert first["code"] == "diagnosis.reason.both"
    assert first["params"]["customers"] == 300
    assert first["params"]["arr"] == pytest.approx(demo.stage.arr)
    assert first["params"]["arr_band"] == {"code": "diagnosis.band.arr",
                                           "params": {"low": 6_000_000.0, "high": 15_000_000.0}}
    assert demo.to_dict(lang="pt")["phase"]["name"] == "Um CSM faz tudo"
    retention = demo.to_dict()["retention"]
    assert retention["detail_msg"]["params"]["detail"]["params"]["measured"] == 204


def test_exact_sentences(demo: PlanResult) -> None:
    assert str(demo.stage.reasons[2]) == ("the team is 2 stages behind its book; the plan needs "
                                          "10 people, a stage-2 team")
    assert renderer("zh")(demo.stage.reasons[1]) == "在岗 1 名客户成功人员：第 1 阶段（初创期）的团队"
    assert renderer("pt")(Msg("diagnosis.reason.team", people=1, stage=1,
                              name=Msg("diagnosis.stage.startup"))) == \
        "1 pessoa de CS no cargo: uma equipe de estágio 1 (Startup)"
