"""Everything one cabinet holds about one client, read for the RGPD export and erasure (domain/rgpd.py): the client
and their addresses, their dossiers with what is filed in them (parties, references, team, conflict checks,
documents and their versions, mail), their erasure request, and the audit entries about any of them.

Rows are returned as stored (column -> value): the export gives the data as the cabinet holds it, not as today's
API shows it. Every query filters on the bound cabinet and reads through an index that starts with it.
"""

from __future__ import annotations

from collections.abc import Sequence

from d1.audit import COLUMNS as AUDIT_COLUMNS
from d1.audit import _entry as audit_entry
from d1.database import Database, Row
from domain.audit import AuditEntry
from domain.rgpd import ClientFile, DocumentFile, DossierFile, DossierTerm, MailFile

_OF_DOSSIER_DOCUMENTS = (
    "cabinet_id = ? AND document_id IN (SELECT id FROM documents WHERE cabinet_id = ? AND dossier_id = ?)"
)
IN_CHUNK = 90  # ids bound per IN (…) list: D1 allows 100 parameters a statement
_DOSSIER_TERM = (
    "SELECT d.id, d.reference, d.status, d.closed_on, (SELECT COUNT(*) FROM dossier_clients o WHERE o.cabinet_id ="
    " d.cabinet_id AND o.dossier_id = d.id AND o.client_id <> ?) AS other_clients FROM dossier_clients dc JOIN"
    " dossiers d ON d.cabinet_id = dc.cabinet_id AND d.id = dc.dossier_id WHERE dc.cabinet_id = ? AND"
    " dc.client_id = ? ORDER BY d.reference"
)


def chunks(ids: Sequence[str]) -> list[Sequence[str]]:
    return [ids[start : start + IN_CHUNK] for start in range(0, len(ids), IN_CHUNK)]


def marks(ids: Sequence[object]) -> str:
    return ", ".join("?" for _ in ids)


class ClientRecords:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    async def client(self, client_id: str) -> ClientFile | None:
        """The client and their addresses alone (what every RGPD use case checks first)."""
        row = await self._db.first("SELECT * FROM clients WHERE cabinet_id = ? AND id = ?", self._cabinet_id, client_id)
        if row is None:
            return None
        emails = await self._db.all(
            "SELECT email FROM client_emails WHERE cabinet_id = ? AND client_id = ? ORDER BY email",
            self._cabinet_id,
            client_id,
        )
        return ClientFile(row, tuple(str(email["email"]) for email in emails))

    async def dossier_terms(self, client_id: str) -> list[DossierTerm]:
        """The client's dossiers as retention sees them, with how many other clients share each."""
        rows = await self._db.all(_DOSSIER_TERM, client_id, self._cabinet_id, client_id)
        return [_term(row) for row in rows]

    async def erasure_request(self, client_id: str) -> Row | None:
        return await self._db.first(
            "SELECT * FROM erasure_requests WHERE cabinet_id = ? AND client_id = ?", self._cabinet_id, client_id
        )

    async def dossier_file(self, dossier_id: str) -> DossierFile | None:
        dossier = await self._db.first(
            "SELECT * FROM dossiers WHERE cabinet_id = ? AND id = ?", self._cabinet_id, dossier_id
        )
        if dossier is None:
            return None
        team = await self._of_dossier("dossier_team", dossier_id, "person_id")
        return DossierFile(
            dossier=dossier,
            clients=tuple(await self._dossier_clients(dossier_id)),
            parties=tuple(await self._parties(dossier_id)),
            court_references=tuple(await self._of_dossier("court_references", dossier_id, "kind, value")),
            team=tuple(str(row["person_id"]) for row in team),
            conflict_checks=tuple(await self._of_dossier("conflict_checks", dossier_id, "checked_at, id")),
            documents=tuple(await self._documents(dossier_id)),
            mail=tuple(await self._mail(dossier_id)),
        )

    async def audit_about(self, subjects: Sequence[str]) -> list[AuditEntry]:
        """The audit entries whose subject is one of these ids, oldest first."""
        entries: list[AuditEntry] = []
        for part in chunks(subjects):
            rows = await self._db.all(
                f"SELECT {AUDIT_COLUMNS} FROM audit_log WHERE cabinet_id = ? AND subject IN ({marks(part)})",
                self._cabinet_id,
                *part,
            )
            entries += [audit_entry(row) for row in rows]
        return sorted(entries, key=lambda entry: (entry.at, entry.id))

    async def _of_dossier(self, table: str, dossier_id: str, order: str) -> list[Row]:
        # `table` and `order` are this module's constants, never input.
        return await self._db.all(
            f"SELECT * FROM {table} WHERE cabinet_id = ? AND dossier_id = ? ORDER BY {order}",
            self._cabinet_id,
            dossier_id,
        )

    async def _dossier_clients(self, dossier_id: str) -> list[Row]:
        return await self._db.all(
            "SELECT c.id, c.display_name FROM dossier_clients dc JOIN clients c ON c.cabinet_id = dc.cabinet_id AND"
            " c.id = dc.client_id WHERE dc.cabinet_id = ? AND dc.dossier_id = ? ORDER BY c.sort_name, c.id",
            self._cabinet_id,
            dossier_id,
        )

    async def _parties(self, dossier_id: str) -> list[Row]:
        parties = await self._of_dossier("parties", dossier_id, "role, name, id")
        emails = await self._of_dossier("party_emails", dossier_id, "party_id, email")
        return [
            {**party, "emails": [row["email"] for row in emails if row["party_id"] == party["id"]]} for party in parties
        ]

    async def _documents(self, dossier_id: str) -> list[DocumentFile]:
        """Three queries per dossier whatever its documents (Workers count every query of an invocation)."""
        documents = await self._of_dossier("documents", dossier_id, "created_at, id")
        versions = await self._db.all(
            f"SELECT * FROM document_versions WHERE {_OF_DOSSIER_DOCUMENTS} ORDER BY document_id, version",
            self._cabinet_id,
            self._cabinet_id,
            dossier_id,
        )
        tags = await self._db.all(
            f"SELECT document_id, tag FROM document_tags WHERE {_OF_DOSSIER_DOCUMENTS} ORDER BY document_id, tag",
            self._cabinet_id,
            self._cabinet_id,
            dossier_id,
        )
        return [
            DocumentFile(
                document,
                tuple(version for version in versions if version["document_id"] == document["id"]),
                tuple(str(tag["tag"]) for tag in tags if tag["document_id"] == document["id"]),
            )
            for document in documents
        ]

    async def _mail(self, dossier_id: str) -> list[MailFile]:
        rows = await self._db.all(
            "SELECT m.id, m.mail_from, m.recipient, m.size, m.sha256, m.status, m.received_at, r.subject, r.sender,"
            " r.sent_at, r.message_id, r.attachments_json, r.facts_json, r.read_at FROM inbound_mail m LEFT JOIN"
            " mail_readings r ON r.cabinet_id = m.cabinet_id AND r.inbound_id = m.id WHERE m.cabinet_id = ? AND"
            " m.dossier_id = ? ORDER BY m.received_at, m.id",
            self._cabinet_id,
            dossier_id,
        )
        mail_columns = ("id", "mail_from", "recipient", "size", "sha256", "status", "received_at")
        return [
            MailFile(
                {column: row[column] for column in mail_columns},
                {column: value for column, value in row.items() if column not in mail_columns}
                if row["read_at"] is not None
                else None,
            )
            for row in rows
        ]


def _term(row: Row) -> DossierTerm:
    return DossierTerm(
        id=str(row["id"]),
        reference=str(row["reference"]),
        status=str(row["status"]),
        closed_on=row["closed_on"],
        other_clients=int(row["other_clients"]),
    )
