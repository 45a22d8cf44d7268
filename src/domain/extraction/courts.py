"""Jurisdictions and their seats ("Cour d'appel d'Aix-en-Provence" → `CA:Aix-en-Provence`)."""

from __future__ import annotations

import re

from domain.extraction.model import MAX_FACTS_PER_KIND, Fact, FactKind
from domain.extraction.spans import Spans

_APOS = "['’]"
_LONG_FORMS: tuple[tuple[str, str], ...] = (
    ("POLE_SOCIAL", r"p[ôo]le\s+social\s+du\s+tribunal\s+judiciaire"),
    ("TJ", r"tribunal\s+judiciaire"),
    ("CAA", rf"cour\s+administrative\s+d{_APOS}appel"),
    ("CA", rf"cour\s+d{_APOS}appel"),
    ("CPH", rf"conseil\s+de\s+prud{_APOS}\s?hommes"),
    ("TC", r"tribunal\s+de\s+commerce"),
    ("TAE", r"tribunal\s+des\s+activit[ée]s\s+[ée]conomiques"),
    ("TPROX", r"tribunal\s+de\s+proximit[ée]"),
    ("TPBR", r"tribunal\s+paritaire\s+des\s+baux\s+ruraux"),
    ("TA", r"tribunal\s+administratif"),
    ("JEX", rf"juge\s+de\s+l{_APOS}ex[ée]cution"),
    ("JAF", r"juge\s+aux\s+affaires\s+familiales"),
    ("JCP", r"juge\s+des\s+contentieux\s+de\s+la\s+protection"),
)
_SEATLESS = (("CCASS", r"cour\s+de\s+cassation"), ("CE", rf"conseil\s+d{_APOS}[ée]tat"))
_SEAT = r"(?P<seat>(?-i:[A-ZÉÈÎÔÂ])[\wÀ-ÿ'’\-]*(?:-(?-i:[A-Z])[\wÀ-ÿ\-]*)*)"
_LINK = rf"(?:[ \t]+|[ \t]*\n[ \t]*(?=d[eu]\s|d{_APOS}))(?P<link>de\s+la\s+|de\s+l{_APOS}|de\s+|d{_APOS}|du\s+|des\s+)?"
LONG = re.compile("(?i)\\b(?:" + "|".join(f"(?P<{code}>{form})" for code, form in _LONG_FORMS) + f"){_LINK}{_SEAT}")
SHORT = re.compile(
    r"\b(?P<code>TJ|CA|CPH|TC|TAE|JEX|JAF|JCP|TA|CAA)[ \t]+(?P<link>de\s+la\s+|de\s+l['’]|de\s+|d['’]|du\s+)?" + _SEAT
)
SEATLESS = re.compile("(?i)\\b(?:" + "|".join(f"(?P<{c}>{f})" for c, f in _SEATLESS) + ")")
_SMALL = {"sur", "en", "de", "la", "le", "les", "du", "des", "et", "lès", "d"}
_NOT_SEATS = {"Chambre", "Pôle", "Section", "Audience", "Greffe", "Service", "Le", "La", "Les", "Rg", "N", "Du"}


def normalise_seat(seat: str, link: str) -> str:
    """Title case for seats written in capitals; "du Mans" → "Le Mans"."""
    seat = seat.strip("'’-")
    if seat.isupper() and len(seat) > 2:
        words = re.split(r"(-)", seat.lower())
        seat = "".join(w if w in _SMALL or w == "-" else w.capitalize() for w in words)
        seat = seat[0].upper() + seat[1:]
    if link.strip().lower() == "du":
        seat = f"Le {seat}"
    return seat


def _fact(text: str, match: re.Match[str], code: str, confidence: float) -> Fact | None:
    seat = match.groupdict().get("seat")
    if seat is not None:
        if seat in _NOT_SEATS or seat.capitalize() in _NOT_SEATS:
            return None
        code = "TJ" if code == "POLE_SOCIAL" else code
        value = f"{code}:{normalise_seat(seat, match.group('link') or '')}"
    else:
        value = code
    return Fact(FactKind.JURISDICTION, value, text[match.start() : match.end()], match.start(), match.end(), confidence)


def find_jurisdictions(text: str, limit: int = MAX_FACTS_PER_KIND) -> list[Fact]:
    """At most `limit` jurisdictions: long forms first, then short ones ("TJ de Lyon") outside them."""
    facts: list[Fact] = []
    taken = Spans()
    for match in LONG.finditer(text):
        if len(facts) >= limit:
            break
        code = next(name for name, value in match.groupdict().items() if value and name.isupper())
        fact = _fact(text, match, code, 0.9)
        if fact:
            facts.append(fact)
            taken.take(fact.start, fact.end)
    for match in SHORT.finditer(text):
        if len(facts) >= limit:
            break
        fact = None if taken.overlaps(match.start(), match.end()) else _fact(text, match, match.group("code"), 0.75)
        if fact:
            facts.append(fact)
    for match in SEATLESS.finditer(text):
        if len(facts) >= limit:
            break
        code = next(name for name, value in match.groupdict().items() if value)
        facts.append(Fact(FactKind.JURISDICTION, code, match.group(0), match.start(), match.end(), 0.9))
    return sorted(facts, key=lambda f: f.start)
