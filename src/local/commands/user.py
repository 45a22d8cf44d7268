"""`./poste user add --cabinet SLUG --email EMAIL --role ROLE [--password PW]`: a person in a cabinet — able to log
in at once with a password, else invited by a single-use link (printed, and sent by mail). Prints JSON; a stable
interface, used to check the product from outside."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from domain.actors import Role
from domain.errors import DomainError
from domain.people import valid_role
from local.commands.options import add_data_dir, open_cli_runtime, operator_scope
from services.cabinets import cabinet_named
from services.people import add_person, invite
from services.scope import SystemScope

USAGE_ERROR = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="ajoute une personne à un cabinet")
    add.add_argument("--cabinet", required=True, help="identifiant court du cabinet (slug)")
    add.add_argument("--email", required=True, help="son adresse électronique (son identifiant de connexion)")
    add.add_argument("--role", required=True, help=f"rôle : {', '.join(role.value for role in Role)}")
    add.add_argument("--password", help="son mot de passe (sinon : un lien d'invitation)")
    add.add_argument("--name", help="son nom (défaut : tiré de l'adresse)")


async def _add(operator: SystemScope, args: argparse.Namespace) -> dict[str, Any]:
    role = valid_role(args.role)
    scope = await cabinet_named(operator, args.cabinet)
    if args.password is not None:
        person = await add_person(scope, email=args.email, role=role, password=args.password, name=args.name)
        return {"id": person.id, "cabinet_id": scope.cabinet_id, "email": person.email, "name": person.name,
                "role": person.role.value, "invitation_link": None}  # fmt: skip
    invited = await invite(scope, email=args.email, role=role)
    invitation = invited.invitation
    return {
        "id": None,
        "invitation_id": invitation.id,
        "cabinet_id": scope.cabinet_id,
        "email": invitation.email,
        "role": invitation.role.value,
        "invitation_link": invited.link,
        "expires_at": invitation.expires_at,
        "mailed": invited.mailed,
    }


def run(args: argparse.Namespace) -> int:
    runtime = open_cli_runtime(args)
    try:
        document = asyncio.run(_add(operator_scope(runtime), args))
    except DomainError as error:
        print(f"Erreur : {error.message}", file=sys.stderr)
        return USAGE_ERROR
    finally:
        runtime.close()
    print(json.dumps(document, ensure_ascii=False))
    return 0
