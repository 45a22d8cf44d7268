"""Builds the application's ports over a Worker's bindings (`self.env`, as wrapped by the Workers SDK)."""

from __future__ import annotations

from typing import Any

from cf.hub import DurableObjectHub
from cf.kv import WorkersKeyValueStore
from cf.queue import WorkersJobQueue
from cf.r2 import R2BlobStore
from d1.d1_database import D1Database
from services.context import AppContext
from services.system import SystemClock, UlidGenerator


def build_context(env: Any) -> AppContext:
    clock = SystemClock()
    return AppContext(
        db=D1Database(env.DB),
        kv=WorkersKeyValueStore(env.SESSIONS),
        blobs=R2BlobStore(env.DOCUMENTS),
        jobs=WorkersJobQueue(env.JOBS),
        hub=DurableObjectHub(env.HUB),
        clock=clock,
        ids=UlidGenerator(clock),
        runtime="cloudflare",
    )
