"""Facts read from a message: each one grounded in an exact quote of the text it came from.

Fields of `Fact` beyond the kind, value, quote and position (all with defaults, so older callers still build one):

- `origin`: "new" when the fact stands in what the sender wrote now (subject, new text, attachments), "history"
  when it stands in quoted history (a reply's quoted block, a forwarded message, ">" lines, in any mail client's
  style). The dates, hearings, deadlines and delays of a reply's or forward's subject line ("RE: Audience du 12
  mars") are history too; its references and parties stay new. History facts never become suggestions on their
  own: see `Fact.suggestable`.
- `status` (hearings, deadlines, delays; "active" for every other kind): "active"; "cancelled" when the text says
  so ("annulée", "n'aura pas lieu", "radiée"); "moved" for the old date of a renvoi ("renvoyée au", "reportée
  au", "initialement fixée au") — the new date is itself an active hearing; "past" for a hearing before the
  message's reference date; "expired" for a deadline before it, or a delay the text says has run out.
- Renvois link hearings with hearings and deadlines with deadlines ("la clôture, initialement fixée au 15 mai, est
  reportée au 29 mai").
- `moved_to` (on a "moved" fact): the value of the fact that replaces it, so a consumer updates the old hearing
  instead of adding a second ("" when the text moves it without a new date: "renvoyée sine die").
  `replaces` (on the new fact): the value of the one it replaces.

`details` (name, value pairs) may hold, by kind:

- hearing: `type` (audience, plaidoiries, mise_en_etat, orientation, conciliation, refere, jugement,
  comparution), `time` ("09:30"), `room`, `renvoi` ("yes" when the text gives it as the new date of a hearing
  already set — "renvoyée au 9 avril" —, even when the old date is not written: the consumer then updates the
  dossier's hearing rather than adding one).
- deadline: `type` ("limite", "cloture" for a clôture — also the administrative "l'instruction sera close le"),
  `weekday` when the limit was named by a weekday only ("avant vendredi": resolved after the reference date).
- delay: `delay` (the delay as written: "un mois", "quinzaine"), `anchor` (the act or event it runs from, as
  written: "la signification du présent jugement", "l'audience"), `anchor_event` (reception, signification,
  notification, presente, decision, declaration_appel, avis, audience, cloture, message when none is named — it
  then runs from the message —, autre), `direction` ("after" for "à compter de", "before" for "avant l'audience").
- requete (an administrative court's case number): `court` ("TA", "CAA", or "TA:Versailles"/"CAA:Paris" when the
  text or the number names the seat), `chamber` ("3-1" in "2301234/3-1").
- parties: `first`, `second`, and `roles` ("demandeur/defendeur", "appelant/intime", "requerant/defendeur",
  "requerant/signifie") when read from labelled blocks, tables or an act's headings.
- date, datetime: `weekday_mismatch`, `words` ("yes" for a date written out in words).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

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
    DELAY = "delay"  # a relative deadline ("dans un délai de quinze jours à compter de …"): "P15D", "PT48H"
    AMOUNT = "amount"
    REQUETE = "requete"  # an administrative court's case number ("n° 2401234", "24PA01234")


SCHEDULE_KINDS = frozenset({FactKind.HEARING, FactKind.DEADLINE, FactKind.DELAY})


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


ORIGINS = ("new", "history")
_DEFAULTS = {"origin": "new", "status": "active", "moved_to": "", "replaces": ""}
STATUSES = ("active", "cancelled", "moved", "past", "expired")


@dataclass(frozen=True, slots=True)
class Fact:
    kind: FactKind
    value: str  # normalised: ISO dates, zero-padded RG, "P15D" for delays, "1500.00" for amounts
    quote: str  # exactly text[start:end]
    start: int
    end: int
    confidence: float
    details: tuple[tuple[str, str], ...] = ()
    origin: str = "new"  # "new" | "history"
    status: str = "active"  # "active" | "cancelled" | "moved" | "past" | "expired"
    moved_to: str = ""  # on a moved fact: the value of the fact that replaces it
    replaces: str = ""  # on the new fact of a renvoi: the value of the one it replaces

    def detail(self, name: str) -> str:
        return dict(self.details).get(name, "")

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form that keeps every field (the fields beyond `details` only when not their default,
        so the stored form of older facts is unchanged); read back with `Fact.from_dict`."""
        data: dict[str, Any] = {
            "kind": self.kind.value, "value": self.value, "quote": self.quote, "start": self.start,
            "end": self.end, "confidence": self.confidence, "details": [list(pair) for pair in self.details],
        }  # fmt: skip
        extra = {"origin": self.origin, "status": self.status, "moved_to": self.moved_to, "replaces": self.replaces}
        data.update({name: value for name, value in extra.items() if value != _DEFAULTS[name]})
        return data

    @classmethod
    def from_dict(cls, item: dict[str, Any]) -> Fact:
        """A fact from `as_dict`'s form, or from a form stored before the new fields (they take their defaults)."""
        details = tuple((str(name), str(value)) for name, value in item.get("details", ()))
        return cls(
            FactKind(item["kind"]), str(item["value"]), str(item["quote"]), int(item["start"]), int(item["end"]),
            float(item["confidence"]), details, **{name: str(item.get(name, d)) for name, d in _DEFAULTS.items()},
        )  # fmt: skip

    @property
    def suggestable(self) -> bool:
        """Whether this fact may become a suggested hearing or deadline: a schedule fact of the new text,
        still active. A quoted or forwarded fact never does on its own; a moved one is updated through the
        fact that `replaces` it."""
        return self.kind in SCHEDULE_KINDS and self.origin == "new" and self.status == "active"


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

    def suggestable(self) -> tuple[Fact, ...]:
        """The facts that may become suggested hearings and deadlines (see `Fact.suggestable`)."""
        return tuple(f for f in self.facts if f.suggestable)

    def new_facts(self) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.origin == "new")
