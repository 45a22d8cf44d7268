"""French speech clips made on demand, for the transcription tests and bench/transcription.py.

espeak-ng (voice `fr`) speaks known sentences; sox turns the speech into the formats recordings arrive in (WAV PCM,
telephone µ-law 8 kHz, GSM 6.10, MP3, Ogg Opus); PyAV writes the M4A (AAC), which sox cannot. Each French clip keeps
its source sentence, so a test can check what was heard and the bench can measure the word error rate.
The Debian tools come from `scripts/bootstrap audio`.
"""

from __future__ import annotations

import math
import shutil
import struct
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from local.transcriber import FasterWhisperTranscriber

# Numbers in digits: espeak-ng says them in French words, and the model writes them back in digits (as the word error
# rate compares).
HEARING_SENTENCE = (
    "L'affaire est renvoyée à l'audience du 12 mars 2027. "
    "Les conclusions doivent être déposées dans un délai de 15 jours."
)
FRENCH_SENTENCES = (
    HEARING_SENTENCE,
    "Le client a appelé ce matin au sujet de son dossier de divorce. Il souhaite être rappelé avant vendredi.",
    "Le tribunal judiciaire de Lyon a rendu son jugement. Nous avons un mois pour faire appel.",
)
ENGLISH_SENTENCE = (
    "The hearing has been postponed until next week. Please send the documents to the court as soon as possible."
)
# Words a transcriber must hear in the hearing sentence (a few may be missed).
HEARING_KEYWORDS = ("affaire", "renvoyée", "audience", "mars", "conclusions", "déposées", "délai", "jours")

TOOLS = ("espeak-ng", "sox")


@dataclass(frozen=True)
class Clip:
    path: Path
    content_type: str
    sentence: str = ""  # what is said in it (French clips)

    def read(self) -> bytes:
        return self.path.read_bytes()


def tools_missing() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def _run(*args: str | Path) -> None:
    """A tool's run; sox in its repeatable mode (`-R`: its dither seeded), so a clip is the same bytes every time."""
    command = [str(arg) for arg in args]
    if command[0] == "sox":
        command.insert(1, "-R")
    subprocess.run(command, check=True, capture_output=True)


def speak(folder: Path, name: str, text: str, *, voice: str = "fr", speed: int = 140) -> Path:
    """espeak-ng's own WAV (22 050 Hz mono PCM)."""
    target = folder / f"{name}.espeak.wav"
    if not target.exists():
        _run("espeak-ng", "-v", voice, "-s", str(speed), "-w", target, text)
    return target


def convert(source: Path, target: Path, *options: str) -> Path:
    """sox: `options` are the output's format options (rate, encoding…), placed before the target."""
    if not target.exists():
        _run("sox", source, *options, target)
    return target


def encode(source: Path, target: Path, container: str, codec: str, rate: int, sample_format: str) -> Path:
    """Written with PyAV: AAC in MP4 and Opus in Ogg, which sox cannot write."""
    if target.exists():
        return target
    import av  # the audio group's dependency; imported here so that a test module without it still imports

    with av.open(str(source)) as inp, av.open(str(target), "w", format=container) as out:
        stream = out.add_stream(codec, rate=rate)
        stream.layout = "mono"  # type: ignore[union-attr]
        resampler = av.AudioResampler(format=sample_format, layout="mono", rate=rate)
        for frame in inp.decode(audio=0):
            for converted in resampler.resample(frame):
                out.mux(stream.encode(converted))  # type: ignore[union-attr]
        for converted in resampler.resample(None):
            out.mux(stream.encode(converted))  # type: ignore[union-attr]
        out.mux(stream.encode(None))  # type: ignore[union-attr]
    return target


# name -> (suffix, content type, sox output options); None for the ones written by PyAV (PYAV_FORMATS)
FORMATS: dict[str, tuple[str, str, tuple[str, ...] | None]] = {
    "wav": ("wav", "audio/wav", ("-r", "16000", "-b", "16", "-e", "signed-integer")),
    "mulaw": ("wav", "audio/wav", ("-r", "8000", "-e", "u-law")),  # a telephone system's voicemail
    "alaw": ("wav", "audio/wav", ("-r", "8000", "-e", "a-law")),
    "gsm": ("wav", "audio/wav", ("-r", "8000", "-e", "gsm-full-rate")),  # WAV GSM 6.10
    "au": ("au", "audio/basic", ("-r", "8000", "-e", "u-law")),
    "mp3": ("mp3", "audio/mpeg", ("-r", "22050", "-C", "64")),
    "mp3-low": ("mp3", "audio/mpeg", ("-r", "8000", "-C", "16")),  # a voicemail forwarded by a telephone system
    "vorbis": ("ogg", "audio/ogg", ("-C", "3")),
    "flac": ("flac", "audio/flac", ("-r", "16000")),
    "opus": ("opus", "audio/ogg", None),  # a phone's voice message
    "m4a": ("m4a", "audio/mp4", None),  # an iPhone's dictation
    "webm": ("webm", "audio/webm", None),  # a browser's recorder
    "amr": ("amr", "audio/amr", None),  # an old phone's
}
# name -> (container, codec, sample rate, sample format) for PyAV
PYAV_FORMATS = {
    "opus": ("ogg", "libopus", 48000, "s16"),
    "m4a": ("mp4", "aac", 16000, "fltp"),
    "webm": ("webm", "libopus", 48000, "s16"),
    "amr": ("amr", "libopencore_amrnb", 8000, "s16"),
}


def french_clip(folder: Path, kind: str, *, index: int = 0) -> Clip:
    """Sentence `index` of FRENCH_SENTENCES in format `kind` (a key of FORMATS)."""
    sentence = FRENCH_SENTENCES[index]
    spoken = speak(folder, f"fr{index}", sentence)
    suffix, content_type, options = FORMATS[kind]
    target = folder / f"fr{index}-{kind}.{suffix}"
    if options is None:
        encode(spoken, target, *PYAV_FORMATS[kind])
    else:
        convert(spoken, target, *options)
    return Clip(target, content_type, sentence)


def english_clip(folder: Path) -> Clip:
    spoken = speak(folder, "en", ENGLISH_SENTENCE, voice="en")
    return Clip(convert(spoken, folder / "en.wav", "-r", "16000"), "audio/wav", ENGLISH_SENTENCE)


def silence_clip(folder: Path, seconds: float = 4.0) -> Clip:
    target = folder / "silence.wav"
    if not target.exists():
        _run("sox", "-n", "-r", "16000", "-c", "1", "-b", "16", target, "trim", "0", str(seconds))
    return Clip(target, "audio/wav")


def music_clip(folder: Path, seconds: float = 4.0) -> Clip:
    """A few bars of steady tones (no voice): what a hold music sounds like to a speech model."""
    target = folder / "music.wav"
    if not target.exists():
        rate, notes = 16000, (262.0, 330.0, 392.0, 523.0)
        samples = bytearray()
        for n in range(int(rate * seconds)):
            note = notes[int(n / rate * 2) % len(notes)]
            value = 0.3 * math.sin(2 * math.pi * note * n / rate) + 0.15 * math.sin(2 * math.pi * note * 1.5 * n / rate)
            samples += struct.pack("<h", int(value * 32767))
        with wave.open(str(target), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(rate)
            out.writeframes(bytes(samples))
    return Clip(target, "audio/wav")


def long_french_clip(folder: Path, *, minimum_bytes: int = 1024 * 1024 + 1, repeats: int | None = None) -> Clip:
    """The French sentences one after another, in 16 kHz WAV, repeated until the file passes `minimum_bytes`
    (a recording longer than one piece of the Workers adapter), or `repeats` times."""
    spoken = [speak(folder, f"fr{i}", sentence) for i, sentence in enumerate(FRENCH_SENTENCES)]
    pause = folder / "pause.wav"
    if not pause.exists():
        _run("sox", "-n", "-r", "22050", "-c", "1", "-b", "16", pause, "trim", "0", "0.6")
    per_round = sum(_wav_seconds(path) + 0.6 for path in spoken)
    rounds = repeats or math.ceil(minimum_bytes / (per_round * 16000 * 2))
    target = folder / f"long-{rounds}.wav"
    if not target.exists():
        parts: list[Path] = []
        for _ in range(rounds):
            for path in spoken:
                parts += [path, pause]
        _run("sox", *parts, "-r", "16000", target)
    sentence = " ".join(FRENCH_SENTENCES * rounds)
    return Clip(target, "audio/wav", sentence)


def clip_seconds(clip: Clip) -> float:
    """How long a clip lasts, as its container says (0.0 for what is not audio)."""
    import av

    try:
        with av.open(str(clip.path)) as container:
            return float(container.duration or 0) / 1_000_000
    except av.FFmpegError:
        return 0.0


def sentences_clip(folder: Path, order: tuple[int, ...]) -> Clip:
    """Some of the French sentences, in the order given, with a pause between them, in 16 kHz WAV."""
    pause = folder / "pause.wav"
    if not pause.exists():
        _run("sox", "-n", "-r", "22050", "-c", "1", "-b", "16", pause, "trim", "0", "0.6")
    parts: list[Path] = []
    for index in order:
        parts += [speak(folder, f"fr{index}", FRENCH_SENTENCES[index]), pause]
    target = folder / f"sentences-{'-'.join(map(str, order))}.wav"
    if not target.exists():
        _run("sox", *parts[:-1], "-r", "16000", target)
    return Clip(target, "audio/wav", " ".join(FRENCH_SENTENCES[i] for i in order))


def _wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as audio:
        return audio.getnframes() / audio.getframerate()


def not_audio_clip(folder: Path) -> Clip:
    target = folder / "note.pdf"
    target.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    return Clip(target, "audio/mpeg")  # the declared type lies: the bytes decide


def truncated_clip(folder: Path) -> Clip:
    """An MP3 cut after its first hundred bytes: the header promises audio that is not there."""
    whole = french_clip(folder, "mp3").read()
    target = folder / "truncated.mp3"
    target.write_bytes(whole[:100])
    return Clip(target, "audio/mpeg")


def garbled_clip(folder: Path) -> Clip:
    """A WAV header followed by noise bytes that claim an impossible format."""
    whole = french_clip(folder, "wav").read()
    target = folder / "garbled.wav"
    target.write_bytes(whole[:20] + b"\xff\xff" + whole[22:40] + bytes(range(256)) * 8)
    return Clip(target, "audio/wav")


def local_model_or_skip(cache_dir: Path) -> FasterWhisperTranscriber:
    """The local faster-whisper transcriber for a test module; the test skips, saying why, where the audio group is
    not installed (on CI, tests/integration/test_audio_toolchain.py fails instead)."""
    import pytest

    from local.transcriber import local_transcriber

    found = local_transcriber(cache_dir=cache_dir)
    if found is None:
        pytest.skip("the audio group (faster-whisper and its model) is not installed")
    return found
