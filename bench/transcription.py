"""Local transcription: for each French sentence of the test set (tests/audio_clips.py, espeak-ng's voice) in each
quality a recording arrives in, the real-time factor of the local transcriber (faster-whisper, Whisper base int8 on
this machine's CPU; time to transcribe / length of the audio), the process's peak memory while it ran (RSS) and the
word error rate against the sentence spoken. `--dictation MINUTES` adds one long dictation (the sentences again and
again) and prints its transcription time.

The first transcription also pays for loading the model (printed apart). Needs `scripts/bootstrap audio`.

Run: `PYTHONPATH=src:. .venv/bin/python -m bench.transcription [--dictation 10] [--formats wav,mp3]`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from domain.transcripts import Transcript
from local.transcriber import FasterWhisperTranscriber
from tests.audio_clips import (
    FORMATS,
    FRENCH_SENTENCES,
    Clip,
    clip_seconds,
    french_clip,
    long_french_clip,
    tools_missing,
)
from tests.contract.transcriber_contract import folded

QUALITIES = ("wav", "mulaw", "gsm", "mp3", "mp3-low", "opus", "m4a")


@dataclass(frozen=True)
class Measure:
    clip: Clip
    seconds: float  # of audio
    elapsed: float  # to transcribe it
    peak_rss_mib: float
    wer: float
    transcript: Transcript

    @property
    def rtf(self) -> float:
        return self.elapsed / self.seconds if self.seconds else 0.0


def word_error_rate(reference: str, heard: str) -> float:
    """Word-level Levenshtein distance over the reference's length, case, accents and punctuation aside."""
    ref, hyp = folded(reference).split(), folded(heard).split()
    row = list(range(len(hyp) + 1))
    for i, ref_word in enumerate(ref, 1):
        diagonal, row[0] = row[0], i
        for j, hyp_word in enumerate(hyp, 1):
            diagonal, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, diagonal + (ref_word != hyp_word))
    return row[len(hyp)] / max(1, len(ref))


def reset_peak_rss() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # Linux: the peak (VmHWM) starts again from the current RSS


def peak_rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def measure(transcriber: FasterWhisperTranscriber, clip: Clip) -> Measure:
    """One clip through the local transcriber (a function the end-to-end bench can call too)."""
    reset_peak_rss()
    started = time.perf_counter()
    transcript = await transcriber.transcribe(clip.read(), content_type=clip.content_type)
    elapsed = time.perf_counter() - started
    seconds = clip_seconds(clip) or transcript.duration_s
    wer = word_error_rate(clip.sentence, transcript.text)
    return Measure(clip, seconds, elapsed, peak_rss_mib(), wer, transcript)


async def load_model(transcriber: FasterWhisperTranscriber, folder: Path) -> float:
    """The first transcription's extra time: joining the model's halves (first run only) and loading it."""
    clip = french_clip(folder, "wav")
    started = time.perf_counter()
    await transcriber.transcribe(clip.read(), content_type=clip.content_type)
    first = time.perf_counter() - started
    started = time.perf_counter()
    await transcriber.transcribe(clip.read(), content_type=clip.content_type)
    return first - (time.perf_counter() - started)


async def quality_table(transcriber: FasterWhisperTranscriber, folder: Path, qualities: tuple[str, ...]) -> None:
    print(f"{'format':9} {'sentence':>8} {'audio s':>8} {'RTF':>6} {'peak RSS MiB':>13} {'WER':>6}  heard")
    per_format: dict[str, list[Measure]] = {}
    for quality in qualities:
        for index in range(len(FRENCH_SENTENCES)):
            m = await measure(transcriber, french_clip(folder, quality, index=index))
            per_format.setdefault(quality, []).append(m)
            heard = m.transcript.text[:70]
            print(f"{quality:9} {index:>8} {m.seconds:8.1f} {m.rtf:6.2f} {m.peak_rss_mib:13.0f} {m.wer:6.2f}  {heard}")
    print("\nper format (mean over the sentences):")
    print(f"{'format':9} {'RTF':>6} {'WER':>6} {'peak RSS MiB':>13}")
    for quality, measures in per_format.items():
        rtf = sum(m.rtf for m in measures) / len(measures)
        wer = sum(m.wer for m in measures) / len(measures)
        print(f"{quality:9} {rtf:6.2f} {wer:6.2f} {max(m.peak_rss_mib for m in measures):13.0f}")


async def dictation(transcriber: FasterWhisperTranscriber, folder: Path, minutes: float) -> Measure:
    one_round = long_french_clip(folder, repeats=1)
    rounds = max(1, round(minutes * 60 / clip_seconds(one_round)))
    m = await measure(transcriber, long_french_clip(folder, repeats=rounds))
    print(f"\ndictation of {m.seconds / 60:.1f} min ({rounds} rounds of the sentences, 16 kHz WAV):")
    print(f"  transcribed in {m.elapsed:.1f} s (RTF {m.rtf:.2f}), peak RSS {m.peak_rss_mib:.0f} MiB, WER {m.wer:.2f},")
    print(f"  {len(m.transcript.segments)} segments, the last ending at {m.transcript.segments[-1].end:.1f} s")
    return m


async def main(args: argparse.Namespace) -> None:
    if tools_missing():
        print(f"skipped: {', '.join(tools_missing())} missing (scripts/bootstrap audio)")
        return
    transcriber = FasterWhisperTranscriber(cpu_threads=args.threads)
    with tempfile.TemporaryDirectory(prefix="bench-transcription-") as name:
        folder = Path(name)
        print(f"model: {transcriber.source.name}; load (first use): {await load_model(transcriber, folder):.1f} s")
        await quality_table(transcriber, folder, tuple(args.formats.split(",")))
        if args.dictation:
            await dictation(transcriber, folder, args.dictation)
    transcriber.close()


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench.transcription")
    parser.add_argument("--formats", default=",".join(QUALITIES), help=f"among {', '.join(FORMATS)}")
    parser.add_argument("--dictation", type=float, default=0.0, metavar="MINUTES", help="add a long dictation")
    parser.add_argument("--threads", type=int, default=0, help="CTranslate2 CPU threads (0: all cores)")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(arguments()))
