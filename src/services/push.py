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

MAX_REPLAY = 200  # more missed than this: a `resync` instead, the dashboard reloads its lists over HTTP
RESYNC_REASON = "trop d'événements manqués"


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


async def replay_frames(ctx: AppContext, cabinet_id: str, person_id: str, since: int) -> list[JsonDict]:
    """The frames a dashboard connecting with `since` gets before anything live (docs/realtime.md): the
    notifications it missed, oldest first, or a `resync` past MAX_REPLAY; then `ready`. `since` 0: only `ready`."""
    notifications = Notifications(ctx.db, cabinet_id)
    if since == 0:
        return [ready_frame(await notifications.last_seq(person_id), 0)]
    missed = await notifications.missed(person_id, since, limit=MAX_REPLAY + 1)
    if len(missed) > MAX_REPLAY:
        resync: JsonDict = {"type": "resync", "reason": RESYNC_REASON}
        return [resync, ready_frame(max(since, await notifications.last_seq(person_id)), 0)]
    frames = [notification_frame(note, replay=True) for note in missed]
    return [*frames, ready_frame(max([since, *(note.seq for note in missed)]), len(missed))]


def ready_frame(last_seq: int, replayed: int) -> JsonDict:
    """Sent once per connection, after the replay: `last_seq` is the highest `seq` the person has been sent."""
    return {"type": "ready", "last_seq": last_seq, "replayed": replayed}


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


async def push_read(ctx: AppContext, cabinet_id: str, person_id: str, frame: JsonDict) -> int:
    """Publishes a `read` frame (docs/realtime.md) to the person's own sockets, so that their other tabs update; a
    failure is logged (the read is committed; a tab catches up when it reloads its list)."""
    try:
        return await ctx.hub.publish(cabinet_id, {**frame, "type": "read", "to": [person_id]})
    except Exception:
        log.exception("push of a read frame to cabinet %s failed", cabinet_id)
        return 0


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


async def close_person_sockets(ctx: AppContext, cabinet_id: str, person_id: str) -> int:
    """Closes (4003) every dashboard of a person who lost access (deactivated); returns how many. Called after the
    commit: a hub error is logged, not raised (the person is deactivated; every request of theirs fails)."""
    try:
        return await ctx.hub.disconnect(cabinet_id, person_id)
    except Exception:
        log.exception("closing the dashboards of a person of cabinet %s failed", cabinet_id)
        return 0
