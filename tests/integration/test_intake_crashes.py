"""Nothing stored is left unprocessed, whatever instant the server dies: a real `poste serve` process is killed
(SIGKILL) at random instants while a sender delivers mail, then restarted; the sender retries what it did not see
acknowledged, as SMTP senders do. In the end every message is stored once, intact, and processed."""

from __future__ import annotations

import asyncio
import random
import smtplib
import threading
import time
from pathlib import Path

from domain.actors import Actor
from local.config import LocalConfig
from local.runtime import open_runtime
from services.inbound_mail import list_mail
from services.scope import SystemScope
from tests.api.seed import new_cabinet
from tests.runtime_process import RunningRuntime, start_runtime

ADDRESS = "martin@poste.example"
RUNS = 12  # kills; before the fix, about one kill in five landed between the record and its job
MESSAGES_PER_RUN = 25
SETTLE_SECONDS = 60


def message(n: int) -> bytes:
    return (f"From: greffe@justice.fr\r\nTo: {ADDRESS}\r\nSubject: Avis {n}\r\nMessage-ID: <crash-{n}@justice.fr>\r\n"
            f"\r\nL'affaire RG n° 24/{n:05d} est fixée au 14 avril 2026.\r\n").encode()  # fmt: skip


def deliver(runtime: RunningRuntime, numbers: list[int], acknowledged: set[int]) -> None:
    """Sends in order until the server stops answering; records what was acknowledged (250)."""
    try:
        with smtplib.SMTP("127.0.0.1", runtime.smtp_port, timeout=10) as client:
            for n in numbers:
                client.sendmail("greffe@justice.fr", [ADDRESS], message(n))
                acknowledged.add(n)
    except (OSError, smtplib.SMTPException):
        pass  # killed mid-conversation: the sender will retry the rest


def stored_mail(data_dir: Path) -> list[tuple[str, bytes, bool]]:
    runtime = open_runtime(LocalConfig(data_dir=data_dir))
    try:

        async def read() -> list[tuple[str, bytes, bool]]:
            operator = SystemScope(runtime.context, Actor("operator", "test"), "test")
            (cabinet,) = await operator.cross_cabinet.cabinets()
            scope, found, before = operator.for_cabinet(cabinet.id), [], None
            while page := await list_mail(scope, limit=200, before=before):
                before = page[-1][0].id
                found += await described(page)
            return found

        async def described(page: list) -> list[tuple[str, bytes, bool]]:
            found = []
            for inbound, reading in page:
                blob = await runtime.context.blobs.get(inbound.blob_key)
                assert blob is not None
                found.append((inbound.status.value, blob.data, reading is not None))
            return found

        return asyncio.run(read())
    finally:
        runtime.close()


def test_every_message_is_stored_once_intact_and_processed_whatever_instant_the_server_dies(tmp_path):
    data_dir = tmp_path / "data"
    seed = open_runtime(LocalConfig(data_dir=data_dir))
    operator = SystemScope(seed.context, Actor("operator", "test"), "test")
    asyncio.run(new_cabinet(operator.ctx, ADDRESS))
    seed.close()
    rng = random.Random(20261201)
    acknowledged: set[int] = set()
    sent = 0
    for _run in range(RUNS):
        runtime = start_runtime(data_dir)
        numbers = [n for n in range(sent) if n not in acknowledged] + list(range(sent, sent + MESSAGES_PER_RUN))
        sent += MESSAGES_PER_RUN
        sender = threading.Thread(target=deliver, args=(runtime, numbers, acknowledged))
        sender.start()
        time.sleep(rng.uniform(0.02, 0.6))
        runtime.kill()
        sender.join(timeout=20)
    final = start_runtime(data_dir)
    try:
        deliver(final, [n for n in range(sent) if n not in acknowledged], acknowledged)
        assert acknowledged == set(range(sent))
        deadline = time.monotonic() + SETTLE_SECONDS
        while time.monotonic() < deadline and final.process.poll() is None:
            totals = health_totals(final)
            if totals == {"to_file": sent}:  # read and put "à classer": the cabinet has no dossier
                break
            time.sleep(0.2)
    finally:
        code, output = final.stop()
    assert code == 0, output
    mail = stored_mail(data_dir)
    assert sorted(status for status, _raw, _read in mail) == ["to_file"] * sent, "some stored mail was never processed"
    assert sorted(raw for _status, raw, _read in mail) == sorted(message(n) for n in range(sent))
    assert all(read for _status, _raw, read in mail)


def health_totals(runtime: RunningRuntime) -> dict[str, int]:
    import httpx

    report = httpx.get(f"{runtime.base_url}/api/health", timeout=10).json()
    return dict(report["bindings"]["inbound_mail"]["messages_24h"])
