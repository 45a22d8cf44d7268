"""The Workers composition root: the application's ports over a Worker's bindings (`self.env`, as wrapped by the
Workers SDK), built per invocation."""

from __future__ import annotations

from typing import Any

from cf._convert import is_missing
from cf.ai import WorkersAiRunner
from cf.d1 import D1Database
from cf.hub import DurableObjectHub
from cf.key_derivation import WebCryptoKeyDeriver
from cf.kv import WorkersKeyValueStore
from cf.mailer import SendEmailMailer
from cf.queue import WorkersJobQueue
from cf.r2 import R2BlobStore
from cf.transcriber import WorkersAiTranscriber
from services.context import AppContext, AppSettings
from services.extraction.grounded_ai import GroundedAiExtractor, RulesFallbackExtractor
from services.outbound_mail import DEFAULT_MAIL_FROM
from services.system import SystemClock, UlidGenerator


def build_context(env: Any) -> AppContext:
    clock = SystemClock()
    ids = UlidGenerator(clock)
    return AppContext(
        db=D1Database(env.DB),
        kv=WorkersKeyValueStore(env.SESSIONS),
        blobs=R2BlobStore(env.DOCUMENTS),
        jobs=WorkersJobQueue(env.JOBS),
        hub=DurableObjectHub(env.HUB),
        clock=clock,
        ids=ids,
        keys=WebCryptoKeyDeriver(),
        extractor=RulesFallbackExtractor(GroundedAiExtractor(WorkersAiRunner(getattr(env, "AI", None)))),
        transcriber=WorkersAiTranscriber(WorkersAiRunner(getattr(env, "AI", None))),
        mailer=SendEmailMailer(getattr(env, "MAILER", None), mail_from(env), clock, ids),
        runtime="cloudflare",
        settings=settings_of(env),
        audio_jobs=audio_queue(env),
    )


def audio_queue(env: Any) -> WorkersJobQueue | None:
    """The audio lane's producer (`AUDIO_JOBS`); None where it is not bound (the jobs queue then takes audio)."""
    binding = getattr(env, "AUDIO_JOBS", None)
    return None if is_missing(binding) else WorkersJobQueue(binding)


def settings_of(env: Any) -> AppSettings:
    """wrangler.toml's [vars] (MAIL_DOMAIN, APP_BASE_URL, MAX_UPLOAD_BYTES) and the OPERATOR_TOKEN secret."""
    defaults = AppSettings()
    token = getattr(env, "OPERATOR_TOKEN", None)
    max_upload = getattr(env, "MAX_UPLOAD_BYTES", None)
    return AppSettings(
        mail_domain=str(getattr(env, "MAIL_DOMAIN", None) or defaults.mail_domain),
        base_url=str(getattr(env, "APP_BASE_URL", None) or defaults.base_url).rstrip("/"),
        operator_token=str(token) if token else None,
        max_upload_bytes=int(str(max_upload)) if max_upload else defaults.max_upload_bytes,
    )


def mail_from(env: Any) -> str:
    """`[vars] MAIL_FROM` from wrangler.toml: an address of a domain onboarded to Email Service."""
    value = getattr(env, "MAIL_FROM", None)
    return value if isinstance(value, str) and value else DEFAULT_MAIL_FROM
