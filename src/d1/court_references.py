"""The court references of a dossier, in their canonical form and a compact one for lookups whatever the
punctuation (a mail's `24-01234` finds the dossier of RG `24/01234`)."""

from __future__ import annotations

from d1.database import Database, Row, Statement
from domain.dossiers import CourtReference, ReferenceKind
from domain.search_text import compact_reference

COLUMNS = "id, cabinet_id, dossier_id, kind, value, court, created_at"


class CourtReferences:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    async def get(self, dossier_id: str, reference_id: str) -> CourtReference | None:
        row = await self._db.first(
            f"SELECT {COLUMNS} FROM court_references WHERE cabinet_id = ? AND dossier_id = ? AND id = ?",
            self._cabinet_id,
            dossier_id,
            reference_id,
        )
        return reference_of(row) if row else None

    async def dossiers_with(self, reference: str) -> list[str]:
        """The ids of the dossiers holding this reference, in any punctuation."""
        rows = await self._db.all(
            "SELECT DISTINCT dossier_id FROM court_references WHERE cabinet_id = ? AND compact = ? ORDER BY dossier_id",
            self._cabinet_id,
            compact_reference(reference),
        )
        return [str(row["dossier_id"]) for row in rows]

    def insert(self, reference: CourtReference) -> Statement:
        """Refused by the database (ConstraintViolation) when the dossier already holds this reference."""
        if reference.cabinet_id != self._cabinet_id:
            raise ValueError("a reference belongs to the cabinet the repository is bound to")
        return Statement(
            "INSERT INTO court_references (id, cabinet_id, dossier_id, kind, value, compact, court, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (reference.id, self._cabinet_id, reference.dossier_id, reference.kind.value, reference.value,
             reference.compact, reference.court, reference.created_at),
        )  # fmt: skip

    def remove(self, dossier_id: str, reference_id: str) -> Statement:
        return Statement(
            "DELETE FROM court_references WHERE cabinet_id = ? AND dossier_id = ? AND id = ?",
            (self._cabinet_id, dossier_id, reference_id),
        )


def reference_of(row: Row) -> CourtReference:
    return CourtReference(str(row["id"]), str(row["cabinet_id"]), str(row["dossier_id"]),
                          ReferenceKind(str(row["kind"])), str(row["value"]), str(row["created_at"]),
                          str(row["court"]))  # fmt: skip
