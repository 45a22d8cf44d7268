"""The JSON shapes of clients, dossiers, parties, court references and conflict checks (docs/dossiers.md), shared
by the routers that answer them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.clients import Address, Client
from domain.conflicts import RESTRICTED_HINT, ConflictMatch
from domain.dossiers import CourtReference, DossierView, Party
from handlers.api.errors import ErrorOut

Name = Field("", max_length=200)
ClientKindIn = Literal["personne_physique", "personne_morale"]
PartyRoleIn = Literal["adverse", "conseil_adverse", "autre"]
ReferenceKindIn = Literal["rg", "portalis", "administratif", "pourvoi"]


class AddressIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str = Field("", max_length=60)
    line1: str = Field(max_length=200)
    line2: str = Field("", max_length=200)
    postal_code: str = Field(max_length=20)
    city: str = Field(max_length=200)
    country: str = Field("France", max_length=60)

    def value(self) -> Address:
        return Address(self.line1, self.postal_code, self.city, self.label, self.line2, self.country)


class AddressOut(BaseModel):
    label: str
    line1: str
    line2: str
    postal_code: str
    city: str
    country: str


class ClientIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"kind": "personne_physique", "civility": "Mme", "first_name": "Claire",
                                         "last_name": "Dupont", "emails": ["claire.dupont@exemple.fr"]}]},
    )  # fmt: skip

    kind: ClientKindIn
    civility: Literal["M.", "Mme", ""] = ""
    first_name: str = Name
    last_name: str = Name
    company_name: str = Name
    siren: str = Field("", max_length=20, description="neuf chiffres (clé de Luhn)")
    addresses: list[AddressIn] = Field(default_factory=list, max_length=20)
    phones: list[str] = Field(default_factory=list, max_length=20)
    emails: list[str] = Field(default_factory=list, max_length=20)
    notes: str = Field("", max_length=10_000)


class ClientPatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"notes": "Préfère le téléphone."}]})

    kind: ClientKindIn | None = None
    civility: Literal["M.", "Mme", ""] | None = None
    first_name: str | None = Field(None, max_length=200)
    last_name: str | None = Field(None, max_length=200)
    company_name: str | None = Field(None, max_length=200)
    siren: str | None = Field(None, max_length=20)
    addresses: list[AddressIn] | None = Field(None, max_length=20)
    phones: list[str] | None = Field(None, max_length=20)
    emails: list[str] | None = Field(None, max_length=20)
    notes: str | None = Field(None, max_length=10_000)


class ClientOut(BaseModel):
    id: str
    kind: str
    display_name: str
    civility: str
    first_name: str
    last_name: str
    company_name: str
    siren: str
    addresses: list[AddressOut]
    phones: list[str]
    emails: list[str]
    notes: str
    created_at: str
    updated_at: str

    @classmethod
    def of(cls, client: Client) -> ClientOut:
        return cls(
            id=client.id, kind=client.kind.value, display_name=client.display_name, civility=client.civility,
            first_name=client.first_name, last_name=client.last_name, company_name=client.company_name,
            siren=client.siren, addresses=[AddressOut(**vars(a)) for a in client.addresses],
            phones=list(client.phones), emails=list(client.emails), notes=client.notes, created_at=client.created_at,
            updated_at=client.updated_at,
        )  # fmt: skip


class PersonRefOut(BaseModel):
    id: str
    name: str


class ClientRefOut(BaseModel):
    id: str
    display_name: str


class DossierSummaryOut(BaseModel):
    id: str
    reference: str
    title: str
    matter_type: str
    status: str
    visibility: str
    responsible: PersonRefOut | None
    clients: list[ClientRefOut]
    opened_on: str
    closed_on: str | None

    @classmethod
    def of(cls, view: DossierView) -> DossierSummaryOut:
        return cls(**_summary(view))


def _summary(view: DossierView) -> dict[str, Any]:
    d = view.dossier
    responsible = PersonRefOut(id=view.responsible.id, name=view.responsible.name) if view.responsible else None
    return dict(
        id=d.id, reference=d.reference, title=d.title, matter_type=d.matter_type, status=d.status.value,
        visibility=d.visibility.value, responsible=responsible, opened_on=d.opened_on, closed_on=d.closed_on,
        clients=[ClientRefOut(id=c.id, display_name=c.display_name) for c in view.clients],
    )  # fmt: skip


class ClientDetailOut(ClientOut):
    dossiers: list[DossierSummaryOut]


class PartyOut(BaseModel):
    id: str
    role: str
    kind: str
    name: str
    siren: str
    emails: list[str]
    represents_id: str | None
    created_at: str

    @classmethod
    def of(cls, party: Party) -> PartyOut:
        return cls(id=party.id, role=party.role.value, kind=party.kind.value, name=party.name,
                   siren=party.siren, emails=list(party.emails), represents_id=party.represents_id,
                   created_at=party.created_at)  # fmt: skip


class CourtReferenceOut(BaseModel):
    id: str
    kind: str
    value: str = Field(description="forme canonique")
    court: str

    @classmethod
    def of(cls, reference: CourtReference) -> CourtReferenceOut:
        return cls(id=reference.id, kind=reference.kind.value, value=reference.value, court=reference.court)


class DossierOut(DossierSummaryOut):
    team: list[PersonRefOut]
    parties: list[PartyOut]
    court_references: list[CourtReferenceOut]
    jurisdiction: str
    created_at: str
    updated_at: str

    @classmethod
    def of(cls, view: DossierView) -> DossierOut:
        d = view.dossier
        return cls(
            **_summary(view),
            team=[PersonRefOut(id=p.id, name=p.name) for p in view.team],
            parties=[PartyOut.of(p) for p in view.parties],
            court_references=[CourtReferenceOut.of(r) for r in view.court_references],
            jurisdiction=d.jurisdiction, created_at=d.created_at, updated_at=d.updated_at,
        )  # fmt: skip


class DossierRefOut(BaseModel):
    id: str
    reference: str


class ConflictMatchOut(BaseModel):
    subject: str
    match: Literal["siren", "nom"]
    against: Literal["client", "adverse", "conseil_adverse", "autre"]
    id: str | None = Field(description="null quand la correspondance est dans un dossier réservé (`restricted`)")
    name: str
    dossier: DossierRefOut | None
    blocking: bool = Field(description="vrai quand la correspondance oppose un client à une partie adverse")
    restricted: bool = Field(False, description="dans un dossier réservé à une équipe dont vous n'êtes pas")
    hint: str | None = None

    @classmethod
    def of(cls, match: ConflictMatch) -> ConflictMatchOut:
        dossier = DossierRefOut(id=match.dossier_id, reference=match.dossier_reference or "") \
            if match.dossier_id else None  # fmt: skip
        return cls(subject=match.subject, match=match.match, against=match.against, id=match.id, name=match.name,
                   dossier=dossier, blocking=match.blocking, restricted=match.restricted,
                   hint=RESTRICTED_HINT if match.restricted else None)  # fmt: skip


class ConflictsOut(BaseModel):
    conflicts: list[ConflictMatchOut]


class ConflictsToConfirmOut(ErrorOut):
    """409 `conflit_a_confirmer`: send the request again with `acknowledge_conflicts: true` to go ahead."""

    conflicts: list[ConflictMatchOut]


CONFLICT_RESPONSES: dict[int | str, dict[str, object]] = {
    409: {"model": ConflictsToConfirmOut, "description": "Conflit d’intérêts possible, à confirmer."}
}
