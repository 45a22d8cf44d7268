"""The other defensible readings of a forward deadline. The engine keeps its main reading as `due_date`, lists each
other reading that gives a different date in the warnings and in `readings`, and sets `alert_date` to the earliest of
them all."""

from __future__ import annotations

import datetime as dt

from domain.deadlines.calendar import NonWorkingDay, SaintMartinChoice
from domain.deadlines.counting import count_forward, extend, forward_due, last_working_day_on_or_before
from domain.deadlines.delay import Delay
from domain.deadlines.distance import DistanceOutcome, distance_extension
from domain.deadlines.model import DeadlineRequest, Reading, Rule, calendar_for
from domain.deadlines.zones import parse_zone

# Appeals from Saint-Barthélemy and Saint-Martin go to the cour d'appel de Basse-Terre (Guadeloupe).
BASSE_TERRE_ZONES = ("BL", "MF")
_SAINT_MARTIN_VARIANTS: tuple[tuple[SaintMartinChoice, str], ...] = (
    ("27", "Saint-Martin, variante du texte de L3422-2 (27 mai)"),
    ("28", "Saint-Martin, variante de l'usage depuis 2019 (28 mai)"),
    ("both", "Saint-Martin, 27 et 28 mai fériés"),
)
CLOSURE_LABEL = (
    "Sans les jours de fermeture déclarés (seul un texte légal ou réglementaire rend un jour chômé : "
    "Cass. 2e civ., 16 juill. 1976, n° 75-12.260 ; vérifier la base de la fermeture)"
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
        found.append((CLOSURE_LABEL, extend(theoretical, calendar_for(request, closures=frozenset()))[0]))
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
    if rule.report_doubtful and skipped:
        label = (
            "Sans report au jour ouvrable suivant, dernier jour ouvrable avant le terme (application de l'art. 642 "
            "CPC à ce délai non vérifiée)"
        )
        found.append((label, last_working_day_on_or_before(theoretical, calendar_for(request))))
    return found


def _distance_readings(request: DeadlineRequest, rule: Rule, outcome: DistanceOutcome) -> list[Reading]:
    cal = calendar_for(request)
    found: list[Reading] = []
    if not outcome.extension.is_empty:
        intermediate, _ = count_forward(request.start, rule.delay, day_counts=rule.day_counts)
        stepwise, _ = count_forward(intermediate, outcome.extension, franc=rule.franc)
        label = "Lecture pas à pas (délai, puis distance à partir de sa fin ; non retenue, art. 641 al. 2)"
        found.append((label, extend(stepwise, cal)[0]))
    if outcome.place_of_service is not None:
        label = (
            f"Lecture de l'art. 647 CPC (signification à personne {outcome.place_of_service_label} : seuls les délais "
            "de ce lieu ; non retenue pour l'échéance)"
        )
        total = rule.delay.plus(outcome.place_of_service)
        found.append((label, forward_due(request.start, total, cal, day_counts=rule.day_counts, franc=rule.franc)))
    return found


def _basse_terre(request: DeadlineRequest, rule: Rule) -> Reading:
    """The act done at the cour d'appel de Basse-Terre: that seat's calendar and its délais de distance."""
    seat = parse_zone("971")
    distance = distance_extension(seat, request.party_residence, request.served_in_person_at, rule.distance)
    total: Delay = rule.delay.plus(distance.extension)
    label = "Calendrier de la cour d'appel de Basse-Terre (Guadeloupe)"
    if not distance.extension.is_empty:
        label = f"{label}, avec ses délais de distance ({distance.basis})"
    cal = calendar_for(request, zone=seat, saint_martin="27")
    return label, forward_due(request.start, total, cal, day_counts=rule.day_counts)
