"""The `Transcriber` port over Workers AI Whisper (`@cf/openai/whisper-large-v3-turbo`), docs/transcription.md.

A long recording is cut into pieces the model accepts (`domain.audio_pieces`), sent one after the other, base64,
with the voice activity filter on, and stitched back with each piece's start (`domain.transcripts.stitch`). The
language is detected on the first piece where speech is heard (sent without `language`); French is then forced,
unless another language was detected with confidence: that language is kept, with a warning.
"""

from __future__ import annotations

import base64
from typing import Any

from domain.audio import (
    NO_SPEECH,
    TranscriptionFailed,
    UnusableAudio,
    audio_type,
    check_size,
    other_language,
)
from domain.audio_pieces import AudioPiece, PieceLimits, cut
from domain.transcripts import Piece, Segment, Transcript, clean_segments, stitch
from services.extraction.ports import AiRunner
from services.ports import Progress

MODEL = "@cf/openai/whisper-large-v3-turbo"
CONFIDENT = 0.8  # a language other than the expected one is believed from this probability on
UNAVAILABLE = "Le service de transcription est momentanément indisponible : un nouvel essai aura lieu plus tard."
NOT_CONFIGURED = "Le service de transcription n'est pas configuré sur ce serveur."
MALFORMED = "Le service de transcription a donné une réponse inattendue : un nouvel essai aura lieu plus tard."
# How the binding says the audio itself is wrong (Workers AI errors: 5004 invalid data, 5006 bad input).
_UNREADABLE = ("5004", "5006", "bad input", "invalid data", "decode", "invalid audio", "unsupported audio")
_TOO_LARGE = ("3006", "too large", "413")
TOO_LARGE = "Un morceau de l'enregistrement est trop volumineux pour le service de transcription."


class WorkersAiTranscriber:
    def __init__(self, runner: AiRunner, *, model: str = MODEL, limits: PieceLimits | None = None) -> None:
        self._runner = runner
        self._model = model
        self._limits = limits or PieceLimits()

    async def transcribe(
        self, audio: bytes, *, content_type: str, language: str = "fr", progress: Progress | None = None
    ) -> Transcript:
        check_size(audio)
        pieces = cut(audio, audio_type(audio), self._limits)  # the bytes decide, not the declared type
        heard: list[Piece] = []
        chosen: str | None = None  # the language, once speech was heard
        for index, piece in enumerate(pieces):
            answer = await self._run(piece, chosen)
            if chosen is None and _segments(answer):
                chosen = _language_to_keep(answer, language)
                if chosen != _detected(answer)[0]:  # the detection was not believed: the piece again, in `chosen`
                    answer = await self._run(piece, chosen)
            heard.append(Piece(piece.start_s, self._transcript_of(answer, chosen or language, piece)))
            if progress is not None:
                await progress((index + 1) / len(pieces))
        stitched = stitch(heard)
        final = chosen or language
        warnings = [other_language(final)] if final != language else []
        if stitched.silent:
            warnings.append(NO_SPEECH)
        return Transcript(stitched.segments, final, stitched.duration_s, self._model, tuple(warnings))

    async def _run(self, piece: AudioPiece, language: str | None) -> dict[str, Any]:
        inputs: dict[str, Any] = {"audio": base64.b64encode(piece.data).decode("ascii"), "task": "transcribe",
                                  "vad_filter": True}  # fmt: skip
        if language is not None:
            inputs["language"] = language
        try:
            answer = await self._runner.run(self._model, inputs)
        except Exception as exc:  # WorkersAiError from the binding, or whatever another runner raises
            raise _failure(str(getattr(exc, "message", "") or exc)) from exc
        if not isinstance(answer, dict) or not isinstance(answer.get("text"), str):
            raise TranscriptionFailed(MALFORMED, temporary=True)
        return answer

    def _transcript_of(self, answer: dict[str, Any], language: str, piece: AudioPiece) -> Transcript:
        info = answer.get("transcription_info") or {}
        duration = piece.duration_s if piece.duration_s is not None else float(info.get("duration") or 0.0)
        return Transcript(_segments(answer), language, duration, self._model)


def _segments(answer: dict[str, Any]) -> tuple[Segment, ...]:
    """The answer's segments (times from the piece's start), without those Whisper itself judges silent."""
    raw = answer.get("segments")
    if not isinstance(raw, list):
        text = str(answer.get("text") or "")
        duration = float((answer.get("transcription_info") or {}).get("duration") or 0.0)
        return clean_segments([Segment(0.0, duration, text)])
    kept = [s for s in raw if isinstance(s, dict) and not _silent(s)]
    return clean_segments(Segment(float(s.get("start") or 0.0), float(s.get("end") or 0.0), str(s.get("text") or ""))
                          for s in kept)  # fmt: skip


def _silent(segment: dict[str, Any]) -> bool:
    """faster-whisper's own rule: likely no speech, and decoded with little confidence."""
    return float(segment.get("no_speech_prob") or 0.0) > 0.6 and float(segment.get("avg_logprob") or 0.0) < -1.0


def _detected(answer: dict[str, Any]) -> tuple[str, float]:
    info = answer.get("transcription_info") or {}
    return str(info.get("language") or ""), float(info.get("language_probability") or 0.0)


def _language_to_keep(answer: dict[str, Any], expected: str) -> str:
    detected, probability = _detected(answer)
    return detected if detected and detected != expected and probability >= CONFIDENT else expected


def _failure(message: str) -> Exception:
    lowered = message.lower()
    if "no ai binding" in lowered:
        return TranscriptionFailed(NOT_CONFIGURED, temporary=True)  # a deployment fixed later: retried, then echec
    if any(mark in lowered for mark in _TOO_LARGE):  # the pieces' limits are set too high for the service
        return TranscriptionFailed(TOO_LARGE, temporary=False)
    if any(mark in lowered for mark in _UNREADABLE):
        return UnusableAudio()
    return TranscriptionFailed(UNAVAILABLE, temporary=True)
