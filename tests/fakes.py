"""Hand-written fakes for what tests cannot run for real: a frozen clock, predictable ids and randomness."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from local.config import LocalConfig, QueueSettings
from local.runtime import LocalRuntime, open_runtime
from services.context import AppSettings
from services.jobs import JobRegistry
from tests.scripted_transcriber import RecordingHub, ScriptedTranscriber

__all__ = ["FrozenClock", "LocalTestbed", "RecordingHub", "ScriptedTranscriber", "SequentialIds", "local_testbed"]


@dataclass
class FrozenClock:
    current: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 8, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@dataclass
class SequentialIds:
    """Deterministic ids for assertions; production ids are random ULIDs."""

    prefix: str = "id"
    issued: int = 0
    draws: int = 0

    def new_id(self) -> str:
        self.issued += 1
        return f"{self.prefix}{self.issued:04d}"

    def new_token(self) -> str:
        return f"token-{self.new_id()}"

    def random_bytes(self, n: int) -> bytes:
        """Different bytes at each call, the same sequence in every run (SHAKE-256 of a counter)."""
        self.draws += 1
        return hashlib.shake_256(f"{self.prefix}:random:{self.draws}".encode()).digest(n)


@dataclass
class LocalTestbed:
    """The local runtime (real SQLite with the real migrations, real files) with a frozen clock and predictable ids."""

    runtime: LocalRuntime
    clock: FrozenClock

    def __getattr__(self, name: str) -> Any:  # context, database, queue, blobs, hub, job_registry…
        return getattr(self.runtime, name)


def local_testbed(
    root: Path, *, max_retries: int = 3, job_registry: JobRegistry | None = None, password_rounds: int | None = None
) -> LocalTestbed:
    clock = FrozenClock()
    config = LocalConfig(
        data_dir=root,
        queue=QueueSettings(max_retries=max_retries, retry_delay_seconds=0),
        audio_queue=QueueSettings(max_batch_size=1, max_retries=6, retry_delay_seconds=0),
        settings=AppSettings(password_rounds=password_rounds) if password_rounds else AppSettings(),
    )
    runtime = open_runtime(config, clock=clock, ids=SequentialIds(), job_registry=job_registry)
    return LocalTestbed(runtime, clock)
