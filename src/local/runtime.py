"""The local composition root: every local adapter under one data folder, and the AppContext the shared code gets.

Used by every entry point of the local runtime — the server, each CLI command, the tests — so that none of them
opens SQLite, builds a clock or picks an extractor on its own. Tests inject a frozen clock and predictable ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from domain.extraction import Extractor, RuleBasedExtractor
from local.config import LocalConfig, MailSettings
from local.file_blobs import FileBlobStore
from local.hub import InProcessHub
from local.key_derivation import HashlibKeyDeriver
from local.outbox import OutboxMailer
from local.smtp_relay import SmtpRelayMailer
from local.sqlite_database import SqliteDatabase
from local.sqlite_kv import SqliteKeyValueStore
from local.sqlite_queue import SqliteJobQueue
from local.transcriber import FasterWhisperTranscriber, local_transcriber
from services.context import AppContext
from services.job_registry import default_job_registry
from services.jobs import JobRegistry
from services.outbound_mail import parse_sender
from services.ports import Clock, IdGenerator, Mailer, Transcriber
from services.system import SystemClock, UlidGenerator


@dataclass
class LocalRuntime:
    config: LocalConfig
    context: AppContext
    database: SqliteDatabase
    kv: SqliteKeyValueStore
    queue: SqliteJobQueue
    audio_queue: SqliteJobQueue  # the audio lane (docs/transcription.md)
    blobs: FileBlobStore
    hub: InProcessHub
    keys: HashlibKeyDeriver
    job_registry: JobRegistry
    migrations_applied: list[str]

    def close(self) -> None:
        if isinstance(self.context.transcriber, FasterWhisperTranscriber):
            self.context.transcriber.close()
        self.database.close()
        self.kv.close()
        self.queue.close()
        self.audio_queue.close()
        self.keys.close()


def open_runtime(
    config: LocalConfig,
    *,
    clock: Clock | None = None,
    ids: IdGenerator | None = None,
    extractor: Extractor | None = None,
    job_registry: JobRegistry | None = None,
    mailer: Mailer | None = None,
    transcriber: Transcriber | None = None,
) -> LocalRuntime:
    """`transcriber`: the model recordings go through; by default faster-whisper with the model the `audio`
    dependency group installs (loaded on first use), or none where that group is not installed (recordings then
    wait for a model, retried with backoff, and fail with a French reason: docs/transcription.md)."""
    config.data_dir.mkdir(parents=True, exist_ok=True)
    clock = clock or SystemClock()
    ids = ids or UlidGenerator(SystemClock())
    mailer = mailer or local_mailer(config.mail, config.data_dir, clock, ids)  # first: a wrong setting opens nothing
    database, applied = SqliteDatabase.open_migrated(config.data_dir / "d1.sqlite")
    kv = SqliteKeyValueStore(config.data_dir / "kv.sqlite", clock)
    kv.purge_expired()  # Cloudflare KV forgets expired keys by itself; the local store catches up at each start
    queue = SqliteJobQueue(config.data_dir / "queue.sqlite", clock, max_retries=config.queue.max_retries)
    audio_queue = SqliteJobQueue(
        config.data_dir / "audio-queue.sqlite", clock, max_retries=config.audio_queue.max_retries
    )
    blobs = FileBlobStore(config.data_dir / "blobs", clock)
    hub = InProcessHub()
    keys = HashlibKeyDeriver()
    context = AppContext(
        db=database,
        kv=kv,
        blobs=blobs,
        jobs=queue,
        hub=hub,
        clock=clock,
        ids=ids,
        keys=keys,
        extractor=extractor or RuleBasedExtractor(),
        mailer=mailer,
        runtime="local",
        settings=config.settings,
        audio_jobs=audio_queue,
        transcriber=transcriber or local_transcriber(),
    )
    registry = job_registry or default_job_registry()
    return LocalRuntime(config, context, database, kv, queue, audio_queue, blobs, hub, keys, registry, applied)


def local_mailer(settings: MailSettings, data_dir: Path, clock: Clock, ids: IdGenerator) -> Mailer:
    """The relay when one is configured, else the outbox folder."""
    sender = parse_sender(settings.sender, setting="POSTE_MAIL_FROM")
    if settings.relay is not None:
        return SmtpRelayMailer(settings.relay, sender, clock, ids)
    return OutboxMailer(outbox_folder(data_dir), sender, clock, ids)


def outbox_folder(data_dir: Path) -> Path:
    return data_dir / "outbox"
