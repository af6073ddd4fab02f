"""The projection's words (``projection`` domain): every sentence a real projection carries —
hiring triggers, delay and shortfall reasons, timeline events, growth notes, the retention source,
scenario names and warnings — renders in every language, and its JSON keeps codes and raw numbers
beside the sentences."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest

from postsale.api import demo_inputs, run_projection
from postsale.core.msg import Msg
from postsale.core.projection.pacing import reason_text
from postsale.core.projection.role_words import role_count
from postsale.i18n import LANGUAGES, renderer
from postsale.keys import Role
from postsale.results_projection import ProjectionResult

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def demo() -> ProjectionResult:
    book, company = demo_inputs(TODAY)
    return run_projection(book, company, today=TODAY, months=24, paths=100, seed=3)


@pytest.fixture(scope="module")
def capped() -> ProjectionResult:
    """The demo under a fixed budget: requisitions are deferred, with a budget warning."""
    book, company = demo_inputs(TODAY)
    budget = company.budget.model_copy(update={"amount": 900_000.0})
    return run_projection(book, company.model_copy(update={"budget": budget}), today=TODAY,
                          months=24, paths=100, seed=3)


def _messages(result: ProjectionResult) -> Iterator[Msg]:
    """Every message the projection holds."""
    for h in result.hires:
        yield h.trigger
        if h.delay_reason_text is not None:
            yield h.delay_reason_text
    for s in result.shortfalls:
        if s.reason_text is not None:
            yield s.reason_text
    for d in result.deferred:
        yield from (d.reason_text, d.trigger)
    for e in result.timeline:
        yield from (e.title, e.detail)
    yield from result.growth.notes
    yield result.retention.description
    for sc in result.scenarios:
        yield from (sc.name, sc.description)
    for w in result.warnings:
        if isinstance(w.message, Msg):
            yield w.message


def _codes(message: Msg) -> Iterator[str]:
    yield message.code
    for value in message.values():
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, Msg):
                yield from _codes(item)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_projection_message_renders_without_leftovers(
        demo: ProjectionResult, capped: ProjectionResult, lang: str) -> None:
    render = renderer(lang, "USD")
    messages = [*_messages(demo), *_messages(capped)]
    codes = {code for m in messages for code in _codes(m)}
    # the real plans reach the triggers, the calendar, the timeline, scenarios and warnings
    assert {"projection.trigger.catch_up", "projection.reason.hiring_capacity",
            "projection.reason.budget", "projection.timeline.stage_today",
            "projection.timeline.open_detail", "projection.scenario.as_planned",
            "projection.warning.hiring_capacity", "projection.warning.budget"} <= codes, codes
    for message in messages:
        text = render(message)
        assert text.strip(), message
        assert not re.search(r"[{}]", text), (lang, message, text)
    for role in Role:
        for n in (1, 3, 2.5):
            assert str(n).replace(".", "") in re.sub(r"\D", "", render(role_count(role, n)))


def test_translations_differ_from_english_in_japanese_and_chinese(demo: ProjectionResult) -> None:
    english, japanese, chinese = (renderer(lang) for lang in ("en", "ja", "zh"))
    for message in _messages(demo):
        if message.code in ("projection.scenario.named", "projection.scenario.described"):
            continue  # the user's own words
        assert japanese(message) != english(message), message
        assert chinese(message) != english(message), message


def test_json_carries_codes_and_raw_numbers(capped: ProjectionResult) -> None:
    data = capped.to_dict()
    stage = data["timeline"][0]
    assert stage["title"] == "Stage 3 today: Scaled operations"
    assert stage["title_msg"] == {"code": "projection.timeline.stage_today",
                                  "params": {"stage": 3, "name": {"code": "projection.stage.3",
                                                                  "params": {}}}}
    assert stage["detail_msg"]["code"] == "projection.timeline.stage_book"
    assert stage["detail_msg"]["params"]["customers"] == capped.months[0].customers.p50
    hire = data["hires"][0]
    assert hire["trigger"] == str(capped.hires[0].trigger)
    assert hire["trigger_msg"]["code"].startswith("projection.trigger.")
    deferred = data["deferred"][0]
    assert deferred["reason_text"] == "budget"
    assert deferred["reason_text_msg"] == {"code": "projection.reason.budget", "params": {}}
    budget = next(w for w in data["warnings"] if w["code"] == "projection_budget")
    assert budget["message_msg"]["code"] == "projection.warning.budget"
    assert capped.hiring.budget is not None
    assert budget["message_msg"]["params"]["budget"] == capped.hiring.budget  # raw, unrounded
    assert f"${capped.hiring.budget:,.0f} a year" in budget["message"]
    assert all("name_msg" in s and "description_msg" in s for s in data["scenarios"])
    japanese = capped.to_dict(lang="ja")
    assert japanese["timeline"][0]["title"] == "現在はステージ3：スケール運用期"
    assert japanese["timeline"][0]["title_msg"] == stage["title_msg"]


def test_exact_sentences_in_english_and_other_languages() -> None:
    capacity = reason_text("hiring_capacity", 2, 12)
    assert renderer("en")(capacity) == "hiring capacity 2 a month"
    assert renderer("ja")(capacity) == "採用キャパシティ月2名"
    assert renderer("pt")(capacity) == "capacidade de contratação de 2 por mês"
    need = Msg("projection.trigger.need", wanted=role_count(Role.CSM_HIGH_TOUCH, 5),
               month=dt.date(2027, 10, 1), heads=3)
    assert renderer("en")(need) == "5 high-touch CSMs needed in October 2027; 3 in seat and ramping"
    assert renderer("zh")(need) == "2027年10月需要 5 名高接触 CSM；在岗及上手期中共 3 人"
    assert renderer("pt")(need) == ("5 CSMs high-touch necessário(s) em outubro de 2027; 3 em "
                                    "cadeira e em ramp-up")
    one = Msg("projection.timeline.open_one", role="csm_low_touch")
    assert renderer("en")(one) == "Open 1 low-touch CSM requisition"
    assert renderer("ms")(one) == "Buka 1 jawatan kosong CSM low-touch"


def test_the_render_memo_tells_equal_messages_of_other_types_apart() -> None:
    """A calendar repeats one trigger over many requisitions, so sentences are memoized; a message
    equal to another (``True == 1``) but rendering differently keeps its own sentence."""
    render = renderer("en")
    assert render(Msg("projection.scenario.named", name=True)) == "yes"
    assert render(Msg("projection.scenario.named", name=1)) == "1"
    assert render(Msg("projection.scenario.named", name=True)) == "yes"
