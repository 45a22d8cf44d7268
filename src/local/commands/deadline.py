"""`./poste deadline`: compute a French procedural deadline and print it as JSON.

    ./poste deadline --from 2026-01-31 --delay "1 mois" [--kind appel] [--zone 57]
                     [--party-residence etranger] [--backward]
    ./poste deadline --catalogue

Bad input prints a French error on stderr and exits with status 2: the engine's own errors here, argparse's
errors (unknown option, invalid choice) through `local.cli.FrenchArgumentParser`.
"""

from __future__ import annotations

import argparse
import json
import sys

from domain.deadlines import DeadlineInputError, catalogue_as_dicts
from services.deadlines import DeadlineQuery, compute

USAGE_ERROR = 2
# The service names fields as the API does; the CLI user typed options.
_OPTIONS = {"from": "--from", "closed": "--closed", "filed_on": "--filed-on"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", metavar="AAAA-MM-JJ", help="point de départ (date ISO)")
    parser.add_argument("--delay", help="délai libre : « 1 mois », « 15 jours », « 1 an et 2 mois », « huitaine »…")
    parser.add_argument("--kind", help="type de délai du catalogue (voir --catalogue)")
    parser.add_argument("--zone", default="metropole", help="siège de la juridiction : 75, 57, 971, 988…")
    parser.add_argument("--party-residence", help="résidence de la partie : metropole, 971…, etranger")
    parser.add_argument("--served-in-person-at", help="lieu de la signification à personne (art. 647 CPC)")
    parser.add_argument("--backward", action="store_true", help="délai à rebours avant --from (audience)")
    parser.add_argument("--prescription", action="store_true", help="délai de prescription (sans report)")
    parser.add_argument("--decision-day-counts", action="store_true", help="texte spécial : le jour compte")
    parser.add_argument(
        "--court-good-friday",
        choices=("oui", "non"),
        default="oui",
        help="Alsace-Moselle : le Vendredi saint est-il férié dans la commune du siège ? (défaut : oui)",
    )
    parser.add_argument("--saint-martin", choices=("27", "28", "both"), default="27", help="jour férié de mai")
    parser.add_argument("--closed", action="append", default=[], metavar="AAAA-MM-JJ", help="jour chômé du siège")
    parser.add_argument("--filed-on", metavar="AAAA-MM-JJ", help="date de la déclaration d'appel")
    parser.add_argument("--trigger", help="libellé du point de départ (ex. « signification »)")
    parser.add_argument("--catalogue", action="store_true", help="liste le catalogue en JSON")


def query_of(args: argparse.Namespace) -> DeadlineQuery:
    return DeadlineQuery(
        start=args.start,
        delay=args.delay,
        kind=args.kind,
        zone=args.zone,
        party_residence=args.party_residence,
        served_in_person_at=args.served_in_person_at,
        backward=args.backward,
        prescription=args.prescription,
        decision_day_counts=args.decision_day_counts,
        court_good_friday=args.court_good_friday == "oui",
        saint_martin=args.saint_martin,
        closed=tuple(args.closed),
        filed_on=args.filed_on,
        trigger=args.trigger,
    )


def run(args: argparse.Namespace) -> int:
    try:
        payload: object = catalogue_as_dicts() if args.catalogue else compute(query_of(args)).as_dict()
    except DeadlineInputError as error:
        option = f" ({_OPTIONS.get(error.field, error.field)})" if error.field else ""
        sys.stderr.write(f"Erreur{option} : {error.message}\n")
        return USAGE_ERROR
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    return 0
