"""The cron's use cases, behind the Worker's `scheduled` handler and the local cron loop.

Cloudflare crons are in UTC. The daily deadline scan must run at 07:00 in each cabinet's own time zone (Paris,
Réunion, Martinique…) all year, so it fires every hour and sends its job only to the cabinets whose morning it is
(services/deadline_scan.py). Each task runs once per period: a
duplicated or retried trigger finds its `scheduled_runs` row and stops. A task's work for each cabinet goes out as
one job per cabinet (`CabinetCronTask`), so one cabinet's failure never blocks another and the work spreads over
Workers isolates; the run itself only claims the period, fans out and records the outcome.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.actors import SYSTEM
from services.context import AppContext
from services.deadline_scan import fan_out_mornings
from services.inbound_mail import UNPROCESSED_AFTER, resend_waiting_mail
from services.jobs import CabinetCronTask, InvalidJob
from services.retention import run_maintenance
from services.scope import CabinetScope, SystemScope
from services.transcriptions import resend_stalled_transcriptions

ABANDONED_AFTER = timedelta(minutes=15)  # longer than any Worker invocation may run

# The expressions of wrangler.toml's [triggers] crons, and the task each one fires.
# The morning (deadline scan, digests, Monday's weekly report) fires every hour under an expression of its own
# ("0 0-23", the same hours as maintenance's "0 *"): each firing sends a job to the cabinets whose local time is
# then 07:00, so Réunion (UTC+4), Paris (UTC+1/+2) and Martinique (UTC-4) each get their own morning.
CRON_TASKS: dict[str, str] = {
    "0 0-23 * * *": "deadline_scan",
    "*/5 * * * *": "mail_sweep",
    "0 * * * *": "maintenance",
}


async def _mail_sweep(scope: CabinetScope, scheduled_at: datetime) -> None:
    await resend_waiting_mail(scope, scheduled_at - UNPROCESSED_AFTER)
    await resend_stalled_transcriptions(scope, scheduled_at)  # recordings: nothing left waiting for a lost job


async def _maintenance(scope: CabinetScope, scheduled_at: datetime) -> None:
    await run_maintenance(scope, scheduled_at)


CabinetTask = Callable[[CabinetScope, datetime], Awaitable[None]]
# What each task does for one cabinet (the deadline scan has its own fan-out: only the cabinets whose morning it is).
PER_CABINET: dict[str, CabinetTask] = {
    "mail_sweep": _mail_sweep,
    "maintenance": _maintenance,  # retention: due erasures, dossiers kept long enough, orphan blobs (hourly)
}


@dataclass(frozen=True)
class ScheduledRun:
    task: str
    run_key: str
    cron: str
    scheduled_at: datetime
    cabinets: int  # jobs sent, one per cabinet


def run_key(task: str, scheduled_at: datetime) -> str:
    """The period a firing belongs to: its minute (a second firing of the same minute finds it taken)."""
    return scheduled_at.strftime("%Y-%m-%dT%H:%M")


async def run_scheduled(ctx: AppContext, cron: str, scheduled_at: datetime) -> ScheduledRun | None:
    task = CRON_TASKS.get(cron)
    if task is None:
        raise ValueError(f"no task for cron expression {cron!r}: keep CRON_TASKS and wrangler.toml in step")
    key = run_key(task, scheduled_at)
    system = SystemScope(ctx, SYSTEM, "cron")
    now = ctx.clock.now()
    if not await system.scheduled_runs.claim(
        task, key, cron, now=now.isoformat(), abandoned_before=(now - ABANDONED_AFTER).isoformat()
    ):
        return None
    run = ScheduledRun(task, key, cron, scheduled_at, 0)
    try:
        run = ScheduledRun(task, key, cron, scheduled_at, await _fan_out(system, run))
    except Exception:
        await _finish(system, run, "failed")
        raise
    await _finish(system, run, "done")
    return run


async def _fan_out(system: SystemScope, run: ScheduledRun) -> int:
    if run.task == "deadline_scan":  # only the cabinets whose morning it is, one `deadline.scan` job each
        return await fan_out_mornings(system, run.scheduled_at)
    if run.task not in PER_CABINET:
        return 0
    cabinet_ids = await system.cross_cabinet.cabinet_ids()
    for cabinet_id in cabinet_ids:
        job = CabinetCronTask(cabinet_id, run.task, run.run_key, run.scheduled_at.isoformat())
        await system.ctx.jobs.send(job.body())
    return len(cabinet_ids)


async def _finish(system: SystemScope, run: ScheduledRun, status: str) -> None:
    finish = system.scheduled_runs.finish(run.task, run.run_key, status, system.ctx.clock.now().isoformat())
    await system.commit(finish, action=f"cron.{run.task}.{status}", subject=run.run_key)


async def run_cabinet_task(ctx: AppContext, job: CabinetCronTask) -> None:
    """The `cron.cabinet` job: one cabinet's share of a task's run."""
    work = PER_CABINET.get(job.task)
    if work is None:
        raise InvalidJob(f"no per-cabinet work for task {job.task!r}")
    await work(CabinetScope(ctx, job.cabinet_id, SYSTEM, "cron"), datetime.fromisoformat(job.scheduled_at))
