"""A cabinet's documents, their versions and tags (migration 0005). Reads see only what the actor may see (the
document's dossier through d1/dossier_access) and never a deleted document; writes are statements the service
commits with its audit row."""

from __future__ import annotations

import json
from dataclasses import dataclass

from d1.database import Database, Row, SqlValue, Statement
from d1.dossier_access import visible_dossier_id
from domain.actors import Actor
from domain.documents import Document, DocumentVersion, TextStatus

_VERSION_COLUMNS = (
    "v.document_id, v.version, v.file_name, v.blob_key, v.size, v.sha256, v.content_type, v.declared_type,"
    " v.text_status, v.uploaded_by, v.uploaded_at"
)
_DOCUMENT_COLUMNS = (
    "d.id, d.cabinet_id, d.dossier_id, d.title, d.created_by, d.created_at, d.updated_at, d.deleted_at,"
    " (SELECT json_group_array(tag) FROM (SELECT t.tag FROM document_tags t WHERE t.cabinet_id = d.cabinet_id"
    f" AND t.document_id = d.id ORDER BY t.tag)) AS tags_json, {_VERSION_COLUMNS}"
)
_FROM = (
    "FROM documents d JOIN document_versions v ON v.cabinet_id = d.cabinet_id AND v.document_id = d.id"
    " AND v.version = d.current_version"
)
# The guard of the rows that hang off a document (params: cabinet id, document id)
_LIVE_DOCUMENT = "EXISTS (SELECT 1 FROM documents WHERE cabinet_id = ? AND id = ? AND deleted_at IS NULL)"
_ORDER = {
    "-created_at": ("d.created_at DESC, d.id DESC", "(d.created_at < ? OR (d.created_at = ? AND d.id < ?))"),
    "title": ("d.title, d.id", "(d.title > ? OR (d.title = ? AND d.id > ?))"),
}


@dataclass(frozen=True)
class DocumentFilter:
    dossier_id: str | None = None
    tag: str | None = None


@dataclass(frozen=True)
class StoredVersion:
    """Where a version's bytes already are (a same sha256 in the cabinet), for deduplication."""

    document_id: str
    version: int
    blob_key: str


class Documents:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    # --- reads

    async def get(self, actor: Actor, document_id: str) -> Document | None:
        seen = visible_dossier_id(actor, self._cabinet_id, "d.dossier_id")
        row = await self._db.first(
            f"SELECT {_DOCUMENT_COLUMNS} {_FROM} WHERE d.cabinet_id = ? AND d.id = ? AND d.deleted_at IS NULL"
            f" AND {seen.sql}",
            self._cabinet_id,
            document_id,
            *seen.params,
        )
        return _document(row) if row else None

    async def with_versions(self, actor: Actor, document_id: str) -> tuple[Document, list[DocumentVersion]] | None:
        """A document the actor may see and every version of it, newest first, in one round trip (a batch of two
        reads: the versions are returned only when the document is)."""
        seen = visible_dossier_id(actor, self._cabinet_id, "d.dossier_id")
        document, versions = await self._db.batch([
            Statement(
                f"SELECT {_DOCUMENT_COLUMNS} {_FROM} WHERE d.cabinet_id = ? AND d.id = ? AND d.deleted_at IS NULL"
                f" AND {seen.sql}",
                (self._cabinet_id, document_id, *seen.params),
            ),
            Statement(
                f"SELECT {_VERSION_COLUMNS} FROM document_versions v WHERE v.cabinet_id = ? AND v.document_id = ?"
                " ORDER BY v.version DESC",
                (self._cabinet_id, document_id),
            ),
        ])  # fmt: skip
        if not document.rows:
            return None
        return _document(document.rows[0]), [_version(row) for row in versions.rows]

    async def versions(self, document_id: str) -> list[DocumentVersion]:
        """Every version of a document, the newest first (the caller has checked the actor may see it)."""
        rows = await self._db.all(
            f"SELECT {_VERSION_COLUMNS} FROM document_versions v WHERE v.cabinet_id = ? AND v.document_id = ?"
            " ORDER BY v.version DESC",
            self._cabinet_id,
            document_id,
        )
        return [_version(row) for row in rows]

    async def page(
        self, actor: Actor, where: DocumentFilter, sort: str, limit: int, after: tuple[str, str] | None
    ) -> list[Document]:
        """At most `limit + 1` documents in `sort` order after the cursor's keys (the extra one says whether a
        next page exists), keyset-paginated."""
        order, past = _ORDER[sort]
        seen = visible_dossier_id(actor, self._cabinet_id, "d.dossier_id")
        conditions = ["d.cabinet_id = ?", "d.deleted_at IS NULL", seen.sql]
        params: list[SqlValue] = [self._cabinet_id, *seen.params]
        if where.dossier_id is not None:
            conditions.append("d.dossier_id = ?")
            params.append(where.dossier_id)
        if where.tag is not None:
            conditions.append("EXISTS (SELECT 1 FROM document_tags g WHERE g.cabinet_id = d.cabinet_id"
                              " AND g.document_id = d.id AND g.tag = ?)")  # fmt: skip
            params.append(where.tag)
        if after is not None:
            conditions.append(past)
            params += [after[0], after[0], after[1]]
        rows = await self._db.all(
            f"SELECT {_DOCUMENT_COLUMNS} {_FROM} WHERE {' AND '.join(conditions)} ORDER BY {order} LIMIT ?",
            *params,
            limit + 1,
        )
        return [_document(row) for row in rows]

    async def by_sha256(self, sha256: str) -> list[StoredVersion]:
        """Versions of the cabinet's documents (deleted ones included) whose bytes have this digest."""
        rows = await self._db.all(
            "SELECT document_id, version, blob_key FROM document_versions WHERE cabinet_id = ? AND sha256 = ?"
            " ORDER BY document_id, version",
            self._cabinet_id,
            sha256,
        )
        return [StoredVersion(str(r["document_id"]), int(r["version"]), str(r["blob_key"])) for r in rows]

    # --- writes

    def insert(self, document: Document) -> list[Statement]:
        """The document, its first version and its tags, only while its dossier (if any) exists (an erasure or a
        purge may have removed it while the file was being streamed): the first statement then inserts nothing,
        and neither do the others (they need the document)."""
        if document.cabinet_id != self._cabinet_id:
            raise ValueError("a document belongs to the cabinet the repository is bound to")
        return [
            Statement(
                "INSERT INTO documents (id, cabinet_id, dossier_id, title, current_version, created_by, created_at,"
                " updated_at) SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE ? IS NULL OR EXISTS (SELECT 1 FROM dossiers"
                " WHERE cabinet_id = ? AND id = ?)",
                (*self._document_values(document), document.dossier_id, self._cabinet_id, document.dossier_id),
            ),
            self._insert_version(document.current),
            *self.set_tags(document.id, document.tags),
        ]

    def _document_values(self, document: Document) -> tuple[SqlValue, ...]:
        return (document.id, self._cabinet_id, document.dossier_id, document.title, document.current.version,
                document.created_by, document.created_at, document.updated_at)  # fmt: skip

    def add_version(self, version: DocumentVersion) -> list[Statement]:
        """A new current version; the version row's primary key refuses a number another upload took first, and
        the first statement inserts nothing when the document is gone or deleted meanwhile."""
        return [
            self._insert_version(version),
            Statement(
                "UPDATE documents SET current_version = ?, updated_at = ? WHERE cabinet_id = ? AND id = ?"
                " AND deleted_at IS NULL",
                (version.version, version.uploaded_at, self._cabinet_id, version.document_id),
            ),
        ]

    def _insert_version(self, version: DocumentVersion) -> Statement:
        return Statement(
            "INSERT INTO document_versions (cabinet_id, document_id, version, file_name, blob_key, size, sha256,"
            " content_type, declared_type, text_status, uploaded_by, uploaded_at)"
            f" SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE {_LIVE_DOCUMENT}",
            (self._cabinet_id, version.document_id, version.version, version.file_name, version.blob_key,
             version.size, version.sha256, version.content_type, version.declared_type, version.text_status.value,
             version.uploaded_by, version.uploaded_at, self._cabinet_id, version.document_id),
        )  # fmt: skip

    def recorded(self, version: DocumentVersion) -> Statement:
        """A SELECT finding this very upload's version row (its own blob key): the audit row's condition."""
        return Statement(
            "SELECT 1 FROM document_versions WHERE cabinet_id = ? AND document_id = ? AND version = ? AND blob_key = ?",
            (self._cabinet_id, version.document_id, version.version, version.blob_key),
        )

    def set_tags(self, document_id: str, tags: tuple[str, ...]) -> list[Statement]:
        statements = [
            Statement(
                "DELETE FROM document_tags WHERE cabinet_id = ? AND document_id = ?", (self._cabinet_id, document_id)
            )
        ]
        statements += [
            Statement(
                f"INSERT INTO document_tags (cabinet_id, document_id, tag) SELECT ?, ?, ? WHERE {_LIVE_DOCUMENT}",
                (self._cabinet_id, document_id, tag, self._cabinet_id, document_id),
            )
            for tag in tags
        ]
        return statements

    def set_title(self, document_id: str, title: str, now: str) -> Statement:
        return Statement(
            "UPDATE documents SET title = ?, updated_at = ? WHERE cabinet_id = ? AND id = ? AND deleted_at IS NULL",
            (title, now, self._cabinet_id, document_id),
        )

    def soft_delete(self, document_id: str, deleted_by: str, now: str) -> Statement:
        return Statement(
            "UPDATE documents SET deleted_at = ?, deleted_by = ?, updated_at = ? WHERE cabinet_id = ? AND id = ?"
            " AND deleted_at IS NULL",
            (now, deleted_by, now, self._cabinet_id, document_id),
        )

    def deleted_by(self, document_id: str, deleted_by: str, now: str) -> Statement:
        """A SELECT finding the document when this deletion is the one that happened (the audit row's condition)."""
        return Statement(
            "SELECT 1 FROM documents WHERE cabinet_id = ? AND id = ? AND deleted_at = ? AND deleted_by = ?",
            (self._cabinet_id, document_id, now, deleted_by),
        )

    def set_text_status(self, document_id: str, version: int, status: TextStatus) -> Statement:
        return Statement(
            "UPDATE document_versions SET text_status = ? WHERE cabinet_id = ? AND document_id = ? AND version = ?",
            (status.value, self._cabinet_id, document_id, version),
        )

    def retitle_search_entry(self, document_id: str, title: str) -> Statement:
        """The document's search entry (when its text is indexed) follows a new title."""
        return Statement(
            "UPDATE search_entries SET title = ? WHERE cabinet_id = ? AND kind = 'document' AND subject_id = ?",
            (title, self._cabinet_id, document_id),
        )

    def text_current(self, document_id: str, version: int) -> Statement:
        """A SELECT finding the document when it is not deleted and `version` is still its current one: the
        condition of a text job's search entry (a late job must not index what is gone, nor overwrite the entry
        of a newer version)."""
        return Statement(
            "SELECT 1 FROM documents WHERE cabinet_id = ? AND id = ? AND deleted_at IS NULL AND current_version = ?",
            (self._cabinet_id, document_id, version),
        )


def _version(row: Row) -> DocumentVersion:
    return DocumentVersion(
        document_id=str(row["document_id"]),
        version=int(row["version"]),
        file_name=str(row["file_name"]),
        blob_key=str(row["blob_key"]),
        size=int(row["size"]),
        sha256=str(row["sha256"]),
        content_type=str(row["content_type"]),
        declared_type=str(row["declared_type"]),
        text_status=TextStatus(row["text_status"]),
        uploaded_by=str(row["uploaded_by"]),
        uploaded_at=str(row["uploaded_at"]),
    )


def _document(row: Row) -> Document:
    return Document(
        id=str(row["id"]),
        cabinet_id=str(row["cabinet_id"]),
        dossier_id=row["dossier_id"],
        title=str(row["title"]),
        tags=tuple(json.loads(row["tags_json"] or "[]")),
        current=_version(row),
        created_by=str(row["created_by"]),
        created_at=str(row["created_at"]),
        updated_at=str(row["updated_at"]),
        deleted_at=row["deleted_at"],
    )
