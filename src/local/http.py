"""The local HTTP server: uvicorn serving the shared FastAPI app, plus `public/` as Workers Static Assets would
(single-page-application fallback for anything that is not `/api/*`)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from handlers.api.app import create_app
from services.context import AppContext


class SinglePageAssets(StaticFiles):
    """Serves files from public/, and index.html for unknown paths (Cloudflare's single-page-application mode)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            return await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code != 404 or path.startswith("api/") or path == "api":
                raise
            return await super().get_response("index.html", scope)


def build_local_app(context: AppContext, public_dir: Path) -> FastAPI:
    def context_factory(scope: MutableMapping[str, Any]) -> AppContext:
        return context

    app = create_app(context_factory)
    if public_dir.is_dir():
        app.mount("/", SinglePageAssets(directory=public_dir, html=True), name="assets")
    return app


class EmbeddedServer(uvicorn.Server):
    """uvicorn without its own signal handling: the runtime owns Ctrl-C and stops every part in order."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def http_server(app: FastAPI, host: str, port: int) -> EmbeddedServer:
    config = uvicorn.Config(app, host=host, port=port, lifespan="off", log_level="warning", access_log=False)
    return EmbeddedServer(config)
