"""The projection's trigger texts (``staffing.trigger_texts``) follow the plan's capacity rules:
tech-touch CSMs on at-risk accounts worth a human when health data exists (DOMAIN.md §10.4), the
renewals desk on the tiers it owns (§10.3), CS Ops on CSMs or the tech-touch program floor (S3)."""

from __future__ import annotations

from typing import Any

import numpy as np

from postsale.core.capacity import WorkloadArrays
from postsale.core.projection.staffing import trigger_texts
from postsale.keys import ROLE_KEYS, Role
from strategies import TODAY, company_and_benchmarks


def arrays(tier_accounts: list[tuple[int, int, int]], **fields: Any) -> WorkloadArrays:
    """Median-path workload arrays (1-D over months) with neutral defaults."""
    months = len(tier_accounts)
    zeros = np.zeros(months)
    base: dict[str, Any] = {
        "tier_accounts": np.asarray(tier_accounts, dtype=np.int64), "onboarding_active": zeros,
        "new_customers_per_year": zeros, "implementation_weeks": 6.0, "tickets_per_day": None,
        "renewals_standard_12m": zeros, "renewals_complex_12m": zeros,
    }
    return WorkloadArrays(**(base | {k: np.asarray(v, dtype=np.float64) for k, v in fields.items()}))


def texts(w: WorkloadArrays, required: dict[Role, list[int]] | None = None,
          raw: dict[str, Any] | None = None) -> dict[Role, list[str]]:
    company, bench = company_and_benchmarks(raw)
    months = int(np.shape(w.tier_accounts)[0])
    need = {r: [0] * months for r in ROLE_KEYS} | (required or {})
    out = trigger_texts(need, w, TODAY, bench, company)
    return {role: ["" if m is None else str(m) for m in months_] for role, months_ in out.items()}


def test_tech_touch_text_counts_at_risk_accounts_worth_a_human() -> None:
    # 296 tech-touch accounts, of which 75 at risk and ≥ $5K: 75 ÷ 60 → 2 pooled CSMs (S0)
    w = arrays([(0, 0, 250), (0, 0, 296)], tech_at_risk=[62.0, 75.0])
    out = texts(w, {Role.CSM_TECH_TOUCH: [2, 2]})[Role.CSM_TECH_TOUCH][1]
    assert out == ("at-risk tech-touch accounts worth a human reach 75 in December 2026: over 2 "
                   "pooled CSMs at 60 each (health below 40 and ARR ≥ $5,000, of 296 tech-touch "
                   "accounts; the rest get automated save plays)")


def test_tech_touch_text_without_health_data_is_raw_count() -> None:
    out = texts(arrays([(0, 0, 250), (0, 0, 296)]))[Role.CSM_TECH_TOUCH][1]
    assert out == ("tech-touch accounts reach 296 in December 2026: over 1 pooled CSM at 500 each "
                   "(no health scores: staffed on raw count until health data exists)")


def test_renewals_text_counts_the_desk_owned_pipeline() -> None:
    # 30 high-touch (CSM), 150 low-touch (desk), 400 tech-touch (automatic) renewals
    w = arrays([(30, 150, 400)] * 2, renewals_standard_12m=[580.0, 580.0],
               renewals_by_tier=[(30.0, 150.0, 400.0)] * 2)
    out = texts(w, {Role.RENEWALS_SPECIALIST: [1, 2]})[Role.RENEWALS_SPECIALIST][1]
    assert out == ("desk-owned renewals (low-touch) in the 12 months from December 2026 reach 150: "
                   "more than 1 renewals specialists can carry")
    desk = texts(w, {Role.RENEWALS_SPECIALIST: [1, 6]},
                 {"renewals": {"tech_touch": "desk"}})[Role.RENEWALS_SPECIALIST][1]
    assert "desk-owned renewals (low-touch and tech-touch) in the 12 months from December 2026 " \
        "reach 550" in desk


def test_cs_ops_text_names_the_tech_touch_program_floor_when_it_binds() -> None:
    # 25,000 tech-touch accounts: ceil(25,000 ÷ 10,000) = 3 program staff, more than 4 CSMs need
    w = arrays([(0, 100, 20_000), (0, 100, 25_000)])
    out = texts(w, {Role.CSM_LOW_TOUCH: [2, 2], Role.CSM_TECH_TOUCH: [2, 2],
                    Role.CS_OPS: [2, 3]})[Role.CS_OPS][1]
    assert out == ("tech-touch accounts reach 25,000 in December 2026: the tech-touch program "
                   "(automation, content, enablement) needs ceil(25,000 tech-touch accounts ÷ "
                   "10,000) = 3 (S3)")


def test_cs_ops_text_on_csms_mentions_the_program_floor_beside_it() -> None:
    # 40 CSMs → round(40 ÷ 8) = 5 CS Ops, above the tech-touch program's floor of 2
    w = arrays([(120, 1_700, 15_000)] * 2)
    out = texts(w, {Role.CSM_HIGH_TOUCH: [10, 10], Role.CSM_LOW_TOUCH: [28, 28],
                    Role.CSM_TECH_TOUCH: [2, 2], Role.CS_OPS: [4, 5]})[Role.CS_OPS][1]
    assert out == ("CSMs reach 40 in December 2026: one CS Ops per 8 CSMs (early automation); "
                   "the tech-touch program (automation, content, enablement) needs "
                   "ceil(15,000 tech-touch accounts ÷ 10,000) = 2 (S3)")
    small = texts(arrays([(0, 400, 0)] * 2), {Role.CSM_LOW_TOUCH: [8, 8],
                                               Role.CS_OPS: [0, 1]})[Role.CS_OPS][1]
    assert small == ("first CS Ops at 8 CSMs in December 2026 (the CS leader can no longer do ops "
                     "work)")
