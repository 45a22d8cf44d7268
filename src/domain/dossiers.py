"""Dossiers, their parties and court references: pure values and the rules on them (docs/dossiers.md, "Dossiers").

A dossier's reference is `{year}-{number:04d}`, numbered per cabinet and year by the database (d1/dossiers.py).
Court references are kept in one canonical form per kind, and in a compact form for lookups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from domain.clients import ClientKind, clean_text
from domain.errors import Conflict, InvalidInput
from domain.extraction.model import FactKind
from domain.extraction.references import normalise
from domain.search_text import compact_reference, name_key

MAX_TITLE_CHARS = 200
MAX_COURT_CHARS = 200
# The earliest opening date accepted: older files predate the software's users by decades, and an absurd date would
# both garble the reference (`1-0001`) and, for a closing date, let the retention job purge the dossier at once.
EARLIEST_OPENING = "1990-01-01"


class DossierStatus(StrEnum):
    OUVERT = "ouvert"
    EN_ATTENTE = "en_attente"
    CLOS = "clos"
    ARCHIVE = "archive"


class Visibility(StrEnum):
    CABINET = "cabinet"  # everyone in the cabinet
    EQUIPE = "equipe"  # the responsible lawyer, the team and the associés


class PartyRole(StrEnum):
    ADVERSE = "adverse"
    CONSEIL_ADVERSE = "conseil_adverse"
    AUTRE = "autre"


class ReferenceKind(StrEnum):
    RG = "rg"
    PORTALIS = "portalis"
    ADMINISTRATIF = "administratif"
    POURVOI = "pourvoi"


@dataclass(frozen=True)
class PersonRef:
    id: str
    name: str


@dataclass(frozen=True)
class ClientRef:
    id: str
    display_name: str


@dataclass(frozen=True)
class Dossier:
    id: str
    cabinet_id: str
    reference: str  # "" until the database numbers it
    title: str
    matter_type: str
    status: DossierStatus
    visibility: Visibility
    responsible_id: str | None
    jurisdiction: str
    opened_on: str  # YYYY-MM-DD
    closed_on: str | None
    created_at: str
    updated_at: str

    @property
    def year(self) -> int:
        return int(self.opened_on[:4])


@dataclass(frozen=True)
class Party:
    id: str
    cabinet_id: str
    dossier_id: str
    role: PartyRole
    kind: ClientKind
    name: str
    created_at: str
    siren: str = ""
    emails: tuple[str, ...] = ()
    represents_id: str | None = None

    @property
    def name_key(self) -> str:
        return name_key(self.name)


@dataclass(frozen=True)
class CourtReference:
    id: str
    cabinet_id: str
    dossier_id: str
    kind: ReferenceKind
    value: str  # canonical
    created_at: str
    court: str = ""

    @property
    def compact(self) -> str:
        return compact_reference(self.value)


@dataclass(frozen=True)
class DossierView:
    """A dossier as the API shows it: a summary (clients and responsible) or, read in full, with everything."""

    dossier: Dossier
    responsible: PersonRef | None
    clients: tuple[ClientRef, ...]
    team: tuple[PersonRef, ...] = ()
    parties: tuple[Party, ...] = ()
    court_references: tuple[CourtReference, ...] = ()


def dossier_reference(year: int, number: int) -> str:
    return f"{year}-{number:04d}"


def valid_title(title: str, field: str = "title") -> str:
    cleaned = clean_text(title, field, MAX_TITLE_CHARS)
    if not cleaned:
        raise InvalidInput("Indiquez un intitulé.", field=field)
    return cleaned


_PREFIX = re.compile(r"^(?:R\.?\s?G\.?|N[°O]\.?|POURVOI|PORTALIS|REQU[EÊ]TE)\s*(?:N[°O]\.?)?\s*:?\s*", re.IGNORECASE)
_RG = (
    re.compile(r"[A-Z]\d{2}/\d{3,6}"),  # lettered (cour d'appel chambers): A 24/01234
    re.compile(r"\d{2}[/\-]\d{3,6}"),  # 24/01234
    re.compile(r"(?:19|20)\d{2}[A-Z]\d{5}"),  # tribunal de commerce: 2024F01234
    re.compile(r"(?:19|20)\d{8}"),  # 2024001234
    re.compile(r"\d{2}-\d{2}-\d{6}"),  # 24-01-001234
)
_PORTALIS = re.compile(r"([A-Z0-9]{4})-?([A-Z])-?([A-Z0-9]{3})-?([A-Z0-9]{3,6})")
_ADMINISTRATIVE = re.compile(r"\d{7}|\d{6}|\d{2}[A-Z]{2}\d{5}")  # TA 2401234, CE 489123, CAA 24PA01234
_POURVOI = re.compile(r"(?:[A-Z])?(\d{2})-?(\d{2})\.?(\d{3})")


def canonical_reference(kind: ReferenceKind, value: str) -> str:
    """A court reference in its canonical form (RG `24/01234`, `A 24/01234`; Portalis `DBX6-W-B7H-ABCDE`;
    administrative `2401234`; pourvoi `24-12.345`); 422 naming `value` when it is in no recognised form."""
    bare = re.sub(r"\s+", "", _PREFIX.sub("", value.strip())).upper()
    canonical: str | None = None
    if kind is ReferenceKind.RG and any(pattern.fullmatch(bare) for pattern in _RG):
        canonical = normalise(FactKind.RG, bare)
    elif kind is ReferenceKind.PORTALIS and (portalis := _PORTALIS.fullmatch(bare)):
        canonical = normalise(FactKind.PORTALIS, "-".join(portalis.groups()))
    elif kind is ReferenceKind.ADMINISTRATIF and _ADMINISTRATIVE.fullmatch(bare):
        canonical = bare
    elif kind is ReferenceKind.POURVOI and (pourvoi := _POURVOI.fullmatch(bare)):
        canonical = normalise(FactKind.POURVOI, "{}-{}.{}".format(*pourvoi.groups()))
    if canonical is None:
        raise InvalidInput(_REFERENCE_HELP[kind], field="value")
    return canonical


_REFERENCE_HELP = {
    ReferenceKind.RG: "Numéro RG illisible : par exemple 24/01234, A 24/01234 ou 2024F01234.",
    ReferenceKind.PORTALIS: "Numéro Portalis illisible : par exemple DBX6-W-B7H-ABCDE.",
    ReferenceKind.ADMINISTRATIF: "Numéro de requête illisible : par exemple 2401234 (tribunal administratif).",
    ReferenceKind.POURVOI: "Numéro de pourvoi illisible : par exemple 24-12.345.",
}


def valid_court(court: str) -> str:
    return clean_text(court, "court", MAX_COURT_CHARS)


def valid_opened_on(opened_on: str, today: str) -> str:
    """An opening date (ISO, so compared as text) between EARLIEST_OPENING and today in the cabinet's zone."""
    if not EARLIEST_OPENING <= opened_on <= today:
        raise InvalidInput("La date d'ouverture se situe entre le 1er janvier 1990 et aujourd'hui.", field="opened_on")
    return opened_on


def valid_closed_on(dossier: Dossier, closed_on: str, today: str) -> str:
    """A closing date between the dossier's opening and today: the retention periods run from it."""
    if not dossier.opened_on <= closed_on <= today:
        raise InvalidInput(
            "La date de clôture se situe entre l'ouverture du dossier et aujourd'hui.", field="closed_on"
        )
    return closed_on


def status_change(
    dossier: Dossier, status: DossierStatus, closed_on: str | None, today: str
) -> tuple[DossierStatus, str | None]:
    """The status and closing date after a change: closing sets the date (default today, never before the opening
    nor in the future), reopening clears it, and `archive` is only reached from `clos`."""
    if closed_on is not None and status in (DossierStatus.CLOS, DossierStatus.ARCHIVE):
        valid_closed_on(dossier, closed_on, today)
    if status is DossierStatus.ARCHIVE:
        if dossier.status not in (DossierStatus.CLOS, DossierStatus.ARCHIVE):
            raise Conflict("Un dossier s'archive une fois clos : clôturez-le d'abord.", field="status")
        return status, closed_on or dossier.closed_on or today
    if status is DossierStatus.CLOS:
        return status, closed_on or (dossier.closed_on if dossier.status is DossierStatus.CLOS else None) or today
    if closed_on is not None:
        raise InvalidInput("Seul un dossier clos a une date de clôture.", field="closed_on")
    return status, None
