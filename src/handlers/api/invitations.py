"""An invitation link, opened by the person invited: what it offers, and accepting it (name and password), which
logs them in."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from handlers.api.cookies import set_session_cookie
from handlers.api.deps import Anonymous
from handlers.api.errors import documented
from handlers.api.people_models import SessionOut
from services.people import accept_invitation, invitation_for_link

router = APIRouter(prefix="/api/invitations", tags=["équipe"], responses=documented(400, 404, 422))
Token = Annotated[str, Path(max_length=256)]


class InvitationLinkOut(BaseModel):
    email: str
    role: str
    cabinet_name: str
    expires_at: str


class AcceptIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "Paul Durand", "password": "un mot de passe long"}]}
    )

    name: str = Field(max_length=200)
    password: str = Field(max_length=1024)


@router.get("/{token}")
async def invitation_get(token: Token, system: Anonymous) -> InvitationLinkOut:
    invitation, cabinet = await invitation_for_link(system, token)
    return InvitationLinkOut(
        email=invitation.email, role=invitation.role.value, cabinet_name=cabinet.name, expires_at=invitation.expires_at
    )


@router.post("/{token}/accept", responses=documented(409))
async def invitation_accept(
    token: Token, body: AcceptIn, request: Request, response: Response, system: Anonymous
) -> SessionOut:
    opened, person, cabinet = await accept_invitation(system, token, name=body.name, password=body.password)
    set_session_cookie(request, response, opened.token, system.ctx)
    return SessionOut.of(opened.csrf_token, person, cabinet)
