"""`GET /api/health`: version and the state of each binding. 200 when all are healthy, 503 otherwise."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from handlers.api.deps import Context
from services.health import check_health

router = APIRouter()


UNHEALTHY: dict[int | str, dict[str, Any]] = {
    503: {"description": "Au moins un service est indisponible : le même rapport, qui dit lequel."}
}


@router.get("/api/health", responses=UNHEALTHY)
async def health(ctx: Context) -> JSONResponse:
    report = await check_health(ctx)
    return JSONResponse(report, status_code=200 if report["status"] == "ok" else 503)
