"""What a message is (avis de fixation, convocation, …) and who sent it (RPVA, a court, anyone else)."""

from __future__ import annotations

import re

from domain.extraction.model import MessageKind, SenderKind
from domain.mail.quotes import split_body

# Most specific first: a "notification de conclusions" is conclusions, an avis de fixation often says "audience".
# Each kind has a subject pattern and a stricter body pattern: a calendar listing "conclusions de l'intimé" in
# its body is not itself conclusions.
_RULES: tuple[tuple[MessageKind, str, str], ...] = (
    (
        MessageKind.ACCUSE_LECTURE,
        r"accus[ée]\s+de\s+lecture|^\s*(?:lu|read)\s*:|avis\s+de\s+lecture|read\s+receipt",
        r"accus[ée]\s+de\s+lecture|a\s+[ée]t[ée]\s+lu\s+le",
    ),
    (
        MessageKind.AVIS_DE_FIXATION,
        r"avis\s+de\s+fixation|fixation\s+(?:de\s+l['’]affaire|à\s+bref\s+d[ée]lai)|<AFIX>",
        r"avis\s+de\s+fixation|\bfix[ée]e\s+[àa]\s+l['’]audience\s+(?:de\s+plaidoiries?|d['’]orientation)",
    ),
    (
        MessageKind.MISE_EN_DEMEURE,
        r"mise\s+en\s+demeure",
        r"mise\s+en\s+demeure|mettons?\s+en\s+demeure|met\s+en\s+demeure",
    ),
    (MessageKind.FACTURE, r"\bfacture\b|note\s+d['’]honoraires|\binvoice\b", r"note\s+d['’]honoraires"),
    (
        MessageKind.SIGNIFICATION,
        r"\bsignification\b|acte\s+(?:de\s+commissaire\s+de\s+justice|d['’]huissier)|\bacte\s+signifi[ée]|\bassignation\b",
        r"a\s+[ée]t[ée]\s+signifi[ée]|(?:proc[èe]s[\s-]verbal|acte)\s+de\s+signification",
    ),
    (
        MessageKind.NOTIFICATION_JUGEMENT,
        r"notification\s+(?:d['’]un\s+|du\s+|de\s+l['’]|de\s+la\s+)?(?:jugement|arr[êe]t|d[ée]cision)|<NJUG>",
        r"(?:vous\s+)?notifions\s+(?:le\s+|l['’])(?:jugement|arr[êe]t)",
    ),
    (
        MessageKind.CONCLUSIONS,
        r"\bconclusions\b|<CONC>|<CDEF>",
        r"ci-joint\s+(?:mes|nos)\s+conclusions|(?:mes|nos)\s+conclusions\s+(?:ci-jointes|d['’]intim[ée]|d['’]appelant)",
    ),
    (
        MessageKind.CONVOCATION,
        r"\bconvocations?\b(?!\s+[àa]\s+(?:la\s+|une?\s+|l['’])?(?:premi[èe]re\s+)?(?:r[ée]union|entretien|assembl))|<CIN>|\bcitation\s+à\s+compara[îi]tre|\bavis\s+d['’]audience\b",
        r"(?:vous\s+[êe]tes|sont|est)\s+convoqu[ée]|\bcit[ée](?:\(e\)|e)?s?\s+[àa]\s+compara[îi]tre",
    ),
)
_COMPILED = tuple(
    (kind, re.compile(subject, re.IGNORECASE | re.MULTILINE), re.compile(body, re.IGNORECASE))
    for kind, subject, body in _RULES
)
_NOT_COURT_SUMMONS = re.compile(
    r"(?i)convoqu[ée]e?s?\s+[àa]\s+(?:un|une|la|l['’])\s*(?:premi[èe]re\s+)?(?:entretien|r[ée]union|assembl)"
)
_REPLY = re.compile(r"^\s*(?:re|aw|r[ée]p|sv)\s*(?:\[\d+\])?\s*:", re.IGNORECASE)
_RPVA_DOMAINS = ("avocat-conseil.fr", "e-barreau.fr", "ebarreau.fr", "avocat.fr", "rpva.fr")
_COURT_DOMAINS = ("justice.fr", "justice.gouv.fr", "juradm.fr", "courdecassation.fr")
_RPVA_MARKERS = re.compile(r"e-?barreau|\bRPVA\b|<[A-Z]{3,5}>", re.IGNORECASE)


def classify(subject: str, body: str, content_type: str = "") -> MessageKind:
    """The subject decides when it can; else the first lines of the body. A summons to a meeting or an
    interview ("convoqué à un entretien préalable") is no convocation to a hearing."""
    if "disposition-notification" in content_type:
        return MessageKind.ACCUSE_LECTURE
    reply = bool(_REPLY.match(subject))
    meeting = bool(_NOT_COURT_SUMMONS.search(body[:4000]))
    rules = [rule for rule in _COMPILED if not (meeting and rule[0] is MessageKind.CONVOCATION)]
    if not reply:  # "RE: Signification" is someone answering, not the act itself
        for kind, in_subject, _ in rules:
            if in_subject.search(subject):
                return kind
    opening = (split_body(body).new if reply else body)[:2000]  # a reply is what its sender wrote now
    for kind, _, in_body in rules:
        if in_body.search(opening):
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
