"""Filing a message into its dossier: the clues a message carries, and the decision they make (docs/courrier.md).

Clues, strongest first: the `slug+<dossier reference>@` address (1.0), the thread (0.95), a court or cabinet
reference in the subject or the new text (0.9), the sender's address known for exactly one dossier (0.7). The
decision files the message when one dossier stands out at or above FILING_THRESHOLD; when strong clues name
different dossiers, or none is sure enough, the message goes to "à classer" with its candidates and their reasons.
Pure: the lookups that turn clues into dossiers are the service's (services/filing.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from domain.extraction.model import FactKind
from domain.extraction.references import find_references
from domain.search_text import compact_reference

FILING_THRESHOLD = 0.6
ADDRESS_CONFIDENCE = 1.0
THREAD_CONFIDENCE = 0.95
REFERENCE_CONFIDENCE = 0.9
FORWARDED_CONFIDENCE = 0.8  # a reference in a message forwarded with this one (never in quoted history)
SENDER_CONFIDENCE = 0.7
AMBIGUOUS_SENDER_CONFIDENCE = 0.4  # one candidate among several dossiers the sender is known in
STRONG = 0.9  # clues at least this strong that name different dossiers contradict each other
MAX_CANDIDATES = 5
NO_CLUE = "Aucun indice ne désigne un dossier : à classer à la main."


class ClueKind(StrEnum):
    ADDRESS = "adresse"
    THREAD = "fil"
    REFERENCE = "reference"
    SENDER = "expediteur"


@dataclass(frozen=True)
class Clue:
    kind: ClueKind
    dossier_id: str
    confidence: float
    reason: str  # French, shown to the lawyer


@dataclass(frozen=True)
class Candidate:
    dossier_id: str
    confidence: float
    reason: str
    reference: str = ""  # the dossier's reference, filled in by the service for display


@dataclass(frozen=True)
class Decision:
    dossier_id: str | None  # None: à classer
    confidence: float
    reason: str
    candidates: tuple[Candidate, ...]

    @property
    def filed(self) -> bool:
        return self.dossier_id is not None


@dataclass(frozen=True)
class ReferenceClue:
    """A reference read in the subject or the new text: `kind` is a court reference kind (rg, portalis, pourvoi,
    administratif) or `cabinet` (the cabinet's own `2026-0042`) or `vref` (the correspondent's « V/Réf »)."""

    kind: str
    value: str
    label: str  # how the reason names it: « RG 24/01234 »

    @property
    def compact(self) -> str:
        return compact_reference(self.value)

    @property
    def court_kinds(self) -> tuple[str, ...]:
        """The kinds of dossier court references it may match: its own (any, for the cabinet's and « V/Réf »)."""
        return () if self.kind in ("cabinet", "vref") else (self.kind,)


# The cabinet's own dossier references (`{year}-{number:04d}`), alone, after N/Réf, or prefixed (`CAB-2026-0042`).
_CABINET_REFERENCE = re.compile(r"(?<![\w/])((?:19|20)\d{2})-(\d{4,5})(?![\w/-])")
# Administrative courts: a tribunal administratif's `2401234` (after n°, often with a chamber `/3`), a cour
# administrative d'appel's `24PA01234`.
_TA_NUMBER = re.compile(r"(?<!\w)(?:n[°o]|num[ée]ro|requ[êe]te)\s*:?\s*(\d{7})(?:\s*/\s*\d{1,2})?(?!\d)", re.IGNORECASE)
_CAA_NUMBER = re.compile(r"(?<!\w)(\d{2}[A-Z]{2}\d{5})(?!\w)")
# An RG written with a hyphen after n° (« affaire n° 24-01234 »), which the extractor leaves unread.
_HYPHEN_RG = re.compile(r"(?<!\w)(?:n[°o]|num[ée]ro)\s*:?\s*(\d{2})-(\d{4,6})(?![\d-])", re.IGNORECASE)
_COURT_KINDS = {FactKind.RG: "rg", FactKind.PORTALIS: "portalis", FactKind.POURVOI: "pourvoi"}
_LABELS = {"rg": "RG", "portalis": "Portalis", "pourvoi": "pourvoi", "administratif": "n°"}
_VREF = re.compile(r"V\s?/\s?R[ée]f|Votre\s+r[ée]f|Vos\s+r[ée]f", re.IGNORECASE)


def clean_text(text: str) -> str:
    """Text fit for storage: undecodable bytes a header kept as surrogates read as UTF-8, or replaced."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def address_tag(recipient: str) -> str:
    """The `+tag` of `slug+2026-0042@domain` (upper case, as references are written), or ""."""
    local = recipient.strip().partition("@")[0]
    _, plus, tag = local.partition("+")
    return tag.strip().upper() if plus else ""


def reference_clues(subject: str, new_text: str) -> list[ReferenceClue]:
    """Every reference in the subject and the new text (never the quoted history: another message's words), in the
    order found, each once."""
    text = f"{subject}\n{new_text}"
    found: list[ReferenceClue] = []
    for fact in find_references(text):
        court_kind = _COURT_KINDS.get(fact.kind)
        if court_kind:
            found.append(ReferenceClue(court_kind, fact.value, f"{_LABELS[court_kind]} {fact.value}"))
        elif fact.kind is FactKind.DOSSIER_REF:
            vref = bool(_VREF.search(fact.quote))
            label = f"V/Réf {fact.value}" if vref else f"référence {fact.value}"
            found.append(ReferenceClue("vref" if vref else "cabinet", fact.value, label))
    for match in _TA_NUMBER.finditer(text):
        found.append(ReferenceClue("administratif", match.group(1), f"n° {match.group(1)}"))
    for match in _CAA_NUMBER.finditer(text):
        found.append(ReferenceClue("administratif", match.group(1), f"n° {match.group(1)}"))
    for match in _HYPHEN_RG.finditer(text):
        value = f"{match.group(1)}/{match.group(2).zfill(5)}"
        found.append(ReferenceClue("rg", value, f"RG {value}"))
    for match in _CABINET_REFERENCE.finditer(text):
        value = f"{match.group(1)}-{match.group(2)}"
        found.append(ReferenceClue("cabinet", value, f"référence du cabinet {value}"))
    unique: dict[tuple[str, str], ReferenceClue] = {}
    for clue in found:
        family = "own" if clue.kind in ("cabinet", "vref") else clue.kind  # the cabinet's reference, read once
        unique.setdefault((family, clue.compact), clue)
    return list(unique.values())


def decide(clues: list[Clue], ambiguous: list[Candidate] | None = None) -> Decision:
    """The decision the clues make. `ambiguous` lists dossiers a weak clue could not choose between (a sender
    known in several dossiers): candidates only, never a filing."""
    best = _best_per_dossier(clues)
    candidates = _ranked([*best.values(), *(ambiguous or [])])
    if not candidates:
        return Decision(None, 0.0, NO_CLUE, ())
    address = [clue for clue in clues if clue.kind is ClueKind.ADDRESS]
    if address:  # the sender chose the dossier by its address: nothing overrides that
        top = best[address[0].dossier_id]
        return Decision(top.dossier_id, top.confidence, top.reason, candidates)
    strong = [candidate for candidate in best.values() if candidate.confidence >= STRONG]
    if len(strong) > 1:
        return _undecided(candidates, "Indices contradictoires")
    top = strong[0] if strong else candidates[0]
    if top.dossier_id not in best or top.confidence < FILING_THRESHOLD:
        return _undecided(candidates, "Indice trop faible")
    if not strong and len(best) > 1:  # weak clues naming different dossiers
        return _undecided(candidates, "Indices contradictoires")
    return Decision(top.dossier_id, top.confidence, top.reason, candidates)


def _best_per_dossier(clues: list[Clue]) -> dict[str, Candidate]:
    best: dict[str, Candidate] = {}
    for clue in sorted(clues, key=lambda c: -c.confidence):
        best.setdefault(clue.dossier_id, Candidate(clue.dossier_id, clue.confidence, clue.reason))
    return best


def _ranked(candidates: list[Candidate]) -> tuple[Candidate, ...]:
    unique: dict[str, Candidate] = {}
    for candidate in sorted(candidates, key=lambda c: (-c.confidence, c.dossier_id)):
        unique.setdefault(candidate.dossier_id, candidate)
    return tuple(unique.values())[:MAX_CANDIDATES]


def _undecided(candidates: tuple[Candidate, ...], why: str) -> Decision:
    top = candidates[0]
    return Decision(None, top.confidence, f"{why} : {top.reason}", candidates)


def thread_root(message_id: str, in_reply_to: str, references: tuple[str, ...]) -> str:
    """The Message-ID a conversation is grouped under when no earlier message of it is known: the first of
    References, else In-Reply-To, else the message's own."""
    return (references[0] if references else "") or in_reply_to or message_id


# Reasons, French, shown to the lawyer.
def address_reason(reference: str) -> str:
    return f"adresse du dossier {reference}"


def thread_reason(received_on: str, reference: str) -> str:
    return f"réponse au courrier du {received_on} classé dans le dossier {reference}"


def reference_reason(clue: ReferenceClue, reference: str) -> str:
    return f"{clue.label} du dossier {reference}"


SENDER_ROLES = {
    "client": "client",
    "adverse": "partie adverse",
    "conseil_adverse": "conseil adverse",
    "autre": "intervenant",
    "memorise": "adresse mémorisée",
}


def sender_reason(address: str, role: str, reference: str) -> str:
    return f"expéditeur {address} ({SENDER_ROLES.get(role, role)}) du dossier {reference}"


def french_date(iso: str) -> str:
    """`2026-03-02T…` → `02/03/2026`."""
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if len(iso) >= 10 else iso
