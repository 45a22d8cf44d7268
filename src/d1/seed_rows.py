"""Rows of clients, dossiers and documents written as they are, for `./poste seed`, `./poste demo`'s fixtures and the
bench: one INSERT per row with every column given, so the local adapter can run thousands of them as one prepared
statement (`SqliteDatabase.bulk_load`) and D1 as ordinary batches. The application's own writes go through the
feature repositories, which check what these take as given (numbering, conflicts, visibility).
"""

from __future__ import annotations

from collections.abc import Mapping

from d1.database import Database, SqlValue, Statement

# Every column each statement writes, in order; the cabinet's id is always the repository's.
COLUMNS: dict[str, tuple[str, ...]] = {
    "clients": ("id", "kind", "civility", "first_name", "last_name", "company_name", "siren", "display_name",
                "sort_name", "name_key", "addresses_json", "phones_json", "notes", "created_at", "updated_at"),
    "client_emails": ("client_id", "email"),
    "dossiers": ("id", "reference", "year", "number", "title", "matter_type", "status", "visibility",
                 "responsible_id", "jurisdiction", "opened_on", "closed_on", "created_at", "updated_at"),
    "dossier_clients": ("dossier_id", "client_id"),
    "dossier_team": ("dossier_id", "person_id"),
    "parties": ("id", "dossier_id", "role", "kind", "name", "siren", "name_key", "represents_id", "created_at"),
    "party_emails": ("party_id", "dossier_id", "email"),
    "court_references": ("id", "dossier_id", "kind", "value", "compact", "court", "created_at"),
    "documents": ("id", "dossier_id", "title", "current_version", "source", "created_by", "created_at",
                  "updated_at"),
    "document_versions": ("document_id", "version", "file_name", "blob_key", "size", "sha256", "content_type",
                          "declared_type", "text_status", "uploaded_by", "uploaded_at"),
    "document_tags": ("document_id", "tag"),
}  # fmt: skip


def _insert(table: str, cabinet_id: str, row: Mapping[str, SqlValue]) -> Statement:
    columns = COLUMNS[table]
    marks = ", ".join("?" * (len(columns) + 1))
    return Statement(
        f"INSERT INTO {table} (cabinet_id, {', '.join(columns)}) VALUES ({marks})",
        (cabinet_id, *(row[column] for column in columns)),
    )


class SeedRows:
    """One cabinet's rows, inserted as given."""

    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    def client(self, row: Mapping[str, SqlValue]) -> Statement:
        return _insert("clients", self._cabinet_id, row)

    def client_email(self, row: Mapping[str, SqlValue]) -> Statement:
        return _insert("client_emails", self._cabinet_id, row)

    def dossier(self, row: Mapping[str, SqlValue]) -> Statement:
        return _insert("dossiers", self._cabinet_id, row)

    def dossier_client(self, row: Mapping[str, SqlValue]) -> Statement:
        return _insert("dossier_clients", self._cabinet_id, row)

    def team_member(self, row: Mapping[str, SqlValue]) -> Statement:
        return _insert("dossier_team", self._cabinet_id, row)

    def party(self, row: Mapping[str, SqlValue]) -> Statement:
        return _insert("parties", self._cabinet_id, row)

    def party_email(self, row: Mapping[str, SqlValue]) -> Statement:
        return _insert("party_emails", self._cabinet_id, row)

    def court_reference(self, row: Mapping[str, SqlValue]) -> Statement:
        return _insert("court_references", self._cabinet_id, row)

    def document(self, row: Mapping[str, SqlValue]) -> Statement:
        return _insert("documents", self._cabinet_id, row)

    def document_version(self, row: Mapping[str, SqlValue]) -> Statement:
        return _insert("document_versions", self._cabinet_id, row)

    def document_tag(self, row: Mapping[str, SqlValue]) -> Statement:
        return _insert("document_tags", self._cabinet_id, row)

    def dossier_numbers(self, year: int, last_number: int) -> Statement:
        """The year's counter, so that the next dossier created through the API follows the seeded ones."""
        return Statement(
            "INSERT INTO dossier_numbers (cabinet_id, year, last_number) VALUES (?, ?, ?) ON CONFLICT (cabinet_id,"
            " year) DO UPDATE SET last_number = MAX(last_number, excluded.last_number)",
            (self._cabinet_id, year, last_number),
        )

    def file_mail(self, inbound_id: str, dossier_id: str) -> Statement:
        return Statement(
            "UPDATE inbound_mail SET dossier_id = ? WHERE cabinet_id = ? AND id = ?",
            (dossier_id, self._cabinet_id, inbound_id),
        )

    async def counts(self) -> dict[str, int]:
        """How many rows of each seeded table the cabinet holds (one query)."""
        row = await self._db.first(
            "SELECT (SELECT COUNT(*) FROM clients WHERE cabinet_id = ?1) AS clients,"
            " (SELECT COUNT(*) FROM dossiers WHERE cabinet_id = ?1) AS dossiers,"
            " (SELECT COUNT(*) FROM parties WHERE cabinet_id = ?1) AS parties,"
            " (SELECT COUNT(*) FROM court_references WHERE cabinet_id = ?1) AS court_references,"
            " (SELECT COUNT(*) FROM documents WHERE cabinet_id = ?1) AS documents,"
            " (SELECT COUNT(*) FROM inbound_mail WHERE cabinet_id = ?1) AS mails,"
            " (SELECT COUNT(*) FROM inbound_mail WHERE cabinet_id = ?1 AND dossier_id IS NOT NULL) AS filed_mails,"
            " (SELECT COUNT(*) FROM search_entries WHERE cabinet_id = ?1) AS search_entries",
            self._cabinet_id,
        )
        return {name: int(value) for name, value in (row or {}).items()}
