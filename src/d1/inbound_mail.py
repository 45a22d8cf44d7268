"""Inbound mail records and what reading them found (`inbound_mail`, `mail_readings`)."""

from __future__ import annotations

import json

from d1.database import Database, Row, Statement
from domain.extraction.model import Fact
from domain.inbound_mail import AttachmentSummary, InboundMessage, MailReading, MailStatus

COLUMNS = (
    "id, cabinet_id, mail_from, recipient, dedupe_key, size, sha256, blob_key, status, received_at, content_sha256,"
    " message_id_reused"
)
_READING_COLUMNS = (
    "read_status, reason, message_id, subject, sender, sent_at, in_reply_to, references_json, attachments_json,"
    " facts_json, message_kind, sender_kind, extractor, read_at"
)


def _insert(message: InboundMessage) -> Statement:
    """Does nothing when the same delivery (recipient + dedupe key) is already recorded: a concurrent retry won."""
    return Statement(
        f"INSERT INTO inbound_mail ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (
            message.id, message.cabinet_id, message.mail_from, message.recipient, message.dedupe_key,
            message.size, message.sha256, message.blob_key, message.status.value, message.received_at,
            message.content_sha256, int(message.message_id_reused),
        ),
    )  # fmt: skip


class InboundMail:
    """One cabinet's inbound mail."""

    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    async def get(self, inbound_id: str) -> InboundMessage | None:
        row = await self._db.first(
            f"SELECT {COLUMNS} FROM inbound_mail WHERE cabinet_id = ? AND id = ?", self._cabinet_id, inbound_id
        )
        return message_of(row) if row else None

    async def recent(self, limit: int, before: str | None = None) -> list[tuple[InboundMessage, MailReading | None]]:
        """Newest first; `before` is the id of the last message of the previous page."""
        rows = await self._db.all(
            f"SELECT m.{COLUMNS.replace(', ', ', m.')}, {_READING_COLUMNS}"
            " FROM inbound_mail m LEFT JOIN mail_readings r ON r.cabinet_id = m.cabinet_id AND r.inbound_id = m.id"
            " WHERE m.cabinet_id = ? AND (? IS NULL OR (m.received_at, m.id) <"
            " (SELECT received_at, id FROM inbound_mail WHERE cabinet_id = ? AND id = ?))"
            " ORDER BY m.received_at DESC, m.id DESC LIMIT ?",
            self._cabinet_id, before, self._cabinet_id, before, limit,
        )  # fmt: skip
        return [(message_of(row), _reading(row) if row["read_status"] is not None else None) for row in rows]

    async def reading(self, inbound_id: str) -> MailReading | None:
        row = await self._db.first(
            f"SELECT {_READING_COLUMNS} FROM mail_readings WHERE cabinet_id = ? AND inbound_id = ?",
            self._cabinet_id,
            inbound_id,
        )
        return _reading(row) if row else None

    async def waiting_since(self, cutoff: str, *, max_requeued: int, limit: int = 100) -> list[str]:
        """Messages recorded before `cutoff` whose processing job has not finished, and sent again fewer than
        `max_requeued` times."""
        rows = await self._db.all(
            "SELECT id FROM inbound_mail WHERE cabinet_id = ? AND status = ? AND received_at < ? AND requeued < ?"
            " ORDER BY received_at LIMIT ?",
            self._cabinet_id, MailStatus.RECEIVED.value, cutoff, max_requeued, limit,
        )  # fmt: skip
        return [str(row["id"]) for row in rows]

    def count_requeue(self, inbound_id: str) -> Statement:
        return Statement(
            "UPDATE inbound_mail SET requeued = requeued + 1 WHERE cabinet_id = ? AND id = ?",
            (self._cabinet_id, inbound_id),
        )

    def still_received(self, inbound_id: str) -> Statement:
        """A SELECT that finds the row while it waits for processing: the guard of a job's writes, so that two
        runs of the same job (at-least-once delivery) record its outcome once."""
        return Statement(
            "SELECT 1 FROM inbound_mail WHERE cabinet_id = ? AND id = ? AND status = ?",
            (self._cabinet_id, inbound_id, MailStatus.RECEIVED.value),
        )

    def insert(self, message: InboundMessage) -> Statement:
        if message.cabinet_id != self._cabinet_id:
            raise ValueError("a cabinet's inbound mail holds only that cabinet's messages")
        return _insert(message)

    def exists(self, inbound_id: str) -> Statement:
        """A SELECT that finds the row: the `only_if` of an audit row that must follow the insert."""
        return Statement("SELECT 1 FROM inbound_mail WHERE cabinet_id = ? AND id = ?", (self._cabinet_id, inbound_id))

    def set_status(self, inbound_id: str, status: MailStatus, *, only_from: MailStatus | None = None) -> Statement:
        """With `only_from`, changes nothing unless the message is in that status (a compare-and-set)."""
        sql = "UPDATE inbound_mail SET status = ? WHERE cabinet_id = ? AND id = ?"
        params: tuple[str, ...] = (status.value, self._cabinet_id, inbound_id)
        if only_from is not None:
            sql, params = f"{sql} AND status = ?", (*params, only_from.value)
        return Statement(sql, params)

    def record_reading(self, inbound_id: str, reading: MailReading, *, only_if: Statement | None = None) -> Statement:
        """Inserts the reading, or replaces the previous one. With `only_if` (a SELECT), only when it finds a row."""
        values = _reading_values(reading)
        updates = ", ".join(f"{name} = excluded.{name}" for name in _READING_COLUMNS.split(", "))
        guard = f"EXISTS ({only_if.sql})" if only_if else "1"
        return Statement(
            f"INSERT INTO mail_readings (cabinet_id, inbound_id, {_READING_COLUMNS})"
            f" SELECT ?, ?, {', '.join('?' * len(values))} WHERE {guard}"
            f" ON CONFLICT (cabinet_id, inbound_id) DO UPDATE SET {updates}",
            (self._cabinet_id, inbound_id, *values, *(only_if.params if only_if else ())),
        )


class UnroutedMail:
    """Mail to an address no cabinet has: kept (raw copy and record) for the operator, never dropped."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def insert(self, message: InboundMessage) -> Statement:
        if message.cabinet_id is not None:
            raise ValueError("unrouted mail belongs to no cabinet")
        return _insert(message)

    def exists(self, inbound_id: str) -> Statement:
        return Statement("SELECT 1 FROM inbound_mail WHERE cabinet_id IS NULL AND id = ?", (inbound_id,))


def message_of(row: Row) -> InboundMessage:
    return InboundMessage(
        id=str(row["id"]),
        cabinet_id=row["cabinet_id"],
        mail_from=str(row["mail_from"]),
        recipient=str(row["recipient"]),
        dedupe_key=str(row["dedupe_key"]),
        size=int(row["size"]),
        sha256=str(row["sha256"]),
        blob_key=str(row["blob_key"]),
        status=MailStatus(row["status"]),
        received_at=str(row["received_at"]),
        content_sha256=str(row["content_sha256"]),
        message_id_reused=bool(row["message_id_reused"]),
    )


def _reading_values(reading: MailReading) -> tuple[str, ...]:
    attachments = [[a.filename, a.content_type, a.size, a.sha256] for a in reading.attachments]
    facts = [fact.as_dict() for fact in reading.facts]
    return (
        reading.read_status, reading.reason, reading.message_id, reading.subject, reading.sender, reading.sent_at,
        reading.in_reply_to, _json(list(reading.references)), _json(attachments), _json(facts),
        reading.message_kind, reading.sender_kind, reading.extractor, reading.read_at,
    )  # fmt: skip


def _reading(row: Row) -> MailReading:
    return MailReading(
        read_status=str(row["read_status"]),
        reason=str(row["reason"]),
        message_id=str(row["message_id"]),
        subject=str(row["subject"]),
        sender=str(row["sender"]),
        sent_at=str(row["sent_at"]),
        in_reply_to=str(row["in_reply_to"]),
        references=tuple(json.loads(row["references_json"])),
        attachments=tuple(AttachmentSummary(*item) for item in json.loads(row["attachments_json"])),
        facts=tuple(Fact.from_dict(item) for item in json.loads(row["facts_json"])),
        message_kind=str(row["message_kind"]),
        sender_kind=str(row["sender_kind"]),
        extractor=str(row["extractor"]),
        read_at=str(row["read_at"]),
    )


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
