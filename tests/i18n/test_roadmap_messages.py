"""S3's dated roadmap speaks every language: phase titles, activities, pilot reasons, S4 steps,
exit checks and the summary are ``roadmap.*`` messages with raw figures and dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from postsale.api import demo_inputs, run_plan
from postsale.core.msg import Msg
from postsale.i18n import LANGUAGES, renderer
from postsale.results import PlanResult
from postsale.results_advice import Roadmap

TODAY = dt.date(2026, 12, 5)


def _demo() -> PlanResult:
    book, company = demo_inputs(TODAY)
    return run_plan(book, company, today=TODAY).result


def _messages(roadmap: Roadmap) -> Iterator[Msg]:
    for phase in roadmap.phases:
        yield phase.title
        yield from phase.activities
        for check in phase.exit_checks:
            yield check.criterion
            if check.unit is not None:
                yield check.unit
            if check.detail is not None:
                yield check.detail
    if roadmap.pilot is not None:
        yield from roadmap.pilot.reasons
    for step in roadmap.transitions:
        yield step.name
        yield step.detail
    yield roadmap.sentence


@pytest.mark.parametrize("lang", LANGUAGES)
def test_roadmap_renders_in_every_language(lang: str) -> None:
    result = _demo()
    assert result.advice is not None
    roadmap = result.advice.roadmap
    assert roadmap.transitions  # the demo exercises the S4 steps and the pilot
    assert roadmap.pilot is not None
    for message in _messages(roadmap):
        text = renderer(lang, result.currency)(message)
        assert text, message.code
        assert "{" not in text, (lang, message.code, text)
        assert "Msg(" not in text, (lang, message.code, text)


def test_roadmap_json_carries_codes_and_raw_dates() -> None:
    data = _demo().to_dict()
    roadmap = data["advice"]["roadmap"]
    assert roadmap["sentence"].startswith("Design from Dec 5, 2026, pilot from ")
    summary = roadmap["sentence_msg"]
    assert summary["code"] in ("roadmap.summary.dates", "roadmap.summary.dates_pilot")
    assert summary["params"]["design"] == "2026-12-05"  # raw ISO, not "Dec 5, 2026"
    design = roadmap["phases"][0]
    assert design["title"] == "Model design"
    assert design["title_msg"]["code"] == "roadmap.title.design"
    assert [a["code"] for a in design["activities_msg"]][-1] == "roadmap.design.alignment"
    signal = next(c for c in roadmap["exit_signals"] if c["code"] == "person_at_capacity")
    assert isinstance(signal["criterion_msg"]["params"]["low"], float)


def test_exact_sentences_in_english_and_other_languages() -> None:
    m = Msg("roadmap.check.hires_detail", started=3, hired=4)
    assert renderer("en")(m) == "3 of 4 hires start by the end of the rollout"
    assert renderer("ja")(m) == "採用 4 人のうち 3 人が全面展開の終了までに着任"
    assert renderer("pt")(Msg("roadmap.s4.phase4")) == "uma função de onboarding dedicada"
    assert renderer("pt")(Msg("roadmap.title.rollout")) == "Implantação completa"
    assert renderer("zh")(Msg("roadmap.exit.onboarding_criterion", limit=6.0)) == \
        "onboarding 积压超过 6 周"
