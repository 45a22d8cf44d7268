"""A cabinet's hearings (migrations/0008_echeances.sql), read with their dossier and filtered in SQL by what the actor
may see. Writes are guarded by the row's version, as deadlines'."""

from __future__ import annotations

from d1.database import Database, Row, SqlValue, Statement
from d1.dossier_access import visible_dossiers
from domain.actors import Actor
from domain.echeances import DossierRef, Hearing, HearingStatus, HearingView, Source
from domain.pages import CursorKey

COLUMNS = (
    "h.id, h.cabinet_id, h.dossier_id, h.date, h.time, h.court, h.chamber, h.hearing_type, h.status, h.replaced_by,"
    " h.source, h.source_id, h.quote, h.notes, h.version, h.created_by, h.created_at, h.updated_at"
)
VIEW = (
    f"SELECT {COLUMNS}, d.reference AS dossier_reference, d.title AS dossier_title, d.responsible_id AS"
    " dossier_responsible_id FROM hearings h JOIN dossiers d ON d.cabinet_id = h.cabinet_id AND d.id = h.dossier_id"
)


def _text(row: Row, name: str) -> str | None:
    value = row[name]
    return None if value is None else str(value)


def hearing_of(row: Row) -> Hearing:
    return Hearing(
        id=str(row["id"]), cabinet_id=str(row["cabinet_id"]), dossier_id=str(row["dossier_id"]),
        date=str(row["date"]), time=_text(row, "time"), court=str(row["court"]), chamber=str(row["chamber"]),
        hearing_type=str(row["hearing_type"]), status=HearingStatus(str(row["status"])),
        replaced_by=_text(row, "replaced_by"), source=Source(str(row["source"])), source_id=_text(row, "source_id"),
        quote=str(row["quote"]), notes=str(row["notes"]), version=int(str(row["version"])),
        created_by=str(row["created_by"]), created_at=str(row["created_at"]), updated_at=str(row["updated_at"]),
    )  # fmt: skip


def view_of(row: Row) -> HearingView:
    dossier = DossierRef(str(row["dossier_id"]), str(row["dossier_reference"]), str(row["dossier_title"]),
                         _text(row, "dossier_responsible_id"))  # fmt: skip
    return HearingView(hearing_of(row), dossier)


def _values(h: Hearing) -> tuple[SqlValue, ...]:
    return (h.date, h.time, h.court, h.chamber, h.hearing_type, h.status.value, h.replaced_by, h.notes)


class Hearings:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    async def get(self, actor: Actor, hearing_id: str) -> HearingView | None:
        seen = visible_dossiers(actor, self._cabinet_id)
        row = await self._db.first(
            f"{VIEW} WHERE h.cabinet_id = ? AND h.id = ? AND {seen.sql}", self._cabinet_id, hearing_id, *seen.params
        )
        return view_of(row) if row else None

    async def page(
        self, actor: Actor, *, filters: dict[str, str | None], statuses: tuple[str, ...], limit: int,
        after: CursorKey | None,
    ) -> list[HearingView]:  # fmt: skip
        """`limit + 1` hearings the actor may see, by date. Filters: dossier_id, from, to."""
        seen = visible_dossiers(actor, self._cabinet_id)
        where, values = "", []
        for name, clause in (("dossier_id", " AND h.dossier_id = ?"), ("from", " AND h.date >= ?"),
                             ("to", " AND h.date <= ?")):  # fmt: skip
            if filters.get(name):
                where += clause
                values.append(filters[name])
        keyset, keys = ("", ()) if after is None else (
            " AND (h.date > ? OR (h.date = ? AND h.id > ?))", (after[0], after[0], after[1]))  # fmt: skip
        marks = ", ".join("?" for _ in statuses)
        rows = await self._db.all(
            f"{VIEW} WHERE h.cabinet_id = ? AND h.status IN ({marks}){where}{keyset} AND {seen.sql}"
            " ORDER BY h.date, h.id LIMIT ?",
            self._cabinet_id, *statuses, *values, *keys, *seen.params, limit + 1,
        )  # fmt: skip
        return [view_of(row) for row in rows]

    async def suggestions(self, actor: Actor, limit: int) -> list[HearingView]:
        seen = visible_dossiers(actor, self._cabinet_id)
        rows = await self._db.all(
            f"{VIEW} WHERE h.cabinet_id = ? AND h.status = 'suggeree' AND {seen.sql}"
            " ORDER BY h.created_at DESC, h.id DESC LIMIT ?",
            self._cabinet_id, *seen.params, limit,
        )  # fmt: skip
        return [view_of(row) for row in rows]

    async def of_dossier(self, dossier_id: str) -> list[Hearing]:
        """The dossier's hearings still standing (suggested or planned), by date: what a moved hearing replaces."""
        rows = await self._db.all(
            f"SELECT {COLUMNS} FROM hearings h WHERE h.cabinet_id = ? AND h.dossier_id = ?"
            " AND h.status IN ('suggeree', 'prevue') ORDER BY h.date, h.id LIMIT 500",
            self._cabinet_id,
            dossier_id,
        )
        return [hearing_of(row) for row in rows]

    async def replaced(self, dossier_id: str, hearing_id: str) -> list[Hearing]:
        """The dossier's hearings that a renvoi replaced by this one."""
        rows = await self._db.all(
            f"SELECT {COLUMNS} FROM hearings h WHERE h.cabinet_id = ? AND h.dossier_id = ? AND h.replaced_by = ?"
            " ORDER BY h.id LIMIT 100",
            self._cabinet_id, dossier_id, hearing_id,
        )  # fmt: skip
        return [hearing_of(row) for row in rows]

    async def of_source(self, source_id: str) -> list[Hearing]:
        """What was suggested from one mail or dictation (a job that runs twice suggests once)."""
        rows = await self._db.all(
            f"SELECT {COLUMNS} FROM hearings h WHERE h.cabinet_id = ? AND h.source_id = ? ORDER BY h.id",
            self._cabinet_id,
            source_id,
        )
        return [hearing_of(row) for row in rows]

    def insert(self, h: Hearing) -> Statement:
        return Statement(
            "INSERT INTO hearings (date, time, court, chamber, hearing_type, status, replaced_by, notes, id,"
            " cabinet_id, dossier_id, source, source_id, quote, version, created_by, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*_values(h), h.id, self._cabinet_id, h.dossier_id, h.source.value, h.source_id, h.quote, h.version,
             h.created_by, h.created_at, h.updated_at),
        )  # fmt: skip

    def update(self, h: Hearing, expected_version: int) -> Statement:
        return Statement(
            "UPDATE hearings SET date = ?, time = ?, court = ?, chamber = ?, hearing_type = ?, status = ?,"
            " replaced_by = ?, notes = ?, version = ?, updated_at = ? WHERE cabinet_id = ? AND id = ? AND version = ?",
            (*_values(h), h.version, h.updated_at, self._cabinet_id, h.id, expected_version),
        )
