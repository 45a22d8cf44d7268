"""Realtime push, shared by the Durable Object (entry.py) and the local hub's WebSocket route.

A dashboard connects to `/api/realtime` with its session; the cabinet comes from the session, never from the URL.
Sessions are KV entries `session:{token}` holding JSON with at least `cabinet_id`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from http.cookies import CookieError, SimpleCookie

from services.context import AppContext
from services.ports import JsonDict

SESSION_COOKIE = "poste_session"
MAX_TOKEN_CHARS = 256  # tokens are short random strings; anything longer is not ours (and would not fit a KV key)
PATH = "/api/realtime"


def session_token(headers: Mapping[str, str]) -> str | None:
    """The session token from `Authorization: Bearer …` or the session cookie (header names in lower case)."""
    authorization = headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        return _plausible(authorization[7:].strip())
    try:
        cookie = SimpleCookie(headers.get("cookie", ""))
    except CookieError:
        return None
    morsel = cookie.get(SESSION_COOKIE)
    return _plausible(morsel.value) if morsel else None


def _plausible(token: str) -> str | None:
    return token if token and len(token) <= MAX_TOKEN_CHARS and token.isprintable() else None


async def cabinet_for_socket(ctx: AppContext, headers: Mapping[str, str]) -> str | None:
    token = session_token(headers)
    if token is None:
        return None
    raw = await ctx.kv.get(f"session:{token}")
    if raw is None:
        return None
    try:
        session = json.loads(raw)
    except ValueError:
        return None
    cabinet_id = session.get("cabinet_id") if isinstance(session, dict) else None
    return cabinet_id if isinstance(cabinet_id, str) and cabinet_id else None


def frame(event: JsonDict) -> str:
    return json.dumps(event, ensure_ascii=False, separators=(",", ":"))
