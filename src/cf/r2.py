"""The BlobStore port on an R2 bucket: content type, custom metadata, range reads and listing.

Streamed writes (`put_stream`) and what is streamed on Workers:
- The request body reaches the application as it reads it: `workers.asgi` (workers-runtime-sdk) would read the
  whole `request.body` ReadableStream into its receive queue before it calls the ASGI app, so entry.py hands it
  the request without its body and gives the app a `receive()` that reads the stream one chunk per call.
- From there on it is streamed: the chunks go to R2 as a multipart upload, one part of PART_BYTES at a time (R2
  wants every part but the last at least 5 MiB and all of the same size), so this adapter holds at most one part
  more; an object smaller than one part is a single `put`. Going past `max_bytes`, or a failing chunk source,
  aborts the multipart upload: nothing is kept.
- Not used: `put` with a `FixedLengthStream` (needs the length up front, and a JS stream fed from Python while R2
  reads it: the multipart upload gives the same memory bound without either).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping
from typing import Any

from cf._convert import field, is_missing, iso_utc, plain
from services.limits import blob_list_limit, check_blob_key
from services.ports import Blob, BlobInfo, BlobPage, BlobTooLarge, ByteRange

PART_BYTES = 5 * 1024 * 1024  # R2's smallest part (but the last); every part is this size


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
        stored = await self._bucket.put(key, bytes(data), _options(content_type, custom_metadata))
        return _info(stored)

    async def put_stream(
        self,
        key: str,
        chunks: AsyncIterator[bytes],
        *,
        content_type: str | None = None,
        custom_metadata: Mapping[str, str] | None = None,
        max_bytes: int | None = None,
    ) -> BlobInfo:
        check_blob_key(key)
        upload = _Multipart(self._bucket, key, _options(content_type, custom_metadata))
        buffer = bytearray()
        size = 0
        try:
            async for chunk in chunks:
                size += len(chunk)
                if max_bytes is not None and size > max_bytes:
                    raise BlobTooLarge(max_bytes)
                buffer += chunk
                while len(buffer) >= PART_BYTES:
                    await upload.send(bytes(buffer[:PART_BYTES]))
                    del buffer[:PART_BYTES]
            if not upload.started:
                return await self.put(key, bytes(buffer), content_type=content_type, custom_metadata=custom_metadata)
            if buffer:
                await upload.send(bytes(buffer))
            return _info(await upload.complete())
        except BaseException:
            await upload.abort()
            raise

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


def _options(content_type: str | None, custom_metadata: Mapping[str, str] | None) -> dict[str, Any]:
    options: dict[str, Any] = {"customMetadata": dict(custom_metadata or {})}
    if content_type is not None:
        options["httpMetadata"] = {"contentType": content_type}
    return options


class _Multipart:
    """An R2 multipart upload begun at its first part, with the parts sent so far."""

    def __init__(self, bucket: Any, key: str, options: dict[str, Any]) -> None:
        self._bucket = bucket
        self._key = key
        self._options = options
        self._upload: Any = None
        self._parts: list[dict[str, Any]] = []

    @property
    def started(self) -> bool:
        return self._upload is not None

    async def send(self, part: bytes) -> None:
        if self._upload is None:
            self._upload = await self._bucket.createMultipartUpload(self._key, self._options)
        uploaded = await self._upload.uploadPart(len(self._parts) + 1, part)
        self._parts.append({"partNumber": int(field(uploaded, "partNumber")), "etag": str(field(uploaded, "etag"))})

    async def complete(self) -> Any:
        return await self._upload.complete(self._parts)

    async def abort(self) -> None:
        """Best effort: the failure that led here is the one to report (R2 also expires forgotten uploads)."""
        if self._upload is not None:
            with contextlib.suppress(Exception):
                await self._upload.abort()


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
