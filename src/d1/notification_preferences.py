"""What each person wants of each notification type (migrations/0011_notification_preferences.sql): pushed live,
listed in the morning digest. No row: both on."""

from __future__ import annotations

from d1.database import Database, Statement
from domain.notifications import NotificationType, Preference


class NotificationPreferences:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    async def of_person(self, person_id: str) -> list[Preference]:
        """Every type, in the order of `NotificationType`, with the person's choice or the default (both on)."""
        rows = await self._db.all(
            "SELECT type, live, digest FROM notification_preferences WHERE cabinet_id = ? AND person_id = ?",
            self._cabinet_id,
            person_id,
        )
        chosen = {str(row["type"]): (bool(row["live"]), bool(row["digest"])) for row in rows}
        return [Preference(kind, *chosen.get(kind.value, (True, True))) for kind in NotificationType]

    def put(self, person_id: str, preference: Preference, at: str) -> Statement:
        return Statement(
            "INSERT INTO notification_preferences (cabinet_id, person_id, type, live, digest, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (cabinet_id, person_id, type) DO UPDATE SET live = excluded.live,"
            " digest = excluded.digest, updated_at = excluded.updated_at",
            (self._cabinet_id, person_id, preference.type.value, int(preference.live), int(preference.digest), at),
        )
