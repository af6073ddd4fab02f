"""Tiering messages (domain ``tiering``): per-account tier reasons, rendered once per distinct
reason mask in the reader's language."""

from __future__ import annotations

import pytest
from econ_plans import assert_rendered, demo

from postsale.core.msg import Msg
from postsale.core.tiering import TierReason, reason_messages
from postsale.i18n import activate, renderer
from postsale.i18n.catalog import LANGUAGES


@pytest.mark.parametrize("lang", LANGUAGES)
def test_account_reasons_render_in_every_language(lang: str) -> None:
    run = demo()
    with activate(lang):
        rows = run.account_rows()
    assert len(rows) == len(run.book)
    assert_rendered(sorted({r[2] for r in rows}))


def test_reasons_carry_the_thresholds_as_raw_figures() -> None:
    run = demo()
    every = int(TierReason.ACV_LOW | TierReason.AT_RISK_ESCALATION)
    messages = reason_messages(every, run.tiering.thresholds)
    assert [m.code for m in messages] == ["tiering.reason.acv_low", "tiering.reason.at_risk"]
    low = messages[0].to_json()["params"]
    assert low == {"low": run.tiering.thresholds["tiering.low_touch_min_acv"],
                   "high": run.tiering.thresholds["tiering.high_touch_min_acv"]}


def test_exact_sentences() -> None:
    low = Msg("tiering.reason.acv_low", low=10_000.0, high=100_000.0)
    assert renderer("en")(low) == "ARR in $10K–$100K (low-touch band)"
    assert renderer("ja")(low) == "ARR $1万〜$10万（低タッチの範囲）"
