"""The assignment's words come from the ``assignment`` catalogs: reasons, relaxed-rule explanations,
the capacity note, roster notes and labels render in every language from codes and raw numbers."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from typing import Any

import numpy as np
import pytest

from postsale.api import AssignmentRun, assign, demo_inputs
from postsale.core.assignment.assign import REASONS, AssignmentRules, assign_book
from postsale.core.assignment.roster import Roster
from postsale.core.assignment.summary import PoolStaff, pool_label
from postsale.core.assignment.workload import Weights
from postsale.core.msg import Msg
from postsale.i18n import activate
from postsale.i18n.catalog import LANGUAGES
from postsale.i18n.render import renderer
from strategies import make_book

TODAY = dt.date(2026, 11, 25)


@cache
def demo_run() -> AssignmentRun:
    book, company = demo_inputs(TODAY)
    return assign(book, company, today=TODAY)


def _relaxed_and_short() -> tuple[Msg, ...]:
    """A Japanese-speaking account no CSM speaks for, and a book heavier than the team."""
    book = make_book([50_000.0] * 3, region="APAC", language=["Japanese", "English", "English"],
                     timezone="Asia/Tokyo")
    tiers = np.zeros((1, 3), dtype=bool)
    tiers[0, 0] = True
    team = Roster(person_id=("P0",), name=("Ana",), role=("csm_high_touch",), tiers=tiers,
                  region=("APAC",), languages=(frozenset({"English"}),),
                  timezone=("Asia/Tokyo",), capacity=np.ones(1))
    w = np.array([0.9, 0.9, 0.9])
    a = assign_book(book, np.zeros(3, dtype=np.int8),
                    Weights(weight=w, base=w.copy(), factors={}, sources=()), team,
                    AssignmentRules(), TODAY)
    assert a.capacity_note is not None
    return (*a.explanations, a.capacity_note)


def _messages(run: AssignmentRun) -> list[Msg]:
    a = run.assignment
    found = [*a.reasons, *a.explanations, *(n for n in run.notes if isinstance(n, Msg)),
             *(r for r, _ in run.diff.by_reason), *_relaxed_and_short(),
             Msg("assignment.label.unassigned"), Msg("assignment.label.churned"),
             *(pool_label(t, s) for t in ("high_touch", "low_touch", "tech_touch")
               for s in (PoolStaff(2), PoolStaff(1), PoolStaff(0, "low_touch"), PoolStaff(0)))]
    if a.capacity_note is not None:
        found.append(a.capacity_note)
    if isinstance(run.roster.source, Msg):
        found.append(run.roster.source)
    found += [m for j in range(len(run.roster)) if isinstance(m := run.roster.label(j), Msg)]
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_assignment_message_renders_in_every_language(lang: str) -> None:
    render = renderer(lang)
    messages = _messages(demo_run())
    assert {m.code for m in messages} >= {f"assignment.reason.{r}" for r in REASONS}
    for m in messages:
        text = render(m)
        assert text.strip(), (lang, m)
        assert "{" not in text, (lang, m, text)
        assert "}" not in text, (lang, m, text)
    if lang in ("ja", "zh"):
        assert all(render(Msg(f"assignment.reason.{r}", days=60, target=1.05)) !=
                   renderer("en")(Msg(f"assignment.reason.{r}", days=60, target=1.05))
                   for r in REASONS)


def test_the_reason_column_is_rendered_once_per_reason_in_the_active_language() -> None:
    run = demo_run()
    a = run.assignment
    assert a.reason_code.dtype == np.int8
    assert a.reason.shape == a.owner.shape
    english = set(a.reason.tolist())
    with activate("ja"):
        japanese = set(run.owner_columns()["reason"].tolist())
    assert len(japanese) == len(english)
    assert {"維持：現担当者との継続性", "新規アカウント：負荷が最も低い対象ポジションに割り当て"} & japanese
    assert not english & japanese


def test_exact_sentences_in_english_and_japanese() -> None:
    line, note = _relaxed_and_short()[0], _relaxed_and_short()[-1]
    assert renderer("en")(line) == (
        "1 Japanese-speaking high-touch account in APAC: no Japanese-speaking high-touch CSM in "
        "APAC — open a requisition or relax the language rule (assigned with the timezone, "
        "language rules relaxed)")
    assert renderer("ja")(line) == (
        "APACのJapaneseを使う高タッチアカウント1件：APACにJapanese対応の高タッチ CSMがいない — "
        "採用枠を開くか、言語ルールを緩める（timezone, languageの各ルールを緩和して割り当て）")
    assert renderer("en")(note).startswith("demand exceeds capacity: 2.7 full books of work for "
                                           "1.0 of capacity; add about 2 CSM(s)")
    assert renderer("pt")(Msg("assignment.reason.rebalanced", target=1.05)) == \
        "movida para reequilibrar: o responsável estava acima da carga-alvo (105%)"


def test_the_summary_json_carries_codes_and_raw_numbers() -> None:
    data: dict[str, Any] = json.loads(json.dumps(demo_run().to_dict()))
    by_reason = data["diff"]["by_reason_msg"]
    assert [r["accounts"] for r in by_reason] == list(data["diff"]["by_reason"].values())
    assert all(r["code"].startswith("assignment.reason.") for r in by_reason)
    assert len(data["explanations_msg"]) == len(data["explanations"])
    roster = data["roster"]
    assert len(roster["notes_msg"]) == len(roster["notes"])
    owners = next((n for n in roster["notes_msg"] if n and n["code"] == "assignment.owners.from_book"),
                  None)
    if owners is not None:
        assert isinstance(owners["params"]["owners"], int)
    assert roster["source_msg"] is None or roster["source_msg"]["code"].startswith(
        "assignment.source.")
    locked = Msg("assignment.reason.rebalanced", target=1.0523).to_json()
    assert locked == {"code": "assignment.reason.rebalanced", "params": {"target": 1.0523}}
