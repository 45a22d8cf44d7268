"""Les clients: listing by name prefix and kind, in pages; creating, reading (with the dossiers the actor may see)
and editing. The RGPD routes under `/api/clients/{client_id}/…` live in their own module."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from domain.clients import Client, ClientKind
from handlers.api.deps import Scope, requires
from handlers.api.dossier_models import ClientDetailOut, ClientIn, ClientOut, ClientPatchIn, DossierSummaryOut
from handlers.api.errors import documented
from services.clients import create_client, get_client, list_clients, update_client

router = APIRouter(prefix="/api/clients", tags=["clients"], responses=documented(400, 401, 403, 422))
ClientId = Annotated[str, Path(max_length=64)]
Limit = Annotated[int, Query(ge=1, le=100, description="éléments par page (1 à 100)")]
Cursor = Annotated[str | None, Query(max_length=1000, description="`next_cursor` de la page précédente")]


class ClientPageOut(BaseModel):
    items: list[ClientOut]
    next_cursor: str | None


def _draft(body: ClientIn) -> Client:
    fields = body.model_dump(exclude={"kind", "addresses", "phones", "emails"})
    return Client("", "", ClientKind(body.kind), "", "", **fields, addresses=tuple(a.value() for a in body.addresses),
                  phones=tuple(body.phones), emails=tuple(body.emails))  # fmt: skip


@router.get("", openapi_extra=requires("client.read"))
async def clients_list(
    scope: Scope,
    q: Annotated[str, Query(max_length=200, description="début du nom, sans accents ni casse")] = "",
    kind: Annotated[Literal["personne_physique", "personne_morale"] | None, Query()] = None,
    sort: Annotated[Literal["name", "-created_at"], Query()] = "name",
    limit: Limit = 50,
    cursor: Cursor = None,
) -> ClientPageOut:
    page = await list_clients(scope, q=q, kind=ClientKind(kind) if kind else None, sort=sort, limit=limit,
                              cursor=cursor)  # fmt: skip
    return ClientPageOut(items=[ClientOut.of(client) for client in page.items], next_cursor=page.next_cursor)


@router.post("", status_code=201, openapi_extra=requires("client.manage"))
async def clients_create(scope: Scope, body: ClientIn) -> ClientOut:
    return ClientOut.of(await create_client(scope, _draft(body)))


@router.get("/{client_id}", responses=documented(404), openapi_extra=requires("client.read"))
async def clients_detail(scope: Scope, client_id: ClientId) -> ClientDetailOut:
    client, dossiers = await get_client(scope, client_id)
    return ClientDetailOut(**ClientOut.of(client).model_dump(),
                           dossiers=[DossierSummaryOut.of(view) for view in dossiers])  # fmt: skip


@router.patch("/{client_id}", responses=documented(404), openapi_extra=requires("client.manage"))
async def clients_update(scope: Scope, client_id: ClientId, body: ClientPatchIn) -> ClientOut:
    given: dict[str, Any] = body.model_dump(exclude_unset=True, exclude_none=True)
    if body.kind is not None:
        given["kind"] = ClientKind(body.kind)
    if body.addresses is not None:
        given["addresses"] = tuple(address.value() for address in body.addresses)
    for name in ("phones", "emails"):
        if name in given:
            given[name] = tuple(given[name])
    return ClientOut.of(await update_client(scope, client_id, given))
