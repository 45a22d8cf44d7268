"""The Workers AI transcriber (cf/transcriber.py) against a scripted AI binding that answers as
`@cf/openai/whisper-large-v3-turbo` does (tests/contract/whisper_fake.py): the shared `Transcriber` contract
(tests/contract/transcriber_contract.py), then what is the Workers adapter's own: pieces, offsets, language
detection on the first piece, the binding's errors.

Runs unchanged in CPython (tests/contract/conftest.py) and in the Pyodide + Miniflare harness, whose `scripted_ai`
forwards each call of the JavaScript `Ai` binding to the fake. No pytest here: plain asserts and `raises`.
"""

import base64
import io
import wave
from functools import cache

from cf.transcriber import MODEL, WorkersAiTranscriber
from domain.audio import NO_SPEECH, AudioTooLarge, TranscriptionFailed, UnsupportedAudio, UnusableAudio, other_language
from domain.audio_pieces import PieceLimits
from tests.contract import transcriber_contract as contract
from tests.contract.expect import raises
from tests.contract.transcriber_contract import ClipSet, Sample
from tests.contract.whisper_fake import CAPACITY, UNDECODABLE, FakeWhisper, dictation, spoken

HEARING = "le dossier Martin audience renvoyée au douze mars"
DEADLINE = "conclusions avant le premier avril délai quinze jours"
ENGLISH = "the hearing was postponed until next week"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def sentences(*said: tuple[float, str]) -> list[tuple[float, float, str]]:
    return [word for start, sentence in said for word in spoken(sentence, start=start)]


def sample(words: list[tuple[float, float, str]], duration_s: float, **options) -> Sample:
    keywords = tuple(dict.fromkeys(text for _, _, text in words))
    return Sample(dictation(words, duration_s, **options), "audio/wav", keywords, duration_s, allowed_misses=0)


@cache
def clips() -> ClipSet:
    """The contract's clips, as recordings the fake hears (made once per process: the long one takes a moment)."""
    long_said = sentences(*((1.0 + 6.0 * n, HEARING if n % 2 else DEADLINE) for n in range(6)))
    wav = sample(sentences((0.4, HEARING)), 5.5)
    return ClipSet(
        french=wav,
        silence=sample([], 4.0),
        not_audio=Sample(PDF, "audio/mpeg"),
        corrupt=Sample(wav.audio[:30], "audio/wav"),  # cut short inside its header
        long_french=sample(long_said, 36.0),  # 1.15 MB at 16 kHz: two pieces of at most 1 MiB
        english=sample(sentences((0.5, ENGLISH)), 5.0),
        music=Sample(dictation([], 6.0, music=[(0.5, 5.5)]), "audio/wav", (), 6.0),
    )


def transcriber(scripted_ai, fake: FakeWhisper | None = None, **limits) -> WorkersAiTranscriber:
    scripted_ai.respond_with((fake or FakeWhisper()).answer)
    return WorkersAiTranscriber(scripted_ai.runner, limits=PieceLimits(**limits) if limits else None)


# --- the shared contract


async def test_the_contract_refuses_bytes_that_are_not_audio(scripted_ai):
    await contract.check_not_audio(transcriber(scripted_ai), clips())
    assert scripted_ai.calls == []


async def test_the_contract_refuses_corrupt_audio(scripted_ai):
    await contract.check_corrupt(transcriber(scripted_ai), clips())


async def test_the_contract_hears_silence_as_no_speech(scripted_ai):
    await contract.check_silence(transcriber(scripted_ai), clips())


async def test_the_contract_hears_music_as_no_speech(scripted_ai):
    await contract.check_music(transcriber(scripted_ai), clips())


async def test_the_contract_hears_a_french_sentence(scripted_ai):
    await contract.check_french(transcriber(scripted_ai), clips())


async def test_the_contract_hears_english_as_english_with_a_warning(scripted_ai):
    await contract.check_english(transcriber(scripted_ai), clips())


async def test_the_contract_hears_a_long_recording_whole(scripted_ai):
    await contract.check_long_french(transcriber(scripted_ai), clips())
    assert len(scripted_ai.calls) == 2, "a recording over 1 MiB goes in two pieces"


# --- the Workers adapter's own


async def test_a_long_dictation_is_stitched_with_each_words_time_in_the_recording(scripted_ai):
    said = sentences((0.5, HEARING), (5.2, DEADLINE), (10.4, HEARING), (16.0, DEADLINE))
    progress = contract.ProgressLog()
    transcript = await transcriber(scripted_ai, max_seconds=6.0, search_s=3.0).transcribe(
        dictation(said, 21.0, rate=8000), content_type="audio/wav", progress=progress
    )
    assert len(scripted_ai.calls) >= 4
    assert transcript.text.split() == [text for _, _, text in said]
    assert len(transcript.segments) == 4
    assert [round(segment.start, 2) for segment in transcript.segments] == [0.5, 5.2, 10.4, 16.0]
    assert abs(transcript.segments[-1].end - said[-1][1]) < 0.01
    assert abs(transcript.duration_s - 21.0) < 0.01
    assert transcript.model == MODEL
    assert progress.values == [(n + 1) / len(scripted_ai.calls) for n in range(len(scripted_ai.calls))]


async def test_each_request_is_one_valid_wav_piece_in_base64_with_the_voice_filter_on(scripted_ai):
    said = sentences((0.5, HEARING), (6.0, DEADLINE))
    await transcriber(scripted_ai, max_seconds=5.0, search_s=2.0).transcribe(
        dictation(said, 11.0, rate=8000), content_type="audio/x-wav"
    )
    total = 0.0
    for model, inputs in scripted_ai.calls:
        assert model == MODEL
        assert inputs["task"] == "transcribe"
        assert inputs["vad_filter"] is True
        with wave.open(io.BytesIO(base64.b64decode(inputs["audio"])), "rb") as piece:
            seconds = piece.getnframes() / piece.getframerate()
        assert 0 < seconds <= 5.0
        total += seconds
    assert abs(total - 11.0) < 0.01


async def test_the_language_is_detected_on_the_first_piece_then_french_is_forced(scripted_ai):
    said = sentences((0.5, HEARING), (6.0, DEADLINE), (11.5, HEARING))
    transcript = await transcriber(scripted_ai, max_seconds=5.5, search_s=2.0).transcribe(
        dictation(said, 16.0, rate=8000), content_type="audio/wav"
    )
    languages = [inputs.get("language") for _, inputs in scripted_ai.calls]
    assert languages[0] is None
    assert set(languages[1:]) == {"fr"}
    assert (transcript.language, transcript.warnings) == ("fr", ())


async def test_detection_waits_for_a_piece_where_speech_is_heard(scripted_ai):
    said = sentences((7.0, HEARING))
    await transcriber(scripted_ai, max_seconds=5.0, search_s=2.0).transcribe(
        dictation(said, 12.0, rate=8000), content_type="audio/wav"
    )
    languages = [inputs.get("language") for _, inputs in scripted_ai.calls]
    assert languages[:2] == [None, None]
    assert languages[-1] == "fr"


async def test_another_language_heard_with_confidence_is_kept_with_a_warning(scripted_ai):
    said = sentences((0.5, ENGLISH), (6.0, ENGLISH))
    transcript = await transcriber(scripted_ai, max_seconds=5.5, search_s=2.0).transcribe(
        dictation(said, 11.0, rate=8000), content_type="audio/wav"
    )
    assert [inputs.get("language") for _, inputs in scripted_ai.calls][1:] == ["en"] * (len(scripted_ai.calls) - 1)
    assert transcript.language == "en"
    assert transcript.warnings == (other_language("en"),)


async def test_an_unsure_detection_keeps_french_and_hears_the_first_piece_again_in_french(scripted_ai):
    fake = FakeWhisper(language="es", probability=0.41)
    said = sentences((0.5, HEARING), (6.0, DEADLINE))
    transcript = await transcriber(scripted_ai, fake, max_seconds=5.5, search_s=2.0).transcribe(
        dictation(said, 11.0, rate=8000), content_type="audio/wav"
    )
    languages = [inputs.get("language") for _, inputs in scripted_ai.calls]
    assert languages == [None] + ["fr"] * (len(languages) - 1)
    assert len(languages) >= 3
    assert scripted_ai.calls[0][1]["audio"] == scripted_ai.calls[1][1]["audio"]
    assert (transcript.language, transcript.warnings) == ("fr", ())
    assert transcript.text.split() == [text for _, _, text in said]


async def test_silence_in_every_piece_is_an_empty_transcript_with_the_no_speech_warning(scripted_ai):
    transcript = await transcriber(scripted_ai, max_seconds=3.0, search_s=1.0).transcribe(
        dictation([], 7.0, rate=8000), content_type="audio/wav"
    )
    assert (transcript.text, transcript.segments, transcript.language) == ("", (), "fr")
    assert transcript.warnings == (NO_SPEECH,)
    assert abs(transcript.duration_s - 7.0) < 0.01


async def test_the_services_capacity_errors_are_temporary_failures(scripted_ai):
    fake = FakeWhisper(errors={1: CAPACITY})
    with raises(TranscriptionFailed) as outcome:
        await transcriber(scripted_ai, fake, max_seconds=5.0, search_s=2.0).transcribe(
            dictation(sentences((0.5, HEARING), (6.0, HEARING)), 11.0, rate=8000), content_type="audio/wav"
        )
    assert outcome.exception.temporary is True
    assert "momentanément indisponible" in str(outcome.exception)


async def test_audio_the_model_cannot_decode_is_unusable(scripted_ai):
    recording = dictation(sentences((0.5, HEARING)), 4.0, rate=8000)
    eight_bit = recording[:34] + b"\x08" + recording[35:]  # a header now saying 8-bit samples: noise to a decoder
    with raises(UnusableAudio):
        await transcriber(scripted_ai).transcribe(eight_bit, content_type="audio/wav")
    with raises(UnusableAudio):
        await transcriber(scripted_ai, FakeWhisper(errors={0: UNDECODABLE})).transcribe(
            recording, content_type="audio/wav"
        )


async def test_a_recording_that_cannot_be_cut_is_sent_whole_or_refused_over_its_bound(scripted_ai):
    flac = b"fLaC" + b"\0" * 60_000
    with raises(UnusableAudio):  # the fake decodes only WAV: this FLAC is sent, whole, then refused by the model
        await transcriber(scripted_ai).transcribe(flac, content_type="audio/flac")
    assert base64.b64decode(scripted_ai.calls[0][1]["audio"]) == flac
    with raises(UnsupportedAudio):
        await transcriber(scripted_ai).transcribe(PDF, content_type="audio/flac")
    with raises(AudioTooLarge) as outcome:
        await transcriber(scripted_ai, max_whole_bytes=50_000).transcribe(flac, content_type="audio/flac")
    assert "taille maximale" in str(outcome.exception)
    assert len(scripted_ai.calls) == 1
