"""The KeyValueStore port on SQLite, with KV's rules: TTL of at least 60 s, 512-byte keys, 25 MiB values.

Unlike Cloudflare KV it is strongly consistent; code must not rely on that (sessions are the only user).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from local.blocking import SerialWorker
from services.limits import check_kv_key, check_kv_put, kv_list_limit
from services.ports import Clock, JsonDict, KvEntry, KvPage

_SCHEMA = """
CREATE TABLE IF NOT EXISTS kv (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    metadata TEXT,
    expires_at REAL
)
"""


class SqliteKeyValueStore:
    def __init__(self, path: Path | str, clock: Clock) -> None:
        self._conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA busy_timeout = 5000")
        self._conn.execute(_SCHEMA)
        self._clock = clock
        self._worker = SerialWorker("sqlite-kv")

    def close(self) -> None:
        self._worker.call(self._conn.close)
        self._worker.close()

    def _now(self) -> float:
        return self._clock.now().timestamp()

    async def get(self, key: str) -> str | None:
        entry = await self.get_entry(key)
        return entry.value if entry else None

    async def get_entry(self, key: str) -> KvEntry | None:
        return await self._worker.run(self._get_entry, key)

    def _get_entry(self, key: str) -> KvEntry | None:
        check_kv_key(key)
        row = self._conn.execute(
            "SELECT value, metadata FROM kv WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)",
            (key, self._now()),
        ).fetchone()
        if row is None:
            return None
        return KvEntry(value=row[0], metadata=json.loads(row[1]) if row[1] else None)

    async def put(
        self, key: str, value: str, *, ttl_seconds: int | None = None, metadata: JsonDict | None = None
    ) -> None:
        return await self._worker.run(self._put, key, value, ttl_seconds=ttl_seconds, metadata=metadata)

    def _put(self, key: str, value: str, *, ttl_seconds: int | None = None, metadata: JsonDict | None = None) -> None:
        check_kv_put(key, value, ttl_seconds)
        expires_at = self._now() + ttl_seconds if ttl_seconds is not None else None
        self._conn.execute(
            "INSERT INTO kv (key, value, metadata, expires_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, metadata = excluded.metadata, "
            "expires_at = excluded.expires_at",
            (key, value, json.dumps(metadata) if metadata is not None else None, expires_at),
        )

    async def delete(self, key: str) -> None:
        return await self._worker.run(self._delete, key)

    def _delete(self, key: str) -> None:
        check_kv_key(key)
        self._conn.execute("DELETE FROM kv WHERE key = ?", (key,))

    async def list(self, prefix: str = "", cursor: str | None = None, limit: int = 1000) -> KvPage:
        return await self._worker.run(self._list, prefix, cursor, limit)

    def _list(self, prefix: str = "", cursor: str | None = None, limit: int = 1000) -> KvPage:
        limit = kv_list_limit(limit)
        rows = self._conn.execute(
            "SELECT key FROM kv WHERE substr(key, 1, ?) = ? AND key > ? "
            "AND (expires_at IS NULL OR expires_at > ?) ORDER BY key LIMIT ?",
            (len(prefix), prefix, cursor or "", self._now(), limit + 1),
        ).fetchall()
        keys = [row[0] for row in rows]
        more = len(keys) > limit
        keys = keys[:limit]
        return KvPage(keys=keys, cursor=keys[-1] if more else None)

    def purge_expired(self) -> int:
        return self._worker.call(self._purge_expired)

    def _purge_expired(self) -> int:
        return self._conn.execute(
            "DELETE FROM kv WHERE expires_at IS NOT NULL AND expires_at <= ?", (self._now(),)
        ).rowcount
