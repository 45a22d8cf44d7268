"""The FastAPI application, identical on both runtimes; only the context factory differs."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from domain.errors import DomainError
from handlers.api import health
from handlers.api.deps import ContextFactory
from services.context import APP_VERSION


def create_app(context_factory: ContextFactory) -> FastAPI:
    app = FastAPI(title="IA Poste Manager", version=APP_VERSION, docs_url="/api/docs", openapi_url="/api/openapi.json")
    app.state.context_factory = context_factory
    app.include_router(health.router)
    app.add_exception_handler(DomainError, _render_domain_error)
    app.add_exception_handler(RequestValidationError, _render_validation_error)
    app.add_exception_handler(HTTPException, _render_http_error)
    return app


async def _render_domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    body = {"erreur": exc.code, "message": exc.message}
    if exc.field:
        body["champ"] = exc.field
    return JSONResponse(body, status_code=exc.status)


async def _render_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"champ": ".".join(str(part) for part in error.get("loc", ()) if part != "body"), "message": error.get("msg")}
        for error in exc.errors()
    ]
    return JSONResponse({"erreur": "requete_invalide", "message": "Requête invalide.", "details": problems}, 422)


_HTTP_MESSAGES = {404: ("introuvable", "Ressource introuvable."), 405: ("methode", "Méthode non autorisée.")}


async def _render_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code, message = _HTTP_MESSAGES.get(exc.status_code, ("erreur_http", str(exc.detail)))
    return JSONResponse({"erreur": code, "message": message}, status_code=exc.status_code, headers=exc.headers)
