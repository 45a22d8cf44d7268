"""The KeyValueStore port on a Workers KV namespace, with the same checks as the local store."""

from __future__ import annotations

from typing import Any

from cf._convert import field, is_missing, plain
from services.limits import check_kv_key, check_kv_put, kv_list_limit
from services.ports import JsonDict, KvEntry, KvPage


class WorkersKeyValueStore:
    def __init__(self, binding: Any) -> None:
        self._kv = binding

    async def get(self, key: str) -> str | None:
        check_kv_key(key)
        value = await self._kv.get(key)
        return None if is_missing(value) else str(value)

    async def get_entry(self, key: str) -> KvEntry | None:
        check_kv_key(key)
        result = await self._kv.getWithMetadata(key)
        value = field(result, "value")
        if is_missing(value):
            return None
        metadata = plain(field(result, "metadata"))
        return KvEntry(value=str(value), metadata=metadata if metadata else None)

    async def put(
        self, key: str, value: str, *, ttl_seconds: int | None = None, metadata: JsonDict | None = None
    ) -> None:
        check_kv_put(key, value, ttl_seconds)
        options: dict[str, Any] = {}
        if ttl_seconds is not None:
            options["expirationTtl"] = ttl_seconds
        if metadata is not None:
            options["metadata"] = metadata
        await self._kv.put(key, value, options)

    async def delete(self, key: str) -> None:
        check_kv_key(key)
        await self._kv.delete(key)

    async def list(self, prefix: str = "", cursor: str | None = None, limit: int = 1000) -> KvPage:
        options: dict[str, Any] = {"prefix": prefix, "limit": kv_list_limit(limit)}
        if cursor:
            options["cursor"] = cursor
        result = plain(await self._kv.list(options))
        keys = [str(item["name"]) for item in result.get("keys") or []]
        complete = bool(result.get("list_complete", True))
        return KvPage(keys=keys, cursor=None if complete else result.get("cursor") or None)
