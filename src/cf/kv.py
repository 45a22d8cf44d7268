"""The KeyValueStore port on a Workers KV namespace, with the same checks as the local store."""

from __future__ import annotations

from typing import Any

from cf._convert import field, is_missing, plain
from services.ports import JsonDict, KvEntry, KvPage

MIN_TTL_SECONDS = 60
MAX_KEY_BYTES = 512
MAX_LIST_LIMIT = 1000


class WorkersKeyValueStore:
    def __init__(self, binding: Any) -> None:
        self._kv = binding

    async def get(self, key: str) -> str | None:
        _check_key(key)
        value = await self._kv.get(key)
        return None if is_missing(value) else str(value)

    async def get_entry(self, key: str) -> KvEntry | None:
        _check_key(key)
        result = await self._kv.getWithMetadata(key)
        value = field(result, "value")
        if is_missing(value):
            return None
        metadata = plain(field(result, "metadata"))
        return KvEntry(value=str(value), metadata=metadata if metadata else None)

    async def put(
        self, key: str, value: str, *, ttl_seconds: int | None = None, metadata: JsonDict | None = None
    ) -> None:
        _check_key(key)
        if ttl_seconds is not None and ttl_seconds < MIN_TTL_SECONDS:
            raise ValueError(f"KV expiration TTL must be at least {MIN_TTL_SECONDS} seconds")
        options: dict[str, Any] = {}
        if ttl_seconds is not None:
            options["expirationTtl"] = ttl_seconds
        if metadata is not None:
            options["metadata"] = metadata
        await self._kv.put(key, value, options)

    async def delete(self, key: str) -> None:
        _check_key(key)
        await self._kv.delete(key)

    async def list(self, prefix: str = "", cursor: str | None = None, limit: int = 1000) -> KvPage:
        options: dict[str, Any] = {"prefix": prefix, "limit": max(1, min(limit, MAX_LIST_LIMIT))}
        if cursor:
            options["cursor"] = cursor
        result = plain(await self._kv.list(options))
        keys = [str(item["name"]) for item in result.get("keys") or []]
        complete = bool(result.get("list_complete", True))
        return KvPage(keys=keys, cursor=None if complete else result.get("cursor") or None)


def _check_key(key: str) -> None:
    if not key or len(key.encode()) > MAX_KEY_BYTES:
        raise ValueError("KV keys are 1 to 512 bytes")
