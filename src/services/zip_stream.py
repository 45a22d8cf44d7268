"""A ZIP archive produced as a stream of chunks, for exports that Workers cannot write to a disk they do not have.

`zipfile` writes into a sink that has no `tell` or `seek`: it then writes each entry's sizes and CRC in a data
descriptor after the bytes instead of seeking back, so nothing already produced is needed again. After every write
the sink is drained and its bytes handed to the caller (the HTTP response), and a blob is read one range of
`CHUNK_BYTES` at a time: the memory held is one chunk plus the deflater's window, whatever the archive's size.
"""

from __future__ import annotations

import zipfile
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime

CHUNK_BYTES = 4 << 20  # 4 MiB read from the blob store at a time: bounded memory, few subrequests
ReadRange = Callable[[int, int], Awaitable[bytes | None]]  # (offset, length) -> those bytes, None when gone


class _Sink:
    """Write-only on purpose (see the module's docstring)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes, /) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def close(self) -> None:
        return None

    def drain(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


class BlobVanished(Exception):
    """A blob ended before its recorded size while it was being copied into the archive."""


class ZipStream:
    def __init__(self, made_at: datetime) -> None:
        self._sink = _Sink()
        self._zip = zipfile.ZipFile(self._sink, "w")
        self._date_time = made_at.timetuple()[:6]

    def add(self, name: str, data: bytes) -> bytes:
        """A small entry (JSON, text), deflated; returns the archive's bytes it produced."""
        self._zip.writestr(self._info(name, zipfile.ZIP_DEFLATED), data)
        return self._sink.drain()

    async def add_blob(self, name: str, size: int, read: ReadRange) -> AsyncIterator[bytes]:
        """A document, stored as is (already compressed formats, mostly; and no deflating CPU on Workers), copied
        one range at a time."""
        info = self._info(name, zipfile.ZIP_STORED)
        info.file_size = size
        with self._zip.open(info, "w", force_zip64=size >= zipfile.ZIP64_LIMIT) as entry:
            offset = 0
            while offset < size:
                chunk = await read(offset, min(CHUNK_BYTES, size - offset))
                if not chunk:
                    raise BlobVanished(name)
                entry.write(chunk)
                offset += len(chunk)
                yield self._sink.drain()
        yield self._sink.drain()

    def close(self) -> bytes:
        """The central directory: the archive's last bytes."""
        self._zip.close()
        return self._sink.drain()

    def _info(self, name: str, compression: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self._date_time)
        info.compress_type = compression
        info.external_attr = 0o644 << 16
        return info
