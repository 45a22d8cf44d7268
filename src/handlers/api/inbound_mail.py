"""The cabinet's inbound mail: `GET /api/mail` (newest first, by pages) and `GET /api/mail/{id}` (with what reading
it found). Only the session's cabinet is ever read: another cabinet's message id answers 404."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from domain.inbound_mail import InboundMessage, MailReading
from handlers.api.deps import Scope, requires
from handlers.api.errors import documented
from services.inbound_mail import MAX_PAGE, get_mail, list_mail

router = APIRouter(prefix="/api/mail", tags=["courrier"], responses=documented(401, 403, 422))


class MailSummaryOut(BaseModel):
    id: str
    status: str
    mail_from: str
    recipient: str
    received_at: str
    size: int
    subject: str | None
    message_kind: str | None
    message_id_reused: bool  # another message reached the cabinet earlier under the same Message-ID

    @classmethod
    def of(cls, message: InboundMessage, reading: MailReading | None) -> MailSummaryOut:
        return cls(
            id=message.id,
            status=message.status.value,
            mail_from=message.mail_from,
            recipient=message.recipient,
            received_at=message.received_at,
            size=message.size,
            subject=reading.subject if reading else None,
            message_kind=reading.message_kind if reading else None,
            message_id_reused=message.message_id_reused,
        )


class MailPageOut(BaseModel):
    messages: list[MailSummaryOut]
    next_before: str | None  # pass as `before` for the next page; None on the last one


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


class AttachmentOut(BaseModel):
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
    attachments: list[AttachmentOut]
    facts: list[FactOut]
    message_kind: str
    sender_kind: str
    extractor: str
    read_at: str

    @classmethod
    def of(cls, reading: MailReading) -> ReadingOut:
        fields: dict[str, Any] = {name: getattr(reading, name) for name in cls.model_fields}
        fields["references"] = list(reading.references)
        fields["attachments"] = [AttachmentOut(**vars(a)) for a in reading.attachments]
        fields["facts"] = [
            FactOut(kind=f.kind.value, value=f.value, quote=f.quote, start=f.start, end=f.end,
                    confidence=f.confidence, details=dict(f.details), origin=f.origin, status=f.status)
            for f in reading.facts
        ]  # fmt: skip
        return cls(**fields)


class MailOut(MailSummaryOut):
    sha256: str
    reading: ReadingOut | None


@router.get("", openapi_extra=requires("mail.read"))
async def mail_list(
    scope: Scope,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="messages par page")] = 50,
    before: Annotated[str | None, Query(max_length=64, description="`next_before` de la page précédente")] = None,
) -> MailPageOut:
    page = await list_mail(scope, limit=limit, before=before)
    messages = [MailSummaryOut.of(message, reading) for message, reading in page]
    return MailPageOut(messages=messages, next_before=messages[-1].id if len(messages) == limit else None)


@router.get("/{inbound_id}", responses=documented(404), openapi_extra=requires("mail.read"))
async def mail_detail(scope: Scope, inbound_id: str) -> MailOut:
    message, reading = await get_mail(scope, inbound_id)
    summary = MailSummaryOut.of(message, reading)
    return MailOut(**summary.model_dump(), sha256=message.sha256, reading=ReadingOut.of(reading) if reading else None)
