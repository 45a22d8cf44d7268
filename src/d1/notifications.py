"""Notifications and their per-person deliveries (migrations/0007_notifications.sql).

`insert` returns the statements that number the notification, store it once under its dedupe key and fan it out to
its audience, for the caller's batch: a repeated key changes nothing, not even the counter.
"""

from __future__ import annotations

from d1.database import Database, Row, SqlValue, Statement
from d1.keyset import KeysetSort, order_by, placeholders, rows_after
from domain.notifications import Audience, AudienceKind, Inbox, NewNotification, Notification, NotificationType
from domain.pages import CursorKey

LEAD_ROLES = ("associe",)  # who hears about a dossier that has no responsible lawyer and no team
# A person's notifications with their read state: the deliveries `nd` joined to what they deliver `n`.
DELIVERED = (
    "SELECT n.id, n.seq, n.type, n.title, n.body, n.link, n.dossier_id, n.subject_id, n.created_at, nd.read_at"
    " FROM notification_deliveries nd JOIN notifications n ON n.cabinet_id = nd.cabinet_id"
    " AND n.id = nd.notification_id"
)
NEWEST_FIRST = KeysetSort("nd.seq", "n.id", descending=True)


def _audience_condition(audience: Audience, cabinet_id: str) -> tuple[str, tuple[SqlValue, ...]]:
    """A condition on the `people` row aliased `p` selecting the audience's active members."""
    values = audience.values or ("",)
    if audience.kind is AudienceKind.EVERYONE:
        return "1 = 1", ()
    if audience.kind is AudienceKind.PEOPLE:
        return f"p.id IN ({placeholders(len(values))})", values
    if audience.kind is AudienceKind.ROLE:
        return f"p.role IN ({placeholders(len(values))})", values
    dossier_id = values[0]
    return (
        "(p.id = (SELECT d.responsible_id FROM dossiers d WHERE d.cabinet_id = ? AND d.id = ?) OR EXISTS (SELECT 1"
        " FROM dossier_team t WHERE t.cabinet_id = ? AND t.dossier_id = ? AND t.person_id = p.id) OR (p.role IN"
        f" ({placeholders(len(LEAD_ROLES))}) AND NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.cabinet_id = ? AND"
        " d.id = ? AND d.responsible_id IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM dossier_team t WHERE"
        " t.cabinet_id = ? AND t.dossier_id = ?)))",
        (cabinet_id, dossier_id, cabinet_id, dossier_id, *LEAD_ROLES, cabinet_id, dossier_id, cabinet_id, dossier_id),
    )


def _notification(row: Row) -> Notification:
    return Notification(
        id=str(row["id"]),
        seq=int(str(row["seq"])),
        type=NotificationType(str(row["type"])),
        title=str(row["title"]),
        body=str(row["body"]),
        link=str(row["link"]),
        dossier_id=None if row["dossier_id"] is None else str(row["dossier_id"]),
        subject_id=None if row["subject_id"] is None else str(row["subject_id"]),
        created_at=str(row["created_at"]),
        read_at=None if row["read_at"] is None else str(row["read_at"]),
    )


class Notifications:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    async def people_of(self, audience: Audience) -> list[str]:
        """The ids of the audience's active members now: who a frame that is not stored (a transcription's progress,
        docs/realtime.md) is pushed to, resolved as a notification's audience is."""
        audience_sql, audience_params = _audience_condition(audience, self._cabinet_id)
        rows = await self._db.all(
            f"SELECT p.id FROM people p WHERE p.cabinet_id = ? AND p.active = 1 AND {audience_sql} ORDER BY p.id",
            self._cabinet_id,
            *audience_params,
        )
        return [str(row["id"]) for row in rows]

    def insert(self, note: NewNotification, only_if: Statement | None = None) -> list[Statement]:
        """With `only_if` (a SELECT placed after the change in the batch), stored only when it finds a row: the
        change did happen."""
        cabinet = self._cabinet_id
        fresh = "NOT EXISTS (SELECT 1 FROM notifications WHERE cabinet_id = ? AND dedupe_key = ?)"
        condition: tuple[SqlValue, ...] = (cabinet, note.dedupe_key)
        if only_if is not None:
            fresh += f" AND EXISTS ({only_if.sql})"
            condition += only_if.params
        audience_sql, audience_params = _audience_condition(note.audience, cabinet)
        return [
            Statement(
                "INSERT INTO notification_counters (cabinet_id, last_seq) VALUES (?, 0) ON CONFLICT DO NOTHING",
                (cabinet,),
            ),
            Statement(
                f"UPDATE notification_counters SET last_seq = last_seq + 1 WHERE cabinet_id = ? AND {fresh}",
                (cabinet, *condition),
            ),
            Statement(
                "INSERT INTO notifications (id, cabinet_id, seq, dedupe_key, type, title, body, link, audience_json,"
                " dossier_id, subject_id, created_at) SELECT ?, cabinet_id, last_seq, ?, ?, ?, ?, ?, ?, ?, ?, ?"
                f" FROM notification_counters WHERE cabinet_id = ? AND {fresh}",
                (*self._values(note), *condition),
            ),
            Statement(
                "INSERT INTO notification_deliveries (cabinet_id, person_id, seq, notification_id) SELECT p.cabinet_id,"
                " p.id, n.seq, n.id FROM notifications n JOIN people p ON p.cabinet_id = n.cabinet_id AND p.active = 1"
                f" WHERE n.cabinet_id = ? AND n.id = ? AND {audience_sql} ON CONFLICT DO NOTHING",
                (cabinet, note.id, *audience_params),
            ),
        ]

    def _values(self, note: NewNotification) -> tuple[SqlValue, ...]:
        cabinet = self._cabinet_id
        return (note.id, note.dedupe_key, note.type.value, note.title[:200], note.body[:2000], note.link,
                note.audience.as_json(), note.dossier_id, note.subject_id, note.created_at, cabinet)  # fmt: skip

    def exists(self, dedupe_key: str) -> Statement:
        """A SELECT that finds a row when a notification with this key is stored (a batch's `only_if`)."""
        return Statement(
            "SELECT 1 FROM notifications WHERE cabinet_id = ? AND dedupe_key = ?", (self._cabinet_id, dedupe_key)
        )

    async def for_person(self, person_id: str, *, limit: int, before_seq: int | None = None) -> list[Notification]:
        """A person's notifications, newest first, before `before_seq` (a cursor) when given."""
        row_filter = "" if before_seq is None else " AND nd.seq < ?"
        params: tuple[SqlValue, ...] = () if before_seq is None else (before_seq,)
        rows = await self._db.all(
            "SELECT n.id, n.seq, n.type, n.title, n.body, n.link, n.dossier_id, n.subject_id, n.created_at,"
            " nd.read_at FROM notification_deliveries nd JOIN notifications n ON n.cabinet_id = nd.cabinet_id"
            f" AND n.id = nd.notification_id WHERE nd.cabinet_id = ? AND nd.person_id = ?{row_filter}"
            " ORDER BY nd.seq DESC LIMIT ?",
            self._cabinet_id,
            person_id,
            *params,
            limit,
        )
        return [_notification(row) for row in rows]

    async def since(self, person_id: str, after_seq: int, *, limit: int) -> list[Notification]:
        """What a person missed after `after_seq`, oldest first (a dashboard that reconnects)."""
        rows = await self._db.all(
            "SELECT n.id, n.seq, n.type, n.title, n.body, n.link, n.dossier_id, n.subject_id, n.created_at,"
            " nd.read_at FROM notification_deliveries nd JOIN notifications n ON n.cabinet_id = nd.cabinet_id"
            " AND n.id = nd.notification_id WHERE nd.cabinet_id = ? AND nd.person_id = ? AND nd.seq > ?"
            " ORDER BY nd.seq LIMIT ?",
            self._cabinet_id,
            person_id,
            after_seq,
            limit,
        )
        return [_notification(row) for row in rows]

    async def by_key(self, dedupe_key: str) -> Notification | None:
        """The notification stored under a key, as the system sees it (read_at is always None here)."""
        row = await self._db.first(
            "SELECT id, seq, type, title, body, link, dossier_id, subject_id, created_at, NULL AS read_at"
            " FROM notifications WHERE cabinet_id = ? AND dedupe_key = ?",
            self._cabinet_id,
            dedupe_key,
        )
        return _notification(row) if row else None

    async def recipients(self, notification_id: str) -> list[str]:
        rows = await self._db.all(
            "SELECT person_id FROM notification_deliveries WHERE cabinet_id = ? AND notification_id = ?"
            " ORDER BY person_id",
            self._cabinet_id,
            notification_id,
        )
        return [str(row["person_id"]) for row in rows]

    async def pushable(self, notification_ids: list[str]) -> list[tuple[Notification, list[str]]]:
        """The stored notifications among `notification_ids` (a deduplicated one never got its id stored), each with
        the people who take its type live (docs/realtime.md), in `seq` order: what the hub pushes after a commit."""
        if not notification_ids:
            return []
        rows = await self._db.all(
            "SELECT n.id, n.seq, n.type, n.title, n.body, n.link, n.dossier_id, n.subject_id, n.created_at,"
            " NULL AS read_at, nd.person_id FROM notifications n JOIN notification_deliveries nd"
            " ON nd.cabinet_id = n.cabinet_id AND nd.notification_id = n.id LEFT JOIN notification_preferences np"
            " ON np.cabinet_id = nd.cabinet_id AND np.person_id = nd.person_id AND np.type = n.type"
            f" WHERE n.cabinet_id = ? AND n.id IN ({placeholders(len(notification_ids))})"
            " AND COALESCE(np.live, 1) = 1 ORDER BY n.seq, nd.person_id",
            self._cabinet_id,
            *notification_ids,
        )
        grouped: dict[str, tuple[Notification, list[str]]] = {}
        for row in rows:
            key = str(row["id"])
            if key not in grouped:
                grouped[key] = (_notification(row), [])
            grouped[key][1].append(str(row["person_id"]))
        return list(grouped.values())

    async def missed(self, person_id: str, after_seq: int, *, limit: int) -> list[Notification]:
        """What a dashboard that reconnects missed after `after_seq`, oldest first: the person's notifications of
        the types they take live (docs/realtime.md), with their read state. Ask `limit + 1` to tell an overflow."""
        rows = await self._db.all(
            "SELECT n.id, n.seq, n.type, n.title, n.body, n.link, n.dossier_id, n.subject_id, n.created_at,"
            " nd.read_at FROM notification_deliveries nd JOIN notifications n ON n.cabinet_id = nd.cabinet_id"
            " AND n.id = nd.notification_id LEFT JOIN notification_preferences np ON np.cabinet_id = nd.cabinet_id"
            " AND np.person_id = nd.person_id AND np.type = n.type WHERE nd.cabinet_id = ? AND nd.person_id = ?"
            " AND nd.seq > ? AND COALESCE(np.live, 1) = 1 ORDER BY nd.seq LIMIT ?",
            self._cabinet_id,
            person_id,
            after_seq,
            limit,
        )
        return [_notification(row) for row in rows]

    async def last_seq(self, person_id: str) -> int:
        """The highest `seq` delivered to the person (0 when none): a dashboard's `since` when it connects."""
        row = await self._db.first(
            "SELECT MAX(seq) AS last FROM notification_deliveries WHERE cabinet_id = ? AND person_id = ?",
            self._cabinet_id,
            person_id,
        )
        return int(str(row["last"])) if row and row["last"] is not None else 0

    # --- a person's own notifications (docs/notifications.md, "Routes")

    async def page(
        self, person_id: str, *, limit: int, after: CursorKey | None, unread_only: bool = False
    ) -> list[Notification]:
        """`limit + 1` of the person's notifications, newest first, after the cursor's key ([seq, id])."""
        keyset, keys = rows_after(NEWEST_FIRST, after)
        unread = " AND nd.read_at IS NULL" if unread_only else ""
        rows = await self._db.all(
            f"{DELIVERED} WHERE nd.cabinet_id = ? AND nd.person_id = ?{unread} AND {keyset}"
            f" ORDER BY {order_by(NEWEST_FIRST)} LIMIT ?",
            self._cabinet_id, person_id, *keys, limit + 1,
        )  # fmt: skip
        return [_notification(row) for row in rows]

    async def delivered(self, person_id: str, notification_id: str) -> Notification | None:
        """The notification if it was delivered to this person (anyone else's, or unknown: None)."""
        row = await self._db.first(
            f"{DELIVERED} WHERE nd.cabinet_id = ? AND nd.person_id = ? AND nd.notification_id = ?",
            self._cabinet_id, person_id, notification_id,
        )  # fmt: skip
        return _notification(row) if row else None

    async def inbox(self, person_id: str) -> Inbox:
        """How many of the person's notifications are unread, and the highest `seq` delivered to them."""
        row = await self._db.first(
            "SELECT (SELECT COUNT(*) FROM notification_deliveries WHERE cabinet_id = ? AND person_id = ?"
            " AND read_at IS NULL) AS unread, (SELECT MAX(seq) FROM notification_deliveries WHERE cabinet_id = ?"
            " AND person_id = ?) AS last",
            self._cabinet_id, person_id, self._cabinet_id, person_id,
        )  # fmt: skip
        if row is None:
            return Inbox(0, 0)
        return Inbox(int(str(row["unread"])), 0 if row["last"] is None else int(str(row["last"])))

    def mark_read(self, person_id: str, notification_id: str, at: str) -> Statement:
        """Marks one of the person's own deliveries read; one already read keeps its first `read_at`."""
        return Statement(
            "UPDATE notification_deliveries SET read_at = ? WHERE cabinet_id = ? AND person_id = ?"
            " AND notification_id = ? AND read_at IS NULL",
            (at, self._cabinet_id, person_id, notification_id),
        )

    def mark_all_read(self, person_id: str, up_to_seq: int, at: str) -> Statement:
        """Marks read every unread delivery of the person up to `up_to_seq`."""
        return Statement(
            "UPDATE notification_deliveries SET read_at = ? WHERE cabinet_id = ? AND person_id = ? AND read_at IS NULL"
            " AND seq <= ?",
            (at, self._cabinet_id, person_id, up_to_seq),
        )

    def read_at(self, person_id: str, at: str) -> Statement:
        """A SELECT that finds a row when something of the person's was marked read at `at` (a batch's `only_if`:
        marking read what already was writes no audit row)."""
        return Statement(
            "SELECT 1 FROM notification_deliveries WHERE cabinet_id = ? AND person_id = ? AND read_at = ? LIMIT 1",
            (self._cabinet_id, person_id, at),
        )

    async def unread_for_digest(self, person_id: str, *, since: str, previous_period: str, limit: int) -> list[str]:
        """The titles of the person's unread notifications of the types they keep in their digest, oldest first,
        created after the previous working day's digest was sent (after `since` when it was not: that day's start)."""
        rows = await self._db.all(
            f"{DELIVERED} LEFT JOIN notification_preferences np ON np.cabinet_id = nd.cabinet_id"
            " AND np.person_id = nd.person_id AND np.type = n.type WHERE nd.cabinet_id = ? AND nd.person_id = ?"
            " AND nd.read_at IS NULL AND COALESCE(np.digest, 1) = 1 AND n.created_at > COALESCE((SELECT"
            " ds.sent_at FROM digest_sends ds WHERE ds.cabinet_id = ? AND ds.person_id = ? AND ds.kind = 'quotidien'"
            " AND ds.period = ? AND ds.status = 'envoye'), ?) ORDER BY nd.seq LIMIT ?",
            self._cabinet_id, person_id, self._cabinet_id, person_id, previous_period, since, limit,
        )  # fmt: skip
        return [str(row["title"]) for row in rows]
