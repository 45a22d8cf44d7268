"""The conflict-of-interest check (docs/dossiers.md): whom a new dossier's clients and parties match among the
cabinet's clients and parties, and which matches block the opening until the lawyer confirms.

Two names match when they are equal whatever their accents, case and word order (`name_key`); two subjects match
when they have the same SIREN. A match blocks when the sides differ: a new client found as an adverse party (or their
counsel) elsewhere, or a new adverse party (or counsel) found as a client. A match on the same side is shown only.

The check covers the whole cabinet, dossiers kept to a team included (that is its point), but a match in a dossier the
actor may not see is shown without the dossier and the record's id (`ConflictMatch.seen`): it says that a conflict
exists, and whom to ask, without opening the dossier's door; the recorded check keeps everything.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from domain.search_text import name_key

Side = Literal["client", "adverse", "conseil_adverse", "autre"]
RESTRICTED_HINT = "Dossier réservé à son équipe : voyez un associé."
ADVERSE_SIDE = frozenset({"adverse", "conseil_adverse"})


@dataclass(frozen=True)
class Subject:
    """A name checked: who the new dossier names, on which side (None for a preview: no side yet)."""

    name: str
    siren: str = ""
    side: Side | None = None
    own_id: str | None = None  # the existing client the subject is (never a match against itself)

    @property
    def name_key(self) -> str:
        return name_key(self.name)


@dataclass(frozen=True)
class Known:
    """A client or a party the cabinet already holds."""

    side: Side
    id: str
    name: str
    name_key: str
    siren: str
    dossier_id: str | None
    dossier_reference: str | None
    restricted: bool = False  # in a dossier kept to a team the actor is not on


@dataclass(frozen=True)
class ConflictMatch:
    subject: str
    match: Literal["siren", "nom"]
    against: Side
    id: str | None  # None once `seen` hides it
    name: str
    dossier_id: str | None
    dossier_reference: str | None
    blocking: bool
    restricted: bool = False

    def seen(self) -> ConflictMatch:
        """The match as the actor may be shown it: one in a dossier kept from them names neither the dossier nor
        the matched record (whose id would lead to it)."""
        if not self.restricted:
            return self
        return replace(self, id=None, dossier_id=None, dossier_reference=None)


def is_blocking(side: Side | None, against: Side) -> bool:
    if side == "client":
        return against in ADVERSE_SIDE
    if side in ADVERSE_SIDE:
        return against == "client"
    return False


def matches(subjects: list[Subject], known: list[Known]) -> list[ConflictMatch]:
    """Every match of every subject, SIREN first; one per subject and known record."""
    found: list[ConflictMatch] = []
    for subject in subjects:
        key = subject.name_key
        for record in known:
            if record.side == "client" and record.id == subject.own_id:
                continue
            how: Literal["siren", "nom"] | None = None
            if subject.siren and subject.siren == record.siren:
                how = "siren"
            elif key and key == record.name_key:
                how = "nom"
            if how is not None:
                blocks = is_blocking(subject.side, record.side)
                found.append(
                    ConflictMatch(
                        subject.name, how, record.side, record.id, record.name, record.dossier_id,
                        record.dossier_reference, blocks, record.restricted,
                    )
                )  # fmt: skip
    return found


def blocking(found: list[ConflictMatch]) -> list[ConflictMatch]:
    return [match for match in found if match.blocking]


@dataclass(frozen=True)
class ConflictCheck:
    """A check made when a dossier was opened or a party added: what was checked, what matched, and the decision
    (`confirme`: the lawyer went ahead knowing the matches; `aucun`: nothing matched)."""

    id: str
    cabinet_id: str
    dossier_id: str | None
    subjects: tuple[Subject, ...]
    matches: tuple[ConflictMatch, ...]
    checked_by: str
    checked_at: str

    @property
    def decision(self) -> str:
        return "confirme" if self.matches else "aucun"
