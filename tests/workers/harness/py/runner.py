"""Runs the contract suite, the API tests and the entry.py glue checks under Pyodide, against the Cloudflare adapters.

As in production, entry.py is imported once, at the top level (under the runtime SDK's import patches and with
entropy gated), then everything else runs as requests. Every `async def test_*` of every `tests/contract/test_*.py`
runs with its arguments supplied by parameter name, and every one of `tests/api/test_*.py` with the `api` fixture
(api_fixture.py), each test on fresh bindings (a new in-memory Miniflare). The result is a JSON report for
tests/workers.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import os
import sys
import time
import traceback
from collections.abc import Awaitable, Callable
from typing import Any

import _cloudflare_compat_flags
import api_fixture
import glue
import js
import shards
from _cloudflare import lifecycle
from pyodide.ffi import create_proxy, to_js

CONTRACT_DIR = "/app/tests/contract"
SITE_PACKAGES = "/app/site"
TEST_TIMEOUT_SECONDS = 300  # a hang guard: the isolation sweeps take a minute on a busy machine


class ScriptedAi:
    """The `scripted_ai` fixture: the Workers AI adapter over a scripted `Ai` binding."""

    def __init__(self, env: Any, js_ai: Any) -> None:
        from cf.ai import WorkersAiRunner

        self.runner = WorkersAiRunner(env.AI)
        self._js_ai = js_ai

    def script(self, outcomes: list[dict[str, Any]]) -> None:
        self._js_ai.script(to_js(outcomes, dict_converter=js.Object.fromEntries))

    def respond_with(self, responder: Callable[[str, dict[str, Any]], dict[str, Any]]) -> None:
        """The binding answers each call with `responder(model, inputs)`, called from JavaScript."""

        def respond(model: Any, inputs: Any) -> Any:
            return to_js(responder(str(model), inputs.to_py()), dict_converter=js.Object.fromEntries)

        self._responder = create_proxy(respond)
        self._js_ai.respondWith(self._responder)

    @property
    def calls(self) -> list[tuple[str, dict[str, Any]]]:
        from cf._convert import plain

        return [(str(call.model), plain(call.inputs)) for call in self._js_ai.calls]


def _database(env: Any, handle: Any) -> Any:
    from cf.d1 import D1Database

    return D1Database(env.DB)


def _kv(env: Any, handle: Any) -> Any:
    from cf.kv import WorkersKeyValueStore

    return WorkersKeyValueStore(env.SESSIONS)


def _blobs(env: Any, handle: Any) -> Any:
    from cf.r2 import R2BlobStore

    return R2BlobStore(env.DOCUMENTS)


class JobsProbe:
    """The `jobs` fixture: the Queues adapter, plus the harness Worker's consumer to see what was delivered."""

    def __init__(self, env: Any, handle: Any) -> None:
        from cf.queue import WorkersJobQueue

        self.queue = WorkersJobQueue(env.JOBS)
        self._handle = handle

    async def receive(self) -> list[dict[str, Any]]:
        from cf._convert import plain

        return list(plain(await self._handle.receiveJobs()))


def _jobs(env: Any, handle: Any) -> Any:
    return JobsProbe(env, handle)


def _scripted_ai(env: Any, handle: Any) -> Any:
    return ScriptedAi(env, handle.env.AI)


class MailerProbe:
    """The `mailer` fixture: the send_email adapter over Miniflare's binding, and what that binding took."""

    def __init__(self, env: Any, handle: Any) -> None:
        from cf.mailer import SendEmailMailer
        from services.outbound_mail import DEFAULT_MAIL_FROM
        from services.system import SystemClock, UlidGenerator

        self.mailer = SendEmailMailer(env.MAILER, DEFAULT_MAIL_FROM, SystemClock(), UlidGenerator())
        self._binding = handle.env.MAILER

    async def sent(self) -> list[tuple[str, bytes]]:
        return [(str(mail.to), str(mail.raw).encode()) for mail in await self._binding.sent()]


def _mailer(env: Any, handle: Any) -> Any:
    return MailerProbe(env, handle)


def _keys(env: Any, handle: Any) -> Any:
    from cf.key_derivation import WebCryptoKeyDeriver

    return WebCryptoKeyDeriver()


def _context(env: Any, handle: Any) -> Any:
    from cf.context import build_context

    return build_context(env)


# fixture name -> (bindings it needs, builder over the SDK-wrapped env and the harness's handle)
FIXTURES: dict[str, tuple[tuple[str, ...], Callable[[Any, Any], Any]]] = {
    "database": (("DB",), _database),
    "kv": (("SESSIONS",), _kv),
    "blobs": (("DOCUMENTS",), _blobs),
    "jobs": (("JOBS",), _jobs),
    "scripted_ai": (("AI",), _scripted_ai),
    "keys": ((), _keys),  # WebCrypto is the runtime's own, no binding
    "mailer": (("MAILER",), _mailer),
    "context": (
        ("DB", "SESSIONS", "DOCUMENTS", "JOBS", "HUB", "AI", "MAILER"),
        _context,
    ),  # the Workers composition root
}


def contract_tests() -> list[tuple[str, Callable[..., Awaitable[None]]]]:
    found = []
    for filename in sorted(os.listdir(CONTRACT_DIR)):
        if not (filename.startswith("test_") and filename.endswith(".py")):
            continue
        if f"contract/{filename}" in shards.CPYTHON_ONLY:  # the local model's run of a shared contract
            continue
        module = importlib.import_module(f"tests.contract.{filename[:-3]}")
        for name, function in vars(module).items():
            if name.startswith("test_") and inspect.iscoroutinefunction(function):
                found.append((f"contract/{filename}::{name}", function))
    return found


async def with_bindings(names: set[str], body: Callable[[Any, Any], Awaitable[None]]) -> None:
    from workers import _EnvWrapper

    handle = await js.posteHarness.freshBindings(to_js(sorted(names)))
    try:
        await body(_EnvWrapper(handle.env), handle)
    finally:
        await handle.dispose()


async def run_contract_test(function: Callable[..., Awaitable[None]]) -> None:
    parameters = list(inspect.signature(function).parameters)
    unknown = [p for p in parameters if p not in FIXTURES]
    if unknown:
        raise LookupError(f"the Workers harness has no fixture named {', '.join(unknown)}")

    async def body(env: Any, handle: Any) -> None:
        kwargs = {name: FIXTURES[name][1](env, handle) for name in parameters}
        await function(**kwargs)

    await with_bindings({name for p in parameters for name in FIXTURES[p][0]}, body)


async def run_api_test(function: Callable[..., Awaitable[None]]) -> None:
    async def body(env: Any, handle: Any) -> None:
        await api_fixture.run_api_test(function, env, handle.env, glue.js_ctx())

    await with_bindings(glue.BINDINGS, body)


async def run_glue_check(check: Callable[[Any, Any], Awaitable[None]]) -> None:
    async def body(env: Any, handle: Any) -> None:
        await check(env, handle.env)

    await with_bindings(glue.BINDINGS, body)


async def outcome(name: str, check: Callable[[], Awaitable[None]]) -> dict[str, Any]:
    started = time.monotonic()
    try:
        await asyncio.wait_for(check(), TEST_TIMEOUT_SECONDS)
        result: dict[str, Any] = {"name": name, "outcome": "passed"}
    except BaseException as exc:  # report everything, including assertion errors and timeouts
        result = {
            "name": name,
            "outcome": "failed",
            "error": f"{type(exc).__name__}: {exc}",
            "traceback": "".join(traceback.format_exception(exc)),
        }
    result["seconds"] = round(time.monotonic() - started, 3)
    return result


async def run_all(shard: str = "1/1", only: str = "") -> str:
    """Runs shard `shard` ("k/N", see shards.py) of the checks. Every shard imports entry.py at the top level and
    runs the import checks (each shard is its own isolate); the report lists every check collected, so that
    tests/workers can tell a check no shard ran from one another shard ran. `only` (run.mjs --only, never given by
    tests/workers): a developer's run of the shard's checks whose name holds it."""
    lifecycle.begin_top_level(SITE_PACKAGES)
    results = [await outcome("glue::" + name, check) for name, check in glue.IMPORT_CHECKS]
    lifecycle.begin_requests()
    checks: list[tuple[str, Callable[[], Awaitable[None]]]] = []
    for kind, collect, run in (
        ("contract", contract_tests, run_contract_test),
        ("api", api_fixture.api_tests, run_api_test),
    ):
        try:
            tests = collect()
        except BaseException as exc:
            tests = []
            results.append(await outcome(f"{kind}::collection", _raise(exc)))
        checks += [(name, lambda f=function, r=run: r(f)) for name, function in tests]  # type: ignore[misc]
    checks += [("glue::" + name, lambda c=check: run_glue_check(c)) for name, check in glue.GLUE_CHECKS]
    selected = {name for name in shards.select([name for name, _ in checks], shard) if only in name}
    for name, check in checks:
        if name in selected:
            results.append(await outcome(name, check))
    report = {
        "results": results,
        "shard": shard,
        "collected": ["glue::" + name for name, _ in glue.IMPORT_CHECKS] + [name for name, _ in checks],
        "sys_path": sys.path[:6],
        "lifecycle": lifecycle.report(),
        "unknown_compat_flags": sorted(set(_cloudflare_compat_flags.UNKNOWN_FLAGS_READ)),
    }
    return json.dumps(report)


def _raise(exc: BaseException) -> Callable[[], Awaitable[None]]:
    async def again() -> None:
        raise exc

    return again
