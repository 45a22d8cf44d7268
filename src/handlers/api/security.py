"""The browser protections on every answer of the API, the same on both runtimes.

Workers Static Assets applies `web/public/_headers` to the files it serves, never to what the Worker answers: the
API (`/api/*` and the calendar feeds `/calendar/*`, `run_worker_first`) gets the same protections from this
middleware instead. They are the `/*` block of that file, value for value (a test keeps the two equal); the local
runtime applies the file itself to its static files (`local/asset_headers.py`), so this middleware leaves every
other path alone.

A route may send its own, stricter Content-Security-Policy (a document's content does): it is kept, and the
API's policy is enforced with it.

One kind of answer is meant to be framed: a message's sanitised HTML (`GET /api/mail/{id}/html`), shown by the app
in a sandboxed iframe. A route answering with exactly `FRAMED_DOCUMENT_POLICY` keeps that policy alone (the API's
`frame-ancestors 'none'` would forbid the frame; the framed policy is stricter on every other fetch: no script,
no remote image, font, style sheet or form, a `sandbox` of its own), gets `X-Frame-Options: SAMEORIGIN` and keeps
its own `Referrer-Policy`. Every other answer stays unframeable (`frame-ancestors 'none'`, `DENY`).

No `Access-Control-Allow-Origin` is ever sent: the API serves the app's own origin only.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_PREFIX = "/api"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; "
    "manifest-src 'self'; media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-src 'self'; frame-ancestors 'none'; worker-src 'none'; require-trusted-types-for 'script'; "
    "trusted-types 'none'"
)
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "hid=(), idle-detection=(), magnetometer=(), microphone=(self), midi=(), payment=(), serial=(), usb=(), "
    "xr-spatial-tracking=(), browsing-topics=()"
)
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("Strict-Transport-Security", "max-age=63072000; includeSubDomains"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Permissions-Policy", PERMISSIONS_POLICY),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
)

# The one policy under which an API answer may be framed, by the app's own origin only. `form-action` and
# `base-uri` do not fall back to `default-src`: they are closed explicitly.
FRAMED_DOCUMENT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data: cid:; form-action 'none'; base-uri 'none'; "
    "sandbox; frame-ancestors 'self'"
)
_FRAMED_OWN = {"Content-Security-Policy", "Referrer-Policy"}  # kept as the framed answer sets them
_FRAMED_SET = {"X-Frame-Options": "SAMEORIGIN"}


WORKER_FIRST = (API_PREFIX, "/calendar")  # wrangler.toml's run_worker_first: what the application answers


def is_api_path(path: str) -> bool:
    return any(path == prefix or path.startswith(prefix + "/") for prefix in WORKER_FIRST)


class SecurityHeaders:
    """Sets the protections on every HTTP answer under `/api`, errors and 500s included (it wraps them all)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_api_path(str(scope.get("path", ""))):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                protect(MutableHeaders(scope=message))
            await send(message)

        await self.app(scope, receive, send_with_headers)


def protect(headers: MutableHeaders) -> None:
    framed = headers.get("Content-Security-Policy") == FRAMED_DOCUMENT_POLICY
    for name, value in SECURITY_HEADERS:
        if framed and name in _FRAMED_OWN and name in headers:
            continue
        if framed and name in _FRAMED_SET:
            headers[name] = _FRAMED_SET[name]
        elif name == "Content-Security-Policy" and name in headers:
            # A route's stricter policy stays: a comma-separated list is two policies, both enforced
            # (one header, as every runtime's header conversion keeps it)
            headers[name] = f"{headers[name]}, {value}"
        else:
            headers[name] = value
    del headers["access-control-allow-origin"]
