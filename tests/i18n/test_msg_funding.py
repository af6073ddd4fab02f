"""Funding messages (domain ``funding``): the levers' step descriptions in every language."""

from __future__ import annotations

import pytest
from econ_plans import assert_rendered, codes, tight

from postsale.core.msg import Msg
from postsale.i18n import renderer
from postsale.i18n.catalog import LANGUAGES


@pytest.mark.parametrize("lang", LANGUAGES)
def test_funding_steps_render_in_every_language(lang: str) -> None:
    steps = tight().result.to_dict(lang=lang)["funding"]["steps"]
    assert len(steps) >= 2
    assert_rendered([s["description"] for s in steps])


def test_the_json_carries_codes_and_raw_figures() -> None:
    steps = tight().result.to_dict()["funding"]["steps"]
    move = next(s for s in steps if s["lever"] == "move_down_low")
    msg = move["description_msg"]
    assert msg["code"] == "funding.move_down"
    assert msg["params"]["tier"] == "low_touch"
    assert msg["params"]["to_tier"] == "tech_touch"
    assert msg["params"]["floor"] == 21_300.0
    assert msg["params"]["rule"] == 0.15
    assert "funding.per_csm.ratio" in codes(msg)
    assert move["description"].startswith("move low-touch accounts under $21,300 ARR to tech-touch")


def test_exact_sentences() -> None:
    pool = Msg("funding.pool_tail", book=100.0)
    assert renderer("en")(pool) == ("pool the low- and tech-touch tail: no named CSM, pooled "
                                   "low-touch books of 100 accounts (S3 pooled 1:many, 40–100)")
    renewals = Msg("funding.renewals_to_sales", tiers=("high_touch", "low_touch"))
    assert renderer("zh")(renewals).startswith("将高接触和低接触的续费交给销售")
