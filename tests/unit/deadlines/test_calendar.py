"""Holiday calendars per zone, checked against C. trav. L3133-1, L3134-13 and L3422-2, and the library overrides."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.easter import easter as dateutil_easter

from domain.deadlines import WorkingCalendar, library_overrides, parse_zone, zone_holidays
from domain.deadlines.calendar import easter

D = dt.date


def days_of(zone: str, year: int, **options: object) -> set[dt.date]:
    return set(zone_holidays(parse_zone(zone), year, **options))  # type: ignore[arg-type]


def test_the_computus_matches_dateutil_for_every_year_the_engine_covers() -> None:
    assert all(easter(year) == dateutil_easter(year) for year in range(1976, 2200))


def test_metropolitan_2026_holidays_are_the_eleven_of_l3133_1() -> None:
    # DEADLINE_RULES §2.4 (matches the FO-Fonctionnaires 2026 calendar)
    assert days_of("75", 2026) == {
        D(2026, 1, 1), D(2026, 4, 6), D(2026, 5, 1), D(2026, 5, 8), D(2026, 5, 14), D(2026, 5, 25),
        D(2026, 7, 14), D(2026, 8, 15), D(2026, 11, 1), D(2026, 11, 11), D(2026, 12, 25),
    }  # fmt: skip


@pytest.mark.parametrize(("year", "easter_monday", "ascension", "whit_monday"), [
    (2026, D(2026, 4, 6), D(2026, 5, 14), D(2026, 5, 25)),
    (2027, D(2027, 3, 29), D(2027, 5, 6), D(2027, 5, 17)),
    (2028, D(2028, 4, 17), D(2028, 5, 25), D(2028, 6, 5)),
])  # fmt: skip
def test_movable_feasts_follow_the_table_of_deadline_rules(
    year: int, easter_monday: dt.date, ascension: dt.date, whit_monday: dt.date
) -> None:
    assert {easter_monday, ascension, whit_monday} <= days_of("75", year)


@pytest.mark.parametrize("department", ["57", "67", "68"])
def test_alsace_moselle_adds_good_friday_and_saint_stephen(department: str) -> None:
    assert days_of(department, 2028) - days_of("75", 2028) == {D(2028, 4, 14), D(2028, 12, 26)}


def test_good_friday_is_a_per_court_flag_in_alsace_moselle() -> None:
    assert days_of("57", 2027, good_friday=False) - days_of("75", 2027) == {D(2027, 12, 26)}


@pytest.mark.parametrize("department", ["54", "55", "88", "90"])
def test_neighbouring_departments_are_not_alsace_moselle(department: str) -> None:
    assert days_of(department, 2026) == days_of("75", 2026)


@pytest.mark.parametrize(("zone", "abolition_day"), [
    ("976", D(2026, 4, 27)), ("972", D(2026, 5, 22)), ("971", D(2026, 5, 27)), ("973", D(2026, 6, 10)),
    ("977", D(2026, 10, 9)), ("974", D(2026, 12, 20)), ("978", D(2026, 5, 27)),
])  # fmt: skip
def test_each_overseas_territory_adds_only_its_abolition_day(zone: str, abolition_day: dt.date) -> None:
    assert days_of(zone, 2026) - days_of("75", 2026) == {abolition_day}


def test_saint_pierre_and_the_taaf_have_only_the_national_days() -> None:
    assert days_of("975", 2026) == days_of("TF", 2026) == days_of("75", 2026)


def test_saint_martin_can_follow_the_28_may_practice_or_both_days() -> None:
    assert days_of("MF", 2026, saint_martin="28") - days_of("75", 2026) == {D(2026, 5, 28)}
    assert days_of("MF", 2026, saint_martin="both") - days_of("75", 2026) == {D(2026, 5, 27), D(2026, 5, 28)}


def test_eighth_may_is_absent_from_1976_to_1981_and_present_from_1982() -> None:
    assert D(1981, 5, 8) not in days_of("75", 1981)
    assert D(1982, 5, 8) in days_of("75", 1982)


def test_abolition_days_start_with_their_decrees() -> None:
    assert D(1983, 5, 27) not in days_of("971", 1983)
    assert D(1983, 12, 20) in days_of("974", 1983)  # décret 83-1003 of 23 Nov. 1983
    assert D(2011, 10, 9) not in days_of("BL", 2011)
    assert D(2012, 10, 9) in days_of("BL", 2012)  # décret 2012-553


def test_the_library_calendar_of_guadeloupe_is_overridden_where_the_texts_differ() -> None:
    removed = {(o.day, o.action) for o in library_overrides(parse_zone("971"), 2026)}

    assert removed == {(D(2026, 3, 12), "retiré"), (D(2026, 4, 3), "retiré"), (D(2026, 7, 21), "retiré")}


def test_the_library_calendar_of_saint_martin_is_overridden_to_the_text_of_l3422_2() -> None:
    overrides = {(o.day, o.action) for o in library_overrides(parse_zone("MF"), 2026)}

    assert overrides == {(D(2026, 5, 27), "ajouté"), (D(2026, 5, 28), "retiré"), (D(2026, 7, 21), "retiré")}


def test_whit_monday_is_restored_for_the_solidarity_day_years() -> None:
    for year in (2005, 2006, 2007):
        overrides = library_overrides(parse_zone("75"), year)
        assert [(o.action, o.name) for o in overrides] == [("ajouté", "lundi de Pentecôte")]


@pytest.mark.parametrize("zone", ["75", "57", "972", "973", "974", "976", "BL", "PM", "NC", "PF", "WF"])
def test_the_library_agrees_with_the_texts_elsewhere_from_2008_to_2040(zone: str) -> None:
    # Martinique keeps the library's Schœlcher day as the only difference.
    for year in range(2008, 2041):
        overrides = library_overrides(parse_zone(zone), year)
        assert all(o.name == "Fête de Victor Schoelcher" for o in overrides), (zone, year, overrides)


def test_a_court_closure_is_a_non_working_day_only_for_that_court() -> None:
    closed = WorkingCalendar(parse_zone("75"), closures=frozenset({D(2026, 8, 10)}))

    assert not closed.is_working_day(D(2026, 8, 10))
    assert WorkingCalendar(parse_zone("75")).is_working_day(D(2026, 8, 10))


def test_saturday_is_not_a_working_day_for_article_642() -> None:
    assert not WorkingCalendar(parse_zone("75")).is_working_day(D(2026, 9, 19))
