"""The transcriber contract (tests/contract/transcriber_contract.py) against the local adapter: faster-whisper with
the real Whisper model of the `audio` group, on French speech made by espeak-ng.

One transcriber for the module (the model loads once); each real transcription costs seconds on two cores, so every
check makes at most one model call.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.audio import MAX_AUDIO_BYTES, AudioTooLarge, UnsupportedAudio, UnusableAudio
from local.transcriber import FasterWhisperTranscriber, local_transcriber
from tests.audio_clips import (
    FRENCH_SENTENCES,
    HEARING_KEYWORDS,
    Clip,
    clip_seconds,
    english_clip,
    french_clip,
    garbled_clip,
    long_french_clip,
    music_clip,
    not_audio_clip,
    silence_clip,
    tools_missing,
    truncated_clip,
)
from tests.contract import transcriber_contract as contract

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(tools_missing()), reason="scripts/bootstrap audio installs espeak-ng and sox"),
]


def sample(clip: Clip, keywords: tuple[str, ...] = (), allowed_misses: int = 3) -> contract.Sample:
    return contract.Sample(clip.read(), clip.content_type, keywords, clip_seconds(clip), allowed_misses)


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> contract.ClipSet:
    folder = tmp_path_factory.mktemp("audio-clips")
    long_keywords = (*HEARING_KEYWORDS, "client", "dossier", "tribunal", "jugement", "appel")
    return contract.ClipSet(
        french=sample(french_clip(folder, "wav"), HEARING_KEYWORDS),
        silence=sample(silence_clip(folder)),
        not_audio=sample(not_audio_clip(folder)),
        corrupt=sample(truncated_clip(folder)),
        long_french=sample(long_french_clip(folder), long_keywords, allowed_misses=5),
        english=sample(english_clip(folder)),
        music=sample(music_clip(folder)),
        extra={kind: sample(french_clip(folder, kind), HEARING_KEYWORDS, 4) for kind in ("mp3", "opus", "m4a")},
    )


@pytest.fixture(scope="module")
def transcriber(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FasterWhisperTranscriber]:
    found = local_transcriber(cache_dir=tmp_path_factory.mktemp("models"))
    if found is None:
        pytest.skip("the audio group (faster-whisper and its model) is not installed")
    yield found
    found.close()


async def test_bytes_that_are_not_audio_are_refused(transcriber: FasterWhisperTranscriber, clips: contract.ClipSet):
    await contract.check_not_audio(transcriber, clips)
    assert transcriber._model is None  # refused before the model was needed


async def test_truncated_audio_is_refused(transcriber: FasterWhisperTranscriber, clips: contract.ClipSet):
    await contract.check_corrupt(transcriber, clips)


async def test_garbled_audio_is_unusable(transcriber: FasterWhisperTranscriber, tmp_path: Path):
    clip = garbled_clip(tmp_path)
    with pytest.raises((UnusableAudio, UnsupportedAudio)) as refused:
        await transcriber.transcribe(clip.read(), content_type=clip.content_type)
    assert "illisible" in str(refused.value) or "pris en charge" in str(refused.value)


async def test_too_much_audio_is_refused_before_reading_it(transcriber: FasterWhisperTranscriber):
    with pytest.raises(AudioTooLarge, match="100 Mo"):
        await transcriber.transcribe(b"RIFF" + bytes(MAX_AUDIO_BYTES), content_type="audio/wav")


async def test_silence_and_music_are_empty_with_a_warning(
    transcriber: FasterWhisperTranscriber, clips: contract.ClipSet
):
    await contract.check_silence(transcriber, clips)
    await contract.check_music(transcriber, clips)


async def test_french_is_heard_with_progress_and_the_loop_stays_free(
    transcriber: FasterWhisperTranscriber, clips: contract.ClipSet
):
    ticks = 0
    threads: set[int] = set()

    async def heartbeat() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.05)
            ticks += 1

    beat = asyncio.create_task(heartbeat())
    original = contract.ProgressLog.__call__

    async def on_loop(log: contract.ProgressLog, fraction: float) -> None:
        threads.add(threading.get_ident())
        await original(log, fraction)

    contract.ProgressLog.__call__ = on_loop  # type: ignore[method-assign]
    try:
        transcript = await contract.check_french(transcriber, clips)
    finally:
        contract.ProgressLog.__call__ = original  # type: ignore[method-assign]
        beat.cancel()
    assert threads == {threading.get_ident()}  # the callback ran on the loop's thread
    assert ticks > 10  # the loop went on while the model worked (seconds)
    assert transcript.model.startswith("whisper-base")


async def test_another_language_is_transcribed_in_it_with_a_warning(
    transcriber: FasterWhisperTranscriber, clips: contract.ClipSet
):
    transcript = await contract.check_english(transcriber, clips)
    assert transcript.language == "en"
    assert "hearing" in contract.folded(transcript.text)


async def test_a_long_recording_is_heard_to_its_end(transcriber: FasterWhisperTranscriber, clips: contract.ClipSet):
    transcript = await contract.check_long_french(transcriber, clips)
    assert len(transcript.segments) >= len(FRENCH_SENTENCES)


async def test_other_formats_are_heard(transcriber: FasterWhisperTranscriber, clips: contract.ClipSet):
    await contract.check_formats(transcriber, clips)
