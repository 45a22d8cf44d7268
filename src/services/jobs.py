"""Background jobs as typed values, and the registry the consumer dispatches on.

A job's body is JSON with an `id` (its idempotency key: sending the same job twice runs it to the same end) and a
`kind`; each kind is a frozen dataclass that builds and parses its own body. The registry is built by the
composition root and handed to the consumer, so tests register their own kinds instead of patching globals.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, Self, TypeVar

from services.context import AppContext
from services.ports import JsonDict


class InvalidJob(ValueError):
    """A body that does not describe a job of its kind (missing or mistyped field)."""


class RetryLater(Exception):
    """Raised by a job whose work may succeed later (a model's service busy): the consumer retries the message
    after `seconds` instead of the queue's own delay, and logs no failure."""

    def __init__(self, seconds: int, reason: str = "") -> None:
        super().__init__(reason or f"retry in {seconds} s")
        self.seconds = seconds


def text_field(body: JsonDict, name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise InvalidJob(f"job {body.get('id')!r}: field {name!r} must be a non-empty string")
    return value


class Job(Protocol):
    kind: ClassVar[str]

    def body(self) -> JsonDict: ...

    @classmethod
    def parse(cls, body: JsonDict) -> Self: ...


@dataclass(frozen=True)
class MailReceived:
    """Read a stored inbound message: check its digest, read it, extract its facts, file it (docs/courrier.md)."""

    kind: ClassVar[str] = "mail.received"
    cabinet_id: str
    inbound_id: str

    def body(self) -> JsonDict:
        return {"id": f"{self.kind}:{self.inbound_id}", "kind": self.kind, "cabinet_id": self.cabinet_id,
                "inbound_id": self.inbound_id}  # fmt: skip

    @classmethod
    def parse(cls, body: JsonDict) -> Self:
        return cls(text_field(body, "cabinet_id"), text_field(body, "inbound_id"))


@dataclass(frozen=True)
class CabinetCronTask:
    """One cabinet's share of a cron task's run: one job per cabinet, so a failing cabinet never blocks another."""

    kind: ClassVar[str] = "cron.cabinet"
    cabinet_id: str
    task: str
    run_key: str
    scheduled_at: str  # UTC ISO-8601 of the firing

    def body(self) -> JsonDict:
        return {"id": f"{self.kind}:{self.task}:{self.run_key}:{self.cabinet_id}", "kind": self.kind,
                "cabinet_id": self.cabinet_id, "task": self.task, "run_key": self.run_key,
                "scheduled_at": self.scheduled_at}  # fmt: skip

    @classmethod
    def parse(cls, body: JsonDict) -> Self:
        return cls(*(text_field(body, name) for name in ("cabinet_id", "task", "run_key", "scheduled_at")))


@dataclass(frozen=True)
class DocumentText:
    """Extract a document version's text, index it for search and record its text status."""

    kind: ClassVar[str] = "document.text"
    cabinet_id: str
    document_id: str
    version: int

    def body(self) -> JsonDict:
        return {"id": f"{self.kind}:{self.document_id}:v{self.version}", "kind": self.kind,
                "cabinet_id": self.cabinet_id, "document_id": self.document_id, "version": self.version}  # fmt: skip

    @classmethod
    def parse(cls, body: JsonDict) -> Self:
        version = body.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise InvalidJob(f"job {body.get('id')!r}: field 'version' must be a positive integer")
        return cls(text_field(body, "cabinet_id"), text_field(body, "document_id"), version)


@dataclass(frozen=True)
class TranscribeRecording:
    """Transcribe one recording on the audio lane, then read its facts (docs/transcription.md)."""

    kind: ClassVar[str] = "recording.transcribe"
    cabinet_id: str
    transcription_id: str

    def body(self) -> JsonDict:
        return {"id": f"{self.kind}:{self.transcription_id}", "kind": self.kind, "cabinet_id": self.cabinet_id,
                "transcription_id": self.transcription_id}  # fmt: skip

    @classmethod
    def parse(cls, body: JsonDict) -> Self:
        return cls(text_field(body, "cabinet_id"), text_field(body, "transcription_id"))


J = TypeVar("J", bound=Job)
Runner = Callable[[AppContext, Any], Awaitable[None]]


class JobRegistry:
    def __init__(self) -> None:
        self._kinds: dict[str, tuple[type[Job], Runner]] = {}

    def register(self, job_type: type[J], run: Callable[[AppContext, J], Awaitable[None]]) -> JobRegistry:
        self._kinds[job_type.kind] = (job_type, run)
        return self

    def kinds(self) -> list[str]:
        return sorted(self._kinds)

    def resolve(self, body: JsonDict) -> tuple[Job, Runner] | None:
        """The parsed job and its runner; None for a kind this version does not know. Raises InvalidJob."""
        found = self._kinds.get(str(body.get("kind")))
        if found is None:
            return None
        job_type, run = found
        return job_type.parse(body), run
