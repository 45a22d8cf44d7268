"""The cron entry point shared by the Worker's `scheduled` handler and the local cron loop (times in UTC)."""

from __future__ import annotations

from datetime import datetime

from services.context import AppContext
from services.cron import ScheduledRun, run_scheduled


async def handle_scheduled(ctx: AppContext, cron: str, scheduled_at: datetime) -> ScheduledRun | None:
    return await run_scheduled(ctx, cron, scheduled_at)
