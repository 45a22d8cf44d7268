"""The daily scan's data (migrations/0008_echeances.sql, 0010_alerts.sql): the deadlines whose alert day has come,
the guarded advance of `next_alert_on`, the morning's claim per cabinet and local date, and the digests' reads and
send records.

The scan reads through `deadlines_by_next_alert` (cabinet_id, next_alert_on) only the rows an alert is due for; the
write that advances `next_alert_on` names the value it read, so two runs that read the same row advance it once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from d1.database import Database, Row, Statement, StatementResult
from domain.alerts import DueDeadline
from domain.digests import DigestDeadline, DigestHearing

_DUE = (
    "SELECT d.id, d.dossier_id, x.reference AS dossier_reference, d.title, d.due_date, d.next_alert_on,"
    " d.responsible_id FROM deadlines d JOIN dossiers x ON x.cabinet_id = d.cabinet_id AND x.id = d.dossier_id"
    " WHERE d.cabinet_id = ? AND d.next_alert_on <= ? AND d.status = 'a_faire' AND d.due_date IS NOT NULL"
    " ORDER BY d.next_alert_on LIMIT ?"
)
# How the member of a dossier is recognised: its responsible lawyer or a member of its team.
_MEMBER = (
    "(x.responsible_id = ? OR EXISTS (SELECT 1 FROM dossier_team t WHERE t.cabinet_id = x.cabinet_id"
    " AND t.dossier_id = x.id AND t.person_id = ?))"
)


def _due(row: Row) -> DueDeadline:
    return DueDeadline(
        id=str(row["id"]),
        dossier_id=str(row["dossier_id"]),
        dossier_reference=str(row["dossier_reference"]),
        title=str(row["title"]),
        due_date=date.fromisoformat(str(row["due_date"])),
        next_alert_on=str(row["next_alert_on"]),
        responsible_id=None if row["responsible_id"] is None else str(row["responsible_id"]),
    )


def notification_stored(insert_results: Sequence[StatementResult]) -> bool:
    """Whether `Notifications.insert`'s statements (their results, in order) stored a new notification: its third
    statement inserts the row only when the key is fresh."""
    return len(insert_results) >= 3 and insert_results[2].changes == 1


class DeadlineScan:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    async def due(self, today: date, *, limit: int) -> list[DueDeadline]:
        """Deadlines still to do whose alert day is today or past, the longest waiting first."""
        rows = await self._db.all(_DUE, self._cabinet_id, today.isoformat(), limit)
        return [_due(row) for row in rows]

    def advance(self, deadline: DueDeadline, next_alert_on: date | None) -> Statement:
        """Moves `next_alert_on` on, only from the value the scan read (a concurrent run advances it once)."""
        return Statement(
            "UPDATE deadlines SET next_alert_on = ? WHERE cabinet_id = ? AND id = ? AND status = 'a_faire'"
            " AND next_alert_on = ?",
            (None if next_alert_on is None else next_alert_on.isoformat(), self._cabinet_id, deadline.id,
             deadline.next_alert_on),
        )  # fmt: skip

    def alert_stored(self, notification_id: str) -> Statement:
        """A SELECT finding the notification this run wrote (an audit row's `only_if`)."""
        return Statement(
            "SELECT 1 FROM notifications WHERE cabinet_id = ? AND id = ?", (self._cabinet_id, notification_id)
        )

    async def start_morning(self, local_date: str, *, now: str) -> bool:
        """Records the cabinet's morning as running unless it is done (False then: nothing left to do). A run still
        marked running is not waited for: the scan and the digests are safe to run twice, a crashed run is not."""
        result = await self._db.run(
            "INSERT INTO morning_runs (cabinet_id, local_date, status, started_at) VALUES (?, ?, 'running', ?)"
            " ON CONFLICT (cabinet_id, local_date) DO UPDATE SET status = 'running', started_at = excluded.started_at,"
            " finished_at = NULL WHERE morning_runs.status <> 'done'",
            self._cabinet_id, local_date, now,
        )  # fmt: skip
        return result.changes == 1

    def finish_morning(self, local_date: str, status: str, at: str, alerts: int) -> Statement:
        return Statement(
            "UPDATE morning_runs SET status = ?, finished_at = ?, alerts = ? WHERE cabinet_id = ? AND local_date = ?",
            (status, at, alerts, self._cabinet_id, local_date),
        )

    async def morning_status(self, local_date: str) -> str | None:
        row = await self._db.first(
            "SELECT status FROM morning_runs WHERE cabinet_id = ? AND local_date = ?", self._cabinet_id, local_date
        )
        return str(row["status"]) if row else None

    async def digest_deadlines(self, person_id: str, until: date) -> list[DigestDeadline]:
        """The person's deadlines still to do, due on or before `until` (the overdue ones too)."""
        rows = await self._db.all(
            "SELECT d.id, d.title, d.due_date, x.reference AS dossier_reference FROM deadlines d JOIN dossiers x ON"
            " x.cabinet_id = d.cabinet_id AND x.id = d.dossier_id WHERE d.cabinet_id = ? AND d.responsible_id = ?"
            " AND d.status = 'a_faire' AND d.due_date <= ? ORDER BY d.due_date, d.id",
            self._cabinet_id, person_id, until.isoformat(),
        )  # fmt: skip
        return [DigestDeadline(str(row["id"]), str(row["title"]), date.fromisoformat(str(row["due_date"])),
                               str(row["dossier_reference"])) for row in rows]  # fmt: skip

    async def digest_hearings(self, person_id: str, start: date, end: date) -> list[DigestHearing]:
        """Hearings planned from `start` to `end` in the dossiers the person is responsible for or works on."""
        rows = await self._db.all(
            "SELECT h.id, h.date, h.time, h.court, h.chamber, h.hearing_type, x.reference AS dossier_reference"
            " FROM hearings h JOIN dossiers x ON x.cabinet_id = h.cabinet_id AND x.id = h.dossier_id"
            f" WHERE h.cabinet_id = ? AND h.status = 'prevue' AND h.date >= ? AND h.date <= ? AND {_MEMBER}"
            " ORDER BY h.date, h.time, h.id",
            self._cabinet_id, start.isoformat(), end.isoformat(), person_id, person_id,
        )  # fmt: skip
        return [
            DigestHearing(str(row["id"]), date.fromisoformat(str(row["date"])),
                          None if row["time"] is None else str(row["time"]), str(row["court"]), str(row["chamber"]),
                          str(row["hearing_type"]), str(row["dossier_reference"]))
            for row in rows
        ]  # fmt: skip

    async def claim_digest(self, person_id: str, kind: str, period: str, *, now: str, abandoned_before: str) -> bool:
        """Takes one digest's send unless it was sent or is being sent; a failed or abandoned send is taken over."""
        result = await self._db.run(
            "INSERT INTO digest_sends (cabinet_id, person_id, kind, period, status, claimed_at) VALUES (?, ?, ?, ?,"
            " 'envoi', ?) ON CONFLICT (cabinet_id, person_id, kind, period) DO UPDATE SET status = 'envoi',"
            " claimed_at = excluded.claimed_at WHERE digest_sends.status = 'echec'"
            " OR (digest_sends.status = 'envoi' AND digest_sends.claimed_at < ?)",
            self._cabinet_id, person_id, kind, period, now, abandoned_before,
        )  # fmt: skip
        return result.changes == 1

    def digest_sent(
        self, person_id: str, kind: str, period: str, *, status: str, at: str, message_id: str
    ) -> Statement:
        return Statement(
            "UPDATE digest_sends SET status = ?, sent_at = ?, message_id = ? WHERE cabinet_id = ? AND person_id = ?"
            " AND kind = ? AND period = ?",
            (status, at, message_id, self._cabinet_id, person_id, kind, period),
        )
