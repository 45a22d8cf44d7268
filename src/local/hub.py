"""The Hub port in process: each connected dashboard is a queue of frames, grouped by cabinet."""

from __future__ import annotations

import asyncio
from collections import defaultdict

from services.ports import JsonDict

MAX_PENDING_FRAMES = 256  # a dashboard that stops reading is dropped rather than growing memory without end


# What a dashboard's queue receives when its person loses access: the socket closes instead of sending it.
DISCONNECT: JsonDict = {"type": "_disconnect"}


class InProcessHub:
    def __init__(self) -> None:
        self._subscribers: dict[str, set[asyncio.Queue[JsonDict]]] = defaultdict(set)
        self._owners: dict[asyncio.Queue[JsonDict], str] = {}

    def subscribe(self, cabinet_id: str, person_id: str = "") -> asyncio.Queue[JsonDict]:
        queue: asyncio.Queue[JsonDict] = asyncio.Queue(MAX_PENDING_FRAMES)
        self._subscribers[cabinet_id].add(queue)
        self._owners[queue] = person_id
        return queue

    def unsubscribe(self, cabinet_id: str, queue: asyncio.Queue[JsonDict]) -> None:
        self._subscribers[cabinet_id].discard(queue)
        self._owners.pop(queue, None)

    async def disconnect(self, cabinet_id: str, person_id: str) -> int:
        closed = 0
        for queue in list(self._subscribers.get(cabinet_id, ())):
            if self._owners.get(queue) == person_id:
                while not queue.empty():  # what was pending is no longer theirs to see
                    queue.get_nowait()
                queue.put_nowait(DISCONNECT)
                closed += 1
        return closed

    async def publish(self, cabinet_id: str, event: JsonDict) -> int:
        delivered = 0
        for queue in list(self._subscribers.get(cabinet_id, ())):
            try:
                queue.put_nowait(event)
                delivered += 1
            except asyncio.QueueFull:
                self.unsubscribe(cabinet_id, queue)
        return delivered
