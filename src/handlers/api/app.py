"""The FastAPI application, identical on both runtimes; only the context factory differs."""

from __future__ import annotations

from fastapi import FastAPI

from handlers.api import (
    account,
    audit,
    auth,
    cabinet,
    calendar,
    clients,
    deadlines,
    documents,
    dossiers,
    echeances,
    health,
    inbound_mail,
    invitations,
    notifications,
    operator,
    people,
    rgpd,
    transcriptions,
)
from handlers.api.deps import ContextFactory
from handlers.api.errors import documented, install_error_renderers
from handlers.api.head import HeadAsGet
from handlers.api.search import router as search_router
from handlers.api.security import SecurityHeaders
from services.context import APP_VERSION

ROUTERS = (
    health.router,
    auth.router,
    invitations.router,
    account.router,
    people.router,
    cabinet.router,
    audit.router,
    operator.router,
    inbound_mail.router,
    inbound_mail.dossier_router,
    inbound_mail.operator_router,
    deadlines.router,
    clients.router,
    dossiers.router,
    dossiers.conflicts_router,
    documents.router,
    transcriptions.router,
    search_router,
    rgpd.router,
    *echeances.ROUTERS,
    calendar.router,
    calendar.feed_router,
    *notifications.ROUTERS,
)


def create_app(context_factory: ContextFactory) -> FastAPI:
    app = FastAPI(
        title="IA Poste Manager",
        version=APP_VERSION,
        docs_url="/api/docs",
        redoc_url=None,  # Workers only run the app for /api/*: a doc page elsewhere would never be served there
        swagger_ui_oauth2_redirect_url=None,
        openapi_url="/api/openapi.json",
        responses=documented(500),  # any route, on an unexpected failure: an incident id and nothing else
    )
    app.state.context_factory = context_factory
    for router in ROUTERS:
        app.include_router(router)
    install_error_renderers(app)
    app.add_middleware(SecurityHeaders)  # outside the error renderers: a 500 carries the protections too
    app.add_middleware(HeadAsGet)  # added last, so outermost: even a 500 or a rendered error loses its body on HEAD
    return app
