"""What routes depend on, as `Annotated` aliases: the application context (from the runtime's factory), the
session and the cabinet scope built from it (the cabinet comes from the session: never from the URL or the body),
and `requires`, the mark that publishes the permission a route's use case enforces.

Browser protections are checked here, once for every route: a state-changing request authenticated by the cookie
must come from the app's own origin and carry the session's CSRF token (`X-CSRF-Token`); a person whose cabinet
requires a second factor reaches only their enrolment until it is done.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Annotated, Any

from fastapi import Depends, Request, Response

from domain.actors import PERSON_PERMISSIONS, Actor
from domain.audit import Client
from domain.errors import Forbidden
from handlers.api.cookies import served_over_https, set_session_cookie
from services.context import AppContext
from services.scope import CabinetScope, SystemScope
from services.sessions import Session, csrf_matches, presented_token, require_session, rotate

ContextFactory = Callable[[MutableMapping[str, Any]], AppContext]
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_REFUSED = "Requête refusée : rechargez la page et recommencez (jeton de sécurité absent ou périmé)."
ORIGIN_REFUSED = "Requête refusée : elle ne vient pas de l'application."


def context_of(request: Request) -> AppContext:
    factory: ContextFactory = request.app.state.context_factory
    return factory(request.scope)


Context = Annotated[AppContext, Depends(context_of)]


def client_of(request: Request, ctx: AppContext) -> Client:
    """Where the request came from. On Workers, Cloudflare's `CF-Connecting-IP` (set by the edge, not the client);
    locally, the socket's peer (the header could be forged there)."""
    if ctx.runtime == "cloudflare":
        ip = request.headers.get("cf-connecting-ip", "")
    else:
        ip = request.client.host if request.client else ""
    return Client(ip, request.headers.get("user-agent", "")).trimmed()


def ensure_same_origin(request: Request, ctx: AppContext) -> None:
    """A browser names the page that sent a request in `Origin`: it must be ours (login CSRF, cross-site forms)."""
    origin = request.headers.get("origin")
    scheme = "https" if served_over_https(request, ctx) else "http"
    if origin is not None and origin != f"{scheme}://{request.headers.get('host', '')}":
        raise Forbidden(ORIGIN_REFUSED, code="origine")


async def current_session(request: Request, response: Response, ctx: Context) -> Session:
    """401 without a valid session; 403 for a cookie-authenticated change without the CSRF token or from
    another origin. A session rotated by this request sends its new cookie back."""
    headers = {key.lower(): value for key, value in request.headers.items()}
    client = client_of(request, ctx)
    session = await require_session(ctx, headers, client)
    if session.via_cookie and request.method not in SAFE_METHODS:
        ensure_same_origin(request, ctx)
        if not csrf_matches(session, request.headers.get("x-csrf-token")):
            raise Forbidden(CSRF_REFUSED, code="csrf")
    presented = presented_token(headers)
    if session.via_cookie and session.issued_role is not None and presented:
        session = await rotate(ctx, session, presented[0], client)
        if session.new_token:
            set_session_cookie(request, response, session.new_token, ctx)
    return session


CurrentSession = Annotated[Session, Depends(current_session)]


def _scope(request: Request, ctx: AppContext, session: Session) -> CabinetScope:
    return CabinetScope(ctx, session.cabinet_id, session.actor, "api", client_of(request, ctx), session.session_id)


async def enrolling_scope(request: Request, ctx: Context, session: CurrentSession) -> CabinetScope:
    """The scope of a route open to a person who still has to set up their second factor."""
    return _scope(request, ctx, session)


async def cabinet_scope(request: Request, ctx: Context, session: CurrentSession) -> CabinetScope:
    if session.totp_required and not session.totp_enabled:
        raise Forbidden("Le cabinet exige la double authentification : configurez-la d'abord.",
                        code="totp_a_configurer")  # fmt: skip
    return _scope(request, ctx, session)


Scope = Annotated[CabinetScope, Depends(cabinet_scope)]
EnrollingScope = Annotated[CabinetScope, Depends(enrolling_scope)]


def current_actor(scope: Scope) -> Actor:
    return scope.actor


CurrentActor = Annotated[Actor, Depends(current_actor)]


async def anonymous_scope(request: Request, ctx: Context) -> SystemScope:
    """Before anyone is known (login, invitation links, reset): the platform acts, from the client's address; a
    change must come from our origin."""
    if request.method not in SAFE_METHODS:
        ensure_same_origin(request, ctx)
    return SystemScope(ctx, Actor("system", "auth"), "api", client_of(request, ctx))


Anonymous = Annotated[SystemScope, Depends(anonymous_scope)]


PERMISSION_MARK = "x-permission"


def requires(permission: str) -> dict[str, Any]:
    """A route's `openapi_extra`: the permission its use case enforces, published as `x-permission` on the
    operation in the OpenAPI document. It enforces nothing itself (the use case does, for the CLI as well); the
    isolation tests (tests/api/test_isolation.py) read it to call the route as every role that lacks it."""
    if permission not in PERSON_PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}: add it to domain.actors.PERSON_PERMISSIONS")
    return {PERMISSION_MARK: permission}
