"""CPython fixtures for the adapter contract suite: the local adapters, fresh for every test.

The Workers harness (tests/workers/) runs the same test functions against the Cloudflare adapters over Miniflare,
supplying objects under the same parameter names.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest

from d1.database import Database
from local.config import LocalConfig
from local.file_blobs import FileBlobStore
from local.key_derivation import HashlibKeyDeriver
from local.outbox import OutboxMailer
from local.runtime import open_runtime
from local.smtp_relay import SmtpRelayMailer
from local.sqlite_database import SqliteDatabase
from local.sqlite_kv import SqliteKeyValueStore
from local.sqlite_queue import SqliteJobQueue
from services.context import AppContext
from services.outbound_mail import DEFAULT_MAIL_FROM, parse_sender
from services.ports import Mailer
from services.system import SystemClock, UlidGenerator
from tests.contract.statement_log import RecordingDatabase, log_path, record_statement_origins
from tests.relay_server import RecordingHandler, relay_settings, running_relay

if log_path():  # the query-plan test is listening (tests/integration/test_query_plans.py)
    record_statement_origins()


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    database, _ = SqliteDatabase.open_migrated(tmp_path / "d1.sqlite")
    log = log_path()
    yield RecordingDatabase(database, log) if log else database
    database.close()


@pytest.fixture
def kv(tmp_path: Path) -> Iterator[SqliteKeyValueStore]:
    store = SqliteKeyValueStore(tmp_path / "kv.sqlite", SystemClock())
    yield store
    store.close()


@pytest.fixture
def blobs(tmp_path: Path) -> FileBlobStore:
    return FileBlobStore(tmp_path / "blobs", SystemClock())


@pytest.fixture
def keys() -> Iterator[HashlibKeyDeriver]:
    deriver = HashlibKeyDeriver()
    yield deriver
    deriver.close()


@pytest.fixture
def context(tmp_path: Path) -> Iterator[AppContext]:
    """The whole context as the local composition root builds it (the harness: `cf.context.build_context`)."""
    runtime = open_runtime(LocalConfig(data_dir=tmp_path / "data"))
    log = log_path()
    yield replace(runtime.context, db=RecordingDatabase(runtime.context.db, log)) if log else runtime.context
    runtime.close()


class LocalJobsProbe:
    """The queue under test, plus a consumer that takes what was delivered."""

    def __init__(self, queue: SqliteJobQueue) -> None:
        self.queue = queue

    async def receive(self) -> list[dict[str, Any]]:
        leased = self.queue.lease(max_batch=100)
        for job in leased:
            job.ack()
            self.queue.settle(job, handler_failed=False)
        return [job.body for job in leased]


@pytest.fixture
def jobs(tmp_path: Path) -> Iterator[LocalJobsProbe]:
    queue = SqliteJobQueue(tmp_path / "queue.sqlite", SystemClock())
    yield LocalJobsProbe(queue)
    queue.close()


class ScriptedAiRunner:
    """A faithful fake of the Workers AI binding behind the `AiRunner` port.

    Each call consumes the next scripted outcome: `{"response": value}` returns `{"response": value}` (the
    binding's shape in JSON mode), `{"result": value}` returns `value` (speech recognition models' shape),
    `{"error": "message"}` raises like the binding does, and `delay_ms` makes the call slow first. A call with
    nothing scripted raises, as an unexpected extra call should. With a responder (`respond_with`), each outcome
    is the responder's answer to the call instead (tests/contract/whisper_fake.py).
    """

    def __init__(self) -> None:
        self.outcomes: list[dict[str, Any]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.responder: Callable[[str, dict[str, Any]], dict[str, Any]] | None = None

    async def run(self, model: str, inputs: dict[str, Any]) -> Any:
        self.calls.append((model, copy.deepcopy(inputs)))
        if self.responder is not None:
            outcome = self.responder(model, copy.deepcopy(inputs))
        elif not self.outcomes:
            raise RuntimeError("AiError: no scripted outcome left")
        else:
            outcome = self.outcomes.pop(0)
        if outcome.get("delay_ms"):
            await asyncio.sleep(outcome["delay_ms"] / 1000)
        if "error" in outcome:
            raise RuntimeError(outcome["error"])
        if "result" in outcome:
            return copy.deepcopy(outcome["result"])
        return {"response": copy.deepcopy(outcome["response"])}


class ScriptedAi:
    def __init__(self) -> None:
        self.runner = ScriptedAiRunner()

    def script(self, outcomes: list[dict[str, Any]]) -> None:
        self.runner.outcomes.extend(outcomes)

    def respond_with(self, responder: Callable[[str, dict[str, Any]], dict[str, Any]]) -> None:
        self.runner.responder = responder

    @property
    def calls(self) -> list[tuple[str, dict[str, Any]]]:
        return self.runner.calls


@pytest.fixture
def scripted_ai() -> ScriptedAi:
    return ScriptedAi()


class OutboxProbe:
    """The outbox mailer, and what it wrote (the recipient is the `To:` header: a file has no envelope)."""

    def __init__(self, folder: Path) -> None:
        self.mailer: Mailer = OutboxMailer(folder, parse_sender(DEFAULT_MAIL_FROM), SystemClock(), UlidGenerator())
        self._folder = folder

    async def sent(self) -> list[tuple[str, bytes]]:
        files = sorted(self._folder.glob("*.eml"), key=lambda path: path.stat().st_mtime_ns)
        raws = [path.read_bytes() for path in files]
        return [(str(message_from_bytes(raw, policy=policy.default)["To"]), raw) for raw in raws]


class RelayProbe:
    """The relay mailer, and what a real SMTP server on loopback accepted from it."""

    def __init__(self, handler: RecordingHandler, port: int) -> None:
        sender = parse_sender(DEFAULT_MAIL_FROM)
        self.mailer: Mailer = SmtpRelayMailer(relay_settings(port), sender, SystemClock(), UlidGenerator())
        self._handler = handler

    async def sent(self) -> list[tuple[str, bytes]]:
        return [(recipient, mail.raw) for mail in self._handler.received for recipient in mail.rcpt_tos]


@pytest.fixture(params=["outbox", "relay"])
async def mailer(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[OutboxProbe | RelayProbe]:
    if request.param == "outbox":
        yield OutboxProbe(tmp_path / "outbox")
        return
    async with running_relay() as (handler, port):
        yield RelayProbe(handler, port)


# --- the transcriber contract (tests/contract/test_transcriber.py): the local adapter, the real model, espeak-ng


def _sample(clip: Any, keywords: tuple[str, ...] = (), allowed_misses: int = 3) -> Any:
    from tests.audio_clips import clip_seconds
    from tests.contract.transcriber_contract import Sample

    return Sample(clip.read(), clip.content_type, keywords, clip_seconds(clip), allowed_misses)


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """French clips and the others the contract needs, made once per session (scripts/bootstrap audio)."""
    from tests import audio_clips as made
    from tests.contract.transcriber_contract import ClipSet

    if made.tools_missing():
        pytest.skip("scripts/bootstrap audio installs espeak-ng and sox")
    pytest.importorskip("av")
    folder = tmp_path_factory.mktemp("audio-clips")
    keywords = made.HEARING_KEYWORDS
    return ClipSet(
        french=_sample(made.french_clip(folder, "wav"), keywords),
        silence=_sample(made.silence_clip(folder)),
        not_audio=_sample(made.not_audio_clip(folder)),
        corrupt=_sample(made.truncated_clip(folder)),
        long_french=_sample(
            made.long_french_clip(folder), (*keywords, "client", "dossier", "tribunal", "jugement", "appel"), 5
        ),
        english=_sample(made.english_clip(folder)),
        music=_sample(made.music_clip(folder)),
        extra={kind: _sample(made.french_clip(folder, kind), keywords, 4) for kind in ("opus", "m4a")},
    )


@pytest.fixture(scope="module")
def transcriber(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One faster-whisper transcriber per module: the model loads once."""
    from tests.audio_clips import local_model_or_skip

    found = local_model_or_skip(tmp_path_factory.mktemp("models"))
    yield found
    found.close()
