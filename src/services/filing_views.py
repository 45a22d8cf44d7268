"""What the message view and the ingest command show of a filed message: its text, the new part apart from the
quoted history, its HTML made safe, and its facts with where they come from (new text or history)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from domain.extraction.model import Fact
from domain.inbound_mail import MailReading
from domain.mail import ParsedMessage, read_message
from domain.mail_html import sanitised_html

NEW, HISTORY = "nouveau", "historique"
_ORIGINS = {"new": NEW, "history": HISTORY, "nouveau": NEW, "historique": HISTORY}


@dataclass(frozen=True)
class MessageView:
    text_new: str
    text_history: str
    html_sanitised: str | None
    parsed: ParsedMessage | None = None


@dataclass(frozen=True)
class FactView:
    kind: str
    value: str
    quote: str
    origin: str  # nouveau | historique
    status: str  # what the reader says of it (active, annule, renvoye, passe…); "active" when it says nothing


def message_view(raw: bytes) -> MessageView:
    """The text as the message view shows it; its HTML body (also when a plain alternative exists) made safe."""
    parsed = read_message(raw)
    if not parsed.ok:
        return MessageView("", "", None, parsed)
    return MessageView(parsed.body.new, history_text(parsed), sanitised_html(raw), parsed)


def history_text(parsed: ParsedMessage) -> str:
    pieces = [parsed.body.quoted, parsed.body.forwarded]
    return "\n\n".join(piece.strip() for piece in pieces if piece.strip())


def fact_origin(fact: Fact, new_text: str) -> str:
    """Where a fact was read: the reader says so once it marks origins (`Fact.origin`); until then, a fact whose
    quote stands in the subject or the new text is new, any other (quoted history, forwarded mail) is history."""
    declared = getattr(fact, "origin", None)
    if isinstance(declared, str) and declared in _ORIGINS:
        return _ORIGINS[declared]
    return NEW if fact.quote and fact.quote in new_text else HISTORY


def fact_status(fact: Fact) -> str:
    declared = getattr(fact, "status", None)
    return str(getattr(declared, "value", declared) or "active")


def fact_views(reading: MailReading | None, parsed: ParsedMessage | None) -> list[FactView]:
    if reading is None:
        return []
    new_text = ""
    if parsed is not None and parsed.ok:
        attachments = "\n".join(a.text for a in parsed.attachments)
        new_text = unicodedata.normalize("NFC", f"Objet : {parsed.subject}\n{parsed.body.new}\n{attachments}")
    return [
        FactView(fact.kind.value, fact.value, fact.quote, fact_origin(fact, new_text), fact_status(fact))
        for fact in reading.facts
    ]


def active_new_facts(reading: MailReading, parsed: ParsedMessage | None) -> list[Fact]:
    """The facts a suggestion may come from: read in the new text, and not said cancelled, moved or past."""
    views = fact_views(reading, parsed)
    return [fact for fact, view in zip(reading.facts, views, strict=True)
            if view.origin == NEW and view.status in ("active", "actif", "")]  # fmt: skip
