"""The bundle of ports every use case works with, built by one composition root per runtime
(`local.runtime` on one machine, `cf.context` on Workers, per request there)."""

from __future__ import annotations

from dataclasses import dataclass

from d1.database import Database
from domain.extraction.port import Extractor
from domain.passwords import ROUNDS
from services.ports import (
    BlobStore,
    Clock,
    Hub,
    IdGenerator,
    JobQueue,
    KeyDeriver,
    KeyValueStore,
    Mailer,
    Transcriber,
)

APP_VERSION = "0.1.0"


@dataclass(frozen=True)
class AppSettings:
    """What differs between deployments: read from wrangler vars and secrets on Workers, the environment locally."""

    mail_domain: str = "poste.example"  # cabinets' inbound addresses are {slug}@{mail_domain}
    base_url: str = "http://127.0.0.1:8787"  # where links in mail (invitations, resets) point
    operator_token: str | None = None  # the operator API's secret; None: the operator API refuses every call
    # Rounds of 100,000 PBKDF2 iterations for new password hashes (domain.passwords). Production keeps the default;
    # the test suites lower it to 1 so that seeding hundreds of people stays fast (hashes record their rounds).
    password_rounds: int = ROUNDS
    # The largest document an upload may send (POSTE_MAX_UPLOAD_BYTES locally, MAX_UPLOAD_BYTES on Workers). The
    # upload is streamed on both runtimes, but a download without a Range reads the whole version into memory
    # (BlobStore.get returns bytes): on Workers keep it well under the 128 MB a Worker has.
    max_upload_bytes: int = 50 * 1024 * 1024


@dataclass(frozen=True)
class AppContext:
    db: Database
    kv: KeyValueStore
    blobs: BlobStore
    jobs: JobQueue
    hub: Hub
    clock: Clock
    ids: IdGenerator
    keys: KeyDeriver
    extractor: Extractor
    mailer: Mailer
    runtime: str  # "cloudflare" or "local"
    settings: AppSettings
    # Recordings: their own queue (the audio lane, so a long dictation never delays mail filing) and the model.
    # None where a context never transcribes (tests of other features); the audio lane then falls back to `jobs`.
    transcriber: Transcriber | None = None
    audio_jobs: JobQueue | None = None
