"""The other defensible readings of a forward deadline. The engine keeps its main reading as `due_date`, lists each
other reading that gives a different date in the warnings, and sets `alert_date` to the earliest of them all."""

from __future__ import annotations

import datetime as dt

from domain.deadlines.calendar import NonWorkingDay, SaintMartinChoice
from domain.deadlines.counting import add_months, count_forward, extend, forward_due
from domain.deadlines.delay import Delay
from domain.deadlines.distance import DistanceOutcome, distance_extension
from domain.deadlines.model import DeadlineRequest, Rule, calendar_for
from domain.deadlines.zones import parse_zone

Reading = tuple[str, dt.date]

# Appeals from Saint-Barthélemy and Saint-Martin go to the cour d'appel de Basse-Terre (Guadeloupe).
BASSE_TERRE_ZONES = ("BL", "MF")
_SAINT_MARTIN_VARIANTS: tuple[tuple[SaintMartinChoice, str], ...] = (
    ("27", "Saint-Martin, variante du texte de L3422-2 (27 mai)"),
    ("28", "Saint-Martin, variante de l'usage depuis 2019 (28 mai)"),
    ("both", "Saint-Martin, 27 et 28 mai fériés"),
)


def alternatives(
    request: DeadlineRequest,
    rule: Rule,
    outcome: DistanceOutcome,
    theoretical: dt.date,
    skipped: tuple[NonWorkingDay, ...],
) -> list[Reading]:
    """Other defensible readings (label, due date); the earliest of them becomes the recommended alert date."""
    found = _distance_readings(request, rule, outcome)
    if any(day.kind == "chômé" for day in skipped):
        label = (
            "Sans les jours de fermeture déclarés (seul un texte légal ou réglementaire rend un jour chômé : "
            "Cass. 2e civ., 16 juill. 1976, n° 75-12.260)"
        )
        found.append((label, extend(theoretical, calendar_for(request, closures=frozenset()))[0]))
    if request.zone.is_alsace_moselle and request.court_good_friday:
        label = "Si le Vendredi saint n'est pas férié dans la commune du siège (C. trav. L3134-13)"
        found.append((label, extend(theoretical, calendar_for(request, good_friday=False))[0]))
    if request.zone.code == "MF":
        found += [
            (label, extend(theoretical, calendar_for(request, saint_martin=choice))[0])
            for choice, label in _SAINT_MARTIN_VARIANTS
            if choice != request.saint_martin
        ]
    if rule.filed_at == "cour_appel" and request.zone.code in BASSE_TERRE_ZONES:
        found.append(_basse_terre(request, rule))
    return found


def _distance_readings(request: DeadlineRequest, rule: Rule, outcome: DistanceOutcome) -> list[Reading]:
    cal = calendar_for(request)
    day_counts = rule.mode == "jour_compte"
    found: list[Reading] = []
    if not outcome.extension.is_empty:
        intermediate, _ = count_forward(request.start, rule.delay, day_counts=day_counts)
        label = "Lecture pas à pas (délai, puis distance à partir de sa fin ; non retenue, art. 641 al. 2)"
        found.append((label, extend(add_months(intermediate, outcome.extension.total_months), cal)[0]))
    if outcome.place_of_service is not None:
        label = "Lecture de l'art. 647 CPC (seuls les délais du lieu de la signification à personne)"
        total = rule.delay.plus(outcome.place_of_service)
        found.append((label, forward_due(request.start, total, cal, day_counts=day_counts)))
    return found


def _basse_terre(request: DeadlineRequest, rule: Rule) -> Reading:
    """The act done at the cour d'appel de Basse-Terre: that seat's calendar and its délais de distance."""
    seat = parse_zone("971")
    distance = distance_extension(seat, request.party_residence, request.served_in_person_at, rule.distance)
    total: Delay = rule.delay.plus(distance.extension)
    label = "Calendrier et délais de distance de la cour d'appel de Basse-Terre (Guadeloupe)"
    cal = calendar_for(request, zone=seat, saint_martin="27")
    return label, forward_due(request.start, total, cal, day_counts=rule.mode == "jour_compte")
