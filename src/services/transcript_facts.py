"""The facts said in a recording: its transcript read by the same extractor as mail, in one call, each fact placed
at the moment it was said. Used by the transcription job (facts become suggestions) and by `./poste transcribe
--facts`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from domain.extraction.model import Fact
from domain.extraction.port import Extractor
from domain.transcripts import Segment, clock_text, moment_at, text_of


@dataclass(frozen=True)
class HeardFact:
    fact: Fact
    at_s: float  # where in the recording the words were said

    def as_dict(self) -> dict[str, Any]:
        return {**self.fact.as_dict(), "at_s": round(self.at_s, 2)}

    def quoted(self) -> Fact:
        """The fact with its quote saying when it was heard, as a suggestion shows it: « … » (à 1:05)."""
        return replace(self.fact, quote=f"« {self.fact.quote} » (à {clock_text(self.at_s)})")


async def facts_heard(extractor: Extractor, segments: Sequence[Segment], *, reference_date: date) -> list[HeardFact]:
    text = text_of(segments)
    if not text:
        return []
    result = await extractor.extract(text, reference_date=reference_date)
    return [HeardFact(fact, moment_at(segments, fact.start)) for fact in result.facts]


def first_of_each(heard: Sequence[HeardFact]) -> list[HeardFact]:
    """One fact per kind and value, the first time it was said: a dictation repeats itself (« je répète : le 12
    mars »), and one hearing said twice is one suggestion, quoting where it was first heard."""
    seen: set[tuple[str, str]] = set()
    kept: list[HeardFact] = []
    for item in heard:
        key = (str(item.fact.kind), item.fact.value)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept
