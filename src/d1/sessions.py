"""The index of open sessions (the tokens live in KV under their digests): listed in "mes sessions", checked on
every request so that a revocation holds at once everywhere."""

from __future__ import annotations

from d1.database import Database, Row, Statement
from domain.actors import Role
from domain.sessions import LiveSession, SessionRecord

COLUMNS = "id, cabinet_id, person_id, role, created_at, last_seen_at, expires_at, user_agent, client_ip"
_PREFIXED = ", ".join(f"s.{column}" for column in COLUMNS.split(", "))


class SessionRecords:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    def insert(self, record: SessionRecord) -> Statement:
        return Statement(f"INSERT INTO sessions ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", self._values(record))

    def insert_if(self, record: SessionRecord, condition: Statement) -> Statement:
        """The insert, made only when `condition` (a SELECT) finds a row."""
        return Statement(
            f"INSERT INTO sessions ({COLUMNS}) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS ({condition.sql})",
            (*self._values(record), *condition.params),
        )

    def _values(self, record: SessionRecord) -> tuple[str, ...]:
        if record.cabinet_id != self._cabinet_id:
            raise ValueError("a session belongs to the cabinet its repository is bound to")
        return (
            record.id,
            record.cabinet_id,
            record.person_id,
            record.role.value,
            record.created_at,
            record.last_seen_at,
            record.expires_at,
            record.user_agent,
            record.client_ip,
        )

    async def live(self, session_id: str, *, now: str, idle_since: str) -> LiveSession | None:
        """The session if it is open, not past either expiry, and its person still active."""
        row = await self._db.first(
            f"SELECT {_PREFIXED}, p.role AS person_role, p.totp_secret IS NOT NULL AS totp_enabled,"
            " c.totp_policy FROM sessions s JOIN people p ON p.cabinet_id = s.cabinet_id AND p.id = s.person_id"
            " JOIN cabinets c ON c.id = s.cabinet_id"
            " WHERE s.cabinet_id = ? AND s.id = ? AND s.ended_at IS NULL AND s.expires_at > ? AND s.last_seen_at > ?"
            " AND p.active = 1",
            self._cabinet_id,
            session_id,
            now,
            idle_since,
        )
        if row is None:
            return None
        return LiveSession(
            _record(row),
            Role(str(row["person_role"])),
            bool(row["totp_enabled"]),
            totp_required=row["totp_policy"] == "required",
        )

    async def of_person(self, person_id: str, *, now: str, idle_since: str) -> list[SessionRecord]:
        rows = await self._db.all(
            f"SELECT {COLUMNS} FROM sessions WHERE cabinet_id = ? AND person_id = ? AND ended_at IS NULL"
            " AND expires_at > ? AND last_seen_at > ? ORDER BY last_seen_at DESC, id",
            self._cabinet_id,
            person_id,
            now,
            idle_since,
        )
        return [_record(row) for row in rows]

    async def mark_seen(self, session_id: str, now: str) -> None:
        """Bookkeeping, not a change anyone made: written directly, without an audit row (at most every few
        minutes per session, see domain.sessions.TOUCH_EVERY)."""
        await self._db.run(
            "UPDATE sessions SET last_seen_at = ? WHERE cabinet_id = ? AND id = ? AND ended_at IS NULL",
            now,
            self._cabinet_id,
            session_id,
        )

    def end(self, session_id: str, person_id: str, now: str, reason: str) -> Statement:
        """Ends one session of this person (a session id of someone else's ends nothing)."""
        return Statement(
            "UPDATE sessions SET ended_at = ?, ended_reason = ?"
            " WHERE cabinet_id = ? AND id = ? AND person_id = ? AND ended_at IS NULL",
            (now, reason, self._cabinet_id, session_id, person_id),
        )

    def end_all_of(self, person_id: str, now: str, reason: str, *, keep: str | None = None) -> Statement:
        return Statement(
            "UPDATE sessions SET ended_at = ?, ended_reason = ?"
            " WHERE cabinet_id = ? AND person_id = ? AND ended_at IS NULL AND id IS NOT ?",
            (now, reason, self._cabinet_id, person_id, keep),
        )

    async def ended_together(self, person_id: str, ended_at: str, reason: str) -> list[str]:
        """The ids of the person's sessions one `end_all_of` ended (same instant, same reason): whose dashboards to
        close once that batch has committed."""
        rows = await self._db.all(
            "SELECT id FROM sessions WHERE cabinet_id = ? AND person_id = ? AND ended_at = ? AND ended_reason = ?"
            " ORDER BY id",
            self._cabinet_id,
            person_id,
            ended_at,
            reason,
        )
        return [str(row["id"]) for row in rows]


def _record(row: Row) -> SessionRecord:
    return SessionRecord(
        id=str(row["id"]),
        cabinet_id=str(row["cabinet_id"]),
        person_id=str(row["person_id"]),
        role=Role(str(row["role"])),
        created_at=str(row["created_at"]),
        last_seen_at=str(row["last_seen_at"]),
        expires_at=str(row["expires_at"]),
        user_agent=str(row["user_agent"]),
        client_ip=str(row["client_ip"]),
    )
