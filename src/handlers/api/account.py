"""Mon compte: my sessions, my password, my second factor."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from handlers.api.deps import CurrentSession, EnrollingScope, Scope, requires
from handlers.api.errors import documented
from services.account import (
    change_password,
    confirm_totp,
    disable_totp,
    end_my_session,
    my_sessions,
    start_totp_enrolment,
)

router = APIRouter(prefix="/api/account", tags=["mon compte"], responses=documented(400, 401, 403, 422, 429))


class SessionInfoOut(BaseModel):
    id: str
    created_at: str
    last_seen_at: str
    user_agent: str
    client_ip: str
    current: bool


class SessionsOut(BaseModel):
    sessions: list[SessionInfoOut]


class PasswordChangeIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"current_password": "ancien mot de passe", "new_password": "nouveau mot de passe"}]
        },
    )

    current_password: str = Field(max_length=1024)
    new_password: str = Field(max_length=1024)


class TotpEnrolmentOut(BaseModel):
    secret: str
    otpauth_uri: str


class CodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"code": "123456"}]})

    code: str = Field(max_length=64)


class RecoveryCodesOut(BaseModel):
    recovery_codes: list[str]


class PasswordIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"password": "mon mot de passe"}]})

    password: str = Field(max_length=1024)


@router.get("/sessions", openapi_extra=requires("account.manage"))
async def account_sessions(scope: Scope, session: CurrentSession) -> SessionsOut:
    records = await my_sessions(scope)
    return SessionsOut(
        sessions=[
            SessionInfoOut(
                id=record.id,
                created_at=record.created_at,
                last_seen_at=record.last_seen_at,
                user_agent=record.user_agent,
                client_ip=record.client_ip,
                current=record.id == session.session_id,
            )
            for record in records
        ]
    )


@router.delete(
    "/sessions/{session_id}", status_code=204, responses=documented(404), openapi_extra=requires("account.manage")
)
async def account_session_end(scope: Scope, session_id: Annotated[str, Path(max_length=64)]) -> None:
    await end_my_session(scope, session_id)


@router.post("/password", status_code=204, openapi_extra=requires("account.manage"))
async def account_password(body: PasswordChangeIn, scope: Scope, session: CurrentSession) -> None:
    await change_password(scope, session, current=body.current_password, new=body.new_password)


class EnrolmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{}]})

    password: str | None = Field(None, max_length=1024, description="exigé pour remplacer un facteur déjà configuré")


@router.post("/totp/enrolment", openapi_extra=requires("account.manage"))
async def account_totp_enrolment(scope: EnrollingScope, body: EnrolmentIn | None = None) -> TotpEnrolmentOut:
    enrolment = await start_totp_enrolment(scope, body.password if body else None)
    return TotpEnrolmentOut(secret=enrolment.secret, otpauth_uri=enrolment.otpauth_uri)


@router.post("/totp/confirm", openapi_extra=requires("account.manage"))
async def account_totp_confirm(body: CodeIn, scope: EnrollingScope) -> RecoveryCodesOut:
    return RecoveryCodesOut(recovery_codes=await confirm_totp(scope, body.code))


@router.delete("/totp", status_code=204, openapi_extra=requires("account.manage"))
async def account_totp_disable(body: PasswordIn, scope: Scope) -> None:
    await disable_totp(scope, body.password)
