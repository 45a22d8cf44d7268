"""The job consumer shared by the Worker's `queue` handler and the local queue worker.

Each message is acked when its job succeeds and retried when it fails; the platform moves a job retried too
often to the dead letters. A job that raises `RetryLater` is retried after the delay it asks for (its own backoff).
An unknown kind is retried too, never dropped: a newer producer may be ahead of us.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from services.context import AppContext
from services.jobs import JobRegistry, RetryLater
from services.ports import JobMessage

log = logging.getLogger("poste.jobs")


async def handle_jobs(ctx: AppContext, registry: JobRegistry, messages: Sequence[JobMessage]) -> None:
    for message in messages:
        body = message.body
        try:
            resolved = registry.resolve(body)
            if resolved is None:
                log.error("job %s: unknown kind %r, retried", body.get("id"), body.get("kind"))
                message.retry()
                continue
            job, run = resolved
            await run(ctx, job)
        except RetryLater as later:
            log.info("job %s asks to be retried in %d s: %s", body.get("id"), later.seconds, later)
            message.retry(later.seconds)
        except Exception:
            log.exception("job %s (%s) failed on attempt %d", body.get("id"), body.get("kind"), message.attempts)
            message.retry()
        else:
            message.ack()
