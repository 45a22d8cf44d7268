"""The ports the application needs, each implemented once for Cloudflare (cf/, d1/) and once locally (local/).

Everything here is a Protocol or a plain value type: no adapter, no runtime import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

SqlValue = str | int | float | bytes | None
Row = dict[str, Any]
JsonDict = dict[str, Any]


# --- relational database (D1 / SQLite)


@dataclass(frozen=True)
class Statement:
    sql: str
    params: tuple[SqlValue, ...] = ()


@dataclass(frozen=True)
class StatementResult:
    rows: list[Row]
    changes: int = 0
    last_row_id: int | None = None


class Database(Protocol):
    """D1's surface: one statement at a time, or an atomic batch. There are no interactive transactions."""

    async def all(self, sql: str, *params: SqlValue) -> list[Row]: ...

    async def first(self, sql: str, *params: SqlValue) -> Row | None: ...

    async def run(self, sql: str, *params: SqlValue) -> StatementResult: ...

    async def batch(self, statements: Sequence[Statement]) -> list[StatementResult]: ...


# --- key-value with TTL (KV / SQLite)


@dataclass(frozen=True)
class KvEntry:
    value: str
    metadata: JsonDict | None = None


@dataclass(frozen=True)
class KvPage:
    keys: list[str]
    cursor: str | None = None


class KeyValueStore(Protocol):
    async def get(self, key: str) -> str | None: ...

    async def get_entry(self, key: str) -> KvEntry | None: ...

    async def put(
        self, key: str, value: str, *, ttl_seconds: int | None = None, metadata: JsonDict | None = None
    ) -> None: ...

    async def delete(self, key: str) -> None: ...

    async def list(self, prefix: str = "", cursor: str | None = None, limit: int = 1000) -> KvPage: ...


# --- blob store (R2 / files)


@dataclass(frozen=True)
class BlobInfo:
    key: str
    size: int
    etag: str
    uploaded: str  # UTC ISO-8601
    content_type: str | None = None
    custom_metadata: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Blob:
    info: BlobInfo
    data: bytes


@dataclass(frozen=True)
class ByteRange:
    """Either offset (+ optional length), or suffix (the last N bytes), as R2 accepts."""

    offset: int | None = None
    length: int | None = None
    suffix: int | None = None


@dataclass(frozen=True)
class BlobPage:
    objects: list[BlobInfo]
    prefixes: list[str]
    cursor: str | None = None


class BlobStore(Protocol):
    async def put(
        self,
        key: str,
        data: bytes,
        *,
        content_type: str | None = None,
        custom_metadata: Mapping[str, str] | None = None,
    ) -> BlobInfo: ...

    async def get(self, key: str, *, byte_range: ByteRange | None = None) -> Blob | None: ...

    async def head(self, key: str) -> BlobInfo | None: ...

    async def delete(self, key: str) -> None: ...

    async def list(
        self, prefix: str = "", *, cursor: str | None = None, limit: int = 1000, delimiter: str | None = None
    ) -> BlobPage: ...


# --- job queue (Queues / durable SQLite queue)


class JobQueue(Protocol):
    """Producer side. `job` is a JSON object with at least `id` (idempotency key) and `kind`."""

    async def send(self, job: JsonDict) -> None: ...

    async def depth(self) -> int | None:
        """Jobs waiting, or None where the platform cannot tell (Cloudflare Queues' binding)."""
        ...


class JobMessage(Protocol):
    """Consumer side: one delivered job; exactly one of ack() or retry() is called by the handler."""

    @property
    def body(self) -> JsonDict: ...

    @property
    def attempts(self) -> int: ...

    def ack(self) -> None: ...

    def retry(self) -> None: ...


# --- realtime hub (Durable Object / in-process)


class Hub(Protocol):
    async def publish(self, cabinet_id: str, event: JsonDict) -> int:
        """Pushes one stored notification to the cabinet's connected dashboards; returns how many got it."""
        ...


# --- clock and identifiers


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware UTC."""
        ...


class IdGenerator(Protocol):
    def new_id(self) -> str:
        """Opaque, time-ordered, unguessable."""
        ...
