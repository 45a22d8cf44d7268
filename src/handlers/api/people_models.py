"""The JSON shapes of people, cabinets and sessions (docs/people.md), shared by the routers that answer them."""

from __future__ import annotations

from pydantic import BaseModel, Field

from domain.actors import PERSON_PERMISSIONS, Actor, may
from domain.cabinets import Cabinet
from domain.people import Invitation, Person


class PersonOut(BaseModel):
    id: str
    email: str
    name: str
    role: str
    active: bool
    totp_enabled: bool
    created_at: str

    @classmethod
    def of(cls, person: Person) -> PersonOut:
        return cls(
            id=person.id,
            email=person.email,
            name=person.name,
            role=person.role.value,
            active=person.active,
            totp_enabled=person.totp_enabled,
            created_at=person.created_at,
        )


class InvitationOut(BaseModel):
    id: str
    email: str
    role: str
    expires_at: str

    @classmethod
    def of(cls, invitation: Invitation) -> InvitationOut:
        return cls(id=invitation.id, email=invitation.email, role=invitation.role.value,
                   expires_at=invitation.expires_at)  # fmt: skip


class CabinetOut(BaseModel):
    id: str
    name: str
    slug: str
    inbound_address: str
    timezone: str
    court_zone: str
    alert_days: list[int]
    retention_days: int
    totp_policy: str

    @classmethod
    def of(cls, cabinet: Cabinet) -> CabinetOut:
        return cls(
            id=cabinet.id,
            name=cabinet.name,
            slug=cabinet.slug,
            inbound_address=cabinet.inbound_address,
            timezone=cabinet.timezone,
            court_zone=cabinet.court_zone,
            alert_days=list(cabinet.alert_days),
            retention_days=cabinet.retention_days,
            totp_policy=cabinet.totp_policy.value,
        )


class SessionOut(BaseModel):
    csrf_token: str = Field(description="à renvoyer dans `X-CSRF-Token` avec chaque requête qui modifie")
    person: PersonOut
    cabinet: CabinetOut
    permissions: list[str]
    totp_enrolment_required: bool

    @classmethod
    def of(cls, csrf_token: str, person: Person, cabinet: Cabinet) -> SessionOut:
        holder = Actor("person", person.id, person.role)
        return cls(
            csrf_token=csrf_token,
            person=PersonOut.of(person),
            cabinet=CabinetOut.of(cabinet),
            permissions=sorted(p for p in PERSON_PERMISSIONS if may(holder, p)),
            totp_enrolment_required=cabinet.totp_policy.value == "required" and not person.totp_enabled,
        )
