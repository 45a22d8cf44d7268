"""The cabinet's clients: listing (by name prefix, kind, in pages), reading with the dossiers the actor may see,
creating and editing. Every change is audited in its batch, with the client's search entry."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from domain.actors import ensure_may_see, ensure_permission
from domain.clients import Client, ClientKind, validated_client
from domain.dossiers import DossierView
from domain.errors import InvalidInput, NotFound
from domain.pages import Page, decode_cursor, page_of, valid_limit
from domain.search_text import fold
from services.scope import CabinetScope

NOT_FOUND = "Client introuvable."
LISTING = "clients"
SORTS = ("name", "-created_at")
EDITABLE = frozenset(
    {"kind", "civility", "first_name", "last_name", "company_name", "siren", "addresses", "phones", "emails", "notes"}
)


def valid_sort(sort: str, choices: tuple[str, ...]) -> str:
    if sort not in choices:
        raise InvalidInput(f"Tri inconnu : choisissez parmi {', '.join(choices)}.", field="sort")
    return sort


async def list_clients(
    scope: CabinetScope, *, q: str = "", kind: ClientKind | None = None, sort: str = "name", limit: int = 50,
    cursor: str | None = None,
) -> Page[Client]:  # fmt: skip
    ensure_permission(scope.actor, "client.read")
    sort = valid_sort(sort, SORTS)
    limit = valid_limit(limit)
    after = decode_cursor(cursor, LISTING, sort, 2) if cursor else None
    rows = await scope.clients.page(q=fold(q), kind=kind, sort=sort, limit=limit, after=after)
    return page_of(rows, limit, LISTING, sort, lambda c: [c.sort_name if sort == "name" else c.created_at, c.id])


async def get_client(scope: CabinetScope, client_id: str) -> tuple[Client, list[DossierView]]:
    """The client and those of their dossiers the actor may see."""
    ensure_may_see(scope.actor, "client.read", NOT_FOUND)
    client = await scope.clients.get(client_id)
    if client is None:
        raise NotFound(NOT_FOUND)
    return client, await scope.dossiers.of_client(scope.actor, client_id)


async def create_client(scope: CabinetScope, draft: Client) -> Client:
    """`draft` holds the fields given; its id, cabinet and times are set here."""
    ensure_permission(scope.actor, "client.manage")
    now = scope.ctx.clock.now().isoformat()
    client = validated_client(replace(draft, id=scope.ctx.ids.new_id(), cabinet_id=scope.cabinet_id, created_at=now,
                                      updated_at=now))  # fmt: skip
    await scope.commit(*scope.clients.insert(client), action="client.created", subject=client.id,
                       summary=client.display_name)  # fmt: skip
    return client


async def update_client(scope: CabinetScope, client_id: str, changes: dict[str, Any]) -> Client:
    ensure_may_see(scope.actor, "client.read", NOT_FOUND)
    client = await scope.clients.get(client_id)
    if client is None:
        raise NotFound(NOT_FOUND)
    ensure_permission(scope.actor, "client.manage")
    unknown = set(changes) - EDITABLE
    if unknown:
        raise InvalidInput("Champ non modifiable.", field=sorted(unknown)[0])
    now = scope.ctx.clock.now().isoformat()
    changed = validated_client(replace(client, **changes, updated_at=now))
    fields = ", ".join(sorted(changes)) or "rien"
    await scope.commit(*scope.clients.update(changed), action="client.updated", subject=client.id,
                       summary=f"{changed.display_name} : {fields}")  # fmt: skip
    return changed
