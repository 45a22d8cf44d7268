"""A cabinet on the local runtime (real SQLite, frozen clock) with a lawyer, an assistant and a dossier, for the
use-case tests of the échéances."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from domain.actors import Actor, Role
from domain.clients import Client, ClientKind
from services.clients import create_client
from services.dossiers import NewDossier, open_dossier
from services.scope import CabinetScope, SystemScope
from tests.api.seed import OPERATOR, new_cabinet, person_of
from tests.fakes import LocalTestbed, local_testbed


@dataclass
class Cabinet:
    bed: LocalTestbed
    lawyer: CabinetScope
    boss: Actor
    assistant: CabinetScope
    dossier_id: str

    async def rows(self, sql: str, *params: object) -> list[dict[str, object]]:
        return [dict(row) for row in await self.bed.database.all(sql, *params)]


async def a_cabinet(root: Path, address: str = "martin@poste.example") -> Cabinet:
    bed = local_testbed(root)
    ctx = bed.context
    cabinet = await new_cabinet(ctx, address)
    system = SystemScope(ctx, OPERATOR, "tests").for_cabinet(cabinet.id)
    lawyer = await person_of(ctx, cabinet.id, Role.AVOCAT)
    assistant = await person_of(ctx, cabinet.id, Role.ASSISTANT)
    lawyer_scope = system.acting_as(Actor("person", lawyer.id, Role.AVOCAT))
    draft = Client("", "", ClientKind.NATURAL, "", "", civility="Mme", first_name="Claire", last_name="Dupont")
    client = await create_client(lawyer_scope, draft)
    opened = await open_dossier(lawyer_scope, NewDossier(title="Dupont c/ SCI", client_ids=(client.id,)))
    assistant_scope = system.acting_as(Actor("person", assistant.id, Role.ASSISTANT))
    boss = await person_of(ctx, cabinet.id, Role.ASSOCIE)
    return Cabinet(bed, lawyer_scope, Actor("person", boss.id, Role.ASSOCIE), assistant_scope, opened.view.dossier.id)
