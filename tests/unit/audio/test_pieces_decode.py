"""Pieces of real encoded recordings (made by sox, or PyAV for Opus which sox cannot write, from a WAV dictation)
decode on their own, and together they last as long as the recording (domain/audio_pieces.py). The structural checks
run everywhere (tests/contract/test_audio_pieces.py); these need sox and its MP3/Ogg support (`scripts/bootstrap
audio`), and PyAV (the audio group) for Opus."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from domain.audio import audio_type
from domain.audio_pieces import PieceLimits, cut
from tests.audio_clips import PYAV_FORMATS, encode
from tests.contract.whisper_fake import dictation, spoken

pytestmark = pytest.mark.skipif(shutil.which("sox") is None, reason="sox is not installed (scripts/bootstrap audio)")


def seconds_of(path: Path) -> float:
    out = subprocess.run(["soxi", "-D", str(path)], capture_output=True, text=True, check=True).stdout
    return float(out)


def decoded_seconds(path: Path) -> float:
    """What a decoder really gets out of the file (not what its header claims)."""
    if path.suffix == ".opus":
        import av  # the audio group's

        with av.open(str(path)) as audio:
            return sum(frame.samples / frame.sample_rate for frame in audio.decode(audio=0))
    target = path.with_suffix(".decoded.wav")
    subprocess.run(["sox", str(path), str(target)], capture_output=True, check=True)
    return seconds_of(target)


@pytest.mark.parametrize("kind", ["mp3", "ogg", "opus"])
def test_each_piece_of_a_real_recording_decodes_alone_and_they_add_up_to_the_whole(kind: str, tmp_path: Path):
    source = tmp_path / "dictation.wav"
    said = [word for start in (0.5, 8.0, 16.0) for word in spoken("le dossier Martin audience", start=start)]
    source.write_bytes(dictation(said, 24.0))
    encoded = tmp_path / f"dictation.{kind}"
    if kind == "opus":
        encode(source, encoded, *PYAV_FORMATS["opus"])
    else:
        subprocess.run(["sox", str(source), str(encoded)], capture_output=True, check=True)
    audio = encoded.read_bytes()
    pieces = cut(audio, audio_type(audio), PieceLimits(max_seconds=7.0))
    assert len(pieces) >= 4
    total = 0.0
    for index, piece in enumerate(pieces):
        path = tmp_path / f"piece{index}.{kind}"
        path.write_bytes(piece.data)
        heard = decoded_seconds(path)
        assert piece.duration_s is not None
        # An MP3 decoder starting mid-stream loses a few frames to its start-up (bit reservoir, decoder delay):
        # 4 frames of 36 ms at 16 kHz with sox; Ogg pages lose nothing.
        assert abs(heard - piece.duration_s) < (0.16 if kind == "mp3" else 0.05), (index, heard, piece.duration_s)
        total += heard
    assert abs(total - decoded_seconds(encoded)) < 0.16 * len(pieces)
