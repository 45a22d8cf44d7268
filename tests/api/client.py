"""The interface every in-process API test is written against, whichever runtime answers it.

Each `async def test_*(api)` in `tests/api/` takes one fixture, `api`:
- `api.context`: the AppContext of the runtime under test, for seeding through `services/` (never raw SQL);
- `await api.request(method, path, json=..., content=..., headers=...)`: one HTTP request to the real application;
- `await api.sent_mail()`: the mail the application sent through `context.mailer`, as (recipient, raw bytes)
  pairs in sending order (parse with `email.message_from_bytes(raw, policy=email.policy.default)`).

Locally (tests/api/conftest.py) that is httpx over the ASGI app with real SQLite and the real migrations, mail
going to the outbox folder; in the Workers harness it is `entry.py`'s `fetch` over Miniflare's bindings, mail
going through its send_email binding. So every route runs on both by construction.
"""

from __future__ import annotations

import json as jsonlib
from dataclasses import dataclass, field
from typing import Any, Protocol

from services.context import AppContext


@dataclass(frozen=True)
class ApiResponse:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)  # names in lower case

    def json(self) -> Any:
        return jsonlib.loads(self.body)


class ApiClient(Protocol):
    @property
    def context(self) -> AppContext: ...

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        content: bytes | str | None = None,
        headers: dict[str, str] | None = None,
    ) -> ApiResponse: ...

    async def sent_mail(self) -> list[tuple[str, bytes]]: ...
