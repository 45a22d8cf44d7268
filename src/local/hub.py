"""The Hub port in process: each connected dashboard is a queue of frames, grouped by cabinet."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable

from handlers.realtime import audience, live_frame
from services.ports import JsonDict

MAX_PENDING_FRAMES = 256  # a dashboard that stops reading is dropped rather than growing memory without end


# What a dashboard's queue receives when its person loses access: the socket closes (4003) instead of sending it.
DISCONNECT: JsonDict = {"type": "_disconnect"}
# What it receives when it fell MAX_PENDING_FRAMES behind: the socket closes (1013) and the dashboard reconnects
# with its `since`, getting the stored notifications it would otherwise have silently lost.
OVERFLOW: JsonDict = {"type": "_overflow"}


class InProcessHub:
    def __init__(self) -> None:
        self._subscribers: dict[str, set[asyncio.Queue[JsonDict]]] = defaultdict(set)
        self._owners: dict[asyncio.Queue[JsonDict], tuple[str, str]] = {}  # person, session

    def subscribe(self, cabinet_id: str, person_id: str = "", session_id: str = "") -> asyncio.Queue[JsonDict]:
        queue: asyncio.Queue[JsonDict] = asyncio.Queue(MAX_PENDING_FRAMES)
        self._subscribers[cabinet_id].add(queue)
        self._owners[queue] = (person_id, session_id)
        return queue

    def unsubscribe(self, cabinet_id: str, queue: asyncio.Queue[JsonDict]) -> None:
        self._subscribers[cabinet_id].discard(queue)
        self._owners.pop(queue, None)

    async def disconnect(self, cabinet_id: str, person_id: str) -> int:
        return self._close(cabinet_id, lambda owner: owner[0] == person_id)

    async def disconnect_session(self, cabinet_id: str, session_id: str) -> int:
        return self._close(cabinet_id, lambda owner: owner[1] == session_id)

    def _close(self, cabinet_id: str, whose: Callable[[tuple[str, str]], bool]) -> int:
        closed = 0
        for queue in list(self._subscribers.get(cabinet_id, ())):
            owner = self._owners.get(queue)
            if owner is not None and whose(owner):
                _replace_all(queue, DISCONNECT)  # what was pending is no longer theirs to see
                closed += 1
        return closed

    async def publish(self, cabinet_id: str, event: JsonDict) -> int:
        people, frame = audience(event), live_frame(event)
        delivered = 0
        for queue in list(self._subscribers.get(cabinet_id, ())):
            owner = self._owners.get(queue)
            if people is not None and (owner is None or owner[0] not in people):
                continue
            try:
                queue.put_nowait(frame)
                delivered += 1
            except asyncio.QueueFull:
                _replace_all(queue, OVERFLOW)
                self.unsubscribe(cabinet_id, queue)
        return delivered


def _replace_all(queue: asyncio.Queue[JsonDict], last: JsonDict) -> None:
    while not queue.empty():
        queue.get_nowait()
    queue.put_nowait(last)
