"""What the cabinet holds about one client (RGPD art. 15 and 20), and when it may erase it (art. 17).

A lawyer must keep a dossier for the limitation period of an action against them (C. civ. art. 2225: five years
from the end of the mission, the cabinet's `retention_days`), so a client's erasure waits until every one of their
dossiers has been closed that long. The audit trail is never deleted: what names an erased client or dossier is
replaced by a pseudonym (`efface:` and a digest of the id), so the trail keeps its shape and loses the person.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from domain.audit import AuditEntry
from domain.errors import Conflict

OPEN_STATUSES = frozenset({"ouvert", "en_attente"})
PSEUDONYM_PREFIX = "efface:"
PSEUDONYM_DIGEST_CHARS = 16

Record = Mapping[str, Any]  # a row as stored (column -> value): the export gives the data as the cabinet holds it


@dataclass(frozen=True)
class DossierTerm:
    """A dossier as retention sees it: open or closed, since when, and whether other clients share it."""

    id: str
    reference: str
    status: str
    closed_on: str | None  # ISO date
    other_clients: int = 0

    @property
    def shared(self) -> bool:
        return self.other_clients > 0


@dataclass(frozen=True)
class DocumentFile:
    document: Record
    versions: tuple[Record, ...]
    tags: tuple[str, ...]

    @property
    def current(self) -> Record | None:
        wanted = self.document.get("current_version")
        return next((version for version in self.versions if version.get("version") == wanted), None)


@dataclass(frozen=True)
class MailFile:
    mail: Record
    reading: Record | None


@dataclass(frozen=True)
class DossierFile:
    """One dossier and everything filed in it."""

    dossier: Record
    clients: tuple[Record, ...]
    parties: tuple[Record, ...]
    court_references: tuple[Record, ...]
    team: tuple[str, ...]
    conflict_checks: tuple[Record, ...]
    documents: tuple[DocumentFile, ...]
    mail: tuple[MailFile, ...]

    @property
    def reference(self) -> str:
        return str(self.dossier["reference"])


@dataclass(frozen=True)
class ClientFile:
    """Everything held about one client."""

    client: Record
    emails: tuple[str, ...]
    dossiers: tuple[DossierFile, ...] = ()
    erasure_request: Record | None = None
    audit: tuple[AuditEntry, ...] = field(default=())

    @property
    def id(self) -> str:
        return str(self.client["id"])

    @property
    def display_name(self) -> str:
        return str(self.client["display_name"])


def pseudonym(value: str) -> str:
    """What replaces an erased id in the audit trail: the same id always gives the same pseudonym, so the entries
    about one erased client still read as one story, and nothing in it leads back to them."""
    return PSEUDONYM_PREFIX + hashlib.sha256(value.encode()).hexdigest()[:PSEUDONYM_DIGEST_CHARS]


def retention_end(dossier: DossierTerm, retention_days: int, today: date) -> date:
    """The first day the dossier may be erased. An open one (or one without a closing date) counts as closed
    today: the earliest it could be, which the retention job checks again when that day comes."""
    if dossier.status in OPEN_STATUSES or not dossier.closed_on:
        closed = today
    else:
        closed = date.fromisoformat(dossier.closed_on[:10])
    return closed + timedelta(days=retention_days)


def held_back(dossiers: Iterable[DossierTerm], retention_days: int, today: date) -> list[DossierTerm]:
    """The dossiers that forbid erasing their client today."""
    return [dossier for dossier in dossiers if retention_end(dossier, retention_days, today) > today]


def erasable_from(dossiers: Iterable[DossierTerm], retention_days: int, today: date) -> date:
    """The first day erasure is possible: today, or the latest of the dossiers' ends of retention."""
    return max([today, *(retention_end(dossier, retention_days, today) for dossier in dossiers)])


def purge_cutoff(retention_days: int, today: date) -> date:
    """A dossier closed on this day or before has been kept long enough: the retention job purges it."""
    return today - timedelta(days=retention_days)


class LegalRetention(Conflict):
    """409 `conservation_legale`: erasure asked for while a dossier must still be kept."""

    code = "conservation_legale"

    def __init__(self, held: list[DossierTerm], erasable: date, retention_days: int) -> None:
        references = ", ".join(dossier.reference for dossier in held)
        super().__init__(
            "Effacement impossible pour l'instant : un dossier se conserve après sa clôture pendant la durée de "
            f"conservation du cabinet ({retention_days} jours ; C. civ. art. 2225), et ces dossiers sont ouverts "
            f"ou clos depuis moins longtemps : {references}. "
            f"Effacement possible à partir du {erasable.strftime('%d/%m/%Y')} ; la demande est enregistrée et "
            "sera exécutée à cette date."
        )
        self.erasable_from = erasable
        self.dossiers = [{"id": dossier.id, "reference": dossier.reference} for dossier in held]

    def details(self) -> dict[str, Any]:
        return {"erasable_from": self.erasable_from.isoformat(), "dossiers": self.dossiers}
