"""The bundle of ports a handler works with, built once per runtime (per request on Workers)."""

from __future__ import annotations

from dataclasses import dataclass

from services.ports import BlobStore, Clock, Database, Hub, IdGenerator, JobQueue, KeyValueStore

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
    runtime: str  # "cloudflare" or "local"
