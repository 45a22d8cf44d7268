"""The audio lane is a lane of its own (docs/transcription.md): while a long dictation holds the model, mail that
arrives after it is still filed at once. The local runtime's two real queue workers run side by side on one event
loop, as `./poste serve` runs them; the model is held (a scripted transcriber that answers only when released),
which is what a long transcription looks like from the queues' side."""

from __future__ import annotations

import asyncio
from email.message import EmailMessage
from pathlib import Path

from d1.database import Database
from domain.transcripts import Transcript
from local.config import LocalConfig, QueueSettings
from local.queue_worker import run_queue_worker
from local.runtime import open_runtime
from services.inbound_mail import InboundEnvelope, receive_mail
from services.ports import Progress
from tests.api.seed import new_cabinet
from tests.api.test_mail_filing import dossier_with
from tests.fakes import FrozenClock, SequentialIds
from tests.scripted_transcriber import ScriptedTranscriber, wav_of

ADDRESS = "couloir@poste.example"


class HeldTranscriber(ScriptedTranscriber):
    """Starts at once, says so, and answers only once released."""

    def __init__(self) -> None:
        super().__init__()
        self.started = asyncio.Event()
        self.release = asyncio.Event()

    async def transcribe(
        self, audio: bytes, *, content_type: str, language: str = "fr", progress: Progress | None = None
    ) -> Transcript:
        self.started.set()
        await self.release.wait()
        return await super().transcribe(audio, content_type=content_type, language=language, progress=progress)


def message(to: str, subject: str, message_id: str, attachment: bytes | None = None) -> bytes:
    mail = EmailMessage()
    mail["From"] = "standard@telephonie.fr"
    mail["To"] = to
    mail["Subject"] = subject
    mail["Message-ID"] = message_id
    mail.set_content("Bonjour,\nVeuillez trouver ci-joint le message.\n")
    if attachment is not None:
        mail.add_attachment(attachment, maintype="audio", subtype="wav", filename="message-vocal.wav")
    return mail.as_bytes()


async def status_of(db: Database, sql: str, *params: str) -> str | None:
    row = await db.first(sql, *params)
    return None if row is None else str(row["status"])


async def until(check, what: str, seconds: float = 20.0) -> None:
    for _ in range(int(seconds / 0.02)):
        if await check():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"still waiting for {what}")


async def test_mail_arriving_during_a_long_transcription_is_filed_without_waiting_for_it(tmp_path: Path):
    model = HeldTranscriber()
    config = LocalConfig(data_dir=tmp_path, queue=QueueSettings(retry_delay_seconds=0),
                         audio_queue=QueueSettings(max_batch_size=1, retry_delay_seconds=0))  # fmt: skip
    runtime = open_runtime(config, clock=FrozenClock(), ids=SequentialIds(), transcriber=model)
    ctx, db = runtime.context, runtime.context.db
    stop = asyncio.Event()
    workers = [asyncio.create_task(run_queue_worker(runtime, stop)),
               asyncio.create_task(run_queue_worker(runtime, stop, audio=True))]  # fmt: skip
    try:
        cabinet = await new_cabinet(ctx, ADDRESS)
        dossier_id, reference = await dossier_with(ctx, cabinet)
        to = f"couloir+{reference}@poste.example"
        voicemail = await receive_mail(ctx, InboundEnvelope("standard@telephonie.fr", to, message(
            to, "Nouveau message vocal", "<vocal-1@telephonie.fr>", wav_of("dictée longue", seconds=2.0))))  # fmt: skip
        await asyncio.wait_for(model.started.wait(), 20)  # the voicemail was filed, and its transcription runs

        later = await receive_mail(ctx, InboundEnvelope("standard@telephonie.fr", to, message(
            to, "Conclusions adverses", "<courrier-2@avocat.fr>")))  # fmt: skip
        filed = "SELECT status FROM inbound_mail WHERE cabinet_id = ? AND id = ?"

        async def later_filed() -> bool:
            return await status_of(db, filed, cabinet.id, str(later.inbound_id)) == "filed"

        await until(later_filed, "the later message to be filed")
        transcription = "SELECT status FROM transcriptions WHERE cabinet_id = ?"
        assert await status_of(db, transcription, cabinet.id) == "en_cours"  # still held: filing did not wait
        assert await status_of(db, filed, cabinet.id, str(voicemail.inbound_id)) == "filed"

        model.release.set()

        async def transcribed() -> bool:
            return await status_of(db, transcription, cabinet.id) == "terminee"

        await until(transcribed, "the transcription to finish once the model answers")
        row = await db.first("SELECT d.dossier_id FROM transcriptions t JOIN documents d"
                             " ON d.cabinet_id = t.cabinet_id AND d.id = t.document_id WHERE t.cabinet_id = ?",
                             cabinet.id)  # fmt: skip
        assert row is not None
        assert row["dossier_id"] == dossier_id
    finally:
        model.release.set()
        stop.set()
        await asyncio.gather(*workers)
        runtime.close()
