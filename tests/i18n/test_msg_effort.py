"""Effort messages (domain ``effort``): the effort formulas and the effort model's explanations."""

from __future__ import annotations

import pytest
from econ_plans import assert_rendered, codes, effort

from postsale.core.msg import Msg
from postsale.i18n import renderer
from postsale.i18n.catalog import LANGUAGES


@pytest.mark.parametrize("lang", LANGUAGES)
def test_effort_explanations_render_in_every_language(lang: str) -> None:
    model = effort().result.to_dict(lang=lang)["headcount"]["effort"]
    assert_rendered(model["explanation"] + [t["explanation"] for t in model["tiers"].values()])


def test_the_json_carries_codes_and_raw_figures() -> None:
    result = effort().result
    model = result.to_dict()["headcount"]["effort"]
    total = model["explanation_msg"][-1]
    assert total["code"] == "effort.total"
    assert total["params"]["effort"] == model["effort_based"]["total"]
    assert total["params"]["ratio"] == model["ratio_based"]["total"]
    high = model["tiers"]["high_touch"]["explanation_msg"]
    assert "effort.tier" in codes(high)
    assert "effort.account_hours" in codes(high)


def test_exact_sentences() -> None:
    total = Msg("effort.total", effort=12, ratio=11, difference=Msg("effort.difference.more", n=1),
                sizing=Msg("effort.sizing.ratio"))
    assert renderer("en")(total) == ("total: 12 people by effort vs 11 by ratio (+1); the plan is "
                                    "sized by ratio ([headcount] sizing)")
    assert renderer("ja")(total) == ("合計：工数ベース 12 人 対 比率ベース 11 人（+1）。"
                                    "プランは比率で算定（[headcount] sizing）")
