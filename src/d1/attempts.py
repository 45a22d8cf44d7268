"""Counters of failed attempts (login, second factor, reset) in fixed windows, per bucket: an account's digest or
a client address. Platform data, not a cabinet's: an attempt comes before anyone knows the cabinet."""

from __future__ import annotations

from d1.database import Database, Statement


class AttemptCounters:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def count(self, bucket: str, *, window_opened_after: str) -> int:
        row = await self._db.first(
            "SELECT attempts FROM attempt_counters WHERE bucket = ? AND window_start > ?", bucket, window_opened_after
        )
        return int(row["attempts"]) if row else 0

    def record(self, bucket: str, *, now: str, window_opened_after: str) -> Statement:
        """One more failure in the bucket's current window, or the first of a new window."""
        return Statement(
            "INSERT INTO attempt_counters (bucket, window_start, attempts) VALUES (?, ?, 1)"
            " ON CONFLICT (bucket) DO UPDATE SET"
            " attempts = CASE WHEN window_start > ? THEN attempts + 1 ELSE 1 END,"
            " window_start = CASE WHEN window_start > ? THEN window_start ELSE excluded.window_start END",
            (bucket, now, window_opened_after, window_opened_after),
        )

    def clear(self, bucket: str) -> Statement:
        return Statement("DELETE FROM attempt_counters WHERE bucket = ?", (bucket,))
