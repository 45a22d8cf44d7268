"""Délais de distance: art. 643 (court in metropolitan France), 644 (court overseas) and 647 CPC (personal service
in a place where no extension applies). Only the situation of the party who must act counts
(Cass. 2e civ., 11 avr. 2019, n° 18-11.268; Cass. 2e civ., 7 sept. 2017)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.deadlines.catalogue import Distance
from domain.deadlines.delay import Delay
from domain.deadlines.zones import METROPOLE, Residence, Zone, parse_zone, same_territory

# Courts whose seat is covered by art. 644 (the others overseas follow their own procedure codes).
_ART_644_SEATS = ("971", "972", "973", "974", "976", "BL", "MF", "PM", "WF")


@dataclass(frozen=True)
class DistanceOutcome:
    extension: Delay
    basis: str | None
    sentences: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    # Art. 647 read as "only the delays of the place of personal service": the shorter extension of that place.
    place_of_service: Delay | None = None


def _months(court: Zone, residence: Residence) -> tuple[int, str] | None:
    """Months added for a party living at `residence` before a court seated in `court`; None if out of scope."""
    if not court.is_overseas:
        if residence.zone is None:
            return 2, "CPC art. 643 2°"
        return (1, "CPC art. 643 1°") if residence.zone.is_overseas else (0, "CPC art. 643")
    if court.code not in _ART_644_SEATS:
        return None
    if residence.zone is None:
        return 2, "CPC art. 644 al. 2"
    return (0, "CPC art. 644") if same_territory(court, residence.zone) else (1, "CPC art. 644 al. 1")


def distance_extension(
    court: Zone, residence: Residence | None, served_in_person_at: Residence | None, applies: Distance | None
) -> DistanceOutcome:
    """The extension to add to the delay (in one block with it, art. 641 al. 2) and its explanation."""
    if residence is None:
        return DistanceOutcome(Delay(), None)
    if applies == "none":
        warning = "Le délai de distance (art. 643-644 CPC) ne s'applique pas à ce délai : résidence ignorée."
        return DistanceOutcome(Delay(), None, warnings=(warning,))
    seat = parse_zone(METROPOLE) if applies == "pourvoi" else court
    found = _months(seat, residence)
    if found is None:
        warning = f"Juridiction siégeant {court.where} : délais de distance hors du champ des art. 643-644 CPC."
        return DistanceOutcome(Delay(), None, warnings=(warning,))
    months, basis = found
    if months == 0:
        return DistanceOutcome(Delay(), None, (f"Partie demeurant {residence.label} : pas de délai de distance.",))
    served_place = None if served_in_person_at is None else _months(seat, served_in_person_at)
    if served_in_person_at is not None and served_place is not None and served_place[0] == 0:
        sentence = (
            f"Signification à personne {served_in_person_at.label}, où aucune augmentation n'est prévue : "
            "pas de délai de distance (art. 647 CPC)."
        )
        return DistanceOutcome(Delay(), "CPC art. 647", (sentence,))
    outcome = _extension(months, basis, residence, applies)
    if served_in_person_at is not None and served_place is not None and served_place[0] < months:
        return _with_place_of_service(outcome, served_in_person_at, served_place[0])
    return outcome


def _with_place_of_service(outcome: DistanceOutcome, place: Residence, months: int) -> DistanceOutcome:
    """Art. 647: "cette notification n'emporte que les délais accordés à ces derniers" — a shorter extension."""
    warning = (
        f"Signification à personne {place.label}, où l'augmentation n'est que d'un mois : l'art. 647 CPC peut se "
        "lire comme limitant le délai à celui de ce lieu (+1 mois au lieu de +2) ; augmentation de la résidence "
        "retenue, date la plus courte donnée en alerte."
    )
    return DistanceOutcome(
        outcome.extension, outcome.basis, outcome.sentences, (*outcome.warnings, warning), Delay(months=months)
    )


def _extension(months: int, basis: str, residence: Residence, applies: Distance | None) -> DistanceOutcome:
    amount = "d'un mois" if months == 1 else "de deux mois"
    sentence = f"Partie demeurant {residence.label} : délai augmenté {amount} ({basis}), compté d'un seul bloc."
    warnings: list[str] = []
    if applies is None:
        warnings.append(
            "Délai libre : l'augmentation pour distance ne vaut que pour les délais de comparution, d'appel, "
            "d'opposition, de tierce opposition, de recours en révision et de pourvoi (art. 643 CPC) : à vérifier."
        )
    if applies == "procedure-appel":
        warnings.append(
            "Délai de distance appliqué à un délai de la procédure d'appel (ancien art. 911-2 CPC) : vérifier le "
            "texte applicable après le décret n° 2023-1391."
        )
    return DistanceOutcome(Delay(months=months), basis, (sentence,), tuple(warnings))
