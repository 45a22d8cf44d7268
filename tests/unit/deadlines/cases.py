"""Worked examples: each is a deadline a lawyer could check by hand, with its source or its reasoning.

`source` cites a decision, a text (Légifrance or a verbatim mirror), service-public or doctrine, as collected in
DEADLINE_RULES.md; "computed: …" rows give the reasoning instead. Weekdays are spelled out in the reasoning so a
reader can check them against a calendar.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    id: str
    start: str
    delay: str | None
    due: str
    source: str
    theoretical: str | None = None
    kind: str | None = None
    zone: str = "metropole"
    residence: str | None = None
    served_in_person_at: str | None = None
    mode: str | None = None  # "rebours", "prescription", "jour_compte"
    good_friday: bool = True
    saint_martin: str = "27"
    closures: tuple[str, ...] = ()
    filed_on: str | None = None
    alert: str | None = None


ART_641 = "C. proc. civ. art. 641 (Légifrance LEGIARTI000006411002, mirror doctrine.fr)"
ART_642 = "C. proc. civ. art. 642 (LEGIARTI000006411003); service-public F31111"
L3133 = "C. trav. L3133-1 (maitredata.com mirror)"
L3134 = "C. trav. L3134-13"
L3422 = "C. trav. L3422-2 (Légifrance, version 2019)"

MONTH_ENDS = (
    Case(
        "month-end-leap-2028",
        "2028-01-31",
        "1 mois",
        "2028-02-29",
        f"{ART_641} al. 2: no 31 February, last day of the month; 2028 is a leap year (Tue 29 Feb).",
    ),
    Case(
        "month-end-2027-sunday",
        "2027-01-31",
        "1 mois",
        "2027-03-01",
        f"{ART_641} al. 2 + {ART_642}: 28 Feb 2027 is a Sunday, report to Monday 1 March.",
        theoretical="2027-02-28",
    ),
    Case(
        "month-end-april",
        "2026-03-31",
        "1 mois",
        "2026-04-30",
        f"{ART_641} al. 2: no 31 April, last day is Thursday 30 April 2026 (DEADLINE_RULES pitfall 2).",
    ),
    Case(
        "leap-day-plus-one-year",
        "2028-02-29",
        "1 an",
        "2029-02-28",
        f"{ART_641} al. 2 (years like months): 2029 has no 29 February, Wednesday 28 February 2029.",
    ),
    Case(
        "month-end-september",
        "2026-08-31",
        "1 mois",
        "2026-09-30",
        "computed: 31 Aug + 1 month, no 31 September, Wednesday 30 September 2026.",
    ),
    Case(
        "thirtieth-january-leap",
        "2028-01-30",
        "un mois",
        "2028-02-29",
        "computed: no 30 February, last day Tuesday 29 February 2028 (leap year).",
    ),
    Case(
        "two-months-into-leap-february",
        "2027-12-31",
        "2 mois",
        "2028-02-29",
        "computed: 31 Dec 2027 + 2 months, no 31 February 2028, Tuesday 29 February.",
    ),
    Case(
        "same-quantieme-sunday",
        "2026-01-15",
        "1 mois",
        "2026-02-16",
        "computed: 15 Feb 2026 is a Sunday, report to Monday 16 February (Cass. 2e civ., 31 janv. 1979, "
        "n° 77-15.484: Sunday → Monday).",
        theoretical="2026-02-15",
    ),
    Case(
        "two-years",
        "2026-03-10",
        "deux ans",
        "2028-03-10",
        f"{ART_641} al. 2: same quantième two years later, Friday 10 March 2028.",
    ),
    Case(
        "year-and-month-from-month-end",
        "2026-01-31",
        "1 an et 1 mois",
        "2027-03-01",
        "computed: 13 months in one block → no 31 Feb 2027 → Sunday 28 Feb → Monday 1 March 2027.",
        theoretical="2027-02-28",
    ),
    Case(
        "months-before-days",
        "2027-01-29",
        "1 mois et 3 jours",
        "2027-03-03",
        f"{ART_641} al. 3: months first (28 Feb 2027, no 29th) then 3 days → Wednesday 3 March; days first "
        "would wrongly give 1 March.",
    ),
    Case(
        "fifteen-days-plain",
        "2026-05-12",
        "15 jours",
        "2026-05-27",
        f"{ART_641} al. 1: day of service not counted, 12 May + 15 = Wednesday 27 May 2026 (metropole).",
    ),
)

NATIONAL_HOLIDAYS = (
    Case(
        "easter-monday-2026",
        "2026-03-06",
        "1 mois",
        "2026-04-07",
        f"{L3133} 2° + {ART_642}: 6 April 2026 is Easter Monday → Tuesday 7 April.",
        theoretical="2026-04-06",
    ),
    Case(
        "saturday-before-easter-monday",
        "2027-03-12",
        "15 jours",
        "2027-03-30",
        f"{ART_642} (repeated extension): Sat 27 March 2027 → Easter Sunday → Easter Monday 29 → Tuesday 30.",
    ),
    Case(
        "easter-sunday-to-tuesday",
        "2026-03-16",
        "20 jours",
        "2026-04-07",
        "Cass. 2e civ., 15 mars 1961 (20-day period ending on Easter Sunday, Easter Monday a holiday → Tuesday); "
        "dates computed for 2026 (Easter Sunday 5 April).",
    ),
    Case(
        "ascension-2026",
        "2026-04-14",
        "1 mois",
        "2026-05-15",
        f"{L3133} 5°: Ascension Thursday 14 May 2026 → Friday 15 May.",
    ),
    Case(
        "whit-monday-2026",
        "2026-05-15",
        "10 jours",
        "2026-05-26",
        "Cass. 3e civ., 21 janv. 2021, n° 19-24.799 (Whit Monday stays a jour férié for art. 642); "
        "25 May 2026 → Tuesday 26 May (computed).",
    ),
    Case(
        "saturday-before-whit-monday-2028",
        "2028-05-03",
        "1 mois",
        "2028-06-06",
        "computed: Sat 3 June 2028 → Sunday → Whit Monday 5 June → Tuesday 6 June (DEADLINE_RULES pitfall 5).",
    ),
    Case(
        "whit-monday-2006-solidarity-day",
        "2006-05-05",
        "1 mois",
        "2006-06-06",
        "Cass. 3e civ., 21 janv. 2021, n° 19-24.799 and L3133-1 (Whit Monday listed even when it was the default "
        "journée de solidarité, 2005–2007; the holidays library omits it): 5 June 2006 → Tuesday 6 June.",
    ),
    Case(
        "first-may-friday-2026",
        "2026-04-01",
        "1 mois",
        "2026-05-04",
        f"{L3133} 3°: Friday 1 May 2026 → Saturday → Sunday → Monday 4 May.",
    ),
    Case(
        "first-may-monday-2028",
        "2028-03-01",
        "2 mois",
        "2028-05-02",
        "computed: 1 May 2028 is a Monday holiday → Tuesday 2 May.",
    ),
    Case(
        "eighth-may-friday-2026",
        "2026-04-23",
        "15 jours",
        "2026-05-11",
        f"{L3133} 4°: Friday 8 May 2026 → Saturday → Sunday → Monday 11 May.",
    ),
    Case(
        "eighth-may-monday-2028",
        "2028-04-08",
        "1 mois",
        "2028-05-09",
        "computed: Monday 8 May 2028 holiday → Tuesday 9 May.",
    ),
    Case(
        "eighth-may-1981-not-a-holiday",
        "1981-04-08",
        "1 mois",
        "1981-05-08",
        "DEADLINE_RULES §2.1 history: 8 May was not a holiday from 1960 to 1981 (restored by loi n° 81-893 du "
        "2 oct. 1981); Friday 8 May 1981 is a working day.",
    ),
    Case(
        "eighth-may-1985-holiday",
        "1985-04-08",
        "1 mois",
        "1985-05-09",
        "computed: 8 May holiday again since 1982; Wednesday 8 May 1985 → Thursday 9 May.",
    ),
    Case(
        "fourteenth-july-tuesday-2026",
        "2026-06-29",
        "15 jours",
        "2026-07-15",
        f"{L3133} 7°: Tuesday 14 July 2026 → Wednesday 15 July.",
    ),
    Case(
        "fourteenth-july-friday-2028",
        "2028-07-11",
        "3 jours",
        "2028-07-17",
        "service-public F31111: a 3-day period ending on Friday 14 July runs to Monday 17 July (dates of 2028).",
    ),
    Case(
        "assumption-tuesday-2028",
        "2028-07-31",
        "15 jours",
        "2028-08-16",
        f"{L3133} 8°: Tuesday 15 August 2028 → Wednesday 16 August.",
    ),
    Case(
        "assumption-saturday-2026",
        "2026-07-15",
        "1 mois",
        "2026-08-17",
        "computed: Saturday 15 August 2026 (holiday and Saturday) → Monday 17 August.",
    ),
    Case(
        "all-saints-monday-2027",
        "2027-10-01",
        "1 mois",
        "2027-11-02",
        f"{L3133} 9°: Monday 1 November 2027 → Tuesday 2 November.",
    ),
    Case(
        "all-saints-sunday-2026",
        "2026-10-01",
        "1 mois",
        "2026-11-02",
        "computed: Sunday 1 November 2026 → Monday 2 November.",
    ),
    Case(
        "armistice-wednesday-2026",
        "2026-10-27",
        "15 jours",
        "2026-11-12",
        f"{L3133} 10°: Wednesday 11 November 2026 → Thursday 12 November.",
    ),
    Case(
        "armistice-saturday-2028",
        "2028-10-11",
        "1 mois",
        "2028-11-13",
        "computed: Saturday 11 November 2028 → Sunday → Monday 13 November.",
    ),
    Case(
        "christmas-friday-2026",
        "2026-11-25",
        "1 mois",
        "2026-12-28",
        f"{L3133} 11°: Friday 25 December 2026 → Saturday → Sunday → Monday 28 December (metropole).",
    ),
    Case(
        "christmas-monday-2028",
        "2028-10-25",
        "2 mois",
        "2028-12-26",
        "computed: Monday 25 December 2028 → Tuesday 26 December (26 Dec is not a holiday outside 57/67/68).",
    ),
    Case(
        "new-year-friday-2027",
        "2026-12-01",
        "1 mois",
        "2027-01-04",
        f"{L3133} 1°: Friday 1 January 2027 → Saturday → Sunday → Monday 4 January.",
    ),
    Case(
        "new-year-thursday-2026",
        "2025-12-01",
        "1 mois",
        "2026-01-02",
        "computed: Thursday 1 January 2026 → Friday 2 January.",
    ),
    Case(
        "saturday-to-monday",
        "2026-09-04",
        "15 jours",
        "2026-09-21",
        "Cass. 2e civ., 8 déc. 2005, n° 04-04.173 (15 days ending on a Saturday → Monday); dates computed: "
        "Saturday 19 September 2026 → Monday 21.",
    ),
    Case(
        "quinze-jours-in-words",
        "2026-04-16",
        "quinze jours",
        "2026-05-04",
        "computed: 16 April + 15 days = Friday 1 May 2026 (holiday) → Monday 4 May.",
    ),
    Case(
        "huitaine",
        "2026-04-28",
        "huitaine",
        "2026-05-06",
        "computed: a huitaine is 8 days; 28 April + 8 = Wednesday 6 May 2026.",
    ),
)

ALSACE_MOSELLE = (
    Case(
        "good-friday-moselle-2026",
        "2026-03-03",
        "1 mois",
        "2026-04-07",
        f"{L3134} (court seat in a commune with a Protestant temple): Good Friday 3 April 2026 → Saturday → Easter "
        "Sunday → Easter Monday → Tuesday 7 April.",
        zone="57",
        alert="2026-04-03",
    ),
    Case(
        "good-friday-paris-2026",
        "2026-03-03",
        "1 mois",
        "2026-04-03",
        "Cass. 2e civ., 16 juill. 1976, n° 75-12.260: outside Alsace-Moselle Good Friday is a working day.",
        zone="75",
    ),
    Case(
        "good-friday-bas-rhin-commune-without-temple",
        "2026-03-03",
        "1 mois",
        "2026-04-03",
        f"{L3134}: Good Friday only in communes with a Protestant temple or a mixed church (court flag off).",
        zone="67",
        good_friday=False,
    ),
    Case(
        "good-friday-meurthe-et-moselle-is-not-alsace-moselle",
        "2026-03-03",
        "1 mois",
        "2026-04-03",
        "DEADLINE_RULES §2.2: only 57, 67 and 68 are covered (anti-pattern: 54, 55, 88, 90)",
        zone="54",
    ),
    Case(
        "saint-stephen-haut-rhin-2028",
        "2028-12-11",
        "15 jours",
        "2028-12-27",
        f"{L3134}: Tuesday 26 December 2028 is a holiday in 68 → Wednesday 27 December.",
        zone="68",
    ),
    Case(
        "saint-stephen-metropole-2028",
        "2028-12-11",
        "15 jours",
        "2028-12-26",
        "computed: 26 December is an ordinary day outside Alsace-Moselle: Tuesday 26 December 2028.",
    ),
    Case(
        "christmas-and-saint-stephen-moselle-2028",
        "2028-10-25",
        "2 mois",
        "2028-12-27",
        f"{L3133} + {L3134}: Monday 25 and Tuesday 26 December 2028 → Wednesday 27.",
        zone="57",
    ),
)

OVERSEAS = (
    Case(
        "abolition-guadeloupe-2026",
        "2026-05-12",
        "15 jours",
        "2026-05-28",
        f"{L3422}: 27 May in Guadeloupe; Wednesday 27 May 2026 → Thursday 28 May.",
        zone="971",
    ),
    Case(
        "abolition-martinique-2026",
        "2026-05-07",
        "15 jours",
        "2026-05-26",
        f"{L3422}: Friday 22 May 2026 in Martinique → Saturday → Sunday → Whit Monday 25 → Tuesday 26 May.",
        zone="972",
    ),
    Case(
        "abolition-guyane-2026",
        "2026-05-26",
        "15 jours",
        "2026-06-11",
        f"{L3422}: Wednesday 10 June 2026 in Guyane → Thursday 11 June.",
        zone="973",
    ),
    Case(
        "abolition-reunion-2027",
        "2027-10-20",
        "2 mois",
        "2027-12-21",
        f"{L3422}: Monday 20 December 2027 in La Réunion → Tuesday 21 December.",
        zone="974",
    ),
    Case(
        "abolition-reunion-sunday-2026",
        "2026-11-20",
        "1 mois",
        "2026-12-21",
        "Cass. 2e civ., 1er oct. 2009, n° 08-20.930 (La Réunion, Sunday → Monday); Sunday 20 December 2026 "
        "(also the abolition day) → Monday 21 December.",
        zone="974",
    ),
    Case(
        "abolition-mayotte-2026",
        "2026-03-27",
        "1 mois",
        "2026-04-28",
        f"{L3422}: Monday 27 April 2026 in Mayotte → Tuesday 28 April.",
        zone="976",
    ),
    Case(
        "abolition-saint-barthelemy-2026",
        "2026-09-09",
        "1 mois",
        "2026-10-12",
        f"{L3422} (décret n° 2012-553): Friday 9 October 2026 in Saint-Barthélemy → Monday 12 October.",
        zone="BL",
    ),
    Case(
        "abolition-saint-martin-text-2026",
        "2026-05-12",
        "15 jours",
        "2026-05-28",
        "DEADLINE_RULES Table B row B5: text of L3422-2 (27 May) → Thursday 28 May 2026; practice (28 May) "
        "→ Wednesday 27; recommended alert Wednesday 27 May.",
        kind="appel_refere",
        zone="MF",
        alert="2026-05-27",
    ),
    Case(
        "abolition-saint-martin-practice-2026",
        "2026-05-12",
        "15 jours",
        "2026-05-27",
        "DEADLINE_RULES B5: the 28 May practice variant gives Wednesday 27 May 2026.",
        zone="MF",
        saint_martin="28",
    ),
    Case(
        "no-abolition-day-in-saint-pierre",
        "2026-05-12",
        "15 jours",
        "2026-05-27",
        f"{L3422} lists no day for Saint-Pierre-et-Miquelon: Wednesday 27 May 2026 is a working day.",
        zone="PM",
    ),
    Case(
        "schoelcher-day-is-not-a-legal-holiday",
        "2026-07-06",
        "15 jours",
        "2026-07-21",
        "DEADLINE_RULES §2.3: Victor Schœlcher day (21 July) is not in L3422-2 (the library lists it): "
        "Tuesday 21 July 2026 is a working day in Guadeloupe.",
        zone="971",
    ),
    Case(
        "mi-careme-is-not-a-legal-holiday",
        "2026-02-12",
        "1 mois",
        "2026-03-12",
        f"{L3133} and {L3422}: Mi-Carême (listed by the library for 971) is not a legal holiday; "
        "Thursday 12 March 2026.",
        zone="971",
    ),
    Case(
        "good-friday-not-a-holiday-in-guadeloupe",
        "2026-03-03",
        "1 mois",
        "2026-04-03",
        "L3134-13 is local law of 57/67/68 only; Good Friday 3 April 2026 is a working day in Guadeloupe.",
        zone="971",
    ),
    Case(
        "abolition-day-before-1983-decree",
        "1983-04-27",
        "1 mois",
        "1983-05-27",
        "DEADLINE_RULES §6.8: abolition days exist since loi n° 83-550 and décret n° 83-1003 of 23 Nov. 1983; "
        "Friday 27 May 1983 was a working day in Guadeloupe.",
        zone="971",
    ),
    Case(
        "new-caledonia-local-holiday",
        "2026-08-24",
        "1 mois",
        "2026-09-25",
        "computed from the holidays library's local calendar (Citizenship Day, Thursday 24 September 2026, local "
        "law, not L3133-1) → Friday 25 September; flagged unverified.",
        zone="988",
    ),
)

DISTANCE = (
    Case(
        "b6-guadeloupe-party-month-end-block",
        "2028-01-31",
        None,
        "2028-03-31",
        "DEADLINE_RULES Table B row B6 (legal reading): art. 538 + art. 643 1° counted in one 2-month block from "
        "the quantième → Friday 31 March 2028; stepwise reading 29 March is the recommended alert.",
        kind="appel",
        residence="971",
        alert="2028-03-29",
    ),
    Case(
        "appeal-party-abroad",
        "2026-01-15",
        None,
        "2026-04-15",
        "C. proc. civ. art. 538 + 643 2° (+2 months abroad): 1 + 2 = 3 months → Wednesday 15 April 2026.",
        kind="appel",
        residence="etranger",
    ),
    Case(
        "pourvoi-party-in-guadeloupe",
        "2026-02-10",
        None,
        "2026-05-11",
        "C. proc. civ. art. 612 + 643 (the Cour de cassation sits in Paris, DEADLINE_RULES §1.5): 3 months → "
        "Sunday 10 May 2026 → Monday 11 May.",
        kind="pourvoi",
        zone="75",
        residence="971",
    ),
    Case(
        "basse-terre-court-saint-barthelemy-party",
        "2026-03-09",
        None,
        "2026-05-11",
        "Cass. 2e civ., 11 avr. 2019, n° 18-11.268 (art. 644: a party in Saint-Barthélemy appealing to the CA de "
        "Basse-Terre gets one more month): 2 months → Saturday 9 May 2026 → Monday 11 May.",
        kind="appel",
        zone="971",
        residence="BL",
    ),
    Case(
        "overseas-court-local-party-no-distance",
        "2026-03-09",
        None,
        "2026-04-09",
        "C. proc. civ. art. 644: no extension for a party living in the collectivity where the court sits.",
        kind="appel",
        zone="971",
        residence="971",
    ),
    Case(
        "reunion-court-metropolitan-party",
        "2026-03-09",
        None,
        "2026-05-11",
        "C. proc. civ. art. 644 al. 1: +1 month for a party not living in La Réunion → Saturday 9 May 2026 → "
        "Monday 11 May.",
        kind="appel",
        zone="974",
        residence="75",
    ),
    Case(
        "martinique-court-party-abroad",
        "2026-03-09",
        None,
        "2026-06-09",
        "C. proc. civ. art. 644 al. 2: +2 months abroad → Tuesday 9 June 2026.",
        kind="appel",
        zone="972",
        residence="etranger",
    ),
    Case(
        "referee-order-reunion-party-block",
        "2026-03-09",
        None,
        "2026-04-24",
        "C. proc. civ. art. 490 + 643 1°, one block, months first: 9 April 2026 then 15 days → Friday 24 April.",
        kind="appel_refere",
        residence="974",
    ),
    Case(
        "art-647-personal-service-in-metropole",
        "2026-03-09",
        None,
        "2026-04-09",
        "C. proc. civ. art. 647: a party living abroad served in person in metropolitan France has only the "
        "local delay → Thursday 9 April 2026.",
        kind="appel",
        residence="etranger",
        served_in_person_at="75",
    ),
    Case(
        "garnishment-challenge-no-distance",
        "2026-01-15",
        None,
        "2026-02-16",
        "CPCE R211-11; Cass. 2e civ., 4 juin 2020, n° 19-12.260 (art. 642 applies): 15 Feb 2026 is a Sunday → "
        "Monday 16 February; R211-11 is not listed in art. 643, no distance extension.",
        kind="contestation_saisie_attribution",
        residence="etranger",
    ),
)

SPECIAL_REGIMES = (
    Case(
        "b3-backward-eight-days",
        "2026-05-18",
        "8 jours",
        "2026-05-09",
        "DEADLINE_RULES Table B row B3: délai à rebours franc (Cass. 2e civ., 20 oct. 2005, n° 04-10.138), no "
        "extension (Civ. 2e, 4 févr. 1998, n° 96-13.391): Saturday 9 May 2026; alert Thursday 7 May.",
        mode="rebours",
        alert="2026-05-07",
    ),
    Case(
        "backward-fifteen-days-sunday",
        "2026-06-30",
        "15 jours",
        "2026-06-14",
        "computed: franc count before Tuesday 30 June 2026 → Sunday 14 June; alert Friday 12 June.",
        mode="rebours",
        alert="2026-06-12",
    ),
    Case(
        "backward-one-month",
        "2026-03-31",
        "1 mois",
        "2026-02-27",
        "computed: one full month before 31 March (clamped to 28 Feb), franc → Friday 27 February 2026.",
        mode="rebours",
        alert="2026-02-27",
    ),
    Case(
        "backward-over-good-friday-moselle",
        "2026-04-20",
        "15 jours",
        "2026-04-04",
        "computed: franc count before Monday 20 April 2026 → Saturday 4 April; Good Friday 3 April is a holiday "
        "in 57 → alert Thursday 2 April.",
        zone="57",
        mode="rebours",
        alert="2026-04-02",
    ),
    Case(
        "b2-prescription-saturday-not-extended",
        "2011-04-23",
        None,
        "2016-04-23",
        "DEADLINE_RULES Table B row B2: C. civ. 2224/2229, Cass. 2e civ., 7 avr. 2016, n° 15-12.960 — "
        "Saturday 23 April 2016, no art. 642 extension.",
        kind="prescription_droit_commun",
        alert="2016-04-22",
    ),
    Case(
        "prescription-consumer-leap-day",
        "2024-02-29",
        None,
        "2026-02-28",
        "C. consom. L218-2 (2 years), C. civ. 2229: no 29 Feb 2026 → Saturday 28 February, not extended.",
        kind="prescription_consommation",
        alert="2026-02-27",
    ),
    Case(
        "prescription-salary-on-holiday",
        "2023-07-14",
        None,
        "2026-07-14",
        "C. trav. L3245-1 (3 years): Tuesday 14 July 2026 is a holiday but prescription is not extended; "
        "alert Monday 13 July.",
        kind="prescription_salaires",
        alert="2026-07-13",
    ),
    Case(
        "b1-defere-decision-day-counts",
        "2020-07-02",
        None,
        "2020-07-16",
        "DEADLINE_RULES Table B row B1: Cass. 2e civ., 30 juin 2022, n° 21-12.865 (art. 916: 15 days from the "
        "order's date, that day counting) → Thursday 16 July 2020.",
        kind="defere_ordonnance_cme",
    ),
    Case(
        "weeks-counted-as-days",
        "2028-08-01",
        "2 semaines",
        "2028-08-16",
        "DEADLINE_RULES Table B row B4 (doctrine, audineau.fr): 14 days → Tuesday 15 August 2028 → Wednesday 16.",
    ),
    Case(
        "court-closure-day",
        "2026-07-24",
        "15 jours",
        "2026-08-11",
        "computed: Saturday 8 August 2026 → Sunday → Monday 10 August declared closed by the caller → Tuesday 11; "
        "only a legal text makes a day chômé (Cass. 2e civ., 16 juill. 1976, n° 75-12.260), so the alert is the "
        "reading without the closure, Monday 10 August.",
        closures=("2026-08-10",),
        alert="2026-08-10",
    ),
    Case(
        "cph-appeal-all-saints",
        "2026-10-01",
        None,
        "2026-11-02",
        "C. trav. R1461-1 (1 month): Sunday 1 November 2026 (Toussaint) → Monday 2 November.",
        kind="appel_cph",
    ),
    Case(
        "jex-appeal-christmas",
        "2026-12-10",
        None,
        "2026-12-28",
        "CPCE R121-20 (15 days): Friday 25 December 2026 → Monday 28 December.",
        kind="appel_jex",
    ),
)

APPEAL_TRANSITION = (
    Case(
        "bref-delai-conclusions-filed-before-reform",
        "2024-09-10",
        None,
        "2024-10-10",
        "former art. 905-2 (1 month) for appeals filed before 1 Sept. 2024 (décret n° 2023-1391, art. 55): "
        "Thursday 10 October 2024.",
        kind="conclusions_appelant_bref_delai",
        filed_on="2024-08-30",
    ),
    Case(
        "bref-delai-conclusions-filed-after-reform",
        "2024-09-10",
        None,
        "2024-11-12",
        "art. 906-2 (2 months; 1927avocats.fr, village-justice.com): Sunday 10 November 2024 → Monday 11 "
        "(Armistice) → Tuesday 12 November.",
        kind="conclusions_appelant_bref_delai",
        filed_on="2024-09-02",
    ),
    Case(
        "bref-delai-service-filed-before-reform",
        "2024-09-10",
        None,
        "2024-09-20",
        "former art. 905-1 (10 days from the avis de fixation): Friday 20 September 2024.",
        kind="signification_declaration_appel",
        filed_on="2024-08-30",
    ),
    Case(
        "bref-delai-service-filed-on-reform-day",
        "2024-09-10",
        None,
        "2024-09-30",
        "art. 906-1 (20 days), appeal filed on 1 Sept. 2024 itself: Monday 30 September 2024.",
        kind="signification_declaration_appel",
        filed_on="2024-09-01",
    ),
    Case(
        "bref-delai-respondent-after-reform",
        "2025-03-03",
        None,
        "2025-05-05",
        "art. 906-2 al. 2 (2 months from notification of the appellant's submissions): Saturday 3 May 2025 → "
        "Monday 5 May.",
        kind="conclusions_intime_bref_delai",
        filed_on="2025-01-15",
    ),
    Case(
        "bref-delai-old-regime-inferred-from-start",
        "2024-06-10",
        None,
        "2024-07-10",
        "former art. 905-2: an avis received before 1 Sept. 2024 belongs to an older appeal → Wednesday 10 July.",
        kind="conclusions_appelant_bref_delai",
    ),
    Case(
        "bref-delai-unknown-filing-date-alerts-earliest",
        "2024-09-10",
        None,
        "2024-10-10",
        "computed: filing date unknown, avis received after 1 Sept. 2024 → the earlier regime's date, former "
        "art. 905-2 (1 month: Thursday 10 October 2024); art. 906-2 would give Tuesday 12 November (warned).",
        kind="conclusions_appelant_bref_delai",
        alert="2024-10-10",
    ),
    Case(
        "mise-en-etat-appellant-three-months",
        "2025-01-31",
        None,
        "2025-04-30",
        "art. 908 (3 months from the déclaration d'appel): no 31 April → Wednesday 30 April 2025.",
        kind="conclusions_appelant_mise_en_etat",
        filed_on="2025-01-31",
    ),
)

SAFEST_READINGS = (
    Case(
        "pourvoi-guadeloupe-zone-paris-calendar",
        "2026-03-27",
        None,
        "2026-05-27",
        "C. proc. civ. art. 612 (2 months); the pourvoi is filed at the Cour de cassation in Paris (DEADLINE_RULES "
        "§1.5), so the metropolitan calendar applies whatever --zone says: Wednesday 27 May 2026 is a working day "
        "there (Guadeloupe's L3422-2 day would wrongly give Thursday 28 May).",
        kind="pourvoi",
        zone="971",
        alert="2026-05-27",
    ),
    Case(
        "bref-delai-service-unknown-filing-date-earliest",
        "2024-09-10",
        None,
        "2024-09-20",
        "computed: filing date unknown, avis received after 1 Sept. 2024 → the earlier of former art. 905-1 "
        "(10 days: Friday 20 September 2024) and art. 906-1 (20 days: Monday 30 September, warned).",
        kind="signification_declaration_appel",
        alert="2024-09-20",
    ),
    Case(
        "art-647-served-in-guadeloupe-party-abroad",
        "2026-03-09",
        None,
        "2026-06-09",
        "C. proc. civ. art. 643 2° (+2 months for a party abroad): Tuesday 9 June 2026; art. 647 (kohenavocats.fr "
        "text: the notification « n'emporte que les délais accordés » in the place of personal service) read as "
        "+1 month for service in Guadeloupe: Saturday 9 May → Monday 11 May, the alert.",
        kind="appel",
        residence="etranger",
        served_in_person_at="971",
        alert="2026-05-11",
    ),
    Case(
        "saint-barthelemy-referral-appeal-basse-terre-calendar",
        "2026-09-24",
        None,
        "2026-10-12",
        "C. proc. civ. art. 490 (15 days) + C. trav. L3422-2: Friday 9 October 2026 is Saint-Barthélemy's holiday "
        "→ Monday 12 October; the appeal is filed at the CA de Basse-Terre (Guadeloupe), where 9 October is a "
        "working day: alert Friday 9 October.",
        kind="appel_refere",
        zone="BL",
        alert="2026-10-09",
    ),
)

OLDER_VERSIONS = (
    Case(
        "defere-913-8-after-reform",
        "2025-03-06",
        None,
        "2025-03-20",
        "C. proc. civ. art. 913-8 (lexbase.fr: « dans les quinze jours de leur date »), same wording as former "
        "art. 916 (Cass. 2e civ., 30 juin 2022, n° 21-12.865: the day of the order counts): Thursday 6 March "
        "2025 + 14 → Thursday 20 March 2025.",
        kind="defere_ordonnance_cme",
        filed_on="2025-01-10",
    ),
    Case(
        "jex-appeal-before-cpce",
        "2010-03-01",
        None,
        "2010-03-16",
        "décret n° 92-755 du 31 juill. 1992, art. 29 (doctrine.fr, version 2008-2012: « Le délai d'appel est de "
        "quinze jours à compter de la notification de la décision »): Monday 1 March 2010 + 15 → Tuesday 16 March.",
        kind="appel_jex",
    ),
    Case(
        "cph-appeal-before-2016",
        "2015-05-04",
        None,
        "2015-06-04",
        "former C. trav. R1461-1 / CPC art. 538 (1 month; legibase.fr; CA Douai, 28 févr. 2003 on former R517-7): "
        "Monday 4 May 2015 → Thursday 4 June 2015.",
        kind="appel_cph",
    ),
    Case(
        "consumer-prescription-before-2016",
        "2012-06-14",
        None,
        "2014-06-14",
        "former C. consom. L137-2 (loi 2008-561; text quoted by Cass. 1re civ., 17 févr. 2016, n° 14-29.612): "
        "2 years → Saturday 14 June 2014, no extension for prescription (C. civ. 2229); alert Friday 13 June.",
        kind="prescription_consommation",
        alert="2014-06-13",
    ),
)

ALL_CASES: tuple[Case, ...] = (
    MONTH_ENDS
    + NATIONAL_HOLIDAYS
    + ALSACE_MOSELLE
    + OVERSEAS
    + DISTANCE
    + SPECIAL_REGIMES
    + APPEAL_TRANSITION
    + SAFEST_READINGS
    + OLDER_VERSIONS
)
