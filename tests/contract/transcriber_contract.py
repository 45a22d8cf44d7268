"""The contract every `Transcriber` keeps (services/ports.py, docs/transcription.md), whichever model is behind it.

Plain async functions, no test framework: the same checks run under pytest against the local faster-whisper adapter
(tests/contract/test_transcriber.py) and in the Pyodide Workers harness against the Workers AI adapter. Each takes a
transcriber and a `ClipSet` and raises AssertionError with what went wrong; `check_all` runs them all.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field

from domain.audio import NO_SPEECH, UnsupportedAudio, UnusableAudio, other_language
from domain.transcripts import FRENCH, Transcript
from services.ports import Transcriber


@dataclass(frozen=True)
class Sample:
    audio: bytes
    content_type: str
    keywords: tuple[str, ...] = ()  # words said in it (any case or accents), a few of which may be missed
    duration_s: float = 0.0  # its length, when known (0.0: not checked)
    allowed_misses: int = 3


@dataclass(frozen=True)
class ClipSet:
    french: Sample  # a short French sentence
    silence: Sample
    not_audio: Sample  # bytes of another kind (a PDF…)
    corrupt: Sample  # audio cut short or garbled
    long_french: Sample  # French speech of more than 1 MiB (the Workers adapter cuts it in pieces)
    english: Sample
    music: Sample | None = None  # tones without a voice: like silence
    extra: dict[str, Sample] = field(default_factory=dict)  # the same French sentence in other formats


class ProgressLog:
    """A progress callback that keeps what it was told."""

    def __init__(self) -> None:
        self.values: list[float] = []

    async def __call__(self, fraction: float) -> None:
        self.values.append(fraction)

    def check(self) -> None:
        expect(bool(self.values), "progress was never reported")
        expect(all(0.0 <= v <= 1.0 for v in self.values), f"progress out of [0, 1]: {self.values}")
        expect(
            all(a <= b for a, b in zip(self.values, self.values[1:], strict=False)),
            f"progress went back: {self.values}",
        )
        expect(self.values[-1] == 1.0, f"progress did not end at 1.0: {self.values}")


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def folded(text: str) -> str:
    """Lower case, accents removed, apostrophes and hyphens as spaces: what « heard » compares."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c if c.isalnum() else " " for c in plain)


def missing_keywords(text: str, keywords: tuple[str, ...]) -> list[str]:
    words = set(folded(text).split())
    return [keyword for keyword in keywords if folded(keyword).strip() not in words]


def check_timing(transcript: Transcript, sample: Sample) -> None:
    """Segments in order, not overlapping, inside the recording; the duration the recording's."""
    if sample.duration_s:
        tolerance = max(0.6, 0.05 * sample.duration_s)
        expect(
            math.isclose(transcript.duration_s, sample.duration_s, abs_tol=tolerance),
            f"duration {transcript.duration_s} s, the recording lasts {sample.duration_s} s",
        )
    previous_end = 0.0
    for segment in transcript.segments:
        expect(segment.text == segment.text.strip() and bool(segment.text), f"segment text not clean: {segment}")
        expect(0.0 <= segment.start <= segment.end, f"segment runs backwards: {segment}")
        expect(segment.start >= previous_end - 0.05, f"segments overlap or are out of order at {segment}")
        expect(segment.end <= transcript.duration_s + 0.5, f"segment {segment} ends after the recording")
        previous_end = segment.end


def check_heard(transcript: Transcript, sample: Sample) -> None:
    missing = missing_keywords(transcript.text, sample.keywords)
    expect(
        len(missing) <= sample.allowed_misses,
        f"not heard: {missing} (at most {sample.allowed_misses} may be missed) in {transcript.text!r}",
    )
    expect(transcript.language == FRENCH, f"language {transcript.language!r}, expected 'fr'")
    expect(not any(w.startswith("La langue entendue") for w in transcript.warnings), f"{transcript.warnings}")
    check_timing(transcript, sample)


async def check_french(transcriber: Transcriber, clips: ClipSet) -> Transcript:
    """The French sentence is heard, in time order, with progress reported up to 1.0."""
    progress = ProgressLog()
    transcript = await transcriber.transcribe(
        clips.french.audio, content_type=clips.french.content_type, progress=progress
    )
    check_heard(transcript, clips.french)
    progress.check()
    return transcript


async def check_long_french(transcriber: Transcriber, clips: ClipSet) -> Transcript:
    """A recording of more than 1 MiB: all of it heard, its segments in order over its whole length."""
    sample = clips.long_french
    expect(len(sample.audio) > 1024 * 1024, "the long clip must be longer than 1 MiB")
    progress = ProgressLog()
    transcript = await transcriber.transcribe(sample.audio, content_type=sample.content_type, progress=progress)
    check_heard(transcript, sample)
    progress.check()
    if sample.duration_s and transcript.segments:
        expect(
            transcript.segments[-1].end > 0.7 * sample.duration_s,
            f"the end of the recording was not heard: last segment {transcript.segments[-1]}",
        )
    return transcript


async def check_no_speech(transcriber: Transcriber, sample: Sample) -> Transcript:
    """Silence (or music) is not an error: an empty transcript with the « no speech » warning."""
    progress = ProgressLog()
    transcript = await transcriber.transcribe(sample.audio, content_type=sample.content_type, progress=progress)
    expect(transcript.text == "" and transcript.segments == (), f"heard something in silence: {transcript.text!r}")
    expect(transcript.silent, "an empty transcript is silent")
    expect(NO_SPEECH in transcript.warnings, f"no « no speech » warning: {transcript.warnings}")
    progress.check()
    check_timing(transcript, sample)
    return transcript


async def check_silence(transcriber: Transcriber, clips: ClipSet) -> Transcript:
    return await check_no_speech(transcriber, clips.silence)


async def check_music(transcriber: Transcriber, clips: ClipSet) -> Transcript | None:
    return await check_no_speech(transcriber, clips.music) if clips.music is not None else None


async def check_not_audio(transcriber: Transcriber, clips: ClipSet) -> None:
    """Bytes of another kind are refused as unsupported, whatever type they were declared with."""
    try:
        await transcriber.transcribe(clips.not_audio.audio, content_type=clips.not_audio.content_type)
    except UnsupportedAudio as error:
        expect(bool(str(error)), "the error has no message")
        return
    raise AssertionError("bytes that are not audio were transcribed")


async def check_corrupt(transcriber: Transcriber, clips: ClipSet) -> None:
    """Audio cut short or garbled is refused (unusable, or unsupported when nothing of it can be recognised)."""
    try:
        await transcriber.transcribe(clips.corrupt.audio, content_type=clips.corrupt.content_type)
    except (UnusableAudio, UnsupportedAudio) as error:
        expect(bool(str(error)), "the error has no message")
        return
    raise AssertionError("corrupt audio was transcribed")


async def check_english(transcriber: Transcriber, clips: ClipSet) -> Transcript:
    """Another language is transcribed in that language, with a warning for the lawyer."""
    transcript = await transcriber.transcribe(clips.english.audio, content_type=clips.english.content_type)
    expect(transcript.language != FRENCH, f"English heard as {transcript.language!r}")
    expect(other_language(transcript.language) in transcript.warnings, f"no language warning: {transcript.warnings}")
    expect(bool(transcript.text), "nothing heard in the English clip")
    check_timing(transcript, clips.english)
    return transcript


async def check_formats(transcriber: Transcriber, clips: ClipSet) -> dict[str, Transcript]:
    """The French sentence in every other format given (`clips.extra`) is heard too."""
    heard: dict[str, Transcript] = {}
    for name, sample in clips.extra.items():
        try:
            heard[name] = await transcriber.transcribe(sample.audio, content_type=sample.content_type)
            check_heard(heard[name], sample)
        except AssertionError as error:
            raise AssertionError(f"{name}: {error}") from error
    return heard


CHECKS = (check_not_audio, check_corrupt, check_silence, check_music, check_french, check_english, check_long_french)


async def check_all(transcriber: Transcriber, clips: ClipSet) -> None:
    """Every check above but the formats one, in order (the cheap refusals first)."""
    for check in CHECKS:
        await check(transcriber, clips)
