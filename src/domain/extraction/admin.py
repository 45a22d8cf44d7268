"""Administrative courts' case numbers: tribunal administratif ("requête n° 2401234", "req. n° 2301234/3-1")
and cour administrative d'appel ("N° 24PA01234"), each with its court.

A tribunal administratif number is seven bare digits: read after "requête"/"req.", or after "n°", "dossier",
"affaire" when the text speaks of an administrative court. A CAA number carries its court's
letters, which name the seat.
"""

from __future__ import annotations

import re

from domain.extraction.model import MAX_FACTS_PER_KIND, Fact, FactKind
from domain.extraction.spans import Spans

_NO = r"(?:n[°o]|num[ée]ro|no\.?)"
_TA_NUMBER = r"(?P<v>\d{7})(?:\s?/\s?(?P<ch>\d{1,2}(?:-\d{1,2})?))?(?![\d/])"
NAMED = re.compile(rf"(?i)(?<![\wÀ-ÿ])(?:requ[êe]tes?|req\.?)\s*(?:{_NO})?\s*:?\s*{_TA_NUMBER}")
BARE = re.compile(rf"(?i)(?<![\wÀ-ÿ])(?:(?:dossier|affaire|instance)\s*(?:{_NO})?|{_NO})\s*:?\s*{_TA_NUMBER}")
CAA = re.compile(
    rf"(?i)(?<![\wÀ-ÿ])(?:{_NO}\s*:?\s*)?(?P<v>\d{{2}}(?-i:(?P<seat>PA|VE|LY|MA|BX|NT|NC|DA|TL))\d{{5}})"
    rf"(?:\s?/\s?(?P<ch>\d{{1,2}}(?:-\d{{1,2}})?))?(?![\d/])"
)
ADMINISTRATIVE = re.compile(
    r"(?i)tribunal\s+administratif|cour\s+administrative|juradm|t[ée]l[ée]recours|\bTA\s+(?:de|d['’])\s|\bCAA\b"
)
CAA_SEATS = {
    "PA": "Paris", "VE": "Versailles", "LY": "Lyon", "MA": "Marseille", "BX": "Bordeaux", "NT": "Nantes",
    "NC": "Nancy", "DA": "Douai", "TL": "Toulouse",
}  # fmt: skip


def find_admin_cases(
    text: str, limit: int = MAX_FACTS_PER_KIND, court: str = "TA", assume_administrative: bool = False
) -> list[Fact]:
    """Case numbers of administrative courts; `court` is the tribunal administratif the text names, if any."""
    administrative = assume_administrative or bool(ADMINISTRATIVE.search(text))
    facts: list[Fact] = []
    taken = Spans()
    patterns = [(CAA, 0.95), (NAMED, 0.9)] + ([(BARE, 0.8)] if administrative else [])
    for regex, confidence in patterns:
        for match in regex.finditer(text):
            if len(facts) >= limit:
                break
            if not taken.take(match.start(), match.end()):
                continue
            seat = match.groupdict().get("seat")
            details = [("court", f"CAA:{CAA_SEATS[seat.upper()]}" if seat else court)]
            if match.group("ch"):
                details.append(("chamber", match.group("ch")))
            value = match.group("v").upper()
            facts.append(
                Fact(FactKind.REQUETE, value, match.group(0), match.start(), match.end(), confidence, tuple(details))
            )
    return sorted(facts, key=lambda f: f.start)
