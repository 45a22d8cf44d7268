"""A voicemail behind the real SMTP door (`./poste serve`, smtplib on loopback), with the real model: the message
with its WAV attachment is filed in the dossier its address names (`slug+reference@…`), the attachment becomes a
document of the dossier, its text job hands it to the audio lane, faster-whisper transcribes it, and the facts said
in it become suggestions quoting their words and the moment they were said (docs/transcription.md)."""

from __future__ import annotations

import asyncio
import smtplib
import sqlite3
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from domain.actors import Actor
from local.config import LocalConfig
from local.runtime import open_runtime
from local.whisper_model import model_available
from services.scope import SystemScope
from tests.api.seed import new_cabinet
from tests.api.test_mail_filing import dossier_with
from tests.audio_clips import french_clip, tools_missing
from tests.runtime_process import RunningRuntime, start_runtime

ADDRESS = "martin@poste.example"
SETTLE_SECONDS = 180  # the model loads on first use, then transcribes a few seconds of speech

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(tools_missing()), reason="scripts/bootstrap audio installs espeak-ng and sox"),
    pytest.mark.skipif(not model_available(), reason="scripts/bootstrap audio installs faster-whisper and its model"),
]


def seed(data_dir: Path) -> tuple[str, str]:
    """A cabinet with one dossier: its id and reference."""
    local = open_runtime(LocalConfig(data_dir=data_dir))
    operator = SystemScope(local.context, Actor("operator", "test"), "test")

    async def create() -> tuple[str, str]:
        cabinet = await new_cabinet(operator.ctx, ADDRESS)
        return await dossier_with(operator.ctx, cabinet)

    try:
        return asyncio.run(create())
    finally:
        local.close()


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningRuntime, str, str]]:
    data_dir = tmp_path_factory.mktemp("voicemail") / "data"
    dossier_id, reference = seed(data_dir)
    running = start_runtime(data_dir)
    yield running, dossier_id, reference
    code, output = running.stop()
    assert code == 0, output


def voicemail(folder: Path, to: str) -> bytes:
    clip = french_clip(folder, "wav")  # « … Les conclusions doivent être déposées dans un délai de quinze jours. »
    message = EmailMessage()
    message["From"] = "standard@telephonie.fr"
    message["To"] = to
    message["Subject"] = "Nouveau message vocal (0:08)"
    message["Message-ID"] = "<voicemail-1@telephonie.fr>"
    message.set_content("Vous avez reçu un nouveau message vocal.")
    message.add_attachment(clip.read(), maintype="audio", subtype="wav", filename="message-vocal.wav")
    return message.as_bytes()


def query(data_dir: Path, sql: str, *params: str) -> list[tuple]:
    with sqlite3.connect(f"file:{data_dir / 'd1.sqlite'}?mode=ro", uri=True) as db:
        return db.execute(sql, params).fetchall()


def settled(data_dir: Path) -> list[tuple]:
    deadline = time.monotonic() + SETTLE_SECONDS
    found: list[tuple] = []
    while time.monotonic() < deadline:
        found = query(data_dir, "SELECT t.id, t.status, t.error, d.dossier_id FROM transcriptions t"
                      " JOIN documents d ON d.cabinet_id = t.cabinet_id AND d.id = t.document_id")  # fmt: skip
        if found and all(status in ("terminee", "echec") for _id, status, _e, _d in found):
            suggested = query(data_dir, "SELECT 1 FROM deadlines WHERE source = 'dictee'")
            if suggested or found[0][1] == "echec":
                return found
        time.sleep(0.5)
    return found


def test_a_voicemail_sent_by_smtp_ends_as_a_transcript_on_its_dossier_with_suggested_facts(runtime, tmp_path):
    running, dossier_id, reference = runtime
    to = f"martin+{reference}@poste.example"
    with smtplib.SMTP("127.0.0.1", running.smtp_port, timeout=30) as client:
        client.sendmail("standard@telephonie.fr", [to], voicemail(tmp_path, to))
    found = settled(running.data_dir)
    assert len(found) == 1, running.output.text()
    transcription_id, status, error, filed_in = found[0]
    assert (status, error, filed_in) == ("terminee", None, dossier_id), running.output.text()
    [(segments,)] = query(running.data_dir, "SELECT segments_json FROM transcript_versions WHERE transcription_id = ?"
                          " AND version = 1", transcription_id)  # fmt: skip
    assert "conclusions" in segments
    assert "15 jours" in segments or "quinze jours" in segments
    suggestions = query(running.data_dir, "SELECT dossier_id, status, quote FROM deadlines WHERE source = 'dictee'"
                        " AND source_id = ?", transcription_id)  # fmt: skip
    assert suggestions, running.output.text()
    for suggested_in, suggestion_status, quote in suggestions:
        assert (suggested_in, suggestion_status) == (dossier_id, "suggere")
        assert "délai" in quote
        assert "(à 0:0" in quote
    [(text_status,)] = query(running.data_dir, "SELECT v.text_status FROM document_versions v JOIN transcriptions t"
                             " ON t.cabinet_id = v.cabinet_id AND t.document_id = v.document_id"
                             " AND t.document_version = v.version WHERE t.id = ?", transcription_id)  # fmt: skip
    assert text_status == "extrait"
    notified = query(running.data_dir, "SELECT type FROM notifications WHERE subject_id = ?", transcription_id)
    assert notified == [("transcription.terminee",)]
