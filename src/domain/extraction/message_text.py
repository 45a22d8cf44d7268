"""The text extraction reads for one parsed message, and the date its relative dates resolve against."""

from __future__ import annotations

from datetime import date, datetime

from domain.mail.model import ParsedMessage


def message_text(message: ParsedMessage, max_chars: int = 200_000) -> str:
    """Subject, body (new, quoted and forwarded text alike), forwarded messages, then text of attachments."""
    pieces = [f"Objet : {message.subject}", message.body.full]
    for inner in message.forwarded:
        pieces.append(f"Objet : {inner.subject}\n{inner.body.full}")
    for attachment in message.attachments:
        if attachment.text.strip():
            pieces.append(f"Pièce jointe : {attachment.filename}\n{attachment.text}")
    return "\n\n".join(p.strip() for p in pieces if p.strip())[:max_chars]


def reference_date(message: ParsedMessage, fallback: date) -> date:
    """The message's own date; the caller's fallback (e.g. the reception date) when the header is unreadable."""
    if message.date:
        try:
            return datetime.fromisoformat(message.date).date()
        except ValueError:
            return fallback
    return fallback
