"""The cabinet's hub on Workers: the `CabinetHub` Durable Object's logic, kept free of `js` so CPython tests it.

It drives the object's state through Cloudflare's own names (`acceptWebSocket`, `getWebSockets`,
`setWebSocketAutoResponse`, `ws.serializeAttachment` …); `entry.py` hands it the real state and a `Bridge` that
converts to and from JavaScript. Everything a socket is routed by lives in its tags and attachment: the object
hibernates between events and is rebuilt from them. Only a connection's frames held during its replay live in
memory, and the object cannot hibernate while that connection's `fetch` is still running.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from handlers.realtime import (
    ACCESS_WITHDRAWN,
    ACCESS_WITHDRAWN_REASON,
    SocketOwner,
    already_sent,
    audience,
    frame,
    live_frame,
    ready_seq,
)
from services.context import AppContext
from services.ports import JsonDict
from services.push import replay_frames

log = logging.getLogger("poste.hub")

CABINET_TAG = "cabinet:"
PERSON_TAG = "person:"
SESSION_TAG = "session:"
PING, PONG = "ping", "pong"
RESERVED_CLOSE_CODES = frozenset({1005, 1006, 1015})  # reported to us, but never sent in a close frame
TRY_AGAIN = 1013  # the replay failed or overflowed: the dashboard reconnects with its `since`
RESTARTED = 1012  # the object restarted in the middle of this socket's replay
MAX_HELD = 1000  # live frames held for one socket while it replays (a replay takes one query)


@dataclass(frozen=True)
class Bridge:
    """What crosses into JavaScript: `to_js` for tags and attachments, `to_py` for what comes back, and
    `auto_response(request, response)` building a `WebSocketRequestResponsePair`."""

    to_js: Callable[[Any], Any]
    to_py: Callable[[Any], Any]
    auto_response: Callable[[str, str], Any]


class HubRoom:
    def __init__(self, state: Any, bridge: Bridge) -> None:
        self._state = state
        self._bridge = bridge
        self._held: dict[str, list[JsonDict]] = {}  # connection id → live frames arriving during its replay
        # Answered by the runtime itself, without waking a hibernating object: idle dashboards cost nothing.
        state.setWebSocketAutoResponse(bridge.auto_response(PING, PONG))

    async def connect(self, ws: Any, owner: SocketOwner, since: int, ctx: AppContext) -> None:
        """Accepts a dashboard's socket, sends its replay and `ready`, then the live frames that came meanwhile."""
        connection = ctx.ids.new_id()
        tags = [CABINET_TAG + owner.cabinet_id, PERSON_TAG + owner.person_id, SESSION_TAG + owner.session_id]
        self._state.acceptWebSocket(ws, self._bridge.to_js(tags))
        attachment: JsonDict = {"person": owner.person_id, "role": owner.role, "session": owner.session_id,
                                "connection": connection, "replaying": True, "ready_seq": 0}  # fmt: skip
        self._attach(ws, attachment)
        self._held[connection] = []  # accepted first, so nothing published from now on can slip past the replay
        try:
            frames = await replay_frames(ctx, owner.cabinet_id, owner.person_id, since)
        except Exception:
            log.exception("replay for a dashboard of cabinet %s failed", owner.cabinet_id)
            self._held.pop(connection, None)
            _close(ws, TRY_AGAIN, "Réessayez.")
            return
        held = self._held.pop(connection, None)
        if held is None:  # closed while we read (access withdrawn, client gone)
            return
        last = ready_seq(frames)
        for item in frames:
            _send(ws, frame(item))
        seen: set[int] = set()
        for item in held:  # in the order they were published; each notification once, none replayed twice
            if already_sent(item, last) or item.get("seq") in seen:
                continue
            if item.get("type") == "notification":
                seen.add(int(item["seq"]))
            _send(ws, frame(item))
        self._attach(ws, {**attachment, "replaying": False, "ready_seq": last})

    async def publish(self, event: JsonDict) -> int:
        """Sends the event to its audience's sockets (`to`), or to every socket; returns how many got it."""
        people = audience(event)
        item = live_frame(event)
        text = frame(item)
        delivered = 0
        for ws in self._sockets(people):
            attachment = self._attachment(ws)
            if attachment.get("replaying"):
                delivered += self._hold(ws, attachment, item)
            elif not already_sent(item, int(attachment.get("ready_seq") or 0)):
                delivered += _send(ws, text)
        return delivered

    def disconnect(self, person_id: str) -> int:
        """Closes the person's sockets with 4003 (access withdrawn); returns how many."""
        return self._close_tagged(PERSON_TAG + person_id)

    def disconnect_session(self, session_id: str) -> int:
        """Closes the sockets opened with this session (logged out, revoked) with 4003; returns how many."""
        return self._close_tagged(SESSION_TAG + session_id)

    def on_message(self, ws: Any, message: Any) -> None:
        # The auto-response answers pings; this only runs for one that reached the object some other way.
        if message == PING:
            _send(ws, PONG)

    def on_close(self, ws: Any, code: int, reason: str) -> None:
        self._held.pop(str(self._attachment(ws).get("connection", "")), None)
        _close(ws, 1000 if int(code) in RESERVED_CLOSE_CODES else int(code), str(reason or ""))

    def _sockets(self, people: set[str] | None) -> list[Any]:
        if people is None:
            return list(self._state.getWebSockets())
        return [ws for person in sorted(people) for ws in self._state.getWebSockets(PERSON_TAG + person)]

    def _hold(self, ws: Any, attachment: JsonDict, item: JsonDict) -> int:
        held = self._held.get(str(attachment.get("connection", "")))
        if held is None:  # its replay died with a previous instance of the object: it never got `ready`
            _close(ws, RESTARTED, "Reconnectez-vous.")
            return 0
        if len(held) >= MAX_HELD:
            _close(ws, TRY_AGAIN, "Réessayez.")
            return 0
        held.append(item)
        return 1

    def _close_tagged(self, tag: str) -> int:
        closed = 0
        for ws in self._state.getWebSockets(tag):
            self._held.pop(str(self._attachment(ws).get("connection", "")), None)
            closed += _close(ws, ACCESS_WITHDRAWN, ACCESS_WITHDRAWN_REASON)
        return closed

    def _attach(self, ws: Any, attachment: JsonDict) -> None:
        ws.serializeAttachment(self._bridge.to_js(attachment))

    def _attachment(self, ws: Any) -> JsonDict:
        value = self._bridge.to_py(ws.deserializeAttachment())  # None, or JS null, when the socket has none
        return value if isinstance(value, dict) else {}


def _send(ws: Any, text: str) -> int:
    try:
        ws.send(text)
    except Exception:  # a socket closing under us is not the publisher's failure
        return 0
    return 1


def _close(ws: Any, code: int, reason: str) -> int:
    try:
        ws.close(code, reason)
    except Exception:  # already closing
        return 0
    return 1
