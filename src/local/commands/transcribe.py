"""`./poste transcribe FILE [--facts]`: what is said in a recording, as JSON (docs/transcription.md):
`{"text", "language", "duration_s", "segments": [{"start", "end", "text"}], "warnings"}`, and with `--facts` the
facts heard (`kind`, `value`, `quote`, `at_s`…, read by the rule-based extractor, relative dates from today in
Paris). A file that is not usable audio (missing, not audio, corrupt, too large) exits 2 with the French message on
stderr and nothing on stdout. A stable interface."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from domain.audio import MAX_AUDIO_BYTES, AudioTooLarge, TranscriptionFailed, UnsupportedAudio, UnusableAudio
from domain.cabinets import DEFAULT_TIMEZONE
from domain.extraction import RuleBasedExtractor
from services.ports import Clock, Transcriber
from services.system import SystemClock
from services.transcript_facts import facts_heard

UNUSABLE = 2
UNAVAILABLE = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="l'enregistrement (MP3, WAV, Ogg/Opus, M4A, WebM, FLAC, AMR…)")
    parser.add_argument("--facts", action="store_true", help="ajouter les faits entendus (dates, audiences, délais)")


async def transcribe_file(
    audio: bytes, *, transcriber: Transcriber, clock: Clock, with_facts: bool = False
) -> dict[str, Any]:
    """The command's JSON answer for a recording's bytes."""
    transcript = await transcriber.transcribe(audio, content_type="application/octet-stream")
    answer: dict[str, Any] = {**transcript.as_dict(), "warnings": list(transcript.warnings)}
    if with_facts:
        today = clock.now().astimezone(ZoneInfo(DEFAULT_TIMEZONE)).date()
        heard = await facts_heard(RuleBasedExtractor(), transcript.segments, reference_date=today)
        answer["facts"] = [fact.as_dict() for fact in heard]
    return answer


def read_audio(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_AUDIO_BYTES:
            raise AudioTooLarge()
        return path.read_bytes()
    except OSError as error:
        raise UnusableAudio(f"Fichier illisible ({error.strerror or error}) : {path}") from error


def run(args: argparse.Namespace, *, clock: Clock | None = None, transcriber: Transcriber | None = None) -> int:
    if transcriber is None:
        from local.transcriber import local_transcriber

        transcriber = local_transcriber()
    if transcriber is None:
        print(
            "Erreur : la transcription locale n'est pas installée (groupe de dépendances « audio » : uv sync).",
            file=sys.stderr,
        )
        return UNAVAILABLE
    try:
        audio = read_audio(args.file)
        answer = asyncio.run(
            transcribe_file(audio, transcriber=transcriber, clock=clock or SystemClock(), with_facts=args.facts)
        )
    except (UnsupportedAudio, UnusableAudio, AudioTooLarge) as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return UNUSABLE
    except TranscriptionFailed as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return UNAVAILABLE
    print(json.dumps(answer, ensure_ascii=False))
    return 0
