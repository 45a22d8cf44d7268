"""Sessions: who is behind a request, and for which cabinet. Stored in KV as `session:{token}` → JSON.

The foundation opens them for tests and tools; the login of the cabinets-and-people feature opens them for people.
A session names a person and their role: the cabinet always comes from here, never from the request.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie

from domain.actors import Actor, Role
from domain.errors import Unauthorized
from services.context import AppContext

SESSION_COOKIE = "poste_session"
SESSION_TTL_SECONDS = 12 * 3600
MAX_TOKEN_CHARS = 256  # tokens are short random strings; anything longer is not ours (and would not fit a KV key)


@dataclass(frozen=True)
class Session:
    cabinet_id: str
    actor: Actor


def session_token(headers: Mapping[str, str]) -> str | None:
    """The token from `Authorization: Bearer …` or the session cookie (header names in lower case)."""
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
    # Our tokens are URL-safe ASCII; anything else (header text arrives as latin-1) cannot be one, and would not fit
    # a KV key once encoded.
    return token if token and len(token) <= MAX_TOKEN_CHARS and token.isascii() and token.isprintable() else None


async def open_session(ctx: AppContext, cabinet_id: str, person_id: str, role: Role) -> str:
    token = ctx.ids.new_token()
    payload = {"cabinet_id": cabinet_id, "person_id": person_id, "role": role.value}
    await ctx.kv.put(f"session:{token}", json.dumps(payload), ttl_seconds=SESSION_TTL_SECONDS)
    return token


async def find_session(ctx: AppContext, headers: Mapping[str, str]) -> Session | None:
    token = session_token(headers)
    raw = await ctx.kv.get(f"session:{token}") if token else None
    if raw is None:
        return None
    try:
        payload = json.loads(raw)
        cabinet_id, person_id = payload["cabinet_id"], payload.get("person_id", "")
        role = Role(payload["role"]) if payload.get("role") else None
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(cabinet_id, str) or not cabinet_id:
        return None
    return Session(cabinet_id, Actor("person", str(person_id), role))


async def require_session(ctx: AppContext, headers: Mapping[str, str]) -> Session:
    session = await find_session(ctx, headers)
    if session is None:
        raise Unauthorized("Session requise : connectez-vous.")
    return session
