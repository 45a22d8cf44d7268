"""`./poste dossier add --cabinet SLUG --title T --client CLIENT_ID [--rg R] [--portalis P] [--party NAME[:EMAIL]]…`:
a dossier opened as the operator. The conflict-of-interest check runs and is recorded; with no one to ask, what it
finds is acknowledged and printed (`conflicts`). Prints JSON (`id`, `reference`, `title`, `client_ids`,
`court_references`, `parties`, `conflicts`); a stable interface, used to check the product from outside."""

from __future__ import annotations

import argparse
from typing import Any

from domain.clients import ClientKind, is_company_name
from domain.dossiers import PartyRole, ReferenceKind
from local.commands.options import add_data_dir, run_as_operator
from services.cabinets import cabinet_named
from services.dossiers import NewDossier, open_dossier
from services.parties import NewParty, NewReference
from services.scope import SystemScope


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="ouvre un dossier dans un cabinet")
    add.add_argument("--cabinet", required=True, help="identifiant court du cabinet (slug)")
    add.add_argument("--title", required=True, help="intitulé du dossier")
    add.add_argument("--client", required=True, action="append", help="identifiant d'un client (répétable)")
    add.add_argument("--matter-type", default="", help="matière (par exemple « Baux commerciaux »)")
    add.add_argument("--rg", action="append", default=[], help="numéro RG (répétable)")
    add.add_argument("--portalis", action="append", default=[], help="numéro Portalis (répétable)")
    party_help = "partie adverse, avec son adresse (répétable) ; une forme sociale en fait une personne morale"
    add.add_argument("--party", action="append", default=[], metavar="NOM[:EMAIL]", help=party_help)


def adverse_party(text: str) -> NewParty:
    name, _, email = text.partition(":")
    kind = ClientKind.LEGAL if is_company_name(name) else ClientKind.NATURAL
    return NewParty(PartyRole.ADVERSE, kind, name.strip(), emails=(email.strip(),) if email.strip() else ())


async def _add(operator: SystemScope, args: argparse.Namespace) -> dict[str, Any]:
    scope = await cabinet_named(operator, args.cabinet)
    references = [NewReference(ReferenceKind.RG, rg) for rg in args.rg]
    references += [NewReference(ReferenceKind.PORTALIS, portalis) for portalis in args.portalis]
    new = NewDossier(title=args.title, client_ids=tuple(args.client), matter_type=args.matter_type,
                     parties=tuple(adverse_party(text) for text in args.party), court_references=tuple(references),
                     acknowledge_conflicts=True)  # fmt: skip
    opened = await open_dossier(scope, new)
    view = opened.view
    return {
        "id": view.dossier.id,
        "reference": view.dossier.reference,
        "title": view.dossier.title,
        "client_ids": [client.id for client in view.clients],
        "court_references": [{"id": r.id, "kind": r.kind.value, "value": r.value} for r in view.court_references],
        "parties": [{"id": p.id, "role": p.role.value, "name": p.name, "emails": list(p.emails)} for p in view.parties],
        "conflicts": [{"subject": m.subject, "match": m.match, "against": m.against, "id": m.id, "name": m.name,
                       "dossier_reference": m.dossier_reference, "blocking": m.blocking}
                      for m in opened.conflicts],
    }  # fmt: skip


def run(args: argparse.Namespace) -> int:
    return run_as_operator(args, _add)
