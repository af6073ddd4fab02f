"""Cell parsers: every accepted form with its exact value, the bad forms, and round trips."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postsale.core.book import COMPLEXITY_KEYS, ONBOARDING_KEYS, SEGMENT_KEYS, UNKNOWN
from postsale.errors import ConfigError
from postsale.io.parse import (
    accepted_values,
    map_headers,
    parse_bool,
    parse_dates,
    parse_enum,
    parse_money,
    parse_number,
)
from postsale.keys import TIER_KEYS, Complexity, OnboardingStatus, Segment, Tier

# ---------------------------------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$30,000", 30_000.0),
        ("30K", 30_000.0),
        ("30k", 30_000.0),
        ("1.2M", 1_200_000.0),
        ("2.5 million", 2_500_000.0),
        ("3bn", 3_000_000_000.0),
        ("€ 12.500,00", 12_500.0),
        ("12 500,00 €", 12_500.0),
        ("12,500.50", 12_500.5),
        ("(1,200)", -1_200.0),
        ("($1,200.50)", -1_200.5),
        ("USD 5,000", 5_000.0),
        ("5,000 USD", 5_000.0),
        ("usd 5000", 5_000.0),
        ("-$3", -3.0),
        ("1200-", -1200.0),
        ("£1,000", 1_000.0),
        ("US$ 7", 7.0),
        ("1'234.50", 1_234.5),
        ("42", 42.0),
        ("  42.5  ", 42.5),
        ("1.5e6", 1_500_000.0),
        ("0", 0.0),
    ],
)
def test_money_forms(text: str, expected: float) -> None:
    parsed = parse_money([text])
    assert parsed.values[0] == pytest.approx(expected, rel=1e-12)
    assert not parsed.bad[0]


@pytest.mark.parametrize("text", ["", "   ", None, "N/A", "null", "-", "$ -", "—"])
def test_blank_money_is_missing_not_bad(text: str | None) -> None:
    parsed = parse_money([text, "1"])
    assert np.isnan(parsed.values[0])
    assert not parsed.bad[0]
    assert parsed.values[1] == 1.0


@pytest.mark.parametrize(
    "text", ["abc", "1,2,3", "$$5", "12..5", "5 apples", "inf", "nan5", "1.2.3,4,5", "(5", "0x10"]
)
def test_unparsable_money_is_bad(text: str) -> None:
    parsed = parse_money(["100", text])
    assert parsed.bad.tolist() == [False, True]
    assert np.isnan(parsed.values[1])
    assert parsed.values[0] == 100.0


def test_ambiguous_amounts_are_decided_on_their_own() -> None:
    # "12,500" and "1.000" fit both styles: in money a lone separator before three digits groups
    # thousands, whatever the other cells say (issue 11: one € amount turned $120,000 into 120).
    us = parse_money(["12,500", "1.000", "3.25"])
    assert us.values.tolist() == [12_500.0, 1_000.0, 3.25]
    assert us.notes == ()
    eu = parse_money(["1.000", "12,50", "€ 2.000,00"])
    assert eu.values.tolist() == [1_000.0, 12.5, 2_000.0]
    assert eu.notes
    assert "European" in eu.notes[0]


def test_one_euro_amount_leaves_the_dollar_amounts_alone() -> None:
    parsed = parse_money(["$120,000", "€ 12.500,00", "$120,000", "$95,250.50"])
    assert parsed.values.tolist() == [120_000.0, 12_500.0, 120_000.0, 95_250.5]
    assert parsed.currency is not None
    assert parsed.currency.tolist() == ["$", "€", "$", "$"]
    assert parsed.style is not None
    assert parsed.style.tolist() == [1, 2, 1, 1]  # US, European, US, US (as each was read)
    assert parse_money(["12.500", "42", "1,5"]).style.tolist() == [2, 0, 2]  # type: ignore[union-attr]


def test_plain_numbers_still_follow_the_column() -> None:
    assert parse_number(["1.000", "2,5"]).values.tolist() == [1_000.0, 2.5]
    assert parse_number(["1.000", "2.25"]).values.tolist() == [1.0, 2.25]


def test_money_from_typed_arrow_and_numpy() -> None:
    assert parse_money(pa.array([1, None, 3])).values[[0, 2]].tolist() == [1.0, 3.0]
    parsed = parse_money(np.array([1.5, np.nan, np.inf]))
    assert parsed.values[0] == 1.5
    assert parsed.bad.tolist() == [False, False, True]


def test_money_over_a_large_chunked_column_matches_the_small_path() -> None:
    cells = ["$1,000", "30K", "", "abc", "(2)"] * 2000
    chunked = pa.chunked_array([cells[:5000], cells[5000:]])
    big, small = parse_money(chunked), parse_money(cells[:5])
    np.testing.assert_array_equal(big.values, np.tile(small.values, 2000))
    np.testing.assert_array_equal(big.bad, np.tile(small.bad, 2000))


@settings(max_examples=100, deadline=None)
@given(cells=st.lists(st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, width=32).map(repr),
    st.integers(-10**9, 10**9).map(str),
    st.sampled_from([" 12 ", "n/a", "-", "nan", "1e999", "+7", "3.", ".5"])), min_size=1))
def test_a_column_of_plain_numbers_reads_as_when_trimmed_first(cells: list[str]) -> None:
    """The one-cast path for machine exports agrees with the general path (cells trimmed, blanks
    and markers found, then cast), which a space before each cell forces."""
    direct, padded = parse_number(pa.array(cells)), parse_number(pa.array([" " + c for c in cells]))
    np.testing.assert_array_equal(direct.values, padded.values)
    assert direct.bad.tolist() == padded.bad.tolist()


def test_numbers_reject_currency_and_suffixes() -> None:
    parsed = parse_number(["85", "2.5", "1,000", "-3", "$5", "5K", ""])
    assert parsed.values[:4].tolist() == [85.0, 2.5, 1_000.0, -3.0]
    assert parsed.bad.tolist() == [False, False, False, False, True, True, False]


@settings(max_examples=200, deadline=None)
@given(cents=st.integers(min_value=0, max_value=10**13), negative=st.booleans())
def test_money_round_trip_us_format(cents: int, negative: bool) -> None:
    value = cents / 100
    text = f"(${value:,.2f})" if negative else f"${value:,.2f}"
    parsed = parse_money([text])
    assert parsed.values[0] == (-value if negative else value)


@settings(max_examples=200, deadline=None)
@given(cents=st.integers(min_value=0, max_value=10**13))
def test_money_round_trip_european_format(cents: int) -> None:
    value = cents / 100
    us = f"{value:,.2f}"
    text = "€ " + us.replace(",", " ").replace(".", ",").replace(" ", ".")
    assert parse_money([text]).values[0] == value


@settings(max_examples=200, deadline=None)
@given(tenths=st.integers(min_value=0, max_value=99_999), suffix=st.sampled_from("KkMB"))
def test_money_round_trip_suffix_format(tenths: int, suffix: str) -> None:
    factor = {"K": 1e3, "k": 1e3, "M": 1e6, "B": 1e9}[suffix]
    parsed = parse_money([f"{tenths / 10:.1f}{suffix}"])
    assert parsed.values[0] == pytest.approx(tenths / 10 * factor, rel=1e-12)


# ---------------------------------------------------------------------------------------- dates

D = np.datetime64("2026-03-31")


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-31",
        "2026/03/31",
        "2026-3-31",
        "31/03/2026",
        "31.03.2026",
        "31-03-2026",
        "Mar 31, 2026",
        "March 31, 2026",
        "Tuesday, March 31, 2026",
        "31 Mar 2026",
        "31-Mar-2026",
        "31-Mar-26",
        "31st March 2026",
        "2026-03-31T10:00:00Z",
        "2026-03-31T23:59:59-05:00",
        "2026-03-31 10:00",
        "2026-03-31T10:00:00.123+02:00",
        "20260331",
    ],
)
def test_date_forms(text: str) -> None:
    parsed = parse_dates([text])
    assert parsed.values[0] == D
    assert not parsed.bad[0]


def test_month_first_is_the_default_for_ambiguous_slash_dates() -> None:
    parsed = parse_dates(["03/04/2026", "12/31/2026"])
    assert parsed.values.tolist() == [dt.date(2026, 3, 4), dt.date(2026, 12, 31)]
    assert parsed.notes == ()  # 12/31 proves the column is month-first: nothing to note
    ambiguous = parse_dates(["03/04/2026", "05/06/2026"])
    assert ambiguous.values.tolist() == [dt.date(2026, 3, 4), dt.date(2026, 5, 6)]
    assert ambiguous.notes
    assert "month-first" in ambiguous.notes[0]


def test_day_first_when_any_first_field_is_above_twelve() -> None:
    parsed = parse_dates(["03/04/2026", "31/12/2026", ""])
    assert parsed.values[:2].tolist() == [dt.date(2026, 4, 3), dt.date(2026, 12, 31)]
    assert parsed.bad.tolist() == [False, False, False]


def test_dotted_dates_are_always_day_first() -> None:
    assert parse_dates(["03.04.2026"]).values[0] == np.datetime64("2026-04-03")


def test_two_digit_years() -> None:
    parsed = parse_dates(["3/31/26", "3/31/95"])
    assert parsed.values.tolist() == [dt.date(2026, 3, 31), dt.date(1995, 3, 31)]


@pytest.mark.parametrize(
    "text", ["2026-02-30", "2026-13-01", "31/31/2026", "soon", "Marchember 3, 2026", "0026-03-31",
             "2026-03-31 garbage", "45382", "Q1 2026"]
)
def test_bad_dates(text: str) -> None:
    parsed = parse_dates(["2026-01-01", text, None])
    assert parsed.bad.tolist() == [False, True, False]
    assert np.isnat(parsed.values[1])
    assert np.isnat(parsed.values[2])


def test_excel_serials_only_when_asked() -> None:
    assert parse_dates(["46112"], excel_serials=True).values[0] == D
    assert parse_dates(["1", "59", "61"], excel_serials=True).values.tolist() == [
        dt.date(1900, 1, 1), dt.date(1900, 2, 28), dt.date(1900, 3, 1)]
    assert parse_dates(["46112"]).bad[0]


def test_typed_dates_pass_through() -> None:
    parsed = parse_dates(pa.array([dt.date(2026, 3, 31), None]))
    assert parsed.values[0] == D
    assert np.isnat(parsed.values[1])
    stamps = pa.array([dt.datetime(2026, 3, 31, 15, 30)], pa.timestamp("us"))
    assert parse_dates(stamps).values[0] == D


def test_a_large_date_column_parses_the_distinct_values_once() -> None:
    cells = ["31/03/2026", "01/04/2026", "", "nope"] * 3000
    parsed = parse_dates(cells)
    assert parsed.values[:2].tolist() == [dt.date(2026, 3, 31), dt.date(2026, 4, 1)]
    assert int(parsed.bad.sum()) == 3000
    assert parsed.bad[3::4].all()


_FORMATS = {
    "iso": lambda d: d.isoformat(),
    "slash_ymd": lambda d: d.strftime("%Y/%m/%d"),
    "dotted": lambda d: d.strftime("%d.%m.%Y"),
    "month_name": lambda d: d.strftime("%b %d, %Y"),
    "day_month_name": lambda d: d.strftime("%d %B %Y"),
    "iso_datetime": lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ"),
}


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
       form=st.sampled_from(sorted(_FORMATS)))
def test_date_round_trip(day: dt.date, form: str) -> None:
    assert parse_dates([_FORMATS[form](day)]).values[0] == np.datetime64(day)


@settings(max_examples=100, deadline=None)
@given(days=st.lists(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)),
                     min_size=1, max_size=20))
def test_day_first_and_month_first_columns_round_trip(days: list[dt.date]) -> None:
    # A column with one unmistakable day-first value is read day-first throughout, and the same
    # dates written month-first (with an unmistakable month-first value) read month-first.
    anchor = dt.date(2026, 12, 31)
    dmy = parse_dates([d.strftime("%d/%m/%Y") for d in [anchor, *days]])
    mdy = parse_dates([d.strftime("%m/%d/%Y") for d in [anchor, *days]])
    expected = [anchor, *days]
    assert dmy.values.tolist() == expected
    assert mdy.values.tolist() == expected


# -------------------------------------------------------------------------------------- booleans


def test_booleans() -> None:
    cells = ["true", "FALSE", "Yes", "no", "y", "N", "1", "0", "x", "X", "", None, " yes "]
    parsed = parse_bool(cells)
    assert parsed.values.tolist() == [True, False, True, False, True, False, True, False, True,
                                      True, False, False, True]
    assert not parsed.bad.any()


def test_unknown_booleans_are_bad() -> None:
    parsed = parse_bool(["yes", "maybe", "2"])
    assert parsed.bad.tolist() == [False, True, True]
    assert parse_bool(pa.array([True, None, False])).values.tolist() == [True, False, False]


# ----------------------------------------------------------------------------------------- enums


def code(keys: tuple[object, ...], key: object) -> int:
    return keys.index(key)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("enterprise", Segment.ENTERPRISE), ("Enterprise", Segment.ENTERPRISE),
        ("ENT", Segment.ENTERPRISE), ("mid_market", Segment.MID_MARKET),
        ("Mid-Market", Segment.MID_MARKET), ("midmarket", Segment.MID_MARKET),
        ("mid market", Segment.MID_MARKET), ("MM", Segment.MID_MARKET),
        ("Commercial", Segment.MID_MARKET), ("smb", Segment.SMB), ("SMB", Segment.SMB),
        ("Small Business", Segment.SMB), (" small_business ", Segment.SMB),
    ],
)
def test_segments(text: str, expected: Segment) -> None:
    parsed = parse_enum([text], "segment")
    assert parsed.values[0] == code(SEGMENT_KEYS, expected)
    assert not parsed.bad[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("low", Complexity.LOW), ("Medium", Complexity.MEDIUM), ("med", Complexity.MEDIUM),
     ("HIGH", Complexity.HIGH)],
)
def test_complexity(text: str, expected: Complexity) -> None:
    assert parse_enum([text], "complexity").values[0] == code(COMPLEXITY_KEYS, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("not_started", OnboardingStatus.NOT_STARTED), ("Not Started", OnboardingStatus.NOT_STARTED),
        ("pending", OnboardingStatus.NOT_STARTED), ("in_progress", OnboardingStatus.IN_PROGRESS),
        ("In Progress", OnboardingStatus.IN_PROGRESS), ("onboarding", OnboardingStatus.IN_PROGRESS),
        ("Implementing", OnboardingStatus.IN_PROGRESS), ("completed", OnboardingStatus.COMPLETED),
        ("Complete", OnboardingStatus.COMPLETED), ("done", OnboardingStatus.COMPLETED),
        ("Live", OnboardingStatus.COMPLETED),
    ],
)
def test_onboarding_status(text: str, expected: OnboardingStatus) -> None:
    assert parse_enum([text], "onboarding_status").values[0] == code(ONBOARDING_KEYS, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("high_touch", Tier.HIGH_TOUCH), ("High Touch", Tier.HIGH_TOUCH), ("high", Tier.HIGH_TOUCH),
        ("Tier 1", Tier.HIGH_TOUCH), ("1", Tier.HIGH_TOUCH), ("low_touch", Tier.LOW_TOUCH),
        ("low touch", Tier.LOW_TOUCH), ("Tier 2", Tier.LOW_TOUCH), ("tech_touch", Tier.TECH_TOUCH),
        ("Tech Touch", Tier.TECH_TOUCH), ("digital", Tier.TECH_TOUCH), ("Scale", Tier.TECH_TOUCH),
        ("tier-3", Tier.TECH_TOUCH),
    ],
)
def test_tier_override(text: str, expected: Tier) -> None:
    assert parse_enum([text], "tier_override").values[0] == code(TIER_KEYS, expected)


def test_blank_enum_is_unknown_and_other_values_are_bad() -> None:
    parsed = parse_enum(["", None, "giant", "smb"], "segment")
    assert parsed.values.tolist() == [UNKNOWN, UNKNOWN, UNKNOWN, code(SEGMENT_KEYS, Segment.SMB)]
    assert parsed.bad.tolist() == [False, False, True, False]
    assert accepted_values("segment") == ("enterprise", "mid_market", "smb")


# --------------------------------------------------------------------------------------- headers


def test_headers_map_canonical_names_aliases_and_the_columns_table() -> None:
    headers = ["Account ID", "Annual Recurring Revenue", "Billing Country", "Contract End Date",
               "Company owner", "Health Score", "Yearly Fee", "Unrelated"]
    mapping = map_headers(headers)
    assert mapping.positions == {"account_id": 0, "arr": 1, "country": 2, "renewal_date": 3,
                                 "owner": 4, "health_score": 5}
    assert mapping.problems == []
    # [columns] wins over the alias: the other ARR header is then ignored, with a note.
    mapped = map_headers(headers, {"yearly fee": "ARR"})
    assert mapped.positions["arr"] == 6
    assert [code for code, _ in mapped.notes] == ["column_ignored"]


def test_two_headers_for_one_column_is_a_problem() -> None:
    mapping = map_headers(["account_id", "Country/Region", "Billing Country", "arr"])
    assert "country" not in mapping.positions
    assert len(mapping.problems) == 1
    assert "'Country/Region' and 'Billing Country'" in str(mapping.problems[0][1])
    # A canonical name outranks an alias: no problem, the alias is ignored with a note.
    ranked = map_headers(["account_id", "Billing Country", "country", "arr"])
    assert ranked.positions["country"] == 2
    assert ranked.problems == []


def test_missing_required_columns_suggest_a_mapping() -> None:
    mapping = map_headers(["Acount Idd", "Revenue", "Name"])
    columns = {column for column, _, _ in mapping.problems}
    assert columns == {"account_id", "arr"}
    fix = next(str(fix) for column, _, fix in mapping.problems if column == "account_id")
    assert '"Acount Idd" = "account_id"' in fix
    problem = str(mapping.problems[0][1])
    assert "'Acount Idd', 'Revenue', 'Name'" in problem


def test_columns_table_must_name_an_account_column() -> None:
    with pytest.raises(ConfigError, match="revenue"):
        map_headers(["x"], {"x": "revenue"})


def _us(cents: int) -> str:
    return f"${cents // 100:,}.{cents % 100:02d}"


def _eu(cents: int) -> str:
    return "€ " + f"{cents // 100:,}".replace(",", ".") + f",{cents % 100:02d}"


@given(st.lists(st.tuples(st.integers(0, 10**11), st.booleans()), min_size=1, max_size=30))
@settings(max_examples=200, deadline=None)
def test_each_amount_is_read_by_its_own_format(cells: list[tuple[int, bool]]) -> None:
    # any mix of "$1,234.50" and "€ 1.234,50" amounts: each reads back as written, whatever
    # its neighbours (issue 11: one European amount must not rescale the dollar ones)
    texts = [_eu(c) if eu else _us(c) for c, eu in cells]
    parsed = parse_money(texts)
    assert not parsed.bad.any()
    assert parsed.values.tolist() == pytest.approx([c / 100 for c, _ in cells], rel=1e-12)
    # and the same holds for whole amounts written without decimals ("$120,000", "€ 12.500")
    whole = [(_eu(c * 100) if eu else _us(c * 100)).rsplit(",", 1)[0] if eu
             else _us(c * 100).rsplit(".", 1)[0] for c, eu in cells]
    assert parse_money(whole).values.tolist() == [float(c) for c, _ in cells]
