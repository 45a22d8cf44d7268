"""Filing behind the real SMTP door (`./poste serve`, smtplib on loopback): a message delivered twice is recorded
once, a different message under a used Message-ID gets a record of its own, and a server killed (SIGKILL) while mail
is being taken in and filed, then restarted, ends with the right number of records, each filed, "à classer" or
quarantined with its reason."""

from __future__ import annotations

import asyncio
import random
import smtplib
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from domain.actors import Actor
from local.config import LocalConfig
from local.runtime import open_runtime
from services.scope import SystemScope
from tests.api.seed import new_cabinet
from tests.api.test_mail_filing import dossier_with
from tests.runtime_process import RunningRuntime, start_runtime

ADDRESS = "martin@poste.example"
DONE = {"filed", "to_file", "quarantined"}
SETTLE_SECONDS = 60


def seed(data_dir: Path) -> None:
    """A cabinet with one dossier holding RG 24/01234."""
    local = open_runtime(LocalConfig(data_dir=data_dir))
    operator = SystemScope(local.context, Actor("operator", "test"), "test")

    async def create() -> None:
        cabinet = await new_cabinet(operator.ctx, ADDRESS)
        await dossier_with(operator.ctx, cabinet, rg="24/01234")

    try:
        asyncio.run(create())
    finally:
        local.close()


def message(n: int, *, body: str = "", message_id: str = "") -> bytes:
    rg = "24/01234" if n % 2 == 0 else f"25/{n:05d}"  # half of them name the dossier's RG
    text = body or f"L'affaire RG n° {rg} est fixée au 14 avril 2026."
    return (f"From: greffe@justice.fr\r\nTo: {ADDRESS}\r\nSubject: Avis {n}\r\n"
            f"Message-ID: {message_id or f'<filing-{n}@justice.fr>'}\r\n\r\n{text}\r\n").encode()  # fmt: skip


def malformed(n: int) -> bytes:
    """Not a MIME message at all (an Outlook .msg sent as is): quarantined, never lost."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + n.to_bytes(4, "big") + b"\x00" * 600


def rows(data_dir: Path) -> list[tuple[str, str, str, str]]:
    with sqlite3.connect(f"file:{data_dir / 'd1.sqlite'}?mode=ro", uri=True) as db:
        return db.execute(
            "SELECT id, status, filing_reason, quarantine_reason FROM inbound_mail WHERE recipient = ? ORDER BY id",
            (ADDRESS,),
        ).fetchall()


def settled(data_dir: Path, expected: int) -> list[tuple[str, str, str, str]]:
    deadline = time.monotonic() + SETTLE_SECONDS
    found = rows(data_dir)
    while time.monotonic() < deadline:
        found = rows(data_dir)
        if len(found) >= expected and all(status in DONE for _id, status, _r, _q in found):
            return found
        time.sleep(0.2)
    return found


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningRuntime]:
    data_dir = tmp_path_factory.mktemp("filing") / "data"
    seed(data_dir)
    running = start_runtime(data_dir)
    yield running
    code, output = running.stop()
    assert code == 0, output


def send(runtime: RunningRuntime, *raws: bytes) -> None:
    with smtplib.SMTP("127.0.0.1", runtime.smtp_port, timeout=30) as client:
        for raw in raws:
            client.sendmail("greffe@justice.fr", [ADDRESS], raw)


def test_the_same_message_delivered_twice_is_recorded_and_filed_once(runtime: RunningRuntime) -> None:
    before = len(rows(runtime.data_dir))
    send(runtime, message(0, message_id="<twice@justice.fr>"), message(0, message_id="<twice@justice.fr>"))
    found = settled(runtime.data_dir, before + 1)
    assert len(found) == before + 1
    assert [status for _id, status, _r, _q in found] == ["filed"] * len(found)


def test_another_message_under_a_used_message_id_gets_a_record_of_its_own(runtime: RunningRuntime) -> None:
    before = len(rows(runtime.data_dir))
    send(runtime, message(2, message_id="<reused@justice.fr>"),
         message(3, message_id="<reused@justice.fr>", body="Un tout autre texte, sans référence."))  # fmt: skip
    found = settled(runtime.data_dir, before + 2)
    assert len(found) == before + 2
    assert sorted(status for _id, status, _r, _q in found[-2:]) == ["filed", "to_file"]


def deliver(runtime: RunningRuntime, raws: dict[int, bytes], acknowledged: set[int]) -> None:
    """Sends in order until the server stops answering; records what was acknowledged (250)."""
    try:
        with smtplib.SMTP("127.0.0.1", runtime.smtp_port, timeout=10) as client:
            for n, raw in raws.items():
                client.sendmail("greffe@justice.fr", [ADDRESS], raw)
                acknowledged.add(n)
    except (OSError, smtplib.SMTPException):
        pass  # killed mid-conversation: the sender retries the rest


def test_a_server_killed_while_filing_ends_with_every_message_recorded_once_and_settled(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    seed(data_dir)
    rng = random.Random(20261202)
    wanted = {n: (malformed(n) if n % 10 == 9 else message(n)) for n in range(60)}
    acknowledged: set[int] = set()
    for _run in range(3):
        running = start_runtime(data_dir)
        pending = {n: raw for n, raw in wanted.items() if n not in acknowledged}
        sender = threading.Thread(target=deliver, args=(running, pending, acknowledged))
        sender.start()
        time.sleep(rng.uniform(0.1, 0.8))
        running.kill()
        sender.join(timeout=20)
    final = start_runtime(data_dir)
    try:
        deliver(final, {n: raw for n, raw in wanted.items() if n not in acknowledged}, acknowledged)
        assert acknowledged == set(wanted)
        found = settled(data_dir, len(wanted))
    finally:
        code, output = final.stop()
    assert code == 0, output
    assert len(found) == len(wanted)
    statuses = [status for _id, status, _r, _q in found]
    assert statuses.count("quarantined") == 6
    assert statuses.count("filed") == 30  # the even ones name the dossier's RG
    assert statuses.count("to_file") == 24
    assert all(reason for _id, status, _r, reason in found if status == "quarantined")
    assert all(reason for _id, status, reason, _q in found if status != "quarantined")


def test_the_operator_reprocesses_a_quarantined_message_by_its_id(tmp_path: Path) -> None:
    token = "jeton-d-exploitation-du-test-assez-long"
    running = start_runtime(tmp_path / "data", extra_env={"POSTE_OPERATOR_TOKEN": token})
    bearer = {"authorization": f"Bearer {token}"}
    try:
        with httpx.Client(base_url=running.base_url, timeout=30) as http:
            body = {"name": "Cabinet Martin", "slug": "martin", "admin_email": "m@martin.fr"}
            assert http.post("/api/operator/cabinets", json=body, headers=bearer).status_code == 201
            send(running, malformed(1))
            ((inbound_id, status, _r, reason),) = settled(running.data_dir, 1)
            assert (status, reason) == ("quarantined", "Fichier Outlook (.msg) et non un message MIME.")
            path = f"/api/operator/mail/{inbound_id}/reprocess"
            assert http.post(path, headers={"authorization": "Bearer autre"}).status_code == 401
            accepted = http.post(path, headers=bearer)
            assert (accepted.status_code, accepted.json()) == (202, {"status": "received"})
            assert http.post("/api/operator/mail/inconnu/reprocess", headers=bearer).status_code == 404
            assert [row[1] for row in settled(running.data_dir, 1)] == ["quarantined"]
    finally:
        code, output = running.stop()
    assert code == 0, output
