"""`GET /api/health`: version and the state of each binding. 200 when all are healthy, 503 otherwise."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from handlers.api.deps import Context
from services.health import check_health

router = APIRouter()


@router.get("/api/health")
async def health(ctx: Context) -> JSONResponse:
    report = await check_health(ctx)
    return JSONResponse(report, status_code=200 if report["status"] == "ok" else 503)
