"""The Hub port in process: each connected dashboard is a queue of frames, grouped by cabinet."""

from __future__ import annotations

import asyncio
from collections import defaultdict

from services.ports import JsonDict

MAX_PENDING_FRAMES = 256  # a dashboard that stops reading is dropped rather than growing memory without end


class InProcessHub:
    def __init__(self) -> None:
        self._subscribers: dict[str, set[asyncio.Queue[JsonDict]]] = defaultdict(set)

    def subscribe(self, cabinet_id: str) -> asyncio.Queue[JsonDict]:
        queue: asyncio.Queue[JsonDict] = asyncio.Queue(MAX_PENDING_FRAMES)
        self._subscribers[cabinet_id].add(queue)
        return queue

    def unsubscribe(self, cabinet_id: str, queue: asyncio.Queue[JsonDict]) -> None:
        self._subscribers[cabinet_id].discard(queue)

    async def publish(self, cabinet_id: str, event: JsonDict) -> int:
        delivered = 0
        for queue in list(self._subscribers.get(cabinet_id, ())):
            try:
                queue.put_nowait(event)
                delivered += 1
            except asyncio.QueueFull:
                self.unsubscribe(cabinet_id, queue)
        return delivered
