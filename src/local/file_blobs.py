"""The BlobStore port on the local file system, written atomically (temp file + rename), R2's semantics.

One file per object: a 4-byte header length, a JSON header (key, content type, custom metadata, etag, upload
time), then the bytes. A single rename publishes data and metadata together, so a crash never leaves a half object.
Keys map to paths segment by segment (percent-encoded, `.blob` suffix) so `a` and `a/b` can coexist.

A streamed write (`put_stream`) cannot know its size and etag before the end, yet the header comes first: it
reserves room for the header (spaces, which JSON ignores after the object), writes each chunk to the temp file on a
worker thread as it comes (hashing it there too), then fills the header in and renames. Only one chunk is ever in
memory.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
from collections.abc import AsyncIterator, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, unquote

from local.atomic_files import AtomicFile, fsync_directory, write_atomically
from services.limits import blob_list_limit, check_blob_key
from services.ports import Blob, BlobInfo, BlobPage, BlobTooLarge, ByteRange, Clock

SUFFIX = ".blob"
_HEADER_LENGTH_BYTES = 4


class FileBlobStore:
    def __init__(self, root: Path, clock: Clock) -> None:
        self._root = root
        self._clock = clock
        root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        check_blob_key(key)
        segments = [quote(segment, safe="") or "%00" for segment in key.split("/")]
        segments = ["%2E" * len(s) if set(s) == {"."} else s for s in segments]
        if any(len(segment) > 200 for segment in segments):
            raise ValueError("blob key segment too long for the local store")
        return self._root.joinpath(*segments[:-1], segments[-1] + SUFFIX)

    async def put(
        self,
        key: str,
        data: bytes,
        *,
        content_type: str | None = None,
        custom_metadata: Mapping[str, str] | None = None,
    ) -> BlobInfo:
        return await asyncio.to_thread(self._put, key, data, content_type=content_type, custom_metadata=custom_metadata)

    def _put(
        self,
        key: str,
        data: bytes,
        *,
        content_type: str | None = None,
        custom_metadata: Mapping[str, str] | None = None,
    ) -> BlobInfo:
        path = self._path(key)
        info = BlobInfo(
            key=key,
            size=len(data),
            etag=hashlib.md5(data, usedforsecurity=False).hexdigest(),
            uploaded=self._clock.now().isoformat().replace("+00:00", "Z"),
            content_type=content_type,
            custom_metadata=dict(custom_metadata or {}),
        )
        header = json.dumps(_info_to_json(info)).encode()
        _make_parents(path.parent, self._root)
        write_atomically(path, len(header).to_bytes(_HEADER_LENGTH_BYTES, "big") + header, data)
        return info

    async def put_stream(
        self,
        key: str,
        chunks: AsyncIterator[bytes],
        *,
        content_type: str | None = None,
        custom_metadata: Mapping[str, str] | None = None,
        max_bytes: int | None = None,
    ) -> BlobInfo:
        path = self._path(key)
        draft = BlobInfo(key, 0, "", self._clock.now().isoformat().replace("+00:00", "Z"), content_type,
                         dict(custom_metadata or {}))  # fmt: skip
        room = len(_header_of(draft, size=_MAX_SIZE, etag="0" * 32))
        await asyncio.to_thread(_make_parents, path.parent, self._root)
        target = await asyncio.to_thread(AtomicFile.open, path)
        md5 = hashlib.md5(usedforsecurity=False)
        size = 0
        try:
            await asyncio.to_thread(target.write, room.to_bytes(_HEADER_LENGTH_BYTES, "big") + b" " * room)
            async for chunk in chunks:
                size += len(chunk)
                if max_bytes is not None and size > max_bytes:
                    raise BlobTooLarge(max_bytes)
                await asyncio.to_thread(_write_hashed, target, md5, chunk)
            info = BlobInfo(key, size, md5.hexdigest(), draft.uploaded, content_type, draft.custom_metadata)
            header = _header_of(info, size=size, etag=info.etag).ljust(room)
            await asyncio.to_thread(target.publish, _HEADER_LENGTH_BYTES, header)
            return info
        except BaseException:
            target.discard()  # an unlink: quick, and it must run even when the task is cancelled
            raise

    async def head(self, key: str) -> BlobInfo | None:
        return await asyncio.to_thread(self._head, key)

    def _head(self, key: str) -> BlobInfo | None:
        path = self._path(key)
        try:
            with path.open("rb") as handle:
                return _read_header(handle)
        except FileNotFoundError:
            return None

    async def get(self, key: str, *, byte_range: ByteRange | None = None) -> Blob | None:
        return await asyncio.to_thread(self._get, key, byte_range=byte_range)

    def _get(self, key: str, *, byte_range: ByteRange | None = None) -> Blob | None:
        path = self._path(key)
        try:
            with path.open("rb") as handle:
                info = _read_header(handle)
                start, length = _resolve_range(byte_range, info.size)
                handle.seek(start, os.SEEK_CUR)
                return Blob(info=info, data=handle.read(length))
        except FileNotFoundError:
            return None

    async def delete(self, key: str) -> None:
        return await asyncio.to_thread(self._delete, key)

    def _delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    async def list(
        self, prefix: str = "", *, cursor: str | None = None, limit: int = 1000, delimiter: str | None = None
    ) -> BlobPage:
        return await asyncio.to_thread(self._list, prefix, cursor=cursor, limit=limit, delimiter=delimiter)

    def _list(
        self, prefix: str = "", *, cursor: str | None = None, limit: int = 1000, delimiter: str | None = None
    ) -> BlobPage:
        limit = blob_list_limit(limit)
        objects: list[BlobInfo] = []
        prefixes: list[str] = []
        last = ""
        for key in self._sorted_keys():
            if not key.startswith(prefix) or (cursor and key <= cursor):
                continue
            if delimiter and delimiter in key[len(prefix) :]:
                common = key[: key.index(delimiter, len(prefix)) + len(delimiter)]
                if common not in prefixes:
                    if len(objects) + len(prefixes) == limit:
                        return BlobPage(objects, prefixes, cursor=last)
                    prefixes.append(common)
                last = key
                continue
            if len(objects) + len(prefixes) == limit:
                return BlobPage(objects, prefixes, cursor=last)
            info = self._head(key)
            if info is not None:
                objects.append(info)
                last = key
        return BlobPage(objects, prefixes, cursor=None)

    def _sorted_keys(self) -> Iterator[str]:
        keys = []
        for path in self._root.rglob("*" + SUFFIX):
            relative = path.relative_to(self._root).as_posix()[: -len(SUFFIX)]
            keys.append("/".join(_decode_segment(segment) for segment in relative.split("/")))
        yield from sorted(keys)


_MAX_SIZE = 10**15  # the widest size a header reserves room for (a petabyte)


def _header_of(info: BlobInfo, *, size: int, etag: str) -> bytes:
    return json.dumps({**_info_to_json(info), "size": size, "etag": etag}).encode()


def _write_hashed(target: AtomicFile, md5: hashlib._Hash, chunk: bytes) -> None:
    md5.update(chunk)
    target.write(chunk)


def _make_parents(directory: Path, root: Path) -> None:
    """Creates missing folders and syncs each new one's parent, so a new folder is not lost with its file."""
    missing = []
    while not directory.exists() and directory != root:
        missing.append(directory)
        directory = directory.parent
    for folder in reversed(missing):
        folder.mkdir(exist_ok=True)
        fsync_directory(folder.parent)


def _decode_segment(segment: str) -> str:
    return "" if segment == "%00" else unquote(segment)


def _info_to_json(info: BlobInfo) -> dict[str, object]:
    return {
        "key": info.key,
        "size": info.size,
        "etag": info.etag,
        "uploaded": info.uploaded,
        "content_type": info.content_type,
        "custom_metadata": dict(info.custom_metadata),
    }


def _read_header(handle: BinaryIO) -> BlobInfo:
    length = int.from_bytes(handle.read(_HEADER_LENGTH_BYTES), "big")
    raw = json.loads(handle.read(length))
    return BlobInfo(
        key=raw["key"],
        size=raw["size"],
        etag=raw["etag"],
        uploaded=raw["uploaded"],
        content_type=raw["content_type"],
        custom_metadata=raw["custom_metadata"],
    )


def _resolve_range(byte_range: ByteRange | None, size: int) -> tuple[int, int]:
    if byte_range is None:
        return 0, size
    if byte_range.suffix is not None:
        length = min(byte_range.suffix, size)
        return size - length, length
    start = min(byte_range.offset or 0, size)
    length = size - start if byte_range.length is None else min(byte_range.length, size - start)
    return start, length
