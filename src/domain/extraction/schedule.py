"""Hearings and deadlines: dates read together with the words around them.

A hearing's type is the nearest type word before its date (whole words: "plaidoiries", "mise en état",
"orientation"), its time wherever it stands: folded into the date ("12/03/2026 09:30", "à 14 h"), later in the
sentence ("le 12 mars 2026, salle 4, à 9 heures 30"), in the next cell or line ("Heure : 9h30"), or before the
date ("à 9h30 le 12 mars"). A weekday named alone as a limit ("avant vendredi") is a deadline on the next such day.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from domain.extraction.dates import TIME, WEEKDAYS, DateMatch, find_dates
from domain.extraction.delays import anchor_event, find_delays
from domain.extraction.model import MAX_FACTS_PER_KIND, Fact, FactKind

__all__ = ["anchor_event", "find_delays", "find_schedule"]

_HEARING_TYPES: tuple[tuple[str, str], ...] = (
    ("mise_en_etat", r"mise\s+en\s+[ée]tat"),
    ("plaidoiries", r"plaidoiries?|plaid[ée]e|plaider"),
    ("conciliation", r"conciliation(?:\s+et\s+d['’]orientation)?"),
    ("orientation", r"orientation"),
    ("refere", r"r[ée]f[ée]r[ée]s?"),
    ("jugement", r"bureau\s+de\s+jugement|audience\s+de\s+jugement"),
    ("audience", r"audience|appel[ée]e\s+[àa]\s+l['’]audience|sera\s+appel[ée]e"),
    ("comparution", r"compara[îi]tre|comparution|convoqu[ée]e?s?"),
)
_GENERIC = ("audience", "comparution")
HEARING_WORD = re.compile("(?i)" + "|".join(rf"(?<![\wÀ-ÿ])(?:{p})(?![\wÀ-ÿ])" for _, p in _HEARING_TYPES))
# Words that make a date a hearing; the others above only tell its type ("ordonnance de référé du …" is not one).
HEARING_TRIGGER = re.compile(
    r"(?i)(?<![\wÀ-ÿ])(?:audience|compara[îi]tre|comparution|convoqu[ée]|plaid(?:oiries?|[ée]e|er)"
    r"|sera\s+appel[ée]e|bureau\s+de\s+(?:conciliation|jugement)"
    r"|(?:renvoy|report|d[ée]plac|remis|refix)[ée]e?s?\s+(?:à|au|a)\b|renvoi\s+(?:à|au)\b"
    r"|affaire\s+(?:est\s+|a\s+[ée]t[ée]\s+)?fix[ée]e\s+(?:à|au)\b|initialement\s+(?:pr[ée]vue?|fix[ée]e?)"
    r"|(?:ancienne|nouvelle)\s+date)"
)
# After an earlier date of a sentence that speaks of a hearing: "…, se tiendra le 9 avril", "renvoi … au 9 avril"
CONTINUATION = re.compile(
    r"(?i)(?:se\s+tiendra|aura\s+lieu)\s+(?:le\s+)?$|(?<![\wÀ-ÿ])au\s+lieu\s+du\s+$|(?<![\wÀ-ÿ])au\s+$"
)
_RENVOI_TRIGGER = re.compile(r"(?i)renvo|report|d[ée]plac|remis|refix|nouvelle\s+date|\bau\s*$")
_RENVOI = re.compile(r"(?i)renvo|report|initialement|pr[ée]c[ée]demment")
DEADLINE_LEAD = re.compile(
    r"(?i)(?:avant(?:\s+le)?|au\s+plus\s+tard(?:\s+(?:le|au|pour\s+le))?|jusqu['’]au|d['’]ici\s+(?:le|au)"
    r"|date\s+limite[^.\n]{0,50}?(?:le|au|:)|d[ée]lai\s+expirant\s+le|expir(?:e|ait|era)\s+le|pour\s+le"
    r"|cl[ôo]ture[^.\n]{0,60}?(?:le|au|:)|instruction\s+(?:sera|est|a\s+[ée]t[ée])\s+close\s+(?:le|au)"
    r"|close\s+(?:le|au))\s*:?\s*$"
)
# "avant vendredi", "pour jeudi prochain", "au plus tard lundi": a weekday named alone as the limit
WEEKDAY_LIMIT = re.compile(
    r"(?i)(?:avant|pour|d['’]ici|au\s+plus\s+tard|jusqu['’][àa])\s+(?:ce\s+)?(?P<wd>lundi|mardi|mercredi|jeudi"
    r"|vendredi|samedi|dimanche)(?:\s+prochain)?(?![\wÀ-ÿ]|\s+(?:\d|1er|premier))"
)
ROOM = re.compile(
    r"(?i)(?:salle|bureau)\s+(?:n[°o]\s*)?(?P<room>[\w\-]*\d(?:[\w\-]|\.\w)*|(?-i:[A-Z])[\w\-]*)"
    r"|(?P<chamber>\d+\s?(?:e|ème|re|ère)\s+chambre(?:\s+civile)?|chambre\s+\d+(?:-\d+)?)"
)
# a summons to something other than a court: "convoqué à un entretien préalable", "à la réunion d'expertise"
NOT_A_HEARING = re.compile(r"(?i)\b(?:entretien|r[ée]union|rendez-vous|assembl[ée]e|visite)\b")
_ACT_DATE = re.compile(r"(?i)l['’]an\s")
_SENTENCE_END = re.compile(r"[.?!;](?:\s|$)|\n\s*\n")
_TIME_LEAD = re.compile(r"(?i)(?:(?<![\wÀ-ÿ])(?:à|a|dès|vers)|heures?|horaire|:|\t|\||^|\n)\s*$")
_TIME_BEFORE = re.compile(
    r"(?i)(?<![\wÀ-ÿ])(?:à|a)\s+(?P<h>[01]?\d|2[0-3])\s?(?:heures?|h)\s?(?P<mi>[0-5]\d)?\s*,?\s*(?:le|du)?\s*$"
)


def _context_before(text: str, start: int, span: int = 160, floor: int = 0) -> tuple[str, int]:
    low = max(0, floor, start - span)
    window = text[low:start]
    boundaries = list(_SENTENCE_END.finditer(window))
    if boundaries:
        cut = boundaries[-1].end()
        return window[cut:], low + cut
    return window, low


def _hearing_type(before: str) -> str:
    """The nearest specific type word before the date; "audience" when there is none."""
    for word in reversed(list(HEARING_WORD.finditer(before))):
        kind = next(name for name, p in _HEARING_TYPES if re.fullmatch(f"(?i){p}", word.group(0)))
        if kind not in _GENERIC:
            return kind
    return "audience"


def _time_after(text: str, when: DateMatch, until: int) -> tuple[int, int, int] | None:
    """A time later in the sentence or in the next cell/line: (hour, minute, end)."""
    window = text[when.end : min(until, when.end + 120)]
    window = re.split(r"\n[ \t]*\n|[.;!?](?:\s|$)", window, maxsplit=1)[0]
    for match in TIME.finditer(window):
        if _TIME_LEAD.search(window[: match.start()][-14:]):
            hour = int(match.group("h") or match.group("h2"))
            return hour, int(match.group("mi") or match.group("mi2") or 0), when.end + match.end()
        break
    return None


def _continuation(text: str, when: DateMatch, before: str, floor: int) -> re.Match[str] | None:
    """ "se tiendra le" / "au" after an earlier date, in a sentence whose start speaks of a hearing (and, for a
    bare "au", of a renvoi)."""
    found = CONTINUATION.search(before)
    if found is None or not floor:
        return None
    sentence, _ = _context_before(text, when.start)
    if HEARING_TRIGGER.search(sentence) is None:
        return None
    return found if found.group(0).strip().lower() != "au" or _RENVOI.search(sentence) else None


def _hearing(text: str, when: DateMatch, floor: int, until: int) -> Fact | None:
    before, offset = _context_before(text, when.start, floor=floor)
    trigger = HEARING_TRIGGER.search(before) or _continuation(text, when, before, floor)
    if trigger is None or DEADLINE_LEAD.search(before) or _ACT_DATE.match(text, when.start):
        return None
    if NOT_A_HEARING.search(before, trigger.start()):
        return None
    words = list(HEARING_WORD.finditer(before))
    start = offset + min([trigger.start(), *(w.start() for w in words)])
    end, value, details = when.end, when.value, [("type", _hearing_type(before))]
    if _RENVOI_TRIGGER.search(trigger.group(0)):  # a new date for a hearing already set, stated or not
        details.append(("renvoi", "yes"))
    hour, minute = when.hour, when.minute
    if hour is None:
        earlier = _TIME_BEFORE.search(before[-30:])
        later = _time_after(text, when, until)
        if earlier:
            hour, minute = int(earlier.group("h")), int(earlier.group("mi") or 0)
        elif later:
            hour, minute, end = later
        if hour is not None:
            value = f"{when.day.isoformat()}T{hour:02d}:{minute or 0:02d}"
    if hour is not None:
        details.append(("time", f"{hour:02d}:{minute or 0:02d}"))
    after = text[when.end : when.end + 80].split("\n\n")[0].split(". ")[0]
    room = ROOM.search(after)
    if room:
        details.append(("room", (room.group("room") or room.group("chamber")).strip()))
        end = max(end, when.end + room.end())
    return Fact(FactKind.HEARING, value, text[start:end], start, end, 0.85, tuple(details))


def _deadline(text: str, when: DateMatch) -> Fact | None:
    before, offset = _context_before(text, when.start, 80)
    lead = DEADLINE_LEAD.search(before)
    if lead is None:
        return None
    start = offset + lead.start()
    kind = "cloture" if re.search(r"(?i)cl[ôo]ture|close", lead.group(0)) else "limite"
    quote = text[start : when.end]
    return Fact(FactKind.DEADLINE, when.day.isoformat(), quote, start, when.end, 0.85, (("type", kind),))


def _weekday_limits(text: str, reference: date, limit: int) -> list[Fact]:
    facts: list[Fact] = []
    for match in WEEKDAY_LIMIT.finditer(text):
        if len(facts) >= limit:
            break
        weekday = match.group("wd").lower()
        ahead = (WEEKDAYS[weekday] - reference.weekday() - 1) % 7 + 1  # the next one, never the reference day
        day = reference + timedelta(days=ahead)
        details = (("type", "limite"), ("weekday", weekday))
        facts.append(Fact(FactKind.DEADLINE, day.isoformat(), match.group(0), match.start(), match.end(), 0.7, details))
    return facts


def _date_fact(text: str, when: DateMatch) -> Fact:
    confidence = 0.5 if when.weekday_mismatch else 0.75 if when.year_inferred else 0.95
    kind = FactKind.DATE if when.hour is None else FactKind.DATETIME
    details: tuple[tuple[str, str], ...] = (("weekday_mismatch", "yes"),) if when.weekday_mismatch else ()
    details += (("words", "yes"),) if when.words else ()
    return Fact(kind, when.value, text[when.start : when.end], when.start, when.end, confidence, details)


def find_schedule(text: str, reference: date, limit: int = MAX_FACTS_PER_KIND) -> list[Fact]:
    """Dates, date-times, hearings and fixed deadlines (read on at most `limit` dates)."""
    facts: list[Fact] = []
    found = find_dates(text, reference, limit)
    previous: Fact | None = None
    for index, when in enumerate(found):
        facts.append(_date_fact(text, when))
        floor = found[index - 1].end if index else 0
        until = found[index + 1].start if index + 1 < len(found) else len(text)
        scheduled = _deadline(text, when) or _hearing(text, when, floor, until)
        if scheduled is not None and previous is not None:
            scheduled = _moved_deadline(text, scheduled, previous, when)
        if scheduled:
            facts.append(scheduled)
        previous = scheduled or previous
    return facts + _weekday_limits(text, reference, limit)


def _moved_deadline(text: str, fact: Fact, previous: Fact, when: DateMatch) -> Fact:
    """ "la clôture, initialement fixée au 15 mai, est reportée au 29 mai": a date a renvoi word gives right
    after a deadline of the same sentence is that deadline's new date, not a hearing."""
    if fact.kind is not FactKind.HEARING or previous.kind is not FactKind.DEADLINE:
        return fact
    if _SENTENCE_END.search(text, previous.end, when.start) or fact.detail("renvoi") != "yes":
        return fact
    quote = text[fact.start : when.end]
    details = (("type", previous.detail("type")),)
    return Fact(FactKind.DEADLINE, when.day.isoformat(), quote, fact.start, when.end, 0.8, details)
