"""The Cloudflare shell: converts runtime objects into the application's types and hands them to `handlers/`.

Importing this module (and everything it imports) reads no clock and does no I/O, and draws randomness only where
the runtime SDK allows it: the deploy snapshot runs it once. The FastAPI app is built here, at the top level, on
purpose: its import then lands in the memory snapshot instead of every isolate's first request, and the SDK's
import patches (sync code run inline instead of on a thread; the counted entropy that opentelemetry's context keys
and pydantic-core's hash seeds draw) apply only to modules imported at the top level.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import js
from pyodide.ffi import to_js
from workers import DurableObject, Response, WorkerEntrypoint, asgi

from cf._convert import plain
from cf.context import build_context
from cf.hub import JURISDICTION
from cf.queue import WorkersJobMessage
from handlers.api.app import create_app
from handlers.email import InboundEnvelope, handle_email
from handlers.hub_room import Bridge, HubRoom
from handlers.jobs import handle_jobs
from handlers.realtime import BAD_SINCE, SESSION_REQUIRED, SocketOwner, parse_since, socket_owner
from handlers.realtime import PATH as HUB_PATH
from handlers.scheduled import handle_scheduled
from services.context import AppContext
from services.job_registry import default_job_registry
from services.ports import JobMessage


def context_from_scope(scope: MutableMapping[str, Any]) -> AppContext:
    """The FastAPI app's context factory: `workers.asgi` puts the Worker's bindings in `scope["env"]`."""
    return build_context(scope["env"])


APP = create_app(context_from_scope)


class Default(WorkerEntrypoint):
    async def fetch(self, request: Any) -> Any:
        js_request = getattr(request, "js_object", request)
        if _is_hub_upgrade(js_request):
            return await self._connect_hub(js_request)
        if not js_request.body:
            return await asgi.fetch(APP, js_request, self.env)
        # `workers.asgi` reads a request's whole body into memory before the app runs: it is given the request
        # without its body, and the app reads the body from the stream itself, one chunk when it asks for one.
        bodiless = _Bodiless(js_request.url, js_request.method, js_request.headers)
        return await asgi.fetch(_reading(js_request.body.getReader()), bodiless, self.env)

    async def _connect_hub(self, js_request: Any) -> Any:
        owner = await socket_owner(build_context(self.env), _headers(js_request), "https")  # Workers: HTTPS only
        if owner is None:
            return Response(SESSION_REQUIRED, status=401)
        if parse_since(_since(js_request)) is None:
            return Response(BAD_SINCE, status=400)
        headers = js.Headers.new(js_request.headers)  # set() replaces whatever a client sent under these names
        headers.set("X-Cabinet-Id", owner.cabinet_id)
        headers.set("X-Person-Id", owner.person_id)
        headers.set("X-Session-Id", owner.session_id)
        headers.set("X-Role", owner.role)
        stub = _hub_namespace(self.env).getByName(owner.cabinet_id)
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
        # Both queues (`iapostemanager-jobs` and the audio lane `iapostemanager-audio`) are consumed here: a job's
        # kind, not its queue, says what runs.
        messages: Sequence[JobMessage] = [WorkersJobMessage(message) for message in batch.messages]
        await handle_jobs(build_context(self.env), default_job_registry(), messages)


class CabinetHub(DurableObject):  # type: ignore[no-untyped-call]  # the SDK's hook is unannotated
    """One per cabinet: a thin shell over handlers/hub_room.py, which holds the logic (and its tests)."""

    def __init__(self, ctx: Any, env: Any) -> None:
        super().__init__(ctx, env)
        self.room = HubRoom(self.ctx, JS_BRIDGE)

    async def fetch(self, request: Any) -> Any:
        js_request = getattr(request, "js_object", request)
        owner = _forwarded_owner(js_request)
        since = parse_since(_since(js_request))
        if owner is None or not _is_hub_upgrade(js_request):
            return Response("WebSocket attendu.", status=426)
        if since is None:
            return Response(BAD_SINCE, status=400)
        client, server = js.WebSocketPair.new().object_values()
        await self.room.connect(server, owner, since, build_context(self.env))
        return Response(None, status=101, web_socket=client)

    async def publish(self, event: Any) -> int:
        """RPC from the Hub adapter: sends the event to its audience's dashboards; returns how many got it."""
        return await self.room.publish(plain(event))

    async def disconnect(self, person_id: Any) -> int:
        """RPC from the Hub adapter: closes the person's sockets (access withdrawn); returns how many."""
        return self.room.disconnect(str(person_id))

    async def disconnect_session(self, session_id: Any) -> int:
        """RPC from the Hub adapter: closes the sockets of one session (logged out, revoked); returns how many."""
        return self.room.disconnect_session(str(session_id))

    async def webSocketMessage(self, ws: Any, message: Any) -> None:
        self.room.on_message(ws, message)

    async def webSocketClose(self, ws: Any, code: int, reason: str, wasClean: bool) -> None:
        self.room.on_close(ws, code, reason)


def _hub_namespace(env: Any) -> Any:
    """The hub objects live in the EU (personal data of French cabinets), like D1 and R2."""
    return env.HUB.jurisdiction(JURISDICTION)


def _since(js_request: Any) -> str | None:
    value = plain(js.URL.new(js_request.url).searchParams.get("since"))  # JS null arrives as `jsnull`
    return None if value is None else str(value)


def _forwarded_owner(js_request: Any) -> SocketOwner | None:
    """The owner the Worker checked and wrote into the forwarded request (the object is reachable only so)."""
    headers = js_request.headers
    values = [plain(headers.get(name)) for name in ("X-Cabinet-Id", "X-Person-Id", "X-Session-Id", "X-Role")]
    cabinet_id, person_id, session_id, role = (str(value or "") for value in values)
    if not (cabinet_id and person_id and session_id):
        return None
    return SocketOwner(cabinet_id, person_id, session_id, role)


def _to_js(value: Any) -> Any:
    return to_js(value, dict_converter=_object)


def _auto_response(request: str, response: str) -> Any:
    return js.WebSocketRequestResponsePair.new(request, response)


JS_BRIDGE = Bridge(to_js=_to_js, to_py=plain, auto_response=_auto_response)


def _is_hub_upgrade(js_request: Any) -> bool:
    upgrade = js_request.headers.get("Upgrade") or ""
    return str(upgrade).lower() == "websocket" and str(js.URL.new(js_request.url).pathname) == HUB_PATH


@dataclass(frozen=True)
class _Bodiless:
    """A request as `workers.asgi` reads it (URL, method, headers: the JS Headers as they came), without a body."""

    url: Any
    method: Any
    headers: Any
    body: None = None


def _reading(reader: Any) -> Any:
    """The app, its request body read from `reader` (the request's ReadableStream) as the app asks for it: an
    upload is streamed to the blob store a chunk at a time instead of being held whole in the Worker's memory."""

    async def app(scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await APP(scope, receive, send)
            return
        finished = False

        async def streamed() -> dict[str, Any]:
            nonlocal finished
            chunk = None if finished else await reader.read()
            if chunk is None or chunk.done:  # the bridge's own messages: its empty last body, then the disconnect
                finished = True
                return dict(await receive())
            return {"type": "http.request", "body": chunk.value.to_bytes(), "more_body": True}

        await APP(scope, streamed, send)

    return app


def _headers(js_request: Any) -> dict[str, str]:
    return {str(key).lower(): str(value) for key, value in js_request.headers}


def _object(entries: Any) -> Any:
    return js.Object.fromEntries(entries)
