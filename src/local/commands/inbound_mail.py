"""`./poste mail list|show --cabinet ID`: a cabinet's inbound mail and what reading each message found, as JSON
(the same documents as `GET /api/mail` and `GET /api/mail/{id}`); `./poste mail reprocess ID|--quarantined` runs
messages' jobs again (after a fix) and prints what each became, as `./poste ingest` does."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import asdict
from typing import Any

from domain.errors import DomainError, InvalidInput
from domain.inbound_mail import InboundMessage, MailReading
from local.commands.options import add_data_dir, open_cli_runtime, operator_scope
from local.queue_worker import drain_once
from local.runtime import LocalRuntime
from services.inbound_mail import get_mail, list_mail
from services.ingest import report
from services.mail_filing import operator_reprocess, reprocess_quarantined

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
    again = actions.add_parser("reprocess", help="relance la lecture et le classement d'un message (ou des messages"
                               " en quarantaine)")  # fmt: skip
    again.add_argument("inbound_id", nargs="?", help="identifiant du message")
    again.add_argument("--quarantined", action="store_true", help="tous les messages en quarantaine (par cabinet)")
    again.add_argument("--cabinet", help="identifiant du cabinet (défaut : celui du message ; tous avec --quarantined)")


def document(message: InboundMessage, reading: MailReading | None) -> dict[str, Any]:
    found = asdict(message)
    found["status"] = message.status.value
    found["reading"] = asdict(reading) if reading else None
    return found


async def _reprocess(runtime: LocalRuntime, args: argparse.Namespace) -> dict[str, Any]:
    """Re-runs the jobs (`reprocess` answers what each message became once its job ran again)."""
    operator = operator_scope(runtime)
    if args.quarantined:
        cabinets = [args.cabinet] if args.cabinet else await operator.cross_cabinet.cabinet_ids()
        ids = [i for cabinet in cabinets for i in await reprocess_quarantined(operator.for_cabinet(cabinet))]
    elif args.inbound_id:
        await operator_reprocess(operator, args.inbound_id)
        ids = [args.inbound_id]
    else:
        raise InvalidInput("Indiquez l'identifiant d'un message, ou --quarantined.", field="inbound_id")
    while await drain_once(runtime):
        pass
    reports = []
    for inbound_id in ids:
        cabinet = await operator.cross_cabinet.mail_cabinet(inbound_id)
        if cabinet:
            reports.append((await report(operator.for_cabinet(cabinet), inbound_id)).as_json())
    return {"reprocessed": reports}


def run(args: argparse.Namespace) -> int:
    runtime = open_cli_runtime(args)
    if args.action == "reprocess":
        return _run_reprocess(runtime, args)
    if not args.cabinet:
        runtime.close()
        print("Erreur : --cabinet est obligatoire.", file=sys.stderr)
        return USAGE_ERROR
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


def _run_reprocess(runtime: LocalRuntime, args: argparse.Namespace) -> int:
    try:
        payload = asyncio.run(_reprocess(runtime, args))
    except DomainError as error:
        print(f"Erreur : {error.message}", file=sys.stderr)
        return USAGE_ERROR
    finally:
        runtime.close()
    print(json.dumps(payload, ensure_ascii=False))
    return 0
