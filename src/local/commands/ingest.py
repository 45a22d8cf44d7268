"""`./poste ingest FILE.eml --to ADDRESS`: one message through the same intake as both doors (raw copy and record
first, then reading and filing), on the local data (`POSTE_DATA_DIR`), and what became of it as JSON:
`{"status": "classé"|"à classer"|"en quarantaine"|"rejeté", "mail_id", "dossier", "confidence", "reason",
"attachments", "facts"}` (docs/courrier.md). Exit status 0 whenever the message was handled as designed, rejection
and quarantine included; 2 when the command itself is wrong (no such file). A stable interface."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import parseaddr
from pathlib import Path

from local.commands.options import add_data_dir, open_cli_runtime
from local.queue_worker import drain_once
from local.runtime import LocalRuntime
from services.ingest import IngestReport, ingest

USAGE_ERROR = 2
MAX_DRAINS = 20  # the text jobs of the message's documents; jobs left after that wait for `./poste serve`


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    parser.add_argument("file", type=Path, help="le message (.eml)")
    parser.add_argument("--to", required=True, help="l'adresse de réception (celle d'un cabinet, ou slug+référence)")
    parser.add_argument("--from", dest="mail_from", default=None, help="l'expéditeur de l'enveloppe (défaut : From)")


def header_sender(raw: bytes) -> str:
    headers = BytesHeaderParser(policy=compat32).parsebytes(raw[:65536])
    return parseaddr(str(headers.get("from", "")))[1]


async def _ingest(runtime: LocalRuntime, raw: bytes, to: str, mail_from: str) -> IngestReport:
    report = await ingest(runtime.context, raw, to, mail_from)
    for _round in range(MAX_DRAINS):
        if not await drain_once(runtime):
            break
    return report


def run(args: argparse.Namespace) -> int:
    try:
        raw = args.file.read_bytes()
    except OSError as error:
        print(f"Erreur : fichier illisible ({error.strerror or error}) : {args.file}", file=sys.stderr)
        return USAGE_ERROR
    runtime = open_cli_runtime(args)
    try:
        report = asyncio.run(_ingest(runtime, raw, args.to, args.mail_from or header_sender(raw)))
    finally:
        runtime.close()
    print(json.dumps(report.as_json(), ensure_ascii=False))
    return 0
