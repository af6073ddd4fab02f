"""The synthetic company (``postsale.sample``): deterministic, realistic, round-trips through CSV.

Properties of the book are checked against DOMAIN.md: ACV bands and segment mix (§6), the geographic
model's regions, languages and time zones (§2), renewals in the next 12 months (§4), GRR/NRR in the
median bands (§3, §9), and the demo company of the seeds' opening story (§8).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.csv as pacsv  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import postsale.sample as sample
from postsale.benchmarks import default_benchmarks
from postsale.company import company_from_mapping
from postsale.core.book import COMPLEXITY_KEYS, ONBOARDING_KEYS, SEGMENT_KEYS
from postsale.errors import ConfigError
from postsale.keys import ROLE_KEYS
from postsale.sample import (
    DEMO_CUSTOMERS,
    GEOGRAPHY,
    SAMPLE_COLUMNS,
    company_toml,
    demo_accounts,
    demo_company_toml,
    generate_accounts,
    write_sample,
)

TODAY = dt.date(2026, 5, 9)
SEEDS = st.integers(min_value=0, max_value=2**32 - 1)
SUB_REGION = {(p.country, p.timezone): p.sub_region for p in GEOGRAPHY}
PLACES = {(p.region, p.country, p.language, p.timezone) for p in GEOGRAPHY}


def _add_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _dates(values: np.ndarray[Any, Any]) -> list[dt.date]:
    return [d.item() for d in values]


def _same(a: dict[str, np.ndarray[Any, Any]], b: dict[str, np.ndarray[Any, Any]]) -> bool:
    return all(
        np.array_equal(a[k], b[k], equal_nan=a[k].dtype.kind == "f") if a[k].dtype != object
        else a[k].tolist() == b[k].tolist()
        for k in SAMPLE_COLUMNS
    )


def _retention(book: dict[str, np.ndarray[Any, Any]]) -> tuple[float, float]:
    arr, previous = book["arr"], book["previous_arr"]
    older = ~np.isnan(previous)
    nrr = arr[older].sum() / previous[older].sum()
    grr = np.minimum(arr, previous)[older].sum() / previous[older].sum()
    return float(nrr), float(grr)


@pytest.fixture(scope="module")
def big() -> dict[str, np.ndarray[Any, Any]]:
    return generate_accounts(10_000, 7, TODAY)


# ------------------------------------------------------------------ determinism and shape
@settings(max_examples=15, deadline=None)
@given(customers=st.integers(1, 400), seed=SEEDS)
def test_same_arguments_give_the_same_book(customers: int, seed: int) -> None:
    first = generate_accounts(customers, seed, TODAY)
    assert _same(first, generate_accounts(customers, seed, TODAY))


@settings(max_examples=15, deadline=None)
@given(seed=SEEDS, other=SEEDS)
def test_different_seeds_give_different_books(seed: int, other: int) -> None:
    if seed == other:
        other += 1
    a, b = generate_accounts(200, seed, TODAY), generate_accounts(200, other, TODAY)
    assert not np.array_equal(a["arr"], b["arr"])
    assert a["name"].tolist() != b["name"].tolist()


@settings(max_examples=20, deadline=None)
@given(customers=st.integers(1, 3_000), seed=SEEDS)
def test_exactly_n_rows_unique_ids_and_canonical_values(customers: int, seed: int) -> None:
    book = generate_accounts(customers, seed, TODAY)
    assert tuple(book) == SAMPLE_COLUMNS
    assert {len(v) for v in book.values()} == {customers}
    ids = book["account_id"].tolist()
    assert len(set(ids)) == customers
    assert all(re.fullmatch(r"ACCT-\d{7,}", i) for i in ids)
    assert set(book["segment"].tolist()) <= {str(k) for k in SEGMENT_KEYS}
    assert set(book["complexity"].tolist()) <= {str(k) for k in COMPLEXITY_KEYS}
    assert set(book["onboarding_status"].tolist()) <= {str(k) for k in ONBOARDING_KEYS}
    assert book["start_date"].dtype == np.dtype("datetime64[D]")
    assert book["strategic"].dtype == np.bool_
    assert all(owner is None for owner in book["owner"].tolist())
    assert np.all(book["arr"] > 0)
    assert np.all((book["health_score"] >= 0) & (book["health_score"] <= 100))
    assert np.all(book["tickets_per_month"] >= 0)


def test_today_may_be_a_datetime() -> None:
    moment = dt.datetime(2026, 5, 9, 23, 59)
    assert _same(generate_accounts(50, 1, moment), generate_accounts(50, 1, TODAY))


# ------------------------------------------------------------------ ARR and segments (§6)
@settings(max_examples=5, deadline=None)
@given(customers=st.integers(1_000, 5_000), seed=SEEDS)
def test_arr_spans_the_three_acv_bands(customers: int, seed: int) -> None:
    book = generate_accounts(customers, seed, TODAY)
    arr = book["arr"]
    assert 1_000 <= arr.min() < 1_500
    assert arr.max() >= 300_000
    median = {s: float(np.median(arr[book["segment"] == s])) for s in ("smb", "mid_market",
                                                                       "enterprise")}
    assert 1_000 <= median["smb"] <= 10_000
    assert 10_000 <= median["mid_market"] <= 100_000
    assert median["enterprise"] >= 100_000


def test_segment_mix_and_revenue_share(big: dict[str, np.ndarray[Any, Any]]) -> None:
    seg, arr = big["segment"], big["arr"]
    for key, share in {"smb": 0.60, "mid_market": 0.30, "enterprise": 0.10}.items():
        assert np.mean(seg == key) == pytest.approx(share, abs=0.02)
    assert arr[seg == "enterprise"].sum() / arr.sum() > 0.4  # enterprise carries the revenue


def test_retention_lands_in_the_median_bands(big: dict[str, np.ndarray[Any, Any]]) -> None:
    nrr, grr = _retention(big)
    assert 0.99 <= nrr <= 1.11
    assert 0.87 <= grr <= 0.94
    assert np.nanmin(big["previous_arr"]) > 0


def test_small_books_are_calibrated_near_the_bands_too() -> None:
    for seed in range(20):  # demo-sized books: few enterprise accounts carry most of the ARR
        nrr, grr = _retention(generate_accounts(300, seed, TODAY))
        assert 0.98 <= nrr <= 1.11, seed
        assert 0.85 <= grr <= 0.94, seed


def test_strategic_accounts_are_few_and_mostly_large(big: dict[str, np.ndarray[Any, Any]]) -> None:
    strategic = big["strategic"]
    assert 0.005 <= strategic.mean() <= 0.08
    large = (big["segment"] == "enterprise") | (big["arr"] >= 50_000)
    assert np.mean(large[strategic]) > 0.7


def test_complexity_tracks_segment(big: dict[str, np.ndarray[Any, Any]]) -> None:
    seg, cx = big["segment"], big["complexity"]
    assert np.mean(cx[seg == "enterprise"] == "high") > 0.4
    assert np.mean(cx[seg == "smb"] == "low") > 0.6


# ------------------------------------------------------------------ geography (§2 model 4)
def test_every_place_has_a_real_time_zone() -> None:
    for place in GEOGRAPHY:
        ZoneInfo(place.timezone)
    assert {p.region for p in GEOGRAPHY} == {"Americas", "EMEA", "APAC"}


@settings(max_examples=5, deadline=None)
@given(customers=st.integers(1_000, 4_000), seed=SEEDS)
def test_a_global_book_covers_regions_languages_and_time_zones(customers: int, seed: int) -> None:
    book = generate_accounts(customers, seed, TODAY)
    rows = set(zip(book["region"].tolist(), book["country"].tolist(), book["language"].tolist(),
                   book["timezone"].tolist(), strict=True))
    assert rows <= PLACES  # language and time zone match the country
    assert set(book["region"].tolist()) == {"Americas", "EMEA", "APAC"}
    assert len({SUB_REGION[r[1], r[3]] for r in rows}) >= 7
    assert len(set(book["language"].tolist())) >= 6
    assert len(set(book["timezone"].tolist())) >= 10
    for tz in set(book["timezone"].tolist()):
        ZoneInfo(tz)
    top_share = max(np.mean(book["region"] == r) for r in ("Americas", "EMEA", "APAC"))
    assert top_share < 0.60  # still a candidate for the geographic model


def test_a_profile_limits_the_regions() -> None:
    assert set(generate_accounts(500, 3, TODAY, profile="emea")["region"].tolist()) == {"EMEA"}


# ------------------------------------------------------------------ dates, onboarding, previous ARR
@settings(max_examples=10, deadline=None)
@given(customers=st.integers(300, 2_000), seed=SEEDS,
       today=st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)))
def test_dates_follow_the_contract_calendar(customers: int, seed: int, today: dt.date) -> None:
    book = generate_accounts(customers, seed, today)
    starts, renewals = _dates(book["start_date"]), _dates(book["renewal_date"])
    assert all(today - dt.timedelta(days=4 * 366) <= s <= today for s in starts)
    assert any((today - s).days < 92 for s in starts)  # some accounts signed in the last quarter
    assert all(r > today for r in renewals)
    within_year = np.mean([r <= _add_year(today) for r in renewals])
    assert within_year >= 0.9
    for s, r in zip(starts, renewals, strict=True):  # renewals fall on a contract anniversary
        assert (r.month, r.day) == (s.month, s.day) or (s.month, s.day, r.day) == (2, 29, 28)
    young = np.array([_add_year(s) > today for s in starts])
    assert np.array_equal(np.isnan(book["previous_arr"]), young)


@settings(max_examples=10, deadline=None)
@given(customers=st.integers(300, 3_000), seed=SEEDS)
def test_onboarding_follows_signing_date_and_implementation_length(customers: int,
                                                                   seed: int) -> None:
    book = generate_accounts(customers, seed, TODAY)
    age = (np.datetime64(TODAY) - book["start_date"]).astype(int)
    weeks, status, seg = book["implementation_weeks"], book["onboarding_status"], book["segment"]
    assert np.all(age[status == "not_started"] < 10)
    in_progress = status == "in_progress"
    assert np.all(age[in_progress] < weeks[in_progress] * 7 * 1.5)
    assert np.all(status[age >= 16 * 7 * 1.5] == "completed")
    assert np.mean(status == "completed") > 0.85
    for key, (low, high) in {"smb": (1, 3), "mid_market": (4, 8), "enterprise": (8, 16)}.items():
        w = weeks[seg == key]
        assert np.all((w >= low) & (w <= high))


# ------------------------------------------------------------------ company file and demo (§8)
def _company(text: str) -> Any:
    return company_from_mapping(tomllib.loads(text), "company.toml", default_benchmarks())


def test_demo_is_the_single_head_of_cs_with_300_customers() -> None:
    book = demo_accounts(TODAY)
    assert {len(v) for v in book.values()} == {DEMO_CUSTOMERS} == {300}
    assert _same(book, generate_accounts(300, sample.DEMO_SEED, TODAY))
    raw = tomllib.loads(demo_company_toml())
    assert raw["team"] == {"director": 1}
    assert raw["company"]["product_complexity"] == "medium"
    assert raw["company"]["name"] == sample.DEMO_COMPANY_NAME
    company = _company(demo_company_toml())
    assert [g.months for g in company.growth] == [12, 24]
    assert 300 < (company.growth[0].customers or 0) < (company.growth[-1].customers or 0)


@settings(max_examples=25, deadline=None)
@given(customers=st.integers(1, 200_000), seed=SEEDS)
def test_company_file_is_valid_and_plausible(customers: int, seed: int) -> None:
    text = company_toml(customers, seed)
    assert text == company_toml(customers, seed)
    company = _company(text)
    assert company.company.currency == "USD"
    assert 0.65 <= (company.company.gross_margin or 0) <= 0.85
    assert company.team
    assert set(company.team) <= set(ROLE_KEYS)
    assert all(count > 0 for count in company.team.values())
    assert [g.months for g in company.growth] == [12, 24]
    growth = [(g.customers or 0, g.arr or 0.0) for g in company.growth]
    assert customers < growth[0][0] < growth[1][0]
    assert 0 < growth[0][1] < growth[1][1]
    assert sum(company.team.values()) < max(3, customers / 10)  # a team, not a second company


def test_growth_targets_scale_with_the_books_arr() -> None:
    raw = tomllib.loads(company_toml(2_000, 5))
    arr = float(generate_accounts(2_000, 5, TODAY)["arr"].sum())
    first = raw["growth"][0]
    per_customer = first["arr"] / first["customers"]
    assert per_customer == pytest.approx(arr / 2_000 * 1.05, rel=0.02)


# ------------------------------------------------------------------ files
def test_write_sample_round_trips(tmp_path: Path) -> None:
    accounts, company = write_sample(tmp_path / "out", 2_000, 11, TODAY)
    assert accounts == tmp_path / "out" / "accounts.csv"
    assert company == tmp_path / "out" / "company.toml"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["accounts.csv", "company.toml"]
    book = generate_accounts(2_000, 11, TODAY)
    header = accounts.read_text("utf-8").splitlines()[0]
    assert header.replace('"', "").split(",") == list(SAMPLE_COLUMNS)
    table = pacsv.read_csv(accounts, convert_options=pacsv.ConvertOptions(
        column_types={"account_id": pa.string(), "owner": pa.string()}))
    assert table.column("account_id").to_pylist() == book["account_id"].tolist()
    assert np.array_equal(table.column("arr").to_numpy().astype(float), book["arr"])
    previous = table.column("previous_arr").to_numpy(zero_copy_only=False).astype(float)
    assert np.array_equal(previous, book["previous_arr"], equal_nan=True)
    assert table.column("strategic").to_pylist() == book["strategic"].tolist()
    assert table.column("renewal_date").to_pylist() == _dates(book["renewal_date"])
    assert table.column("name").to_pylist() == book["name"].tolist()
    assert set(table.column("owner").to_pylist()) <= {None, ""}  # empty cells
    assert company.read_text("utf-8") == company_toml(2_000, 11)


def test_write_sample_neutralises_formula_cells(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sample, "_trading_names", lambda: pa.array(["=HYPERLINK(1)", "Plain"]))
    accounts, _ = write_sample(tmp_path, 200, 1, TODAY)
    names = set(pacsv.read_csv(accounts).column("name").to_pylist())
    assert not any(name.startswith("=") for name in names)
    assert any(name.startswith("'=HYPERLINK(1)") for name in names)
    assert any(name.startswith("Plain") for name in names)


@pytest.mark.parametrize(("customers", "seed", "key"), [
    (0, 1, "customers"), (-5, 1, "customers"), (10, -1, "seed"), (1.5, 1, "customers"),
])
def test_bad_arguments_raise_config_error_with_a_fix(tmp_path: Path, customers: Any, seed: Any,
                                                     key: str) -> None:
    with pytest.raises(ConfigError) as info:
        write_sample(tmp_path / "out", customers, seed, TODAY)
    assert info.value.key == key
    assert str(info.value.fix)
    assert not (tmp_path / "out").exists()
    with pytest.raises(ConfigError):
        company_toml(customers, seed)


def test_unknown_profile_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="global"):
        generate_accounts(10, 1, TODAY, profile="mars")
