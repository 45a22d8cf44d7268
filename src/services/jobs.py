"""What every job body must carry, checked by both queue adapters before sending."""

from __future__ import annotations

import json

from services.ports import JsonDict

MAX_JOB_BYTES = 128 * 1024  # Cloudflare Queues' per-message limit


def check_job(job: JsonDict) -> None:
    job_id, kind = job.get("id"), job.get("kind")
    if not isinstance(job_id, str) or not job_id or not isinstance(kind, str) or not kind:
        raise ValueError("a job needs a non-empty string `id` (its idempotency key) and a string `kind`")
    if len(json.dumps(job).encode()) > MAX_JOB_BYTES:
        raise ValueError("a job body must stay under 128 KB: put large data in the blob store")
