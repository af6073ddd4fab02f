"""The default benchmark data (src/postsale/benchmarks/default.toml): provenance, bands, overrides.

STYLE.md habit 8: every benchmark key has a source and help text, and a test enforces both. The
figure table at the end pins the data to DOMAIN.md, so a mistyped benchmark fails here.
"""

from __future__ import annotations

import re
import tomllib
from importlib.resources import files

import pytest

from postsale.benchmarks import default_benchmarks
from postsale.company import company_from_mapping
from postsale.core.benchmarks import UnknownBenchmarkKey
from postsale.core.capacity import leadership
from postsale.core.tiering import TIERING_KEYS
from postsale.errors import ConfigError
from postsale.keys import ROLE_KEYS, TIER_KEYS

BENCH = default_benchmarks()
KEYS = sorted(BENCH)
SOURCE = re.compile(r"\bS[0-4]\b|§9|postsale assumption|postsale derivation")


def test_the_table_is_not_empty_and_has_a_version() -> None:
    raw = tomllib.loads(files("postsale.benchmarks").joinpath("default.toml").read_text("utf-8"))
    assert isinstance(raw["version"], str)
    assert raw["version"]
    assert BENCH.version == raw["version"]
    assert len(BENCH) > 50


@pytest.mark.parametrize("key", KEYS)
def test_every_entry_has_unit_source_and_help(key: str) -> None:
    entry = BENCH[key]
    assert entry.key == key
    assert entry.unit.strip()
    assert str(entry.help).strip()
    assert SOURCE.search(entry.source), f"{key}: source {entry.source!r} names no seed or §9"


@pytest.mark.parametrize("key", [k for k in KEYS if BENCH[k].range is not None])
def test_every_range_contains_its_value(key: str) -> None:
    entry = BENCH[key]
    assert entry.range is not None
    lo, hi = entry.range
    assert lo <= entry.value <= hi
    assert lo <= hi


@pytest.mark.parametrize("key", KEYS)
def test_defaults_are_not_overridden_and_never_negative(key: str) -> None:
    entry = BENCH[key]
    assert not entry.overridden
    assert entry.default_value is None
    assert entry.origin == entry.source
    assert entry.value >= 0


def test_every_key_the_core_looks_up_exists() -> None:
    needed = [
        *TIERING_KEYS,
        *(f"costs.{role}" for role in ROLE_KEYS),
        *(f"accounts_per_csm.{tier}" for tier in TIER_KEYS),
        "accounts_per_csm.tech_touch_automated",
        *(f"economics.revenue_multiple.{tier}" for tier in TIER_KEYS),
        *(f"economics.cost_per_customer.{tier}" for tier in TIER_KEYS),
        *(f"tiering.{tier}_revenue_share" for tier in TIER_KEYS),
        *(f"capacity.implementations_concurrent.{c}" for c in ("low", "medium", "high")),
        *(f"capacity.customers_per_support_engineer.{c}" for c in ("low", "medium", "high")),
        *(f"stages.customers_max.{s}" for s in (1, 2, 3)),
        *(f"stages.arr_max.{s}" for s in (1, 2, 3)),
        *(f"stages.people_max.{s}" for s in (1, 2, 3)),
        *(f"stages.grr.{s}" for s in (1, 2, 3, 4)),
        *(f"stages.nrr.{s}" for s in (2, 3, 4)),
        "per_customer_costs.shared", "per_customer_costs.technology",
    ]
    missing = [k for k in needed if k not in BENCH]
    assert not missing
    leadership(100, 50, 2_000, 4, BENCH)  # reads every spans.* key


# ------------------------------------------------------------------ overrides


def test_company_overrides_mark_entries_and_keep_the_default() -> None:
    company = company_from_mapping(
        {"costs": {"csm_low_touch": 130_000}, "accounts_per_csm": {"high_touch": 10},
         "benchmarks": {"tiering": {"at_risk_health": 35}}},
        "acme.toml", BENCH)
    applied = company.apply(BENCH)
    for key, value, default in (("costs.csm_low_touch", 130_000, 120_000),
                                ("accounts_per_csm.high_touch", 10, 12),
                                ("tiering.at_risk_health", 35, 40)):
        entry = applied[key]
        assert entry.overridden
        assert entry.overridden_by == "acme.toml"
        assert entry.origin == "acme.toml"
        assert entry.value == value
        assert entry.default_value == default
        assert entry.source == BENCH[key].source  # provenance of the default is kept
        assert entry.range == BENCH[key].range
    assert not applied["costs.csm_high_touch"].overridden
    assert applied.version == BENCH.version
    # the default table itself is untouched
    assert BENCH.value("costs.csm_low_touch") == 120_000
    assert not BENCH.is_overridden("costs.csm_low_touch")


def test_overriding_twice_keeps_the_original_default() -> None:
    once = BENCH.with_overrides({"costs.cs_ops": 100_000}, origin="first")
    twice = once.with_overrides({"costs.cs_ops": 90_000}, origin="second")
    assert twice["costs.cs_ops"].default_value == 120_000
    assert twice["costs.cs_ops"].overridden_by == "second"
    assert twice.value("costs.cs_ops") == 90_000


def test_no_overrides_returns_the_same_table() -> None:
    company = company_from_mapping({}, "empty.toml", BENCH)
    assert company.apply(BENCH) is BENCH


def test_unknown_keys_are_rejected() -> None:
    with pytest.raises(UnknownBenchmarkKey):
        BENCH.with_overrides({"costs.astronaut": 1.0}, origin="x")
    with pytest.raises(ConfigError, match="did you mean"):
        company_from_mapping({"costs": {"csm_low_tuch": 1}}, "x.toml", BENCH)


# ------------------------------------------------------------------ the figures of DOMAIN.md

FIGURES: list[tuple[str, float, tuple[float, float] | None]] = [
    # accounts per CSM (§1, §6)
    ("accounts_per_csm.high_touch", 12, (8, 15)),
    ("accounts_per_csm.low_touch", 50, (40, 80)),
    ("accounts_per_csm.tech_touch", 500, (200, 5_000)),
    # costs (§6)
    ("costs.csm_high_touch", 150_000, (120_000, 180_000)),
    ("costs.csm_low_touch", 120_000, (100_000, 140_000)),
    ("per_customer_costs.shared", 600, None),
    ("per_customer_costs.technology", 200, None),
    # tiering (§6)
    ("tiering.high_touch_min_acv", 100_000, None),
    ("tiering.low_touch_min_acv", 10_000, None),
    ("tiering.tech_touch_min_acv", 1_000, None),
    ("tiering.high_touch_acv_floor", 80_000, (80_000, 200_000)),
    ("tiering.high_touch_revenue_share", 0.15, (0.10, 0.20)),
    ("tiering.low_touch_revenue_share", 0.35, (0.30, 0.40)),
    ("tiering.tech_touch_revenue_share", 0.50, (0.40, 0.60)),
    # economics (§6)
    ("economics.cost_share_rule_low", 0.05, None),
    ("economics.cost_share_rule_high", 0.15, None),
    ("economics.blended_low", 0.10, (0.10, 0.25)),
    ("economics.blended_high", 0.25, (0.10, 0.25)),
    ("economics.revenue_multiple.high_touch", 5, (5, 10)),
    ("economics.revenue_multiple.low_touch", 3, (3, 10)),
    ("economics.revenue_multiple.tech_touch", 2, (2, 20)),
    ("economics.cost_per_customer.high_touch", 12_500, (8_000, 22_000)),
    ("economics.cost_per_customer.low_touch", 3_200, (1_000, 3_500)),
    ("economics.cost_per_customer.tech_touch", 300, (50, 500)),
    ("economics.high_touch_min_gross_margin", 0.70, None),
    ("economics.scale_limit.high_touch", 500, None),
    # capacity (§1, §4)
    ("capacity.implementations_concurrent.medium", 12, (8, 15)),
    ("capacity.implementations_per_year", 35, (25, 45)),
    ("capacity.customers_per_support_engineer.low", 200, None),
    ("capacity.customers_per_support_engineer.medium", 100, (50, 200)),
    ("capacity.customers_per_support_engineer.high", 50, None),
    ("capacity.tickets_per_engineer_per_day", 25, (20, 30)),
    ("capacity.renewals_per_specialist", 100, (80, 150)),
    ("capacity.renewals_per_specialist_complex", 50, (40, 60)),
    ("capacity.csms_per_cs_ops", 8, (5, 10)),
    ("capacity.csms_per_cs_ops_mature", 18, (15, 20)),
    ("capacity.cs_ops_first_at_csms", 8, (8, 10)),
    ("capacity.person_capacity_accounts", 50, (50, 75)),
    # spans of control (§1)
    ("spans.team_lead", 4, (3, 5)),
    ("spans.manager", 8, (5, 10)),
    ("spans.manager_team_leads", 3, (2, 3)),
    ("spans.director_managers", 3, (2, 4)),
    ("spans.director_people", 30, (15, 30)),
    ("spans.cco_min_customers", 1_000, None),
    # hiring triggers (§4)
    ("triggers.high_touch_accounts_per_csm", 12, None),
    ("triggers.low_touch_accounts_per_csm", 60, None),
    ("triggers.implementation_backlog_months", 3, None),
    ("triggers.support_tickets_per_engineer_per_day", 25, (20, 30)),
    # stages (§3)
    ("stages.customers_max.1", 50, None),
    ("stages.customers_max.2", 200, None),
    ("stages.customers_max.3", 500, None),
    # postsale assumption (DOMAIN.md §10.6, S2: headcount follows ARR and customer granularity)
    ("stages.arr_max.1", 1_500_000, None),
    ("stages.arr_max.2", 6_000_000, None),
    ("stages.arr_max.3", 15_000_000, None),
    ("stages.people_max.1", 3, (1, 3)),
    ("stages.people_max.2", 10, (3, 10)),
    ("stages.people_max.3", 30, (10, 30)),
    ("stages.grr.1", 0.70, (0.70, 0.85)),
    ("stages.grr.2", 0.85, (0.85, 0.92)),
    ("stages.grr.3", 0.90, (0.90, 0.95)),
    ("stages.grr.4", 0.93, (0.93, 0.97)),
    ("stages.nrr.2", 0.90, (0.90, 1.00)),
    ("stages.nrr.3", 1.05, (1.05, 1.15)),
    ("stages.nrr.4", 1.15, (1.15, 1.30)),
    # models (§2) and commitment (§6)
    ("models.generalist_customers_max", 100, None),
    ("models.specialist_customers_min", 200, None),
    ("models.geographic_min_customers_per_region", 50, None),
    ("models.commitment_months", 12, (12, 18)),
    # pay (§3) and §9 reality checks
    ("pay.variable_share", 0.25, (0.20, 0.30)),
    ("retention.median_nrr", 1.01, None),
    ("spend.median_cs_support_share", 0.085, (0.085, 0.15)),
    ("arr_per_csm.guidepost", 2_000_000, (500_000, 2_000_000)),
]


@pytest.mark.parametrize(("key", "value", "band"), FIGURES)
def test_domain_figures(key: str, value: float, band: tuple[float, float] | None) -> None:
    entry = BENCH[key]
    assert entry.value == value
    assert entry.range == band


@pytest.mark.parametrize(
    ("prefix", "seed"),
    [("accounts_per_csm.", "S0"), ("capacity.renewals", "S0"), ("spans.team_lead", "S0"),
     ("tiering.high_touch_min_acv", "S3"), ("economics.cost_share_rule", "S3"),
     ("retention.", "§9"), ("pay.", "S4")],
)
def test_sources_name_the_right_seed(prefix: str, seed: str) -> None:
    for key in (k for k in KEYS if k.startswith(prefix)):
        assert seed in BENCH[key].source, key
