"""The KeyDeriver port on CPython: hashlib's PBKDF2 (OpenSSL), off the event loop.

One derivation is tens of milliseconds of pure CPU; inline, it would hold HTTP, SMTP, the cron and the queue
worker meanwhile. hashlib releases the GIL while OpenSSL works, so a small pool of its own runs derivations in
parallel without taking the threads the file store's `asyncio.to_thread` calls need when logins come in a burst.
(Threads are local-only: Workers derive with WebCrypto, `cf/key_derivation.py`.)
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from concurrent.futures import ThreadPoolExecutor

from services.limits import check_pbkdf2

MAX_PARALLEL_DERIVATIONS = 4


class HashlibKeyDeriver:
    def __init__(self) -> None:
        workers = max(1, min(MAX_PARALLEL_DERIVATIONS, os.cpu_count() or 1))
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kdf")

    async def pbkdf2_sha256(self, password: bytes, salt: bytes, iterations: int, length: int = 32) -> bytes:
        check_pbkdf2(password, salt, iterations, length)  # production's cap, here too
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor, hashlib.pbkdf2_hmac, "sha256", bytes(password), bytes(salt), iterations, length
        )

    def close(self) -> None:
        self._executor.shutdown(wait=True)
