"""Reading real-world e-mail into a clean, frozen model (stdlib `email`, default policy)."""

from domain.mail.model import (
    Attachment,
    BodyText,
    CalendarEvent,
    Limits,
    Mailbox,
    ParsedMessage,
    ReadStatus,
)
from domain.mail.reader import read_message

__all__ = [
    "Attachment",
    "BodyText",
    "CalendarEvent",
    "Limits",
    "Mailbox",
    "ParsedMessage",
    "ReadStatus",
    "read_message",
]
