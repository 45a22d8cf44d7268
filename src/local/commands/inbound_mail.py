"""`./poste mail list|show --cabinet ID`: a cabinet's inbound mail and what reading each message found, as JSON
(the same documents as `GET /api/mail` and `GET /api/mail/{id}`)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import asdict
from typing import Any

from domain.errors import DomainError
from domain.inbound_mail import InboundMessage, MailReading
from local.commands.options import add_data_dir, open_cli_runtime, operator_scope
from services.inbound_mail import get_mail, list_mail

USAGE_ERROR = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="liste le courrier reçu, le plus récent d'abord")
    listing.add_argument("--cabinet", required=True, help="identifiant du cabinet (voir `cabinet list`)")
    listing.add_argument("--limit", type=int, default=50, help="nombre de messages (1 à 200, défaut : 50)")
    show = actions.add_parser("show", help="affiche un message et ce que sa lecture a trouvé")
    show.add_argument("inbound_id", help="identifiant du message")
    show.add_argument("--cabinet", required=True, help="identifiant du cabinet")


def document(message: InboundMessage, reading: MailReading | None) -> dict[str, Any]:
    found = asdict(message)
    found["status"] = message.status.value
    found["reading"] = asdict(reading) if reading else None
    return found


def run(args: argparse.Namespace) -> int:
    runtime = open_cli_runtime(args)
    scope = operator_scope(runtime).for_cabinet(args.cabinet)
    try:
        if args.action == "list":
            page = asyncio.run(list_mail(scope, limit=args.limit))
            payload: object = [document(message, reading) for message, reading in page]
        else:
            payload = document(*asyncio.run(get_mail(scope, args.inbound_id)))
    except DomainError as error:
        print(f"Erreur : {error.message}", file=sys.stderr)
        return USAGE_ERROR
    finally:
        runtime.close()
    print(json.dumps(payload, ensure_ascii=False, indent=2))
    return 0
