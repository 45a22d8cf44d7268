"""`./poste transcribe FILE [--facts]`, run as a user runs it, on French speech made by espeak-ng and the real model."""

import json
import os
import subprocess
from pathlib import Path

import pytest

from local.whisper_model import model_available
from tests.audio_clips import convert, long_french_clip, not_audio_clip, tools_missing, truncated_clip

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(tools_missing()), reason="scripts/bootstrap audio installs espeak-ng and sox"),
    pytest.mark.skipif(not model_available(), reason="the audio group (faster-whisper and its model) is missing"),
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli-audio")


def poste(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache")}
    return subprocess.run(
        [str(ROOT / "poste"), "transcribe", *args], capture_output=True, text=True, timeout=300, check=False,
        env=environment,
    )  # fmt: skip


def test_a_dictation_is_printed_with_its_segments_and_the_facts_heard_at_their_moment(folder: Path):
    spoken = long_french_clip(folder, repeats=2)  # the three sentences twice, the hearing's first
    clip = convert(spoken.path, folder / "dictation.mp3", "-C", "64")
    done = poste(folder, str(clip), "--facts")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert set(answer) == {"text", "language", "duration_s", "segments", "warnings", "facts"}
    assert (answer["language"], answer["warnings"]) == ("fr", [])
    assert 35 < answer["duration_s"] < 50
    assert answer["text"] == " ".join(s["text"] for s in answer["segments"])
    assert all(set(s) == {"start", "end", "text"} for s in answer["segments"])
    assert "conclusions" in answer["text"].lower()
    assert all({"kind", "value", "quote", "at_s"} <= set(f) for f in answer["facts"])
    hearings = [f for f in answer["facts"] if f["kind"] == "hearing"]
    delays = [f for f in answer["facts"] if f["kind"] == "delay" and f["value"] == "P15D"]
    # « 12 mars 2027 »: the base model hears espeak-ng's « vingt-sept » as « 17 » (docs/transcription.md): the day
    # and month are checked, not the year
    assert hearings[0]["value"].endswith("-03-12")
    assert hearings[0]["at_s"] == 0.0
    assert "12 mars" in hearings[0]["quote"]
    # the delay is said again in the second round: its moment is in the second half of the recording
    assert delays[0]["at_s"] < answer["duration_s"] / 2 < delays[-1]["at_s"] < answer["duration_s"]


@pytest.mark.parametrize(
    ("make", "words"),
    [(not_audio_clip, "pas un enregistrement audio"), (truncated_clip, "")],
)
def test_a_file_that_is_not_usable_audio_exits_2_with_a_french_message(folder: Path, make, words):
    clip = make(folder)
    done = poste(folder, str(clip.path))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("Erreur : ")
    assert words in done.stderr
    assert "illisible" in done.stderr or "pris en charge" in done.stderr


def test_a_missing_file_exits_2(folder: Path):
    done = poste(folder, str(folder / "absent.mp3"))
    assert (done.returncode, done.stdout) == (2, "")
    assert "Fichier illisible" in done.stderr
