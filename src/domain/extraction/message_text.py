"""The text extraction reads for one parsed message, and the date its relative dates resolve against."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

from domain.mail.model import ParsedMessage


def message_text(message: ParsedMessage, max_chars: int = 200_000) -> str:
    """Subject, body (new, quoted and forwarded text alike), forwarded messages, then text of attachments.

    Each attached message starts with a "-------- Message transféré --------" line, so that
    `domain.mail.quotes.history_spans` tells it, like any quoted or forwarded text, from the new text.

    The text is NFC-normalised (a decomposed "Cre\u0301teil" or "fe\u0301vrier" reads like the composed
    one): facts extracted from it carry quotes and positions relative to this normalised text, which is
    the text to store or show beside them, not the raw body.
    """
    pieces = [f"Objet : {message.subject}", message.body.full]
    for inner in message.forwarded:
        # the marker line makes an attached message (message/rfc822) read as forwarded history
        pieces.append(f"-------- Message transféré --------\nObjet : {inner.subject}\n{inner.body.full}")
    for attachment in message.attachments:
        if attachment.text.strip():
            pieces.append(f"Pièce jointe : {attachment.filename}\n{attachment.text}")
    text = "\n\n".join(p.strip() for p in pieces if p.strip())[: max_chars * 2]
    return unicodedata.normalize("NFC", text)[:max_chars]


def reference_date(message: ParsedMessage, fallback: date) -> date:
    """The message's own date; the caller's fallback (e.g. the reception date) when the header is unreadable."""
    if message.date:
        try:
            return datetime.fromisoformat(message.date).date()
        except ValueError:
            return fallback
    return fallback
