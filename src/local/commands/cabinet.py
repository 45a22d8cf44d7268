"""`./poste cabinet add|list`: the cabinets of the local runtime and their inbound addresses."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import asdict

from domain.errors import DomainError
from local.commands.options import add_data_dir, open_cli_runtime, operator_scope
from services.cabinets import create_cabinet, list_cabinets

USAGE_ERROR = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="crée un cabinet et son adresse de réception")
    add.add_argument("--name", required=True, help="nom du cabinet")
    add.add_argument("--address", required=True, help="adresse de réception, ex. cabinet-martin@poste.example")
    actions.add_parser("list", help="liste les cabinets")


def run(args: argparse.Namespace) -> int:
    runtime = open_cli_runtime(args)
    operator = operator_scope(runtime)
    try:
        if args.action == "list":
            cabinets = asyncio.run(list_cabinets(operator))
            rows = [{"id": c.id, "name": c.name, "inbound_address": c.inbound_address} for c in cabinets]
            print(json.dumps(rows, ensure_ascii=False, indent=2))
            return 0
        cabinet = asyncio.run(create_cabinet(operator, name=args.name, inbound_address=args.address))
    except DomainError as error:
        print(f"Erreur : {error.message}", file=sys.stderr)
        return USAGE_ERROR
    finally:
        runtime.close()
    document = {key: value for key, value in asdict(cabinet).items() if key in ("id", "name", "inbound_address")}
    print(json.dumps(document, ensure_ascii=False))
    return 0
