"""``csm_books``: the one answer to "accounts per CSM of tier T for this company" (issue 12 item 3).

Under ratio sizing it is the ratio; under ``[headcount] sizing = "effort"`` the book the service
catalogue implies (biweekly check-ins: 105 − 26 × 0.5 = 92 CSM hours per high-touch account →
1,260 ÷ 92 = 13.7 accounts per CSM), and every figure that prices or sizes a CSM reads it:
economics, the projection's unit costs and trigger texts, the hiring triggers, the funding lever,
the scale step.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

from postsale.core.capacity import WorkloadArrays, required_headcount, role_counts
from postsale.core.csm_book import book_text, csm_books
from postsale.core.effort import seat_fte
from postsale.core.projection.staffing import tier_unit_costs
from postsale.core.triggers import evaluate_triggers
from postsale.keys import CSM_ROLE_BY_TIER, TIER_KEYS, Tier
from strategies import company_and_benchmarks, make_workload

BIWEEKLY = {"headcount": {"sizing": "effort"},
            "catalogue": {"high_touch": {"weekly_check_in": {"frequency": 26}}}}
HIGH_BOOK = 1260 / 92


def _workload(**fields: Any) -> Any:
    base: dict[str, Any] = {"tier_accounts": (120, 500, 2_000), "customers": 2_620,
                            "new_customers_per_year": 300.0}
    return make_workload(**(base | fields))


def test_ratio_sizing_reads_the_ratio_keys() -> None:
    company, bench = company_and_benchmarks({"company": {"automation_maturity": "mature"}})
    books = csm_books(_workload(), bench, company)
    assert books[Tier.HIGH_TOUCH].value == 12
    assert books[Tier.HIGH_TOUCH].sources == ("accounts_per_csm.high_touch",)
    assert books[Tier.TECH_TOUCH].ratio_key == "accounts_per_csm.tech_touch_automated"
    assert all(b.basis == "ratio" for b in books.values())


def test_effort_sizing_reads_the_catalogue_and_names_its_keys() -> None:
    company, bench = company_and_benchmarks(BIWEEKLY)
    workload = _workload()
    books = csm_books(workload, bench, company)
    high = books[Tier.HIGH_TOUCH]
    assert high.basis == "effort"
    assert high.value == pytest.approx(HIGH_BOOK)
    assert float(high.hours_per_account) == pytest.approx(92.0)
    assert "catalogue.high_touch.weekly_check_in.frequency" in high.sources
    assert "effort.utilisation" in high.sources
    assert "accounts_per_csm.high_touch" not in high.sources
    assert str(high.describe(bench)).startswith("13.7 accounts per CSM (service catalogue: 92.0 CSM")
    # exactly what sized the CSM seats: accounts ÷ the catalogue FTE of the tier's CSMs
    fte = seat_fte(WorkloadArrays.of(workload), bench, company)
    for i, tier in enumerate(TIER_KEYS):
        assert books[tier].value == pytest.approx(
            workload.tier_accounts[i] / float(fte[CSM_ROLE_BY_TIER[tier]]))


def test_a_tier_without_accounts_falls_back_to_its_ratio_and_no_csm_hours_is_no_book() -> None:
    company, bench = company_and_benchmarks(
        {**BIWEEKLY, "catalogue": {"tech_touch": {"overflow_save_play": {"frequency": 0}}}})
    books = csm_books(_workload(tier_accounts=(0, 500, 2_000), customers=2_500), bench, company)
    assert (books[Tier.HIGH_TOUCH].basis, books[Tier.HIGH_TOUCH].value) == ("ratio", 12)
    assert "accounts_per_csm.high_touch" in books[Tier.HIGH_TOUCH].sources
    assert books[Tier.TECH_TOUCH].basis == "effort"
    assert books[Tier.TECH_TOUCH].value is None  # the catalogue books no CSM hours on them
    assert book_text(None) == "—"


def test_element_wise_books_equal_the_books_of_each_workload() -> None:
    company, bench = company_and_benchmarks(BIWEEKLY)
    counts = [(120, 500, 2_000), (60, 800, 0), (0, 10, 5_000)]
    arrays = WorkloadArrays.of(_workload())
    stacked = dataclasses.replace(
        arrays, tier_accounts=np.array(counts, dtype=np.int64),
        customers=np.array([sum(c) for c in counts], dtype=np.int64),
        onboarding_active=np.zeros(3), new_customers_per_year=np.full(3, 300.0),
        renewals_standard_12m=np.zeros(3), renewals_complex_12m=np.zeros(3))
    books = csm_books(stacked, bench, company)
    for row, c in enumerate(counts):
        one = csm_books(_workload(tier_accounts=c, customers=sum(c)), bench, company)
        for tier in TIER_KEYS:
            assert float(books[tier].per_csm[row]) == pytest.approx(float(one[tier].per_csm))


def test_the_projection_prices_a_customer_at_the_plans_book() -> None:
    company, bench = company_and_benchmarks(BIWEEKLY)
    unit, keys = tier_unit_costs(bench, company, _workload())
    # $150K ÷ 13.7 + $600 shared + $200 technology (S3 step 1), not ÷ the ratio's 12
    assert unit[Tier.HIGH_TOUCH] == pytest.approx(150_000 / HIGH_BOOK + 600 + 200)
    assert "catalogue.high_touch.weekly_check_in.frequency" in keys
    ratio_company, ratio_bench = company_and_benchmarks()
    ratio_unit, ratio_keys = tier_unit_costs(ratio_bench, ratio_company, _workload())
    assert ratio_unit[Tier.HIGH_TOUCH] == pytest.approx(150_000 / 12 + 800)
    assert "accounts_per_csm.high_touch" in ratio_keys


def test_the_hiring_trigger_never_fires_on_the_plans_own_books() -> None:
    """S0 hires the next high-touch CSM at 12 accounts each; biweekly check-ins staff 13.7 each, so
    under effort sizing the trigger moves up to the catalogue's book (next tenth)."""
    company, bench = company_and_benchmarks(BIWEEKLY)
    workload = _workload()
    planned = required_headcount(workload, bench, company)
    seated = company.model_copy(update={"team": {
        CSM_ROLE_BY_TIER[t]: planned.required[str(CSM_ROLE_BY_TIER[t])] for t in TIER_KEYS}})
    headcount = required_headcount(workload, bench, seated)
    high = next(t for t in evaluate_triggers(workload, headcount, bench, seated)
                if t.key == "high_touch_accounts_per_csm")
    assert high.threshold == pytest.approx(HIGH_BOOK)
    assert "13.7+ accounts each" in str(high.description)
    assert not high.fired
    assert "catalogue.high_touch.weekly_check_in.frequency" in high.sources
    assert "S0's trigger is 12" in str(high.description)
    ratio_company, ratio_bench = company_and_benchmarks()
    ratio = next(t for t in evaluate_triggers(workload, headcount, ratio_bench, ratio_company)
                 if t.key == "high_touch_accounts_per_csm")
    assert (ratio.threshold, ratio.sources) == (12, ("triggers.high_touch_accounts_per_csm",))


def test_role_counts_staff_the_tier_to_its_book() -> None:
    company, bench = company_and_benchmarks(BIWEEKLY)
    workload = _workload(tier_accounts=(137, 0, 0), customers=137)
    _, fte = role_counts(WorkloadArrays.of(workload), bench, company)
    book = csm_books(workload, bench, company)[Tier.HIGH_TOUCH].value
    assert book is not None
    assert float(fte[CSM_ROLE_BY_TIER[Tier.HIGH_TOUCH]]) == pytest.approx(137 / book)
