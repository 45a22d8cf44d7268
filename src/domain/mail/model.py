"""The read model of one e-mail message: what the mailroom needs, decoded once."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ReadStatus(StrEnum):
    OK = "ok"
    MALFORMED = "malformed"


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one message may cost to read."""

    max_bytes: int = 25 * 1024 * 1024
    max_depth: int = 12
    max_parts: int = 500
    max_pdf_pages: int = 30
    max_pdf_bytes: int = 10 * 1024 * 1024  # larger PDFs are kept as attachments, their text left unread
    max_text_chars: int = 2_000_000
    split_above_bytes: int = 4 * 1024 * 1024  # larger multiparts are parsed part by part (bounded memory)


@dataclass(frozen=True, slots=True)
class Mailbox:
    name: str
    address: str

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>" if self.name else self.address


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content_type: str
    size: int
    sha256: str
    inline: bool = False
    content_id: str = ""
    text: str = ""
    source: str = ""  # "" for a MIME part, "winmail.dat" when unpacked from TNEF


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    summary: str
    start: str
    end: str = ""
    location: str = ""
    description: str = ""
    uid: str = ""
    method: str = ""
    organizer: str = ""


@dataclass(frozen=True, slots=True)
class BodyText:
    """A body split into what the sender wrote now and what they quoted or forwarded."""

    full: str = ""
    new: str = ""
    quoted: str = ""
    forwarded: str = ""
    from_html: bool = False


@dataclass(frozen=True, slots=True)
class ParsedMessage:
    status: ReadStatus
    reason: str = ""
    message_id: str = ""
    subject: str = ""
    from_: tuple[Mailbox, ...] = ()
    to: tuple[Mailbox, ...] = ()
    cc: tuple[Mailbox, ...] = ()
    date: str = ""  # ISO 8601 with offset, "" when absent or unreadable
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    content_type: str = ""
    body: BodyText = field(default_factory=BodyText)
    attachments: tuple[Attachment, ...] = ()
    events: tuple[CalendarEvent, ...] = ()
    forwarded: tuple[ParsedMessage, ...] = ()
    defects: tuple[str, ...] = ()
    size: int = 0
    part_count: int = 0

    @property
    def ok(self) -> bool:
        return self.status is ReadStatus.OK

    def sender_address(self) -> str:
        return self.from_[0].address if self.from_ else ""
