"""The session cookie. Over HTTPS (always, on Workers): `__Host-poste_session`, HttpOnly, Secure, SameSite=Lax,
Path=/ — bound to the exact host, unreadable by scripts, not sent by cross-site forms. On plain-HTTP loopback (the
local runtime), browsers refuse `Secure` and `__Host-` cookies: the cookie is `poste_session` without them, and
`./poste serve` says so."""

from __future__ import annotations

from fastapi import Request, Response

from domain.sessions import ABSOLUTE_LIFETIME
from services.context import AppContext
from services.sessions import LOOPBACK_COOKIE, SECURE_COOKIE


def served_over_https(request: Request, ctx: AppContext) -> bool:
    """Workers are only ever reached over HTTPS (Cloudflare's edge terminates TLS); locally, as the request says."""
    return ctx.runtime == "cloudflare" or request.url.scheme == "https"


def set_session_cookie(request: Request, response: Response, token: str, ctx: AppContext) -> None:
    secure = served_over_https(request, ctx)
    response.set_cookie(
        SECURE_COOKIE if secure else LOOPBACK_COOKIE,
        token,
        max_age=int(ABSOLUTE_LIFETIME.total_seconds()),
        path="/",
        secure=secure,
        httponly=True,
        samesite="lax",
    )


def clear_session_cookie(request: Request, response: Response, ctx: AppContext) -> None:
    secure = served_over_https(request, ctx)
    response.delete_cookie(
        SECURE_COOKIE if secure else LOOPBACK_COOKIE, path="/", secure=secure, httponly=True, samesite="lax"
    )
