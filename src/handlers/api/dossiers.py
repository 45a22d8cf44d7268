"""Les dossiers: listing what the actor may see, opening (numbered, checked for conflicts of interest), reading,
editing; their clients, parties and court references; and the conflict check's preview (`/api/conflicts/check`).
A dossier the actor may not see answers 404, as an unknown one, on every route under it."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from domain.clients import ClientKind
from domain.dossiers import DossierStatus, PartyRole, ReferenceKind, Visibility
from handlers.api.deps import Scope, requires
from handlers.api.dossier_models import (
    CONFLICT_RESPONSES,
    ClientKindIn,
    ConflictMatchOut,
    ConflictsOut,
    CourtReferenceOut,
    DossierOut,
    DossierSummaryOut,
    PartyOut,
    PartyRoleIn,
    ReferenceKindIn,
)
from handlers.api.errors import documented
from services import dossiers as use_cases
from services.conflicts import ConflictsToConfirm, preview
from services.parties import NewParty, NewReference

router = APIRouter(prefix="/api/dossiers", tags=["dossiers"], responses=documented(400, 401, 403, 422))
conflicts_router = APIRouter(prefix="/api/conflicts", tags=["dossiers"], responses=documented(400, 401, 403, 422))
Id = Annotated[str, Path(max_length=64)]
StatusIn = Literal["ouvert", "en_attente", "clos", "archive"]


class DossierPageOut(BaseModel):
    items: list[DossierSummaryOut]
    next_cursor: str | None


class PartyIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"role": "adverse", "kind": "personne_morale", "name": "SCI Les Tilleuls", "emails": ["gerant@tilleuls.fr"]}
    ]})  # fmt: skip

    role: PartyRoleIn
    kind: ClientKindIn
    name: str = Field(max_length=200)
    siren: str = Field("", max_length=20)
    emails: list[str] = Field(default_factory=list, max_length=20)
    represents_id: str | None = Field(None, max_length=64, description="la partie qu'un conseil représente")

    def value(self) -> NewParty:
        return NewParty(PartyRole(self.role), ClientKind(self.kind), self.name, self.siren, tuple(self.emails),
                        self.represents_id)  # fmt: skip


class NewPartyIn(PartyIn):
    acknowledge_conflicts: bool = False


class ReferenceIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"kind": "rg", "value": "24/01234", "court": "Tribunal judiciaire de Paris"}
    ]})  # fmt: skip

    kind: ReferenceKindIn
    value: str = Field(max_length=60)
    court: str = Field("", max_length=200)

    def reference(self) -> NewReference:
        return NewReference(ReferenceKind(self.kind), self.value, self.court)


class NewDossierIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"title": "Bail commercial Dupont c/ SCI Les Tilleuls", "matter_type": "Baux commerciaux",
         "client_ids": ["01JCLIENT00000000000000000"], "court_references": [{"kind": "rg", "value": "24/01234"}]}
    ]})  # fmt: skip

    title: str = Field(max_length=200)
    matter_type: str = Field("", max_length=200)
    client_ids: list[Annotated[str, Field(max_length=64)]] = Field(min_length=1, max_length=20)
    responsible_id: str | None = Field(None, max_length=64)
    team_ids: list[Annotated[str, Field(max_length=64)]] = Field(default_factory=list, max_length=20)
    visibility: Literal["cabinet", "equipe"] = "cabinet"
    jurisdiction: str = Field("", max_length=200)
    opened_on: str | None = Field(None, max_length=10, description="AAAA-MM-JJ ; défaut : aujourd'hui")
    parties: list[PartyIn] = Field(default_factory=list, max_length=20)
    court_references: list[ReferenceIn] = Field(default_factory=list, max_length=20)
    acknowledge_conflicts: bool = False


class DossierPatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"status": "en_attente"}]})

    title: str | None = Field(None, max_length=200)
    matter_type: str | None = Field(None, max_length=200)
    status: StatusIn | None = None
    visibility: Literal["cabinet", "equipe"] | None = None
    responsible_id: str | None = Field(None, max_length=64, description='"" : plus de responsable')
    team_ids: list[Annotated[str, Field(max_length=64)]] | None = Field(None, max_length=20)
    jurisdiction: str | None = Field(None, max_length=200)
    closed_on: str | None = Field(None, max_length=10)


class ClientLinkIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"client_id": "01JCLIENT00000000000000000"}]}
    )

    client_id: str = Field(max_length=64)


class SubjectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=200)
    siren: str = Field("", max_length=20)


class CheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"subjects": [{"name": "SCI Les Tilleuls", "siren": "732829320"}]}
    ]})  # fmt: skip

    subjects: list[SubjectIn] = Field(min_length=1, max_length=40)


def _to_confirm(refused: ConflictsToConfirm) -> JSONResponse:
    body = {"erreur": refused.code, "message": refused.message,
            "conflicts": [ConflictMatchOut.of(match).model_dump() for match in refused.conflicts]}  # fmt: skip
    return JSONResponse(body, status_code=409)


@router.get("", openapi_extra=requires("dossier.read"))
async def dossiers_list(
    scope: Scope,
    status: Annotated[StatusIn | None, Query()] = None,
    client_id: Annotated[str | None, Query(max_length=64)] = None,
    responsible_id: Annotated[str | None, Query(max_length=64)] = None,
    q: Annotated[str | None, Query(max_length=200, description="partie de l'intitulé ou de la référence")] = None,
    sort: Annotated[Literal["-opened_on", "reference", "-reference", "title"], Query()] = "-opened_on",
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    cursor: Annotated[str | None, Query(max_length=1000)] = None,
) -> DossierPageOut:
    filters = {"status": status, "client_id": client_id, "responsible_id": responsible_id, "q": q}
    page = await use_cases.list_dossiers(scope, filters=filters, sort=sort, limit=limit, cursor=cursor)
    return DossierPageOut(items=[DossierSummaryOut.of(view) for view in page.items], next_cursor=page.next_cursor)


@router.post("", status_code=201, responses=CONFLICT_RESPONSES, openapi_extra=requires("dossier.manage"))
async def dossiers_create(scope: Scope, body: NewDossierIn) -> DossierOut:
    new = use_cases.NewDossier(
        title=body.title, client_ids=tuple(body.client_ids), matter_type=body.matter_type,
        responsible_id=body.responsible_id, team_ids=tuple(body.team_ids), visibility=Visibility(body.visibility),
        jurisdiction=body.jurisdiction, opened_on=body.opened_on, parties=tuple(p.value() for p in body.parties),
        court_references=tuple(r.reference() for r in body.court_references),
        acknowledge_conflicts=body.acknowledge_conflicts,
    )  # fmt: skip
    try:
        opened = await use_cases.open_dossier(scope, new)
    except ConflictsToConfirm as refused:
        return _to_confirm(refused)  # type: ignore[return-value]
    return DossierOut.of(opened.view)


@router.get("/{dossier_id}", responses=documented(404), openapi_extra=requires("dossier.read"))
async def dossiers_detail(scope: Scope, dossier_id: Id) -> DossierOut:
    return DossierOut.of(await use_cases.get_dossier(scope, dossier_id))


@router.patch("/{dossier_id}", responses=documented(404, 409), openapi_extra=requires("dossier.manage"))
async def dossiers_update(scope: Scope, dossier_id: Id, body: DossierPatchIn) -> DossierOut:
    changes = use_cases.DossierChanges(
        title=body.title, matter_type=body.matter_type, status=DossierStatus(body.status) if body.status else None,
        visibility=Visibility(body.visibility) if body.visibility else None, responsible_id=body.responsible_id,
        team_ids=tuple(body.team_ids) if body.team_ids is not None else None, jurisdiction=body.jurisdiction,
        closed_on=body.closed_on,
    )  # fmt: skip
    return DossierOut.of(await use_cases.update_dossier(scope, dossier_id, changes))


@router.post("/{dossier_id}/clients", responses=documented(404), openapi_extra=requires("dossier.manage"))
async def dossiers_add_client(scope: Scope, dossier_id: Id, body: ClientLinkIn) -> DossierOut:
    return DossierOut.of(await use_cases.add_client(scope, dossier_id, body.client_id))


@router.delete(
    "/{dossier_id}/clients/{client_id}", responses=documented(404, 409), openapi_extra=requires("dossier.manage")
)
async def dossiers_remove_client(scope: Scope, dossier_id: Id, client_id: Id) -> DossierOut:
    return DossierOut.of(await use_cases.remove_client(scope, dossier_id, client_id))


@router.post("/{dossier_id}/parties", status_code=201, responses={**documented(404), **CONFLICT_RESPONSES},
             openapi_extra=requires("dossier.manage"))  # fmt: skip
async def dossiers_add_party(scope: Scope, dossier_id: Id, body: NewPartyIn) -> PartyOut:
    try:
        party, _ = await use_cases.add_party(scope, dossier_id, body.value(), acknowledged=body.acknowledge_conflicts)
    except ConflictsToConfirm as refused:
        return _to_confirm(refused)  # type: ignore[return-value]
    return PartyOut.of(party)


@router.delete("/{dossier_id}/parties/{party_id}", status_code=204, responses=documented(404),
               openapi_extra=requires("dossier.manage"))  # fmt: skip
async def dossiers_remove_party(scope: Scope, dossier_id: Id, party_id: Id) -> None:
    await use_cases.remove_party(scope, dossier_id, party_id)


@router.post("/{dossier_id}/references", status_code=201, responses=documented(404, 409),
             openapi_extra=requires("dossier.manage"))  # fmt: skip
async def dossiers_add_reference(scope: Scope, dossier_id: Id, body: ReferenceIn) -> CourtReferenceOut:
    return CourtReferenceOut.of(await use_cases.add_reference(scope, dossier_id, body.reference()))


@router.delete("/{dossier_id}/references/{reference_id}", status_code=204, responses=documented(404),
               openapi_extra=requires("dossier.manage"))  # fmt: skip
async def dossiers_remove_reference(scope: Scope, dossier_id: Id, reference_id: Id) -> None:
    await use_cases.remove_reference(scope, dossier_id, reference_id)


@conflicts_router.post("/check", openapi_extra=requires("dossier.manage"))
async def conflicts_check(scope: Scope, body: CheckIn) -> ConflictsOut:
    found = await preview(scope, [(subject.name, subject.siren) for subject in body.subjects])
    return ConflictsOut(conflicts=[ConflictMatchOut.of(match) for match in found])
