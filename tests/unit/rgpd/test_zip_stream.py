"""The export's ZIP stream (services/zip_stream.py): a valid archive produced chunk by chunk, a blob read one range
at a time, so that no chunk holds much more than one range whatever the document's size."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import pytest

from services.zip_stream import CHUNK_BYTES, BlobVanished, ZipStream

MADE_AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


class RangedBlob:
    """A blob served in ranges, recording what was asked."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.reads: list[tuple[int, int]] = []

    async def read(self, offset: int, length: int) -> bytes | None:
        self.reads.append((offset, length))
        return self.data[offset : offset + length]


async def test_a_large_blob_goes_into_the_archive_one_range_at_a_time_in_bounded_chunks():
    blob = RangedBlob(bytes(range(256)) * (CHUNK_BYTES // 256 * 3 + 7))  # a little over three ranges
    stream = ZipStream(MADE_AT)
    chunks = [stream.add("client.json", b'{"id": "c1"}')]
    chunks += [chunk async for chunk in stream.add_blob("dossiers/2026-0001/documents/pièce.pdf", len(blob.data),
                                                        blob.read)]  # fmt: skip
    chunks.append(stream.close())
    assert [offset for offset, _ in blob.reads] == [0, CHUNK_BYTES, 2 * CHUNK_BYTES, 3 * CHUNK_BYTES]
    assert max(len(chunk) for chunk in chunks) <= CHUNK_BYTES + 1024
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert archive.testzip() is None
    assert archive.read("client.json") == b'{"id": "c1"}'
    assert archive.read("dossiers/2026-0001/documents/pièce.pdf") == blob.data
    assert archive.getinfo("client.json").date_time == (2026, 3, 2, 9, 30, 0)


async def test_a_blob_shorter_than_recorded_stops_the_stream_instead_of_writing_a_false_entry():
    blob = RangedBlob(b"court")
    stream = ZipStream(MADE_AT)
    with pytest.raises(BlobVanished):
        async for _ in stream.add_blob("a.pdf", 10, blob.read):
            pass
