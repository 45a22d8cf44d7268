"""The Hub port over the `CabinetHub` Durable Object namespace: one object per cabinet, reached by name, placed in
the EU (the same `jurisdiction("eu")` as the Worker's socket route uses, or they would be different objects)."""

from __future__ import annotations

from typing import Any

from cf._convert import plain
from services.ports import JsonDict

JURISDICTION = "eu"


class DurableObjectHub:
    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def _stub(self, cabinet_id: str) -> Any:
        return self._namespace.jurisdiction(JURISDICTION).getByName(cabinet_id)

    async def publish(self, cabinet_id: str, event: JsonDict) -> int:
        return int(plain(await self._stub(cabinet_id).publish(event)) or 0)

    async def disconnect(self, cabinet_id: str, person_id: str) -> int:
        return int(plain(await self._stub(cabinet_id).disconnect(person_id)) or 0)

    async def disconnect_session(self, cabinet_id: str, session_id: str) -> int:
        return int(plain(await self._stub(cabinet_id).disconnect_session(session_id)) or 0)
