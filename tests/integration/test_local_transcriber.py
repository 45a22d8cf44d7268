"""What the local faster-whisper transcriber does beyond the shared contract (tests/contract/test_transcriber.py):
the formats it decodes, its refusals before the model, the event loop left free while the model works on its own
thread, and the prompt read back recognised."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.audio import MAX_AUDIO_BYTES, AudioTooLarge, UnsupportedAudio, UnusableAudio, audio_type, is_audio
from local.transcriber import SAMPLE_RATE, FasterWhisperTranscriber, decode, echoes_prompt
from tests.audio_clips import (
    FORMATS,
    HEARING_KEYWORDS,
    clip_seconds,
    french_clip,
    garbled_clip,
    local_model_or_skip,
    tools_missing,
)
from tests.contract.transcriber_contract import missing_keywords

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(tools_missing()), reason="scripts/bootstrap audio installs espeak-ng and sox"),
]


@pytest.fixture(scope="module")
def transcriber(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FasterWhisperTranscriber]:
    found = local_model_or_skip(tmp_path_factory.mktemp("models"))
    yield found
    found.close()


@pytest.mark.parametrize("kind", list(FORMATS))
def test_every_format_recordings_arrive_in_is_recognised_and_decoded_whole(
    transcriber: FasterWhisperTranscriber, tmp_path: Path, kind: str
):
    clip = french_clip(tmp_path, kind)
    assert is_audio(audio_type(clip.read()))
    assert abs(len(decode(clip.read())) / SAMPLE_RATE - clip_seconds(clip)) < 0.1


async def test_refusals_come_before_the_model_is_loaded(transcriber: FasterWhisperTranscriber, tmp_path: Path):
    with pytest.raises(AudioTooLarge, match="100 Mo"):
        await transcriber.transcribe(b"RIFF" + bytes(MAX_AUDIO_BYTES), content_type="audio/wav")
    with pytest.raises(UnsupportedAudio, match="pas un enregistrement audio"):
        await transcriber.transcribe(b"%PDF-1.4\n%%EOF\n", content_type="audio/mpeg")
    garbled = garbled_clip(tmp_path)
    with pytest.raises(UnusableAudio, match="illisible"):
        await transcriber.transcribe(garbled.read(), content_type=garbled.content_type)
    assert transcriber._model is None


async def test_the_loop_stays_free_and_progress_runs_on_it(transcriber: FasterWhisperTranscriber, tmp_path: Path):
    clip = french_clip(tmp_path, "wav")
    ticks = 0
    seen: list[tuple[float, int]] = []

    async def heartbeat() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.02)
            ticks += 1

    async def progress(fraction: float) -> None:
        seen.append((fraction, threading.get_ident()))

    beat = asyncio.create_task(heartbeat())
    try:
        transcript = await transcriber.transcribe(clip.read(), content_type=clip.content_type, progress=progress)
    finally:
        beat.cancel()
    assert ticks > 20  # the loop went on while the model loaded and worked (seconds)
    assert {thread for _, thread in seen} == {threading.get_ident()}
    assert seen[-1][0] == 1.0
    assert len(missing_keywords(transcript.text, HEARING_KEYWORDS)) <= 3
    assert transcript.model.startswith("whisper-base")


def test_the_prompt_read_back_is_recognised():
    assert echoes_prompt("Dictée d'un avocat d'un avocat d'un avocat.")
    assert echoes_prompt("  DICTÉE D'UN AVOCAT : audience")
    assert echoes_prompt("D'un avocat, délai, jugement, délai, jugement, délai, jugement.")
    assert not echoes_prompt("L'avocat a dicté un courrier au sujet de l'audience.")
    assert not echoes_prompt("Les conclusions doivent être déposées dans un délai de 15 jours.")
    assert not echoes_prompt("L'audience est renvoyée au tribunal judiciaire.")
    assert not echoes_prompt("Audience, délai.")  # too short to tell
