"""French dates and times as written in legal mail, resolved against a reference date (never the clock)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from domain.extraction.model import MAX_FACTS_PER_KIND
from domain.extraction.numbers import NUMBER_WORDS, parse_number
from domain.extraction.spans import Spans

MONTHS = {
    "janvier": 1, "fevrier": 2, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12, "décembre": 12,
    "janv": 1, "fevr": 2, "févr": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "dec": 12, "déc": 12,
}  # fmt: skip
WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}

_MONTH_RE = (
    r"janvier|f[ée]vrier|f[ée]vr\.?|mars|avril|avr\.?|mai|juin|juillet|juil\.?|ao[uû]t|septembre|sept\.?"
    r"|octobre|oct\.?|novembre|nov\.?|d[ée]cembre|d[ée]c\.?|janv\.?"
)
_WEEKDAY_RE = r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
LONG_DATE = re.compile(
    rf"(?i)\b(?:(?P<wd>{_WEEKDAY_RE})\s+)?(?P<d>1\s?er|[0-3]?\d)\s+(?P<m>{_MONTH_RE})(?![a-zé])"
    rf"(?:\s+(?P<y>(?:19|20)\d{{2}})\b)?"
)
NUMERIC_DATE = re.compile(
    r"(?<![\d/.\-])(?:(?P<wd>" + _WEEKDAY_RE + r")\s+)?(?P<d>[0-3]?\d)(?P<sep>[/.\-])(?P<m>[01]?\d)(?P=sep)"
    r"(?P<y>(?:19|20)\d{2}|\d{2})(?![\d/]|[.\-]\d)",
    re.IGNORECASE,
)
# Dates written out in words, as official acts do: "le douze mars deux mille vingt-six", "l'an deux mille
# vingt-six et le premier avril". The day may be in digits ("1er avril deux mille vingt-six").
_DAY_WORDS = rf"(?:premier|1\s?er|[0-3]?\d|{NUMBER_WORDS})"
_YEAR_WORDS = rf"deux\s+mil(?:le)?(?:[\s-]+(?:{NUMBER_WORDS}))?"
WORD_DATE = re.compile(
    rf"(?i)(?<![\wÀ-ÿ-])(?:(?P<dw>{_DAY_WORDS})\s+(?P<m>{_MONTH_RE})\s+(?:de\s+l['’]an\s+)?(?P<yw>{_YEAR_WORDS})"
    rf"|l['’]an\s+(?P<yw2>{_YEAR_WORDS})\s*,?\s*(?:et\s+)?(?:le\s+)?(?P<dw2>{_DAY_WORDS})\s+(?P<m2>{_MONTH_RE}))"
    rf"(?![\wÀ-ÿ])"
)
_YEAR_IN_WORDS = re.compile(r"(?i)deux\s+mil")
WORD_TIME = re.compile(
    rf"(?i)^\s*,?\s*(?:à|a)\s+(?P<h>{NUMBER_WORDS}|midi)(?:\s+heures?(?:\s+(?P<mi>{NUMBER_WORDS}|et\s+demie))?)?"
    rf"(?![\wÀ-ÿ])"
)
# "14 h 75" is no time at all: minutes out of range are never cut off to read "14 h"
TIME = re.compile(
    r"(?i)(?<![\d,.])(?P<h>[01]?\d|2[0-3])\s?(?:heures?|h)(?:\s?(?P<mi>[0-5]\d)(?!\d)|(?!\d)(?!\s?\d\d))(?!\s?%)"
    r"|(?<![\d,.:])(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)(?::[0-5]\d)?(?![\d:])"
)
_TIME_LINK = re.compile(r"(?i)^(?:\s*,)?\s*(?:à\s+partir\s+de|à|a|,|-|dès|des|vers|de)?\s*$")


@dataclass(frozen=True, slots=True)
class DateMatch:
    start: int
    end: int
    day: date
    hour: int | None = None
    minute: int | None = None
    year_inferred: bool = False
    weekday_mismatch: bool = False
    words: bool = False

    @property
    def value(self) -> str:
        if self.hour is None:
            return self.day.isoformat()
        return f"{self.day.isoformat()}T{self.hour:02d}:{self.minute or 0:02d}"


def _month(token: str) -> int | None:
    return MONTHS.get(token.lower().rstrip("."))


def infer_year(day: int, month: int, reference: date) -> date | None:
    """A date written without its year: the first one not more than 60 days before the reference date."""
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= reference - timedelta(days=60):
            return candidate
    return None


def _build(match: re.Match[str], day_text: str, month: int | None, reference: date) -> DateMatch | None:
    if month is None:
        return None
    day = 1 if day_text.replace(" ", "").lower() == "1er" else int(day_text)
    year_text = match.group("y")
    try:
        if year_text:
            year = int(year_text) + (2000 if len(year_text) == 2 else 0)
            resolved: date | None = date(year, month, day)
        else:
            resolved = infer_year(day, month, reference)
    except ValueError:
        return None
    if resolved is None:
        return None
    weekday = match.group("wd")
    mismatch = bool(weekday) and WEEKDAYS.get(weekday.lower()) != resolved.weekday()
    return DateMatch(match.start(), match.end(), resolved, None, None, not year_text, mismatch)


def parse_year_words(words: str) -> int | None:
    """ "deux mille vingt-six" → 2026."""
    rest = re.sub(r"(?i)^deux\s+mil(?:le)?[\s-]*", "", words.strip())
    if not rest:
        return 2000
    tail = parse_number(rest)
    return None if tail is None or tail > 99 else 2000 + tail


def _word_day(words: str) -> int | None:
    cleaned = words.replace(" ", "").lower()
    if cleaned in ("premier", "1er"):
        return 1
    return parse_number(words)


def _word_date(match: re.Match[str]) -> DateMatch | None:
    day = _word_day(match.group("dw") or match.group("dw2"))
    month = _month(match.group("m") or match.group("m2"))
    year = parse_year_words(match.group("yw") or match.group("yw2"))
    if day is None or month is None or year is None:
        return None
    try:
        resolved = date(year, month, day)
    except ValueError:
        return None
    return DateMatch(match.start(), match.end(), resolved, words=True)


def _word_time(text: str, found: DateMatch) -> DateMatch:
    """ "… deux mille vingt-six, à quatorze heures trente": the time of a date written in words."""
    match = WORD_TIME.match(text[found.end : found.end + 60])
    if match is None:
        return found
    hour = 12 if match.group("h").lower() == "midi" else parse_number(match.group("h"))
    minutes = match.group("mi") or ""
    minute = 30 if "demie" in minutes.lower() else (parse_number(minutes) or 0) if minutes else 0
    if (
        hour is None
        or hour > 23
        or minute > 59
        or (match.group("h").lower() != "midi" and "heure" not in match.group(0))
    ):
        return found
    return DateMatch(found.start, found.end + match.end(), found.day, hour, minute, words=True)


def find_dates(text: str, reference: date, limit: int = MAX_FACTS_PER_KIND) -> list[DateMatch]:
    """At most `limit` dates, each with a following time ("à 14 h 00") folded in when there is one."""
    found: list[DateMatch] = []
    taken = Spans()
    # every date in words has its year in words: without "deux mil" the costly pattern need not run
    for match in WORD_DATE.finditer(text) if _YEAR_IN_WORDS.search(text) else ():
        built = _word_date(match) if len(found) < limit else None
        if built and taken.take(built.start, built.end):
            found.append(_word_time(text, built))
    for match in LONG_DATE.finditer(text):
        if len(found) >= limit:
            break
        built = _build(match, match.group("d"), _month(match.group("m")), reference)
        if built and taken.take(built.start, built.end):
            found.append(built)
    for match in NUMERIC_DATE.finditer(text):
        if len(found) >= limit:
            break
        built = _build(match, match.group("d"), int(match.group("m")), reference)
        if built and taken.take(built.start, built.end):
            found.append(built)
    found.sort(key=lambda m: m.start)
    return [m if m.words else _with_time(text, m) for m in found]


def _with_time(text: str, found: DateMatch) -> DateMatch:
    window = text[found.end : found.end + 24]
    for match in TIME.finditer(window):
        if not _TIME_LINK.match(window[: match.start()]):
            break
        hour = int(match.group("h") or match.group("h2"))
        minute = int(match.group("mi") or match.group("mi2") or 0)
        end = found.end + match.end()
        return DateMatch(found.start, end, found.day, hour, minute, found.year_inferred, found.weekday_mismatch)
    return found
