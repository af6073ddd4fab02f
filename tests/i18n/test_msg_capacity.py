"""Capacity messages (domain ``capacity``): the role formulas, the new-customer source, the
team-from-owners warning and the not-a-hire trigger suffix."""

from __future__ import annotations

import pytest
from econ_plans import assert_rendered, codes, demo, effort

from postsale.core.msg import Msg
from postsale.i18n import renderer
from postsale.i18n.catalog import LANGUAGES
from postsale.keys import ROLE_KEYS

#: roles whose formula another part writes (support queue, leadership layers) until it converts
_OWN = ("csm_high_touch", "csm_low_touch", "csm_tech_touch", "implementation_specialist",
        "renewals_specialist", "cs_ops", "tam")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_role_formulas_render_in_every_language(lang: str) -> None:
    for run in (demo(), effort()):
        roles = run.result.to_dict(lang=lang)["headcount"]["roles"]
        assert set(_OWN) <= {str(r) for r in ROLE_KEYS}
        assert_rendered([roles[r]["formula"] for r in _OWN])


def test_the_json_carries_codes_and_raw_figures() -> None:
    result = demo().result
    roles = result.to_dict()["headcount"]["roles"]
    renewals = roles["renewals_specialist"]["formula_msg"]
    assert "capacity.renewals" in codes(renewals)
    high = roles["csm_high_touch"]["formula_msg"]
    assert high["code"] == "capacity.csm"
    assert high["params"]["tier"] == "high_touch"
    assert high["params"]["accounts"] == result.tiers["high_touch"].accounts  # type: ignore[index]
    assert "effort.formula" in codes(
        effort().result.to_dict()["headcount"]["roles"]["csm_high_touch"]["formula_msg"])


def test_exact_sentences() -> None:
    csm = Msg("capacity.csm", accounts=1_000, tier="tech_touch", per_csm=2_000.0, fte=0.5)
    assert renderer("en")(csm) == (
        "1,000 tech-touch accounts ÷ 2,000 per CSM = 0.50 FTE; CSM seats are whole people per tier "
        "plus the pooled remainders (a tier too small for a seat is covered by another's CSM)")
    leader = Msg("capacity.cs_ops.leader", csms=5, first_at=8.0)
    assert renderer("ms")(leader) == "5 CSM < 8: pemimpin CS melakukan kerja ops"
