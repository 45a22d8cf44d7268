"""The CabinetHub Durable Object's logic (handlers/hub_room.py) on a faithful stand-in of the object's state, with
real SQLite notifications written and pushed by `scope.notify` + `scope.commit`."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from d1.database import Database, Row, SqlValue, Statement, StatementResult
from domain.actors import Role
from domain.notifications import Audience
from handlers.hub_room import HubRoom
from handlers.realtime import SocketOwner, parse_since
from local.config import LocalConfig
from local.runtime import open_runtime
from services.context import AppContext
from services.ports import JsonDict
from services.push import replay_frames
from tests.api.conftest import TEST_SETTINGS
from tests.api.seed import new_cabinet, person_of
from tests.realtime_seed import notify
from tests.unit.realtime.durable_object import (
    MAX_ATTACHMENT_BYTES,
    PYTHON_BRIDGE,
    FakeDurableObjectState,
    FakeWebSocket,
)


class RoomHub:
    """The Hub port as cf/hub.py is, minus the RPC: one room (Durable Object) per cabinet."""

    def __init__(self) -> None:
        self.rooms: dict[str, HubRoom] = {}
        self.states: dict[str, FakeDurableObjectState] = {}

    def room(self, cabinet_id: str) -> HubRoom:
        if cabinet_id not in self.rooms:
            self.states[cabinet_id] = FakeDurableObjectState()
            self.rooms[cabinet_id] = HubRoom(self.states[cabinet_id], PYTHON_BRIDGE)
        return self.rooms[cabinet_id]

    def rebuild(self, cabinet_id: str) -> HubRoom:
        """The object after hibernation: a new instance over the same sockets, tags and attachments."""
        self.rooms[cabinet_id] = HubRoom(self.states[cabinet_id], PYTHON_BRIDGE)
        return self.rooms[cabinet_id]

    async def publish(self, cabinet_id: str, event: JsonDict) -> int:
        return await self.room(cabinet_id).publish(event)

    async def disconnect(self, cabinet_id: str, person_id: str) -> int:
        return self.room(cabinet_id).disconnect(person_id)

    async def disconnect_session(self, cabinet_id: str, session_id: str) -> int:
        return self.room(cabinet_id).disconnect_session(session_id)


class PausedReads:
    """A Database whose reads run, then wait for `release` before answering: the window in which a Durable Object
    awaiting D1 handles other events (a publish arriving in the middle of a replay)."""

    def __init__(self, inner: Database) -> None:
        self._inner = inner
        self.reading = asyncio.Event()
        self.release = asyncio.Event()

    async def all(self, sql: str, *params: SqlValue) -> list[Row]:
        rows = await self._inner.all(sql, *params)
        self.reading.set()
        await self.release.wait()
        return rows

    async def first(self, sql: str, *params: SqlValue) -> Row | None:
        return await self._inner.first(sql, *params)

    async def run(self, sql: str, *params: SqlValue) -> StatementResult:
        return await self._inner.run(sql, *params)

    async def batch(self, statements: Sequence[Statement]) -> list[StatementResult]:
        return await self._inner.batch(statements)


@dataclass
class Cabinet:
    ctx: AppContext
    hub: RoomHub
    id: str
    avocat: str
    associe: str

    def owner(self, person_id: str, session_id: str = "s1", role: str = "avocat") -> SocketOwner:
        return SocketOwner(self.id, person_id, session_id, role)

    async def connect(self, name: str, owner: SocketOwner, since: int = 0) -> FakeWebSocket:
        ws = FakeWebSocket(name)
        await self.hub.room(owner.cabinet_id).connect(ws, owner, since, self.ctx)
        return ws


@pytest.fixture
async def cabinet(tmp_path: Path) -> AsyncIterator[Cabinet]:
    runtime = open_runtime(LocalConfig(data_dir=tmp_path / "data", settings=TEST_SETTINGS))
    hub = RoomHub()
    ctx = replace(runtime.context, hub=hub)
    created = await new_cabinet(ctx, "cabinet-martin@poste.example")
    avocat = await person_of(ctx, created.id, Role.AVOCAT)
    associe = await person_of(ctx, created.id, Role.ASSOCIE)
    yield Cabinet(ctx, hub, created.id, avocat.id, associe.id)
    runtime.close()


def seqs(ws: FakeWebSocket) -> list[tuple[str, Any, Any]]:
    return [(item["type"], item.get("seq", item.get("last_seq")), item.get("replay")) for item in ws.frames()]


async def test_a_dashboard_is_accepted_with_its_tags_and_an_attachment_then_told_it_is_ready(cabinet):
    ws = await cabinet.connect("a", cabinet.owner(cabinet.avocat, "sess-a"))
    state = cabinet.hub.states[cabinet.id]
    assert state.getTags(ws) == [f"cabinet:{cabinet.id}", f"person:{cabinet.avocat}", "session:sess-a"]
    attachment = ws.deserializeAttachment()
    assert {key: attachment[key] for key in ("person", "role", "session", "replaying", "ready_seq")} == {
        "person": cabinet.avocat, "role": "avocat", "session": "sess-a", "replaying": False, "ready_seq": 0,
    }  # fmt: skip
    assert ws.frames() == [{"type": "ready", "last_seq": 0, "replayed": 0}]


async def test_pings_are_answered_by_the_runtime_without_waking_the_object(cabinet):
    ws = await cabinet.connect("a", cabinet.owner(cabinet.avocat))
    state = cabinet.hub.states[cabinet.id]
    await state.receive(cabinet.hub.rooms[cabinet.id], ws, "ping")
    await state.receive(cabinet.hub.rooms[cabinet.id], ws, "bonjour")
    assert ws.sent[-1] == "pong"
    assert state.wakes == 1  # only the message that is not a ping reached the object
    assert len(ws.sent) == 2  # `ready`, `pong`: nothing answers an unknown message


async def test_the_attachment_fits_cloudflares_2048_bytes_even_with_long_ids(cabinet):
    ws = FakeWebSocket("long")
    with pytest.raises(ValueError, match="2048"):
        ws.serializeAttachment({"x": "é" * MAX_ATTACHMENT_BYTES})  # the stand-in refuses what Cloudflare refuses
    long_id = "x" * 200
    owner = SocketOwner(long_id, long_id, long_id, "collaborateur")
    await cabinet.hub.room(long_id).connect(ws, owner, 0, cabinet.ctx)
    assert len(json.dumps(ws.deserializeAttachment()).encode()) < MAX_ATTACHMENT_BYTES


async def test_a_notification_reaches_only_the_sockets_of_its_audience_without_its_to(cabinet):
    own = [await cabinet.connect(name, cabinet.owner(cabinet.avocat, name)) for name in ("tab1", "tab2")]
    other = await cabinet.connect("associe", cabinet.owner(cabinet.associe, "s-associe", "associe"))
    elsewhere = await new_cabinet(cabinet.ctx, "cabinet-durand@poste.example")
    foreign = await cabinet.connect("foreign", SocketOwner(elsewhere.id, cabinet.avocat, "s-x", "avocat"))
    await notify(cabinet.ctx, cabinet.id, Audience.people(cabinet.avocat))
    for ws in own:
        [_, pushed] = ws.frames()
        assert pushed["type"] == "notification"
        assert pushed["replay"] is False
        assert "to" not in pushed
        assert pushed["notification"]["title"] == "Courrier reçu"
    assert seqs(other) == [("ready", 0, None)]
    assert seqs(foreign) == [("ready", 0, None)]  # another cabinet's object: even the same person id hears nothing
    delivered = await cabinet.hub.publish(cabinet.id, {"type": "annonce"})  # no `to`: everyone of the cabinet
    assert delivered == 3
    assert other.frames()[-1] == {"type": "annonce"}


async def test_routing_survives_hibernation_from_tags_and_attachments_alone(cabinet):
    avocat = await cabinet.connect("avocat", cabinet.owner(cabinet.avocat, "s-avocat"))
    associe = await cabinet.connect("associe", cabinet.owner(cabinet.associe, "s-associe", "associe"))
    state = cabinet.hub.states[cabinet.id]
    state.auto_response = None
    cabinet.hub.rebuild(cabinet.id)
    assert state.auto_response is not None
    assert state.auto_response.request == "ping"
    await notify(cabinet.ctx, cabinet.id, Audience.people(cabinet.associe))
    assert [kind for kind, _, _ in seqs(associe)] == ["ready", "notification"]
    assert [kind for kind, _, _ in seqs(avocat)] == ["ready"]
    assert await cabinet.hub.disconnect_session(cabinet.id, "s-associe") == 1
    assert associe.closed == (4003, "Accès retiré.")
    assert avocat.closed is None


async def test_replay_then_ready_then_what_was_published_meanwhile_each_once_in_order(cabinet):
    for _ in range(3):
        await notify(cabinet.ctx, cabinet.id, Audience.people(cabinet.avocat))  # seq 1, 2, 3
    paused = PausedReads(cabinet.ctx.db)
    connecting = asyncio.create_task(
        cabinet.hub.room(cabinet.id).connect(
            ws := FakeWebSocket("a"), cabinet.owner(cabinet.avocat), 1, replace(cabinet.ctx, db=paused)
        )
    )
    await asyncio.wait_for(paused.reading.wait(), 5)  # the replay has been read (2, 3), not yet sent
    await notify(cabinet.ctx, cabinet.id, Audience.people(cabinet.avocat))  # seq 4, pushed during the replay
    await notify(cabinet.ctx, cabinet.id, Audience.people(cabinet.associe))  # seq 5: someone else's
    await notify(cabinet.ctx, cabinet.id, Audience.people(cabinet.avocat))  # seq 6
    replayed = [item for item in (await replay_frames(cabinet.ctx, cabinet.id, cabinet.avocat, 2))[:1]]
    await cabinet.hub.publish(cabinet.id, {**replayed[0], "replay": False, "to": [cabinet.avocat]})  # 3, late
    await cabinet.hub.publish(cabinet.id, {"type": "read", "ids": [], "all": True, "unread": 0,
                                           "to": [cabinet.avocat]})  # fmt: skip
    assert ws.sent == []  # held while replaying
    paused.release.set()
    await asyncio.wait_for(connecting, 5)
    await notify(cabinet.ctx, cabinet.id, Audience.people(cabinet.avocat))  # seq 7, live
    assert seqs(ws) == [
        ("notification", 2, True), ("notification", 3, True), ("ready", 3, None),
        ("notification", 4, False), ("notification", 6, False), ("read", None, None), ("notification", 7, False),
    ]  # fmt: skip
    assert ws.deserializeAttachment()["replaying"] is False


async def test_more_than_200_missed_is_a_resync_then_ready(cabinet):
    await notify(cabinet.ctx, cabinet.id, *[Audience.people(cabinet.avocat)] * 202)
    ws = await cabinet.connect("a", cabinet.owner(cabinet.avocat), since=1)
    assert ws.frames() == [
        {"type": "resync", "reason": "trop d'événements manqués"},
        {"type": "ready", "last_seq": 202, "replayed": 0},
    ]
    exactly = await replay_frames(cabinet.ctx, cabinet.id, cabinet.avocat, 2)
    assert len(exactly) == 201
    assert exactly[-1] == {"type": "ready", "last_seq": 202, "replayed": 200}


async def test_disconnect_closes_the_persons_sockets_and_disconnect_session_only_that_sessions(cabinet):
    tab1 = await cabinet.connect("tab1", cabinet.owner(cabinet.avocat, "s1"))
    tab2 = await cabinet.connect("tab2", cabinet.owner(cabinet.avocat, "s2"))
    associe = await cabinet.connect("associe", cabinet.owner(cabinet.associe, "s3", "associe"))
    assert await cabinet.hub.disconnect_session(cabinet.id, "s1") == 1
    assert (tab1.closed, tab2.closed) == ((4003, "Accès retiré."), None)
    assert await cabinet.hub.disconnect(cabinet.id, cabinet.avocat) == 1
    assert tab2.closed == (4003, "Accès retiré.")
    assert associe.closed is None
    assert await cabinet.hub.publish(cabinet.id, {"type": "annonce"}) == 1


async def test_a_socket_closed_during_its_replay_is_sent_nothing(cabinet):
    paused = PausedReads(cabinet.ctx.db)
    ws = FakeWebSocket("a")
    room = cabinet.hub.room(cabinet.id)
    connecting = asyncio.create_task(
        room.connect(ws, cabinet.owner(cabinet.avocat), 0, replace(cabinet.ctx, db=paused))
    )
    await asyncio.sleep(0)
    assert room.disconnect(cabinet.avocat) == 1
    paused.release.set()
    await asyncio.wait_for(connecting, 5)
    assert ws.sent == []
    assert ws.closed == (4003, "Accès retiré.")


async def test_a_socket_whose_replay_died_with_a_previous_instance_is_told_to_reconnect(cabinet):
    ws = await cabinet.connect("a", cabinet.owner(cabinet.avocat))
    ws.serializeAttachment({**ws.deserializeAttachment(), "replaying": True})  # evicted mid-replay
    cabinet.hub.rebuild(cabinet.id)
    assert await cabinet.hub.publish(cabinet.id, {"type": "annonce"}) == 0
    assert ws.closed is not None
    assert ws.closed[0] == 1012


async def test_a_close_reported_with_a_reserved_code_is_completed_with_1000(cabinet):
    ws = await cabinet.connect("a", cabinet.owner(cabinet.avocat))
    cabinet.hub.rooms[cabinet.id].on_close(ws, 1006, "")
    assert ws.closed == (1000, "")


@pytest.mark.parametrize(
    ("raw", "since"),
    [(None, 0), ("", 0), ("0", 0), ("124", 124), ("-1", None), ("1.5", None), ("abc", None), ("١٢", None),
     (" 1", None), ("9" * 19, None)],
)  # fmt: skip
def test_since_is_a_whole_number_at_least_zero(raw, since):
    assert parse_since(raw) == since
