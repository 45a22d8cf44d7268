"""Stored first, then pushed (docs/realtime.md): after a batch that wrote notifications commits, each one that
landed is published to the cabinet's hub for the people who take its type live.

A failed push loses nothing: the notification is stored, and a dashboard that reconnects asks for what it missed
since the last `seq` it saw. So a hub error is logged, never raised into the use case that already committed.
"""

from __future__ import annotations

import logging

from d1.notifications import Notifications
from domain.notifications import Notification
from services.context import AppContext
from services.ports import JsonDict

log = logging.getLogger("poste.push")


def notification_frame(notification: Notification, *, replay: bool = False) -> JsonDict:
    """The frame a dashboard receives for one notification, live or replayed (docs/realtime.md)."""
    return {
        "type": "notification",
        "seq": notification.seq,
        "replay": replay,
        "notification": {
            "id": notification.id,
            "seq": notification.seq,
            "type": notification.type.value,
            "title": notification.title,
            "body": notification.body,
            "link": notification.link,
            "dossier_id": notification.dossier_id,
            "subject_id": notification.subject_id,
            "created_at": notification.created_at,
            "read_at": notification.read_at,
        },
    }


async def push_stored(ctx: AppContext, cabinet_id: str, notification_ids: list[str]) -> int:
    """Publishes the stored notifications among `notification_ids`, in `seq` order; returns the sockets reached."""
    reached = 0
    try:
        for notification, people in await Notifications(ctx.db, cabinet_id).pushable(notification_ids):
            if people:
                reached += await ctx.hub.publish(cabinet_id, {**notification_frame(notification), "to": people})
    except Exception:  # the write is committed; dashboards catch up on reconnect
        log.exception("push of %d notification(s) to cabinet %s failed", len(notification_ids), cabinet_id)
    return reached


async def close_session_sockets(ctx: AppContext, cabinet_id: str, session_ids: list[str]) -> int:
    """Closes (4003) the dashboards opened with sessions that just ended; returns how many. Called after the commit
    that ended them: a hub error is logged, not raised (the sessions are ended; every request with them fails)."""
    closed = 0
    try:
        for session_id in session_ids:
            closed += await ctx.hub.disconnect_session(cabinet_id, session_id)
    except Exception:
        log.exception("closing the dashboards of %d session(s) of cabinet %s failed", len(session_ids), cabinet_id)
    return closed
