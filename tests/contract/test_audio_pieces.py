"""Recordings cut into pieces Whisper accepts (domain/audio_pieces.py): each piece a file of its own, nothing lost or
repeated, WAV cut in its pauses. Pure Python, so it runs as is in CPython and under Pyodide (the Workers harness),
where the cutting runs in production. No pytest here: plain asserts and `raises`."""

import io
import itertools
import wave
from array import array

from domain.audio import AudioTooLarge, UnsupportedAudio, UnusableAudio, audio_type
from domain.audio_pieces import PieceLimits, cut
from tests.contract import audio_files
from tests.contract.expect import raises
from tests.contract.whisper_fake import THRESHOLD, dictation, heard, spoken

SENTENCE = "le dossier Martin audience renvoyée au douze mars"
SMALL = PieceLimits(max_seconds=6.0, search_s=2.0)


def samples_of(wav_bytes: bytes) -> array:
    with wave.open(io.BytesIO(wav_bytes), "rb") as reader:
        samples = array("h")
        samples.frombytes(reader.readframes(reader.getnframes()))
        return samples


async def test_a_wav_dictation_is_cut_losslessly_into_valid_files_of_at_most_the_limit():
    said = spoken(SENTENCE, start=0.3) + spoken(SENTENCE, start=6.0) + spoken(SENTENCE, start=11.5)
    recording = dictation(said, 16.0, rate=8000)
    pieces = cut(recording, "audio/wav", SMALL)
    assert len(pieces) >= 3
    assert all(0 < piece.duration_s <= 6.0 for piece in pieces)
    for before, after in itertools.pairwise(pieces):
        assert abs(after.start_s - (before.start_s + before.duration_s)) < 1e-9
    joined = array("h")
    for piece in pieces:
        joined.extend(samples_of(piece.data))
    assert joined == samples_of(recording)
    assert abs(sum(piece.duration_s for piece in pieces) - 16.0) < 1e-6


async def test_wav_is_cut_in_a_pause_so_no_word_is_split():
    said = spoken(SENTENCE + " " + SENTENCE, start=0.2, word_s=0.35, gap_s=0.12)
    recording = dictation(said, said[-1][1] + 0.5, rate=8000)
    pieces = cut(recording, "audio/wav", PieceLimits(max_seconds=2.5, search_s=1.0))
    assert len(pieces) > 3
    for piece in pieces[1:]:
        boundary = int(piece.start_s * 8000)
        assert max(abs(v) for v in samples_of(recording)[boundary - 100 : boundary + 100]) < THRESHOLD
    words = [w.text for piece in pieces for w in heard(piece.data)[0]]
    assert words == [text for _, _, text in said]


async def test_a_wav_piece_never_exceeds_the_byte_limit_and_keeps_its_format():
    recording = dictation(spoken(SENTENCE), 5.0, rate=16000)
    pieces = cut(recording, "audio/wav", PieceLimits(max_bytes=40_000, search_s=0.5))
    assert len(pieces) >= 4
    assert all(len(piece.data) <= 40_000 for piece in pieces)
    with wave.open(io.BytesIO(pieces[-1].data), "rb") as reader:
        assert (reader.getframerate(), reader.getnchannels(), reader.getsampwidth()) == (16000, 1, 2)


async def test_telephone_mulaw_is_cut_in_its_silence_with_a_fact_chunk_per_piece():
    levels = ([1] * 16000 + [0] * 4000) * 8  # 2 s of sound, half a second of silence, at 8 kHz
    recording = audio_files.mulaw_wav(levels)
    pieces = cut(recording, "audio/wav", PieceLimits(max_seconds=5.0, search_s=3.0))
    assert len(pieces) >= 5
    assert b"".join(piece.data[piece.data.index(b"data") + 8 :] for piece in pieces) == bytes(
        0x80 if level else 0xFF for level in levels
    )
    for piece in pieces:
        assert b"fact" in piece.data[:60]
        first = piece.data[piece.data.index(b"data") + 8 :][:1]
        assert piece.start_s == 0 or first == b"\xff", "a piece starts in the silence"


async def test_mp3_is_cut_between_frames_in_its_pauses_without_its_tags_or_vbr_frame():
    pauses = frozenset(range(30, 34)) | frozenset(range(60, 64))
    recording = audio_files.mp3(100, garbage_after=40, quiet=pauses)
    pieces = cut(recording, "audio/mpeg", PieceLimits(max_seconds=1.0))
    frame_s = 1152 / 44100
    numbers = [audio_files.mp3_frame_numbers(piece.data) for piece in pieces]
    assert [n for piece in numbers for n in piece] == list(range(100))
    assert len(pieces) == 3
    assert all(piece[0] in pauses for piece in numbers[1:]), "each cut is in a pause"
    assert all(not piece.data.startswith(b"ID3") and b"Xing" not in piece.data for piece in pieces)
    assert all(len(piece) <= 38 for piece in numbers)
    for piece, frames in zip(pieces, numbers, strict=True):
        assert abs(piece.start_s - frames[0] * frame_s) < 1e-9
        assert abs(piece.duration_s - len(frames) * frame_s) < 1e-9


async def test_mp3_pieces_respect_the_byte_limit():
    pieces = cut(audio_files.mp3(50, id3=False, xing=False), "audio/mpeg", PieceLimits(max_bytes=10 * 417))
    assert all(len(piece.data) <= 10 * 417 for piece in pieces)
    assert [n for piece in pieces for n in audio_files.mp3_frame_numbers(piece.data)] == list(range(50))


async def test_ogg_opus_is_cut_between_pages_each_piece_carrying_the_stream_headers():
    recording = audio_files.opus(10)
    source_pages = audio_files.ogg_pages(recording)
    pieces = cut(recording, "audio/ogg", PieceLimits(max_seconds=4.0))
    assert [piece.start_s for piece in pieces] == [0.0, 4.0, 8.0]
    assert [piece.duration_s for piece in pieces] == [4.0, 4.0, 2.0]
    data_pages = []
    for piece in pieces:
        pages = audio_files.ogg_pages(piece.data)
        assert pages[:2] == source_pages[:2]
        assert all(audio_files.ogg_crc_ok(page) for page in pages)
        assert pages[-1][5] & 0x04, "the piece's last page ends the stream"
        data_pages += [page[:5] + page[6:22] + page[26:] for page in pages[2:]]
    assert data_pages == [page[:5] + page[6:22] + page[26:] for page in source_pages[2:]]


async def test_formats_that_cannot_be_cut_are_sent_whole_up_to_their_bound():
    flac = b"fLaC" + b"\0" * 5000
    assert [(p.data, p.start_s, p.duration_s) for p in cut(flac, "audio/flac", PieceLimits())] == [(flac, 0.0, None)]
    with raises(AudioTooLarge) as outcome:
        cut(flac, "audio/flac", PieceLimits(max_whole_bytes=4096))
    assert "taille maximale" in str(outcome.exception)


async def test_a_broken_container_is_unusable_audio():
    for content_type, data in (
        ("audio/wav", b"RIFF\x10\0\0\0WAVEfmt "),
        ("audio/mpeg", b"ID3\x03\0\0\0\0\0\x0a" + b"\0" * 10 + b"not frames at all" * 20),
        ("audio/ogg", b"OggS" + b"\0" * 10),
    ):
        with raises(UnusableAudio):
            cut(data, content_type, PieceLimits())


async def test_only_bytes_that_are_a_recording_are_taken_as_audio():
    assert audio_type(dictation([], 0.1)) == "audio/wav"
    assert audio_type(audio_files.mp3(2)) == "audio/mpeg"
    assert audio_type(audio_files.opus(1)) == "audio/ogg"
    assert audio_type(b".snd" + b"\0" * 40) == "audio/basic"
    for not_audio in (b"%PDF-1.7\n", b"Bonjour, ceci est un texte.", b"\x89PNG\r\n\x1a\n" + b"\0" * 8, b""):
        with raises(UnsupportedAudio) as outcome:
            audio_type(not_audio)
        assert "enregistrement audio" in str(outcome.exception)
