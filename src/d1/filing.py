"""Filing mail into dossiers (migrations/0009_courrier.sql): the lookups behind the clues, the filing state of each
message, its attachments as documents, remembered senders and the filing history. Bound to one cabinet."""

from __future__ import annotations

import json

from d1.database import Database, Row, SqlValue, Statement
from d1.dossier_access import visible_dossier_id
from d1.inbound_mail import _READING_COLUMNS, COLUMNS, _reading, message_of
from d1.keyset import placeholders
from domain.actors import Actor
from domain.filed_mail import (
    DossierRef,
    FiledMail,
    FilingEvent,
    FilingOutcome,
    MailAttachmentRecord,
    MailFiling,
    MailFilter,
    SenderMatch,
    ThreadMatch,
)
from domain.filing import Candidate
from domain.inbound_mail import MailStatus

FILING_COLUMNS = (
    "confidence, filing_reason, candidates_json, filed_by, filed_at, filed_by_hand, quarantine_reason, thread_id"
)
_MAIL = ", ".join(f"m.{name}" for name in f"{COLUMNS}, dossier_id, {FILING_COLUMNS}".split(", "))
_READING = ", ".join(f"r.{name}" for name in _READING_COLUMNS.split(", "))
_JOINED = (
    f"SELECT {_MAIL}, {_READING}, d.reference AS dossier_reference FROM inbound_mail m"
    " LEFT JOIN mail_readings r ON r.cabinet_id = m.cabinet_id AND r.inbound_id = m.id"
    " LEFT JOIN dossiers d ON d.cabinet_id = m.cabinet_id AND d.id = m.dossier_id"
)
_SENDERS = (
    "SELECT dc.dossier_id, 'client' AS role FROM client_emails ce JOIN dossier_clients dc ON dc.cabinet_id ="
    " ce.cabinet_id AND dc.client_id = ce.client_id WHERE ce.cabinet_id = ? AND ce.email = ?"
    " UNION SELECT pe.dossier_id, p.role FROM party_emails pe JOIN parties p ON p.cabinet_id = pe.cabinet_id"
    " AND p.id = pe.party_id WHERE pe.cabinet_id = ? AND pe.email = ?"
    " UNION SELECT ds.dossier_id, 'memorise' AS role FROM dossier_senders ds WHERE ds.cabinet_id = ? AND ds.email = ?"
)


class Filing:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    # --- the lookups behind the clues

    async def dossier_by_reference(self, reference: str) -> DossierRef | None:
        row = await self._db.first(
            "SELECT id, reference FROM dossiers WHERE cabinet_id = ? AND reference = ?", self._cabinet_id, reference
        )
        return DossierRef(str(row["id"]), str(row["reference"])) if row else None

    async def dossiers_by_court_reference(self, compact: str, kinds: tuple[str, ...] = ()) -> list[DossierRef]:
        """The dossiers holding this reference in any punctuation; with `kinds`, only references of those kinds (an
        RG's `24/01234` and a tribunal administratif's `2401234` run together alike)."""
        only = f" AND c.kind IN ({placeholders(len(kinds))})" if kinds else ""
        rows = await self._db.all(
            "SELECT DISTINCT d.id, d.reference FROM court_references c JOIN dossiers d ON d.cabinet_id = c.cabinet_id"
            f" AND d.id = c.dossier_id WHERE c.cabinet_id = ? AND c.compact = ?{only} ORDER BY d.reference",
            self._cabinet_id, compact, *kinds,
        )  # fmt: skip
        return [DossierRef(str(row["id"]), str(row["reference"])) for row in rows]

    async def dossiers_by_sender(self, email: str) -> list[SenderMatch]:
        """The dossiers whose client, party or counsel uses this address, or that remember it (archived dossiers
        left out: their mail is no longer expected)."""
        address = email.strip().lower()
        rows = await self._db.all(
            f"SELECT s.dossier_id, s.role, d.reference FROM ({_SENDERS}) s JOIN dossiers d ON d.cabinet_id = ?"
            " AND d.id = s.dossier_id WHERE d.status != 'archive' ORDER BY d.reference, s.role",
            *([self._cabinet_id, address] * 3), self._cabinet_id,
        )  # fmt: skip
        return [SenderMatch(str(row["dossier_id"]), str(row["reference"]), str(row["role"])) for row in rows]

    async def thread_of(self, message_ids: list[str]) -> ThreadMatch | None:
        """The latest earlier message of this cabinet whose Message-ID is one of these (a reply's In-Reply-To and
        References), preferring one that is filed."""
        wanted = [value for value in dict.fromkeys(message_ids) if value][:50]
        if not wanted:
            return None
        row = await self._db.first(
            "SELECT m.id, m.dossier_id, d.reference, m.received_at, m.thread_id FROM mail_readings r"
            " JOIN inbound_mail m ON m.cabinet_id = r.cabinet_id AND m.id = r.inbound_id"
            " LEFT JOIN dossiers d ON d.cabinet_id = m.cabinet_id AND d.id = m.dossier_id"
            f" WHERE r.cabinet_id = ? AND r.message_id IN ({placeholders(len(wanted))})"
            " ORDER BY m.dossier_id IS NULL, m.received_at DESC, m.id DESC LIMIT 1",
            self._cabinet_id, *wanted,
        )  # fmt: skip
        if row is None:
            return None
        return ThreadMatch(str(row["id"]), row["dossier_id"], row["reference"], str(row["received_at"]),
                           str(row["thread_id"]))  # fmt: skip

    async def dossier_references(self, dossier_ids: list[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(dossier_ids))
        if not wanted:
            return {}
        rows = await self._db.all(
            f"SELECT id, reference FROM dossiers WHERE cabinet_id = ? AND id IN ({placeholders(len(wanted))})",
            self._cabinet_id, *wanted,
        )  # fmt: skip
        return {str(row["id"]): str(row["reference"]) for row in rows}

    async def document_in_dossier(self, dossier_id: str, sha256: str) -> str | None:
        """A live document of the dossier with a version of these bytes (SHA-256 deduplication per dossier)."""
        row = await self._db.first(
            "SELECT v.document_id FROM document_versions v JOIN documents d ON d.cabinet_id = v.cabinet_id"
            " AND d.id = v.document_id WHERE v.cabinet_id = ? AND v.sha256 = ? AND d.dossier_id = ?"
            " AND d.deleted_at IS NULL ORDER BY d.created_at, d.id LIMIT 1",
            self._cabinet_id, sha256, dossier_id,
        )  # fmt: skip
        return str(row["document_id"]) if row else None

    # --- reading filed mail

    async def get(self, actor: Actor, inbound_id: str) -> FiledMail | None:
        """The message, unless it is filed in a dossier the actor may not see."""
        seen = visible_dossier_id(actor, self._cabinet_id, "m.dossier_id")
        row = await self._db.first(
            f"{_JOINED} WHERE m.cabinet_id = ? AND m.id = ? AND {seen.sql}", self._cabinet_id, inbound_id, *seen.params
        )
        return filed_mail_of(row) if row else None

    async def page(self, actor: Actor, where: MailFilter, limit: int, before: str | None) -> list[FiledMail]:
        """Newest first, `limit + 1` rows (the extra one says there is a next page); `before` is the id of the last
        message of the previous page. Mail filed in a dossier the actor may not see is left out."""
        seen = visible_dossier_id(actor, self._cabinet_id, "m.dossier_id")
        conditions, params = ["m.cabinet_id = ?", seen.sql], [self._cabinet_id, *seen.params]
        if where.status is not None:
            conditions.append("m.status = ?")
            params.append(where.status.value)
        if where.dossier_id is not None:
            conditions.append("m.dossier_id = ?")
            params.append(where.dossier_id)
        if before is not None:
            conditions.append(
                "(m.received_at, m.id) < (SELECT received_at, id FROM inbound_mail WHERE cabinet_id = ? AND id = ?)"
            )
            params += [self._cabinet_id, before]
        rows = await self._db.all(
            f"{_JOINED} WHERE {' AND '.join(conditions)} ORDER BY m.received_at DESC, m.id DESC LIMIT ?",
            *params, limit + 1,
        )  # fmt: skip
        return [filed_mail_of(row) for row in rows]

    async def attachments(self, inbound_id: str) -> list[MailAttachmentRecord]:
        rows = await self._db.all(
            "SELECT position, filename, content_type, size, sha256, document_id, duplicate FROM mail_attachments"
            " WHERE cabinet_id = ? AND inbound_id = ? ORDER BY position",
            self._cabinet_id,
            inbound_id,
        )
        return [
            MailAttachmentRecord(int(r["position"]), str(r["filename"]), str(r["content_type"]), int(r["size"]),
                                 str(r["sha256"]), r["document_id"], bool(r["duplicate"]))
            for r in rows
        ]  # fmt: skip

    async def history(self, inbound_id: str) -> list[FilingEvent]:
        rows = await self._db.all(
            "SELECT id, inbound_id, status, dossier_id, confidence, reason, by_hand, actor, at FROM mail_filings"
            " WHERE cabinet_id = ? AND inbound_id = ? ORDER BY at, id",
            self._cabinet_id,
            inbound_id,
        )
        return [
            FilingEvent(str(r["id"]), str(r["inbound_id"]), MailStatus(str(r["status"])), r["dossier_id"],
                        r["confidence"], str(r["reason"]), bool(r["by_hand"]), str(r["actor"]), str(r["at"]))
            for r in rows
        ]  # fmt: skip

    async def remembered(self, dossier_id: str) -> list[str]:
        rows = await self._db.all(
            "SELECT email FROM dossier_senders WHERE cabinet_id = ? AND dossier_id = ? ORDER BY email",
            self._cabinet_id,
            dossier_id,
        )
        return [str(row["email"]) for row in rows]

    # --- writes

    def record_outcome(self, inbound_id: str, outcome: FilingOutcome) -> Statement:
        """The job's outcome, only while the message still waits for it (two runs of one job record it once). An
        earlier filing is never lost: a message that has a dossier keeps it, and one filed by hand stays as the
        lawyer left it."""
        filing = outcome.filing
        return Statement(
            "UPDATE inbound_mail SET status = CASE WHEN dossier_id IS NOT NULL THEN 'filed' ELSE ? END,"
            " dossier_id = COALESCE(dossier_id, ?),"
            " confidence = CASE WHEN filed_by_hand = 1 THEN confidence ELSE ? END,"
            " filing_reason = CASE WHEN filed_by_hand = 1 THEN filing_reason ELSE ? END,"
            " candidates_json = ?, filed_by = COALESCE(filed_by, ?), filed_at = COALESCE(filed_at, ?),"
            " quarantine_reason = ?, thread_id = ?, filing_run = ?"
            " WHERE cabinet_id = ? AND id = ? AND status = 'received'",
            (outcome.status.value, filing.dossier_id, filing.confidence, filing.reason,
             _candidates_json(filing.candidates), filing.filed_by, filing.filed_at, filing.quarantine_reason,
             filing.thread_id, outcome.run, self._cabinet_id, inbound_id),
        )  # fmt: skip

    def recorded_by(self, inbound_id: str, run: str) -> Statement:
        """A SELECT finding the message when this run recorded its outcome: the guard of the run's audit row."""
        return Statement(
            "SELECT 1 FROM inbound_mail WHERE cabinet_id = ? AND id = ? AND filing_run = ?",
            (self._cabinet_id, inbound_id, run),
        )

    def file_by_hand(self, inbound_id: str, dossier_id: str, reason: str, by: str, at: str) -> Statement:
        """A lawyer's filing, only into a dossier of this cabinet that exists."""
        return Statement(
            "UPDATE inbound_mail SET status = 'filed', dossier_id = ?, confidence = 1.0, filing_reason = ?,"
            " filed_by = ?, filed_at = ?, filed_by_hand = 1, quarantine_reason = '' WHERE cabinet_id = ? AND id = ?"
            " AND status != 'received' AND EXISTS (SELECT 1 FROM dossiers WHERE cabinet_id = ? AND id = ?)",
            (dossier_id, reason, by, at, self._cabinet_id, inbound_id, self._cabinet_id, dossier_id),
        )

    def filed_in(self, inbound_id: str, dossier_id: str) -> Statement:
        """A SELECT finding the message when it is filed in this dossier."""
        return Statement(
            "SELECT 1 FROM inbound_mail WHERE cabinet_id = ? AND id = ? AND dossier_id = ? AND status = 'filed'",
            (self._cabinet_id, inbound_id, dossier_id),
        )

    def reopen(self, inbound_id: str) -> Statement:
        """Back to waiting for its job (reprocessing): its filing, if any, stays."""
        return Statement(
            "UPDATE inbound_mail SET status = 'received', requeued = 0 WHERE cabinet_id = ? AND id = ?"
            " AND status IN ('filed', 'to_file', 'quarantined', 'corrupt', 'stored')",
            (self._cabinet_id, inbound_id),
        )

    def add_history(self, event: FilingEvent, only_if: Statement | None = None) -> Statement:
        values: tuple[SqlValue, ...] = (
            event.id, self._cabinet_id, event.inbound_id, event.status.value, event.dossier_id, event.confidence,
            event.reason, int(event.by_hand), event.actor, event.at,
        )  # fmt: skip
        guard = f" WHERE EXISTS ({only_if.sql})" if only_if else ""
        return Statement(
            "INSERT INTO mail_filings (id, cabinet_id, inbound_id, status, dossier_id, confidence, reason, by_hand,"
            f" actor, at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?{guard}",
            (*values, *(only_if.params if only_if else ())),
        )

    def mark_from_mail(self, document_id: str) -> Statement:
        """A document made from a mail attachment says so (`documents.source`)."""
        return Statement(
            "UPDATE documents SET source = 'courrier' WHERE cabinet_id = ? AND id = ?", (self._cabinet_id, document_id)
        )

    def refile_search_entry(self, inbound_id: str) -> Statement:
        """The message's search entry under the dossier its row names now (after a filing by hand)."""
        return Statement(
            "UPDATE search_entries SET dossier_id = (SELECT dossier_id FROM inbound_mail WHERE cabinet_id = ? AND"
            " id = ?) WHERE cabinet_id = ? AND kind = 'mail' AND subject_id = ?",
            (self._cabinet_id, inbound_id, self._cabinet_id, inbound_id),
        )

    def remember_sender(self, dossier_id: str, email: str, by: str, at: str) -> Statement:
        return Statement(
            "INSERT INTO dossier_senders (cabinet_id, dossier_id, email, remembered_by, remembered_at)"
            " SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM dossiers WHERE cabinet_id = ? AND id = ?)"
            " ON CONFLICT DO NOTHING",
            (self._cabinet_id, dossier_id, email.strip().lower(), by, at, self._cabinet_id, dossier_id),
        )

    def put_attachment(self, inbound_id: str, record: MailAttachmentRecord) -> Statement:
        """The attachment's row, replaced when the message is read again (a document once linked stays linked)."""
        return Statement(
            "INSERT INTO mail_attachments (cabinet_id, inbound_id, position, filename, content_type, size, sha256,"
            " document_id, duplicate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (cabinet_id, inbound_id,"
            " position) DO UPDATE SET filename = excluded.filename, content_type = excluded.content_type,"
            " size = excluded.size, sha256 = excluded.sha256,"
            " document_id = COALESCE(mail_attachments.document_id, excluded.document_id),"
            " duplicate = CASE WHEN mail_attachments.document_id IS NULL THEN excluded.duplicate"
            " ELSE mail_attachments.duplicate END",
            (self._cabinet_id, inbound_id, record.position, record.filename, record.content_type, record.size,
             record.sha256, record.document_id, int(record.duplicate)),
        )  # fmt: skip


def _candidates_json(candidates: tuple[Candidate, ...]) -> str:
    items = [{"dossier_id": c.dossier_id, "reference": c.reference, "confidence": c.confidence, "reason": c.reason}
             for c in candidates]  # fmt: skip
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))


def _candidates(raw: str) -> tuple[Candidate, ...]:
    return tuple(
        Candidate(str(item["dossier_id"]), float(item["confidence"]), str(item["reason"]),
                  str(item.get("reference", "")))
        for item in json.loads(raw or "[]")
    )  # fmt: skip


def filing_of(row: Row) -> MailFiling:
    return MailFiling(
        dossier_id=row["dossier_id"],
        dossier_reference=row["dossier_reference"],
        confidence=row["confidence"],
        reason=str(row["filing_reason"]),
        candidates=_candidates(str(row["candidates_json"])),
        filed_by=row["filed_by"],
        filed_at=row["filed_at"],
        by_hand=bool(row["filed_by_hand"]),
        quarantine_reason=str(row["quarantine_reason"]),
        thread_id=str(row["thread_id"]),
    )


def filed_mail_of(row: Row) -> FiledMail:
    reading = _reading(row) if row["read_status"] is not None else None
    return FiledMail(message_of(row), reading, filing_of(row))
