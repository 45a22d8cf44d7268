"""A 10-minute dictation from upload to suggestions on the local runtime, as a lawyer's recorder sends it: the
runtime runs as `./poste serve` does (its own process: HTTP, the queue workers, the audio lane, faster-whisper); the
bench logs in over HTTP, uploads the recording to a dossier (`POST /api/dossiers/{id}/recordings`) and polls the
transcription until it is `terminee` and its facts are suggested.

Printed: the recording's length and size, then the time from the start of the upload to each stage (uploaded,
transcription started, finished, suggestions recorded), the real-time factor of the whole path and the number of
suggestions. The dictation is espeak-ng's voice saying the test set's sentences again and again (tests/audio_clips.py).
Bounded: it gives up after 30 minutes. Needs `scripts/bootstrap audio`.

Run: `PYTHONPATH=src:. .venv/bin/python -m bench.dictation [--minutes 10]`.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import wave
from pathlib import Path

import httpx

from tests.api.seed import PASSWORD
from tests.audio_clips import clip_seconds, long_french_clip, tools_missing
from tests.integration.test_voicemail import seed
from tests.runtime_process import start_runtime

GIVE_UP_SECONDS = 30 * 60


def dictation(folder: Path, minutes: float) -> Path:
    one_round = long_french_clip(folder, repeats=1)
    rounds = max(1, round(minutes * 60 / clip_seconds(one_round)))
    return long_french_clip(folder, repeats=rounds).path


def follow(client: httpx.Client, transcription_id: str, started: float) -> dict[str, float]:
    """The time (since `started`) each stage was first seen, polling every 0.25 s."""
    seen: dict[str, float] = {}
    while time.monotonic() - started < GIVE_UP_SECONDS:
        detail = client.get(f"/api/transcriptions/{transcription_id}").raise_for_status().json()
        now = time.monotonic() - started
        if detail["status"] in ("en_cours", "terminee"):
            seen.setdefault("started", now)
        if detail["status"] == "echec":
            raise SystemExit(f"the transcription failed: {detail['error']}")
        if detail["status"] == "terminee":
            seen.setdefault("transcribed", now)
            if detail["suggestions"]:
                seen["suggested"] = now
                seen["suggestions"] = len(detail["suggestions"])
                return seen
        time.sleep(0.25)
    raise SystemExit(f"gave up after {GIVE_UP_SECONDS} s: {seen}")


def run(minutes: float) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-dictation-") as name:
        folder = Path(name)
        recording = dictation(folder, minutes)
        data = recording.read_bytes()
        length = _wav_seconds(recording)
        dossier_id, _reference = seed(folder / "data")
        runtime = start_runtime(folder / "data")
        try:
            with httpx.Client(base_url=runtime.base_url, timeout=120) as client:
                login = client.post("/api/auth/login", json={"email": "associe@martin.test", "password": PASSWORD})
                client.headers["X-CSRF-Token"] = login.raise_for_status().json()["csrf_token"]
                started = time.monotonic()
                answer = client.post(f"/api/dossiers/{dossier_id}/recordings", content=data,
                                     params={"title": "Dictée après audience", "file_name": "dictee.wav"},
                                     headers={"Content-Type": "audio/wav"}).raise_for_status()  # fmt: skip
                uploaded = time.monotonic() - started
                seen = follow(client, answer.json()["id"], started)
        finally:
            runtime.stop()
    print(f"dictation: {length / 60:.1f} min, {len(data) / 1e6:.1f} MB (16 kHz WAV), local runtime, 2 queue lanes")
    print(f"  uploaded after            {uploaded:7.1f} s")
    print(f"  transcription started at  {seen['started']:7.1f} s")
    print(f"  transcript ready at       {seen['transcribed']:7.1f} s")
    print(f"  suggestions recorded at   {seen['suggested']:7.1f} s  ({int(seen['suggestions'])} suggestions)")
    print(f"  end to end: {seen['suggested']:.1f} s for {length:.0f} s of audio (× {seen['suggested'] / length:.2f})")


def _wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as wav:
        return wav.getnframes() / wav.getframerate()


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench.dictation")
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()
    if tools_missing():
        print(f"skipped: {', '.join(tools_missing())} missing (scripts/bootstrap audio)")
        return
    run(args.minutes)


if __name__ == "__main__":
    main()
