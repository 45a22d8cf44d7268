"""Which days are *fériés ou chômés* for art. 642 CPC, per zone and per year.

The `holidays` library is the starting point; its calendars are checked against the labour-code texts and
overridden where they differ (see `library_overrides`):
- C. trav. L3133-1: the eleven national *fêtes légales* (8 May only since loi 81-893 of 2 Oct. 1981; Whit Monday
  stays a holiday even when it was the default *journée de solidarité*, 2005–2007: Cass. 3e civ., 21 janv. 2021);
- C. trav. L3134-13: 26 December and, in communes with a Protestant temple or a mixed church, Good Friday — only in
  57, 67 and 68; Good Friday is a per-court flag;
- C. trav. L3422-2: one abolition-of-slavery day per overseas territory (décret 83-1003 of 23 Nov. 1983; Saint-
  Barthélemy and Saint-Martin by décret 2012-553 of 23 Apr. 2012). Victor Schœlcher day, Mi-Carême and Good Friday,
  which the library lists for some Antilles territories, are not in these texts and are removed.
New Caledonia, French Polynesia and Wallis-et-Futuna have their own labour law: their library calendar is used as is.
Tables are built lazily and cached; nothing is computed at import time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from domain.deadlines.zones import Zone

SaintMartinChoice = Literal["27", "28", "both"]

L3133_1 = "C. trav. L3133-1"
L3134_13 = "C. trav. L3134-13"
L3422_2 = "C. trav. L3422-2"

# (month, day) of the abolition-of-slavery commemoration (L3422-2) and the first day it was a holiday.
_ABOLITION: dict[str, tuple[int, int, dt.date]] = {
    "976": (4, 27, dt.date(1983, 11, 23)),
    "972": (5, 22, dt.date(1983, 11, 23)),
    "971": (5, 27, dt.date(1983, 11, 23)),
    "973": (6, 10, dt.date(1983, 11, 23)),
    "974": (12, 20, dt.date(1983, 11, 23)),
    "BL": (10, 9, dt.date(2012, 4, 23)),
    "MF": (5, 27, dt.date(2012, 4, 23)),
}
_SAINT_MARTIN_PRACTICE = (5, 28)
_ABOLITION_NAME = "commémoration de l'abolition de l'esclavage"


def easter(year: int) -> dt.date:
    """Easter Sunday, Gregorian computus (Meeus/Jones/Butcher); checked against dateutil in the tests."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * ell) // 433
    month = (h + ell - 7 * m + 90) // 25
    return dt.date(year, month, (h + ell - 7 * m + 33 * month + 19) % 32)


@dataclass(frozen=True)
class Holiday:
    day: dt.date
    name: str
    basis: str


@dataclass(frozen=True)
class CalendarOverride:
    """One difference between the `holidays` library and the texts, resolved in favour of the texts."""

    day: dt.date
    action: Literal["retiré", "ajouté"]
    name: str
    reason: str


def _national(year: int) -> list[Holiday]:
    e = easter(year)
    days = [
        (dt.date(year, 1, 1), "jour de l'an"),
        (e + dt.timedelta(days=1), "lundi de Pâques"),
        (dt.date(year, 5, 1), "fête du Travail"),
        (e + dt.timedelta(days=39), "Ascension"),
        (e + dt.timedelta(days=50), "lundi de Pentecôte"),
        (dt.date(year, 7, 14), "fête nationale"),
        (dt.date(year, 8, 15), "Assomption"),
        (dt.date(year, 11, 1), "Toussaint"),
        (dt.date(year, 11, 11), "armistice de 1918"),
        (dt.date(year, 12, 25), "Noël"),
    ]
    if year >= 1982 or 1953 <= year <= 1959:
        days.append((dt.date(year, 5, 8), "victoire de 1945"))
    return [Holiday(day, name, L3133_1) for day, name in days]


def _alsace_moselle(year: int, good_friday: bool) -> list[Holiday]:
    days = [Holiday(dt.date(year, 12, 26), "Saint-Étienne", L3134_13)]
    if good_friday:
        days.append(Holiday(easter(year) - dt.timedelta(days=2), "Vendredi saint", L3134_13))
    return days


def _abolition(code: str, year: int, saint_martin: SaintMartinChoice) -> list[Holiday]:
    if code not in _ABOLITION:
        return []
    month, day, since = _ABOLITION[code]
    dates = [dt.date(year, month, day)]
    if code == "MF":
        practice = dt.date(year, *_SAINT_MARTIN_PRACTICE)
        dates = {"27": dates, "28": [practice], "both": [*dates, practice]}[saint_martin]
    basis = L3422_2 if code != "MF" or saint_martin == "27" else f"{L3422_2} (28 mai : usage local depuis 2019)"
    return [Holiday(d, _ABOLITION_NAME, basis) for d in dates if d >= since]


@lru_cache(maxsize=512)
def library_holidays(subdivision: str | None, year: int) -> Mapping[dt.date, str]:
    """The `holidays` library's French calendar for one subdivision and year (French names)."""
    import holidays  # imported lazily: building calendars is the caller's choice, never an import side effect

    table = holidays.country_holidays("FR", subdiv=subdivision, years=year, language="fr")
    return {day: str(name) for day, name in sorted(table.items())}


@lru_cache(maxsize=1024)
def _zone_holidays(zone: Zone, year: int, good_friday: bool, saint_martin: SaintMartinChoice) -> dict[dt.date, Holiday]:
    if zone.has_local_labour_code:
        basis = f"droit local ({zone.label}), calendrier de la bibliothèque holidays"
        return {d: Holiday(d, name, basis) for d, name in library_holidays(zone.library_subdivision, year).items()}
    days = _national(year)
    if zone.is_alsace_moselle:
        days += _alsace_moselle(year, good_friday)
    days += _abolition(zone.code, year, saint_martin)
    return {h.day: h for h in sorted(days, key=lambda h: h.day)}


def zone_holidays(
    zone: Zone, year: int, *, good_friday: bool = True, saint_martin: SaintMartinChoice = "27"
) -> Mapping[dt.date, Holiday]:
    """The *jours fériés* of `zone` in `year`, per the texts (library calendar for NC, PF, WF)."""
    return _zone_holidays(zone, year, good_friday and zone.is_alsace_moselle, saint_martin)


def library_overrides(
    zone: Zone, year: int, *, good_friday: bool = True, saint_martin: SaintMartinChoice = "27"
) -> tuple[CalendarOverride, ...]:
    """Where the library's calendar differs from the texts for this zone and year, and what the engine uses."""
    legal = zone_holidays(zone, year, good_friday=good_friday, saint_martin=saint_martin)
    library = library_holidays(zone.library_subdivision, year)
    removed = [
        CalendarOverride(d, "retiré", name, "absent des textes (L3133-1, L3134-13, L3422-2)")
        for d, name in library.items()
        if d not in legal
    ]
    added = [CalendarOverride(d, "ajouté", h.name, h.basis) for d, h in legal.items() if d not in library]
    return tuple(sorted(removed + added, key=lambda o: o.day))


@dataclass(frozen=True)
class NonWorkingDay:
    day: dt.date
    kind: Literal["samedi", "dimanche", "férié", "chômé"]
    name: str = ""
    basis: str = ""


@dataclass(frozen=True)
class WorkingCalendar:
    """The art. 642 calendar of one court seat: weekends, its zone's holidays and the caller's closure days.

    *Jour ouvrable* here excludes Saturday (art. 642), unlike the labour-law notion.
    """

    zone: Zone
    good_friday: bool = True
    saint_martin: SaintMartinChoice = "27"
    closures: frozenset[dt.date] = field(default_factory=frozenset)

    def holidays(self, year: int) -> Mapping[dt.date, Holiday]:
        return zone_holidays(self.zone, year, good_friday=self.good_friday, saint_martin=self.saint_martin)

    def non_working(self, day: dt.date) -> NonWorkingDay | None:
        """Why `day` is not a working day at this court, or None when it is one."""
        holiday = self.holidays(day.year).get(day)
        if holiday is not None:
            return NonWorkingDay(day, "férié", holiday.name, holiday.basis)
        if day.weekday() == 5:
            return NonWorkingDay(day, "samedi")
        if day.weekday() == 6:
            return NonWorkingDay(day, "dimanche")
        if day in self.closures:
            return NonWorkingDay(day, "chômé", "fermeture déclarée")
        return None

    def is_working_day(self, day: dt.date) -> bool:
        return self.non_working(day) is None
