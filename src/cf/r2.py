"""The BlobStore port on an R2 bucket: content type, custom metadata, range reads and listing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cf._convert import field, is_missing, iso_utc, plain
from services.limits import blob_list_limit, check_blob_key
from services.ports import Blob, BlobInfo, BlobPage, ByteRange


class R2BlobStore:
    def __init__(self, binding: Any) -> None:
        self._bucket = binding

    async def put(
        self,
        key: str,
        data: bytes,
        *,
        content_type: str | None = None,
        custom_metadata: Mapping[str, str] | None = None,
    ) -> BlobInfo:
        check_blob_key(key)
        options: dict[str, Any] = {"customMetadata": dict(custom_metadata or {})}
        if content_type is not None:
            options["httpMetadata"] = {"contentType": content_type}
        stored = await self._bucket.put(key, bytes(data), options)
        return _info(stored)

    async def get(self, key: str, *, byte_range: ByteRange | None = None) -> Blob | None:
        check_blob_key(key)
        if byte_range is None:
            body = await self._bucket.get(key)
        else:
            info = await self.head(key)
            if info is None:
                return None
            if _is_empty(byte_range, info.size):
                return Blob(info=info, data=b"")
            body = await self._bucket.get(key, {"range": _range_option(byte_range, info.size)})
        if is_missing(body):
            return None
        data = plain(await body.arrayBuffer())
        return Blob(info=_info(body), data=bytes(data))

    async def head(self, key: str) -> BlobInfo | None:
        check_blob_key(key)
        found = await self._bucket.head(key)
        return None if is_missing(found) else _info(found)

    async def delete(self, key: str) -> None:
        check_blob_key(key)
        await self._bucket.delete(key)

    async def list(
        self, prefix: str = "", *, cursor: str | None = None, limit: int = 1000, delimiter: str | None = None
    ) -> BlobPage:
        options: dict[str, Any] = {
            "prefix": prefix,
            "limit": blob_list_limit(limit),
            "include": ["httpMetadata", "customMetadata"],
        }
        if cursor:
            options["cursor"] = cursor
        if delimiter:
            options["delimiter"] = delimiter
        listing = await self._bucket.list(options)
        objects = [_info(item) for item in field(listing, "objects") or []]
        prefixes = [str(item) for item in plain(field(listing, "delimitedPrefixes")) or []]
        truncated = bool(field(listing, "truncated"))
        next_cursor = field(listing, "cursor") if truncated else None
        return BlobPage(objects=objects, prefixes=prefixes, cursor=str(next_cursor) if next_cursor else None)


def _info(obj: Any) -> BlobInfo:
    http_metadata = plain(field(obj, "httpMetadata")) or {}
    custom_metadata = plain(field(obj, "customMetadata")) or {}
    return BlobInfo(
        key=str(field(obj, "key")),
        size=int(field(obj, "size")),
        etag=str(field(obj, "etag")),
        uploaded=iso_utc(field(obj, "uploaded")),
        content_type=http_metadata.get("contentType"),
        custom_metadata={str(k): str(v) for k, v in custom_metadata.items()},
    )


def _is_empty(byte_range: ByteRange, size: int) -> bool:
    """R2 refuses ranges that select nothing; the port answers them with empty data, as the local store does."""
    if byte_range.suffix is not None:
        return byte_range.suffix <= 0 or size == 0
    return (byte_range.offset or 0) >= size or byte_range.length == 0


def _range_option(byte_range: ByteRange, size: int) -> dict[str, int]:
    if byte_range.suffix is not None:
        return {"suffix": min(byte_range.suffix, size)}
    offset = byte_range.offset or 0
    length = size - offset if byte_range.length is None else min(byte_range.length, size - offset)
    return {"offset": offset, "length": length}
