"""Hearings and deadlines: dates read together with the words around them."""

from __future__ import annotations

import re
from datetime import date

from domain.extraction.dates import DateMatch, find_dates
from domain.extraction.model import MAX_FACTS_PER_KIND, Fact, FactKind
from domain.extraction.numbers import NUMBER_WORDS, parse_number

_HEARING_TYPES: tuple[tuple[str, str], ...] = (
    ("mise_en_etat", r"mise\s+en\s+[ée]tat"),
    ("plaidoiries", r"plaidoiries?|plaid[ée]e|plaider"),
    ("conciliation", r"conciliation"),
    ("orientation", r"orientation"),
    ("refere", r"r[ée]f[ée]r[ée]"),
    ("jugement", r"bureau\s+de\s+jugement|audience\s+de\s+jugement"),
    ("audience", r"audience|appel[ée]e\s+[àa]\s+l['’]audience|sera\s+appel[ée]e"),
    ("comparution", r"compara[îi]tre|comparution|convoqu[ée]e?s?"),
)
HEARING_WORD = re.compile("(?i)" + "|".join(f"(?:{p})" for _, p in _HEARING_TYPES))
# Words that make a date a hearing; the others above only tell its type ("ordonnance de référé du …" is not one).
HEARING_TRIGGER = re.compile(
    r"(?i)audience|compara[îi]tre|comparution|convoqu[ée]|plaid(?:oiries?|[ée]e|er)|sera\s+appel[ée]e"
    r"|bureau\s+de\s+(?:conciliation|jugement)|renvoy[ée]e?s?\s+(?:à|au|a)\b|renvoi\s+(?:à|au)\b"
    r"|affaire\s+(?:est\s+|a\s+[ée]t[ée]\s+)?fix[ée]e\s+(?:à|au)\b"
)
DEADLINE_LEAD = re.compile(
    r"(?i)(?:avant\s+le|au\s+plus\s+tard\s+(?:le|au|pour\s+le)|jusqu['’]au|d['’]ici\s+(?:le|au)"
    r"|date\s+limite[^.\n]{0,50}?(?:le|au|:)|d[ée]lai\s+expirant\s+le|expire\s+le|pour\s+le"
    r"|cl[ôo]ture[^.\n]{0,60}?(?:le|au|:))\s*:?\s*$"
)
ROOM = re.compile(
    r"(?i)(?:salle|bureau)\s+(?:n[°o]\s*)?(?P<room>[\w\-]*\d(?:[\w\-]|\.\w)*|(?-i:[A-Z])[\w\-]*)"
    r"|(?P<chamber>\d+\s?(?:e|ème|re|ère)\s+chambre(?:\s+civile)?|chambre\s+\d+(?:-\d+)?)"
)
DELAY = re.compile(
    rf"(?i)(?:(?:dans|sous)\s+(?:un|le|les)\s+(?:d[ée]lai\s+(?:de\s+|d['’]))?"
    rf"|d[ée]lai\s+(?:d['’]appel\s+|de\s+recours\s+|d['’]opposition\s+|pour\s+conclure\s+)?(?:est\s+)?"
    rf"(?:de\s+|d['’]|:\s*))(?P<n>{NUMBER_WORDS})(?:\s*\(\s*(?P<digits>\d{{1,3}})\s*\))?\s+(?P<u>jours?|mois|semaines?|ans?|ann[ée]es?)"
    rf"(?:\s+(?:francs?|calendaires|ouvrables|ouvr[ée]s))?"
    rf"|sous\s+(?P<w>huitaine|quinzaine)"
    rf"|dans\s+(?:le|la|l['’])\s?(?P<implicit>mois|quinzaine|huitaine|semaine|ann[ée]e)(?=\s+(?:de|du|d['’]|qui|suivant|[àa]\s))"
)
ANCHOR = re.compile(
    r"(?i)^\s*,?\s*(?:[àa]\s+compter\s+(?:de\s+|du\s+|d['’])|[àa]\s+partir\s+(?:de\s+|du\s+|d['’])|suivant\s+"
    r"|de\s+|du\s+|d['’])(?P<anchor>[^,.;:\n()]{3,80}?)(?=\s*(?:[,.;:\n()]|$|\s+sous\s|\s+faute\s|\s+[àa]\s+peine"
    r"|\s+pour\s|\s+afin\s))"
)
_ANCHOR_EVENTS = (
    ("reception", r"r[ée]ception"),
    ("signification", r"signification"),
    ("notification", r"notification"),
    ("presente", r"pr[ée]sente|pr[ée]sent\s+(?:courrier|avis|message)"),
    ("decision", r"jugement|d[ée]cision|arr[êe]t|ordonnance"),
    ("declaration_appel", r"d[ée]claration\s+d['’]appel"),
    ("avis", r"avis"),
)
_IMPLICIT = {"huitaine": "P8D", "quinzaine": "P15D", "mois": "P1M", "semaine": "P1W", "annee": "P1Y"}
_SENTENCE_END = re.compile(r"[.?!;](?:\s|$)|\n\s*\n")
_UNITS = {"jour": "D", "mois": "M", "semaine": "W", "ann": "Y", "an": "Y"}


def _context_before(text: str, start: int, span: int = 160) -> tuple[str, int]:
    low = max(0, start - span)
    window = text[low:start]
    boundaries = list(_SENTENCE_END.finditer(window))
    if boundaries:
        cut = boundaries[-1].end()
        return window[cut:], low + cut
    return window, low


def _hearing(text: str, when: DateMatch) -> Fact | None:
    before, offset = _context_before(text, when.start)
    words = list(HEARING_WORD.finditer(before))
    trigger = HEARING_TRIGGER.search(before)
    if trigger is None or DEADLINE_LEAD.search(before):
        return None
    kind = next(
        (name for name, p in _HEARING_TYPES if any(re.fullmatch(f"(?i){p}", w.group(0)) for w in words)),
        "audience",
    )
    end, details = when.end, [("type", kind)]
    if when.hour is not None:
        details.append(("time", f"{when.hour:02d}:{when.minute or 0:02d}"))
    after = text[when.end : when.end + 80].split("\n\n")[0].split(". ")[0]
    room = ROOM.search(after)
    if room:
        details.append(("room", (room.group("room") or room.group("chamber")).strip()))
        end = when.end + room.end()
    start = offset + min([trigger.start(), *(w.start() for w in words)])
    return Fact(FactKind.HEARING, when.value, text[start:end], start, end, 0.85, tuple(details))


def _deadline(text: str, when: DateMatch) -> Fact | None:
    before, offset = _context_before(text, when.start, 80)
    lead = DEADLINE_LEAD.search(before)
    if lead is None:
        return None
    start = offset + lead.start()
    kind = "cloture" if re.search(r"(?i)cl[ôo]ture", lead.group(0)) else "limite"
    quote = text[start : when.end]
    return Fact(FactKind.DEADLINE, when.day.isoformat(), quote, start, when.end, 0.85, (("type", kind),))


def find_schedule(text: str, reference: date, limit: int = MAX_FACTS_PER_KIND) -> list[Fact]:
    """Dates, date-times, hearings and fixed deadlines (read on at most `limit` dates)."""
    facts: list[Fact] = []
    for when in find_dates(text, reference, limit):
        confidence = 0.5 if when.weekday_mismatch else 0.75 if when.year_inferred else 0.95
        kind = FactKind.DATE if when.hour is None else FactKind.DATETIME
        details = (("weekday_mismatch", "yes"),) if when.weekday_mismatch else ()
        facts.append(Fact(kind, when.value, text[when.start : when.end], when.start, when.end, confidence, details))
        deadline = _deadline(text, when)
        if deadline:
            facts.append(deadline)
        else:
            hearing = _hearing(text, when)
            if hearing:
                facts.append(hearing)
    return facts


def anchor_event(anchor: str) -> str:
    for name, pattern in _ANCHOR_EVENTS:
        if re.search(f"(?i){pattern}", anchor):
            return name
    return "autre"


def _delay_value(match: re.Match[str]) -> str | None:
    word = (match.group("w") or match.group("implicit") or "").lower()
    if word:
        return _IMPLICIT[word.replace("é", "e")]
    count = parse_number(match.group("n"))
    if match.group("digits") and int(match.group("digits")) != count:
        return None  # "quinze (14) jours": the two spellings disagree, read neither
    unit = match.group("u").lower()
    letter = next((code for prefix, code in _UNITS.items() if unit.startswith(prefix)), None)
    return f"P{count}{letter}" if count and letter else None


def find_delays(text: str, limit: int = MAX_FACTS_PER_KIND) -> list[Fact]:
    """At most `limit` relative deadlines, each with the event it runs from when the text names it."""
    facts: list[Fact] = []
    for match in DELAY.finditer(text):
        if len(facts) >= limit:
            break
        value = _delay_value(match)
        if value is None:
            continue
        end, details = match.end(), []
        anchor = ANCHOR.match(text[match.end() : match.end() + 120])
        if anchor:
            phrase = re.sub(r"\s+", " ", anchor.group("anchor")).strip()
            details = [("anchor", phrase), ("anchor_event", anchor_event(phrase))]
            end = match.end() + anchor.end()
        quote = text[match.start() : end]
        facts.append(Fact(FactKind.DELAY, value, quote, match.start(), end, 0.85, tuple(details)))
    return facts
