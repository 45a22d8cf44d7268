"""A recording's transcription (docs/transcription.md): its state on the audio lane, the transcript's versions, and
the rule of a lawyer's edit (the same segments at the same times, only their text changes).

The transcript's values themselves (segments, text, moments) are in domain.transcripts.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from domain.errors import Conflict, InvalidInput
from domain.transcripts import Segment

TRANSCRIPTION_NOT_FOUND = "Transcription introuvable."
MAX_SEGMENT_CHARS = 2_000
BACKOFF_SECONDS = (60, 240, 960)  # after the 1st, 2nd, 3rd temporary failure; then it fails for good
MAX_ATTEMPTS = len(BACKOFF_SECONDS) + 1


class TranscriptionStatus(StrEnum):
    WAITING = "en_attente"
    RUNNING = "en_cours"
    DONE = "terminee"
    FAILED = "echec"


class VersionSource(StrEnum):
    MACHINE = "machine"
    EDITION = "edition"


@dataclass(frozen=True)
class Transcription:
    id: str
    cabinet_id: str
    document_id: str
    document_version: int
    sha256: str
    content_type: str
    status: TranscriptionStatus
    received_at: str  # when the recording reached the cabinet: relative dates are read from this day
    queued_at: str
    created_at: str
    updated_at: str
    progress: int = 0
    error: str | None = None
    attempts: int = 0
    language: str | None = None
    duration_s: float | None = None
    model: str = ""
    warnings: tuple[str, ...] = ()
    current_version: int = 0
    row_version: int = 1
    # From the document (read with it, never stored on the row): its dossier and title as they are now.
    dossier_id: str | None = None
    title: str = ""
    position: int | None = field(default=None, compare=False)  # among the cabinet's waiting ones, 1 = next


@dataclass(frozen=True)
class TranscriptVersion:
    version: int
    source: VersionSource
    author: str | None
    created_at: str
    segments: tuple[Segment, ...]


def segments_json(segments: Sequence[Segment]) -> str:
    return json.dumps([s.as_dict() for s in segments], ensure_ascii=False)


def segments_of_json(raw: str) -> tuple[Segment, ...]:
    data: list[dict[str, Any]] = json.loads(raw)
    return tuple(Segment.from_dict(item) for item in data)


def backoff_seconds(attempt: int) -> int | None:
    """How long to wait before trying again after temporary failure number `attempt` (1-based); None: no more."""
    return BACKOFF_SECONDS[attempt - 1] if 1 <= attempt <= len(BACKOFF_SECONDS) else None


def check_base_version(transcription: Transcription, base_version: int) -> None:
    if transcription.status is not TranscriptionStatus.DONE:
        raise Conflict("La transcription n'est pas terminée : elle ne peut pas encore être corrigée.")
    if base_version != transcription.current_version:
        raise Conflict(
            f"La transcription a été modifiée entre-temps (version {transcription.current_version}) : "
            "rechargez-la avant de corriger."
        )


def edited_segments(current: Sequence[Segment], edited: Sequence[Segment]) -> tuple[Segment, ...]:
    """The corrected segments: as many as the current version's, at the same times, only their text changed (each
    stripped, none longer than MAX_SEGMENT_CHARS)."""
    if len(edited) != len(current):
        raise InvalidInput(
            f"La correction doit garder les {len(current)} segment(s) de la transcription.", field="segments"
        )
    kept: list[Segment] = []
    for index, (old, new) in enumerate(zip(current, edited, strict=True)):
        if round(new.start, 2) != round(old.start, 2) or round(new.end, 2) != round(old.end, 2):
            raise InvalidInput(
                f"Le segment {index + 1} doit garder ses horaires : seul le texte se corrige.", field="segments"
            )
        text = " ".join(new.text.split())
        if len(text) > MAX_SEGMENT_CHARS:
            raise InvalidInput(f"Le segment {index + 1} dépasse {MAX_SEGMENT_CHARS} caractères.", field="segments")
        kept.append(Segment(old.start, old.end, text))
    if tuple(kept) == tuple(current):
        raise InvalidInput("La correction ne change rien au texte.", field="segments")
    return tuple(kept)


def check_retryable(transcription: Transcription) -> None:
    if transcription.status is not TranscriptionStatus.FAILED:
        raise Conflict("Seule une transcription en échec peut être relancée.")
