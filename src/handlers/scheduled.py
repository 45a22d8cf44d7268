"""The cron entry point shared by the Worker's `scheduled` handler and the local cron loop.

Cloudflare crons are in UTC. The daily deadline scan must run at 07:00 in Paris all year, so it is declared twice
(05:00 and 06:00 UTC) and only the firing that falls at 07:00 Paris time runs. Each task runs once per period:
a duplicated or retried trigger finds its `scheduled_runs` row and stops.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from handlers.email import mail_received_job
from services.audit import audit_entry
from services.context import AppContext
from services.ports import Statement

DAILY_SCAN_LOCAL_HOUR = 7
ABANDONED_AFTER = timedelta(minutes=15)  # longer than any Worker invocation may run

# The expressions of wrangler.toml's [triggers] crons, and the task each one fires.
CRON_TASKS: dict[str, str] = {
    "0 5 * * *": "deadline_scan",
    "0 6 * * *": "deadline_scan",
    "30 * * * *": "maintenance",
    "0 7 * * 1": "weekly_report",
}


@dataclass(frozen=True)
class ScheduledRun:
    task: str
    run_key: str
    cron: str
    scheduled_at: datetime


Task = Callable[[AppContext, ScheduledRun], Awaitable[None]]


@cache
def paris() -> ZoneInfo:
    """Loaded on first use: reading the time-zone database at import would be I/O in the deploy snapshot."""
    return ZoneInfo("Europe/Paris")


def run_key(task: str, scheduled_at: datetime) -> str | None:
    """The period a firing belongs to, or None when this firing is not the one that should run."""
    local = scheduled_at.astimezone(paris())
    if task == "deadline_scan":
        return local.date().isoformat() if local.hour == DAILY_SCAN_LOCAL_HOUR else None
    if task == "weekly_report":
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return scheduled_at.strftime("%Y-%m-%dT%H")


async def handle_scheduled(ctx: AppContext, cron: str, scheduled_at: datetime) -> ScheduledRun | None:
    task = CRON_TASKS.get(cron)
    if task is None:
        raise ValueError(f"no task for cron expression {cron!r}: keep CRON_TASKS and wrangler.toml in step")
    key = run_key(task, scheduled_at)
    if key is None or not await _claim(ctx, task, key, cron):
        return None
    run = ScheduledRun(task, key, cron, scheduled_at)
    try:
        await TASKS[task](ctx, run)
    except Exception:
        await _finish(ctx, run, "failed")
        raise
    await _finish(ctx, run, "done")
    return run


async def _claim(ctx: AppContext, task: str, key: str, cron: str) -> bool:
    """Takes the period's run unless it is done or running now; a failed or abandoned run is taken over."""
    now = ctx.clock.now()
    result = await ctx.db.run(
        "INSERT INTO scheduled_runs (task, run_key, cron, status, started_at) VALUES (?, ?, ?, 'running', ?)"
        " ON CONFLICT (task, run_key) DO UPDATE SET status = 'running', cron = excluded.cron,"
        " started_at = excluded.started_at, finished_at = NULL"
        " WHERE scheduled_runs.status = 'failed'"
        " OR (scheduled_runs.status = 'running' AND scheduled_runs.started_at < ?)",
        task, key, cron, now.isoformat(), (now - ABANDONED_AFTER).isoformat(),
    )  # fmt: skip
    return result.changes == 1


async def _finish(ctx: AppContext, run: ScheduledRun, status: str) -> None:
    await ctx.db.batch(
        [
            Statement(
                "UPDATE scheduled_runs SET status = ?, finished_at = ? WHERE task = ? AND run_key = ?",
                (status, ctx.clock.now().isoformat(), run.task, run.run_key),
            ),
            audit_entry(ctx, cabinet_id=None, action=f"cron.{run.task}.{status}", subject=run.run_key, origin="cron"),
        ]
    )


async def requeue_unverified_mail(ctx: AppContext, run: ScheduledRun) -> None:
    """Sends again the filing job of any routed message still waiting after an hour (consumers are idempotent),
    cabinet by cabinet so each query uses the cabinet's index."""
    cutoff = (run.scheduled_at - timedelta(hours=1)).isoformat()
    for cabinet in await ctx.db.all("SELECT id FROM cabinets ORDER BY id"):
        cabinet_id = str(cabinet["id"])
        rows = await ctx.db.all(
            "SELECT id FROM inbound_mail WHERE cabinet_id = ? AND status = 'received' AND received_at < ? LIMIT 500",
            cabinet_id,
            cutoff,
        )
        for row in rows:
            await ctx.jobs.send(mail_received_job(cabinet_id, str(row["id"])))


async def _recorded_only(ctx: AppContext, run: ScheduledRun) -> None:
    """Deadline scan and weekly report: their work arrives with the deadline records; the run is recorded now."""


TASKS: dict[str, Task] = {
    "deadline_scan": _recorded_only,
    "maintenance": requeue_unverified_mail,
    "weekly_report": _recorded_only,
}
