"""Economics messages (domain ``economics``): per-tier explanations, the budget and the
gross-margin detail, in every language, with codes and raw figures in the JSON."""

from __future__ import annotations

import pytest
from econ_plans import assert_rendered, codes, demo, effort, tight

from postsale.core.msg import Msg
from postsale.i18n import renderer
from postsale.i18n.catalog import LANGUAGES


@pytest.mark.parametrize("lang", LANGUAGES)
def test_economics_render_in_every_language(lang: str) -> None:
    for run in (demo(), tight(), effort()):
        econ = run.result.to_dict(lang=lang)["economics"]
        assert_rendered([t["explanation"] for t in econ["per_tier"].values()]
                        + [econ["gross_margin_detail"], econ["budget"]["explanation"]])


def test_the_json_carries_codes_and_raw_figures() -> None:
    result = demo().result
    econ = result.to_dict()["economics"]
    high = econ["per_tier"]["high_touch"]
    msg = high["explanation_msg"]
    assert msg["code"] == "economics.tier.formula_share"
    assert msg["params"]["share"] == pytest.approx(high["cost_share_of_revenue"])
    assert msg["params"]["formula"]["params"]["cost"] == pytest.approx(high["cost_per_customer"])
    assert econ["budget"]["explanation_msg"]["params"]["rule"] == 0.15
    assert codes(econ["gross_margin_detail_msg"]) <= {
        "economics.margin.fits", "economics.margin.above_ceiling", "economics.margin.high_touch",
        "economics.margin.both", "economics.margin.not_evaluable"}
    assert "economics.book.effort" in codes(
        effort().result.to_dict()["economics"]["per_tier"]["high_touch"]["explanation_msg"])


def test_exact_sentences() -> None:
    fits = Msg("economics.margin.fits", share=0.107, ceiling=0.2475, gross_margin=0.75)
    assert renderer("en")(fits) == "CS cost 10.7% of revenue fits within 24.8% for a 75% gross margin"
    budget = Msg("economics.budget.share", share=0.1)
    assert renderer("ja")(budget) == "[budget] 比率：ARRの 10.0%"
    assert renderer("pt", "BRL")(Msg("economics.budget.amount", amount=600_000.0, share=0.1)) \
        .startswith("[budget] valor de R$")
    # a small book keeps a decimal, a large one is whole, none is a dash (book_text's rule)
    book = [renderer("en")(Msg("economics.book.ratio", book=b, key="k")) for b in (
        Msg("economics.book.tenths", n=13.7), Msg("economics.book.whole", n=1500.0))]
    assert book == ["13.7 accounts per CSM (k)", "1,500 accounts per CSM (k)"]
