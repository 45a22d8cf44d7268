"""What a message is (avis de fixation, convocation, …) and who sent it (RPVA, a court, anyone else)."""

from __future__ import annotations

import re

from domain.extraction.model import MessageKind, SenderKind

# Most specific first: a "notification de conclusions" is conclusions, an avis de fixation often says "audience".
_RULES: tuple[tuple[MessageKind, str], ...] = (
    (MessageKind.ACCUSE_LECTURE, r"accus[ée]\s+de\s+lecture|^\s*(?:lu|read)\s*:|avis\s+de\s+lecture|read\s+receipt"),
    (MessageKind.AVIS_DE_FIXATION, r"avis\s+de\s+fixation|fixation\s+(?:de\s+l['’]affaire|à\s+bref\s+d[ée]lai)|<AFIX>"),
    (MessageKind.MISE_EN_DEMEURE, r"mise\s+en\s+demeure|mettons?\s+en\s+demeure|met\s+en\s+demeure"),
    (MessageKind.FACTURE, r"\bfacture\b|note\s+d['’]honoraires|\binvoice\b"),
    (
        MessageKind.SIGNIFICATION,
        r"signification|acte\s+(?:de\s+commissaire\s+de\s+justice|d['’]huissier)|proc[èe]s[\s-]verbal\s+de\s+remise",
    ),
    (
        MessageKind.NOTIFICATION_JUGEMENT,
        r"notification\s+(?:d['’]un\s+|du\s+|de\s+l['’]|de\s+la\s+)?(?:jugement|arr[êe]t|d[ée]cision|ordonnance)"
        r"|<NJUG>|jugement\s+rendu",
    ),
    (MessageKind.CONCLUSIONS, r"\bconclusions\b|<CONC>|<CDEF>"),
    (MessageKind.CONVOCATION, r"convocation|convoqu[ée]|<CIN>|citation\s+à\s+compara[îi]tre"),
)
_COMPILED = tuple((kind, re.compile(pattern, re.IGNORECASE | re.MULTILINE)) for kind, pattern in _RULES)
_RPVA_DOMAINS = ("avocat-conseil.fr", "e-barreau.fr", "ebarreau.fr", "avocat.fr", "rpva.fr")
_COURT_DOMAINS = ("justice.fr", "justice.gouv.fr", "juradm.fr", "courdecassation.fr")
_RPVA_MARKERS = re.compile(r"e-?barreau|\bRPVA\b|<[A-Z]{3,5}>", re.IGNORECASE)


def classify(subject: str, body: str, content_type: str = "") -> MessageKind:
    """The subject decides when it can; else the first lines of the body."""
    if "disposition-notification" in content_type:
        return MessageKind.ACCUSE_LECTURE
    for text in (subject, body[:1500]):
        for kind, regex in _COMPILED:
            if regex.search(text):
                return kind
    return MessageKind.OTHER


def _domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].strip().strip(">").lower() if "@" in address else ""


def _within(domain: str, suffixes: tuple[str, ...]) -> bool:
    return any(domain == s or domain.endswith("." + s) for s in suffixes)


def sender_kind(address: str, subject: str = "") -> SenderKind:
    """RPVA and court senders recognised by the shape of the address (and e-Barreau subject markers)."""
    domain = _domain(address)
    if _within(domain, _COURT_DOMAINS):
        return SenderKind.COURT
    if _within(domain, _RPVA_DOMAINS) or _RPVA_MARKERS.search(subject or ""):
        return SenderKind.RPVA
    return SenderKind.OTHER
