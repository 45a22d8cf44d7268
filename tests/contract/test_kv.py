"""The KeyValueStore port's contract: Cloudflare KV's behaviour, reproduced by the local SQLite adapter."""

from tests.contract.expect import raises


async def test_a_value_put_is_read_back(kv):
    await kv.put("session:abc", '{"cabinet": "c1"}')
    assert await kv.get("session:abc") == '{"cabinet": "c1"}'


async def test_a_missing_key_reads_as_none(kv):
    assert await kv.get("session:none") is None
    assert await kv.get_entry("session:none") is None


async def test_metadata_travels_with_the_value(kv):
    await kv.put("session:m", "v", metadata={"user": "u1", "role": "avocat"})
    entry = await kv.get_entry("session:m")
    assert entry is not None
    assert entry.value == "v"
    assert entry.metadata == {"user": "u1", "role": "avocat"}


async def test_a_put_overwrites_and_a_delete_removes(kv):
    await kv.put("k", "one")
    await kv.put("k", "two", ttl_seconds=3600)
    assert await kv.get("k") == "two"
    await kv.delete("k")
    assert await kv.get("k") is None


async def test_expiration_ttl_below_sixty_seconds_is_refused(kv):
    with raises(ValueError, Exception):
        await kv.put("short", "v", ttl_seconds=30)


async def test_listing_filters_by_prefix_and_pages_with_a_cursor(kv):
    for name in ("b", "a", "c", "d"):
        await kv.put(f"session:{name}", name)
    await kv.put("other:z", "z")
    first = await kv.list(prefix="session:", limit=3)
    assert first.keys == ["session:a", "session:b", "session:c"]
    assert first.cursor is not None
    rest = await kv.list(prefix="session:", cursor=first.cursor, limit=3)
    assert rest.keys == ["session:d"]
    assert rest.cursor is None
