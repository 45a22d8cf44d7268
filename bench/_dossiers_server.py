"""The server side of bench/dossiers_api.py, in its own process so that the clients do not share its CPU: the local
runtime's HTTP stack (uvicorn + the shared FastAPI app) on one port, and a bare ASGI "hello" app served by the same
server stack (local.http.http_server) on another. Every statement the application sends to the Database port is
recorded by a counting wrapper; `GET /__bench/statements` returns those recorded since the previous call.

Run: PYTHONPATH=src:. python -m bench._dossiers_server DATA_DIR API_PORT HELLO_PORT
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from d1.database import Database, Row, SqlValue, Statement, StatementResult
from local.config import LocalConfig
from local.http import build_local_app, http_server
from local.runtime import open_runtime


class CountingDatabase:
    """The Database port, forwarding to the real one and recording each round trip and its statements."""

    def __init__(self, inner: Database) -> None:
        self.inner = inner
        self.calls: list[dict[str, Any]] = []

    def _record(self, kind: str, statements: Sequence[Statement]) -> None:
        self.calls.append({"kind": kind, "statements": [[s.sql, list(s.params)] for s in statements]})

    async def all(self, sql: str, *params: SqlValue) -> list[Row]:
        self._record("all", [Statement(sql, params)])
        return await self.inner.all(sql, *params)

    async def first(self, sql: str, *params: SqlValue) -> Row | None:
        self._record("first", [Statement(sql, params)])
        return await self.inner.first(sql, *params)

    async def run(self, sql: str, *params: SqlValue) -> StatementResult:
        self._record("run", [Statement(sql, params)])
        return await self.inner.run(sql, *params)

    async def batch(self, statements: Sequence[Statement]) -> list[StatementResult]:
        self._record("batch", statements)
        return await self.inner.batch(statements)


async def hello(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The bare ASGI baseline: no framework, no database."""
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"hello"})


async def main(data_dir: Path, api_port: int, hello_port: int) -> None:
    config = replace(LocalConfig.from_environment(), data_dir=data_dir)
    runtime = open_runtime(config)
    counting = CountingDatabase(runtime.context.db)
    context = replace(runtime.context, db=counting)

    async def statements(request: Request) -> JSONResponse:
        calls, counting.calls = counting.calls, []
        return JSONResponse(calls)

    app = build_local_app(context, data_dir / "no-public-dir")
    app.router.routes.insert(0, Route("/__bench/statements", statements))
    api, bare = http_server(app, "127.0.0.1", api_port), http_server(hello, "127.0.0.1", hello_port)  # type: ignore[arg-type]
    try:
        await asyncio.gather(api.serve(), bare.serve())
    finally:
        runtime.close()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])))
