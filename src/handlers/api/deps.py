"""What routes depend on, as `Annotated` aliases: the application context (from the runtime's factory), the
cabinet scope (from the session: never from the URL or the body) and the actor."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Annotated, Any

from fastapi import Depends, Request

from domain.actors import Actor
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
