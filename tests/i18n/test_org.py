"""The org design's words come from the ``org`` catalogs: the geographic chart's coverage sentence
and language gaps render in every language from codes and raw counts, in the model and the JSON."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from typing import Any

import numpy as np
import pytest

from postsale.api import demo_inputs, plan
from postsale.core.msg import Msg
from postsale.core.org.coverage import coverage_summary, language_coverage, time_zone_coverage
from postsale.i18n.catalog import LANGUAGES
from postsale.i18n.render import renderer
from postsale.keys import OrgModel
from postsale.results import PlanResult

TODAY = dt.date(2026, 11, 25)
WINTER = dt.date(2026, 1, 15)


@cache
def demo_plan() -> PlanResult:
    book, company = demo_inputs(TODAY)
    return plan(book, company, today=TODAY)


def objects(*values: str) -> Any:
    return np.array(values, dtype=object)


def _gapped() -> tuple[Msg, Msg]:
    """A Thai-speaking account in Bangkok with no CSM and no support hub: both kinds of gap."""
    langs = language_coverage(objects("APAC"), objects("Thai"), [])
    hours = time_zone_coverage(objects("Asia/Bangkok"), objects("APAC"), [], WINTER)
    return langs["language_gaps"][0], coverage_summary(langs, hours)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_coverage_renders_in_every_language(lang: str) -> None:
    coverage = demo_plan().org.charts[OrgModel.GEOGRAPHIC]["coverage"]
    render = renderer(lang)
    messages = [coverage["summary"], *coverage["language_gaps"], *_gapped()]
    for m in messages:
        assert isinstance(m, Msg)
        text = render(m)
        assert text.strip(), (lang, m)
        assert "{" not in text, (lang, text)
        assert "}" not in text, (lang, text)
    if lang in ("ja", "zh"):
        assert render(_gapped()[1]) != renderer("en")(_gapped()[1])


def test_exact_sentences_in_english_and_chinese() -> None:
    gap, summary = _gapped()
    assert renderer("en")(gap) == "Thai in APAC: 1 accounts and no CSM seat in the region speaks it"
    assert renderer("en")(summary) == (
        "Languages: 0 of 1 region-language pairs have a CSM who speaks them (gaps: Thai in APAC: "
        "1 accounts and no CSM seat in the region speaks it). Support covers 0 of 24 UTC hours "
        "for accounts working in 8; uncovered: 02–10 UTC (1 accounts in APAC). "
        "Not follow-the-sun.")
    assert renderer("zh")(gap) == "APAC的Thai：1个客户，但该区域没有会说这种语言的 CSM 席位"


def test_the_plan_json_renders_coverage_with_codes_beside() -> None:
    result = demo_plan()
    data = json.loads(json.dumps(result.to_dict()))
    coverage = data["org"]["charts"]["geographic"]["coverage"]
    assert isinstance(coverage["summary"], str)
    assert coverage["summary_msg"]["code"].startswith("org.coverage.summary")
    spoken = coverage["summary_msg"]["params"]["languages"]
    assert isinstance(spoken["params"]["covered"], int)
    assert isinstance(spoken["params"]["pairs"], int)
    japanese = result.to_dict(lang="ja")["org"]["charts"]["geographic"]["coverage"]["summary"]
    assert japanese.startswith("言語：")
    assert japanese != coverage["summary"]


def _design_messages(result: PlanResult) -> list[Msg]:
    """Every message of the org design: profiles, runner-up, architecture, handoffs, careers, pay."""
    org = result.org
    found: list[Msg] = [m for profile in org.profiles.values() for items in profile.values()
                        for m in items]
    found += list(org.runner_up["what_would_change"])
    arch = org.architecture
    found += [arch["intervention_reason"], arch["merge_reason"]]
    if isinstance(arch["phase"].get("trigger"), Msg):
        found.append(arch["phase"]["trigger"])
    for h in org.handoffs:
        found += [h["owner"], h["shared_window"], h["metric"], *h["checklist"]]
    found += list(org.careers.values())
    found += [*org.variable_pay["tied_to"], org.variable_pay["note"]]
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_org_design_renders_in_every_language(lang: str) -> None:
    render = renderer(lang)
    messages = _design_messages(demo_plan())
    assert len(messages) > 40
    for m in messages:
        assert isinstance(m, Msg), m
        text = render(m)
        assert text.strip(), (lang, m)
        assert "{" not in text, (lang, text)
        assert "}" not in text, (lang, text)


def test_exact_design_sentences_in_english_and_portuguese() -> None:
    careers = demo_plan().org.careers
    assert renderer("en")(careers["csm_low_touch"]) == \
        "CSM → Senior CSM → Team Lead → Manager → Director → VP CS"
    assert renderer("pt")(Msg("org.arch.merge", reasons=Msg(
        "org.arch.comma", first=Msg("org.arch.light_product"),
        rest=Msg("org.arch.few_customers", customers=60, limit=100.0)))) == \
        "unificar: o produto é simples, poucos clientes (60 < 100)"
    assert renderer("en")(Msg("org.arch.light_implementation", weeks=2.0, limit=4.0)) == \
        "implementation is light (2.0 weeks ≤ 4)"


def test_the_plan_json_renders_the_design_with_codes_beside() -> None:
    result = demo_plan()
    org = json.loads(json.dumps(result.to_dict()))["org"]
    assert org["profiles_msg"]["pod"]["pros"][0]["code"].startswith("org.profile.")
    assert isinstance(org["profiles"]["pod"]["pros"][0], str)
    assert org["careers_msg"]["csm_low_touch"]["code"] == "org.career.csm"
    assert org["architecture"]["merge_reason_msg"]["code"].startswith("org.arch.")
    handoff = org["handoffs"][0]
    assert isinstance(handoff["checklist"][0], str)
    assert handoff["checklist_msg"][0]["code"].startswith("org.handoff.check.")
    assert org["variable_pay"]["note_msg"]["code"] == "org.pay.note"
    japanese = result.to_dict(lang="ja")["org"]
    assert japanese["variable_pay"]["note"].startswith("商取引上の関係")
