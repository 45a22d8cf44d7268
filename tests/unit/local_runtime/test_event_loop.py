"""The local adapters never hold the event loop: while a store works or a password key is derived, HTTP, SMTP, the
cron and the queue worker go on. Checked by a ticker task that must get a turn during every such call (an adapter
doing its I/O or CPU work inline gives it none: the call completes without ever yielding)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from d1.database import Statement
from services.ports import OutboundMail
from tests.fakes import local_testbed


async def yields_while_running(call: Callable[[], Awaitable[object]]) -> bool:
    ticks = 0
    running = True

    async def ticker() -> None:
        nonlocal ticks
        while running:
            ticks += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    before = ticks
    try:
        await call()
    finally:
        running = False
        await task
    return ticks > before


STORAGE_CALLS = {
    "database.batch": lambda bed: bed.database.batch([Statement("SELECT 1")]),
    "database.all": lambda bed: bed.database.all("SELECT name FROM d1_migrations"),
    "kv.put": lambda bed: bed.context.kv.put("k", "v" * 100_000),
    "kv.get": lambda bed: bed.context.kv.get("k"),
    "blobs.put": lambda bed: bed.blobs.put("a/b.eml", b"x" * 5_000_000),
    "blobs.get": lambda bed: bed.blobs.get("a/b.eml"),
    "blobs.list": lambda bed: bed.blobs.list(""),
    "queue.send": lambda bed: bed.queue.send({"id": "j1", "kind": "k"}),
    "queue.lease_batch": lambda bed: bed.queue.lease_batch(10),
    "keys.pbkdf2_sha256": lambda bed: bed.context.keys.pbkdf2_sha256(b"password", b"salt", 100_000),
    "mailer.send (outbox)": lambda bed: bed.context.mailer.send(OutboundMail("a@cabinet.fr", "s", "x" * 1_000_000)),
}


@pytest.mark.parametrize("name", sorted(STORAGE_CALLS))
async def test_a_storage_call_lets_the_event_loop_run_other_work(tmp_path, name):
    bed = local_testbed(tmp_path)
    assert await yields_while_running(lambda: STORAGE_CALLS[name](bed))
