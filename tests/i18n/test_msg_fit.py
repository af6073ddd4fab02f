"""Fit messages (domain ``fit``): org-model and reporting-line reasons and risks."""

from __future__ import annotations

import pytest
from econ_plans import assert_rendered, demo, tight

from postsale.core.msg import Msg
from postsale.i18n import renderer
from postsale.i18n.catalog import LANGUAGES


@pytest.mark.parametrize("lang", LANGUAGES)
def test_reasons_and_risks_render_in_every_language(lang: str) -> None:
    for run in (demo(), tight()):
        data = run.result.to_dict(lang=lang)
        reasons = [r for rs in data["org"]["reasons"].values() for r in rs]
        reasons += [r for rs in data["reporting_line"]["reasons"].values() for r in rs]
        assert_rendered(reasons + data["reporting_line"]["risks"])


def test_the_json_carries_codes_points_and_figures() -> None:
    result = demo().result
    data = result.to_dict()
    generalist = data["org"]["reasons_msg"]["generalist"]
    assert all(r["code"] in ("fit.plus", "fit.minus") for r in generalist)
    first = next(r for r in generalist if r["params"]["why"]["code"].startswith("fit.generalist.")
                 and "customers" in r["params"]["why"]["params"])
    assert first["params"]["why"]["params"]["customers"] == result.customers
    assert isinstance(first["params"]["points"], float)
    assert len(data["reporting_line"]["risks_msg"]) == len(result.reporting_line.risks)


def test_exact_sentences() -> None:
    reason = Msg("fit.plus", points=35.0, why=Msg("fit.generalist.small_base", customers=80,
                                                   limit=100.0))
    assert renderer("en")(reason) == "+35: 80 customers ≤ 100: one owner per account works"
    minus = Msg("fit.minus", points=15.0, why=Msg("fit.generalist.large_team", csms=7, limit=5.0))
    assert renderer("zh")(minus) == "−15：所需 7 名 CSM > 5：服务质量参差不齐"
