"""Whether a hearing or deadline still holds: cancelled, moved (renvoi), past or expired — and where it comes from.

The status is read in the sentence around the fact. A renvoi ("l'audience du 12 mars est renvoyée au 9 avril",
"reportée au", "initialement fixée au") marks the old date `moved` with `moved_to` the new one, and the new
hearing `replaces` the old, so a consumer updates the old hearing instead of adding a second. Facts standing in
quoted or forwarded history get `origin="history"`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from datetime import date

from domain.extraction.model import Fact, FactKind
from domain.mail.quotes import history_spans

# Feminine forms only, as they agree with "audience", "date", "clôture": "le tribunal a annulé l'arrêté" at a
# hearing cancels nothing.
CANCELLED = re.compile(
    r"(?i)(?<![\wÀ-ÿ])(?:annul[ée]es?|n['’]aura\s+(?:donc\s+|finalement\s+)?(?:pas|plus)\s+lieu|d[ée]command[ée]es?"
    r"|supprim[ée]es?|radi[ée]e?s?|retir[ée]e?\s+du\s+r[ôo]le|r[ée]voqu[ée]es?"
    r"|(?:annulation|suppression)\s+de\s+(?:l['’]audience|la\s+date|la\s+cl[ôo]ture))(?![\wÀ-ÿ])"
)
MOVED = re.compile(
    r"(?i)(?<![\wÀ-ÿ])(?:(?:renvoy|report|d[ée]plac|remis|refix)[ée]e?s?|renvoi)\s+(?:(?:à|a)\s+(?:l['’]audience\s+du\s+)?"
    r"|au\s+|en\s+date\s+du\s+)"
)
OLD_MARK = re.compile(
    r"(?i)(?:initialement|pr[ée]c[ée]demment|anciennement)\s+(?:pr[ée]vue?s?|fix[ée]e?s?|programm[ée]e?s?)"
    r"|au\s+lieu\s+du|ancienne\s+date"
)
# moved, its new date not known yet: "renvoyée sine die", "reportée à une date ultérieure"
MOVED_UNKNOWN = re.compile(
    r"(?i)(?:renvoy|report|d[ée]plac)[ée]e?s?\s+(?:sine\s+die|[àa]\s+une\s+(?:date|audience)\s+ult[ée]rieure)"
)
RENVOI_NOUN = re.compile(r"(?i)(?<![\wÀ-ÿ])(?:renvoi|report)\s+(?:de\s+l['’](?:audience|affaire)|du\s+dossier)")
_BOUNDARY = re.compile(r"[.?!;](?:\s|$)|\n[ \t]*\n")
_TIMED = (FactKind.HEARING, FactKind.DEADLINE)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    low = max(0, start - 240)
    cuts = [m.end() for m in _BOUNDARY.finditer(text, low, start)]
    left = cuts[-1] if cuts else low
    after = _BOUNDARY.search(text, end, min(len(text), end + 240))
    return left, after.start() if after else min(len(text), end + 240)


def _renvois(text: str, hearings: list[Fact]) -> dict[int, tuple[str, Fact]]:
    """Index of a hearing in `hearings` → ("moved", new) for an old date, ("replaces", old) for a new one."""
    links: dict[int, tuple[str, Fact]] = {}
    for index, old in enumerate(hearings):
        if index in links:  # already the new date of an earlier renvoi
            continue
        left, right = _sentence(text, old.start, old.end)
        later = [(i, h) for i, h in enumerate(hearings) if i != index and old.end <= h.start < right + 1]
        marked = OLD_MARK.search(text, max(left, old.start - 60), old.end)
        moved = MOVED.search(text, old.end, later[0][1].start + 40) if later else None
        if later and not moved and RENVOI_NOUN.search(text, left, old.end):  # "Renvoi de l'audience du X au Y"
            moved = re.match(r"\s*(?:au|à)\s", text[old.end : later[0][1].start + 4])
        if later and (marked or moved):
            new_index, new = later[0]
            links[index] = ("moved", new)
            links[new_index] = ("replaces", old)
        elif marked:
            earlier = [h for h in hearings if left <= h.start < old.start]
            if earlier:
                links[index] = ("moved", earlier[-1])
                links[hearings.index(earlier[-1])] = ("replaces", old)
    return links


def _cancelled(text: str, fact: Fact, replacing: bool) -> bool:
    """A cancelling word near the fact in its sentence; after it only, for the new date of a renvoi (the
    words before it are about the old one)."""
    left, right = _sentence(text, fact.start, fact.end)
    low = fact.end if replacing else max(left, fact.start - 80)
    return bool(CANCELLED.search(text, low, min(right, fact.end + 80)))


def _moved_without_date(text: str, fact: Fact) -> bool:
    left, right = _sentence(text, fact.start, fact.end)
    return bool(MOVED_UNKNOWN.search(text, max(left, fact.start - 80), min(right, fact.end + 80)))


def with_statuses(text: str, facts: list[Fact], reference: date) -> list[Fact]:
    """The facts with their status (and renvoi links) read from the text, and past dates marked."""
    by_id: dict[int, tuple[str, Fact]] = {}
    for kind in _TIMED:  # a renvoi links hearings with hearings, deadlines with deadlines
        timed = [f for f in facts if f.kind is kind]
        links = _renvois(text, timed)
        by_id.update({id(f): links[i] for i, f in enumerate(timed) if i in links})
    out = []
    for fact in facts:
        if fact.kind in _TIMED:
            fact = _status_of(text, fact, by_id.get(id(fact)), reference)
        out.append(fact)
    return out


def _status_of(text: str, fact: Fact, link: tuple[str, Fact] | None, reference: date) -> Fact:
    if link and link[0] == "moved":
        return replace(fact, status="moved", moved_to=link[1].value)
    replaces = link[1].value if link else ""
    if replaces and fact.detail("type") == "audience" and link and link[1].detail("type") not in ("", "audience"):
        # "l'audience de mise en état du 5 février est renvoyée au 19 mars": the new date keeps the old type
        details = tuple((k, link[1].detail("type") if k == "type" else v) for k, v in fact.details)
        fact = replace(fact, details=details)
    if not replaces and _moved_without_date(text, fact):
        return replace(fact, status="moved")
    if _cancelled(text, fact, bool(replaces)):
        return replace(fact, status="cancelled", replaces=replaces)
    if fact.value[:10] < reference.isoformat():
        status = "past" if fact.kind is FactKind.HEARING else "expired"
        return replace(fact, status=status, replaces=replaces)
    return replace(fact, replaces=replaces)


# The subject of a reply or a forward repeats the earlier message's: its dates say nothing new
_QUOTED_SUBJECT = re.compile(r"(?i)^Objet\s*:\s*(?:re|aw|r[ée]p|sv|tr|fwd?|transf?)\s*(?:\[\d+\])?\s*:[^\n]*")
_DATED = frozenset({FactKind.DATE, FactKind.DATETIME, FactKind.HEARING, FactKind.DEADLINE, FactKind.DELAY})


def with_origins(text: str, facts: list[Fact]) -> list[Fact]:
    """Facts inside quoted or forwarded history marked `origin="history"`; so are the dates, hearings and
    deadlines of a reply's or forward's subject line (its references and parties stay new: they name the case
    the message is about)."""
    subject = _QUOTED_SUBJECT.match(text)
    spans = ([(0, subject.end())] if subject else []) + history_spans(text)
    starts = [s for s, _ in spans]
    out = []
    for fact in facts:
        index = bisect_right(starts, fact.start) - 1
        inside = index >= 0 and spans[index][0] <= fact.start < spans[index][1]
        if inside and subject and index == 0 and fact.kind not in _DATED:
            inside = False
        out.append(replace(fact, origin="history") if inside else fact)
    return out
