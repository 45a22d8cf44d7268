"""The documented limits of Cloudflare's KV, R2, Queues and WebCrypto, checked by both adapter sets before any
call, so a value refused in production is refused locally too, with the same error. (SQL limits: `d1/limits.py`.)"""

from __future__ import annotations

import json

from services.ports import JsonDict

KV_MIN_TTL_SECONDS = 60
KV_MAX_KEY_BYTES = 512
KV_MAX_VALUE_BYTES = 25 * 1024 * 1024
KV_MAX_LIST_LIMIT = 1000
BLOB_MAX_KEY_BYTES = 1024
BLOB_MAX_LIST_LIMIT = 1000
MAX_JOB_BYTES = 128 * 1024  # Cloudflare Queues' per-message limit
# Production workerd refuses PBKDF2 above 100,000 iterations per call (workerd issue #1346). The open-source workerd
# behind Miniflare and `wrangler dev` has no cap (workerd PR #1471), so only this check makes a local run fail
# where production would.
PBKDF2_MAX_ITERATIONS = 100_000
PBKDF2_MAX_LENGTH = 64  # bytes; two SHA-256 blocks, which RFC 7914's test vectors need


def check_kv_key(key: str) -> None:
    if not key or len(key.encode()) > KV_MAX_KEY_BYTES:
        raise ValueError(f"KV keys are 1 to {KV_MAX_KEY_BYTES} bytes")


def check_kv_put(key: str, value: str, ttl_seconds: int | None) -> None:
    check_kv_key(key)
    if len(value.encode()) > KV_MAX_VALUE_BYTES:
        raise ValueError("KV value over 25 MiB")
    if ttl_seconds is not None and ttl_seconds < KV_MIN_TTL_SECONDS:
        raise ValueError(f"KV expiration TTL must be at least {KV_MIN_TTL_SECONDS} seconds")


def kv_list_limit(limit: int) -> int:
    return max(1, min(limit, KV_MAX_LIST_LIMIT))


def check_blob_key(key: str) -> None:
    if not key or len(key.encode()) > BLOB_MAX_KEY_BYTES:
        raise ValueError(f"blob keys are 1 to {BLOB_MAX_KEY_BYTES} bytes")


def blob_list_limit(limit: int) -> int:
    return max(1, min(limit, BLOB_MAX_LIST_LIMIT))


def check_job(job: JsonDict) -> None:
    """What every job body must carry, checked by both queue adapters before sending."""
    job_id, kind = job.get("id"), job.get("kind")
    if not isinstance(job_id, str) or not job_id or not isinstance(kind, str) or not kind:
        raise ValueError("a job needs a non-empty string `id` (its idempotency key) and a string `kind`")
    if len(json.dumps(job).encode()) > MAX_JOB_BYTES:
        raise ValueError("a job body must stay under 128 KB: put large data in the blob store")


def check_pbkdf2(password: bytes, salt: bytes, iterations: int, length: int) -> None:
    """What both KeyDeriver adapters refuse, with the same error, before any derivation."""
    if not isinstance(password, bytes | bytearray) or not isinstance(salt, bytes | bytearray):
        raise TypeError("PBKDF2 derives from bytes: encode the password first")
    if isinstance(iterations, bool) or not isinstance(iterations, int) or iterations < 1:
        raise ValueError("PBKDF2 requires a positive iteration count")
    if iterations > PBKDF2_MAX_ITERATIONS:
        raise ValueError(
            f"PBKDF2: iteration counts above {PBKDF2_MAX_ITERATIONS} are not supported (requested {iterations})"
        )
    if isinstance(length, bool) or not isinstance(length, int) or not 1 <= length <= PBKDF2_MAX_LENGTH:
        raise ValueError(f"PBKDF2 derives 1 to {PBKDF2_MAX_LENGTH} bytes")


MAX_OUTBOUND_MAIL_BYTES = 5 * 1024 * 1024  # Email Service's limit for a message to any recipient, MIME included


def check_outbound_mail(raw: bytes) -> None:
    if len(raw) > MAX_OUTBOUND_MAIL_BYTES:
        raise ValueError("an outbound message must stay under 5 MiB, MIME included: link to large documents instead")
