"""The session's cabinet and its settings (read by everyone in it; changed by its associés)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from handlers.api.deps import Scope, requires
from handlers.api.errors import documented
from handlers.api.people_models import CabinetOut
from services.cabinets import SettingsChange, change_settings, get_cabinet

router = APIRouter(prefix="/api/cabinet", tags=["cabinet"], responses=documented(400, 401, 403, 422))


class SettingsIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"alert_days": [15, 7, 1, 0]}]})

    name: str | None = Field(None, max_length=200)
    timezone: str | None = Field(None, max_length=64)
    court_zone: str | None = Field(None, max_length=40)
    alert_days: list[int] | None = Field(None, max_length=10)
    retention_days: int | None = Field(None, ge=0, le=100_000)
    totp_policy: Literal["optional", "required"] | None = Field(None, description="2FA exigée de tous, ou non")


@router.get("", openapi_extra=requires("cabinet.read"))
async def cabinet_get(scope: Scope) -> CabinetOut:
    return CabinetOut.of(await get_cabinet(scope))


@router.patch("", openapi_extra=requires("cabinet.manage"))
async def cabinet_settings(body: SettingsIn, scope: Scope) -> CabinetOut:
    return CabinetOut.of(await change_settings(scope, SettingsChange(**body.model_dump())))
