"""Audio as the application takes it in: which stored documents are recordings to transcribe, and the errors a
recording can meet on its way to a transcript, each with the French message the lawyer reads.

Nothing here decodes audio: the transcribers do (faster-whisper through PyAV locally, Workers AI in production).
"""

from __future__ import annotations

from domain.document_types import SNIFF_BYTES, sniff
from domain.errors import DomainError, InvalidInput, PayloadTooLarge, UnsupportedMediaType

MAX_AUDIO_BYTES = 100 * 1024 * 1024  # a two-hour telephone-quality dictation is far below; uploads have their own limit

# What documents.sniff calls a recording (phones record into MP4 and WebM containers: their audio track is read).
AUDIO_TYPES = frozenset({
    "audio/wav", "audio/mpeg", "audio/ogg", "audio/mp4", "audio/aac", "audio/flac", "audio/webm", "audio/amr",
    "audio/basic", "video/webm", "video/mp4",
})  # fmt: skip


def is_audio(content_type: str) -> bool:
    """Whether a stored document of this (sniffed) type is a recording to transcribe."""
    return content_type in AUDIO_TYPES


def audio_type(audio: bytes) -> str:
    """The media type of a recording from its first bytes (magic numbers), whatever type it was declared with.

    Raises UnsupportedAudio when the bytes are not one of the recordings above (a PDF, a text, nothing at all)."""
    head = audio[:SNIFF_BYTES]
    if head.startswith(b".snd"):  # Sun/NeXT µ-law, the oldest telephone format
        return "audio/basic"
    sniffed = sniff(head)
    if not is_audio(sniffed):
        raise UnsupportedAudio()
    return sniffed


def check_size(audio: bytes, limit: int = MAX_AUDIO_BYTES) -> None:
    if len(audio) > limit:
        raise AudioTooLarge(limit)


class UnsupportedAudio(UnsupportedMediaType):
    code = "audio_non_pris_en_charge"

    def __init__(self, message: str = "Ce fichier n'est pas un enregistrement audio pris en charge "
                 "(MP3, WAV, Ogg/Opus, M4A, WebM, FLAC, AMR, µ-law ou GSM).") -> None:  # fmt: skip
        super().__init__(message)


class UnusableAudio(InvalidInput):
    """The bytes claim to be audio but cannot be decoded (truncated, corrupt)."""

    code = "audio_illisible"

    def __init__(self, message: str = "L'enregistrement est illisible : le fichier est corrompu ou incomplet.") -> None:
        super().__init__(message)


class AudioTooLarge(PayloadTooLarge):
    code = "audio_trop_volumineux"

    def __init__(self, limit: int = MAX_AUDIO_BYTES) -> None:
        super().__init__(f"L'enregistrement dépasse la taille maximale de {limit // (1024 * 1024)} Mo.")


class TranscriptionFailed(DomainError):
    """The transcriber could not do its work. `temporary`: trying again later may succeed (the model's service
    unreachable or over capacity); otherwise the same audio will fail the same way."""

    status = 502
    code = "transcription_impossible"

    def __init__(self, message: str, *, temporary: bool) -> None:
        super().__init__(message)
        self.temporary = temporary


# What a finished transcript may carry for the lawyer (Transcript.warnings), in French.
NO_SPEECH = "Aucune parole n'a été entendue dans cet enregistrement (silence ou musique)."


def other_language(language: str) -> str:
    return f"La langue entendue n'est pas le français ({language}) : la transcription peut être inexacte."
