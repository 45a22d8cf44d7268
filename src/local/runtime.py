"""Builds the local adapters under one data folder and the AppContext that the shared handlers receive."""

from __future__ import annotations

from dataclasses import dataclass

from local.config import LocalConfig
from local.file_blobs import FileBlobStore
from local.hub import InProcessHub
from local.migrations import apply_migrations
from local.sqlite_database import SqliteDatabase, connect
from local.sqlite_kv import SqliteKeyValueStore
from local.sqlite_queue import SqliteJobQueue
from services.context import AppContext
from services.system import SystemClock, UlidGenerator


@dataclass
class LocalRuntime:
    config: LocalConfig
    context: AppContext
    database: SqliteDatabase
    kv: SqliteKeyValueStore
    queue: SqliteJobQueue
    hub: InProcessHub
    migrations_applied: list[str]

    def close(self) -> None:
        self.database.close()
        self.kv.close()
        self.queue.close()


def open_runtime(config: LocalConfig) -> LocalRuntime:
    config.data_dir.mkdir(parents=True, exist_ok=True)
    clock = SystemClock()
    conn = connect(config.data_dir / "d1.sqlite")
    applied = apply_migrations(conn)
    database = SqliteDatabase(conn)
    kv = SqliteKeyValueStore(config.data_dir / "kv.sqlite", clock)
    kv.purge_expired()  # Cloudflare KV forgets expired keys by itself; the local store catches up at each start
    queue = SqliteJobQueue(config.data_dir / "queue.sqlite", clock, max_retries=config.queue.max_retries)
    hub = InProcessHub()
    context = AppContext(
        db=database,
        kv=kv,
        blobs=FileBlobStore(config.data_dir / "blobs", clock),
        jobs=queue,
        hub=hub,
        clock=clock,
        ids=UlidGenerator(clock),
        runtime="local",
    )
    return LocalRuntime(config, context, database, kv, queue, hub, applied)
