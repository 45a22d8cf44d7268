"""The cron's own bookkeeping: one row per task and period. Platform data, in no cabinet."""

from __future__ import annotations

from d1.database import Database, Statement


class ScheduledRuns:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def claim(self, task: str, run_key: str, cron: str, *, now: str, abandoned_before: str) -> bool:
        """Takes the period's run unless it is done or running now; a failed or abandoned run is taken over.
        One statement, so two concurrent firings cannot both win."""
        result = await self._db.run(
            "INSERT INTO scheduled_runs (task, run_key, cron, status, started_at) VALUES (?, ?, ?, 'running', ?)"
            " ON CONFLICT (task, run_key) DO UPDATE SET status = 'running', cron = excluded.cron,"
            " started_at = excluded.started_at, finished_at = NULL"
            " WHERE scheduled_runs.status = 'failed'"
            " OR (scheduled_runs.status = 'running' AND scheduled_runs.started_at < ?)",
            task, run_key, cron, now, abandoned_before,
        )  # fmt: skip
        return result.changes == 1

    def finish(self, task: str, run_key: str, status: str, at: str) -> Statement:
        return Statement(
            "UPDATE scheduled_runs SET status = ?, finished_at = ? WHERE task = ? AND run_key = ?",
            (status, at, task, run_key),
        )
