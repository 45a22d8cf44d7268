"""Court and cabinet references: RG in its court forms, Portalis, pourvoi, minute, the cabinet's own refs.

Candidates from every pattern compete for the text; the longest span wins, so a prefixed form beats a
bare one and a minute number ("N° de minute 25/750") is never read as an RG. Digit look-arounds make sure
`181/25` never matches inside `1181/25`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from domain.extraction.model import MAX_FACTS_PER_KIND, Fact, FactKind
from domain.extraction.spans import Spans

_NO = r"(?<!\w)(?:n[°o]|num[ée]ro|no\.?)(?!\w)"
_RG_PREFIX = rf"(?<!\w)(?:{_NO}\s*)?(?:de\s+)?R\.?\s?G\b\.?(?:\s*{_NO})?\s*:?\s*"


@dataclass(frozen=True, slots=True)
class _Pattern:
    kind: FactKind
    regex: re.Pattern[str]
    confidence: float


def _p(kind: FactKind, pattern: str, confidence: float, flags: int = re.IGNORECASE) -> _Pattern:
    return _Pattern(kind, re.compile(pattern, flags), confidence)


PATTERNS: tuple[_Pattern, ...] = (
    _p(
        FactKind.MINUTE,
        rf"(?:{_NO}\s*(?:de\s+)?)?minute\s*(?:{_NO})?\s*:?\s*(?P<v>\d{{2,4}}\s?/\s?\d{{1,6}})(?!\d)",
        0.9,
    ),
    _p(FactKind.MINUTE, rf"{_NO}\s*min(?:ute)?\.?\s*:\s*(?P<v>\d{{2,4}}\s?/\s?\d{{1,6}})(?!\d)", 0.85),
    _p(FactKind.RG, rf"{_RG_PREFIX}(?P<v>(?-i:[A-Z])\s?\d{{2}}\s?/\s?\d{{4,6}})(?![\d/])", 0.95),
    _p(FactKind.RG, rf"{_RG_PREFIX}(?P<v>\d{{2}}\s?/\s?\d{{3,6}})(?![\d/])", 0.95),
    _p(FactKind.RG, rf"{_RG_PREFIX}(?P<v>(?:19|20)\d{{2}}(?-i:[A-Z])\d{{5}}|(?:19|20)\d{{8}})(?!\d)", 0.95),
    _p(FactKind.RG, rf"{_RG_PREFIX}(?P<v>\d{{2}}-\d{{2}}-\d{{6}})(?!\d)", 0.95),
    _p(FactKind.RG, r"(?<![\w/])(?P<v>[A-Z] \d{2}/\d{5})(?![\d/])", 0.8, 0),
    _p(FactKind.RG, r"(?<![\d/])(?P<v>(?:19|20)\d{2}F\d{5})(?!\d)", 0.8, 0),
    _p(FactKind.RG, r"(?<![\d\-])(?P<v>\d{2}-\d{2}-\d{6})(?![\d\-])", 0.75, 0),
    _p(FactKind.RG, r"\[(?P<v>\d{2}[/\-]\d{4,6})\]", 0.9),
    _p(FactKind.RG, rf"{_NO}\s*:?\s*(?P<v>\d{{2}}/\d{{4,6}})(?![\d/])", 0.8),
    _p(FactKind.RG, r"(?<![\d/.,\-])(?P<v>\d{2}/\d{5})(?![\d/]|[.,]\d)", 0.7, 0),
    _p(
        FactKind.PORTALIS,
        r"Portalis\s*:?\s*(?:n[°o]\s*:?\s*)?(?P<v>[A-Z0-9]{4}-[A-Z]-[A-Z0-9]{3}-[A-Z0-9]{3,6})\b",
        0.95,
    ),
    _p(FactKind.PORTALIS, r"\b(?P<v>[A-Z0-9]{4}-[VW]-B7[A-Z]-[A-Z0-9]{3,6})\b", 0.85, 0),
    _p(
        FactKind.POURVOI,
        rf"(?:pourvoi\s*(?:{_NO})?|{_NO})\s*:?\s*(?:[A-Z]\s)?(?P<v>\d{{2}}-\d{{2}}\.\d{{3}})(?!\d)",
        0.95,
    ),
    _p(FactKind.POURVOI, r"(?<![\d\-])(?P<v>\d{2}-\d{2}\.\d{3})(?!\d)", 0.7, 0),
    _p(FactKind.DOSSIER_REF, r"\[(?P<v>[A-Z]{2,6}-\d{4}-\d{2,5})\]", 0.95, 0),
    _p(
        FactKind.DOSSIER_REF,
        r"(?:V\s?/\s?R[ée]f(?:[ée]rence)?\.?|Votre\s+r[ée]f[ée]rence|Vos\s+r[ée]f\.?|R[ée]f(?:[ée]rence)?\.?\s+"
        r"(?:du\s+)?cabinet)\s*:?\s*(?P<v>[A-Z0-9][A-Z0-9/\-_.]{2,30}[A-Z0-9])",
        0.85,
    ),
)


def normalise(kind: FactKind, raw: str) -> str:
    """The canonical form of a reference: no inner spaces, RG sequences zero-padded to five digits."""
    value = re.sub(r"\s+", "", raw).upper()
    if kind is FactKind.RG:
        letter = re.fullmatch(r"([A-Z])(\d{2}/\d+)", value)
        if letter:
            return f"{letter.group(1)} {normalise(kind, letter.group(2))}"
        short = re.fullmatch(r"(\d{2})[/\-](\d{3,6})", value)
        if short:
            return f"{short.group(1)}/{short.group(2).zfill(5)}"
    if kind is FactKind.MINUTE:
        return value
    return value


@dataclass(frozen=True, slots=True)
class _Candidate:
    kind: FactKind
    value: str
    start: int
    end: int
    confidence: float


def _candidates(text: str, patterns: Iterable[_Pattern], limit: int) -> list[_Candidate]:
    found = []
    for pattern in patterns:
        for count, match in enumerate(pattern.regex.finditer(text)):
            if count >= limit:
                break
            found.append(
                _Candidate(
                    pattern.kind,
                    normalise(pattern.kind, match.group("v")),
                    match.start(),
                    match.end(),
                    pattern.confidence,
                )
            )
    return found


def _longest_first(candidates: list[_Candidate]) -> list[_Candidate]:
    chosen: list[_Candidate] = []
    taken = Spans()
    for candidate in sorted(candidates, key=lambda c: (-(c.end - c.start), -c.confidence, c.start)):
        if taken.take(candidate.start, candidate.end):
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.start)


def find_references(text: str, limit: int = MAX_FACTS_PER_KIND) -> list[Fact]:
    """The references, longest first; each pattern reads at most `limit` candidates."""
    return [
        Fact(c.kind, c.value, text[c.start : c.end], c.start, c.end, c.confidence)
        for c in _longest_first(_candidates(text, PATTERNS, limit))
    ]


def find_known_references(text: str, known: Iterable[str]) -> list[tuple[str, int, int]]:
    """Where known references (e.g. the cabinet's open dossiers) occur: longest first, on digit boundaries,
    so that looking for `181/25` never finds it inside `1181/25`."""
    taken: list[tuple[str, int, int]] = []
    spans = Spans()
    for reference in sorted(set(known), key=len, reverse=True):
        for match in bounded(reference).finditer(text):
            if spans.take(match.start(), match.end()):
                taken.append((reference, match.start(), match.end()))
    return sorted(taken, key=lambda t: t[1])


def bounded(quote: str) -> re.Pattern[str]:
    """`quote` where it stands on its own: never inside a longer word or number (`181/25` in `1181/25`)."""
    before = r"(?<![\w/])" if quote[:1].isalnum() else ""
    after = r"(?![\w/]|[.,]\d)" if quote[-1:].isalnum() else ""
    return re.compile(before + re.escape(quote) + after)
