"""The SMTP door of the local runtime, driven by Python's smtplib on loopback: nothing a sender may legitimately
send is bounced or altered, and nothing it sends can freeze the server, split a message in two or leave a copy
without its record."""

from __future__ import annotations

import asyncio
import re
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
from local.file_blobs import FileBlobStore
from local.runtime import open_runtime
from services.scope import SystemScope
from services.system import SystemClock
from tests.api.seed import new_cabinet
from tests.runtime_process import RunningRuntime, start_runtime

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "email"
CORPUS_FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file()) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(not CORPUS_FILES, reason=f"shared corpus absent: {CORPUS} (clone ../shared beside)")

SENDER = "greffe.tj-paris@justice.fr"
MESSAGE = b"From: greffe.tj-paris@justice.fr\r\nSubject: Avis\r\nMessage-ID: <avis-2@justice.fr>\r\n\r\nAudience.\r\n"


def to(tag: str) -> str:
    return f"cabinet-martin+{tag}@poste.example"


def seed(data_dir: Path) -> None:
    local = open_runtime(LocalConfig(data_dir=data_dir))
    operator = SystemScope(local.context, Actor("operator", "test"), "test")
    try:
        asyncio.run(new_cabinet(operator.ctx, "cabinet-martin@poste.example"))
    finally:
        local.close()


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningRuntime]:
    """One server for the module: each test writes to its own recipients (`to(tag)`) and reads only those."""
    data_dir = tmp_path_factory.mktemp("smtp") / "data"
    seed(data_dir)
    running = start_runtime(data_dir)
    yield running
    code, output = running.stop()
    assert code == 0, output


def smtp(runtime: RunningRuntime) -> smtplib.SMTP:
    client = smtplib.SMTP("127.0.0.1", runtime.smtp_port, timeout=60)
    client.ehlo()
    return client


def stored(runtime: RunningRuntime, tag: str) -> dict[str, bytes]:
    """Each recorded recipient whose tag starts with `tag`, and the raw copy kept for it, read beside the server."""
    with sqlite3.connect(f"file:{runtime.data_dir / 'd1.sqlite'}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT recipient, blob_key FROM inbound_mail WHERE recipient LIKE ?", (to(tag).replace("@", "%@"),)
        ).fetchall()
    blobs = FileBlobStore(runtime.data_dir / "blobs", SystemClock())

    async def read(key: str) -> bytes:
        blob = await blobs.get(key)
        assert blob is not None, f"record without its blob: {key}"
        return blob.data

    return {recipient: asyncio.run(read(key)) for recipient, key in rows}


def copies_without_record(runtime: RunningRuntime) -> int:
    with sqlite3.connect(f"file:{runtime.data_dir / 'd1.sqlite'}?mode=ro", uri=True) as db:
        (records,) = db.execute("SELECT count(*) FROM inbound_mail").fetchone()
    return sum(1 for _ in (runtime.data_dir / "blobs").rglob("*.blob")) - int(records)


def data_as_rfc5321_sends_it(raw: bytes) -> bytes:
    """What a client puts on the wire after DATA (RFC 5321 §4.5.2): a dot doubled at the start of each line — the
    data's start and after each CRLF, never after a bare LF —, the last line ended by CRLF, then the end line."""
    ended = raw if raw.endswith(b"\r\n") else raw + b"\r\n"
    return re.sub(rb"(?:^|(?<=\r\n))\.", b"..", ended) + b".\r\n"


def send_data(client: smtplib.SMTP, recipient: str, wire: bytes) -> tuple[int, bytes]:
    """One transaction whose DATA bytes are exactly `wire` (dot-stuffing and end line included)."""
    client.mail(SENDER)
    client.rcpt(recipient)
    code, text = client.docmd("DATA")
    assert code == 354, text
    client.send(wire)
    return client.getreply()


def test_an_envelope_takes_a_hundred_recipients_then_answers_452_to_the_next_ones(runtime):
    recipients = [to(f"nombreux-{n:04d}") for n in range(1_000)]
    with smtp(runtime) as client:
        refused = client.sendmail(SENDER, recipients, MESSAGE)
    assert sorted(refused) == recipients[100:]
    assert {code for code, _ in refused.values()} == {452}
    assert all(text.startswith(b"4.5.3 Trop de destinataires") for _, text in refused.values())
    assert sorted(stored(runtime, "nombreux-")) == recipients[:100]


HEALTH_BOUND_SECONDS = 2.0  # generous on a busy test machine; a held event loop answers in whole seconds


def test_health_answers_promptly_while_a_thousand_recipient_envelope_is_delivered(runtime):
    # Before: every recipient's storage ran on the event loop, so one big envelope held HTTP for its whole delivery.
    recipients = [to(f"sante-{n:04d}") for n in range(1_000)]
    body = b"Subject: Avis a tous\r\nMessage-ID: <sante@justice.fr>\r\n\r\n" + b"Audience le 2 mars.\r\n" * 10_000
    latencies: list[float] = []
    delivering = threading.Event()

    def probe() -> None:
        with httpx.Client(base_url=runtime.base_url, timeout=60) as client:
            while delivering.is_set():
                started = time.perf_counter()
                assert client.get("/api/health").status_code == 200
                latencies.append(time.perf_counter() - started)

    delivering.set()
    prober = threading.Thread(target=probe)
    prober.start()
    try:
        with smtp(runtime) as client:
            refused = client.sendmail(SENDER, recipients, body)
    finally:
        delivering.clear()
        prober.join(timeout=90)
    assert len(refused) == 900
    assert len(stored(runtime, "sante-")) == 100
    assert len(latencies) >= 3, "the delivery was too quick to probe"
    assert max(latencies) < HEALTH_BOUND_SECONDS, sorted(latencies)[-5:]


@pytest.mark.parametrize("command", ["MAIL FROM", "RCPT TO"])
def test_an_envelope_address_that_is_not_utf8_is_refused_for_good_and_leaves_no_copy(runtime, command):
    with smtp(runtime) as client:
        for _attempt in range(2):  # the sender's retry gets the same permanent answer
            if command == "RCPT TO":
                client.mail(SENDER)
            client.send(f"{command}:<".encode() + b"ma\xeetre@avocats.fr>\r\n")
            code, text = client.getreply()
            assert code == 553
            assert "UTF-8" in text.decode()
            client.rset()
        tag = f"apres-{command[:4].lower()}"
        assert send_data(client, to(tag), data_as_rfc5321_sends_it(MESSAGE))[0] == 250
    assert list(stored(runtime, tag)) == [to(tag)]
    assert copies_without_record(runtime) == 0


@needs_corpus
def test_every_corpus_file_sent_as_is_is_kept_byte_for_byte(runtime):
    sent: dict[str, bytes] = {}
    refused: dict[str, tuple[int, bytes]] = {}
    with smtp(runtime) as client:
        for n, path in enumerate(CORPUS_FILES):
            raw, recipient = path.read_bytes(), to(f"corpus-{n}")
            code, text = send_data(client, recipient, data_as_rfc5321_sends_it(raw))
            if code == 250:
                sent[recipient] = raw if raw.endswith(b"\r\n") else raw + b"\r\n"  # the end line's CRLF is data
            else:
                refused[str(path.relative_to(CORPUS))] = (code, text)
    assert refused == {}
    kept = stored(runtime, "corpus-")
    assert [r for r in sent if kept.get(r) != sent[r]] == []
    assert len(kept) == len(CORPUS_FILES)


@pytest.mark.parametrize("lookalike", [b"\n.\n", b"\r.\n", b"\n.\r\n", b"\r.\r\n"], ids=repr)
def test_only_crlf_dot_crlf_ends_the_data_so_no_second_message_can_be_smuggled(runtime, lookalike):
    smuggled = (
        b"MAIL FROM:<pirate@exemple.fr>\r\nRCPT TO:<" + to("vole").encode() + b">\r\nDATA\r\n"
        b"Subject: passager clandestin\r\n\r\nvole\r\n"
    )
    message = b"Subject: contrebande\r\n\r\nun" + lookalike + smuggled
    tag = f"legitime-{lookalike.hex()}"
    with smtp(runtime) as client:
        code, _ = send_data(client, to(tag), message + b".\r\n")
        assert code == 250
        assert client.noop()[0] == 250
    # Had the look-alike ended the data, the rest would have been read as a second transaction, to "vole".
    assert stored(runtime, tag) == {to(tag): message}
    assert stored(runtime, "vole") == {}


def test_dots_are_unstuffed_only_at_the_start_of_a_crlf_line(runtime):
    wire = b"..Premiere ligne\r\nSubject: points\r\n\r\n..un\r\ndeux\n.trois\n..quatre\r\n...\r\n.\r\n"
    with smtp(runtime) as client:
        assert send_data(client, to("points"), wire)[0] == 250
    assert stored(runtime, "points") == {
        to("points"): b".Premiere ligne\r\nSubject: points\r\n\r\n.un\r\ndeux\n.trois\n..quatre\r\n..\r\n"
    }


def test_a_dot_that_smtplib_doubles_after_a_bare_lf_is_kept_as_sent(runtime):
    # smtplib doubles a dot after any LF; RFC 5321 removes one only after CRLF, so the copy keeps what was sent.
    with smtp(runtime) as client:
        client.sendmail(SENDER, [to("smtplib")], b"Subject: points\n\n.ligne\n")
    assert stored(runtime, "smtplib") == {to("smtplib"): b"Subject: points\n\n..ligne\n\r\n"}
