from local.sqlite_kv import SqliteKeyValueStore
from tests.fakes import FrozenClock


async def test_a_value_expires_after_its_ttl(tmp_path):
    clock = FrozenClock()
    kv = SqliteKeyValueStore(tmp_path / "kv.sqlite", clock)
    await kv.put("session:s", "v", ttl_seconds=60)
    clock.advance(seconds=59)
    assert await kv.get("session:s") == "v"
    clock.advance(seconds=2)
    assert await kv.get("session:s") is None
    assert (await kv.list(prefix="session:")).keys == []
    assert kv.purge_expired() == 1
