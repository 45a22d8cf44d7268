"""Writes to the full-text index (migration 0005, `search_entries` and its FTS5 index `search_index`): one entry per
indexed object, replaced when the object changes, removed with it. Every feature that owns searchable text adds its
entry in the same batch as the change (d1/search.py reads the index)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from d1.database import Database, SqlValue, Statement
from domain.search_text import reference_variants

MAX_BODY_CHARS = 200_000  # a document's text beyond this is not indexed (D1 rows stay well under their 2 MB limit)


class SearchKind(StrEnum):
    CLIENT = "client"
    DOSSIER = "dossier"
    PARTY = "partie"
    MAIL = "mail"
    DOCUMENT = "document"


@dataclass(frozen=True)
class SearchEntry:
    kind: SearchKind
    subject_id: str
    dossier_id: str | None
    title: str
    body: str = ""
    references: tuple[str, ...] = ()


def tenant_token(cabinet_id: str) -> str:
    """The one token naming a cabinet in the index's `tenant` column (ids are base32: one unicode61 token)."""
    return f"t{cabinet_id}".lower()


class SearchIndex:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    def put(self, entry: SearchEntry, now: str, only_if: Statement | None = None) -> Statement:
        """The entry; with `only_if` (a SELECT), written only when that SELECT finds a row when the batch runs (a
        late job must not index what is gone, nor overwrite a newer entry)."""
        return self._upsert(entry, now, "?", (entry.dossier_id,), only_if)

    def put_mail(self, entry: SearchEntry, now: str) -> Statement:
        """A message's entry, filed under the dossier its `inbound_mail` row names when the batch runs (not when the
        entry was built): a message filed while it was being read is not left searchable outside its dossier."""
        dossier = "(SELECT m.dossier_id FROM inbound_mail m WHERE m.cabinet_id = ? AND m.id = ?)"
        return self._upsert(entry, now, dossier, (self._cabinet_id, entry.subject_id), None)

    def _upsert(
        self, entry: SearchEntry, now: str, dossier_sql: str, dossier: tuple[SqlValue, ...], only_if: Statement | None
    ) -> Statement:
        refs = " ".join(variant for reference in entry.references for variant in reference_variants(reference))
        values = f"?, ?, ?, {dossier_sql}, ?, ?, ?, ?, ?"
        # A guarded row is INSERT ... SELECT ... WHERE (the WHERE keeps SQLite from reading ON CONFLICT as a join's)
        source = f"SELECT {values} WHERE EXISTS ({only_if.sql})" if only_if else f"VALUES ({values})"
        return Statement(
            "INSERT INTO search_entries (cabinet_id, kind, subject_id, dossier_id, tenant, title, body, refs,"
            f" updated_at) {source} ON CONFLICT (cabinet_id, kind, subject_id)"
            " DO UPDATE SET dossier_id = excluded.dossier_id, title = excluded.title, body = excluded.body,"
            " refs = excluded.refs, updated_at = excluded.updated_at",
            (
                self._cabinet_id,
                entry.kind.value,
                entry.subject_id,
                *dossier,
                tenant_token(self._cabinet_id),
                entry.title,
                entry.body[:MAX_BODY_CHARS],
                refs,
                now,
                *(only_if.params if only_if else ()),
            ),
        )

    def remove(self, kind: SearchKind, subject_id: str) -> Statement:
        return Statement(
            "DELETE FROM search_entries WHERE cabinet_id = ? AND kind = ? AND subject_id = ?",
            (self._cabinet_id, kind.value, subject_id),
        )

    def remove_dossier(self, dossier_id: str) -> Statement:
        """Every entry filed under a dossier (its parties, documents and mail), for erasure."""
        return Statement(
            "DELETE FROM search_entries WHERE cabinet_id = ? AND dossier_id = ?", (self._cabinet_id, dossier_id)
        )

    async def count(self) -> int:
        row = await self._db.first("SELECT COUNT(*) AS n FROM search_entries WHERE cabinet_id = ?", self._cabinet_id)
        return int(row["n"]) if row else 0
