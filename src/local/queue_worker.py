"""The local queue consumers: each leases batches from its durable SQLite queue and runs the shared `queue` handler.

Two lanes, each with its own worker task (docs/transcription.md): the jobs queue (mail, text, cron) and the audio
queue (transcriptions), so that a long dictation never delays mail filing. On stop each finishes the batch in hand,
then hands back any lease, so Ctrl-C loses no job.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from handlers.jobs import handle_jobs
from local.config import QueueSettings
from local.runtime import LocalRuntime
from local.sqlite_queue import SqliteJobQueue

log = logging.getLogger("poste.queue")
IDLE_POLL_SECONDS = 0.5


async def drain_once(runtime: LocalRuntime, *, audio: bool = False) -> int:
    """Runs one batch of the jobs queue (or of the audio queue); returns how many jobs it handled."""
    queue, settings = _lane(runtime, audio)
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


def _lane(runtime: LocalRuntime, audio: bool) -> tuple[SqliteJobQueue, QueueSettings]:
    if audio:
        return runtime.audio_queue, runtime.config.audio_queue
    return runtime.queue, runtime.config.queue


async def run_queue_worker(runtime: LocalRuntime, stop: asyncio.Event, *, audio: bool = False) -> None:
    try:
        while not stop.is_set():
            handled = await drain_once(runtime, audio=audio)
            await asyncio.sleep(0)  # a backlog is drained batch by batch, never holding the loop from HTTP or SMTP
            if handled == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=IDLE_POLL_SECONDS)
    finally:
        released = _lane(runtime, audio)[0].release_all_leases()
        if released:
            log.info("handed back %d leased job(s) for the next start", released)
