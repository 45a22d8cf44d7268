"""The state of every binding, for `/api/health`. Reports reachability and counts only: never a secret."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from d1.cross_cabinet import CrossCabinet
from d1.schema import EXPECTED_MIGRATIONS, missing_migrations
from services.context import APP_VERSION, AppContext

PROBE_KEY = "health/probe"

Check = Callable[[AppContext], Awaitable[dict[str, Any]]]


async def _database(ctx: AppContext) -> dict[str, Any]:
    missing = await missing_migrations(ctx.db)
    return {"ok": not missing, "migrations_expected": len(EXPECTED_MIGRATIONS), "migrations_missing": missing}


async def _kv(ctx: AppContext) -> dict[str, Any]:
    await ctx.kv.get(PROBE_KEY)
    return {"ok": True}


async def _blobs(ctx: AppContext) -> dict[str, Any]:
    await ctx.blobs.head(PROBE_KEY)
    return {"ok": True}


async def _queue(ctx: AppContext) -> dict[str, Any]:
    return {"ok": True, "depth": await ctx.jobs.depth()}


async def _inbound(ctx: AppContext) -> dict[str, Any]:
    """Totals over the last 24 hours, all cabinets together (an operator's figure; no cabinet is named)."""
    since = (ctx.clock.now() - timedelta(hours=24)).isoformat()
    return {"ok": True, "messages_24h": await CrossCabinet(ctx.db).inbound_totals_since(since)}


CHECKS: dict[str, Check] = {
    "database": _database,
    "kv": _kv,
    "blobs": _blobs,
    "queue": _queue,
    "inbound_mail": _inbound,
}


async def check_health(ctx: AppContext) -> dict[str, Any]:
    bindings: dict[str, dict[str, Any]] = {}
    for name, check in CHECKS.items():
        try:
            bindings[name] = await check(ctx)
        except Exception as exc:  # a broken binding is reported, not raised: health must always answer
            bindings[name] = {"ok": False, "error": type(exc).__name__}
    healthy = all(state["ok"] for state in bindings.values())
    return {
        "status": "ok" if healthy else "degraded",
        "version": APP_VERSION,
        "runtime": ctx.runtime,
        "bindings": bindings,
    }
