"""The support desk speaks every language (support domain): the queue trigger, the channel
explanations, premium 24×7, the arrival profile and the headcount formula, on the demo plan with
``[support.channels]``."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from typing import Any

import pytest

from postsale.api import run_plan
from postsale.benchmarks import default_benchmarks
from postsale.company import company_from_mapping
from postsale.core.msg import Msg
from postsale.core.support.trigger import capacity_msg
from postsale.i18n import LANGUAGES, renderer
from postsale.io.read import book_from_columns
from postsale.results import PlanResult
from postsale.sample import demo_accounts, demo_company_toml

TODAY = dt.date(2026, 12, 5)
_LEFTOVER = re.compile(r"[{}]|Msg\(")
SUPPORT = {"channels": {"chat": {"kind": "chat", "share": 0.5},
                        "phone": {"kind": "phone", "share": 0.2, "hours": "follow_the_sun"},
                        "email": {"kind": "email", "share": 0.3, "resolution_hours": 8}},
           "premium_24x7": {"price": 9000, "adoption": 0.2}}


@pytest.fixture(scope="module")
def demo() -> PlanResult:
    raw: dict[str, Any] = tomllib.loads(demo_company_toml())
    raw["support"] = SUPPORT
    company = company_from_mapping(raw, "demo with support", default_benchmarks())
    book = book_from_columns(demo_accounts(TODAY), source="built-in demo book")
    return run_plan(book, company, today=TODAY).result


def _texts(plan: PlanResult) -> list[Msg]:
    support = plan.headcount.support
    assert support is not None
    assert support.premium_24x7 is not None
    trigger = next(t for t in plan.triggers if t.key == "support_sla_capacity")
    return [trigger.description, trigger.message, trigger.unit, support.trigger,
            support.arrival_profile.explanation, support.premium_24x7.explanation,
            *(c.explanation for c in support.channels),
            capacity_msg(76.41, 3, 76.38, "Oct 2027")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_support_texts_render_in_every_language(demo: PlanResult, lang: str) -> None:
    say = renderer(lang, demo.currency)
    for message in _texts(demo):
        text = say(message)
        assert text, (lang, message.code, text)
        assert not _LEFTOVER.search(text), (lang, message.code, text)
        if lang in ("ja", "zh"):
            assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text), (lang, message.code)


def test_the_json_carries_codes_and_raw_figures(demo: PlanResult) -> None:
    data = demo.to_dict()
    support = data["headcount"]["support"]
    assert support["trigger_msg"]["code"] == "support.staffing.trigger"
    assert support["trigger_msg"]["params"]["people"] == demo.headcount.support.headcount  # type: ignore[union-attr]
    chat = next(c for c in support["channels"] if c["name"] == "chat")
    assert chat["explanation"].startswith("Erlang C per open hour: ")
    assert chat["explanation_msg"]["code"] == "support.explain.chat"
    assert chat["explanation_msg"]["params"]["service_level"] == chat["service_level_target"]
    trigger = next(t for t in data["triggers"] if t["key"] == "support_sla_capacity")
    assert trigger["message_msg"]["params"]["channels"] == ["chat", "phone", "email"]
    assert data["headcount"]["roles"]["support_engineer"]["formula"].startswith("queue model")


def test_exact_sentences() -> None:
    close = capacity_msg(76.41, 3, 76.38, "Oct 2027")
    assert str(close) == ("76.41 tickets a day in Oct 2027: past the 76.38 a day 3 support "
                          "engineers hold at every channel's service level (queue model; hire "
                          "before SLAs slip)")
    assert renderer("zh")(Msg("support.trigger.seat", people=2)) == "在岗 2 名技术支持工程师"
    assert renderer("ms")(Msg("support.explain.peak", agents=1)) == "1 ejen"
