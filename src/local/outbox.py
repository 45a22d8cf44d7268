"""Outbound mail without a relay: each message written to `<data_dir>/outbox/<id>.eml`, atomically, as the relay
would have received it. A person (or a browser test) reads it back with `./poste outbox` to follow the invitation
or reset link it carries. The outbox holds those links in clear: it is a development and demo mailbox, inside the
data folder, never served over HTTP."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import UTC
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from domain.errors import InvalidInput, NotFound
from local.atomic_files import write_atomically
from services.outbound_mail import Sender, compose
from services.ports import Clock, IdGenerator, OutboundMail

SUFFIX = ".eml"
# What ids look like (ULIDs; letters and digits in tests): never a path.
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
NOT_IN_OUTBOX = "Aucun message de ce nom dans la boîte d'envoi (voir `./poste outbox`)."


class OutboxMailer:
    def __init__(self, folder: Path, sender: Sender, clock: Clock, ids: IdGenerator) -> None:
        self._folder = folder
        self._sender = sender
        self._clock = clock
        self._ids = ids

    async def send(self, mail: OutboundMail) -> str:
        composed = compose(mail, sender=self._sender, clock=self._clock, ids=self._ids)
        if not _ID.fullmatch(composed.local_id):
            raise ValueError(f"message id {composed.local_id!r} cannot name a file")
        await asyncio.to_thread(self._write, composed.local_id, composed.raw)
        return composed.message_id

    def _write(self, local_id: str, raw: bytes) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        write_atomically(self._folder / f"{local_id}{SUFFIX}", raw)


@dataclass(frozen=True)
class OutboxEntry:
    id: str
    message_id: str
    to: str
    subject: str
    date: str  # UTC ISO-8601


def list_outbox(folder: Path) -> list[OutboxEntry]:
    """Every message of the outbox, newest first: by Date, then (within its second) by when the file was written."""
    found = []
    for path in folder.glob(f"*{SUFFIX}"):
        if _ID.fullmatch(path.stem):
            found.append((_entry(path.stem, _read(path)), path.stat().st_mtime_ns))
    found.sort(key=lambda pair: (pair[0].date, pair[1], pair[0].id), reverse=True)
    return [entry for entry, _ in found]


def outbox_text(folder: Path, wanted: str) -> str:
    """The text part of one message, by its outbox id or its Message-ID (`<id@domain>`)."""
    local_id = wanted.strip().removeprefix("<").partition("@")[0]
    if not _ID.fullmatch(local_id):
        raise InvalidInput(NOT_IN_OUTBOX, field="id")
    try:
        message = _read(folder / f"{local_id}{SUFFIX}")
    except FileNotFoundError:
        raise NotFound(NOT_IN_OUTBOX) from None
    body = message.get_body(preferencelist=("plain",))
    return "" if body is None else str(body.get_content()).replace("\r\n", "\n")


def _read(path: Path) -> EmailMessage:
    return message_from_bytes(path.read_bytes(), policy=policy.default)


def _entry(local_id: str, message: EmailMessage) -> OutboxEntry:
    date = message["Date"]
    sent_at = date.datetime.astimezone(UTC).isoformat().replace("+00:00", "Z") if date is not None else ""
    return OutboxEntry(
        id=local_id,
        message_id=str(message["Message-ID"] or ""),
        to=str(message["To"] or ""),
        subject=str(message["Subject"] or ""),
        date=sent_at,
    )
