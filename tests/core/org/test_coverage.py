"""Language and business-hours coverage of the geographic model (DOMAIN.md §2, model 4: time-zone
alignment, language fit, follow-the-sun). The cases are built directly on the pure functions."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postsale.core.org.coverage import (
    apportion,
    assign_languages,
    coverage_summary,
    factorize,
    hour_masks,
    language_coverage,
    time_zone_coverage,
    utc_offset_hours,
)

WINTER = dt.date(2026, 11, 25)  # northern winter: New York −5, London 0, Sydney +11 (DST)
SUMMER = dt.date(2026, 7, 1)  # northern summer: New York −4, London +1, Sydney +10


def objects(*values: str | None) -> np.ndarray:
    return np.array(values, dtype=object)


def repeat(value: str | None, n: int) -> list[str | None]:
    return [value] * n


# ------------------------------------------------------------------ helpers


def test_factorize_codes_unknowns_as_minus_one() -> None:
    labels, codes = factorize(objects("EMEA", None, "APAC", "", "EMEA"))
    assert labels == ["APAC", "EMEA"]
    assert codes.tolist() == [1, -1, 0, -1, 1]
    labels, codes = factorize(objects(None, None))
    assert labels == []
    assert codes.tolist() == [-1, -1]


@given(st.integers(0, 200), st.lists(st.integers(0, 1000), min_size=1, max_size=12))
def test_apportion_hands_out_exactly_the_total(total: int, weights: list[int]) -> None:
    shares = apportion(total, [float(w) for w in weights])
    assert sum(shares) == total
    assert all(s >= 0 for s in shares)
    if sum(weights):
        for share, weight in zip(shares, weights, strict=True):
            exact = total * weight / sum(weights)
            assert exact - 1 < share < exact + 1
            if weight == 0:
                assert share == 0


def test_apportion_breaks_ties_towards_the_first() -> None:
    assert apportion(1, [1.0, 1.0]) == [1, 0]
    assert apportion(3, [0.0, 0.0]) == [3, 0]
    assert apportion(5, [3.0, 1.0, 1.0]) == [3, 1, 1]


@pytest.mark.parametrize(("zone", "date", "offset"), [
    ("Asia/Tokyo", WINTER, 9.0), ("America/New_York", WINTER, -5.0),
    ("America/New_York", SUMMER, -4.0), ("Australia/Sydney", WINTER, 11.0),
    ("Australia/Sydney", SUMMER, 10.0), ("Asia/Kolkata", WINTER, 5.5), ("UTC", SUMMER, 0.0),
])
def test_utc_offset_depends_on_the_reference_date(zone: str, date: dt.date, offset: float) -> None:
    assert utc_offset_hours(zone, date) == offset


@pytest.mark.parametrize("zone", [None, "", "Mars/Olympus_Mons", "America", "../etc/passwd"])
def test_unknown_zones_have_no_offset(zone: str | None) -> None:
    assert utc_offset_hours(zone, WINTER) is None


def test_hour_masks_place_the_local_day_in_utc() -> None:
    masks = hour_masks(np.array([-5.0, 9.0, 5.5, np.nan]), 9.0, 17.0)
    assert np.flatnonzero(masks[0]).tolist() == list(range(14, 22))  # New York 09–17 = 14–22 UTC
    assert np.flatnonzero(masks[1]).tolist() == list(range(8))  # Tokyo 09–17 = 00–08 UTC
    assert np.flatnonzero(masks[2]).tolist() == list(range(3, 12))  # Kolkata 03:30–11:30 UTC
    assert not masks[3].any()
    night = hour_masks(np.array([0.0]), 22.0, 6.0)[0]  # an overnight window wraps midnight
    assert np.flatnonzero(night).tolist() == [0, 1, 2, 3, 4, 5, 22, 23]


@given(st.integers(-12 * 4, 14 * 4).map(lambda q: q / 4))
def test_an_eight_hour_day_covers_eight_or_nine_utc_hours(offset: float) -> None:
    hours = int(hour_masks(np.array([offset]), 9.0, 17.0).sum())
    assert hours == (8 if offset == int(offset) else 9)


# ------------------------------------------------------------------ hours


def test_tokyo_accounts_with_support_only_in_new_york_are_a_named_gap() -> None:
    zones = objects(*repeat("Asia/Tokyo", 30), *repeat("America/New_York", 70))
    regions = objects(*repeat("APAC", 30), *repeat("Americas", 70))
    hours = time_zone_coverage(zones, regions, ["America/New_York", "America/New_York"], WINTER)
    assert hours["covered_utc_hours"] == list(range(14, 22))
    assert hours["needed_utc_hours"] == [*range(8), *range(14, 22)]
    assert hours["follow_the_sun"] is False
    assert hours["gaps"] == [{"utc_hours": "00–08", "hours": list(range(8)), "accounts": 30,
                              "regions": ["APAC"]}]
    assert hours["support_time_zones"] == ["America/New_York"]


def test_follow_the_sun_with_support_eight_hours_apart() -> None:
    zones = objects("America/Los_Angeles", "Europe/London", "Asia/Singapore", "Asia/Tokyo")
    regions = objects("Americas", "EMEA", "APAC", "APAC")
    hubs = ["America/Los_Angeles", "Europe/London", "Asia/Singapore"]
    winter = time_zone_coverage(zones, regions, hubs, WINTER)
    assert winter["follow_the_sun"] is True
    assert winter["covered_utc_hours"] == list(range(24))
    assert winter["gaps"] == []
    # In July Los Angeles (−7) and London (+1) move an hour: midnight UTC is no one's day.
    summer = time_zone_coverage(zones, regions, hubs, SUMMER)
    assert summer["follow_the_sun"] is False
    assert 0 not in summer["covered_utc_hours"]
    assert summer["gaps"] == [{"utc_hours": "00–01", "hours": [0], "accounts": 1,
                               "regions": ["APAC"]}]  # Tokyo's 09:00


def test_gaps_wrap_around_midnight_and_count_each_account_once() -> None:
    zones = objects(*repeat("America/Los_Angeles", 12), *repeat("America/Denver", 5),
                    *repeat("Europe/London", 40))
    regions = objects(*repeat("Americas", 17), *repeat("EMEA", 40))
    hours = time_zone_coverage(zones, regions, ["Europe/London"], WINTER)
    assert [g["utc_hours"] for g in hours["gaps"]] == ["17–01"]
    gap = hours["gaps"][0]
    assert gap["hours"] == [*range(17, 24), 0]
    assert gap["accounts"] == 17
    assert gap["regions"] == ["Americas"]


def test_accounts_without_a_known_zone_are_counted_and_left_out() -> None:
    zones = objects("Asia/Tokyo", None, "Not/A_Zone", "")
    regions = objects("APAC", "APAC", None, "EMEA")
    hours = time_zone_coverage(zones, regions, [], WINTER)
    assert hours["accounts_without_time_zone"] == 3
    assert hours["needed_utc_hours"] == list(range(8))
    assert hours["covered_utc_hours"] == []
    assert hours["gaps"][0]["accounts"] == 1


def test_business_hours_are_parameters() -> None:
    zones = objects("Europe/London")
    hours = time_zone_coverage(zones, objects("EMEA"), ["Europe/London"], WINTER,
                               start_hour=8.0, end_hour=20.0)
    assert hours["needed_utc_hours"] == list(range(8, 20))
    assert hours["gaps"] == []


# ------------------------------------------------------------------ languages


def test_language_coverage_rows_and_named_gaps() -> None:
    regions = objects("EMEA", "EMEA", "EMEA", "EMEA", "APAC", "APAC", None)
    langs = objects("German", "German", "Czech", None, "Japanese", "English", "English")
    cov = language_coverage(regions, langs, [("EMEA", ("German", "English")),
                                             ("EMEA", ("German",)), ("APAC", ("English",))])
    rows = {(r["region"], r["language"]): r for r in cov["languages"]}
    assert rows[("EMEA", "German")] == {"language": "German", "region": "EMEA", "accounts": 2,
                                        "positions": 2, "covered": True}
    assert rows[("EMEA", "Czech")]["covered"] is False
    assert rows[("APAC", "Japanese")]["covered"] is False
    assert rows[("APAC", "English")]["positions"] == 1
    assert ("EMEA", "English") not in rows  # spoken, but no EMEA account needs it
    assert rows[("Unassigned", "English")]["covered"] is False
    assert len(cov["language_gaps"]) == 3
    assert any(str(g).startswith("Czech in EMEA: 1 accounts") for g in cov["language_gaps"])


def test_busiest_language_gets_most_seats_and_the_rest_second_slots() -> None:
    seats, gaps = assign_languages([([("English", 400), ("German", 90), ("Czech", 10),
                                      ("Polish", 8)], 4)], 2)
    team = seats[0]
    assert gaps == []
    assert [s[0] for s in team].count("English") == 3
    assert sorted(lang for s in team for lang in s[1:]) == ["Czech", "Polish"]
    assert all(1 <= len(s) <= 2 for s in team)


def test_languages_beyond_the_seats_are_gaps_rarest_first() -> None:
    seats, gaps = assign_languages([([("Japanese", 40), ("Korean", 15), ("Thai", 9),
                                      ("Malay", 5), ("Vietnamese", 4)], 2)], 2)
    assert sorted(lang for s in seats[0] for lang in s) == ["Japanese", "Korean", "Malay", "Thai"]
    assert gaps == ["Vietnamese"]


def test_a_team_that_cannot_place_a_language_borrows_a_free_seat_in_the_region() -> None:
    seats, gaps = assign_languages([([("Spanish", 30), ("Portuguese", 20), ("English", 5)], 1),
                                    ([("English", 500)], 3)], 2)
    assert gaps == []
    placed = {lang for team in seats for s in team for lang in s}
    assert placed == {"Spanish", "Portuguese", "English"}
    assert seats[0] == [("Spanish", "Portuguese")]
    seats, gaps = assign_languages([([("Thai", 30)], 0), ([("English", 50)], 1)], 2)
    assert seats == [[], [("English", "Thai")]]
    assert gaps == []


@settings(max_examples=150)
@given(st.lists(st.tuples(st.lists(st.tuples(st.sampled_from("ABCDEFGHIJ"), st.integers(1, 500)),
                                   max_size=8, unique_by=lambda x: x[0]),
                          st.integers(0, 5)), min_size=1, max_size=4),
       st.integers(1, 3))
def test_language_placement_invariants(teams: list[tuple[list[tuple[str, int]], int]],
                                       cap: int) -> None:
    seats, gaps = assign_languages(teams, cap)
    wanted = {lang for counts, _ in teams for lang, _ in counts}
    placed = {lang for team in seats for s in team for lang in s}
    assert placed | set(gaps) == wanted
    assert not placed & set(gaps)
    flat = [s for team in seats for s in team]
    assert all(len(s) <= cap and len(set(s)) == len(s) for s in flat)
    if gaps:  # a gap only when every seat of the region is full
        assert all(len(s) == cap for s in flat)
    for (counts, n), team in zip(teams, seats, strict=True):
        assert len(team) == n
        if counts:
            assert all(team_seat for team_seat in team)  # every seat speaks a team language
            busiest = min(counts, key=lambda x: (-x[1], x[0]))[0]
            if n:
                assert team[0][0] == busiest


def test_summary_names_language_and_hour_gaps() -> None:
    langs = language_coverage(objects("APAC"), objects("Thai"), [])
    hours = time_zone_coverage(objects("Asia/Bangkok"), objects("APAC"), [], WINTER)
    text = str(coverage_summary(langs, hours))
    assert "Thai in APAC" in text
    assert "02–10 UTC (1 accounts in APAC)" in text
    assert "Not follow-the-sun" in text


@given(st.lists(st.tuples(st.sampled_from(["EMEA", "APAC", None]),
                          st.sampled_from(["Europe/Berlin", "Asia/Tokyo", "America/New_York", None,
                                           "Not/AZone"]),
                          st.sampled_from(["en", "de", "ja", None])), min_size=1, max_size=40))
def test_coverage_from_precomputed_counts_equals_counting_the_accounts(
        rows: list[tuple[str | None, str | None, str | None]]) -> None:
    # the geographic chart passes counts from its histograms: they must give the same coverage
    region = factorize(np.asarray([r[0] for r in rows], dtype=object))
    zone = factorize(np.asarray([r[1] for r in rows], dtype=object))
    lang = factorize(np.asarray([r[2] for r in rows], dtype=object))
    n_regions, n_langs, n_zones = len(region[0]) + 1, max(1, len(lang[0])), len(zone[0])
    rc = np.where(region[1] < 0, n_regions - 1, region[1])
    by_lang = np.zeros((n_regions, n_langs), dtype=np.int64)
    by_zone = np.zeros((n_zones, n_regions), dtype=np.int64)
    for r, z, code in zip(rc, zone[1], lang[1], strict=True):
        if code >= 0:
            by_lang[r, code] += 1
        if z >= 0:
            by_zone[z, r] += 1
    speakers = [("EMEA", ["en"]), ("APAC", ["ja"], 2)]
    assert language_coverage(region, lang, speakers, counts=by_lang) == \
        language_coverage(region, lang, speakers)
    day = dt.date(2026, 1, 15)
    no_zone = int((zone[1] < 0).sum())
    assert time_zone_coverage(zone, region, ["Europe/Berlin"], day,
                              counts=(by_zone, no_zone)) == \
        time_zone_coverage(zone, region, ["Europe/Berlin"], day)
