"""Relative deadlines: so many days or months from an act or event, forward ("dans le délai d'un mois à compter
de la signification") or backward ("au plus tard quinze jours avant l'audience"), and the colloquial ones
("sous quinzaine", "sous huitaine"). Each keeps the delay as written, the act or event it runs from and the
direction, so the deadline engine can compute it. An anchor may run across a line break and a PDF's hyphenation.
"""

from __future__ import annotations

import re

from domain.extraction.model import MAX_FACTS_PER_KIND, Fact, FactKind
from domain.extraction.numbers import NUMBER_WORDS, parse_number
from domain.extraction.spans import Spans

_UNIT = r"(?P<u>jours?|mois|semaines?|ans?|ann[ée]es?|heures)(?:\s+(?:francs?|calendaires|ouvrables|ouvr[ée]s))?"
DELAY = re.compile(
    rf"(?i)(?:(?:dans|sous)\s+(?:(?:un|le|les)\s+)?(?:d[ée]lai\s+(?:de\s+|d['’]))?"
    rf"|d[ée]lai\s+(?:d['’]appel\s+|de\s+recours\s+|d['’]opposition\s+|pour\s+conclure\s+)?(?:est\s+)?"
    rf"(?:de\s+|d['’]|:\s*))(?P<n>{NUMBER_WORDS})(?:\s*\(\s*(?P<digits>\d{{1,3}})\s*\))?\s+{_UNIT}"
    rf"|sous\s+(?P<w>huitaine|quinzaine)"
    rf"|dans\s+(?:le|la|l['’])\s?(?P<implicit>mois|quinzaine|huitaine|semaine|ann[ée]e)(?=\s+(?:de|du|d['’]|qui|suivant|[àa]\s))"
)
# "au plus tard quinze jours avant l'audience", "15 jours au moins avant la date de l'audience"
BACKWARD = re.compile(
    rf"(?i)(?<![\wÀ-ÿ])(?P<n>{NUMBER_WORDS})(?:\s*\(\s*(?P<digits>\d{{1,3}})\s*\))?\s+{_UNIT}(?:\s+au\s+moins)?"
    rf"\s+avant\s+(?P<anchor>(?:la\s+date\s+(?:de\s+l['’]|d[eu]\s+(?:la\s+)?))?(?:l['’]audience|la\s+cl[ôo]ture"
    rf"|l['’]ordonnance\s+de\s+cl[ôo]ture|la\s+date\s+(?:de\s+(?:l['’]audience|la\s+cl[ôo]ture|plaidoiries?))"
    rf"|les\s+plaidoiries|la\s+(?:premi[èe]re\s+)?r[ée]union(?:\s+d['’]expertise)?|l['’]expiration[^,.;\n]{{0,40}}|la\s+vente|l['’]adjudication))"
)
_GAP = r"(?:[^,.;:\n()]|\n(?![ \t]*\n))"  # an anchor runs across a line break, never across a blank line
ANCHOR = re.compile(
    r"(?i)^\s*,?\s*(?:[àa]\s+compter\s+(?:de\s+|du\s+|d['’])|[àa]\s+partir\s+(?:de\s+|du\s+|d['’])|suivant\s+"
    rf"|de\s+|du\s+|d['’])(?P<anchor>{_GAP}{{3,80}}?)(?=\s*(?:[,.;:()]|\n[ \t]*\n|$|\s+sous\s|\s+faute\s"
    r"|\s+[àa]\s+peine|\s+pour\s|\s+afin\s|\s+(?:est|sont|a|ont|expire|expirant)\s))"
)
_ANCHOR_EVENTS = (
    ("reception", r"r[ée]ception"),
    ("signification", r"signification"),
    ("notification", r"notification"),
    ("presente", r"pr[ée]sente|pr[ée]sent\s+(?:courrier|avis|message)"),
    ("decision", r"jugement|d[ée]cision|arr[êe]t|ordonnance"),
    ("declaration_appel", r"d[ée]claration\s+d['’]appel"),
    ("avis", r"avis"),
    ("cloture", r"cl[ôo]ture"),
    ("audience", r"audience|plaidoiries?"),
    ("vente", r"vente|adjudication"),
)
_IMPLICIT = {"huitaine": "P8D", "quinzaine": "P15D", "mois": "P1M", "semaine": "P1W", "annee": "P1Y"}
_UNITS = {"jour": "D", "mois": "M", "semaine": "W", "ann": "Y", "an": "Y"}
_EXPIRED = re.compile(r"(?i)(?:est|sont|a\s+[ée]t[ée]|ayant)\s+(?:d[ée]j[àa]\s+)?expir[ée]s?|(?:est|sont)\s+forclos")


def anchor_event(anchor: str) -> str:
    for name, pattern in _ANCHOR_EVENTS:
        if re.search(f"(?i){pattern}", anchor):
            return name
    return "autre"


def _delay_value(match: re.Match[str]) -> str | None:
    word = (match.groupdict().get("w") or match.groupdict().get("implicit") or "").lower()
    if word:
        return _IMPLICIT[word.replace("é", "e")]
    count = parse_number(match.group("n"))
    if match.group("digits") and int(match.group("digits")) != count:
        return None  # "quinze (14) jours": the two spellings disagree, read neither
    unit = match.group("u").lower()
    if unit.startswith("heure"):
        return f"PT{count}H" if count else None  # "sous 48 heures"
    letter = next((code for prefix, code in _UNITS.items() if unit.startswith(prefix)), None)
    return f"P{count}{letter}" if count and letter else None


def _phrase(raw: str) -> str:
    """An anchor as one line: a PDF's "signifi-\\ncation" joined, runs of spaces and line breaks made one."""
    return re.sub(r"\s+", " ", re.sub(r"(?<=[a-zà-ÿ])-\n\s*(?=[a-zà-ÿ])", "", raw)).strip()


def _delay_text(match: re.Match[str]) -> str:
    for name in ("w", "implicit"):
        if match.groupdict().get(name):
            return str(match.group(name))
    return _phrase(match.group(0)[match.start("n") - match.start() : match.end("u") - match.start()])


def _status(text: str, end: int) -> str:
    sentence = re.split(r"[.;!?](?:\s|$)|\n[ \t]*\n", text[end : end + 160], maxsplit=1)[0]
    return "expired" if _EXPIRED.search(sentence) else "active"


def _forward(text: str, match: re.Match[str], value: str) -> Fact:
    end = match.end()
    details = [("delay", _delay_text(match)), ("direction", "after")]
    anchor = ANCHOR.match(text[match.end() : match.end() + 160])
    if anchor:
        phrase = _phrase(anchor.group("anchor"))
        details += [("anchor", phrase), ("anchor_event", anchor_event(phrase))]
        end = match.end() + anchor.end()
    else:  # "sous quinzaine": from the message itself
        details += [("anchor", ""), ("anchor_event", "message")]
    status = _status(text, match.end())
    return Fact(
        FactKind.DELAY, value, text[match.start() : end], match.start(), end, 0.85, tuple(details), status=status
    )


def _backward(text: str, match: re.Match[str], value: str) -> Fact:
    phrase = _phrase(match.group("anchor"))
    details = (
        ("delay", _delay_text(match)),
        ("direction", "before"),
        ("anchor", phrase),
        ("anchor_event", anchor_event(phrase)),
    )
    return Fact(FactKind.DELAY, value, match.group(0), match.start(), match.end(), 0.8, details)


_AVANT = re.compile(r"(?i)\savant\s+(?:la(?![\wÀ-ÿ])|l['’]|les(?![\wÀ-ÿ]))")


def _backward_matches(text: str) -> list[re.Match[str]]:
    """BACKWARD tried only around each "avant la/l'/les": a number-word pattern run at every position of a long
    text costs more than the whole rest of the delays."""
    found: list[re.Match[str]] = []
    for avant in _AVANT.finditer(text):
        low = max(0, avant.start() - 60, found[-1].end() if found else 0)
        match = BACKWARD.search(text, low, min(len(text), avant.end() + 120))
        if match and match.start() <= avant.start():
            found.append(match)
    return found


def find_delays(text: str, limit: int = MAX_FACTS_PER_KIND) -> list[Fact]:
    """At most `limit` relative deadlines, each with the event it runs from (and which way)."""
    facts: list[Fact] = []
    taken = Spans()
    for match in _backward_matches(text):
        value = _delay_value(match) if len(facts) < limit else None
        if value and taken.take(match.start(), match.end()):
            facts.append(_backward(text, match, value))
    for match in DELAY.finditer(text):
        if len(facts) >= limit:
            break
        value = _delay_value(match)
        if value is None or taken.overlaps(match.start(), match.end()):
            continue
        facts.append(_forward(text, match, value))
    return sorted(facts, key=lambda f: f.start)
