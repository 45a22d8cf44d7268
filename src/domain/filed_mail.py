"""What the filing of a message records and reads back (migrations/0009_courrier.sql): the message's filing state,
its attachments as dossier documents, and what the lookups behind the clues find."""

from __future__ import annotations

from dataclasses import dataclass

from domain.filing import Candidate
from domain.inbound_mail import InboundMessage, MailReading, MailStatus

QUARANTINE_REASONS = {
    "empty": "Message vide.",
    "too_large": "Message trop volumineux pour être lu.",
    "outlook_msg_not_mime": "Fichier Outlook (.msg) et non un message MIME.",
    "binary_not_mime": "Contenu binaire et non un message MIME.",
    "too_many_parts": "Trop de parties dans le message.",
    "nesting_too_deep": "Message imbriqué trop profondément.",
    "corrupt": "La copie conservée ne correspond plus à son empreinte.",
}


def quarantine_reason(reader_reason: str) -> str:
    """The reader's reason for a malformed message, in French for the lawyer (the technical one kept after it)."""
    known = QUARANTINE_REASONS.get(reader_reason)
    if known:
        return known
    return f"Message illisible ({reader_reason or 'raison inconnue'})."


@dataclass(frozen=True)
class DossierRef:
    id: str
    reference: str


@dataclass(frozen=True)
class SenderMatch:
    dossier_id: str
    reference: str
    role: str  # client | adverse | conseil_adverse | autre | memorise


@dataclass(frozen=True)
class ThreadMatch:
    """The latest earlier message of the conversation this one answers."""

    inbound_id: str
    dossier_id: str | None
    reference: str | None
    received_at: str
    thread_id: str


@dataclass(frozen=True)
class MailFiling:
    """Where a message stands: its dossier (if filed), how sure the filing was and why, what else was considered."""

    dossier_id: str | None = None
    dossier_reference: str | None = None
    confidence: float | None = None
    reason: str = ""
    candidates: tuple[Candidate, ...] = ()
    filed_by: str | None = None
    filed_at: str | None = None
    by_hand: bool = False
    quarantine_reason: str = ""
    thread_id: str = ""


@dataclass(frozen=True)
class FilingOutcome:
    """What one run of the filing job records on the message."""

    status: MailStatus
    filing: MailFiling
    run: str  # this run's id: the guard of what only the run that recorded the outcome may write


@dataclass(frozen=True)
class MailAttachmentRecord:
    position: int
    filename: str
    content_type: str
    size: int
    sha256: str
    document_id: str | None = None
    duplicate: bool = False


@dataclass(frozen=True)
class FilingEvent:
    id: str
    inbound_id: str
    status: MailStatus
    dossier_id: str | None
    confidence: float | None
    reason: str
    by_hand: bool
    actor: str
    at: str


@dataclass(frozen=True)
class FiledMail:
    message: InboundMessage
    reading: MailReading | None
    filing: MailFiling


@dataclass(frozen=True)
class MailFilter:
    status: MailStatus | None = None
    dossier_id: str | None = None
