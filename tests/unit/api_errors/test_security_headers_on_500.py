"""An unexpected failure (the 500 with an incident id) carries the browser protections like every other answer."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import httpx
import pytest

from handlers.api.app import create_app
from handlers.api.security import SECURITY_HEADERS
from services.context import AppContext


def _no_context(scope: MutableMapping[str, Any]) -> AppContext:
    raise AssertionError("the failing route needs no context")


async def test_an_internal_error_is_answered_with_the_protections(caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(_no_context)

    @app.get("/api/panne")
    async def failing() -> None:
        raise RuntimeError("boom")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="https://iapostemanager.test") as client:
        response = await client.get("/api/panne")
    assert response.status_code == 500
    assert response.json()["erreur"] == "erreur_interne"
    for name, value in SECURITY_HEADERS:
        assert response.headers[name] == value
    assert "access-control-allow-origin" not in response.headers
