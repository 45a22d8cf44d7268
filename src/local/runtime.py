"""The local composition root: every local adapter under one data folder, and the AppContext the shared code gets.

Used by every entry point of the local runtime — the server, each CLI command, the tests — so that none of them
opens SQLite, builds a clock or picks an extractor on its own. Tests inject a frozen clock and predictable ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.extraction import Extractor, RuleBasedExtractor
from local.config import LocalConfig
from local.file_blobs import FileBlobStore
from local.hub import InProcessHub
from local.sqlite_database import SqliteDatabase
from local.sqlite_kv import SqliteKeyValueStore
from local.sqlite_queue import SqliteJobQueue
from services.context import AppContext
from services.job_registry import default_job_registry
from services.jobs import JobRegistry
from services.ports import Clock, IdGenerator
from services.system import SystemClock, UlidGenerator


@dataclass
class LocalRuntime:
    config: LocalConfig
    context: AppContext
    database: SqliteDatabase
    kv: SqliteKeyValueStore
    queue: SqliteJobQueue
    blobs: FileBlobStore
    hub: InProcessHub
    job_registry: JobRegistry
    migrations_applied: list[str]

    def close(self) -> None:
        self.database.close()
        self.kv.close()
        self.queue.close()


def open_runtime(
    config: LocalConfig,
    *,
    clock: Clock | None = None,
    ids: IdGenerator | None = None,
    extractor: Extractor | None = None,
    job_registry: JobRegistry | None = None,
) -> LocalRuntime:
    config.data_dir.mkdir(parents=True, exist_ok=True)
    clock = clock or SystemClock()
    database, applied = SqliteDatabase.open_migrated(config.data_dir / "d1.sqlite")
    kv = SqliteKeyValueStore(config.data_dir / "kv.sqlite", clock)
    kv.purge_expired()  # Cloudflare KV forgets expired keys by itself; the local store catches up at each start
    queue = SqliteJobQueue(config.data_dir / "queue.sqlite", clock, max_retries=config.queue.max_retries)
    blobs = FileBlobStore(config.data_dir / "blobs", clock)
    hub = InProcessHub()
    context = AppContext(
        db=database,
        kv=kv,
        blobs=blobs,
        jobs=queue,
        hub=hub,
        clock=clock,
        ids=ids or UlidGenerator(SystemClock()),
        extractor=extractor or RuleBasedExtractor(),
        runtime="local",
    )
    registry = job_registry or default_job_registry()
    return LocalRuntime(config, context, database, kv, queue, blobs, hub, registry, applied)
