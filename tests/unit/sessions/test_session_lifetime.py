"""How long a session lives and how fast a revocation holds, on the local runtime's real stores with a frozen clock:
idle and absolute expiry, and a revocation that holds even where KV still has the token (Cloudflare KV can serve a
deleted key for up to a minute at other locations: every request checks D1, which is consistent)."""

from __future__ import annotations

import json

import pytest

from domain.actors import Role
from domain.sessions import token_digest
from services.auth import logout_others
from services.scope import CabinetScope
from services.sessions import find_session
from tests.api.seed import new_cabinet, person_of, signed_in
from tests.fakes import local_testbed


@pytest.fixture
def testbed(tmp_path):
    bed = local_testbed(tmp_path, password_rounds=1)  # seeding stays fast, as in tests/api
    yield bed
    bed.runtime.close()


async def _session(testbed) -> tuple[dict[str, str], str]:
    cabinet = await new_cabinet(testbed.context, "martin@poste.example")
    headers = await signed_in(testbed.context, cabinet.id, Role.AVOCAT)
    return headers, headers["authorization"].removeprefix("Bearer ")


async def test_a_session_unused_for_four_hours_is_over_although_kv_still_holds_it(testbed):
    headers, token = await _session(testbed)
    testbed.clock.advance(hours=3, minutes=59)
    assert await find_session(testbed.context, headers) is not None  # and this use counts as activity
    testbed.clock.advance(hours=3, minutes=59)
    assert await find_session(testbed.context, headers) is not None
    testbed.clock.advance(hours=4, minutes=1)
    assert await testbed.context.kv.get(f"session:{token_digest(token)}") is not None
    assert await find_session(testbed.context, headers) is None


async def test_no_session_outlives_twelve_hours_even_in_constant_use(testbed):
    headers, _token = await _session(testbed)
    for _ in range(11):
        testbed.clock.advance(hours=1)
        assert await find_session(testbed.context, headers) is not None
    testbed.clock.advance(minutes=59)
    assert await find_session(testbed.context, headers) is not None
    testbed.clock.advance(minutes=2)
    assert await find_session(testbed.context, headers) is None


async def test_activity_is_written_back_at_most_every_five_minutes(testbed):
    headers, _token = await _session(testbed)
    session = await find_session(testbed.context, headers)
    assert session is not None
    trail_before = await testbed.database.all("SELECT last_seen_at FROM sessions")
    testbed.clock.advance(minutes=4)
    await find_session(testbed.context, headers)
    assert await testbed.database.all("SELECT last_seen_at FROM sessions") == trail_before
    testbed.clock.advance(minutes=2)
    await find_session(testbed.context, headers)
    assert await testbed.database.all("SELECT last_seen_at FROM sessions") == [
        {"last_seen_at": testbed.clock.now().isoformat()}
    ]


async def test_a_revoked_session_stays_revoked_where_kv_has_not_caught_up(testbed):
    headers, token = await _session(testbed)
    found = await find_session(testbed.context, headers)
    assert found is not None
    cabinet_id = found.cabinet_id
    stale = await testbed.context.kv.get(f"session:{token_digest(token)}")
    other = await signed_in(testbed.context, cabinet_id, Role.AVOCAT)  # the same person, another device
    current = await find_session(testbed.context, other)
    assert current is not None
    scope = CabinetScope(testbed.context, cabinet_id, current.actor, "tests")
    assert await logout_others(scope, current) == 1
    # Another Cloudflare location may still serve the deleted key; the person's D1 row says it is over.
    await testbed.context.kv.put(f"session:{token_digest(token)}", stale, ttl_seconds=600)
    assert json.loads(stale)["session_id"]
    assert await find_session(testbed.context, headers) is None
    assert await find_session(testbed.context, other) is not None
    assert (await person_of(testbed.context, cabinet_id, Role.AVOCAT)).active
