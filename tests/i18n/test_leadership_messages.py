"""The leadership layers' reasons speak every language (leadership domain)."""

from __future__ import annotations

import re

import pytest

from postsale.benchmarks import default_benchmarks
from postsale.core.leadership import leadership
from postsale.i18n import LANGUAGES, renderer
from postsale.keys import Role

_LEFTOVER = re.compile(r"[{}]|Msg\(")
# team sizes that take every branch: founder-led, one head, team leads, directors, VPs and a CCO
_TEAMS = [(3, 2, 40, 1), (9, 5, 300, 4), (60, 50, 800, 2), (11, 11, 100, 1), (25, 15, 600, 3),
          (300, 200, 5_000, 4), (900, 700, 20_000, 4)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_reason_renders_in_every_language(lang: str) -> None:
    say = renderer(lang)
    codes = set()
    for team in _TEAMS:
        for _, why in leadership(*team, default_benchmarks()).values():
            codes.add(why.code)
            text = say(why)
            assert text, (lang, why, text)
            assert not _LEFTOVER.search(text), (lang, why, text)
            if lang in ("ja", "zh"):
                assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text) or text.startswith("ceil")
    assert len(codes) >= 14


def test_reasons_carry_raw_figures() -> None:
    why = leadership(60, 50, 0, 1, default_benchmarks())[Role.TEAM_LEAD][1]
    assert why.to_json() == {"code": "leadership.team_leads",
                             "params": {"csms": 50, "span": 4.0, "team_leads": 13}}


def test_exact_sentences() -> None:
    out = leadership(9, 5, 300, 4, default_benchmarks())
    assert str(out[Role.CCO][1]) == ("CCO needs ≥ 1,000 customers, ≥ 50 people and 3+ functions "
                                     "(have 300, 9, 4)")
    assert renderer("ja")(out[Role.MANAGER][1]) == \
        "9人 ≤ 管理スパン10人：マネージャー職のHead of CS 1人が直接率いる"
