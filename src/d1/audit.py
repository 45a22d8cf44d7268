"""The audit trail's table: rows are written only in the same batch as the change they record."""

from __future__ import annotations

from d1.database import Database, Row, Statement
from domain.audit import AuditEntry

_INSERT = "INSERT INTO audit_log (id, cabinet_id, actor, action, subject, origin, at)"


class AuditLog:
    """One cabinet's audit trail, or (cabinet None) the platform's: unrouted mail, cron runs, operator actions."""

    def __init__(self, db: Database, cabinet_id: str | None) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    def record(self, entry: AuditEntry, *, only_if: Statement | None = None) -> Statement:
        """The row's insert. With `only_if` (a SELECT), it is written only when that SELECT finds a row: how a
        batch audits an `ON CONFLICT DO NOTHING` insert only when the insert happened."""
        if entry.cabinet_id != self._cabinet_id:
            raise ValueError("an audit entry belongs to the cabinet its log is bound to")
        values = (entry.id, entry.cabinet_id, entry.actor, entry.action, entry.subject, entry.origin, entry.at)
        if only_if is None:
            return Statement(f"{_INSERT} VALUES (?, ?, ?, ?, ?, ?, ?)", values)
        return Statement(
            f"{_INSERT} SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS ({only_if.sql})", (*values, *only_if.params)
        )

    def absent(self, action: str, subject: str) -> Statement:
        """A SELECT that finds a row only while no such entry exists: the `only_if` of an entry written once."""
        return Statement(
            "SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM audit_log WHERE cabinet_id IS ? AND action = ? AND subject = ?)",
            (self._cabinet_id, action, subject),
        )

    async def recent(self, limit: int = 100) -> list[AuditEntry]:
        rows = await self._db.all(
            "SELECT id, cabinet_id, actor, action, subject, origin, at FROM audit_log WHERE cabinet_id IS ?"
            " ORDER BY at DESC, id DESC LIMIT ?",
            self._cabinet_id,
            limit,
        )
        return [_entry(row) for row in rows]


def _entry(row: Row) -> AuditEntry:
    return AuditEntry(
        id=str(row["id"]),
        cabinet_id=row["cabinet_id"],
        actor=str(row["actor"]),
        action=str(row["action"]),
        subject=str(row["subject"] or ""),
        origin=str(row["origin"] or ""),
        at=str(row["at"]),
    )
