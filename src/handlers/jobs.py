"""The job consumer shared by the Worker's `queue` handler and the local queue worker.

Each message is acked when its job succeeds and retried when it fails; the platform moves a job retried too
often to the dead letters. An unknown kind is retried too, never dropped: a newer producer may be ahead of us.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable, Sequence

from services.audit import audit_entry
from services.context import AppContext
from services.ports import JobMessage, JsonDict, Statement

log = logging.getLogger("poste.jobs")

JobHandler = Callable[[AppContext, JsonDict], Awaitable[None]]


async def verify_stored_mail(ctx: AppContext, job: JsonDict) -> None:
    """Reads the raw message back from the blob store and checks its digest before anything builds on it."""
    cabinet_id, inbound_id = str(job["cabinet_id"]), str(job["inbound_id"])
    row = await ctx.db.first(
        "SELECT blob_key, sha256, status FROM inbound_mail WHERE cabinet_id = ? AND id = ?", cabinet_id, inbound_id
    )
    if row is None or row["status"] != "received":
        return
    blob = await ctx.blobs.get(str(row["blob_key"]))
    intact = blob is not None and hashlib.sha256(blob.data).hexdigest() == row["sha256"]
    status = "stored" if intact else "corrupt"
    await ctx.db.batch(
        [
            Statement(
                "UPDATE inbound_mail SET status = ? WHERE cabinet_id = ? AND id = ?", (status, cabinet_id, inbound_id)
            ),
            audit_entry(ctx, cabinet_id=cabinet_id, action=f"mail.{status}", subject=inbound_id, origin="job"),
        ]
    )


JOB_HANDLERS: dict[str, JobHandler] = {
    "mail.received": verify_stored_mail,
}


async def handle_jobs(ctx: AppContext, messages: Sequence[JobMessage]) -> None:
    for message in messages:
        body = message.body
        handler = JOB_HANDLERS.get(str(body.get("kind")))
        if handler is None:
            log.error("job %s: unknown kind %r, retried", body.get("id"), body.get("kind"))
            message.retry()
            continue
        try:
            await handler(ctx, body)
        except Exception:
            log.exception("job %s (%s) failed on attempt %d", body.get("id"), body.get("kind"), message.attempts)
            message.retry()
        else:
            message.ack()
