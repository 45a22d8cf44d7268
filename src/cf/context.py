"""The Workers composition root: the application's ports over a Worker's bindings (`self.env`, as wrapped by the
Workers SDK), built per invocation."""

from __future__ import annotations

from typing import Any

from cf.ai import WorkersAiRunner
from cf.d1 import D1Database
from cf.hub import DurableObjectHub
from cf.kv import WorkersKeyValueStore
from cf.queue import WorkersJobQueue
from cf.r2 import R2BlobStore
from services.context import AppContext
from services.extraction.grounded_ai import GroundedAiExtractor, RulesFallbackExtractor
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
        extractor=RulesFallbackExtractor(GroundedAiExtractor(WorkersAiRunner(getattr(env, "AI", None)))),
        runtime="cloudflare",
    )
