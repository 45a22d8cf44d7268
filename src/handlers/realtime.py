"""Realtime push, shared by the Durable Object (entry.py over handlers/hub_room.py) and the local WebSocket route.

A dashboard connects to `/api/realtime?since=<seq>` with its session; the cabinet comes from the session, never from
the URL. On connect it is sent what it missed after `since` (the replay), then `ready`, then live frames
(docs/realtime.md).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from services.context import AppContext
from services.ports import JsonDict
from services.sessions import find_session

PATH = "/api/realtime"

# Close code of a socket whose person lost access (deactivated, session ended): 4000-4999 are the application's own
# (RFC 6455).
ACCESS_WITHDRAWN = 4003
ACCESS_WITHDRAWN_REASON = "Accès retiré."
SESSION_REQUIRED = "Session requise."
BAD_SINCE = "Paramètre since invalide : un entier positif ou nul est attendu."

MAX_SINCE_DIGITS = 18  # seq is a SQLite integer: anything longer is not one of ours


@dataclass(frozen=True)
class SocketOwner:
    """Who a socket belongs to: it carries these (tags and attachment on Workers, the subscriber record locally)."""

    cabinet_id: str
    person_id: str
    session_id: str
    role: str


async def socket_owner(ctx: AppContext, headers: Mapping[str, str], scheme: str) -> SocketOwner | None:
    """The owner of the session a dashboard connects with, or None: no session, a page of another origin (browsers
    send the cookie with a cross-site WebSocket upgrade), or a person whose cabinet requires a second factor they
    have not set up yet (every other route is closed to them too)."""
    origin = headers.get("origin")
    if origin is not None and origin != f"{scheme}://{headers.get('host', '')}":
        return None
    session = await find_session(ctx, headers)
    if session is None or (session.totp_required and not session.totp_enabled):
        return None
    role = session.actor.role.value if session.actor.role is not None else ""
    return SocketOwner(session.cabinet_id, session.actor.id, session.session_id, role)


def parse_since(raw: str | None) -> int | None:
    """The `since` query value: absent or empty is 0; None when it is not a whole number ≥ 0 (refused: 400)."""
    if raw is None or raw == "":
        return 0
    if not raw.isascii() or not raw.isdigit() or len(raw) > MAX_SINCE_DIGITS:
        return None
    return int(raw)


def ready_seq(frames: list[JsonDict]) -> int:
    """The `last_seq` of the `ready` frame closing a replay: live notifications at or below it were replayed."""
    for item in reversed(frames):
        if item.get("type") == "ready":
            return int(item["last_seq"])
    return 0


def audience(event: JsonDict) -> set[str] | None:
    """The people a published event is for (its `to`), or None: everyone connected to the cabinet."""
    people = event.get("to")
    return None if people is None else {str(person) for person in people}


def live_frame(event: JsonDict) -> JsonDict:
    """A published event as sent: without its audience."""
    return {key: value for key, value in event.items() if key != "to"}


def already_sent(item: JsonDict, ready_seq: int) -> bool:
    """A live notification at or below the `ready` frame's `last_seq` was committed before the replay was read:
    it was replayed (or, after a `resync`, is in the lists the dashboard reloads), so it is not sent twice."""
    seq = item.get("seq")
    return item.get("type") == "notification" and isinstance(seq, int) and seq <= ready_seq


def frame(event: JsonDict) -> str:
    return json.dumps(event, ensure_ascii=False, separators=(",", ":"))
