"""The local `Transcriber`: faster-whisper (CTranslate2, int8 on the CPU) with the Whisper model of the `audio`
dependency group (local/whisper_model.py).

The model is loaded on first use, never at import. Decoding (PyAV) and inference run on one worker thread of their
own, so the event loop is never blocked and recordings are transcribed one at a time (the machine's cores go to one
model); progress crosses back to the loop, where the caller's callback runs.

French is the default: the language is detected on the speech (voice activity detection first), and only a language
the model is sure of (OTHER_LANGUAGE_CONFIDENCE) replaces it, with a warning. No speech at all (silence, music) is an
empty transcript with the NO_SPEECH warning, without running the model.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from domain.audio import NO_SPEECH, UnusableAudio, audio_type, check_size, other_language
from domain.transcripts import FRENCH, Segment, Transcript, clean_segments
from local.blocking import SerialWorker
from local.whisper_model import WHISPER_BASE, ModelSource, model_available, model_dir
from services.ports import Progress

if TYPE_CHECKING:
    import numpy as np
    from faster_whisper import WhisperModel

SAMPLE_RATE = 16000  # what faster-whisper decodes to
OTHER_LANGUAGE_CONFIDENCE = 0.7  # below it, the language asked for (French) is kept
BEAM_SIZE = 5
# What the model is told precedes the recording (French only): a lawyer's words make it write them rather than
# sound-alikes (measured on the test set: word error rate 0.79 → 0.64, docs/transcription.md).
FRENCH_PROMPT = "Dictée d'un avocat : audience, renvoi, conclusions, délai, tribunal judiciaire, jugement, dossier."


@dataclass(frozen=True)
class Heard:
    segments: tuple[Segment, ...]
    language: str
    duration_s: float
    warnings: tuple[str, ...]


class FasterWhisperTranscriber:
    def __init__(
        self,
        *,
        source: ModelSource = WHISPER_BASE,
        cache_dir: Path | None = None,
        cpu_threads: int = 0,
        compute_type: str = "int8",
    ) -> None:
        self.source = source
        self._cache_dir = cache_dir
        self._cpu_threads = cpu_threads
        self._compute_type = compute_type
        self._model: WhisperModel | None = None
        self._worker = SerialWorker("transcriber")

    async def transcribe(
        self, audio: bytes, *, content_type: str, language: str = FRENCH, progress: Progress | None = None
    ) -> Transcript:
        check_size(audio)
        audio_type(audio)  # the bytes decide, not the declared type
        loop = asyncio.get_running_loop()
        fractions: asyncio.Queue[float | None] = asyncio.Queue()

        def report(fraction: float) -> None:
            loop.call_soon_threadsafe(fractions.put_nowait, fraction)

        work = asyncio.ensure_future(self._worker.run(self._transcribe, audio, language, report))
        work.add_done_callback(lambda _: fractions.put_nowait(None))
        done = 0.0
        while (fraction := await fractions.get()) is not None:
            if progress is not None and fraction > done:
                done = fraction
                await progress(fraction)
        heard = await work
        if progress is not None:
            await progress(1.0)
        return Transcript(heard.segments, heard.language, heard.duration_s, self.source.name, heard.warnings)

    def close(self) -> None:
        self._worker.close()

    # --- on the worker thread

    def _transcribe(self, audio: bytes, language: str, report: Callable[[float], None]) -> Heard:
        samples = decode(audio)
        duration = len(samples) / SAMPLE_RATE
        if not has_speech(samples):
            return Heard((), language, duration, (NO_SPEECH,))
        model = self._loaded()
        heard_language, warnings = self._language(model, samples, language)
        pieces, _ = model.transcribe(
            samples,
            language=heard_language,
            beam_size=BEAM_SIZE,
            vad_filter=True,
            condition_on_previous_text=False,
            initial_prompt=FRENCH_PROMPT if heard_language == FRENCH else None,
        )
        segments: list[Segment] = []
        for piece in pieces:
            segments.append(Segment(piece.start, min(piece.end, duration), piece.text))
            report(min(1.0, piece.end / duration) if duration else 1.0)
        cleaned = clean_segments(segments)
        if not cleaned:
            warnings = (*warnings, NO_SPEECH)
        return Heard(cleaned, heard_language, duration, warnings)

    def _language(self, model: WhisperModel, samples: np.ndarray[Any, Any], asked: str) -> tuple[str, tuple[str, ...]]:
        """The language asked for unless the speech is, with confidence, in another one (then a warning)."""
        if not model.model.is_multilingual:
            return asked, ()
        detected, probability, _ = model.detect_language(samples, vad_filter=True)
        if detected != asked and probability >= OTHER_LANGUAGE_CONFIDENCE:
            return detected, (other_language(detected),)
        return asked, ()

    def _loaded(self) -> WhisperModel:
        if self._model is None:
            from faster_whisper import WhisperModel  # heavy (CTranslate2, onnxruntime): only when first needed

            folder = model_dir(self.source, self._cache_dir)
            self._model = WhisperModel(
                str(folder), device="cpu", compute_type=self._compute_type, cpu_threads=self._cpu_threads
            )
        return self._model


def decode(audio: bytes) -> np.ndarray[Any, Any]:
    """The recording as 16 kHz mono float samples (PyAV); audio that cannot be read raises UnusableAudio."""
    import av
    from faster_whisper.audio import decode_audio

    try:
        samples: np.ndarray[Any, Any] = decode_audio(io.BytesIO(audio), sampling_rate=SAMPLE_RATE)
    except (av.FFmpegError, IndexError, ValueError, StopIteration, OSError) as error:
        raise UnusableAudio() from error
    if len(samples) == 0:
        raise UnusableAudio()
    return samples


def has_speech(samples: np.ndarray[Any, Any]) -> bool:
    """Whether voice activity detection (Silero, bundled with faster-whisper) hears any speech."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    return bool(get_speech_timestamps(samples, VadOptions()))


def local_transcriber(cache_dir: Path | None = None) -> FasterWhisperTranscriber | None:
    """The faster-whisper transcriber when it and its model are installed (the `audio` group), else None."""
    return FasterWhisperTranscriber(cache_dir=cache_dir) if model_available() else None
