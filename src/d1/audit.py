"""The audit trail's table: rows are written only in the same batch as the change they record, and never changed."""

from __future__ import annotations

from typing import Any

from d1.database import Database, Row, Statement
from domain.audit import AuditEntry, AuditFilter

COLUMNS = "id, cabinet_id, actor, action, subject, origin, at, summary, client_ip, user_agent"
_INSERT = f"INSERT INTO audit_log ({COLUMNS})"
_VALUES = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?"


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
        values = (
            entry.id,
            entry.cabinet_id,
            entry.actor,
            entry.action,
            entry.subject,
            entry.origin,
            entry.at,
            entry.summary,
            entry.client_ip,
            entry.user_agent,
        )
        if only_if is None:
            return Statement(f"{_INSERT} VALUES ({_VALUES})", values)
        return Statement(f"{_INSERT} SELECT {_VALUES} WHERE EXISTS ({only_if.sql})", (*values, *only_if.params))

    def absent(self, action: str, subject: str) -> Statement:
        """A SELECT that finds a row only while no such entry exists: the `only_if` of an entry written once."""
        return Statement(
            "SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM audit_log WHERE cabinet_id IS ? AND action = ? AND subject = ?)",
            (self._cabinet_id, action, subject),
        )

    async def recent(self, limit: int = 100) -> list[AuditEntry]:
        return await self.search(AuditFilter(), limit=limit)

    async def search(
        self, where: AuditFilter, *, after: tuple[str, str] | None = None, limit: int = 100
    ) -> list[AuditEntry]:
        """Newest first. `after` is the (at, id) of the last entry of the previous page."""
        conditions: list[str] = ["cabinet_id IS ?"]
        params: list[str | int | None] = [self._cabinet_id]
        if where.actor:
            conditions.append("actor = ?")
            params.append(where.actor)
        if where.action and where.action.endswith("."):
            conditions.append("substr(action, 1, ?) = ?")
            params += [len(where.action), where.action]
        elif where.action:
            conditions.append("action = ?")
            params.append(where.action)
        if where.subject:
            conditions.append("subject = ?")
            params.append(where.subject)
        if where.since:
            conditions.append("at >= ?")
            params.append(where.since)
        if where.until:
            conditions.append("at < ?")
            params.append(where.until)
        if after:
            conditions.append("(at < ? OR (at = ? AND id < ?))")
            params += [after[0], after[0], after[1]]
        sql = f"SELECT {COLUMNS} FROM audit_log WHERE {' AND '.join(conditions)} ORDER BY at DESC, id DESC LIMIT ?"
        rows = await self._db.all(sql, *params, limit)
        return [_entry(row) for row in rows]


def _text(row: Row, column: str) -> str:
    value: Any = row[column]
    return "" if value is None else str(value)


def _entry(row: Row) -> AuditEntry:
    return AuditEntry(
        id=str(row["id"]),
        cabinet_id=row["cabinet_id"],
        actor=str(row["actor"]),
        action=str(row["action"]),
        subject=_text(row, "subject"),
        origin=_text(row, "origin"),
        at=str(row["at"]),
        summary=_text(row, "summary"),
        client_ip=_text(row, "client_ip"),
        user_agent=_text(row, "user_agent"),
    )
