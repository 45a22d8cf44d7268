"""The transcriber contract (tests/contract/transcriber_contract.py) on both runtimes: here against the local
faster-whisper adapter with the real model on espeak-ng's French (fixtures `transcriber` and `clips` in
tests/contract/conftest.py), in the Workers harness against the Workers AI adapter (its own `transcriber` and
`clips`). No pytest here: the harness loads this module under Pyodide.

Each real transcription costs seconds on two cores: every test makes at most one model call per clip.
"""

from __future__ import annotations

from services.ports import Transcriber
from tests.contract import transcriber_contract as contract


async def test_bytes_that_are_not_audio_are_refused(transcriber: Transcriber, clips: contract.ClipSet):
    await contract.check_not_audio(transcriber, clips)


async def test_corrupt_audio_is_refused(transcriber: Transcriber, clips: contract.ClipSet):
    await contract.check_corrupt(transcriber, clips)


async def test_silence_and_music_are_empty_transcripts_with_a_warning(
    transcriber: Transcriber, clips: contract.ClipSet
):
    await contract.check_silence(transcriber, clips)
    await contract.check_music(transcriber, clips)


async def test_french_is_heard_in_order_with_progress_up_to_the_end(transcriber: Transcriber, clips: contract.ClipSet):
    transcript = await contract.check_french(transcriber, clips)
    assert transcript.model


async def test_another_language_is_transcribed_in_it_with_a_warning(transcriber: Transcriber, clips: contract.ClipSet):
    transcript = await contract.check_english(transcriber, clips)
    assert transcript.language == "en"


async def test_a_recording_of_more_than_a_mebibyte_is_heard_to_its_end(
    transcriber: Transcriber, clips: contract.ClipSet
):
    transcript = await contract.check_long_french(transcriber, clips)
    assert len(transcript.segments) >= 3


async def test_the_sentence_is_heard_in_the_other_formats_too(transcriber: Transcriber, clips: contract.ClipSet):
    await contract.check_formats(transcriber, clips)
