"""A faithful scripted `Transcriber` (services/ports.py) for tests that cannot run a model: it answers the segments
it was given, reports progress as a real model does (fractions, possibly many and close together), refuses what the
real adapters refuse (bytes of a type that is not a recording), and raises the errors it was told to, one per call,
before answering. Pure Python, so it runs in the Workers harness too (tests/fakes.py re-exports it)."""

from __future__ import annotations

import io
import wave
from collections.abc import Sequence
from dataclasses import dataclass, field

from domain.audio import NO_SPEECH, UnsupportedAudio, is_audio
from domain.transcripts import FRENCH, Segment, Transcript, clean_segments
from services.ports import JsonDict, Progress


def wav_of(seed: str, seconds: float = 0.25) -> bytes:
    """A small real WAV (8 kHz, 16-bit mono) whose samples depend on `seed`: different seeds, different bytes."""
    frames = (seed.encode() * (int(8000 * seconds) * 2 // max(1, len(seed)) + 1))[: int(8000 * seconds) * 2]
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(frames)
    return out.getvalue()


DICTATION = (
    Segment(0.0, 3.5, "Note pour le dossier Martin."),
    Segment(3.5, 8.0, "L'audience est renvoyée au 12 mars 2030."),
    Segment(8.0, 11.0, "Merci de prévenir le client."),
)
PROGRESS_STEPS = (0.02, 0.05, 0.08, 0.12, 0.13, 0.25, 0.5, 0.51, 0.75, 0.99, 1.0)


@dataclass
class ScriptedTranscriber:
    segments: Sequence[Segment] = DICTATION
    language: str = FRENCH
    errors: list[Exception] = field(default_factory=list)  # raised first, one per call
    progress_steps: Sequence[float] = PROGRESS_STEPS
    calls: list[bytes] = field(default_factory=list)

    async def transcribe(
        self, audio: bytes, *, content_type: str, language: str = FRENCH, progress: Progress | None = None
    ) -> Transcript:
        self.calls.append(audio)
        if not is_audio(content_type):
            raise UnsupportedAudio()
        if self.errors:
            raise self.errors.pop(0)
        for fraction in self.progress_steps:
            if progress is not None:
                await progress(fraction)
        segments = clean_segments(self.segments)
        duration = max((s.end for s in segments), default=1.0)
        warnings = (NO_SPEECH,) if not segments else ()
        return Transcript(segments, self.language, duration, "scripted-whisper", warnings)


class RecordingHub:
    """The Hub port keeping what was published (and failing on demand)."""

    def __init__(self, failing: bool = False) -> None:
        self.events: list[tuple[str, JsonDict]] = []
        self.failing = failing

    async def publish(self, cabinet_id: str, event: JsonDict) -> int:
        if self.failing:
            raise ConnectionError("hub unreachable")
        self.events.append((cabinet_id, event))
        return 1

    async def disconnect(self, cabinet_id: str, person_id: str) -> int:
        return 0

    async def disconnect_session(self, cabinet_id: str, session_id: str) -> int:
        return 0

    def frames(self, kind: str) -> list[JsonDict]:
        return [event for _, event in self.events if event.get("type") == kind]
