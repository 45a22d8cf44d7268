"""What routes depend on, as `Annotated` aliases: the application context (from the runtime's factory), the
cabinet scope (from the session: never from the URL or the body) and the actor; and `requires`, the mark that
publishes the permission a route's use case enforces."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Annotated, Any

from fastapi import Depends, Request

from domain.actors import PERSON_PERMISSIONS, Actor
from services.context import AppContext
from services.scope import CabinetScope
from services.sessions import require_session

ContextFactory = Callable[[MutableMapping[str, Any]], AppContext]


def context_of(request: Request) -> AppContext:
    factory: ContextFactory = request.app.state.context_factory
    return factory(request.scope)


Context = Annotated[AppContext, Depends(context_of)]


async def cabinet_scope(request: Request, ctx: Context) -> CabinetScope:
    """401 without a valid session; otherwise the scope of the session's cabinet and person."""
    headers = {key.lower(): value for key, value in request.headers.items()}
    session = await require_session(ctx, headers)
    return CabinetScope(ctx, session.cabinet_id, session.actor, "api")


Scope = Annotated[CabinetScope, Depends(cabinet_scope)]


def current_actor(scope: Scope) -> Actor:
    return scope.actor


CurrentActor = Annotated[Actor, Depends(current_actor)]


PERMISSION_MARK = "x-permission"


def requires(permission: str) -> dict[str, Any]:
    """A route's `openapi_extra`: the permission its use case enforces, published as `x-permission` on the
    operation in the OpenAPI document. It enforces nothing itself (the use case does, for the CLI as well); the
    isolation tests (tests/api/test_isolation.py) read it to call the route as every role that lacks it."""
    if permission not in PERSON_PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}: add it to domain.actors.PERSON_PERMISSIONS")
    return {PERMISSION_MARK: permission}
