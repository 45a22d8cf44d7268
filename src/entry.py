"""The Cloudflare shell: converts runtime objects into the application's types and hands them to `handlers/`.

Importing this module (and everything it imports) reads no clock and does no I/O, and draws randomness only where
the runtime SDK allows it: the deploy snapshot runs it once. The FastAPI app is built here, at the top level, on
purpose: its import then lands in the memory snapshot instead of every isolate's first request, and the SDK's
import patches (sync code run inline instead of on a thread; the counted entropy that opentelemetry's context keys
and pydantic-core's hash seeds draw) apply only to modules imported at the top level.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from datetime import UTC, datetime
from typing import Any

import js
from pyodide.ffi import to_js
from workers import DurableObject, Response, WorkerEntrypoint, asgi

from cf._convert import plain
from cf.context import build_context
from cf.queue import WorkersJobMessage
from handlers.api.app import create_app
from handlers.email import InboundEnvelope, handle_email
from handlers.jobs import handle_jobs
from handlers.realtime import ACCESS_WITHDRAWN, ACCESS_WITHDRAWN_REASON, frame, socket_owner
from handlers.realtime import PATH as HUB_PATH
from handlers.scheduled import handle_scheduled
from services.context import AppContext
from services.job_registry import default_job_registry
from services.ports import JobMessage

HUB_TAG_PREFIX = "cabinet:"
PERSON_TAG_PREFIX = "person:"
RESERVED_CLOSE_CODES = frozenset({1005, 1006, 1015})


def context_from_scope(scope: MutableMapping[str, Any]) -> AppContext:
    """The FastAPI app's context factory: `workers.asgi` puts the Worker's bindings in `scope["env"]`."""
    return build_context(scope["env"])


APP = create_app(context_from_scope)


class Default(WorkerEntrypoint):
    async def fetch(self, request: Any) -> Any:
        js_request = getattr(request, "js_object", request)
        if _is_hub_upgrade(js_request):
            return await self._connect_hub(js_request)
        return await asgi.fetch(APP, js_request, self.env)

    async def _connect_hub(self, js_request: Any) -> Any:
        owner = await socket_owner(build_context(self.env), _headers(js_request), "https")  # Workers: HTTPS only
        if owner is None:
            return Response("Session requise.", status=401)
        cabinet_id, person_id = owner
        stub = self.env.HUB.getByName(cabinet_id)
        headers = js.Headers.new(js_request.headers)
        headers.set("X-Cabinet-Id", cabinet_id)
        headers.set("X-Person-Id", person_id)
        return await stub.fetch(js.Request.new(js_request, to_js({"headers": headers}, dict_converter=_object)))

    async def email(self, message: Any, env: Any = None, ctx: Any = None) -> None:
        raw = await js.Response.new(message.raw).arrayBuffer()
        envelope = InboundEnvelope(
            mail_from=str(getattr(message, "from") or ""),
            recipient=str(message.to or ""),
            raw=bytes(raw.to_py()),
        )
        outcome = await handle_email(build_context(self.env), envelope)
        if not outcome.accepted:
            message.setReject(outcome.reason or "Message refusé.")

    async def scheduled(self, controller: Any, env: Any = None, ctx: Any = None) -> None:
        scheduled_at = datetime.fromtimestamp(float(controller.scheduledTime) / 1000, UTC)
        await handle_scheduled(build_context(self.env), str(controller.cron), scheduled_at)

    async def queue(self, batch: Any, env: Any = None, ctx: Any = None) -> None:
        messages: Sequence[JobMessage] = [WorkersJobMessage(message) for message in batch.messages]
        await handle_jobs(build_context(self.env), default_job_registry(), messages)


class CabinetHub(DurableObject):  # type: ignore[no-untyped-call]  # the SDK's hook is unannotated
    """One per cabinet: holds its dashboards' WebSockets (hibernating) and broadcasts published events."""

    async def fetch(self, request: Any) -> Any:
        js_request = getattr(request, "js_object", request)
        cabinet_id = js_request.headers.get("X-Cabinet-Id")
        person_id = js_request.headers.get("X-Person-Id") or ""
        if not cabinet_id or not _is_hub_upgrade(js_request):
            return Response("WebSocket attendu.", status=426)
        client, server = js.WebSocketPair.new().object_values()
        tags = [HUB_TAG_PREFIX + str(cabinet_id), PERSON_TAG_PREFIX + str(person_id)]
        self.ctx.acceptWebSocket(server, to_js(tags))
        return Response(None, status=101, web_socket=client)

    async def publish(self, event: Any) -> int:
        """RPC from the Hub adapter: sends the event to every connected dashboard; returns how many got it."""
        text = frame(plain(event))
        delivered = 0
        for socket in self.ctx.getWebSockets():
            try:
                socket.send(text)
            except Exception:  # a socket closing under us is not the publisher's failure
                continue
            delivered += 1
        return delivered

    async def disconnect(self, person_id: Any) -> int:
        """RPC from the Hub adapter: closes the person's sockets (access withdrawn); returns how many."""
        closed = 0
        for socket in self.ctx.getWebSockets(PERSON_TAG_PREFIX + str(person_id)):
            try:
                socket.close(ACCESS_WITHDRAWN, ACCESS_WITHDRAWN_REASON)
            except Exception:  # already closing
                continue
            closed += 1
        return closed

    async def webSocketMessage(self, ws: Any, message: Any) -> None:
        if message == "ping":
            ws.send("pong")

    async def webSocketClose(self, ws: Any, code: int, reason: str, wasClean: bool) -> None:
        # 1005 (no status) and 1006 (abnormal) are reported to us but may not be sent in a close frame.
        ws.close(1000 if int(code) in RESERVED_CLOSE_CODES else int(code), str(reason or ""))


def _is_hub_upgrade(js_request: Any) -> bool:
    upgrade = js_request.headers.get("Upgrade") or ""
    return str(upgrade).lower() == "websocket" and str(js.URL.new(js_request.url).pathname) == HUB_PATH


def _headers(js_request: Any) -> dict[str, str]:
    return {str(key).lower(): str(value) for key, value in js_request.headers}


def _object(entries: Any) -> Any:
    return js.Object.fromEntries(entries)
