"""Délais de distance. Before the judicial courts: art. 643 (court in metropolitan France), 644 (court overseas) and
647 CPC (personal service in a place where no extension applies); the appeal-procedure delays (conclusions,
signification of the déclaration d'appel) carry their own, art. 911-2 CPC. Before the administrative courts:
art. R421-7 CJA (R811-5 for appeals). For the déclaration de créances: art. R622-24 C. com. (+2 months for every
creditor outside the court's territory). Only the situation of the party who must act counts
(Cass. 2e civ., 11 avr. 2019, n° 18-11.268; Cass. 2e civ., 7 sept. 2017)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.deadlines.catalogue import Distance
from domain.deadlines.delay import Delay
from domain.deadlines.zones import METROPOLE, Residence, Zone, parse_zone, same_territory

# Courts whose seat is covered by art. 644 (the others overseas follow their own procedure codes).
_ART_644_SEATS = ("971", "972", "973", "974", "976", "BL", "MF", "PM", "WF")
_CJA_CITES: dict[Distance, str] = {"cja": "CJA art. R421-7", "cja-appel": "CJA art. R811-5 et R421-7"}


@dataclass(frozen=True)
class DistanceOutcome:
    extension: Delay
    basis: str | None
    sentences: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    # Art. 647 read as "only the delays of the place of personal service": the shorter extension of that place.
    place_of_service: Delay | None = None
    place_of_service_label: str = ""


def _months(court: Zone, residence: Residence, applies: Distance | None) -> tuple[int, str] | None:
    """Months added for a party living at `residence` before a court seated in `court`; None if out of scope."""
    if residence.zone is not None and same_territory(court, residence.zone):
        return 0, ""
    if applies == "declaration-creances":
        return 2, "C. com. art. R622-24 al. 3" if court.is_overseas else "C. com. art. R622-24 al. 2"
    if applies in _CJA_CITES:
        return _cja_months(court, residence, _CJA_CITES[applies])
    cite = "CPC art. 911-2" if applies == "procedure-appel" else None
    if not court.is_overseas:
        if residence.zone is None:
            return 2, cite or "CPC art. 643 2°"
        return 1, cite or "CPC art. 643 1°"
    if court.code not in _ART_644_SEATS:
        return None
    return (2, cite or "CPC art. 644 al. 2") if residence.zone is None else (1, cite or "CPC art. 644 al. 1")


def _cja_months(court: Zone, residence: Residence, cite: str) -> tuple[int, str] | None:
    """Art. R421-7 CJA: +1 month overseas (or outside the overseas court's collectivity), +2 months abroad."""
    if court.code == "TF":  # no administrative court sits in the TAAF
        return None
    if residence.zone is None:
        return 2, f"{cite} al. 3"
    return 1, f"{cite} al. 2" if court.is_overseas else f"{cite} al. 1"


def _is_distant(court: Zone, residence: Residence) -> bool:
    return residence.zone is None or not same_territory(court, residence.zone)


def distance_extension(
    court: Zone, residence: Residence | None, served_in_person_at: Residence | None, applies: Distance | None
) -> DistanceOutcome:
    """The extension to add to the delay (in one block with it, art. 641 al. 2) and its explanation."""
    if residence is None:
        return DistanceOutcome(Delay(), None)
    if applies == "none":
        if not _is_distant(court, residence):
            return DistanceOutcome(Delay(), None)
        warning = f"Partie demeurant {residence.label} : le délai de distance ne s'applique pas à ce délai."
        return DistanceOutcome(Delay(), None, warnings=(warning,))
    seat = parse_zone(METROPOLE) if applies == "pourvoi" else court
    found = _months(seat, residence, applies)
    if found is None:
        warning = f"Juridiction siégeant {court.where} : délais de distance hors du champ des textes appliqués."
        return DistanceOutcome(Delay(), None, warnings=(warning,))
    months, basis = found
    if months == 0:
        return DistanceOutcome(Delay(), None, (f"Partie demeurant {residence.label} : pas de délai de distance.",))
    # Art. 647 is a CPC rule about service: it has no say on a publication (R622-24) or before the CJA courts.
    civil = applies not in ("declaration-creances", *_CJA_CITES)
    served_place = None if served_in_person_at is None or not civil else _months(seat, served_in_person_at, applies)
    if served_in_person_at is not None and served_place is not None and served_place[0] == 0:
        sentence = (
            f"Signification à personne {served_in_person_at.label}, où aucune augmentation n'est prévue : "
            "pas de délai de distance (art. 647 CPC)."
        )
        return DistanceOutcome(Delay(), "CPC art. 647", (sentence,))
    outcome = _extension(months, basis, residence, applies)
    if served_in_person_at is not None and served_place is not None and served_place[0] < months:
        return DistanceOutcome(
            outcome.extension, outcome.basis, outcome.sentences, outcome.warnings,
            Delay(months=served_place[0]), served_in_person_at.label,
        )  # fmt: skip
    return outcome


def _extension(months: int, basis: str, residence: Residence, applies: Distance | None) -> DistanceOutcome:
    amount = "d'un mois" if months == 1 else "de deux mois"
    sentence = f"Partie demeurant {residence.label} : délai augmenté {amount} ({basis}), compté d'un seul bloc."
    warnings: list[str] = []
    if applies is None:
        warnings.append(
            "Délai libre : l'augmentation pour distance ne vaut que pour les délais de comparution, d'appel, "
            "d'opposition, de tierce opposition, de recours en révision et de pourvoi (art. 643 CPC) : à vérifier."
        )
    return DistanceOutcome(Delay(months=months), basis, (sentence,), tuple(warnings))
