"""`HEAD` answers exactly as `GET` would, without the body (RFC 9110 §9.3.2): uptime monitors probe with it.

FastAPI's routes accept only the methods they declare, so `HEAD /api/health` was a 405. Declaring HEAD on every
route would also give each path a second, duplicate operation in the OpenAPI document; instead a HEAD request is
routed as a GET (same dependencies, same session rules, same status and headers) and its body is dropped here, so
both runtimes behave alike whatever their server does with a HEAD response's body.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"

        async def send_as_head(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                message = {**message, "headers": _allow_head_with_get(message.get("headers", ()))}
            elif head and message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        # A copy: the server keeps its own scope, where the method is still HEAD (uvicorn checks it when writing).
        routed = {**scope, "method": "GET"} if head else scope
        await self.app(routed, receive, send_as_head)


def _allow_head_with_get(headers: Iterable[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """A 405's `Allow` names HEAD wherever it names GET, since every GET route now answers HEAD too."""
    rewritten = []
    for name, value in headers:
        methods = [method.strip() for method in value.split(b",")]
        if name.lower() == b"allow" and b"GET" in methods and b"HEAD" not in methods:
            value = value + b", HEAD"
        rewritten.append((name, value))
    return rewritten
