"""`GET /api/health`: version and the state of each binding. 200 when all are healthy, 503 otherwise."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from handlers.api.deps import context_of
from services.health import check_health

router = APIRouter()


@router.get("/api/health")
async def health(request: Request) -> JSONResponse:
    report = await check_health(context_of(request))
    return JSONResponse(report, status_code=200 if report["status"] == "ok" else 503)
