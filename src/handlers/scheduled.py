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

from services.context import AppContext
from services.ports import Statement

DAILY_SCAN_LOCAL_HOUR = 7

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
    if key is None:
        return None
    at = ctx.clock.now().isoformat()
    results = await ctx.db.batch(
        [
            Statement(
                "INSERT INTO scheduled_runs (task, run_key, cron, started_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (task, key, cron, at),
            ),
        ]
    )
    if results[0].changes == 0:
        return None
    run = ScheduledRun(task, key, cron, scheduled_at)
    await TASKS[task](ctx, run)
    await ctx.db.run(
        "INSERT INTO audit_log (id, cabinet_id, actor, action, subject, origin, at)"
        " VALUES (?, NULL, 'system', ?, ?, 'cron', ?)",
        ctx.ids.new_id(),
        f"cron.{task}",
        key,
        ctx.clock.now().isoformat(),
    )
    return run


async def requeue_unverified_mail(ctx: AppContext, run: ScheduledRun) -> None:
    """Sends again the filing job of any routed message still waiting after an hour (job ids make it idempotent)."""
    cutoff = (run.scheduled_at - timedelta(hours=1)).isoformat()
    rows = await ctx.db.all(
        "SELECT id, cabinet_id FROM inbound_mail WHERE status = 'received' AND cabinet_id IS NOT NULL"
        " AND received_at < ? LIMIT 500",
        cutoff,
    )
    for row in rows:
        await ctx.jobs.send(
            {
                "id": f"mail.received:{row['id']}",
                "kind": "mail.received",
                "cabinet_id": row["cabinet_id"],
                "inbound_id": row["id"],
            }
        )


async def _recorded_only(ctx: AppContext, run: ScheduledRun) -> None:
    """Deadline scan and weekly report: their work arrives with the deadline records; the run is recorded now."""


TASKS: dict[str, Task] = {
    "deadline_scan": _recorded_only,
    "maintenance": requeue_unverified_mail,
    "weekly_report": _recorded_only,
}
