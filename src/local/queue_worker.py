"""The local queue consumer: leases batches from the durable SQLite queue and runs the shared `queue` handler.

On stop it finishes the batch in hand, then hands back any lease, so Ctrl-C loses no job.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from handlers.jobs import handle_jobs
from local.runtime import LocalRuntime

log = logging.getLogger("poste.queue")
IDLE_POLL_SECONDS = 0.5


async def drain_once(runtime: LocalRuntime) -> int:
    """Runs one batch; returns how many jobs it handled."""
    queue, settings = runtime.queue, runtime.config.queue
    batch = await queue.lease_batch(settings.max_batch_size)
    if not batch:
        return 0
    failed = False
    try:
        await handle_jobs(runtime.context, runtime.job_registry, batch)
    except Exception:
        failed = True
        log.exception("queue handler failed on a batch of %d", len(batch))
    await queue.settle_batch(batch, handler_failed=failed, retry_delay_seconds=settings.retry_delay_seconds)
    return len(batch)


async def run_queue_worker(runtime: LocalRuntime, stop: asyncio.Event) -> None:
    try:
        while not stop.is_set():
            handled = await drain_once(runtime)
            await asyncio.sleep(0)  # a backlog is drained batch by batch, never holding the loop from HTTP or SMTP
            if handled == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=IDLE_POLL_SECONDS)
    finally:
        released = runtime.queue.release_all_leases()
        if released:
            log.info("handed back %d leased job(s) for the next start", released)
