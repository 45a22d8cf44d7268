"""L'équipe: the cabinet's people and pending invitations; associés invite, change roles, deactivate."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from domain.actors import Role
from domain.errors import MailFailed
from handlers.api.deps import Scope, requires
from handlers.api.errors import documented
from handlers.api.people_models import InvitationOut, PersonOut
from services.people import change_role, invite, list_team, revoke_invitation, set_active

router = APIRouter(prefix="/api/people", tags=["équipe"], responses=documented(400, 401, 403, 422))
PersonId = Annotated[str, Path(max_length=64)]
InvitationId = Annotated[str, Path(max_length=64)]


class TeamOut(BaseModel):
    people: list[PersonOut]
    invitations: list[InvitationOut]


class InviteIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"email": "paul.durand@cabinet-martin.fr", "role": "avocat"}]}
    )

    email: str = Field(max_length=320)
    role: Role = Field(description="associe, avocat, collaborateur ou assistant")


class RoleIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"role": "collaborateur"}]})

    role: Role


@router.get("", openapi_extra=requires("people.read"))
async def people_list(scope: Scope) -> TeamOut:
    team = await list_team(scope)
    return TeamOut(
        people=[PersonOut.of(person) for person in team.people],
        invitations=[InvitationOut.of(invitation) for invitation in team.invitations],
    )


@router.post("/invitations", status_code=201, responses=documented(409, 502), openapi_extra=requires("people.manage"))
async def people_invite(body: InviteIn, scope: Scope) -> InvitationOut:
    invited = await invite(scope, email=body.email, role=body.role)
    if not invited.mailed:
        raise MailFailed(
            "L'invitation est enregistrée mais le message n'a pas pu partir : annulez-la et invitez de nouveau "
            "plus tard."
        )
    return InvitationOut.of(invited.invitation)


@router.delete(
    "/invitations/{invitation_id}",
    status_code=204,
    responses=documented(404),
    openapi_extra=requires("people.manage"),
)
async def people_invitation_revoke(scope: Scope, invitation_id: InvitationId) -> None:
    await revoke_invitation(scope, invitation_id)


@router.patch("/{person_id}", responses=documented(404, 409), openapi_extra=requires("people.manage"))
async def people_change_role(scope: Scope, person_id: PersonId, body: RoleIn) -> PersonOut:
    return PersonOut.of(await change_role(scope, person_id, body.role))


@router.post("/{person_id}/deactivate", responses=documented(404, 409), openapi_extra=requires("people.manage"))
async def people_deactivate(scope: Scope, person_id: PersonId) -> PersonOut:
    return PersonOut.of(await set_active(scope, person_id, False))


@router.post("/{person_id}/reactivate", responses=documented(404), openapi_extra=requires("people.manage"))
async def people_reactivate(scope: Scope, person_id: PersonId) -> PersonOut:
    return PersonOut.of(await set_active(scope, person_id, True))
