"""A dossier's parties and court references as given (by the API, the CLI), checked into domain values."""

from __future__ import annotations

from dataclasses import dataclass

from d1.database import Statement
from domain.clients import ClientKind, clean_text, valid_siren
from domain.dossiers import CourtReference, Party, PartyRole, ReferenceKind, canonical_reference, valid_court
from domain.errors import InvalidInput
from domain.people import valid_email
from services.scope import CabinetScope

MAX_EMAILS = 20


@dataclass(frozen=True)
class NewParty:
    role: PartyRole
    kind: ClientKind
    name: str
    siren: str = ""
    emails: tuple[str, ...] = ()
    represents_id: str | None = None


@dataclass(frozen=True)
class NewReference:
    kind: ReferenceKind
    value: str
    court: str = ""


def new_party(scope: CabinetScope, dossier_id: str, new: NewParty, field: str, now: str) -> Party:
    """`field` locates the party in the request ("parties.0"), so that a 422 names it."""
    name = clean_text(new.name, _at(field, "name"))
    if not name:
        raise InvalidInput("Indiquez le nom de la partie.", field=_at(field, "name"))
    if len(new.emails) > MAX_EMAILS:
        raise InvalidInput(f"Au plus {MAX_EMAILS} adresses.", field=_at(field, "emails"))
    emails = tuple(dict.fromkeys(valid_email(email, field=_at(field, "emails")) for email in new.emails))
    return Party(scope.ctx.ids.new_id(), scope.cabinet_id, dossier_id, new.role, new.kind, name, now,
                 valid_siren(new.siren, _at(field, "siren")), emails, new.represents_id)  # fmt: skip


def new_reference(scope: CabinetScope, dossier_id: str, new: NewReference, field: str, now: str) -> CourtReference:
    try:
        value = canonical_reference(new.kind, new.value)
        court = valid_court(new.court)
    except InvalidInput as refused:
        raise InvalidInput(refused.message, field=_at(field, refused.field or "value")) from None
    return CourtReference(scope.ctx.ids.new_id(), scope.cabinet_id, dossier_id, new.kind, value, now, court)


def party_writes(scope: CabinetScope, party: Party) -> list[Statement]:
    return scope.parties.insert(party)


def _at(prefix: str, field: str) -> str:
    return f"{prefix}.{field}" if prefix else field
