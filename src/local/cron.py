"""The local cron loop: fires the shared `scheduled` handler on the expressions of wrangler.toml, in UTC like
Cloudflare. A firing that fails is logged and does not stop the loop; the next period fires as usual."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from croniter import croniter

from handlers.scheduled import handle_scheduled
from services.context import AppContext

log = logging.getLogger("poste.cron")


def next_firing(crons: tuple[str, ...], after: datetime) -> tuple[datetime, list[str]]:
    """The next instant any expression fires, and every expression that fires then."""
    times = {cron: croniter(cron, after).get_next(datetime) for cron in crons}
    soonest = min(times.values())
    return soonest, [cron for cron, at in times.items() if at == soonest]


async def run_cron_loop(context: AppContext, crons: tuple[str, ...], stop: asyncio.Event) -> None:
    if not crons:
        return
    while not stop.is_set():
        at, due = next_firing(crons, context.clock.now())
        delay = (at - context.clock.now()).total_seconds()
        try:
            await asyncio.wait_for(stop.wait(), timeout=max(delay, 0))
            return
        except TimeoutError:
            pass
        for cron in due:
            try:
                run = await handle_scheduled(context, cron, at)
                log.info("cron %r at %s: %s", cron, at.isoformat(), f"ran {run.task}" if run else "nothing to do")
            except Exception:
                log.exception("cron %r at %s failed", cron, at.isoformat())
