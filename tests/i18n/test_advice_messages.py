"""S3's five mistakes and the plan's warnings speak every language: their titles, details and
messages are ``advice.*`` messages with raw figures; the JSON carries the codes beside the words."""

from __future__ import annotations

import datetime as dt

import pytest

from postsale.api import demo_inputs, run_plan
from postsale.core.msg import Msg
from postsale.i18n import LANGUAGES, renderer
from postsale.results import PlanResult
from strategies import make_book, plan

TODAY = dt.date(2026, 12, 5)


def _plans() -> list[PlanResult]:
    book, company = demo_inputs(TODAY)
    demo = run_plan(book, company, today=TODAY).result
    over, _ = plan(make_book([10_000.0] * 20), {"team": {"csm_high_touch": 2}})
    copied, _ = plan(make_book([30_000.0] * 10), {"accounts_per_csm": {"low_touch": 150},
                                                 "budget": {"amount": 15_000}})
    return [demo, over, copied]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_checks_and_warnings_render_in_every_language(lang: str) -> None:
    seen: set[str] = set()
    for result in _plans():
        messages = [m for c in result.checks for m in (c.title, c.detail)]
        messages += [w.message for w in result.warnings if isinstance(w.message, Msg)
                     and w.message.code.startswith("advice.")]
        for message in messages:
            assert isinstance(message, Msg)
            assert message.code.startswith("advice.")
            seen.add(message.code)
            text = renderer(lang, result.currency)(message)
            assert text, message.code
            assert "{" not in text, (lang, message.code, text)
            assert "Msg(" not in text, (lang, message.code, text)
    assert {"advice.over_servicing.failed", "advice.copied.failed",
            "advice.warning.drowning"} <= seen


def test_check_and_warning_json_carry_codes_and_raw_figures() -> None:
    result, _ = plan(make_book([10_000.0] * 20), {"team": {"csm_high_touch": 2}})
    data = result.to_dict()
    over = next(c for c in data["checks"] if c["code"] == "over_servicing_low_value")
    assert over["title"] == "Over-servicing low-value customers"
    assert over["detail_msg"]["code"] == "advice.over_servicing.failed"
    params = over["detail_msg"]["params"]
    assert (params["accounts"], params["floor"], params["median"]) == (20, 80_000.0, 10_000.0)
    assert params["share"] == pytest.approx(1.25)  # a raw fraction: "125%" is the template's
    warning = next(w for w in data["warnings"] if w["code"] == "over_servicing_low_value")
    assert warning["message"] == over["detail"]
    assert warning["message_msg"] == over["detail_msg"]
    ja = result.to_dict(lang="ja")
    assert next(c for c in ja["checks"] if c["code"] == "over_servicing_low_value")["title"] == \
        "低価値顧客への過剰サービス"


def test_exact_sentences_in_english_and_other_languages() -> None:
    m = Msg("advice.warning.team_behind", book=3, team=1, people=1)
    assert renderer("en")(m) == "a stage-3 book run by a stage-1 team (1 in seat)"
    assert renderer("pt")(m) == (
        "uma carteira de estágio 3 operada por uma equipe de estágio 1 (1 na equipe)")
    drowning = Msg("advice.warning.drowning", customers=300, people=1, low=50.0, high=75.0)
    assert renderer("en")(drowning).startswith(
        "300 customers rest on 1 CS person; one person carries 50–75 accounts end to end")
    assert renderer("zh")(Msg("advice.title.switching_models_too_often")) == "过于频繁地更换模式"
