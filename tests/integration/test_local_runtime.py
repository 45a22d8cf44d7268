"""The local runtime as a user starts it: a real process, real HTTP, real SMTP, a real WebSocket, Ctrl-C."""

from __future__ import annotations

import asyncio
import json
import smtplib
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, WebSocketException

from domain.actors import Role
from local.config import LocalConfig
from local.runtime import open_runtime
from tests.api.seed import new_cabinet, person_of, signed_in
from tests.runtime_process import RunningRuntime, start_runtime

CABINET_ADDRESS = "cabinet-martin@poste.example"


SESSION: dict[str, str] = {}


def seed(data_dir: Path) -> dict[str, str]:
    """A cabinet, an avocat's and an associé's sessions, and the avocat's id, written through the runtime's own
    composition root before it starts."""
    local = open_runtime(LocalConfig(data_dir=data_dir))

    async def cabinet_and_sessions() -> dict[str, str]:
        cabinet = await new_cabinet(local.context, CABINET_ADDRESS)
        avocat = await signed_in(local.context, cabinet.id, Role.AVOCAT)
        associe = await signed_in(local.context, cabinet.id, Role.ASSOCIE)
        return {
            "token": avocat["authorization"].removeprefix("Bearer "),
            "avocat_id": (await person_of(local.context, cabinet.id, Role.AVOCAT)).id,
            "associe": associe["authorization"],
        }

    try:
        return asyncio.run(cabinet_and_sessions())
    finally:
        local.close()


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[RunningRuntime]:
    SESSION.update(seed(tmp_path / "data"))
    running = start_runtime(tmp_path / "data")
    yield running
    running.stop()


def send_mail(port: int, to: str) -> None:
    message = EmailMessage()
    message["From"] = "greffe.tj-paris@justice.fr"
    message["To"] = to
    message["Subject"] = "Avis de fixation — RG 24/01234"
    message["Message-ID"] = "<avis-1@justice.fr>"
    message.set_content("L'affaire est fixée à l'audience du lundi 2 février 2026 à 14 h 00.")
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.send_message(message)


def health(runtime: RunningRuntime) -> dict:
    response = httpx.get(f"{runtime.base_url}/api/health", timeout=5)
    assert response.status_code == 200
    return response.json()


def wait_for(predicate, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def test_health_reports_every_binding_healthy_without_secrets(runtime):
    report = health(runtime)
    assert report["status"] == "ok"
    assert report["runtime"] == "local"
    assert {name for name, state in report["bindings"].items() if state["ok"]} == {
        "database", "kv", "blobs", "queue", "inbound_mail",
    }  # fmt: skip
    assert report["bindings"]["database"]["migrations_missing"] == []
    assert str(runtime.data_dir) not in json.dumps(report)


def test_mail_sent_over_smtp_reaches_the_email_handler_and_is_processed(runtime):
    send_mail(runtime.smtp_port, "Cabinet-Martin+2026-0042@poste.example")
    send_mail(runtime.smtp_port, "inconnu@poste.example")
    counts = wait_for(lambda: health(runtime)["bindings"]["inbound_mail"]["messages_24h"].get("to_file") and
                      health(runtime)["bindings"]["inbound_mail"]["messages_24h"])  # fmt: skip
    assert counts == {"to_file": 1, "unrouted": 1}  # the cabinet has no dossier 2026-0042: à classer
    assert health(runtime)["bindings"]["queue"]["depth"] == 0


def test_a_message_over_25_mib_is_refused_at_the_smtp_door(runtime):
    with smtplib.SMTP("127.0.0.1", runtime.smtp_port, timeout=30) as client, pytest.raises(smtplib.SMTPException):
        client.sendmail("a@b.fr", [CABINET_ADDRESS], b"Subject: gros\r\n\r\n" + b"x" * (26 * 1024 * 1024))


def test_the_dashboard_and_spa_fallback_are_served_but_unknown_api_paths_are_404_in_french(runtime):
    assert "IA Poste Manager" in httpx.get(f"{runtime.base_url}/", timeout=5).text
    assert "IA Poste Manager" in httpx.get(f"{runtime.base_url}/dossiers/2026-0042", timeout=5).text
    missing = httpx.get(f"{runtime.base_url}/api/nulle-part", timeout=5)
    assert missing.status_code == 404
    assert missing.json() == {"erreur": "introuvable", "message": "Ressource introuvable."}


def test_the_realtime_socket_needs_a_session_and_answers_pings(runtime):
    url = f"ws://127.0.0.1:{runtime.http_port}/api/realtime"

    async def scenario() -> str:
        with pytest.raises(WebSocketException):
            async with connect(url) as anonymous:
                await anonymous.recv()
        cookie = {"Cookie": f"poste_session={SESSION['token']}"}
        with pytest.raises(WebSocketException):  # a page of another origin, even with the cookie
            async with connect(url, additional_headers=cookie, origin="http://localhost:9999") as foreign:  # type: ignore[arg-type]
                await foreign.recv()
        own = f"http://127.0.0.1:{runtime.http_port}"
        async with connect(url, additional_headers=cookie, origin=own) as ws:  # type: ignore[arg-type]
            assert json.loads(await asyncio.wait_for(ws.recv(), 5))["type"] == "ready"
            await ws.send("ping")
            return str(await asyncio.wait_for(ws.recv(), 5))

    assert asyncio.run(scenario()) == "pong"


def test_deactivating_a_person_closes_their_open_dashboard_at_once(runtime):
    url = f"ws://127.0.0.1:{runtime.http_port}/api/realtime"

    async def scenario() -> tuple[int, str]:
        async with connect(url, additional_headers={"Cookie": f"poste_session={SESSION['token']}"}) as ws:
            assert json.loads(await asyncio.wait_for(ws.recv(), 5))["type"] == "ready"
            await ws.send("ping")
            assert await asyncio.wait_for(ws.recv(), 5) == "pong"
            async with httpx.AsyncClient(base_url=runtime.base_url, timeout=10) as http:
                answer = await http.post(
                    f"/api/people/{SESSION['avocat_id']}/deactivate", headers={"authorization": SESSION["associe"]}
                )
                assert answer.status_code == 200, answer.text
            with pytest.raises(ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), 5)
            assert closed.value.rcvd is not None
            return closed.value.rcvd.code, closed.value.rcvd.reason

    assert asyncio.run(scenario()) == (4003, "Accès retiré.")


def test_ctrl_c_stops_cleanly_and_a_restart_finds_everything(runtime, tmp_path):
    send_mail(runtime.smtp_port, CABINET_ADDRESS)
    code, output = runtime.stop()
    assert code == 0, output
    assert "arrêté proprement" in output
    again = start_runtime(runtime.data_dir)
    try:
        assert sum(health(again)["bindings"]["inbound_mail"]["messages_24h"].values()) == 1
        wait_for(lambda: health(again)["bindings"]["inbound_mail"]["messages_24h"] == {"to_file": 1})
    finally:
        assert again.stop()[0] == 0
