"""The bundle of ports every use case works with, built by one composition root per runtime
(`local.runtime` on one machine, `cf.context` on Workers, per request there)."""

from __future__ import annotations

from dataclasses import dataclass

from d1.database import Database
from domain.extraction.port import Extractor
from services.ports import BlobStore, Clock, Hub, IdGenerator, JobQueue, KeyValueStore

APP_VERSION = "0.1.0"


@dataclass(frozen=True)
class AppContext:
    db: Database
    kv: KeyValueStore
    blobs: BlobStore
    jobs: JobQueue
    hub: Hub
    clock: Clock
    ids: IdGenerator
    extractor: Extractor
    runtime: str  # "cloudflare" or "local"
