"""The `api` fixture of tests/api under Pyodide: each request goes through entry.py's `fetch` (the real
`Default` entrypoint, `workers.asgi`, the real FastAPI app) over fresh Miniflare bindings.

Every `async def test_*(api)` of every `tests/api/test_*.py` runs here as it runs locally over httpx
(tests/api/conftest.py, which is never imported here), so every route the application adds runs under Pyodide by
construction.
"""

from __future__ import annotations

import importlib
import inspect
import json as jsonlib
import os
from collections.abc import Awaitable, Callable
from typing import Any

import js
from pyodide.ffi import to_js

API_DIR = "/app/tests/api"
ORIGIN = "https://iapostemanager.example"
CLIENT_IP = "198.51.100.23"


class WorkersApiClient:
    def __init__(self, env: Any, raw_env: Any, ctx: Any) -> None:
        from dataclasses import replace

        from cf.context import build_context

        # Seeding hashes passwords with one round, as tests/api/conftest.py does (TEST_SETTINGS); the application
        # itself, built per request by entry.py, keeps the production parameters.
        context = build_context(env)
        self._context = replace(context, settings=replace(context.settings, password_rounds=1))
        self._raw_env = raw_env
        self._ctx = ctx

    @property
    def context(self) -> Any:
        return self._context

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        content: bytes | str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        from workers import Request

        import entry
        from tests.api.client import ApiResponse

        sent_headers = dict(headers or {})
        sent_headers.setdefault("cf-connecting-ip", CLIENT_IP)  # set by Cloudflare's edge on every request
        body: bytes | None = None
        if json is not None:
            body = jsonlib.dumps(json).encode()
            sent_headers.setdefault("content-type", "application/json")
        elif content is not None:
            body = content.encode() if isinstance(content, str) else content
        init: dict[str, Any] = {"method": method.upper(), "headers": to_js(sent_headers, dict_converter=_object)}
        if body is not None:
            init["body"] = to_js(body)
        js_request = js.Request.new(ORIGIN + path, to_js(init, dict_converter=_object))
        response = await entry.Default(self._ctx, self._raw_env).fetch(Request(js_request))
        js_response = getattr(response, "js_object", response)
        data = bytes((await js_response.arrayBuffer()).to_py())
        received = {str(key).lower(): str(value) for key, value in js_response.headers}
        return ApiResponse(status=int(js_response.status), body=data, headers=received)

    async def sent_mail(self) -> list[tuple[str, bytes]]:
        return [(str(mail.to), str(mail.raw).encode()) for mail in await self._raw_env.MAILER.sent()]


def _object(entries: Any) -> Any:
    return js.Object.fromEntries(entries)


def api_tests() -> list[tuple[str, Callable[..., Awaitable[None]]]]:
    found = []
    for filename in sorted(os.listdir(API_DIR)):
        if not (filename.startswith("test_") and filename.endswith(".py")):
            continue
        module = importlib.import_module(f"tests.api.{filename[:-3]}")
        for name, function in vars(module).items():
            if name.startswith("test_") and inspect.iscoroutinefunction(function):
                found.append((f"api/{filename}::{name}", function))
    return found


async def run_api_test(function: Callable[..., Awaitable[None]], env: Any, raw_env: Any, ctx: Any) -> None:
    parameters = list(inspect.signature(function).parameters)
    if parameters != ["api"]:
        raise LookupError(f"an API test takes exactly one fixture, `api`, not {parameters}")
    try:
        await function(api=WorkersApiClient(env, raw_env, ctx))
    finally:
        await js.posteHarness.settleWaitUntil()
