"""The local `api` fixture: httpx over the shared ASGI app, with the local runtime's real adapters in a tmp folder."""

from __future__ import annotations

from collections.abc import AsyncIterator
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import httpx
import pytest

from local.config import LocalConfig
from local.http import build_local_app
from local.runtime import open_runtime, outbox_folder
from services.context import AppContext, AppSettings
from tests.api.client import ApiResponse

# One round of 100,000 PBKDF2 iterations instead of six: the suites seed hundreds of people (the production
# parameters are exercised by tests/unit/test_passwords.py and the key-derivation contract tests).
TEST_SETTINGS = AppSettings(password_rounds=1, max_upload_bytes=2 * 1024 * 1024)  # as the Workers harness


class LocalApiClient:
    def __init__(self, context: AppContext, client: httpx.AsyncClient, outbox: Path) -> None:
        self._context = context
        self._client = client
        self._outbox = outbox

    @property
    def context(self) -> AppContext:
        return self._context

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        content: bytes | str | None = None,
        headers: dict[str, str] | None = None,
    ) -> ApiResponse:
        response = await self._client.request(method, path, json=json, content=content, headers=headers)
        self._client.cookies.clear()  # a test sends its cookies itself, as under Pyodide (no cookie jar there)
        return ApiResponse(
            status=response.status_code,
            body=response.content,
            headers={key.lower(): value for key, value in response.headers.items()},
        )

    async def sent_mail(self) -> list[tuple[str, bytes]]:
        files = sorted(self._outbox.glob("*.eml"), key=lambda path: path.stat().st_mtime_ns)
        raws = [path.read_bytes() for path in files]
        return [(str(message_from_bytes(raw, policy=policy.default)["To"]), raw) for raw in raws]


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[LocalApiClient]:
    config = LocalConfig(data_dir=tmp_path / "data", public_dir=tmp_path / "no-public", settings=TEST_SETTINGS)
    runtime = open_runtime(config)
    app = build_local_app(runtime.context, runtime.config.public_dir)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://iapostemanager.test") as client:
        yield LocalApiClient(runtime.context, client, outbox_folder(runtime.config.data_dir))
    runtime.close()
