"""The JSON shapes of recordings' transcriptions (docs/transcription.md)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr

from domain.transcriptions import MAX_SEGMENT_CHARS, Transcription, TranscriptVersion
from domain.transcripts import Segment
from services.transcriptions import TranscriptionDetail

MAX_SEGMENTS = 5_000  # a two-hour dictation is a few hundred segments


class SegmentOut(BaseModel):
    start: float
    end: float
    text: str

    @classmethod
    def of(cls, segment: Segment) -> SegmentOut:
        return cls(**segment.as_dict())


class TranscriptionOut(BaseModel):
    id: str
    document_id: str
    dossier_id: str | None
    title: str
    status: str
    progress: int
    position: int | None
    error: str | None
    language: str | None
    duration_s: float | None
    warnings: list[str]
    current_version: int
    created_at: str
    updated_at: str
    audio_url: str

    @classmethod
    def of(cls, t: Transcription) -> TranscriptionOut:
        return cls(id=t.id, document_id=t.document_id, dossier_id=t.dossier_id, title=t.title, status=t.status.value,
                   progress=t.progress, position=t.position, error=t.error, language=t.language,
                   duration_s=t.duration_s, warnings=list(t.warnings), current_version=t.current_version,
                   created_at=t.created_at, updated_at=t.updated_at,
                   audio_url=f"/api/documents/{t.document_id}/content")  # fmt: skip


class TranscriptionListOut(BaseModel):
    items: list[TranscriptionOut]


class VersionRefOut(BaseModel):
    version: int
    source: str
    author: str | None
    created_at: str

    @classmethod
    def of(cls, v: TranscriptVersion) -> VersionRefOut:
        return cls(version=v.version, source=v.source.value, author=v.author, created_at=v.created_at)


class VersionOut(VersionRefOut):
    segments: list[SegmentOut]

    @classmethod
    def full(cls, v: TranscriptVersion) -> VersionOut:
        return cls(version=v.version, source=v.source.value, author=v.author, created_at=v.created_at,
                   segments=[SegmentOut.of(s) for s in v.segments])  # fmt: skip


class TranscriptionDetailOut(TranscriptionOut):
    segments: list[SegmentOut]
    versions: list[VersionRefOut]
    suggestions: list[str]

    @classmethod
    def of_detail(cls, detail: TranscriptionDetail) -> TranscriptionDetailOut:
        base = TranscriptionOut.of(detail.transcription).model_dump()
        return cls(**base, segments=[SegmentOut.of(s) for s in detail.segments],
                   versions=[VersionRefOut.of(v) for v in detail.versions],
                   suggestions=detail.suggestions)  # fmt: skip


class SegmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: StrictFloat | StrictInt = Field(ge=0, le=10**6)
    end: StrictFloat | StrictInt = Field(ge=0, le=10**6)
    text: StrictStr = Field(max_length=MAX_SEGMENT_CHARS)


class SegmentsIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"base_version": 1,
                                         "segments": [{"start": 0.0, "end": 4.2, "text": "Audience renvoyée."}]}]},
    )  # fmt: skip

    base_version: StrictInt = Field(ge=1, le=10**6)
    segments: list[SegmentIn] = Field(max_length=MAX_SEGMENTS)

    def values(self) -> list[Segment]:
        return [Segment(float(s.start), float(s.end), s.text) for s in self.segments]
