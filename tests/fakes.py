"""Hand-written fakes for what tests cannot run for real: a frozen clock, predictable ids, a recording hub."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from local.file_blobs import FileBlobStore
from local.hub import InProcessHub
from local.migrations import apply_migrations
from local.sqlite_database import SqliteDatabase, connect
from local.sqlite_kv import SqliteKeyValueStore
from local.sqlite_queue import SqliteJobQueue
from services.context import AppContext


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

    def new_id(self) -> str:
        self.issued += 1
        return f"{self.prefix}{self.issued:04d}"


@dataclass
class LocalTestbed:
    context: AppContext
    clock: FrozenClock
    database: SqliteDatabase
    queue: SqliteJobQueue
    blobs: FileBlobStore
    hub: InProcessHub
    extra: dict[str, Any] = field(default_factory=dict)


def local_testbed(root: Path, *, max_retries: int = 3) -> LocalTestbed:
    """The real local adapters (real SQLite, real files) under `root`, with a frozen clock."""
    clock = FrozenClock()
    conn = connect(root / "d1.sqlite")
    apply_migrations(conn)
    database = SqliteDatabase(conn)
    queue = SqliteJobQueue(root / "queue.sqlite", clock, max_retries=max_retries)
    blobs = FileBlobStore(root / "blobs", clock)
    hub = InProcessHub()
    context = AppContext(
        db=database,
        kv=SqliteKeyValueStore(root / "kv.sqlite", clock),
        blobs=blobs,
        jobs=queue,
        hub=hub,
        clock=clock,
        ids=SequentialIds(),
        runtime="local",
    )
    return LocalTestbed(context, clock, database, queue, blobs, hub)
