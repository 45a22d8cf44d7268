"""Realtime push, shared by the Durable Object (entry.py) and the local hub's WebSocket route.

A dashboard connects to `/api/realtime` with its session; the cabinet comes from the session, never from the URL.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from services.context import AppContext
from services.ports import JsonDict
from services.sessions import find_session

PATH = "/api/realtime"


# Close code of a socket whose person lost access (deactivated): 4000-4999 are the application's own (RFC 6455).
ACCESS_WITHDRAWN = 4003
ACCESS_WITHDRAWN_REASON = "Accès retiré."


async def socket_owner(ctx: AppContext, headers: Mapping[str, str], scheme: str) -> tuple[str, str] | None:
    """The cabinet and person of the session a dashboard connects with, or None: no session, a page of another
    origin (browsers send the cookie with a cross-site WebSocket upgrade), or a person whose cabinet requires a
    second factor they have not set up yet (every other route is closed to them too)."""
    origin = headers.get("origin")
    if origin is not None and origin != f"{scheme}://{headers.get('host', '')}":
        return None
    session = await find_session(ctx, headers)
    if session is None or (session.totp_required and not session.totp_enabled):
        return None
    return session.cabinet_id, session.actor.id


def frame(event: JsonDict) -> str:
    return json.dumps(event, ensure_ascii=False, separators=(",", ":"))
