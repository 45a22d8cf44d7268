"""Logging in and out, the current session, and password reset by emailed link (docs/people.md: the login contract
is stable — `POST /api/auth/login` sets the cookie and answers `csrf_token`)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from domain.errors import Unauthorized
from handlers.api.cookies import clear_session_cookie, set_session_cookie
from handlers.api.deps import Anonymous, CurrentSession, EnrollingScope, requires
from handlers.api.errors import documented
from handlers.api.people_models import SessionOut
from services.auth import login, logout, logout_others
from services.password_reset import complete_reset, request_reset
from services.sessions import presented_token

router = APIRouter(prefix="/api/auth", tags=["session"], responses=documented(400, 403, 422))


class LoginIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"email": "marie.dupont@cabinet-martin.fr", "password": "un mot de passe long"}]
        },
    )

    email: str = Field(max_length=320)
    password: str = Field(max_length=1024)
    totp: str | None = Field(None, max_length=64, description="code à 6 chiffres, ou un code de secours")


class EmailIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"email": "marie.dupont@cabinet-martin.fr"}]}
    )

    email: str = Field(max_length=320)


class ResetIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"token": "jeton-du-lien", "password": "un mot de passe long"}]}
    )

    token: str = Field(max_length=256)
    password: str = Field(max_length=1024)


class MessageOut(BaseModel):
    message: str


class EndedOut(BaseModel):
    ended: int


@router.post("/login", responses=documented(401, 429))
async def auth_login(body: LoginIn, request: Request, response: Response, system: Anonymous) -> SessionOut:
    signed_in = await login(system, email=body.email, password=body.password, totp=body.totp)
    set_session_cookie(request, response, signed_in.opened.token, system.ctx)
    return SessionOut.of(signed_in.opened.csrf_token, signed_in.person, signed_in.cabinet)


@router.get("/session", responses=documented(401), openapi_extra=requires("account.manage"))
async def auth_session(scope: EnrollingScope, session: CurrentSession) -> SessionOut:
    person = await scope.people.get(session.actor.id)
    cabinet = await scope.cabinet.get()
    if person is None or cabinet is None:
        raise Unauthorized("Session requise : connectez-vous.")
    return SessionOut.of(session.csrf_token, person, cabinet)


@router.post("/logout", status_code=204, responses=documented(401), openapi_extra=requires("account.manage"))
async def auth_logout(request: Request, response: Response, scope: EnrollingScope, session: CurrentSession) -> None:
    presented = presented_token({key.lower(): value for key, value in request.headers.items()})
    await logout(scope, session, session.new_token or (presented[0] if presented else ""))
    clear_session_cookie(request, response, scope.ctx)


@router.post("/logout-others", responses=documented(401), openapi_extra=requires("account.manage"))
async def auth_logout_others(scope: EnrollingScope, session: CurrentSession) -> EndedOut:
    return EndedOut(ended=await logout_others(scope, session))


@router.post("/password-reset", status_code=202, responses=documented(429))
async def auth_password_reset(body: EmailIn, system: Anonymous) -> MessageOut:
    await request_reset(system, body.email)
    return MessageOut(
        message="Si un compte existe pour cette adresse, un lien de réinitialisation vient d'y être envoyé "
        "(valable une heure)."
    )


@router.post("/password-reset/complete", status_code=204, responses=documented(404))
async def auth_password_reset_complete(body: ResetIn, system: Anonymous) -> None:
    await complete_reset(system, body.token, body.password)
