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

    async def spend(self, bucket: str, *, now: str, window_opened_after: str) -> int:
        """Counts one attempt and answers how many the window now holds, atomically (one batch): concurrent
        attempts each see their own count, so a burst cannot all pass a check made before any was counted."""
        results = await self._db.batch([
            self.record(bucket, now=now, window_opened_after=window_opened_after),
            Statement("SELECT attempts FROM attempt_counters WHERE bucket = ?", (bucket,)),
        ])  # fmt: skip
        return int(results[1].rows[0]["attempts"])

    def forgive(self, bucket: str) -> Statement:
        """Takes back one attempt (a success on a bucket shared by several people, such as a client address)."""
        return Statement("UPDATE attempt_counters SET attempts = max(attempts - 1, 0) WHERE bucket = ?", (bucket,))

    def clear(self, bucket: str) -> Statement:
        return Statement("DELETE FROM attempt_counters WHERE bucket = ?", (bucket,))
