"""Sessions: who is behind a request, and for which cabinet.

A session is an opaque random token held by the browser (cookie) or a tool (`Authorization: Bearer`). KV maps the
token's digest to the session (`session:{digest}` → cabinet, person, session id, CSRF token); D1 keeps the index
of open sessions. Every request checks its D1 row joined with the person: KV is eventually consistent (a deletion
can take a minute to reach other locations), D1 is not, so logout, "log out my other sessions", a password change
and a deactivation hold at once everywhere. A session opened with another role than the person's current one is
rotated (a new token, the old one ended) on its next request.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from domain.actors import Actor, Role
from domain.audit import Client
from domain.errors import Unauthorized
from domain.people import Person
from domain.sessions import ABSOLUTE_LIFETIME, IDLE_TIMEOUT, TOUCH_EVERY, SessionRecord, token_digest
from services.context import AppContext
from services.scope import CabinetScope

SECURE_COOKIE = "__Host-poste_session"  # HTTPS: bound to the exact host, Secure, Path=/
LOOPBACK_COOKIE = "poste_session"  # plain-HTTP loopback, where browsers refuse __Host- and Secure cookies
MAX_TOKEN_CHARS = 256  # tokens are short random strings; anything longer is not ours (and would not fit a KV key)
KV_TTL_SECONDS = int(ABSOLUTE_LIFETIME.total_seconds())


@dataclass(frozen=True)
class Session:
    cabinet_id: str
    actor: Actor
    session_id: str
    csrf_token: str
    totp_enabled: bool
    totp_required: bool  # the cabinet requires a second factor (until enrolled, only enrolment is open)
    via_cookie: bool  # a browser's cookie (CSRF defence applies), or a tool's bearer token
    issued_role: Role | None = None  # the role the session was opened with, when the person's has changed since
    new_token: str | None = None  # set when this request rotated the session: the cookie to send back


@dataclass(frozen=True)
class OpenedSession:
    token: str
    csrf_token: str
    record: SessionRecord


def presented_token(headers: Mapping[str, str]) -> tuple[str, bool] | None:
    """The token from `Authorization: Bearer …` or a session cookie (header names in lower case), and whether it
    came from a cookie."""
    authorization = headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        token = _plausible(authorization[7:].strip())
        return (token, False) if token else None
    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name in (SECURE_COOKIE, LOOPBACK_COOKIE):
            token = _plausible(value.strip().strip('"'))
            if token:
                return token, True
    return None


def _plausible(token: str) -> str | None:
    # Our tokens are URL-safe ASCII; anything else (header text arrives as latin-1) cannot be one.
    return token if token and len(token) <= MAX_TOKEN_CHARS and token.isascii() and token.isprintable() else None


def new_session(scope: CabinetScope, person: Person, client: Client) -> tuple[OpenedSession, SessionRecord]:
    """A fresh session for the person: its token and its D1 row, to be committed by the caller with its own audit
    entry (a login, an accepted invitation) and then stored in KV with `store_session`."""
    ctx = scope.ctx
    now = ctx.clock.now()
    client = client.trimmed()
    record = SessionRecord(
        id=ctx.ids.new_id(),
        cabinet_id=scope.cabinet_id,
        person_id=person.id,
        role=person.role,
        created_at=now.isoformat(),
        last_seen_at=now.isoformat(),
        expires_at=(now + ABSOLUTE_LIFETIME).isoformat(),
        user_agent=client.user_agent,
        client_ip=client.ip,
    )
    return OpenedSession(ctx.ids.new_token(), ctx.ids.new_token(), record), record


async def start_session(scope: CabinetScope, person: Person, client: Client) -> OpenedSession:
    """Opens a session for a person whose identity is already established (seeding, tools): its row, its audit
    entry, its KV entry."""
    opened, record = new_session(scope, person, client)
    await scope.acting_as(Actor("person", person.id, person.role)).commit(
        scope.sessions.insert(record), action="auth.session_opened", subject=person.id
    )
    await store_session(scope.ctx, opened)
    return opened


async def store_session(ctx: AppContext, opened: OpenedSession) -> None:
    record = opened.record
    payload = {
        "session_id": record.id,
        "cabinet_id": record.cabinet_id,
        "person_id": record.person_id,
        "csrf_token": opened.csrf_token,
    }
    await ctx.kv.put(f"session:{token_digest(opened.token)}", json.dumps(payload), ttl_seconds=KV_TTL_SECONDS)


async def forget_token(ctx: AppContext, token: str) -> None:
    await ctx.kv.delete(f"session:{token_digest(token)}")


async def find_session(ctx: AppContext, headers: Mapping[str, str], client: Client | None = None) -> Session | None:
    presented = presented_token(headers)
    if presented is None:
        return None
    token, via_cookie = presented
    payload = await _payload(ctx, token)
    if payload is None:
        return None
    session_id, cabinet_id, person_id, csrf_token = payload
    now = ctx.clock.now()
    scope = CabinetScope(ctx, cabinet_id, Actor("person", person_id), "api", client or Client())
    live = await scope.sessions.live(session_id, now=now.isoformat(), idle_since=(now - IDLE_TIMEOUT).isoformat())
    if live is None or live.record.person_id != person_id:
        return None
    session = Session(
        cabinet_id,
        Actor("person", person_id, live.person_role),
        session_id,
        csrf_token,
        live.totp_enabled,
        live.totp_required,
        via_cookie,
    )
    if live.person_role != live.record.role:
        # The actor already carries the current role; the browser's token is replaced by `rotate` once the request
        # has passed its CSRF check (a forged request must not make the person lose their session).
        session = replace(session, issued_role=live.record.role)
    if now - datetime.fromisoformat(live.record.last_seen_at) >= TOUCH_EVERY:
        await scope.sessions.mark_seen(session_id, now.isoformat())
    return session


async def require_session(ctx: AppContext, headers: Mapping[str, str], client: Client | None = None) -> Session:
    session = await find_session(ctx, headers, client)
    if session is None:
        raise Unauthorized("Session requise : connectez-vous.")
    return session


def csrf_matches(session: Session, presented: str | None) -> bool:
    return presented is not None and hmac.compare_digest(session.csrf_token.encode(), presented.encode("utf-8"))


async def _payload(ctx: AppContext, token: str) -> tuple[str, str, str, str] | None:
    raw = await ctx.kv.get(f"session:{token_digest(token)}")
    if raw is None:
        return None
    try:
        payload = json.loads(raw)
        fields = (payload["session_id"], payload["cabinet_id"], payload["person_id"], payload["csrf_token"])
    except (ValueError, KeyError, TypeError):
        return None
    if not all(isinstance(value, str) and value for value in fields):
        return None
    return fields


async def rotate(ctx: AppContext, session: Session, old_token: str, client: Client) -> Session:
    """The person's role changed since the browser's session was opened: a new session (new token, new CSRF token)
    with the current role replaces it, so no cookie carries a privilege it was not issued with. (A tool's bearer
    token keeps working with the current role: it has no cookie to receive a new token in.)"""
    role = session.actor.role
    if session.issued_role is None or role is None:
        return session
    scope = CabinetScope(ctx, session.cabinet_id, session.actor, "api", client)
    now = ctx.clock.now().isoformat()
    person = Person(session.actor.id, scope.cabinet_id, "", "", role, True, session.totp_enabled, "")
    opened, record = new_session(scope, person, client)
    await scope.commit(
        scope.sessions.end(session.session_id, person.id, now, "rotation"),
        scope.sessions.insert(record),
        action="auth.session_rotated",
        subject=person.id,
        summary=f"rôle : {session.issued_role.value} → {role.value}",
    )
    await store_session(ctx, opened)
    await forget_token(ctx, old_token)
    return replace(session, session_id=record.id, csrf_token=opened.csrf_token, issued_role=None,
                   new_token=opened.token)  # fmt: skip
