"""A recording's transcript: timed segments, their text as one string, and the way back from a place in that text to
a moment in the recording (so a fact read in a dictation quotes its time, and the player can jump there).

Both transcribers (Workers AI Whisper and faster-whisper) produce these values; long recordings are transcribed in
pieces and stitched back with each piece's offset (`stitch`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

FRENCH = "fr"


@dataclass(frozen=True)
class Segment:
    start: float  # seconds from the recording's start
    end: float
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"start": round(self.start, 2), "end": round(self.end, 2), "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Segment:
        return cls(float(data["start"]), float(data["end"]), str(data["text"]))


@dataclass(frozen=True)
class Transcript:
    """What a transcriber heard. `language` is what the model detected (ISO 639-1), `duration_s` the recording's
    length; `silent` when no speech was heard at all (the text is then empty)."""

    segments: tuple[Segment, ...]
    language: str
    duration_s: float
    model: str = ""
    warnings: tuple[str, ...] = field(default=())

    @property
    def text(self) -> str:
        return text_of(self.segments)

    @property
    def silent(self) -> bool:
        return not self.text

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "language": self.language, "duration_s": round(self.duration_s, 2),
                "segments": [segment.as_dict() for segment in self.segments]}  # fmt: skip


def clean_segments(segments: Iterable[Segment]) -> tuple[Segment, ...]:
    """Segments with their text stripped, the empty ones dropped, in time order, never running backwards."""
    kept: list[Segment] = []
    for segment in sorted(segments, key=lambda s: (s.start, s.end)):
        text = " ".join(segment.text.split())
        if not text:
            continue
        start = max(0.0, segment.start)
        kept.append(Segment(start, max(start, segment.end), text))
    return tuple(kept)


def text_of(segments: Sequence[Segment]) -> str:
    """The segments' text joined by single spaces: the transcript's text, whose offsets `moment_at` reads."""
    return " ".join(segment.text for segment in segments)


def segment_offsets(segments: Sequence[Segment]) -> list[int]:
    """Where each segment's text starts in `text_of(segments)`."""
    offsets: list[int] = []
    position = 0
    for segment in segments:
        offsets.append(position)
        position += len(segment.text) + 1
    return offsets


def moment_at(segments: Sequence[Segment], offset: int) -> float:
    """The start of the segment holding character `offset` of the transcript's text (0.0 for an empty one)."""
    moment = 0.0
    for start, segment in zip(segment_offsets(segments), segments, strict=True):
        if start > offset:
            break
        moment = segment.start
    return moment


def clock_text(seconds: float) -> str:
    """« 1:05 », « 1:02:05 »: a moment as the player shows it."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass(frozen=True)
class Piece:
    """One transcribed piece of a longer recording, `offset_s` seconds from its start."""

    offset_s: float
    transcript: Transcript


def stitch(pieces: Sequence[Piece], *, duration_s: float | None = None) -> Transcript:
    """One transcript from pieces transcribed apart: each piece's segments moved by its offset. The language is the
    one most of the speech was in (by duration); the duration the recording's when known."""
    segments: list[Segment] = []
    spoken: dict[str, float] = {}
    for piece in pieces:
        moved = [Segment(s.start + piece.offset_s, s.end + piece.offset_s, s.text) for s in piece.transcript.segments]
        segments += moved
        if moved:
            length = sum(s.end - s.start for s in moved) or 0.001
            spoken[piece.transcript.language] = spoken.get(piece.transcript.language, 0.0) + length
    language = (
        max(spoken, key=lambda name: spoken[name]) if spoken else (pieces[0].transcript.language if pieces else FRENCH)
    )
    end = max((p.offset_s + p.transcript.duration_s for p in pieces), default=0.0)
    model = pieces[0].transcript.model if pieces else ""
    warnings = tuple(dict.fromkeys(w for p in pieces for w in p.transcript.warnings))
    return Transcript(
        clean_segments(segments), language, duration_s if duration_s is not None else end, model, warnings
    )
