"""`./poste cabinet create|list`: the cabinets of the local runtime, their inbound addresses and first associé.

`create` prints JSON with `id`, `slug`, `inbound_address` and, without `--admin-password`, the associé's
single-use `invitation_link` (also sent by mail): a stable interface, used to check the product from outside.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from domain.errors import DomainError
from local.commands.options import add_data_dir, open_cli_runtime, operator_scope
from services.cabinets import create_cabinet, list_cabinets

USAGE_ERROR = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="crée un cabinet, son adresse de réception et son premier associé")
    create.add_argument("--name", required=True, help="nom du cabinet")
    create.add_argument("--slug", required=True, help="identifiant court, ex. cabinet-martin (adresse de réception)")
    create.add_argument("--admin-email", required=True, help="adresse du premier associé")
    create.add_argument("--admin-password", help="son mot de passe (sinon : un lien d'invitation)")
    actions.add_parser("list", help="liste les cabinets")


def run(args: argparse.Namespace) -> int:
    runtime = open_cli_runtime(args)
    operator = operator_scope(runtime)
    try:
        if args.action == "list":
            cabinets = asyncio.run(list_cabinets(operator))
            rows = [{"id": c.id, "name": c.name, "slug": c.slug, "inbound_address": c.inbound_address}
                    for c in cabinets]  # fmt: skip
            print(json.dumps(rows, ensure_ascii=False, indent=2))
            return 0
        created = asyncio.run(
            create_cabinet(
                operator,
                name=args.name,
                slug=args.slug,
                admin_email=args.admin_email,
                admin_password=args.admin_password,
            )
        )
    except DomainError as error:
        print(f"Erreur : {error.message}", file=sys.stderr)
        return USAGE_ERROR
    finally:
        runtime.close()
    cabinet = created.cabinet
    document = {
        "id": cabinet.id,
        "name": cabinet.name,
        "slug": cabinet.slug,
        "inbound_address": cabinet.inbound_address,
        "admin_email": created.admin_email,
        "admin_id": created.admin.id if created.admin else None,
        "invitation_link": created.invitation_link,
    }
    print(json.dumps(document, ensure_ascii=False))
    return 0
