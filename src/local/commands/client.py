"""`./poste client add --cabinet SLUG --name NAME [--email EMAIL]…`: a client of a cabinet, created as the operator.
Prints JSON (`id`, `kind`, `display_name`, `emails`); a stable interface, used to check the product from outside."""

from __future__ import annotations

import argparse
from typing import Any

from domain.clients import Client, ClientKind, is_company_name
from local.commands.options import add_data_dir, run_as_operator
from services.cabinets import cabinet_named
from services.clients import create_client
from services.scope import SystemScope

CIVILITIES = {"m.": "M.", "m": "M.", "monsieur": "M.", "mme": "Mme", "madame": "Mme"}
NAME_RULE = (
    "Règle du nom : un nom qui contient une forme sociale (SARL, SAS, SA, SCI, EURL, SELARL, Société…), ou "
    "--company, ou --siren, désigne une personne morale (le nom entier est sa raison sociale) ; sinon une personne "
    "physique : le premier mot est le prénom, les mots suivants le nom de famille (un seul mot : le nom de famille), "
    "et une civilité en tête (M., Mme, Monsieur, Madame) est reconnue."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="ajoute un client à un cabinet", description=NAME_RULE)
    add.add_argument("--cabinet", required=True, help="identifiant court du cabinet (slug)")
    add.add_argument("--name", required=True, help="nom complet (voir la règle ci-dessus)")
    add.add_argument("--email", action="append", default=[], help="adresse électronique (répétable)")
    add.add_argument("--company", action="store_true", help="c'est une personne morale")
    add.add_argument("--siren", default="", help="SIREN (neuf chiffres) : une personne morale")


def client_from_name(name: str, *, company: bool, siren: str, emails: list[str]) -> Client:
    """The client a name written in full stands for (NAME_RULE)."""
    words = name.split()
    if company or siren or is_company_name(name):
        return Client("", "", ClientKind.LEGAL, "", "", company_name=" ".join(words), siren=siren,
                      emails=tuple(emails))  # fmt: skip
    civility = CIVILITIES.get(words[0].lower(), "") if len(words) > 1 else ""
    words = words[1:] if civility else words
    first, last = (words[0], " ".join(words[1:])) if len(words) > 1 else ("", " ".join(words))
    return Client("", "", ClientKind.NATURAL, "", "", civility=civility, first_name=first, last_name=last,
                  emails=tuple(emails))  # fmt: skip


async def _add(operator: SystemScope, args: argparse.Namespace) -> dict[str, Any]:
    scope = await cabinet_named(operator, args.cabinet)
    draft = client_from_name(args.name, company=args.company, siren=args.siren, emails=args.email)
    client = await create_client(scope, draft)
    return {"id": client.id, "cabinet_id": scope.cabinet_id, "kind": client.kind.value,
            "display_name": client.display_name, "emails": list(client.emails)}  # fmt: skip


def run(args: argparse.Namespace) -> int:
    return run_as_operator(args, _add)
