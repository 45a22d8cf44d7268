"""A Python stand-in for what workerd gives a Durable Object that hibernates WebSockets, with Cloudflare's documented
rules (developers.cloudflare.com/durable-objects/api/websockets/): what the runtime keeps across hibernation is
only the accepted sockets, their tags and their serialized attachments; the object itself is rebuilt from them.

- `acceptWebSocket(ws, tags)`: at most 10 tags of at most 256 characters each.
- `getWebSockets(tag=None)`: the accepted sockets (with that tag) that are not closed.
- `serializeAttachment(value)`: a structured clone (here a JSON copy) of at most 2,048 bytes, else an error.
- `setWebSocketAutoResponse(pair)`: a message equal to `pair.request` is answered `pair.response` by the runtime,
  without waking the object; anything else reaches its `webSocketMessage`.
- `close(code, reason)`: as workerd checks it: 1000-4999 but the codes RFC 6455 reserves for reports (1004, 1005,
  1006, 1015), a reason of at most 123 UTF-8 bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from handlers.hub_room import Bridge

MAX_TAGS = 10
MAX_TAG_CHARS = 256
MAX_ATTACHMENT_BYTES = 2048
RESERVED_CODES = frozenset({1004, 1005, 1006, 1015})


@dataclass(frozen=True)
class WebSocketRequestResponsePair:
    request: str
    response: str


class FakeWebSocket:
    def __init__(self, name: str) -> None:
        self.name = name
        self.sent: list[str] = []
        self.closed: tuple[int, str] | None = None
        self._attachment: str | None = None

    def send(self, text: str) -> None:
        if self.closed is not None:
            raise RuntimeError("WebSocket is closed")
        self.sent.append(text)

    def close(self, code: int, reason: str = "") -> None:
        if self.closed is not None:
            raise RuntimeError("WebSocket is already closed")
        if not 1000 <= code <= 4999 or code in RESERVED_CODES or len(reason.encode()) > 123:
            raise ValueError(f"invalid close frame: {code} {reason!r}")
        self.closed = (code, reason)

    def serializeAttachment(self, value: Any) -> None:
        copy = json.dumps(value)  # a structured clone: later changes to `value` are not kept
        if len(copy.encode()) > MAX_ATTACHMENT_BYTES:
            raise ValueError(f"attachment of {len(copy.encode())} bytes: the limit is {MAX_ATTACHMENT_BYTES}")
        self._attachment = copy

    def deserializeAttachment(self) -> Any:
        return None if self._attachment is None else json.loads(self._attachment)

    def frames(self) -> list[dict[str, Any]]:
        return [json.loads(text) for text in self.sent if text != "pong"]


@dataclass
class FakeDurableObjectState:
    accepted: list[tuple[FakeWebSocket, tuple[str, ...]]] = field(default_factory=list)
    auto_response: WebSocketRequestResponsePair | None = None
    wakes: int = 0  # messages that reached the object's handler

    def acceptWebSocket(self, ws: FakeWebSocket, tags: list[str]) -> None:
        if len(tags) > MAX_TAGS or any(len(tag) > MAX_TAG_CHARS for tag in tags):
            raise ValueError("too many or too long tags")
        self.accepted.append((ws, tuple(tags)))

    def getWebSockets(self, tag: str | None = None) -> list[FakeWebSocket]:
        return [ws for ws, tags in self.accepted if ws.closed is None and (tag is None or tag in tags)]

    def getTags(self, ws: FakeWebSocket) -> list[str]:
        return next(list(tags) for accepted, tags in self.accepted if accepted is ws)

    def setWebSocketAutoResponse(self, pair: WebSocketRequestResponsePair | None = None) -> None:
        self.auto_response = pair

    async def receive(self, hub: Any, ws: FakeWebSocket, message: str) -> None:
        """A client's message, as the runtime routes it: the auto-response, or the object's handler."""
        if self.auto_response is not None and message == self.auto_response.request:
            ws.send(self.auto_response.response)
            return
        self.wakes += 1
        hub.on_message(ws, message)


PYTHON_BRIDGE = Bridge(to_js=lambda value: value, to_py=lambda value: value, auto_response=WebSocketRequestResponsePair)
