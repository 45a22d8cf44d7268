"""The local HTTP server: uvicorn serving the shared FastAPI app, plus `public/` as Workers Static Assets would
(single-page-application fallback for anything that is not `/api/*`, and the response headers of `_headers`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI, WebSocket
from starlette.exceptions import HTTPException
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Match, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from handlers.api.app import create_app
from handlers.hub_room import PING, PONG, TRY_AGAIN
from handlers.realtime import (
    ACCESS_WITHDRAWN,
    ACCESS_WITHDRAWN_REASON,
    BAD_SINCE,
    PATH,
    SESSION_REQUIRED,
    already_sent,
    frame,
    parse_since,
    ready_seq,
    socket_owner,
)
from local.asset_headers import NEVER_SERVED, HeaderRules, load_rules
from local.http_protocol import GuardedH11Protocol
from local.hub import DISCONNECT, OVERFLOW, InProcessHub
from services.context import AppContext
from services.ports import JsonDict
from services.push import replay_frames

log = logging.getLogger("poste.http")

API_PREFIX = "/api"
WORKER_FIRST = (API_PREFIX, "/calendar")  # wrangler.toml's run_worker_first: the application answers


class SinglePageAssets(StaticFiles):
    """Serves files from public/, and index.html for unknown paths (Cloudflare's single-page-application mode)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        if path in NEVER_SERVED:  # Workers reads these files and never serves them
            return await super().get_response("index.html", scope)
        try:
            return await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code != 404:
                raise
            return await super().get_response("index.html", scope)


class AssetsMount(Mount):
    """The dashboard's mount at `/`, blind to `/api` paths as wrangler.toml's `run_worker_first = ["/api/*"]` is.

    A mount at `/` matches every path fully, so without this it would outrank a route matched by path only: an API
    route called with the wrong method, or an unknown API path, would get the static files' answer (a 405 for
    anything but GET and HEAD, a 404 for the wrong method) instead of the application's own 404 and 405."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        path = str(scope.get("path", ""))
        if any(path == prefix or path.startswith(prefix + "/") for prefix in WORKER_FIRST):
            return Match.NONE, {}
        return super().matches(scope)


def build_local_app(context: AppContext, public_dir: Path) -> FastAPI:
    def context_factory(scope: MutableMapping[str, Any]) -> AppContext:
        return context

    app = create_app(context_factory)
    if isinstance(context.hub, InProcessHub):
        _add_realtime_route(app, context, context.hub)
    if public_dir.is_dir():
        parsed = load_rules(public_dir)
        for problem in parsed.invalid:
            log.warning("%s/_headers: %s", public_dir, problem)
        assets = HeaderRules(SinglePageAssets(directory=public_dir, html=True), parsed.rules)
        app.router.routes.append(AssetsMount("/", app=assets, name="assets"))
    return app


def _add_realtime_route(app: FastAPI, context: AppContext, hub: InProcessHub) -> None:
    """The local twin of the CabinetHub Durable Object (handlers/hub_room.py): same path, same session rule, same
    replay and frames, same close codes."""

    @app.websocket(PATH)
    async def realtime(websocket: WebSocket) -> None:
        headers = {key.lower(): value for key, value in websocket.headers.items()}
        owner = await socket_owner(context, headers, "https" if websocket.url.scheme == "wss" else "http")
        if owner is None:  # refused before the upgrade, with the status the Worker answers
            await websocket.send_denial_response(PlainTextResponse(SESSION_REQUIRED, status_code=401))
            return
        since = parse_since(websocket.query_params.get("since"))
        if since is None:
            await websocket.send_denial_response(PlainTextResponse(BAD_SINCE, status_code=400))
            return
        await websocket.accept()
        queue = hub.subscribe(owner.cabinet_id, owner.person_id, owner.session_id)  # before the replay is read
        try:
            await _serve(websocket, queue, await replay_frames(context, owner.cabinet_id, owner.person_id, since))
        finally:
            hub.unsubscribe(owner.cabinet_id, queue)


async def _serve(websocket: WebSocket, queue: asyncio.Queue[JsonDict], replay: list[JsonDict]) -> None:
    """Sends the replay, then live frames (none at or below the replay's `ready`), and answers pings."""
    last = ready_seq(replay)
    for item in replay:
        await websocket.send_text(frame(item))

    async def push() -> None:
        while True:
            event = await queue.get()
            if event is DISCONNECT:
                await websocket.close(code=ACCESS_WITHDRAWN, reason=ACCESS_WITHDRAWN_REASON)
                return
            if event is OVERFLOW:  # as the Durable Object does past MAX_HELD: reconnect and replay
                await websocket.close(code=TRY_AGAIN, reason="Réessayez.")
                return
            if not already_sent(event, last):
                await websocket.send_text(frame(event))

    async def listen() -> None:  # answers pings like the Durable Object, and notices the close at once
        while True:
            if await websocket.receive_text() == PING:
                await websocket.send_text(PONG)

    tasks = [asyncio.create_task(push()), asyncio.create_task(listen())]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


class EmbeddedServer(uvicorn.Server):
    """uvicorn without its own signal handling: the runtime owns Ctrl-C and stops every part in order."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def http_server(app: FastAPI, host: str, port: int) -> EmbeddedServer:
    config = uvicorn.Config(
        app, host=host, port=port, http=GuardedH11Protocol, lifespan="off", log_level="warning", access_log=False
    )
    return EmbeddedServer(config)
