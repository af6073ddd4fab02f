"""The service catalogue and the bottom-up effort model (issue 12 items 3 and 5).

The default catalogue is calibrated on S3's worked examples: at 1,800 × 70% = 1,260 productive
hours, 105 CSM hours per high-touch account (→ 12 per CSM, the $150K CSM at 12 accounts =
$12,500 example), 25.2 per low-touch account (→ 50, the $120K CSM at 50 accounts = $2,400
example) and 21 per at-risk tech-touch account (→ 60, ``capacity.at_risk_tech_touch_per_csm``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postsale.benchmarks import default_benchmarks
from postsale.company import company_from_mapping
from postsale.core.capacity import WorkloadArrays, role_counts
from postsale.core.economics import cost_per_customer
from postsale.core.effort import motion_hours, productive_hours
from postsale.core.effort_model import effort_model
from postsale.errors import ConfigError
from postsale.keys import CSM_ROLE_BY_TIER, ROLE_KEYS, Role, Tier
from strategies import company_and_benchmarks, make_workload

BENCH = default_benchmarks()
EFFORT = {"headcount": {"sizing": "effort"}}


def _model(raw: dict[str, Any] | None = None, **fields: Any) -> Any:
    company, bench = company_and_benchmarks(raw)
    return effort_model(make_workload(**fields), bench, company)


def test_the_catalogue_is_versioned_and_every_motion_has_a_source_and_mode() -> None:
    assert BENCH.catalogue_version
    assert len(BENCH.motions) >= 25
    for motion in BENCH.motions:
        assert motion.source.strip()
        for key in motion.figure_keys():
            assert BENCH.value(key) >= 0
    modes = {m.mode for m in BENCH.motions}
    assert modes == {"proactive", "responsive", "online_1n", "automated"}


def test_calibration_lands_on_the_seed_books() -> None:
    assert productive_hours(BENCH) == pytest.approx(1260.0)
    model = _model(tier_accounts=(120, 500, 0), customers=620)
    high, low = model.tiers[Tier.HIGH_TOUCH], model.tiers[Tier.LOW_TOUCH]
    assert high.csm_hours_per_account == pytest.approx(105.0)
    assert high.implied_accounts_per_csm == pytest.approx(12.0)
    assert low.csm_hours_per_account == pytest.approx(25.2)
    assert low.implied_accounts_per_csm == pytest.approx(50.0)
    # both books are inside S0/S3's bands (8–15, 40–80)
    assert 8 <= high.implied_accounts_per_csm <= 15
    assert 40 <= low.implied_accounts_per_csm <= 80


def test_s3_worked_examples_through_the_implied_books() -> None:
    model = _model(tier_accounts=(120, 500, 0), customers=620)
    low = model.tiers[Tier.LOW_TOUCH].implied_accounts_per_csm
    high = model.tiers[Tier.HIGH_TOUCH].implied_accounts_per_csm
    # S3: $120K CSM, 50 accounts → $2,400 direct; + $600 shared + $200 technology = $3,200
    assert cost_per_customer(120_000, low) == pytest.approx(2_400.0)
    assert cost_per_customer(120_000, low, 600, 200) == pytest.approx(3_200.0)
    # S3: $150K CSM, 12 accounts → $12,500 a customer, 12.5% of a $100K customer
    assert cost_per_customer(150_000, high) == pytest.approx(12_500.0)
    # the ratio model says the same at the defaults
    assert model.tiers[Tier.LOW_TOUCH].ratio_accounts_per_csm == pytest.approx(50.0)


def test_tech_touch_humans_only_for_at_risk_accounts() -> None:
    with_health = _model(tier_accounts=(0, 0, 5_000), customers=5_000, at_risk_tech_touch=120,
                         health_known=True)
    tech = with_health.tiers[Tier.TECH_TOUCH]
    assert tech.csm_fte == pytest.approx(120 / 60)  # 21 h per at-risk account = 60 per CSM
    assert tech.csm_fte == pytest.approx(tech.ratio_fte)
    # without health data the at-risk share is the one the ratios imply (60 ÷ 500)
    blind = _model(tier_accounts=(0, 0, 5_000), customers=5_000)
    assert blind.tiers[Tier.TECH_TOUCH].csm_fte == pytest.approx(5_000 / 500)


def test_a_catalogue_override_moves_the_book_and_is_explained() -> None:
    raw = {"catalogue": {"high_touch": {"weekly_check_in": {"frequency": 26}}}}
    model = _model(raw, tier_accounts=(120, 0, 0), customers=120)
    high = model.tiers[Tier.HIGH_TOUCH]
    assert high.csm_hours_per_account == pytest.approx(105.0 - 13.0)
    assert high.implied_accounts_per_csm == pytest.approx(1260 / 92, abs=1e-4)
    assert "changed motions: weekly check-in (26× 0.5 h)" in str(high.explanation)
    assert model.effort_based["csm_high_touch"] < model.ratio_based["csm_high_touch"]
    assert model.difference["csm_high_touch"] == (model.effort_based["csm_high_touch"]
                                                  - model.ratio_based["csm_high_touch"])


def test_one_to_n_programmes_cost_per_programme_not_per_account() -> None:
    def webinar_hours(accounts: int) -> float:
        model = _model(tier_accounts=(0, accounts, 0), customers=accounts)
        return next(m.hours_per_year for m in model.motions if m.motion == "webinars")

    # 12 sessions × 4 h per cohort of up to 100 accounts
    assert webinar_hours(1) == webinar_hours(100) == pytest.approx(48.0)
    assert webinar_hours(101) == pytest.approx(96.0)
    assert webinar_hours(0) == 0.0
    model = _model(tier_accounts=(0, 100, 0), customers=100)
    webinars = next(m for m in model.motions if m.motion == "webinars")
    assert webinars.mode == "online_1n"
    assert webinars.seat is Role.CS_OPS  # S3 content and enablement, not the CSM's book


def test_onboarding_follows_the_onboarding_mode() -> None:
    fields = {"tier_accounts": (0, 100, 0), "customers": 100, "new_customers_per_year": 50.0,
              "new_customers_share": (0.0, 1.0, 0.0)}
    specialist = _model(**fields)
    merged = _model({"onboarding": {"low_touch": "csm"}}, **fields)
    onboarding = 50 * (24 + 4)  # onboarding + initial training hours per new customer
    assert specialist.breakdown["implementation_specialist"]["implementation"] == \
        pytest.approx(50 * 24 / 1260, abs=1e-4)
    assert merged.tiers[Tier.LOW_TOUCH].csm_hours == pytest.approx(100 * 25.2 + onboarding)
    assert "implementation" not in merged.breakdown.get("implementation_specialist", {})


def test_professional_services_count_only_when_the_company_sells_them() -> None:
    fields = {"tier_accounts": (50, 0, 0), "customers": 50}
    off = _model(**fields)
    on = _model({"company": {"professional_services": True}}, **fields)
    assert "services" not in off.breakdown.get("implementation_specialist", {})
    assert on.breakdown["implementation_specialist"]["services"] == pytest.approx(50 * 24 / 1260,
                                                                                  abs=1e-4)


def test_cs_ops_breakdown_names_the_operations_centre_tasks() -> None:
    model = _model(tier_accounts=(100, 1_000, 20_000), customers=21_100)
    ops = model.breakdown["cs_ops"]
    assert {"enablement", "operations", "marketing", "platform"} <= set(ops)
    assert sum(ops.values()) == pytest.approx(
        float(role_counts(WorkloadArrays.of(make_workload(tier_accounts=(100, 1_000, 20_000),
                                                          customers=21_100)), BENCH,
                          company_and_benchmarks(EFFORT)[0])[1][Role.CS_OPS]), abs=1e-3)


def test_role_counts_is_element_wise_under_effort_sizing() -> None:
    company, bench = company_and_benchmarks(EFFORT)
    rng = np.random.default_rng(3)
    accounts = rng.integers(0, 3_000, size=(4, 5, 3))
    arrays = WorkloadArrays(
        tier_accounts=accounts, onboarding_active=rng.uniform(0, 30, (4, 5)),
        new_customers_per_year=rng.uniform(0, 500, (4, 5)), implementation_weeks=6.0,
        tickets_per_day=None, renewals_standard_12m=rng.uniform(0, 300, (4, 5)),
        renewals_complex_12m=np.zeros((4, 5)), new_customers_share=np.array([0.2, 0.5, 0.3]),
        tech_at_risk=rng.uniform(0, 200, (4, 5)))
    counts, _ = role_counts(arrays, bench, company)
    for p in range(4):
        for m in range(5):
            one = WorkloadArrays(
                tier_accounts=accounts[p, m], onboarding_active=arrays.onboarding_active[p, m],
                new_customers_per_year=arrays.new_customers_per_year[p, m],
                implementation_weeks=6.0, tickets_per_day=None,
                renewals_standard_12m=arrays.renewals_standard_12m[p, m],
                renewals_complex_12m=np.asarray(0.0),
                new_customers_share=arrays.new_customers_share,
                tech_at_risk=arrays.tech_at_risk[p, m])  # type: ignore[index]
            single, _ = role_counts(one, bench, company)
            for role in ROLE_KEYS:
                assert int(counts[role][p, m]) == int(single[role]), (role, p, m)


_FIGURES = [k for m in BENCH.motions for k in m.figure_keys() if not k.endswith(".audience")]


@settings(max_examples=60, deadline=None)
@given(key=st.sampled_from(_FIGURES), base=st.floats(0.0, 60.0), more=st.floats(0.01, 60.0),
       accounts=st.tuples(st.integers(0, 400), st.integers(0, 3_000), st.integers(0, 30_000)),
       new=st.floats(0.0, 800.0), at_risk=st.floats(0.0, 500.0),
       services=st.booleans(), merged=st.booleans())
def test_more_hours_never_fewer_people(key: str, base: float, more: float,
                                       accounts: tuple[int, int, int], new: float, at_risk: float,
                                       services: bool, merged: bool) -> None:
    # the effort model is monotone in every frequency and every effort: raising one figure never
    # lowers any seat's FTE nor the total headcount
    raw: dict[str, Any] = {**EFFORT, "company": {"professional_services": services}}
    if merged:
        raw["onboarding"] = {"low_touch": "csm"}
    company, bench = company_and_benchmarks(raw)
    arrays = WorkloadArrays.of(make_workload(
        tier_accounts=accounts, customers=sum(accounts), new_customers_per_year=new,
        new_customers_share=(0.2, 0.5, 0.3), at_risk_tech_touch=int(at_risk), health_known=True))
    low = bench.with_overrides({key: base}, origin="test")
    high = bench.with_overrides({key: base + more}, origin="test")
    (c_low, f_low), (c_high, f_high) = (role_counts(arrays, b, company) for b in (low, high))
    for role in (*CSM_ROLE_BY_TIER.values(), Role.IMPLEMENTATION_SPECIALIST, Role.CS_OPS):
        assert float(f_high[role]) >= float(f_low[role]) - 1e-9, role
    assert sum(int(c_high[r]) for r in ROLE_KEYS) >= sum(int(c_low[r]) for r in ROLE_KEYS)


def test_motion_hours_are_frequency_times_hours_per_unit() -> None:
    company, bench = company_and_benchmarks()
    arrays = WorkloadArrays.of(make_workload(tier_accounts=(10, 0, 0), customers=10))
    qbr = next(h for m, _, _, h in motion_hours(arrays, bench, company) if m.name == "qbr")
    assert float(qbr) == pytest.approx(10 * 4 * 4)  # S3 QBR: 4 h a quarter


@pytest.mark.parametrize(("raw", "key", "words"), [
    ({"catalogue": {"mid_touch": {"x": {"hours": 1}}}}, "catalogue.mid_touch", "unknown tier"),
    ({"catalogue": {"high_touch": {"qbr": {"hourz": 1}}}}, "catalogue.high_touch.qbr.hourz",
     "did you mean 'hours'"),
    ({"catalogue": {"high_touch": {"qbr": {"hours": "four"}}}}, "catalogue.high_touch.qbr.hours",
     "not a non-negative number"),
    ({"catalogue": {"high_touch": {"qbr": {"frequency": -1}}}},
     "catalogue.high_touch.qbr.frequency", "not a non-negative number"),
    ({"catalogue": {"high_touch": {"qbr": {"owner": "sales"}}}}, "catalogue.high_touch.qbr.owner",
     "use one of"),
    ({"catalogue": {"low_touch": {"office_hours": {"hours": 1}}}},
     "catalogue.low_touch.office_hours", "a new motion needs mode, per, owner, frequency"),
    ({"catalogue": {"low_touch": {"webinar": {"hours": 1}}}}, "catalogue.low_touch.webinar",
     "did you mean the shipped motion 'webinars'"),
    ({"catalogue": {"low_touch": {"touchpoint": {"per": "at_risk"}}}},
     "catalogue.low_touch.touchpoint.per", "tech-touch motions only"),
    ({"catalogue": {"low_touch": {"webinars": {"audience": 0.5}}}},
     "catalogue.low_touch.webinars.audience", "below one account"),
    ({"catalogue": {"high_touch": {"qbr": {"hours": 5000}}}}, "catalogue.high_touch.qbr.hours",
     "above 2,000"),
    ({"headcount": {"sizing": "hours"}}, "headcount.sizing", "ratio"),
])
def test_bad_catalogue_and_sizing_say_what_where_and_how_to_fix(raw: dict[str, Any], key: str,
                                                                words: str) -> None:
    with pytest.raises(ConfigError) as err:
        company_from_mapping(raw, "company.toml", BENCH)
    text = str(err.value)
    assert key in text
    assert words in text


def test_a_new_motion_joins_the_catalogue_with_its_provenance() -> None:
    raw = {"catalogue": {"low_touch": {"office_hours": {
        "mode": "online_1n", "per": "programme", "owner": "csm", "frequency": 24, "hours": 1.5,
        "audience": 40, "label": "Office hours"}}}}
    company, bench = company_and_benchmarks(raw)
    entry = bench["catalogue.low_touch.office_hours.audience"]
    assert entry.value == 40
    assert entry.overridden
    model = effort_model(make_workload(tier_accounts=(0, 100, 0), customers=100), bench, company)
    office = next(m for m in model.motions if m.motion == "office_hours")
    assert office.hours_per_year == pytest.approx(3 * 24 * 1.5)  # ceil(100 / 40) cohorts
    assert office.overridden
