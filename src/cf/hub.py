"""The Hub port over the `CabinetHub` Durable Object namespace: one object per cabinet, reached by name."""

from __future__ import annotations

from typing import Any

from cf._convert import plain
from services.ports import JsonDict


class DurableObjectHub:
    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    async def publish(self, cabinet_id: str, event: JsonDict) -> int:
        stub = self._namespace.getByName(cabinet_id)
        delivered = plain(await stub.publish(event))
        return int(delivered or 0)

    async def disconnect(self, cabinet_id: str, person_id: str) -> int:
        stub = self._namespace.getByName(cabinet_id)
        return int(plain(await stub.disconnect(person_id)) or 0)

    async def disconnect_session(self, cabinet_id: str, session_id: str) -> int:
        stub = self._namespace.getByName(cabinet_id)
        return int(plain(await stub.disconnect_session(session_id)) or 0)
