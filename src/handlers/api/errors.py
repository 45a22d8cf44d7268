"""Every error the API returns, rendered in one place, in French, as `{"erreur": code, "message": …}`:

- a `DomainError` (domain/errors.py draws the tree) with its status, and `champ` when it names a field;
- a request FastAPI could not validate: 422 with one `{champ, message}` per problem;
- Starlette's own HTTP errors (unknown path, wrong method, a body that is not even text);
- anything else: 500 with an incident id only. The log has the details under the same id; no SQL, driver or
  Python text ever reaches the client.

`documented(*statuses)` describes those bodies for the OpenAPI document (`responses=` on a router or a route), so
the schema names every answer a route can give; the suite fuzzes the served schema to keep it so.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.errors import DomainError

log = logging.getLogger("poste.api")

_HTTP_MESSAGES = {
    400: ("requete_illisible", "Corps de la requête illisible."),
    404: ("introuvable", "Ressource introuvable."),
    405: ("methode", "Méthode non autorisée."),
}
_OTHER_HTTP_ERROR = ("erreur_http", "Requête refusée.")


class ErrorOut(BaseModel):
    """Every error's body; `champ` names the field at fault when there is one."""

    erreur: str = Field(description="code stable, pour les programmes")
    message: str = Field(description="explication en français, pour les personnes")
    champ: str | None = Field(None, description="le champ en cause, s’il y en a un")


class ProblemOut(BaseModel):
    champ: str
    message: str


class InvalidRequestOut(ErrorOut):
    """422: a request the schema refuses (`details`, one per problem), or a value the rules refuse (`champ`)."""

    details: list[ProblemOut] | None = Field(None, description="chaque problème de la requête, champ par champ")


class IncidentOut(ErrorOut):
    incident: str = Field(description="référence à communiquer au support")


_DOCUMENTED: dict[int, tuple[type[BaseModel], str]] = {
    400: (ErrorOut, "Corps de la requête illisible (pas du texte UTF-8)."),
    401: (ErrorOut, "Session absente ou expirée."),
    403: (ErrorOut, "Action non permise à cette personne."),
    404: (ErrorOut, "Introuvable dans le cabinet de la session."),
    409: (ErrorOut, "Conflit avec l’état actuel."),
    413: (ErrorOut, "Trop volumineux."),
    415: (ErrorOut, "Le type déclaré contredit le contenu envoyé."),
    416: (ErrorOut, "Plage d’octets hors du contenu (`Content-Range: bytes */taille`)."),
    422: (InvalidRequestOut, "Requête invalide."),
    429: (ErrorOut, "Trop de tentatives : réessayer plus tard."),
    502: (ErrorOut, "Enregistré, mais le message ou le service extérieur n’a pas répondu."),
    500: (IncidentOut, "Erreur interne : seule une référence d’incident est donnée."),
}


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` of these error statuses, with the bodies this module renders."""
    return {status: {"model": _DOCUMENTED[status][0], "description": _DOCUMENTED[status][1]} for status in statuses}


def install_error_renderers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _render_domain_error)
    app.add_exception_handler(RequestValidationError, _render_validation_error)
    app.add_exception_handler(HTTPException, _render_http_error)
    app.add_middleware(IncidentMiddleware)


async def _render_domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    body: dict[str, object] = {**exc.details(), "erreur": exc.code, "message": exc.message}
    if exc.field:
        body["champ"] = exc.field
    return JSONResponse(body, status_code=exc.status)


async def _render_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"champ": ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")),
         "message": error.get("msg")}
        for error in exc.errors()
    ]  # fmt: skip
    return JSONResponse({"erreur": "requete_invalide", "message": "Requête invalide.", "details": problems}, 422)


async def _render_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code, message = _HTTP_MESSAGES.get(exc.status_code, _OTHER_HTTP_ERROR)
    return JSONResponse({"erreur": code, "message": message}, status_code=exc.status_code, headers=exc.headers)


class IncidentMiddleware:
    """Turns an unexpected exception into a 500 that names an incident id, and logs the details under it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            incident = secrets.token_hex(6)
            log.exception("incident %s: %s %s failed", incident, scope.get("method"), scope.get("path"))
            if started:  # too late for a clean answer: the server closes the connection
                raise
            body = {
                "erreur": "erreur_interne",
                "message": f"Erreur interne. Communiquez la référence {incident} au support.",
                "incident": incident,
            }
            await JSONResponse(body, status_code=500)(scope, receive, send)
