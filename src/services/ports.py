"""The ports the application's use cases need, each implemented once for Cloudflare (cf/) and once locally (local/).

Everything here is a Protocol or a plain value type: no adapter, no runtime import. The Database port lives with
the repositories that use it, in `d1/database.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

JsonDict = dict[str, Any]


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

    def new_token(self) -> str:
        """A secret: 256 random bits, URL-safe (session tokens, invitation links)."""
        ...
