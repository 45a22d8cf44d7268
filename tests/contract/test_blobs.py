"""The BlobStore port's contract: R2's behaviour, reproduced by the local file adapter."""

import hashlib
from collections.abc import AsyncIterator

from services.ports import BlobTooLarge, ByteRange
from tests.contract.expect import raises

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 4


async def test_an_object_put_is_read_back_with_its_metadata(blobs):
    info = await blobs.put(
        "cabinets/c1/documents/jugement.pdf",
        PDF,
        content_type="application/pdf",
        custom_metadata={"dossier": "2026-0042", "nom": "Jugement du 3 mars.pdf"},
    )
    assert info.size == len(PDF)
    blob = await blobs.get("cabinets/c1/documents/jugement.pdf")
    assert blob is not None
    assert blob.data == PDF
    assert blob.info.content_type == "application/pdf"
    assert dict(blob.info.custom_metadata) == {"dossier": "2026-0042", "nom": "Jugement du 3 mars.pdf"}
    assert blob.info.etag == hashlib.md5(PDF).hexdigest()


async def test_head_describes_without_the_body_and_missing_is_none(blobs):
    await blobs.put("a/b.txt", b"hello", content_type="text/plain")
    info = await blobs.head("a/b.txt")
    assert info is not None
    assert (info.key, info.size, info.content_type) == ("a/b.txt", 5, "text/plain")
    assert await blobs.head("a/missing.txt") is None
    assert await blobs.get("a/missing.txt") is None


async def test_range_reads_by_offset_length_and_suffix(blobs):
    await blobs.put("audio/dictee.wav", bytes(range(100)))
    middle = await blobs.get("audio/dictee.wav", byte_range=ByteRange(offset=10, length=5))
    assert middle is not None
    assert middle.data == bytes(range(10, 15))
    tail = await blobs.get("audio/dictee.wav", byte_range=ByteRange(suffix=3))
    assert tail is not None
    assert tail.data == bytes([97, 98, 99])
    rest = await blobs.get("audio/dictee.wav", byte_range=ByteRange(offset=95))
    assert rest is not None
    assert rest.data == bytes(range(95, 100))


async def test_delete_removes_and_is_idempotent(blobs):
    await blobs.put("tmp/x", b"x")
    await blobs.delete("tmp/x")
    await blobs.delete("tmp/x")
    assert await blobs.head("tmp/x") is None


async def test_a_key_and_a_key_below_it_coexist(blobs):
    await blobs.put("cabinets/c1", b"parent")
    await blobs.put("cabinets/c1/child", b"child")
    parent, child = await blobs.get("cabinets/c1"), await blobs.get("cabinets/c1/child")
    assert parent is not None
    assert parent.data == b"parent"
    assert child is not None
    assert child.data == b"child"


async def test_listing_by_prefix_pages_with_a_cursor(blobs):
    for name in ("c", "a", "b"):
        await blobs.put(f"cabinets/c1/inbound/{name}.eml", name.encode())
    await blobs.put("cabinets/c2/inbound/z.eml", b"z")
    first = await blobs.list("cabinets/c1/", limit=2)
    assert [o.key for o in first.objects] == ["cabinets/c1/inbound/a.eml", "cabinets/c1/inbound/b.eml"]
    assert first.cursor is not None
    rest = await blobs.list("cabinets/c1/", cursor=first.cursor, limit=2)
    assert [o.key for o in rest.objects] == ["cabinets/c1/inbound/c.eml"]
    assert rest.cursor is None


async def test_listing_with_a_delimiter_groups_common_prefixes(blobs):
    await blobs.put("cabinets/c1/a.txt", b"1")
    await blobs.put("cabinets/c1/docs/x.pdf", b"2")
    await blobs.put("cabinets/c1/docs/y.pdf", b"3")
    await blobs.put("cabinets/c1/mail/m.eml", b"4")
    page = await blobs.list("cabinets/c1/", delimiter="/")
    assert [o.key for o in page.objects] == ["cabinets/c1/a.txt"]
    assert page.prefixes == ["cabinets/c1/docs/", "cabinets/c1/mail/"]


MIB = 1024 * 1024


async def pieces(data: bytes, size: int) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


async def test_a_stream_of_chunks_over_ten_megabytes_is_stored_whole_and_read_back_by_range(blobs):
    block = bytes((i * 7 + i // 251) % 256 for i in range(MIB))
    data = b"".join(hashlib.sha256(bytes([n])).digest() + block[32:] for n in range(12)) + b"fin"
    info = await blobs.put_stream(
        "cabinets/c1/documents/d1/v1",
        pieces(data, 64 * 1024 + 3),
        content_type="application/pdf",
        custom_metadata={"nom": "Conclusions récapitulatives.pdf"},
        max_bytes=20 * MIB,
    )
    assert info.size == len(data)
    head = await blobs.head("cabinets/c1/documents/d1/v1")
    assert head is not None
    assert (head.size, head.content_type) == (len(data), "application/pdf")
    assert dict(head.custom_metadata) == {"nom": "Conclusions récapitulatives.pdf"}
    middle = await blobs.get("cabinets/c1/documents/d1/v1", byte_range=ByteRange(offset=5 * MIB - 10, length=20))
    assert middle is not None
    assert middle.data == data[5 * MIB - 10 : 5 * MIB + 10]
    tail = await blobs.get("cabinets/c1/documents/d1/v1", byte_range=ByteRange(suffix=3))
    assert tail is not None
    assert tail.data == b"fin"
    whole = await blobs.get("cabinets/c1/documents/d1/v1")
    assert whole is not None
    assert hashlib.sha256(whole.data).digest() == hashlib.sha256(data).digest()


async def test_a_small_stream_is_stored_with_its_metadata_and_an_empty_one_is_an_empty_object(blobs):
    info = await blobs.put_stream("a/small.txt", pieces(b"bonjour", 3), content_type="text/plain")
    assert info.size == 7
    blob = await blobs.get("a/small.txt")
    assert blob is not None
    assert (blob.data, blob.info.content_type) == (b"bonjour", "text/plain")
    empty = await blobs.put_stream("a/empty", pieces(b"", 1))
    assert empty.size == 0
    assert (await blobs.get("a/empty")).data == b""


async def test_a_stream_past_its_limit_keeps_nothing_and_says_so(blobs):
    for size, limit in ((100, 99), (7 * MIB, 6 * MIB)):  # one under a part, one past R2's first part
        with raises(BlobTooLarge) as refused:
            await blobs.put_stream(f"big/{size}", pieces(b"x" * size, 256 * 1024), max_bytes=limit)
        assert isinstance(refused.exception, BlobTooLarge)
        assert refused.exception.max_bytes == limit
        assert await blobs.head(f"big/{size}") is None
    assert (await blobs.list("big/")).objects == []


async def test_a_stream_that_fails_midway_keeps_nothing_and_leaves_the_object_it_would_have_replaced(blobs):
    await blobs.put("a/doc", b"ancienne version")

    async def broken() -> AsyncIterator[bytes]:
        yield b"y" * (6 * MIB)
        raise ConnectionError("client gone")

    with raises(ConnectionError):
        await blobs.put_stream("a/doc", broken())
    kept = await blobs.get("a/doc")
    assert kept is not None
    assert kept.data == b"ancienne version"
