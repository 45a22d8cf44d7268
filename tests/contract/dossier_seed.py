"""Clients and dossiers for the contract tests of the dossier tables, written through their repositories."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from d1.clients import Clients
from d1.dossiers import Dossiers
from domain.actors import SYSTEM
from domain.clients import Client, ClientKind
from domain.dossiers import Dossier, DossierStatus, DossierView, Visibility

NOW = "2026-03-02T08:30:00+00:00"


def a_client(client_id: str, cabinet_id: str, **changes: Any) -> Client:
    client = Client(client_id, cabinet_id, ClientKind.NATURAL, NOW, NOW, civility="Mme", first_name="Claire",
                    last_name="Dupont", emails=("claire.dupont@exemple.fr",))  # fmt: skip
    return replace(client, **changes)


async def add_client(database: Any, client_id: str, cabinet_id: str, **changes: Any) -> Client:
    client = a_client(client_id, cabinet_id, **changes)
    await database.batch(Clients(database, cabinet_id).insert(client))
    return client


def a_dossier(dossier_id: str, cabinet_id: str, **changes: Any) -> Dossier:
    dossier = Dossier(dossier_id, cabinet_id, "", "Bail commercial Dupont", "Baux commerciaux", DossierStatus.OUVERT,
                      Visibility.CABINET, None, "", "2026-03-02", None, NOW, NOW)  # fmt: skip
    return replace(dossier, **changes)


async def add_dossier(
    database: Any, dossier_id: str, cabinet_id: str, client_ids: list[str], team: list[str] | None = None,
    **changes: Any,
) -> DossierView:  # fmt: skip
    dossiers = Dossiers(database, cabinet_id)
    dossier = a_dossier(dossier_id, cabinet_id, **changes)
    indexed = dossiers.index_new(dossier_id, "", [], NOW)
    await database.batch([*dossiers.insert(dossier, client_ids, team or []), indexed])
    view = await dossiers.get(SYSTEM, dossier_id)
    assert view is not None
    return view
