"""The hiring triggers speak every language (triggers domain): descriptions, units and messages
render from codes and raw figures on the demo plan, and the JSON carries the codes beside them."""

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
def test_every_trigger_text_renders_in_every_language(demo: PlanResult, lang: str) -> None:
    say = renderer(lang, demo.currency)
    for t in demo.triggers:
        for text in (say(t.description), say(t.message), say(t.unit)):
            assert text, (lang, t.key, text)
            assert not _LEFTOVER.search(text), (lang, t.key, text)
            if lang in ("ja", "zh"):
                assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text), (lang, t.key, text)


def test_the_json_carries_codes_and_raw_figures(demo: PlanResult) -> None:
    data = demo.to_dict()
    renewals = next(t for t in data["triggers"]
                    if t["key"] == "renewals_pipeline_exceeds_capacity")
    assert renewals["message"].startswith("76 renewals due in 12 months on the desk")
    assert renewals["message_msg"]["code"] == "triggers.renewals.message"
    params = renewals["message_msg"]["params"]
    assert (params["pipeline"], params["std"], params["tiers"]) == (76.0, 100.0, ["low_touch"])
    assert renewals["unit_msg"] == {"code": "triggers.unit.desk_renewals", "params": {}}
    high = next(t for t in data["triggers"] if t["key"] == "high_touch_accounts_per_csm")
    assert high["message_msg"]["params"]["holder"]["code"] == "triggers.holder.none"
    assert high["description_msg"]["params"] == {"tier": "high_touch", "threshold": 12.0}


def test_exact_sentences(demo: PlanResult) -> None:
    high = next(t for t in demo.triggers if t.key == "high_touch_accounts_per_csm")
    assert str(high.message) == ("39 high-touch accounts, no high-touch CSM in seat, so it all "
                                 "falls on one person: 39.0 per person vs 12")
    assert renderer("ja")(high.message) == ("高タッチアカウント39件、高タッチCSMが在籍していないため、"
                                            "すべて1人に集中：1人あたり39.0件（基準12件）")
    seated = Msg("triggers.holder.csm_low_touch", people=3)
    assert str(seated) == "3 low-touch CSMs in seat"
    assert renderer("pt")(seated) == "3 CSMs low-touch no cargo"
    assert renderer("pt")(Msg("triggers.cs_ops.description", threshold=8.0)) == \
        "contrate o primeiro CS Ops com ~8 CSMs"
