"""A stand-in for Workers AI's `@cf/openai/whisper-large-v3-turbo` that answers from what it hears, and recordings it
can hear. Stdlib only: it runs in CPython and under Pyodide (the Workers harness), behind the scripted AI binding.

The recordings are WAV (16-bit PCM) "dictations" made of tone bursts, one burst per word: a burst's loudness is the
word's number in `WORDS` (`LEVEL + id * STEP`). The fake decodes each piece it is sent, finds the bursts, and answers
in the model's shape (transcription_info, text, word_count, segments with words, vtt), with timings from the
piece's start, segments split at pauses of `PAUSE_S`. So cutting a word in two, losing a piece or misplacing it
shows in the transcript. The spoken language and the errors are scripted: an error for the n-th call, a language
detected with some probability when the request names none.
"""

from __future__ import annotations

import base64
import io
import math
import struct
import wave
from array import array
from dataclasses import dataclass, field
from typing import Any

FRENCH_WORDS = (
    "le", "dossier", "Martin", "audience", "renvoyée", "au", "douze", "mars", "conclusions", "avant",
    "premier", "avril", "greffe", "Lyon", "délai", "quinze", "jours", "appel", "client", "rendez-vous",
)  # fmt: skip
ENGLISH_WORDS = ("the", "hearing", "was", "postponed", "until", "next", "week")
WORDS = FRENCH_WORDS + ENGLISH_WORDS
LEVEL, STEP, THRESHOLD = 2000, 1000, 600  # burst amplitude of word 0, per word, and what counts as sound
PAUSE_S = 0.6  # a silence this long ends a segment
GAP_S = 0.08  # a silence shorter than this is inside a word
BLOCK_S = 0.005  # the fake listens in blocks of 5 ms
RATE = 16000
MUSIC_LEVEL = LEVEL + STEP // 2  # between two words' levels: a tone, not speech (the VAD drops it)
UNDECODABLE = "AiError: 5006: Bad input: the audio could not be decoded"
CAPACITY = "AiError: 3040: Capacity temporarily exceeded, please try again."


@dataclass(frozen=True)
class Word:
    text: str
    start: float
    end: float


def dictation(words: list[tuple[float, float, str]], duration_s: float, *, rate: int = RATE,
              music: list[tuple[float, float]] = ()) -> bytes:  # fmt: skip
    """A WAV recording `duration_s` long, each (start, end, word) a burst of that word's loudness (a 400 Hz square
    wave), each `music` span a tone at no word's loudness; silence elsewhere, with a faint hiss far below THRESHOLD
    (digital zero is rarer than that in recordings)."""
    hiss = array("h", (((i * 7919) % 61) - 30 for i in range(61)))
    total = int(duration_s * rate)
    samples = (hiss * (total // 61 + 1))[:total]
    spans = [(start, end, LEVEL + WORDS.index(text) * STEP) for start, end, text in words]
    for start, end, amplitude in spans + [(start, end, MUSIC_LEVEL) for start, end in music]:
        half = rate // 800
        wave_ = array("h", [amplitude] * half + [-amplitude] * half)
        first, last = int(start * rate), min(total, int(end * rate))
        samples[first:last] = (wave_ * ((last - first) // len(wave_) + 1))[: last - first]
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(samples.tobytes())
    return out.getvalue()


def spoken(
    sentence: str, *, start: float = 0.5, word_s: float = 0.4, gap_s: float = 0.15
) -> list[tuple[float, float, str]]:
    """A sentence of WORDS said from `start`, one word every `word_s + gap_s` seconds."""
    said, moment = [], start
    for text in sentence.split():
        said.append((round(moment, 3), round(moment + word_s, 3), text))
        moment += word_s + gap_s
    return said


def heard(audio: bytes) -> tuple[list[Word], float]:
    """The words in a WAV piece and its duration; `ValueError` when it is not a WAV the fake can decode."""
    try:
        with wave.open(io.BytesIO(audio), "rb") as reader:
            if reader.getsampwidth() != 2:
                raise ValueError("only 16-bit PCM")
            channels, rate = reader.getnchannels(), reader.getframerate()
            frames = reader.readframes(reader.getnframes())
    except (wave.Error, EOFError, struct.error) as exc:
        raise ValueError(str(exc)) from exc
    samples = array("h")
    samples.frombytes(frames[: len(frames) // 2 * 2])
    first = samples[::channels] if channels > 1 else samples
    block = max(1, int(BLOCK_S * rate))
    peaks = [max(max(first[i : i + block]), -min(first[i : i + block])) for i in range(0, len(first), block)]
    words: list[Word] = []
    run_start, last_loud, peak = -1, -1, 0
    for index, level in enumerate([*peaks, 0]):
        if level >= THRESHOLD:
            run_start = index if run_start < 0 else run_start
            last_loud, peak = index, max(peak, level)
        elif run_start >= 0 and ((index - last_loud) * BLOCK_S >= GAP_S or index == len(peaks)):
            words += _word(run_start * block / rate, min(len(first), (last_loud + 1) * block) / rate, peak)
            run_start, peak = -1, 0
    return words, len(first) / rate


def _word(start: float, end: float, peak: int) -> list[Word]:
    """The word a burst this loud is, or none when its loudness is no word's (a tone: music)."""
    index = round((peak - LEVEL) / STEP)
    if not 0 <= index < len(WORDS) or abs(peak - (LEVEL + index * STEP)) > STEP // 4:
        return []
    return [Word(WORDS[index], round(start, 3), round(end, 3))]


@dataclass
class FakeWhisper:
    """Answers each call as the model would (`answer`), an outcome for the scripted binding: `{"result": …}` or
    `{"error": message}`. Without `language` in the request, the language is detected from the words heard
    (English when most are ENGLISH_WORDS), with `probability`, unless `language` scripts what detection finds;
    `errors`: the message to raise on the n-th call (0-based)."""

    language: str | None = None
    probability: float = 0.96
    errors: dict[int, str] = field(default_factory=dict)
    calls: int = 0

    def answer(self, model: str, inputs: dict[str, Any]) -> dict[str, Any]:
        call, self.calls = self.calls, self.calls + 1
        if model != "@cf/openai/whisper-large-v3-turbo":
            return {"error": f"AiError: 5007: No such model {model} or task"}
        if call in self.errors:
            return {"error": self.errors[call]}
        problem = _schema_problem(inputs)
        if problem:
            return {"error": f"AiError: 5006: Bad input: {problem}"}
        try:
            words, duration = heard(base64.b64decode(inputs["audio"], validate=True))
        except ValueError:
            return {"error": UNDECODABLE}
        forced = inputs.get("language")
        english = sum(w.text in ENGLISH_WORDS for w in words) * 2 > len(words) > 0
        detected = self.language or ("en" if english else "fr")
        language, probability = (forced, 1.0) if forced else (detected, self.probability)
        return {"result": _output(words, duration, language, probability, bool(inputs.get("vad_filter")))}


def _schema_problem(inputs: dict[str, Any]) -> str:
    types = {"audio": str, "task": str, "language": str, "vad_filter": bool, "initial_prompt": str, "prefix": str}
    if "audio" not in inputs:
        return "must have required property 'audio'"
    for name, value in inputs.items():
        if name not in types:
            return f"must NOT have additional properties '{name}'"
        if not isinstance(value, types[name]):
            return f"Type mismatch of '/{name}', '{types[name].__name__}' not in '{type(value).__name__}'"
    if inputs.get("task", "transcribe") not in ("transcribe", "translate"):
        return "task must be 'transcribe' or 'translate'"
    return ""


def _output(words: list[Word], duration: float, language: str, probability: float, vad: bool) -> dict[str, Any]:
    segments: list[list[Word]] = []
    for word in words:
        if segments and word.start - segments[-1][-1].end < PAUSE_S:
            segments[-1].append(word)
        else:
            segments.append([word])
    shaped = [_segment(group) for group in segments]
    speech = sum(w.end - w.start for w in words)
    info = {"language": language, "language_probability": probability, "duration": duration,
            "duration_after_vad": round(speech, 3) if vad else duration}  # fmt: skip
    cues = "".join(f"{_clock(s['start'])} --> {_clock(s['end'])}\n{s['text'].strip()}\n\n" for s in shaped)
    text = "".join(segment["text"] for segment in shaped).strip()
    return {"transcription_info": info, "text": text, "word_count": len(words), "segments": shaped,
            "vtt": "WEBVTT\n\n" + cues}  # fmt: skip


def _segment(group: list[Word]) -> dict[str, Any]:
    return {"start": group[0].start, "end": group[-1].end, "text": "".join(" " + w.text for w in group),
            "temperature": 0.0, "avg_logprob": -0.21, "compression_ratio": 1.2, "no_speech_prob": 0.01,
            "words": [{"word": " " + w.text, "start": w.start, "end": w.end} for w in group]}  # fmt: skip


def _clock(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes):02d}:{rest:06.3f}" if not math.isnan(rest) else "00:00.000"
