"""A durable job queue on SQLite with Cloudflare Queues' consumer semantics.

Jobs are leased, not removed, when delivered: a job whose consumer dies (Ctrl-C, crash) comes back when its lease
expires, so nothing is lost. A job retried more than `max_retries` times moves to the dead letters.
Like Cloudflare Queues, delivery is at least once and sending does not deduplicate: consumers are idempotent
on the job's `id`.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from local.blocking import SerialWorker
from services.limits import check_job
from services.ports import Clock, JsonDict

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    delivery_id INTEGER PRIMARY KEY AUTOINCREMENT,
    body TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    available_at REAL NOT NULL,
    leased_until REAL,
    enqueued_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_ready ON jobs (available_at);
CREATE TABLE IF NOT EXISTS dead_letters (
    delivery_id INTEGER PRIMARY KEY,
    body TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    failed_at REAL NOT NULL
);
"""


@dataclass
class LeasedJob:
    """One delivered job (the JobMessage port). The handler marks it; the worker applies the mark."""

    delivery_id: int
    body: JsonDict
    attempts: int
    decision: str | None = field(default=None)
    retry_delay_seconds: float | None = field(default=None)  # asked by the handler; else the queue's own

    def ack(self) -> None:
        self.decision = self.decision or "ack"

    def retry(self, delay_seconds: int | None = None) -> None:
        if self.decision is None:
            self.decision = "retry"
            self.retry_delay_seconds = None if delay_seconds is None else float(delay_seconds)


class SqliteJobQueue:
    def __init__(
        self, path: Path | str, clock: Clock, *, max_retries: int = 3, visibility_seconds: float = 60.0
    ) -> None:
        self._conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA busy_timeout = 5000")
        self._conn.executescript(_SCHEMA)
        self._clock = clock
        self.max_retries = max_retries
        self.visibility_seconds = visibility_seconds
        self._worker = SerialWorker("sqlite-queue")

    def close(self) -> None:
        self._worker.call(self._conn.close)
        self._worker.close()

    def _now(self) -> float:
        return self._clock.now().timestamp()

    async def send(self, job: JsonDict) -> None:
        return await self._worker.run(self._send, job)

    def _send(self, job: JsonDict) -> None:
        check_job(job)
        now = self._now()
        self._conn.execute(
            "INSERT INTO jobs (body, available_at, enqueued_at) VALUES (?, ?, ?)", (json.dumps(job), now, now)
        )

    async def depth(self) -> int:
        return await self._worker.run(self._depth)

    def _depth(self) -> int:
        row = self._conn.execute("SELECT count(*) FROM jobs").fetchone()
        return int(row[0])

    async def pending_job_ids(self) -> frozenset[str]:
        """The `id` of every job waiting or leased: what the start-up sweep need not send again."""
        return await self._worker.run(self._pending_job_ids)

    def _pending_job_ids(self) -> frozenset[str]:
        rows = self._conn.execute("SELECT json_extract(body, '$.id') FROM jobs").fetchall()
        return frozenset(str(row[0]) for row in rows)

    def dead_letters(self) -> list[JsonDict]:
        return self._worker.call(self._dead_letters)

    def _dead_letters(self) -> list[JsonDict]:
        rows = self._conn.execute("SELECT body FROM dead_letters ORDER BY failed_at").fetchall()
        return [json.loads(row[0]) for row in rows]

    def lease(self, max_batch: int = 10) -> list[LeasedJob]:
        """Takes up to `max_batch` ready jobs for `visibility_seconds`; each delivery counts as an attempt."""
        return self._worker.call(self._lease, max_batch)

    async def lease_batch(self, max_batch: int = 10) -> list[LeasedJob]:
        return await self._worker.run(self._lease, max_batch)

    def _lease(self, max_batch: int) -> list[LeasedJob]:
        now = self._now()
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            rows = self._conn.execute(
                "SELECT delivery_id, body, attempts FROM jobs WHERE available_at <= ? "
                "AND (leased_until IS NULL OR leased_until <= ?) ORDER BY available_at, delivery_id LIMIT ?",
                (now, now, max_batch),
            ).fetchall()
            for row in rows:
                self._conn.execute(
                    "UPDATE jobs SET leased_until = ?, attempts = attempts + 1 WHERE delivery_id = ?",
                    (now + self.visibility_seconds, row[0]),
                )
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        return [LeasedJob(delivery_id=row[0], body=json.loads(row[1]), attempts=row[2] + 1) for row in rows]

    def settle(self, job: LeasedJob, *, handler_failed: bool, retry_delay_seconds: float = 0.0) -> None:
        """Applies the outcome as Cloudflare does: unmarked jobs are acked, or retried if the handler raised."""
        self._worker.call(self._settle, job, handler_failed, retry_delay_seconds)

    async def settle_batch(self, jobs: list[LeasedJob], *, handler_failed: bool, retry_delay_seconds: float) -> None:
        for job in jobs:
            await self._worker.run(self._settle, job, handler_failed, retry_delay_seconds)

    def _settle(self, job: LeasedJob, handler_failed: bool, retry_delay_seconds: float) -> None:
        decision = job.decision or ("retry" if handler_failed else "ack")
        if decision == "ack":
            self._conn.execute("DELETE FROM jobs WHERE delivery_id = ?", (job.delivery_id,))
        elif job.attempts > self.max_retries:
            self._move_to_dead_letters(job)
        else:
            self._conn.execute(
                "UPDATE jobs SET leased_until = NULL, available_at = ? WHERE delivery_id = ?",
                (
                    self._now()
                    + (job.retry_delay_seconds if job.retry_delay_seconds is not None else retry_delay_seconds),
                    job.delivery_id,
                ),
            )

    def _move_to_dead_letters(self, job: LeasedJob) -> None:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            self._conn.execute(
                "INSERT OR REPLACE INTO dead_letters (delivery_id, body, attempts, failed_at) VALUES (?, ?, ?, ?)",
                (job.delivery_id, json.dumps(job.body), job.attempts, self._now()),
            )
            self._conn.execute("DELETE FROM jobs WHERE delivery_id = ?", (job.delivery_id,))
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def release_all_leases(self) -> int:
        """On a clean shutdown, hands leased jobs back at once instead of waiting for their leases to expire."""
        return self._worker.call(self._release_all_leases)

    def _release_all_leases(self) -> int:
        return self._conn.execute("UPDATE jobs SET leased_until = NULL WHERE leased_until IS NOT NULL").rowcount
