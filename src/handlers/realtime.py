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


async def cabinet_for_socket(ctx: AppContext, headers: Mapping[str, str]) -> str | None:
    session = await find_session(ctx, headers)
    return session.cabinet_id if session else None


def frame(event: JsonDict) -> str:
    return json.dumps(event, ensure_ascii=False, separators=(",", ":"))
