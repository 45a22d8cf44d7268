"""One inbound message as the mailroom records it, and what reading it found.

The raw bytes live in the blob store; the record says where, with their digest, so every later step can prove
it works on exactly what arrived.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import StrEnum

from domain.extraction.model import ExtractionResult, Fact
from domain.mail.model import ParsedMessage
from domain.mail.reader import read_message_id

MAX_MESSAGE_BYTES = 25 * 1024 * 1024  # Email Routing refuses larger messages; so does the local SMTP server
MAX_MESSAGE_ID_CHARS = 512


class MailStatus(StrEnum):
    RECEIVED = "received"  # raw copy stored and recorded; its processing job is on the queue
    UNROUTED = "unrouted"  # no cabinet has this address: kept for the operator, never dropped
    STORED = "stored"  # the stored copy was read back intact and read
    CORRUPT = "corrupt"  # the stored copy no longer matches its digest
    FILED = "filed"  # classé: in its dossier (docs/courrier.md)
    TO_FILE = "to_file"  # à classer: no dossier sure enough, in the cabinet's tray
    QUARANTINED = "quarantined"  # en quarantaine: unreadable, with its reason; reprocessable


@dataclass(frozen=True)
class InboundMessage:
    id: str
    cabinet_id: str | None
    mail_from: str
    recipient: str
    dedupe_key: str
    size: int
    sha256: str
    blob_key: str
    status: MailStatus
    received_at: str  # UTC ISO-8601
    content_sha256: str = ""  # the digest without trace headers: what a retry must match ("" before it was kept)
    message_id_reused: bool = False  # another message reached this recipient earlier under the same Message-ID


@dataclass(frozen=True)
class AttachmentSummary:
    filename: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class MailReading:
    """What the `mail.received` job read in a stored message, kept for the features that file and schedule it."""

    read_status: str  # "ok", or "malformed" with `reason`
    reason: str
    message_id: str
    subject: str
    sender: str
    sent_at: str  # the Date header, ISO-8601 with its offset; "" when absent or unreadable
    in_reply_to: str
    references: tuple[str, ...]
    attachments: tuple[AttachmentSummary, ...]
    facts: tuple[Fact, ...]
    message_kind: str
    sender_kind: str
    extractor: str  # "rules", or the model that proposed the (grounded) facts
    read_at: str  # UTC ISO-8601

    @classmethod
    def of(cls, message: ParsedMessage, extraction: ExtractionResult | None, read_at: str) -> MailReading:
        return cls(
            read_status=message.status.value,
            reason=message.reason,
            message_id=message.message_id,
            subject=message.subject,
            sender=message.sender_address(),
            sent_at=message.date,
            in_reply_to=message.in_reply_to,
            references=message.references,
            attachments=tuple(
                AttachmentSummary(a.filename, a.content_type, a.size, a.sha256) for a in message.attachments
            ),
            facts=extraction.facts if extraction else (),
            message_kind=extraction.message_kind.value if extraction else "other",
            sender_kind=extraction.sender_kind.value if extraction else "other",
            extractor=extraction.source if extraction else "",
            read_at=read_at,
        )


_BLANK_LINE = re.compile(rb"\n\r?\n")  # the end of the header block

# Header fields that relays add or rewrite on the way: a retry through another relay differs only in these.
TRACE_FIELDS = frozenset({
    b"received", b"return-path", b"delivered-to", b"x-original-to", b"x-received", b"received-spf",
    b"authentication-results", b"arc-seal", b"arc-message-signature", b"arc-authentication-results",
    b"x-forwarded-to", b"x-forwarded-for", b"x-spam-status", b"x-spam-score", b"x-spam-flag",
})  # fmt: skip


def content_digest(raw: bytes) -> str:
    """sha256 of the message without its trace header fields, line ends read alike (CRLF or bare LF): the same
    for every delivery of one message, whatever relays it crossed. Only the header block is split into lines; the
    body (up to 25 MiB) is hashed as it is, its CRLFs read as LFs."""
    blank = _BLANK_LINE.search(raw)
    head, body = (raw[: blank.start()], raw[blank.end() :]) if blank else (raw, b"")
    if raw.startswith((b"\n", b"\r\n")):  # no header at all: everything is body
        head, body = b"", raw
    kept: list[bytes] = []
    keeping = True
    for line in head.split(b"\n"):
        line = line.rstrip(b"\r")
        if line[:1] not in (b" ", b"\t"):  # a folded continuation belongs to the field above
            keeping = line.split(b":", 1)[0].strip().lower() not in TRACE_FIELDS
        if keeping:
            kept.append(line)
    digest = hashlib.sha256(b"\n".join(kept) + b"\n\n")
    digest.update(body.replace(b"\r\n", b"\n"))
    return digest.hexdigest()


def dedupe_key(raw: bytes, content_sha256: str) -> str:
    """The Message-ID when the message has a usable one, else its content digest (trace headers aside)."""
    message_id = read_message_id(raw)
    if message_id and len(message_id) <= MAX_MESSAGE_ID_CHARS:
        return f"mid:{message_id}"
    return f"sha256:{content_sha256}"


def reused_key(dedupe_key: str, content_sha256: str) -> str:
    """The key of a different message that arrived under an already-used Message-ID."""
    return f"{dedupe_key}#{content_sha256}"


def raw_blob_key(cabinet_id: str | None, received_on: str, inbound_id: str) -> str:
    """`cabinets/{cabinet}/inbound/YYYY/MM/DD/{id}.eml`, or under `unrouted/` when no cabinet has the address."""
    folder = f"cabinets/{cabinet_id}/inbound" if cabinet_id else "unrouted"
    return f"{folder}/{received_on}/{inbound_id}.eml"
