"""Real clock, id generator and randomness. They read the clock and the OS's randomness only when called, never at
import."""

from __future__ import annotations

import base64
import os
from datetime import UTC, datetime

from domain.ids import RANDOM_BYTES, encode_ulid


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class UlidGenerator:
    def __init__(self, clock: SystemClock | None = None) -> None:
        self._clock = clock or SystemClock()

    def new_id(self) -> str:
        epoch_ms = int(self._clock.now().timestamp() * 1000)
        return encode_ulid(epoch_ms, os.urandom(RANDOM_BYTES))

    def new_token(self) -> str:
        return base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode()

    def random_bytes(self, n: int) -> bytes:
        # os.urandom is the OS's CSPRNG on CPython and crypto.getRandomValues under Pyodide on Workers.
        return os.urandom(n)
