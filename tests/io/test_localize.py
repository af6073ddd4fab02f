"""Amounts into the company currency and region / time zone from the country (issue 11 items 3, 4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from postsale.api import benchmarks_in_effect
from postsale.benchmarks import default_benchmarks
from postsale.company import Company, company_from_mapping
from postsale.errors import ConfigError, InputError
from postsale.io.localize import country_codes, currency_code, localize
from postsale.io.read import LoadedAccounts, read_accounts


def company(raw: dict[str, Any] | None = None) -> Company:
    return company_from_mapping(raw or {}, "company.toml", default_benchmarks())


def load(tmp_path: Path, text: str, co: Company | None = None) -> LoadedAccounts:
    path = tmp_path / "accounts.csv"
    path.write_text(text, encoding="utf-8")
    co = co or company()
    return localize(read_accounts(path, co.columns or None), co, benchmarks_in_effect(co), str(path))


def codes(loaded: LoadedAccounts) -> set[str]:
    return {n.code for n in loaded.notes}


def message(loaded: LoadedAccounts, code: str) -> str:
    return next(n.message for n in loaded.notes if n.code == code)


MIXED = ('account_id,arr\nA1,"$120,000"\nA2,"€ 12.500,00"\nA3,"$120,000"\n'
         'A4,"$95,250.50"\n')


def test_one_euro_amount_among_dollars_is_converted_with_its_rate(tmp_path: Path) -> None:
    loaded = load(tmp_path, MIXED, company({"currencies": {"EUR": 1.08}}))
    # 12,500 EUR × 1.08 = 13,500 USD; the dollar amounts are untouched
    assert loaded.book.arr.tolist() == pytest.approx([120_000.0, 13_500.0, 120_000.0, 95_250.5])
    assert loaded.book.currency.tolist() == ["USD", "EUR", "USD", "USD"]
    assert "1 accounts in EUR at 1 EUR = 1.08 USD" in message(loaded, "currency_converted")
    # US-style and European-style amounts side by side: the note names both, with rows
    mixed = message(loaded, "mixed_money_formats")
    assert "3 amounts in US style (1,234.50), e.g. '$120,000' (row 2), '$120,000' (row 4)" in mixed
    assert "1 in European style (1.234,50), e.g. '€ 12.500,00' (row 3)" in mixed


def test_mixed_currencies_without_a_rate_list_each_currency_and_the_fix(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        load(tmp_path, MIXED)
    (problem,) = err.value.problems
    assert problem.row == 3
    assert problem.column == "arr"
    assert "EUR 1 (first on row 3), USD 3 (first on row 2)" in str(problem.problem)
    assert "[currencies] EUR = … (USD per EUR)" in str(problem.fix)


def test_a_currency_column_converts_each_row(tmp_path: Path) -> None:
    text = ("account_id,arr,previous_arr,Currency\nA1,1000,800,EUR\nA2,2000,2000,gbp\n"
            "A3,3000,,USD\nA4,4000,4000,\n")
    loaded = load(tmp_path, text, company({"currencies": {"EUR": 1.1, "£": 1.25}}))
    assert loaded.book.arr.tolist() == pytest.approx([1_100.0, 2_500.0, 3_000.0, 4_000.0])
    assert loaded.book.previous_arr[:2].tolist() == pytest.approx([880.0, 2_500.0])
    assert loaded.book.currency.tolist() == ["EUR", "GBP", "USD", "USD"]


def test_a_currency_column_without_a_rate_is_an_error_per_currency(tmp_path: Path) -> None:
    text = "account_id,arr,currency\nA1,1000,EUR\nA2,2000,GBP\nA3,3000,GBP\nA4,5,USD\n"
    with pytest.raises(InputError) as err:
        load(tmp_path, text, company({"currencies": {"EUR": 1.1}}))
    (problem,) = err.value.problems
    assert (problem.row, problem.column) == (3, "currency")
    assert "GBP 2 (first on row 3)" in str(problem.problem)
    assert "[currencies] GBP = … (USD per GBP)" in str(problem.fix)
    # one currency stated by a column, not the company's, and no rate: also an error
    with pytest.raises(InputError):
        load(tmp_path, "account_id,arr,currency\nA1,1000,EUR\n")


def test_a_foreign_symbol_everywhere_is_a_warning_and_used_as_written(tmp_path: Path) -> None:
    loaded = load(tmp_path, 'account_id,arr\nA1,"€ 12.500,00"\nA2,"€ 30.000"\n')
    assert loaded.book.arr.tolist() == [12_500.0, 30_000.0]
    assert "currency_symbol_mismatch" in codes(loaded)
    assert 'set [company] currency = "EUR"' in message(loaded, "currency_symbol_mismatch")
    # the same file for a EUR company: nothing to say about currency
    euro = load(tmp_path, 'account_id,arr\nA1,"€ 12.500,00"\nA2,"€ 30.000"\n',
                company({"company": {"currency": "EUR"}}))
    assert not {"currency_symbol_mismatch", "currency_converted"} & codes(euro)


@pytest.mark.parametrize(("text", "company_currency", "expected"), [
    ("$", "USD", "USD"), ("$", "CAD", "CAD"), ("$", "EUR", "USD"), ("€", "USD", "EUR"),
    ("us$", "EUR", "USD"), ("¥", "USD", "JPY"), ("¥", "CNY", "CNY"), ("RM", "USD", "MYR"),
    ("kr", "NOK", "NOK"), ("gbp", "USD", "GBP"), ("", "USD", None),
])
def test_currency_codes(text: str, company_currency: str, expected: str | None) -> None:
    assert currency_code(text, company_currency) == expected


def test_currency_rates_are_validated() -> None:
    for bad in (0, -1.0, "1.08", float("nan"), True):
        with pytest.raises(ConfigError, match=r"currencies\.EUR"):
            company({"currencies": {"EUR": bad}})


# ---------------------------------------------------------------------------------- geography


@pytest.mark.parametrize(("country", "region", "zone"), [
    ("USA", "Americas", "America/New_York"), ("U.S.", "Americas", "America/New_York"),
    ("United States", "Americas", "America/New_York"), ("us", "Americas", "America/New_York"),
    ("UK", "EMEA", "Europe/London"), ("Great Britain", "EMEA", "Europe/London"),
    ("Deutschland", "EMEA", "Europe/Berlin"), ("DEU", "EMEA", "Europe/Berlin"),
    ("Brasil", "Americas", "America/Sao_Paulo"), ("日本", "APAC", "Asia/Tokyo"),
    ("中国", "APAC", "Asia/Shanghai"), ("Malaysia", "APAC", "Asia/Kuala_Lumpur"),
    ("  france ", "EMEA", "Europe/Paris"), ("Australia", "APAC", "Australia/Sydney"),
])
def test_country_fills_region_and_time_zone(tmp_path: Path, country: str, region: str,
                                            zone: str) -> None:
    loaded = load(tmp_path, f'account_id,arr,Country\nA1,50000,"{country}"\n')
    assert loaded.book.region.tolist() == [region]
    assert loaded.book.timezone.tolist() == [zone]
    assert {"region", "timezone"} <= loaded.book.present
    assert "region_from_country" in codes(loaded)


def test_regions_override_by_name_or_code_and_existing_cells_stay(tmp_path: Path) -> None:
    text = ("account_id,arr,country,region,timezone\nA1,1,Mexico,,\nA2,1,Japan,,\n"
            "A3,1,Germany,DACH,Europe/Vienna\nA4,1,Atlantis,,\nA5,1,Atlantis,,\n")
    co = company({"regions": {"Mexico": "LATAM", "JP": "Japan"}})
    loaded = load(tmp_path, text, co)
    assert loaded.book.region.tolist() == ["LATAM", "Japan", "DACH", None, None]
    assert loaded.book.timezone.tolist() == ["America/Mexico_City", "Asia/Tokyo", "Europe/Vienna",
                                             None, None]
    unknown = message(loaded, "unknown_country")
    assert unknown.startswith("2 accounts have a country")
    assert "'Atlantis' (2)" in unknown
    # a [regions] line can place a country the table does not know
    placed = load(tmp_path, text, company({"regions": {"Atlantis": "EMEA"}}))
    assert placed.book.region.tolist()[3:] == ["EMEA", "EMEA"]
    assert "unknown_country" not in codes(placed)


def test_country_codes_work_on_distinct_values_of_a_large_column() -> None:
    values = np.array(["USA", "Deutschland", None, "Narnia"] * 50_000, dtype=object)
    iso, unknown = country_codes(values)
    assert iso[:4].tolist() == ["US", "DE", None, None]
    assert unknown == [("Narnia", 50_000)]


def test_the_country_table_uses_the_region_vocabulary_and_real_time_zones() -> None:
    import tomllib
    from importlib.resources import files
    from zoneinfo import ZoneInfo

    raw = tomllib.loads(files("postsale.benchmarks").joinpath("geography.toml").read_text("utf-8"))
    countries = raw["countries"]
    assert len(countries) > 240
    assert {v["region"] for v in countries.values()} == {"Americas", "EMEA", "APAC"}
    for code, entry in countries.items():
        ZoneInfo(entry["timezone"])  # raises for a zone the tz database does not know
        assert len(code) == 2
    assert set(raw["aliases"].values()) <= set(countries)


def test_the_fill_note_names_only_what_was_filled(tmp_path: Path) -> None:
    # regions given, time zones blank: the note speaks of time zones only, with the plural right
    loaded = load(tmp_path, "account_id,arr,Country,region\nA1,50000,Japan,APAC\n"
                  "A2,40000,Germany,EMEA\n")
    note = {n.code: n.message for n in loaded.notes}["region_from_country"]
    assert note == "time zone for 2 accounts filled from 'Country'"
    one = load(tmp_path, "account_id,arr,Country\nA1,50000,Japan\n")
    note = {n.code: n.message for n in one.notes}["region_from_country"]
    assert note.startswith("region for 1 account (APAC 1) and time zone for 1 account filled")
