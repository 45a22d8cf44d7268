"""`./poste parse FILE.eml`: read one message and print, as JSON, what the mailroom sees in it.

The output is the reader's external interface (tests drive it as a subprocess): keep its keys stable.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from domain.extraction import RuleBasedExtractor, message_text, reference_date
from domain.extraction.model import ExtractionResult, Fact
from domain.mail import Limits, ParsedMessage, ReadStatus, read_message


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="message au format RFC 822 (.eml)")
    parser.add_argument(
        "--date-reference",
        type=date.fromisoformat,
        default=None,
        help="date (AAAA-MM-JJ) pour les dates sans année, si l'en-tête Date est illisible",
    )
    parser.add_argument("--texte", action="store_true", help="inclure le texte lu (corps et pièces jointes)")


def _fact(fact: Fact) -> dict[str, Any]:
    return {
        "kind": fact.kind.value,
        "value": fact.value,
        "quote": fact.quote,
        "start": fact.start,
        "end": fact.end,
        "confidence": fact.confidence,
        "origin": fact.origin,
        "status": fact.status,
        **({"details": dict(fact.details)} if fact.details else {}),
    }


def _message(message: ParsedMessage, with_text: bool) -> dict[str, Any]:
    document: dict[str, Any] = {
        "status": message.status.value,
        **({"reason": message.reason} if message.reason else {}),
        "message_id": message.message_id,
        "subject": message.subject,
        "from": [str(m) for m in message.from_],
        "to": [str(m) for m in message.to],
        "cc": [str(m) for m in message.cc],
        "date": message.date,
        "in_reply_to": message.in_reply_to,
        "references": list(message.references),
        "content_type": message.content_type,
        "size": message.size,
        "attachments": [
            {
                "filename": a.filename,
                "content_type": a.content_type,
                "size": a.size,
                "sha256": a.sha256,
                "inline": a.inline,
                **({"source": a.source} if a.source else {}),
            }
            for a in message.attachments
        ],
        "events": [
            {"summary": e.summary, "start": e.start, "end": e.end, "location": e.location, "uid": e.uid}
            for e in message.events
        ],
        "forwarded": [_message(inner, with_text) for inner in message.forwarded],
        "defects": list(message.defects),
    }
    if with_text:
        document["body"] = {"new": message.body.new, "quoted": message.body.quoted, "forwarded": message.body.forwarded}
    return document


def describe(message: ParsedMessage, result: ExtractionResult | None, with_text: bool = False) -> dict[str, Any]:
    document = _message(message, with_text)
    document["kind"] = result.message_kind.value if result else "other"
    document["sender_kind"] = result.sender_kind.value if result else "other"
    document["facts"] = [_fact(f) for f in result.facts] if result else []
    if result and result.capped:  # more facts than the caps allow: the list above is not all of them
        document["facts_capped"] = list(result.capped)
    return document


def run(args: argparse.Namespace) -> int:
    path: Path = args.file
    limits = Limits()
    try:
        size = path.stat().st_size
        # an oversized file is never loaded: the reader's verdict is known from its size alone
        raw = path.read_bytes() if size <= limits.max_bytes else None
    except FileNotFoundError:
        print(f"poste parse : fichier introuvable : {path}", file=sys.stderr)
        return 2
    except IsADirectoryError:
        print(f"poste parse : {path} est un dossier, pas un message", file=sys.stderr)
        return 2
    except PermissionError:
        print(f"poste parse : lecture refusée : {path}", file=sys.stderr)
        return 2
    if raw is None:
        message = ParsedMessage(status=ReadStatus.MALFORMED, reason="too_large", size=size)
    else:
        message = read_message(raw, limits)
    result = None
    if message.ok:
        fallback = args.date_reference or date(2000, 1, 1)
        when = reference_date(message, fallback) if not args.date_reference or message.date else fallback
        result = asyncio.run(
            RuleBasedExtractor().extract(
                message_text(message), reference_date=when, subject=message.subject, sender=message.sender_address()
            )
        )
    json.dump(describe(message, result, args.texte), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0
