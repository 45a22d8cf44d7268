"""CPython fixtures for the adapter contract suite: the local adapters, fresh for every test.

The Workers harness (tests/workers/) runs the same test functions against the Cloudflare adapters over Miniflare,
supplying objects under the same parameter names.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from local.file_blobs import FileBlobStore
from local.migrations import apply_migrations
from local.sqlite_database import SqliteDatabase, connect
from local.sqlite_kv import SqliteKeyValueStore
from local.sqlite_queue import SqliteJobQueue
from services.system import SystemClock


@pytest.fixture
def database(tmp_path: Path) -> Iterator[SqliteDatabase]:
    conn = connect(tmp_path / "d1.sqlite")
    apply_migrations(conn)
    yield SqliteDatabase(conn)
    conn.close()


@pytest.fixture
def kv(tmp_path: Path) -> Iterator[SqliteKeyValueStore]:
    store = SqliteKeyValueStore(tmp_path / "kv.sqlite", SystemClock())
    yield store
    store.close()


@pytest.fixture
def blobs(tmp_path: Path) -> FileBlobStore:
    return FileBlobStore(tmp_path / "blobs", SystemClock())


class LocalJobsProbe:
    """The queue under test, plus a consumer that takes what was delivered."""

    def __init__(self, queue: SqliteJobQueue) -> None:
        self.queue = queue

    async def receive(self) -> list[dict[str, Any]]:
        leased = self.queue.lease(max_batch=100)
        for job in leased:
            job.ack()
            self.queue.settle(job, handler_failed=False)
        return [job.body for job in leased]


@pytest.fixture
def jobs(tmp_path: Path) -> Iterator[LocalJobsProbe]:
    queue = SqliteJobQueue(tmp_path / "queue.sqlite", SystemClock())
    yield LocalJobsProbe(queue)
    queue.close()
