"""The JSON shapes of the mail routes (docs/courrier.md)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from domain.filed_mail import FiledMail, MailAttachmentRecord
from domain.filing import Candidate
from domain.inbound_mail import MailReading
from services.filing_views import MessageView
from services.mail_filing import Thread


class DossierRefOut(BaseModel):
    id: str
    reference: str


class CandidateOut(BaseModel):
    dossier: DossierRefOut
    confidence: float
    reason: str

    @classmethod
    def of(cls, candidate: Candidate) -> CandidateOut:
        dossier = DossierRefOut(id=candidate.dossier_id, reference=candidate.reference)
        return cls(dossier=dossier, confidence=candidate.confidence, reason=candidate.reason)


class MailSummaryOut(BaseModel):
    id: str
    status: str  # received | filed | to_file | quarantined | unrouted | corrupt (| stored, before filing existed)
    mail_from: str
    recipient: str
    received_at: str
    size: int
    subject: str | None
    message_kind: str | None
    message_id_reused: bool  # another message reached the cabinet earlier under the same Message-ID
    dossier: DossierRefOut | None
    confidence: float | None
    filing_reason: str
    filed_by_hand: bool
    quarantine_reason: str
    thread_id: str

    @classmethod
    def of(cls, item: FiledMail) -> MailSummaryOut:
        message, reading, filing = item.message, item.reading, item.filing
        dossier = (
            DossierRefOut(id=filing.dossier_id, reference=filing.dossier_reference or "") if filing.dossier_id else None
        )
        return cls(
            id=message.id, status=message.status.value, mail_from=message.mail_from, recipient=message.recipient,
            received_at=message.received_at, size=message.size, subject=reading.subject if reading else None,
            message_kind=reading.message_kind if reading else None, message_id_reused=message.message_id_reused,
            dossier=dossier, confidence=filing.confidence, filing_reason=filing.reason, filed_by_hand=filing.by_hand,
            quarantine_reason=filing.quarantine_reason, thread_id=filing.thread_id,
        )  # fmt: skip


class TrayItemOut(MailSummaryOut):
    suggestion: CandidateOut | None  # the best candidate, filed in one click

    @classmethod
    def of(cls, item: FiledMail) -> TrayItemOut:
        best = item.filing.candidates[0] if item.filing.candidates else None
        return cls(**MailSummaryOut.of(item).model_dump(), suggestion=CandidateOut.of(best) if best else None)


class FactOut(BaseModel):
    kind: str
    value: str
    quote: str
    start: int
    end: int
    confidence: float
    details: dict[str, str]
    origin: str  # "new": the message's own text; "history": quoted or forwarded, never suggested on its own
    status: str  # active, cancelled, moved, past, expired


class ReadingAttachmentOut(BaseModel):
    filename: str
    content_type: str
    size: int
    sha256: str


class ReadingOut(BaseModel):
    read_status: str
    reason: str
    message_id: str
    subject: str
    sender: str
    sent_at: str
    in_reply_to: str
    references: list[str]
    attachments: list[ReadingAttachmentOut]
    facts: list[FactOut]
    message_kind: str
    sender_kind: str
    extractor: str
    read_at: str

    @classmethod
    def of(cls, reading: MailReading) -> ReadingOut:
        fields: dict[str, Any] = {name: getattr(reading, name) for name in cls.model_fields}
        fields["references"] = list(reading.references)
        fields["attachments"] = [ReadingAttachmentOut(**vars(a)) for a in reading.attachments]
        fields["facts"] = [
            FactOut(kind=f.kind.value, value=f.value, quote=f.quote, start=f.start, end=f.end,
                    confidence=f.confidence, details=dict(f.details), origin=f.origin, status=f.status)
            for f in reading.facts
        ]  # fmt: skip
        return cls(**fields)


class AttachmentOut(BaseModel):
    position: int
    filename: str
    content_type: str
    size: int
    sha256: str
    document_id: str | None  # the dossier document it became (null while the message is not filed)
    duplicate: bool  # the dossier already held these bytes

    @classmethod
    def of(cls, record: MailAttachmentRecord) -> AttachmentOut:
        return cls(**vars(record))


class MailDetailOut(MailSummaryOut):
    sha256: str
    reading: ReadingOut | None
    candidates: list[CandidateOut]
    text_new: str
    text_history: str
    html_sanitised: str | None
    attachments: list[AttachmentOut]

    @classmethod
    def of(cls, item: FiledMail, attachments: list[MailAttachmentRecord], view: MessageView) -> MailDetailOut:  # type: ignore[override]
        return cls(
            **MailSummaryOut.of(item).model_dump(),
            sha256=item.message.sha256,
            reading=ReadingOut.of(item.reading) if item.reading else None,
            candidates=[CandidateOut.of(c) for c in item.filing.candidates],
            text_new=view.text_new,
            text_history=view.text_history,
            html_sanitised=view.html_sanitised,
            attachments=[AttachmentOut.of(record) for record in attachments],
        )


class ThreadOut(BaseModel):
    thread_id: str
    subject: str
    messages: list[MailSummaryOut]

    @classmethod
    def of(cls, thread: Thread) -> ThreadOut:
        return cls(thread_id=thread.thread_id, subject=thread.subject,
                   messages=[MailSummaryOut.of(item) for item in thread.messages])  # fmt: skip
