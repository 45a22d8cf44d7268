"""Ending sessions closes their dashboards (4003) once the change has committed: a password change ends the other
sessions, ending one session from the account page ends that one, a completed reset and a deactivation end them all;
a hub that cannot be reached then undoes nothing."""

from __future__ import annotations

import re
from dataclasses import replace
from email import message_from_bytes, policy
from pathlib import Path

from domain.actors import Actor, Role
from handlers.realtime import SocketOwner
from local.config import LocalConfig
from local.runtime import open_runtime, outbox_folder
from services.account import change_password, end_my_session
from services.password_reset import complete_reset, request_reset
from services.people import set_active
from services.scope import CabinetScope, SystemScope
from services.sessions import find_session
from tests.api.conftest import TEST_SETTINGS
from tests.api.seed import OPERATOR, PASSWORD, new_cabinet, person_of, signed_in
from tests.unit.realtime.durable_object import FakeWebSocket
from tests.unit.realtime.test_hub_room import RoomHub

WITHDRAWN = (4003, "Accès retiré.")


async def dashboards(tmp_path: Path, count: int):
    runtime = open_runtime(LocalConfig(data_dir=tmp_path / "data", settings=TEST_SETTINGS))
    hub = RoomHub()
    ctx = replace(runtime.context, hub=hub)
    cabinet = await new_cabinet(ctx, "cabinet-martin@poste.example")
    person = await person_of(ctx, cabinet.id, Role.AVOCAT)
    sessions, sockets = [], []
    for index in range(count):
        headers = await signed_in(ctx, cabinet.id, Role.AVOCAT)
        session = await find_session(ctx, headers)
        assert session is not None
        ws = FakeWebSocket(f"tab{index}")
        await hub.room(cabinet.id).connect(ws, SocketOwner(cabinet.id, person.id, session.session_id, "avocat"), 0, ctx)
        sessions.append(session)
        sockets.append(ws)
    scope = CabinetScope(ctx, cabinet.id, Actor("person", person.id, Role.AVOCAT), "api")
    return runtime, scope, person, sessions, sockets


async def test_a_password_change_closes_the_other_sessions_dashboards_but_not_its_own(tmp_path):
    runtime, scope, _person, sessions, sockets = await dashboards(tmp_path, 3)
    await change_password(scope, sessions[0], current=PASSWORD, new="un tout nouveau mot de passe solide")
    assert [ws.closed for ws in sockets] == [None, WITHDRAWN, WITHDRAWN]
    runtime.close()


async def test_ending_one_session_from_the_account_page_closes_only_its_dashboard(tmp_path):
    runtime, scope, _person, sessions, sockets = await dashboards(tmp_path, 2)
    await end_my_session(scope, sessions[1].session_id)
    assert [ws.closed for ws in sockets] == [None, WITHDRAWN]
    runtime.close()


async def test_a_completed_password_reset_closes_every_dashboard_of_the_person(tmp_path):
    runtime, scope, person, _sessions, sockets = await dashboards(tmp_path, 2)
    system = SystemScope(scope.ctx, OPERATOR, "tests")
    emails = await scope.people.get(person.id)
    assert emails is not None
    await request_reset(system, emails.email)
    [mail] = list(outbox_folder(runtime.config.data_dir).glob("*.eml"))
    text = message_from_bytes(mail.read_bytes(), policy=policy.default).get_body(("plain",)).get_content()
    token = re.search(r"/reinitialisation/(\S+)", text).group(1)  # type: ignore[union-attr]
    await complete_reset(system, token, "un tout nouveau mot de passe solide")
    assert [ws.closed for ws in sockets] == [WITHDRAWN, WITHDRAWN]
    runtime.close()


class UnreachableHub(RoomHub):
    """A hub whose object cannot be reached (a Durable Object RPC failing)."""

    async def disconnect(self, cabinet_id: str, person_id: str) -> int:
        raise ConnectionError("hub unreachable")


async def test_deactivation_closes_every_dashboard_of_the_person_and_a_hub_failure_undoes_nothing(tmp_path):
    runtime, scope, person, _sessions, sockets = await dashboards(tmp_path, 2)
    boss = await person_of(scope.ctx, scope.cabinet_id, Role.ASSOCIE)
    associe = CabinetScope(scope.ctx, scope.cabinet_id, Actor("person", boss.id, Role.ASSOCIE), "api")
    assert (await set_active(associe, person.id, False)).active is False
    assert [ws.closed for ws in sockets] == [WITHDRAWN, WITHDRAWN]
    assert (await set_active(associe, person.id, True)).active is True
    unreachable = replace(associe, ctx=replace(associe.ctx, hub=UnreachableHub()))
    assert (await set_active(unreachable, person.id, False)).active is False  # committed: the failure is logged
    stored = await unreachable.people.get(person.id)
    assert stored is not None
    assert stored.active is False
    runtime.close()
