"""What routes depend on: the application context, resolved once per request from the runtime's factory."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any

from fastapi import Request

from services.context import AppContext

ContextFactory = Callable[[MutableMapping[str, Any]], AppContext]


def context_of(request: Request) -> AppContext:
    factory: ContextFactory = request.app.state.context_factory
    return factory(request.scope)
