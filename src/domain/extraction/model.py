"""Facts read from a message: each one grounded in an exact quote of the text it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

# What one text may yield: beyond these, the extra facts are left out and the result says so (`capped`).
MAX_FACTS_PER_KIND = 200
MAX_FACTS = 1000


class FactKind(StrEnum):
    RG = "rg"  # numéro de répertoire général, in any court's form
    PORTALIS = "portalis"
    POURVOI = "pourvoi"  # Cour de cassation
    MINUTE = "minute"  # identifies a decision, never a case: kept apart from RG on purpose
    DOSSIER_REF = "dossier_ref"  # the cabinet's own reference
    JURISDICTION = "jurisdiction"
    PARTIES = "parties"
    DATE = "date"
    DATETIME = "datetime"
    HEARING = "hearing"
    DEADLINE = "deadline"  # a fixed date ("avant le 12 mars 2026")
    DELAY = "delay"  # a relative deadline ("dans un délai de quinze jours à compter de …"), with its anchor
    AMOUNT = "amount"


class MessageKind(StrEnum):
    AVIS_DE_FIXATION = "avis_de_fixation"
    CONVOCATION = "convocation"
    SIGNIFICATION = "signification"
    NOTIFICATION_JUGEMENT = "notification_jugement"
    CONCLUSIONS = "conclusions"
    MISE_EN_DEMEURE = "mise_en_demeure"
    ACCUSE_LECTURE = "accuse_lecture"
    FACTURE = "facture"
    OTHER = "other"


class SenderKind(StrEnum):
    RPVA = "rpva"  # e-Barreau / RPVA platform or a lawyer's @avocat-conseil.fr mailbox
    COURT = "court"  # a greffe or other justice address (@justice.fr, @juradm.fr)
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Fact:
    kind: FactKind
    value: str  # normalised: ISO dates, zero-padded RG, "P15D" for delays, "1500.00" for amounts
    quote: str  # exactly text[start:end]
    start: int
    end: int
    confidence: float
    details: tuple[tuple[str, str], ...] = ()

    def detail(self, name: str) -> str:
        return dict(self.details).get(name, "")


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    facts: tuple[Fact, ...]
    message_kind: MessageKind = MessageKind.OTHER
    sender_kind: SenderKind = SenderKind.OTHER
    source: str = "rules"
    dropped: int = 0  # facts proposed (by a model) but refused by the grounding check
    drop_reasons: tuple[str, ...] = field(default=())
    capped: tuple[str, ...] = ()  # kinds (and "total") whose fact cap was reached: more facts were left out

    def of_kind(self, kind: FactKind) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.kind is kind)
