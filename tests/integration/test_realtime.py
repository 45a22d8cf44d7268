"""The realtime hub of the local runtime, driven by real WebSocket clients over loopback against uvicorn serving the
application (in process, so the test writes notifications through the same use cases the runtime runs)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus

from domain.actors import Actor, Role
from domain.clients import Client, ClientKind
from domain.notifications import Audience
from local.config import LocalConfig
from local.http import build_local_app, http_server
from local.runtime import open_runtime
from services.clients import create_client
from services.context import AppContext
from services.dossiers import NewDossier, open_dossier
from services.scope import SystemScope
from tests.api.conftest import TEST_SETTINGS
from tests.api.seed import OPERATOR, avis, delivered, new_cabinet, person_of, signed_in
from tests.realtime_seed import notify

WAIT = 5.0


@dataclass
class Server:
    ctx: AppContext
    port: int

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def dashboard(self, token: str, since: int | str | None = None, origin: str | None = None) -> Any:
        query = "" if since is None else f"?since={since}"
        return connect(f"ws://127.0.0.1:{self.port}/api/realtime{query}", origin=origin or self.origin,  # type: ignore[arg-type]
                       additional_headers={"Cookie": f"poste_session={token}"}, open_timeout=WAIT)  # fmt: skip

    def http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.origin, timeout=WAIT)


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[Server]:
    runtime = open_runtime(
        LocalConfig(data_dir=tmp_path / "data", public_dir=tmp_path / "none", settings=TEST_SETTINGS)
    )
    uvicorn = http_server(build_local_app(runtime.context, runtime.config.public_dir), "127.0.0.1", 0)
    serving = asyncio.create_task(uvicorn.serve())
    for _ in range(500):  # uvicorn says when it listens by a flag only
        if uvicorn.started:
            break
        await asyncio.sleep(0.01)
    port = uvicorn.servers[0].sockets[0].getsockname()[1]
    yield Server(runtime.context, port)
    uvicorn.should_exit = True
    await asyncio.wait_for(serving, WAIT)
    runtime.close()


async def token(ctx: AppContext, cabinet_id: str, role: Role) -> str:
    return (await signed_in(ctx, cabinet_id, role))["authorization"].removeprefix("Bearer ")


async def received(ws: ClientConnection) -> dict[str, Any]:
    return dict(json.loads(await asyncio.wait_for(ws.recv(), WAIT)))


async def kinds_until_mark(ws: ClientConnection) -> list[str]:
    """The `type` (and notification type) of every frame before the `repère` frame the test published last: what
    the socket got, and nothing else (the mark reaches every socket of its cabinet after everything before it)."""
    seen = []
    while (item := await received(ws))["type"] != "repère":
        seen.append(item["notification"]["type"] if item["type"] == "notification" else item["type"])
    return seen


async def closed_with(ws: ClientConnection) -> tuple[int, str]:
    await asyncio.wait_for(ws.wait_closed(), WAIT)
    assert ws.close_code is not None
    return ws.close_code, ws.close_reason or ""


async def a_dossier_with_a_team(ctx: AppContext, cabinet_id: str) -> str:
    """A dossier whose responsible lawyer is the avocat and whose team is the assistant (not the associé)."""
    lawyer = await person_of(ctx, cabinet_id, Role.AVOCAT)
    assistant = await person_of(ctx, cabinet_id, Role.ASSISTANT)
    scope = (
        SystemScope(ctx, OPERATOR, "tests").for_cabinet(cabinet_id).acting_as(Actor("person", lawyer.id, Role.AVOCAT))
    )
    draft = Client("", "", ClientKind.NATURAL, "", "", civility="Mme", first_name="Claire", last_name="Dupont")
    client = await create_client(scope, draft)
    new = NewDossier(title="Dupont c/ SCI", client_ids=(client.id,), team_ids=(assistant.id,))
    return (await open_dossier(scope, new)).view.dossier.id


async def test_mail_and_its_filing_reach_exactly_their_audience_and_never_another_cabinet(server):
    ctx = server.ctx
    cabinet = await new_cabinet(ctx, "cabinet-martin@poste.example")
    other = await new_cabinet(ctx, "cabinet-durand@poste.example")
    dossier_id = await a_dossier_with_a_team(ctx, cabinet.id)
    tokens = {role: await token(ctx, cabinet.id, role) for role in (Role.AVOCAT, Role.ASSISTANT, Role.ASSOCIE)}
    async with (
        server.dashboard(tokens[Role.AVOCAT]) as avocat,
        server.dashboard(tokens[Role.ASSISTANT]) as assistant,
        server.dashboard(tokens[Role.ASSOCIE]) as associe,
        server.dashboard(await token(ctx, other.id, Role.ASSOCIE)) as foreign,
    ):
        for ws in (avocat, assistant, associe, foreign):
            assert (await received(ws))["type"] == "ready"
        inbound_id = await delivered(ctx, cabinet, avis("Avis de fixation"))  # not routed: everyone hears of it
        async with server.http() as http:  # the avocat files it by hand: the team hears of it, and of a hearing
            answer = await http.post(f"/api/mail/{inbound_id}/file", json={"dossier_id": dossier_id},
                                     headers={"authorization": f"Bearer {tokens[Role.AVOCAT]}"})  # fmt: skip
            assert answer.status_code == 200, answer.text
        for cabinet_id in (cabinet.id, other.id):
            await ctx.hub.publish(cabinet_id, {"type": "repère"})
        everyone = ["courrier.nouveau", "courrier.a_classer"]
        team = [*everyone, "courrier.classe", "echeance.suggeree"]  # filed by hand, then a hearing suggested
        assert await kinds_until_mark(avocat) == team
        assert await kinds_until_mark(assistant) == team
        assert await kinds_until_mark(associe) == everyone  # same cabinet, not on the dossier
        assert await kinds_until_mark(foreign) == []


async def test_a_type_turned_off_live_is_not_pushed_to_that_person_yet_stored_and_listed(server):
    ctx = server.ctx
    cabinet = await new_cabinet(ctx, "cabinet-martin@poste.example")
    avocat, associe = await token(ctx, cabinet.id, Role.AVOCAT), await token(ctx, cabinet.id, Role.ASSOCIE)
    async with server.http() as http:
        off = {"types": [{"type": "courrier.nouveau", "live": False, "digest": True}]}
        answer = await http.put("/api/notifications/preferences", json=off,
                                headers={"authorization": f"Bearer {avocat}"})  # fmt: skip
        assert answer.status_code == 200, answer.text
    async with server.dashboard(avocat) as quiet, server.dashboard(associe) as told:
        for ws in (quiet, told):
            assert (await received(ws))["type"] == "ready"
        await notify(ctx, cabinet.id, Audience.everyone(), title="Courrier reçu")  # a courrier.nouveau
        await ctx.hub.publish(cabinet.id, {"type": "repère"})
        assert await kinds_until_mark(quiet) == []
        assert await kinds_until_mark(told) == ["courrier.nouveau"]
    await notify(ctx, cabinet.id, Audience.everyone(), title="Pendant l'absence")  # seq 2, while they are away
    async with server.dashboard(avocat, since=1) as back:  # nor replayed to them: it is not live for them
        assert await received(back) == {"type": "ready", "last_seq": 1, "replayed": 0}
    async with server.http() as http:  # stored and listed all the same: preferences choose what interrupts
        listed = await http.get("/api/notifications", headers={"authorization": f"Bearer {avocat}"})
        assert [item["title"] for item in listed.json()["items"]] == ["Pendant l'absence", "Courrier reçu"]
        assert listed.json()["unread"] == 2


async def test_a_dashboard_that_reconnects_with_since_gets_what_it_missed_once_in_order_then_ready_then_live(server):
    ctx = server.ctx
    cabinet = await new_cabinet(ctx, "cabinet-martin@poste.example")
    avocat = await person_of(ctx, cabinet.id, Role.AVOCAT)
    associe = await person_of(ctx, cabinet.id, Role.ASSOCIE)
    own = await token(ctx, cabinet.id, Role.AVOCAT)
    async with server.dashboard(own) as ws:
        assert await received(ws) == {"type": "ready", "last_seq": 0, "replayed": 0}
        await notify(ctx, cabinet.id, Audience.people(avocat.id), title="Premier")
        first = await received(ws)
        assert (first["seq"], first["replay"], first["notification"]["title"]) == (1, False, "Premier")
    for title in ("Deuxième", "Troisième"):  # while the dashboard is away
        await notify(ctx, cabinet.id, Audience.people(avocat.id), title=title)
    await notify(ctx, cabinet.id, Audience.people(associe.id), Audience.people(avocat.id), title="Quatrième")
    async with server.dashboard(own, since=first["seq"]) as ws:
        frames = [await received(ws) for _ in range(4)]
        await notify(ctx, cabinet.id, Audience.people(avocat.id), title="En direct")
        live = await received(ws)
    replay = [(item["seq"], item["replay"], item["notification"]["title"]) for item in frames[:3]]
    assert replay == [(2, True, "Deuxième"), (3, True, "Troisième"), (5, True, "Quatrième")]  # 4 was the associé's
    assert frames[3] == {"type": "ready", "last_seq": 5, "replayed": 3}
    assert (live["seq"], live["replay"], live["notification"]["title"]) == (6, False, "En direct")


async def test_deactivating_a_person_closes_their_dashboards_with_4003(server):
    ctx = server.ctx
    cabinet = await new_cabinet(ctx, "cabinet-martin@poste.example")
    avocat = await person_of(ctx, cabinet.id, Role.AVOCAT)
    boss = await signed_in(ctx, cabinet.id, Role.ASSOCIE)
    async with server.dashboard(await token(ctx, cabinet.id, Role.AVOCAT)) as ws:
        assert (await received(ws))["type"] == "ready"
        async with server.http() as http:
            answer = await http.post(f"/api/people/{avocat.id}/deactivate", headers=boss)
            assert answer.status_code == 200, answer.text
        assert await closed_with(ws) == (4003, "Accès retiré.")


async def test_logging_out_closes_that_sessions_dashboard_with_4003_and_leaves_the_others_open(server):
    ctx = server.ctx
    cabinet = await new_cabinet(ctx, "cabinet-martin@poste.example")
    leaving, staying = await token(ctx, cabinet.id, Role.AVOCAT), await token(ctx, cabinet.id, Role.AVOCAT)
    async with server.dashboard(leaving) as gone, server.dashboard(staying) as kept:
        for ws in (gone, kept):
            assert (await received(ws))["type"] == "ready"
        async with server.http() as http:
            answer = await http.post("/api/auth/logout", headers={"authorization": f"Bearer {leaving}"})
            assert answer.status_code == 204, answer.text
        assert await closed_with(gone) == (4003, "Accès retiré.")
        await kept.send("ping")
        assert await asyncio.wait_for(kept.recv(), WAIT) == "pong"
        async with server.http() as http:  # « log out my other sessions » from a third one closes the kept one
            third = await token(ctx, cabinet.id, Role.AVOCAT)
            answer = await http.post("/api/auth/logout-others", headers={"authorization": f"Bearer {third}"})
            assert answer.status_code == 200, answer.text
        assert await closed_with(kept) == (4003, "Accès retiré.")


async def test_no_session_another_origin_or_a_bad_since_is_refused_before_the_upgrade(server):
    cabinet = await new_cabinet(server.ctx, "cabinet-martin@poste.example")
    own = await token(server.ctx, cabinet.id, Role.AVOCAT)
    attempts = [(server.dashboard("inconnu"), 401), (server.dashboard(own, origin="http://localhost:9999"), 401),
                (server.dashboard(own, since="-1"), 400), (server.dashboard(own, since="abc"), 400)]  # fmt: skip
    for attempt, status in attempts:
        with pytest.raises(InvalidStatus) as refused:
            async with attempt:
                pass
        assert refused.value.response.status_code == status
    async with server.dashboard(own, since="0") as ws:
        assert (await received(ws))["type"] == "ready"
