"""The operator API: what the person running the deployment does without a cabinet session — creating a cabinet.
Protected by a secret (`OPERATOR_TOKEN`, a Worker secret; locally `POSTE_OPERATOR_TOKEN`); unset, every call is
refused."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from domain.actors import Actor
from domain.errors import Unauthorized
from handlers.api.deps import Context, client_of
from handlers.api.errors import documented
from services.cabinets import CabinetCreated, create_cabinet
from services.scope import SystemScope

router = APIRouter(prefix="/api/operator", tags=["exploitation"], responses=documented(400, 401, 422))


async def operator_scope(request: Request, ctx: Context) -> SystemScope:
    expected = ctx.settings.operator_token
    authorization = request.headers.get("authorization", "")
    presented = authorization[7:].strip() if authorization.lower().startswith("bearer ") else ""
    if not expected or not presented or not hmac.compare_digest(expected.encode(), presented.encode("utf-8")):
        raise Unauthorized("Jeton d'exploitation absent ou invalide.")
    return SystemScope(ctx, Actor("operator", "api"), "operator-api", client_of(request, ctx))


Operator = Annotated[SystemScope, Depends(operator_scope)]


class CabinetIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"name": "Cabinet Martin", "slug": "cabinet-martin", "admin_email": "m.martin@example.fr"}]
        },
    )

    name: str = Field(max_length=200)
    slug: str = Field(max_length=63)
    admin_email: str = Field(max_length=320)
    admin_password: str | None = Field(None, max_length=1024)


class CabinetCreatedOut(BaseModel):
    id: str
    name: str
    slug: str
    inbound_address: str
    admin_email: str
    admin_id: str | None
    invitation_link: str | None

    @classmethod
    def of(cls, created: CabinetCreated) -> CabinetCreatedOut:
        cabinet = created.cabinet
        return cls(
            id=cabinet.id, name=cabinet.name, slug=cabinet.slug, inbound_address=cabinet.inbound_address,
            admin_email=created.admin_email, admin_id=created.admin.id if created.admin else None,
            invitation_link=created.invitation_link,
        )  # fmt: skip


@router.post("/cabinets", status_code=201, responses=documented(409))
async def operator_cabinet_create(body: CabinetIn, operator: Operator) -> CabinetCreatedOut:
    created = await create_cabinet(
        operator, name=body.name, slug=body.slug, admin_email=body.admin_email, admin_password=body.admin_password
    )
    return CabinetCreatedOut.of(created)
