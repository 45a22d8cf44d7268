"""The ports the application's use cases need, each implemented once for Cloudflare (cf/) and once locally (local/).

Everything here is a Protocol or a plain value type: no adapter, no runtime import. The Database port lives with
the repositories that use it, in `d1/database.py`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from domain.transcripts import Transcript

JsonDict = dict[str, Any]


# --- key-value with TTL (KV / SQLite)


@dataclass(frozen=True)
class KvEntry:
    value: str
    metadata: JsonDict | None = None


@dataclass(frozen=True)
class KvPage:
    keys: list[str]
    cursor: str | None = None


class KeyValueStore(Protocol):
    async def get(self, key: str) -> str | None: ...

    async def get_entry(self, key: str) -> KvEntry | None: ...

    async def put(
        self, key: str, value: str, *, ttl_seconds: int | None = None, metadata: JsonDict | None = None
    ) -> None: ...

    async def delete(self, key: str) -> None: ...

    async def list(self, prefix: str = "", cursor: str | None = None, limit: int = 1000) -> KvPage: ...


# --- blob store (R2 / files)


@dataclass(frozen=True)
class BlobInfo:
    key: str
    size: int
    etag: str
    uploaded: str  # UTC ISO-8601
    content_type: str | None = None
    custom_metadata: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Blob:
    info: BlobInfo
    data: bytes


@dataclass(frozen=True)
class ByteRange:
    """Either offset (+ optional length), or suffix (the last N bytes), as R2 accepts."""

    offset: int | None = None
    length: int | None = None
    suffix: int | None = None


@dataclass(frozen=True)
class BlobPage:
    objects: list[BlobInfo]
    prefixes: list[str]
    cursor: str | None = None


class BlobTooLarge(Exception):
    """A streamed write went past its `max_bytes`: nothing was kept under the key."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(f"blob larger than {max_bytes} bytes")
        self.max_bytes = max_bytes


class BlobStore(Protocol):
    async def put(
        self,
        key: str,
        data: bytes,
        *,
        content_type: str | None = None,
        custom_metadata: Mapping[str, str] | None = None,
    ) -> BlobInfo: ...

    async def put_stream(
        self,
        key: str,
        chunks: AsyncIterator[bytes],
        *,
        content_type: str | None = None,
        custom_metadata: Mapping[str, str] | None = None,
        max_bytes: int | None = None,
    ) -> BlobInfo:
        """Stores the chunks as one object without holding them whole (each adapter says how far it streams).
        Past `max_bytes` it stops reading, keeps nothing under the key and raises `BlobTooLarge`; if the chunks
        raise, nothing is kept either. The object appears only once complete. Its etag is opaque."""
        ...

    async def get(self, key: str, *, byte_range: ByteRange | None = None) -> Blob | None: ...

    async def head(self, key: str) -> BlobInfo | None: ...

    async def delete(self, key: str) -> None: ...

    async def list(
        self, prefix: str = "", *, cursor: str | None = None, limit: int = 1000, delimiter: str | None = None
    ) -> BlobPage: ...


# --- job queue (Queues / durable SQLite queue)


class JobQueue(Protocol):
    """Producer side. `job` is a JSON object with at least `id` (idempotency key) and `kind`."""

    async def send(self, job: JsonDict) -> None: ...

    async def depth(self) -> int | None:
        """Jobs waiting, or None where the platform cannot tell (Cloudflare Queues' binding)."""
        ...


class JobMessage(Protocol):
    """Consumer side: one delivered job; exactly one of ack() or retry() is called by the handler."""

    @property
    def body(self) -> JsonDict: ...

    @property
    def attempts(self) -> int: ...

    def ack(self) -> None: ...

    def retry(self, delay_seconds: int | None = None) -> None:
        """Delivered again later: after `delay_seconds` when given, else after the queue's own retry delay."""
        ...


# --- realtime hub (Durable Object / in-process)


class Hub(Protocol):
    """The cabinet's realtime hub (docs/realtime.md). An event is a frame plus `to`: the ids of the people whose
    dashboards receive it (absent: everyone connected to the cabinet); `to` itself is never sent."""

    async def publish(self, cabinet_id: str, event: JsonDict) -> int:
        """Pushes one event to its audience's connected dashboards; returns how many sockets got it."""
        ...

    async def disconnect(self, cabinet_id: str, person_id: str) -> int:
        """Closes the person's open dashboards (access withdrawn); returns how many were closed."""
        ...

    async def disconnect_session(self, cabinet_id: str, session_id: str) -> int:
        """Closes the dashboards opened with one session (logged out, revoked); returns how many were closed."""
        ...


# --- outbound mail (send_email binding / SMTP relay or outbox folder)


@dataclass(frozen=True)
class OutboundMail:
    """One message to one person. The sender is configuration (`MAIL_FROM`), never chosen by a use case."""

    to: str
    subject: str
    text: str
    html: str | None = None


class Mailer(Protocol):
    async def send(self, mail: OutboundMail) -> str:
        """Sends one message; returns the Message-ID it went out under (`<…@domain>`).

        A recipient that is not one valid address raises `domain.errors.InvalidInput` before anything is sent; a
        message the transport did not take raises `MailNotSent`."""
        ...


class MailNotSent(Exception):
    """The transport refused or failed the message. `temporary`: the same message may go through later (a relay
    down, a rate limit); otherwise sending it again will fail the same way (a refused recipient or sender)."""

    def __init__(self, message: str, *, temporary: bool) -> None:
        super().__init__(message)
        self.temporary = temporary


# --- transcription (Workers AI Whisper / faster-whisper)

# Called as the work advances with the fraction done (0.0 to 1.0), at most a few dozen times per recording.
Progress = Callable[[float], Awaitable[None]]


class Transcriber(Protocol):
    async def transcribe(
        self, audio: bytes, *, content_type: str, language: str = "fr", progress: Progress | None = None
    ) -> Transcript:
        """What is said in the recording, in timed segments (docs/transcription.md).

        Audio that is not a recording either adapter reads raises `domain.audio.UnsupportedAudio`, corrupt audio
        `UnusableAudio`, too much `AudioTooLarge`; a model that fails raises `TranscriptionFailed` (with
        `temporary` saying whether a retry may succeed). Silence is not an error: an empty transcript."""
        ...


# --- clock, identifiers and randomness


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware UTC."""
        ...


class IdGenerator(Protocol):
    def new_id(self) -> str:
        """Opaque, time-ordered, unguessable."""
        ...

    def new_token(self) -> str:
        """A secret: 256 random bits, URL-safe (session tokens, invitation links)."""
        ...

    def random_bytes(self, n: int) -> bytes:
        """`n` bytes from a cryptographically secure source (salts, TOTP secrets, recovery codes)."""
        ...


# --- key derivation (WebCrypto / hashlib)


class KeyDeriver(Protocol):
    async def pbkdf2_sha256(self, password: bytes, salt: bytes, iterations: int, length: int = 32) -> bytes:
        """PBKDF2-HMAC-SHA256 (RFC 8018). Both adapters refuse what Cloudflare's production runtime refuses:
        more than `limits.PBKDF2_MAX_ITERATIONS` per call (see `limits.check_pbkdf2`)."""
        ...
