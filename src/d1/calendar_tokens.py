"""Calendar feeds (migrations/0010_alerts.sql): each person's one token, kept as its SHA-256 digest, and what the
feed lists — the deadlines still to do and the hearings planned in the dossiers its owner may see."""

from __future__ import annotations

from datetime import date

from d1.database import Database, Statement
from d1.dossier_access import visible_dossiers
from domain.actors import Actor
from domain.calendar_feed import FeedDeadline, FeedHearing


class CalendarTokens:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    def replace(self, person_id: str, token_digest: str, now: str) -> Statement:
        """The person's new token; the one it replaces stops working in the same write."""
        return Statement(
            "INSERT INTO calendar_tokens (cabinet_id, person_id, token_digest, created_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (cabinet_id, person_id) DO UPDATE SET token_digest = excluded.token_digest,"
            " created_at = excluded.created_at",
            (self._cabinet_id, person_id, token_digest, now),
        )

    def revoke(self, person_id: str) -> Statement:
        return Statement(
            "DELETE FROM calendar_tokens WHERE cabinet_id = ? AND person_id = ?", (self._cabinet_id, person_id)
        )

    async def feed_deadlines(self, actor: Actor, since: date) -> list[FeedDeadline]:
        """Deadlines still to do due from `since`, in the dossiers the actor may see."""
        seen = visible_dossiers(actor, self._cabinet_id, "x")
        rows = await self._db.all(
            "SELECT d.id, d.title, d.due_date, d.version, d.updated_at, x.reference AS dossier_reference FROM"
            " deadlines d JOIN dossiers x ON x.cabinet_id = d.cabinet_id AND x.id = d.dossier_id WHERE"
            f" d.cabinet_id = ? AND d.status = 'a_faire' AND d.due_date >= ? AND {seen.sql} ORDER BY d.due_date, d.id",
            self._cabinet_id, since.isoformat(), *seen.params,
        )  # fmt: skip
        return [FeedDeadline(str(r["id"]), str(r["title"]), date.fromisoformat(str(r["due_date"])),
                             str(r["dossier_reference"]), int(r["version"]), str(r["updated_at"]))
                for r in rows]  # fmt: skip

    async def feed_hearings(self, actor: Actor, since: date) -> list[FeedHearing]:
        """Hearings planned from `since`, in the dossiers the actor may see."""
        seen = visible_dossiers(actor, self._cabinet_id, "x")
        rows = await self._db.all(
            "SELECT h.id, h.date, h.time, h.court, h.chamber, h.hearing_type, h.version, h.updated_at,"
            " x.reference AS dossier_reference FROM hearings h JOIN dossiers x ON x.cabinet_id = h.cabinet_id AND"
            f" x.id = h.dossier_id WHERE h.cabinet_id = ? AND h.status = 'prevue' AND h.date >= ? AND {seen.sql}"
            " ORDER BY h.date, h.time, h.id",
            self._cabinet_id, since.isoformat(), *seen.params,
        )  # fmt: skip
        return [FeedHearing(str(r["id"]), date.fromisoformat(str(r["date"])), None if r["time"] is None else
                            str(r["time"]), str(r["court"]), str(r["chamber"]), str(r["hearing_type"]),
                            str(r["dossier_reference"]), int(r["version"]), str(r["updated_at"]))
                for r in rows]  # fmt: skip
